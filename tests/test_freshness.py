"""The app's database follows the data files: one rebuild per change, a broken edit keeps the last good one."""
import shutil
import threading
from pathlib import Path

import pytest

from envdash.core.paths import PROJECT_ROOT
from envdash.store import db
from envdash.store.build import database_fingerprint, input_fingerprint
from envdash.store.freshness import ensure_fresh


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A copy of the project's data folder to edit freely."""
    root = tmp_path / "project"
    shutil.copytree(PROJECT_ROOT / "data", root / "data", ignore=shutil.ignore_patterns("envdash.duckdb*", "*.lock"))
    return root


def _edit_a_note(root: Path) -> None:
    path = root / "data" / "curated" / "baoding_2024_meeting.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")


def test_missing_database_is_built(data_copy):
    db_path = data_copy / "data" / "envdash.duckdb"
    assert ensure_fresh(data_copy, db_path).status == "rebuilt"
    assert database_fingerprint(db_path) == input_fingerprint(data_copy)


def test_many_sessions_at_once_rebuild_only_once(data_copy):
    db_path = data_copy / "data" / "envdash.duckdb"
    ensure_fresh(data_copy, db_path)
    _edit_a_note(data_copy)
    results = []
    threads = [threading.Thread(target=lambda: results.append(ensure_fresh(data_copy, db_path).status))
               for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count("rebuilt") == 1
    assert set(results) == {"rebuilt", "current"}


def test_broken_edit_keeps_the_last_good_database_and_names_the_file(data_copy):
    db_path = data_copy / "data" / "envdash.duckdb"
    ensure_fresh(data_copy, db_path)
    before = db_path.read_bytes()
    broken = data_copy / "data" / "curated" / "cixi_2022_plan.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("value: 29", "value: .nan", 1), encoding="utf-8")
    result = ensure_fresh(data_copy, db_path)
    assert result.status == "failed"
    assert any(problem.file == "data/curated/cixi_2022_plan.yaml" for problem in result.problems)
    assert db_path.read_bytes() == before


def test_rebuilt_database_is_really_read_by_the_open_connection(data_copy):
    db_path = data_copy / "data" / "envdash.duckdb"
    ensure_fresh(data_copy, db_path)
    cursor = db.connection(db_path)
    before = cursor.execute("SELECT count(*) FROM directives").fetchone()[0]
    cursor.close()
    path = data_copy / "data" / "curated" / "jiangsu_2024_12_meeting.yaml"
    text = path.read_text(encoding="utf-8")
    first = text.index("  - theme:")
    second = text.index("  - theme:", first + 1)
    path.write_text(text[:first] + text[second:], encoding="utf-8")  # drop the first directive
    assert ensure_fresh(data_copy, db_path).status == "rebuilt"
    cursor = db.connection(db_path)
    after = cursor.execute("SELECT count(*) FROM directives").fetchone()[0]
    cursor.close()
    db.close()
    assert after == before - 1
