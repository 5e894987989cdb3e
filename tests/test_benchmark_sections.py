"""BENCHMARKS.md keeps the proxy-load section of bench/load.py beside the others' parts."""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from sections import PROXY_LOAD, keep_many_users, markers, with_many_users, write_section  # noqa: E402

USERS_START, USERS_END = markers("many-users")
LOAD_START, LOAD_END = markers(PROXY_LOAD)
RUN_REPORT = "# Benchmarks\n\nnew\n\n## Build\n\nworst warm page/floor ratio: 1.5\n"


def test_the_proxy_load_section_goes_after_the_many_users_section_and_before_the_tables(tmp_path):
    path = tmp_path / "BENCHMARKS.md"
    path.write_text(with_many_users(RUN_REPORT, "users"), encoding="utf-8")

    write_section(PROXY_LOAD, "load", path)

    assert path.read_text(encoding="utf-8") == (
        f"# Benchmarks\n\nnew\n\n{USERS_START}\nusers\n{USERS_END}\n\n{LOAD_START}\nload\n{LOAD_END}"
        "\n\n## Build\n\nworst warm page/floor ratio: 1.5\n")


def test_writing_the_proxy_load_section_again_replaces_only_it(tmp_path):
    path = tmp_path / "BENCHMARKS.md"
    path.write_text(with_many_users(RUN_REPORT, "users"), encoding="utf-8")
    write_section(PROXY_LOAD, "first", path)

    write_section(PROXY_LOAD, "second", path)

    text = path.read_text(encoding="utf-8")
    assert f"{LOAD_START}\nsecond\n{LOAD_END}" in text and "first" not in text
    assert f"{USERS_START}\nusers\n{USERS_END}" in text and text.endswith("worst warm page/floor ratio: 1.5\n")


def test_a_new_build_and_pages_report_keeps_both_marked_sections_in_order():
    old = (f"# Benchmarks\n\nold\n\n{USERS_START}\nusers\n{USERS_END}\n\n{LOAD_START}\nload\n{LOAD_END}\n\n"
           "## Build\n\nworst warm page/floor ratio: 9\n")

    kept = keep_many_users(old, RUN_REPORT)

    assert kept == (f"# Benchmarks\n\nnew\n\n{USERS_START}\nusers\n{USERS_END}\n\n{LOAD_START}\nload\n{LOAD_END}"
                    "\n\n## Build\n\nworst warm page/floor ratio: 1.5\n")


def test_without_a_many_users_section_the_proxy_load_section_goes_before_the_first_table(tmp_path):
    path = tmp_path / "BENCHMARKS.md"
    path.write_text(RUN_REPORT, encoding="utf-8")

    write_section(PROXY_LOAD, "load", path)

    assert path.read_text(encoding="utf-8") == (f"# Benchmarks\n\nnew\n\n{LOAD_START}\nload\n{LOAD_END}"
                                                "\n\n## Build\n\nworst warm page/floor ratio: 1.5\n")
