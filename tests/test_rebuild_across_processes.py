"""Several server processes share one database: a build made by one is not made again by another."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from envdash.core.paths import PROJECT_ROOT
from envdash.store.build import database_fingerprint, input_fingerprint
from envdash.store.freshness import ensure_fresh


@pytest.fixture
def built_copy(tmp_path) -> tuple[Path, Path]:
    """A copy of the project's data with its database built, as two replicas of a cluster find it."""
    root = tmp_path / "project"
    shutil.copytree(PROJECT_ROOT / "data", root / "data", ignore=shutil.ignore_patterns("envdash.duckdb*", "*.lock"))
    db_path = root / "data" / "envdash.duckdb"
    _build_in_another_process(root, db_path)
    return root, db_path


def _build_in_another_process(root: Path, db_path: Path) -> None:
    subprocess.run([sys.executable, "-m", "envdash", "--root", str(root), "--db", str(db_path), "build"],
                   cwd=PROJECT_ROOT, check=True, capture_output=True, timeout=300)


def _edit_a_note(root: Path) -> None:
    path = root / "data" / "curated" / "baoding_2024_meeting.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")


def test_the_fingerprint_is_read_from_the_file_now_there_while_this_process_holds_the_old_one_open(built_copy):
    root, db_path = built_copy
    held = duckdb.connect(str(db_path), read_only=True)   # as a server's cached connection
    old = database_fingerprint(db_path)
    _edit_a_note(root)

    _build_in_another_process(root, db_path)

    assert database_fingerprint(db_path) == input_fingerprint(root) != old
    held.close()


def test_a_server_that_finds_the_database_rebuilt_by_another_process_does_not_build_it_again(built_copy):
    root, db_path = built_copy
    held = duckdb.connect(str(db_path), read_only=True)
    ensure_fresh(root, db_path)               # this process has looked at the database once
    _edit_a_note(root)
    _build_in_another_process(root, db_path)  # the other replica won the race for the build lock
    swapped_in = db_path.stat().st_ino

    result = ensure_fresh(root, db_path)

    assert result.status == "current"
    assert db_path.stat().st_ino == swapped_in, "the database was built a second time"
    held.close()
