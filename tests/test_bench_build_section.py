"""bench/run.py --only-builds replaces only its own section of BENCHMARKS.md."""
import sys

from envdash.core.paths import PROJECT_ROOT

sys.path.insert(0, str(PROJECT_ROOT / "bench"))

from rebuild import SECTION_END, SECTION_START, rebuild_rows, with_rebuild_section  # noqa: E402

FILE = """# Benchmarks

## Build

| old build table |

## Pages (AppTest)

| page table |

worst warm page/floor ratio: 2.06
"""

RESULT = {"size": "200000", "full_over_floor": 1.9,
          "build": {"seconds": 30.0, "cpu": 28.0, "workers": 1},
          "floor": {"seconds": 15.0, "cpu": 14.0, "fastest": "project reader"},
          "incremental": {"in_process": 1.5, "child": 3.0},
          "server": {"server_before_mb": 380.0, "server_after_mb": 381.0, "child_peak_mb": 250.0}}


def test_the_section_goes_before_the_pages_and_the_file_still_ends_with_the_worst_ratio():
    written = with_rebuild_section(FILE, rebuild_rows([RESULT]))
    assert written.index("## Build") < written.index(SECTION_START) < written.index("## Pages")
    assert written.rstrip().endswith("worst warm page/floor ratio: 2.06")


def test_a_second_run_replaces_the_section_and_keeps_everything_else():
    first = with_rebuild_section(FILE, rebuild_rows([RESULT]))
    faster = {**RESULT, "incremental": {"in_process": 0.6, "child": 2.4}}
    second = with_rebuild_section(first, rebuild_rows([faster]))
    assert second.count(SECTION_START) == second.count(SECTION_END) == 1
    assert "| **0.080** |" in second and "| **0.100** |" not in second   # app rebuild / full: 2.4/30, not 3/30
    assert second.replace(second[second.index(SECTION_START):second.index(SECTION_END)], "") == \
        first.replace(first[first.index(SECTION_START):first.index(SECTION_END)], "")


def test_ratios_come_first_with_seconds_beside():
    row = next(line for line in rebuild_rows([RESULT]).splitlines() if line.startswith("| 200000"))
    cells = [cell.strip() for cell in row.strip("|").split("|")]
    assert cells[1:5] == ["**1.90**", "2.00", "**0.050**", "**0.100**"]
    assert cells[5:7] == ["30.00", "15.00 (project reader)"]
    assert cells[-2:] == ["380 → 381", "250"]
