"""Where the project's data and database live (overridable for tests and benchmarks)."""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def data_root() -> Path:
    """The folder holding data/ : the project, or ENVDASH_ROOT for a test or benchmark data set."""
    return _data_root(os.environ.get("ENVDASH_ROOT"))


def database_path() -> Path:
    return _database_path(os.environ.get("ENVDASH_DB"), os.environ.get("ENVDASH_ROOT"))


# Resolved once per setting: every query asks, and resolving a path touches the disk.
@lru_cache(maxsize=64)
def _data_root(root: str | None) -> Path:
    return Path(PROJECT_ROOT if root is None else root).resolve()


@lru_cache(maxsize=64)
def _database_path(database: str | None, root: str | None) -> Path:
    return Path(_data_root(root) / "data" / "envdash.duckdb" if database is None else database).resolve()
