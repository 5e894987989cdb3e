"""Shared fixtures: `project` is a tiny, valid envdash project in a temporary folder."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fixture_project import CliServer, Project, make_project  # noqa: E402


@pytest.fixture(scope="session")
def cli_server():
    """One preloaded interpreter that forks a fresh process for each `python -m envdash` command."""
    server = CliServer()
    yield server
    server.close()


@pytest.fixture
def project(tmp_path, cli_server) -> Project:
    return make_project(tmp_path / "project", cli_server)


@pytest.fixture(scope="session")
def built_database(tmp_path_factory) -> Path:
    """The real curation built once per test session into a temporary database file."""
    from envdash.core.paths import PROJECT_ROOT
    from envdash.store.build import build_database

    db_path = tmp_path_factory.mktemp("db") / "envdash.duckdb"
    build_database(PROJECT_ROOT, db_path)
    return db_path


@pytest.fixture(scope="session", autouse=True)
def _app_reads_test_database(built_database):
    """Pages under AppTest read the session's test database, never the working copy's."""
    import os

    previous = os.environ.get("ENVDASH_DB")
    os.environ["ENVDASH_DB"] = str(built_database)
    yield
    if previous is None:
        os.environ.pop("ENVDASH_DB", None)
    else:
        os.environ["ENVDASH_DB"] = previous
