"""A rebuild after a few files changed gives exactly the database a full build gives, and a failed one
changes nothing."""
from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import duckdb
import pytest
import yaml

from envdash.core.paths import PROJECT_ROOT
from envdash.core.problems import CurationFailed
from envdash.store.build import build_database

JIAXING = "data/curated/jiaxing_2022_review_2023_plan.yaml"
NINGBO = "data/curated/ningbo_2025_midyear.yaml"
BAODING_IGNORE = "data/coverage_ignore/baoding.yaml"


@pytest.fixture(scope="module")
def built_copy(tmp_path_factory) -> Path:
    """The project's data, fully built once; each test starts from a copy of both."""
    root = tmp_path_factory.mktemp("base") / "project"
    shutil.copytree(PROJECT_ROOT / "data", root / "data", ignore=shutil.ignore_patterns("envdash.duckdb*", "*.lock"))
    assert build_database(root, root / "data" / "envdash.duckdb").kind == "full"
    return root


@pytest.fixture
def root(built_copy, tmp_path) -> Path:
    copy = tmp_path / "project"
    shutil.copytree(built_copy, copy)
    return copy


def _db(root: Path) -> Path:
    return root / "data" / "envdash.duckdb"


def _tables(db_path: Path) -> dict[str, list[tuple]]:
    """Every table's rows, sorted (a rebuild appends where a full build writes in file order); the
    time of the build aside."""
    with duckdb.connect(str(db_path), read_only=True) as connection:
        names = [name for (name,) in connection.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' ORDER BY 1").fetchall()]
        return {name: connection.execute(
            f'SELECT * {"EXCLUDE (built_at)" if name == "build_info" else ""} FROM "{name}" ORDER BY ALL').fetchall()
            for name in names}


def _assert_same_as_a_full_build(root: Path, tmp_path: Path) -> dict[str, list[tuple]]:
    full_db = tmp_path / "full.duckdb"
    assert build_database(root, full_db, full=True).kind == "full"
    delta, full = _tables(_db(root)), _tables(full_db)
    assert delta.keys() == full.keys()
    for name in full:
        assert delta[name] == full[name], f"table {name} differs from a full build's"
    return full


def _rebuild(root: Path) -> str:
    return build_database(root, _db(root)).kind


def _records(root: Path, relative: str) -> dict:
    return yaml.safe_load((root / relative).read_text(encoding="utf-8"))


def _write(root: Path, relative: str, data: dict) -> None:
    (root / relative).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000),
                                 encoding="utf-8")


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_an_edited_curated_file_is_rebuilt_alone_and_equals_a_full_build(root, tmp_path):
    with duckdb.connect(str(_db(root)), read_only=True) as connection:
        # an actual of this file that a target is measured against: its attainment must follow
        metric, period = connection.execute(
            "SELECT f.metric_id, f.period_label FROM attainment a JOIN figures f ON f.figure_id IN (a.actual_id, a.previous_actual_id) "
            "WHERE f.file = ? AND NOT f.is_derived ORDER BY 1, 2 LIMIT 1", [JIAXING]).fetchall()[0]
    data = _records(root, JIAXING)
    data["figures"] = [record for record in data["figures"] if not (
        record["kind"] == "actual" and record["metric"] == metric and str(record["period"]) == period)]
    data["directives"][0]["summary_en"] = "Edited summary."
    _write(root, JIAXING, data)
    before = _tables(_db(root))
    assert _rebuild(root) == "delta"
    after = _assert_same_as_a_full_build(root, tmp_path)
    assert after["attainment"] != before["attainment"] and after["directives"] != before["directives"]


