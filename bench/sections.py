"""BENCHMARKS.md is written by two measurers: bench/run.py (everything else) and the many-users
browser test (its own section between markers). Each replaces only its part; the file keeps ending
with the line `worst warm page/floor ratio: X`."""
from __future__ import annotations

from pathlib import Path

SECTION_START, SECTION_END = "<!-- many-users:start -->", "<!-- many-users:end -->"


def many_users_section(text: str) -> str | None:
    """The many-users section of a BENCHMARKS.md text, markers included, or None."""
    if SECTION_START not in text or SECTION_END not in text:
        return None
    return SECTION_START + text.split(SECTION_START, 1)[1].split(SECTION_END, 1)[0] + SECTION_END


def _before_first_table(text: str, section: str) -> str:
    """`section` put in before the first "## " heading of `text` (at its end if there is none)."""
    head, found, rest = text.partition("\n## ")
    if not found:
        return text.rstrip() + "\n\n" + section + "\n"
    return head.rstrip() + "\n\n" + section + "\n\n## " + rest


def with_many_users(text: str, body: str) -> str:
    """`text` (a BENCHMARKS.md) with its many-users section replaced by `body`, or added."""
    section = f"{SECTION_START}\n{body.rstrip()}\n{SECTION_END}"
    old = many_users_section(text)
    return text.replace(old, section) if old else _before_first_table(text, section)


def keep_many_users(old_text: str, new_text: str) -> str:
    """A new bench/run.py report, keeping the many-users section of the file it replaces."""
    old = many_users_section(old_text)
    return _before_first_table(new_text, old) if old else new_text


def write_many_users(body: str, path: Path) -> None:
    current = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    path.write_text(with_many_users(current, body), encoding="utf-8")
