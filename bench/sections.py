"""BENCHMARKS.md is written by several measurers: bench/run.py (everything else), the many-users
browser test and bench/load.py (the proxy load), each of the last two in its own section between
markers. Each replaces only its part; the file keeps ending with the line
`worst warm page/floor ratio: X`."""
from __future__ import annotations

from pathlib import Path

MANY_USERS, PROXY_LOAD = "many-users", "proxy-load"
# the marked sections, in the order they stand in the file; bench/run.py keeps them all
MARKED = (MANY_USERS, PROXY_LOAD)


def markers(name: str) -> tuple[str, str]:
    return f"<!-- {name}:start -->", f"<!-- {name}:end -->"


SECTION_START, SECTION_END = markers(MANY_USERS)


def marked_section(text: str, name: str) -> str | None:
    """The section `name` of a BENCHMARKS.md text, markers included, or None."""
    start, end = markers(name)
    if start not in text or end not in text:
        return None
    return start + text.split(start, 1)[1].split(end, 1)[0] + end


def many_users_section(text: str) -> str | None:
    return marked_section(text, MANY_USERS)


def _before_first_table(text: str, section: str) -> str:
    """`section` put in before the first "## " heading of `text` (at its end if there is none)."""
    head, found, rest = text.partition("\n## ")
    if not found:
        return text.rstrip() + "\n\n" + section + "\n"
    return head.rstrip() + "\n\n" + section + "\n\n## " + rest


def with_section(text: str, name: str, body: str) -> str:
    """`text` (a BENCHMARKS.md) with its section `name` replaced by `body`, or added after the
    marked sections before it in MARKED (before the first table when there are none)."""
    start, end = markers(name)
    section = f"{start}\n{body.rstrip()}\n{end}"
    old = marked_section(text, name)
    if old:
        return text.replace(old, section)
    earlier = [found for other in MARKED[:MARKED.index(name)] if (found := marked_section(text, other))]
    if earlier:
        head, _, rest = text.partition(earlier[-1])
        return head + earlier[-1] + "\n\n" + section + rest
    return _before_first_table(text, section)


def with_many_users(text: str, body: str) -> str:
    return with_section(text, MANY_USERS, body)


def keep_many_users(old_text: str, new_text: str) -> str:
    """A new bench/run.py report, keeping the marked sections (many users, proxy load) of the file it replaces."""
    kept = [found for name in MARKED if (found := marked_section(old_text, name))]
    return _before_first_table(new_text, "\n\n".join(kept)) if kept else new_text


def write_section(name: str, body: str, path: Path) -> None:
    current = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    path.write_text(with_section(current, name, body), encoding="utf-8")


def write_many_users(body: str, path: Path) -> None:
    write_section(MANY_USERS, body, path)