def test_an_added_file_for_a_report_already_curated_equals_a_full_build(root, tmp_path):
    data = _records(root, JIAXING)
    moved = data["figures"][len(data["figures"]) // 2:]
    data["figures"] = data["figures"][:len(data["figures"]) // 2]
    _write(root, JIAXING, data)
    _write(root, "data/curated/jiaxing_more.yaml", {"source": data["source"], "figures": moved})
    assert _rebuild(root) == "delta"
    tables = _assert_same_as_a_full_build(root, tmp_path)
    files = {row[0] for row in tables["build_inputs"] if row[2] == "curated"}
    assert "data/curated/jiaxing_more.yaml" in files


def test_a_removed_file_takes_its_rows_away_as_a_full_build_does(root, tmp_path):
    (root / NINGBO).unlink()
    assert _rebuild(root) == "delta"
    tables = _assert_same_as_a_full_build(root, tmp_path)
    assert [row for row in tables["figures"] if NINGBO in row] == []
    assert NINGBO not in {row[0] for row in tables["build_inputs"]}


def test_a_changed_report_text_recounts_its_coverage_as_a_full_build_does(root, tmp_path):
    text = root / "data" / "sources" / "000_91e22d9413e8a5df.txt"
    before = _tables(_db(root))["unaccounted_numbers"]
    text.write_text(text.read_text(encoding="utf-8") + "\n另有新建站点37个。\n", encoding="utf-8")
    assert _rebuild(root) == "delta"
    after = _assert_same_as_a_full_build(root, tmp_path)["unaccounted_numbers"]
    assert len(after) == len(before) + 1 and any(row[2] == "37" for row in after)


def test_a_changed_ignore_list_recounts_its_report_as_a_full_build_does(root, tmp_path):
    data = _records(root, BAODING_IGNORE)
    dropped = data["ignore"].pop(0)
    _write(root, BAODING_IGNORE, data)
    assert _rebuild(root) == "delta"
    unaccounted = _assert_same_as_a_full_build(root, tmp_path)["unaccounted_numbers"]
    assert any(row[2] == str(dropped["number"]) for row in unaccounted)


def test_a_catalogue_change_rebuilds_everything_and_equals_a_full_build(root, tmp_path):
    path = root / "data" / "metrics" / "core.yaml"
    text = path.read_text(encoding="utf-8")
    name = yaml.safe_load(text)["metrics"][0]["name_en"]
    path.write_text(text.replace(name, name + " (renamed)", 1), encoding="utf-8")
    assert _rebuild(root) == "full"
    _assert_same_as_a_full_build(root, tmp_path)


def test_rebuilds_one_after_another_stay_equal_to_a_full_build(root, tmp_path):
    data = _records(root, JIAXING)
    for _ in range(2):
        data["figures"].pop()
        _write(root, JIAXING, data)
        assert _rebuild(root) == "delta"
        _assert_same_as_a_full_build(root, tmp_path)


def test_a_database_built_by_other_code_is_rebuilt_in_full(root, monkeypatch):
    monkeypatch.setattr("envdash.store.delta.code_digest", lambda: "other code")
    (root / NINGBO).write_text((root / NINGBO).read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    assert _rebuild(root) == "full"


def test_a_failed_rebuild_leaves_the_database_untouched_and_finds_what_a_full_build_finds(root, tmp_path):
    before = _digest(_db(root))
    data = _records(root, NINGBO)
    data["figures"][0]["place"] = "ningbbo"
    _write(root, NINGBO, data)
    with pytest.raises(CurationFailed) as delta:
        _rebuild(root)
    with pytest.raises(CurationFailed) as full:
        build_database(root, tmp_path / "full.duckdb", full=True)
    assert [str(problem) for problem in delta.value.problems] == [str(problem) for problem in full.value.problems]
    assert "unknown place 'ningbbo'" in str(delta.value.problems[0])
    assert _digest(_db(root)) == before
    assert sorted(path.name for path in _db(root).parent.iterdir() if path.name.startswith(".")) == []


def test_a_duplicate_across_files_is_found_by_a_rebuild_as_by_a_full_build(root, tmp_path):
    before = _digest(_db(root))
    ningbo = _records(root, NINGBO)
    _write(root, "data/curated/ningbo_again.yaml", {"source": ningbo["source"], "figures": ningbo["figures"][:1]})
    with pytest.raises(CurationFailed) as delta:
        _rebuild(root)
    with pytest.raises(CurationFailed) as full:
        build_database(root, tmp_path / "full.duckdb", full=True)
    assert [str(problem) for problem in delta.value.problems] == [str(problem) for problem in full.value.problems]
    assert any("duplicate figure" in problem.message for problem in delta.value.problems)
    assert _digest(_db(root)) == before


def test_a_rebuild_that_fails_while_writing_leaves_the_database_untouched(root, monkeypatch):
    before = _digest(_db(root))
    (root / NINGBO).write_text((root / NINGBO).read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")

    def broken(connection, frames):
        raise OSError("disk full")

    monkeypatch.setattr("envdash.store.delta.insert", broken)
    with pytest.raises(OSError):
        _rebuild(root)
    assert _digest(_db(root)) == before
    assert [path.name for path in _db(root).parent.iterdir() if path.name.endswith(".tmp")] == []
