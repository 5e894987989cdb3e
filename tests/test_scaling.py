"""What keeps the app fast with every prefecture-level city: caches, the fast YAML reader, cheap checks."""
import os
import shutil
import sys
import time

import duckdb
import pandas as pd

from envdash.analysis.overview import CARDS_PER_PART, part_bounds, parts
from envdash.core.paths import PROJECT_ROOT
from envdash.curation.source_text import SourceText
from envdash.curation.yaml_files import _fast_read, read_yaml
from envdash.present.selections import DEFAULT_PLACES, places_spec
from envdash.store import freshness
from envdash.store.build import build_database
from envdash.store.freshness import ensure_fresh
from envdash.store.queries import cached_view

sys.path.insert(0, str(PROJECT_ROOT / "bench"))


def test_a_view_is_made_once_per_database_version(tmp_path, monkeypatch):
    database = tmp_path / "envdash.duckdb"
    database.write_bytes(b"first build")
    monkeypatch.setenv("ENVDASH_DB", str(database))
    calls = []

    @cached_view
    def view(place: str, years: list[int]) -> int:
        calls.append(place)
        return len(calls)

    assert view("ningbo", [2022]) == view("ningbo", years=[2022]) == 1
    rebuilt = tmp_path / "rebuilt"
    rebuilt.write_bytes(b"second build")
    os.replace(rebuilt, database)   # as the build swaps in a new file
    assert view("ningbo", [2022]) == 2


PLAIN = """# a curated file
source: ningbo_2025_midyear
figures:
  - place: ningbo
    period: "2025-01..2025-07"
    value: 29.5
    total: 3
    change: {value: -1.46, unit: "%", basis: relative}
    comparator: "<="
    draft: false
    published: 2024-03-28
    note: ~
directives:
  - theme: air
    numbers: [6, 1.5]
    place:
"""


def _read(tmp_path, text):
    path = tmp_path / "file.yaml"
    path.write_text(text, encoding="utf-8")
    return read_yaml(path, "file.yaml")[0]


def test_fast_yaml_reader_gives_what_the_full_reader_gives(tmp_path, monkeypatch):
    fast = _read(tmp_path, PLAIN)
    monkeypatch.setattr("envdash.curation.yaml_files._fast_read", lambda text: None)
    full = _read(tmp_path, PLAIN)
    assert fast.data == full.data
    assert fast.lines == full.lines
    assert fast.lines.field_line("figures", 0, "change.basis") == 8


def test_fast_yaml_reader_leaves_tags_aliases_and_repeated_keys_to_the_full_reader():
    for text in ("a: !!str 1\n", "a: &x 1\nb: *x\n", "a: 1\na: 2\n", "<<: {a: 1}\n", "? [1]\n: 2\n", "---\na: 1\n---\nb: 2\n"):
        assert _fast_read(text) is None, text


def test_quote_spans_map_back_across_whitespace_runs():
    text = "全年 空气\n\n  质量指数4.74,同比下降1.46%"
    [(start, end)] = SourceText(text).find_all("空气质量指数 4.74")
    assert (start, end) == (text.index("空气"), text.index(",同比"))


def test_checks_read_the_watchers_last_look_and_an_edit_is_noticed_once_it_looks_again(tmp_path):
    root = tmp_path / "project"
    shutil.copytree(PROJECT_ROOT / "data", root / "data", ignore=shutil.ignore_patterns("envdash.duckdb*", "*.lock"))
    db_path = root / "data" / "envdash.duckdb"
    assert ensure_fresh(root, db_path, recheck_after=0.5).status == "rebuilt"
    time.sleep(1.2)   # the watcher has looked again since the build
    assert ensure_fresh(root, db_path, recheck_after=0.5).status == "current"
    note = root / "data" / "curated" / "baoding_2024_meeting.yaml"
    note.write_text(note.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    statuses = []
    deadline = time.monotonic() + 10
    while "rebuilt" not in statuses and time.monotonic() < deadline:
        statuses.append(ensure_fresh(root, db_path, recheck_after=0.5).status)
        time.sleep(0.05)
    assert statuses[-1] == "rebuilt" and set(statuses[:-1]) <= {"current"}
    assert ensure_fresh(root, db_path, recheck_after=0.5).status == "current"


def test_a_check_between_looks_does_not_look_at_the_files(tmp_path, monkeypatch):
    root = tmp_path / "project"
    shutil.copytree(PROJECT_ROOT / "data", root / "data", ignore=shutil.ignore_patterns("envdash.duckdb*", "*.lock"))
    db_path = root / "data" / "envdash.duckdb"
    assert ensure_fresh(root, db_path, recheck_after=60).status == "rebuilt"
    looks = []
    monkeypatch.setattr(freshness, "_signature", lambda *args: looks.append(args))
    for _ in range(20):
        assert ensure_fresh(root, db_path, recheck_after=60).status == "current"
    assert looks == []


def test_overview_splits_many_places_into_parts_that_cover_each_card_once():
    assert parts(CARDS_PER_PART) == ("0",)
    assert len(parts(340)) == -(-340 // CARDS_PER_PART)
    shown = [index for part in parts(340) for index in range(*part_bounds(int(part), 340))]
    assert shown == list(range(340))


def test_places_chosen_by_default_are_the_first_few():
    places = pd.DataFrame({"place_id": [f"city{index:03d}" for index in range(340)]})
    spec = places_spec(places)
    assert spec.default == tuple(places.place_id[:DEFAULT_PLACES])
    assert len(spec.choices) == 340


def test_benchmark_data_builds_with_every_number_accounted_for(tmp_path):
    from generate import generate
    written = generate(tmp_path, 700)
    summary = build_database(tmp_path, tmp_path / "envdash.duckdb")
    assert summary.figures - summary.derived == written["figures"] == 700
    with duckdb.connect(str(tmp_path / "envdash.duckdb"), read_only=True) as connection:
        assert connection.execute("SELECT sum(unaccounted) FROM coverage").fetchone()[0] == 0
        assert connection.execute("SELECT count(DISTINCT place_id) FROM figures").fetchone()[0] == 340


def test_a_build_over_many_files_reports_how_far_it_has_got(tmp_path, monkeypatch):
    from generate import generate

    from envdash.core import worker_pool
    monkeypatch.setattr(worker_pool, "PROGRESS_EVERY_SECONDS", 0.0)
    written = generate(tmp_path, 700)
    messages = []

    build_database(tmp_path, tmp_path / "envdash.duckdb", progress=messages.append)

    files = len(list((tmp_path / "data" / "curated").glob("*.yaml")))
    read = [m for m in messages if "curated files read" in m]
    checked = [m for m in messages if "reports checked for coverage" in m]
    assert len(read) > 1 and read[-1].endswith(f"{files:,} of {files:,}")
    assert len(checked) > 1 and checked[-1].endswith(f"{written['sources']:,} of {written['sources']:,}")
    assert messages.index(read[-1]) < messages.index(checked[0])
