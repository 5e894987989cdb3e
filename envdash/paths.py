"""Where the project's data and database live (overridable for tests and benchmarks)."""
from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def data_root() -> Path:
    """The folder holding data/ : the project, or ENVDASH_ROOT for a test or benchmark data set."""
    return Path(os.environ.get("ENVDASH_ROOT", PROJECT_ROOT)).resolve()


def database_path() -> Path:
    return Path(os.environ.get("ENVDASH_DB", data_root() / "data" / "envdash.duckdb")).resolve()
