"""Named SQL questions in queries/*.sql, run with parameters, cached per database version."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from envdash import db
from envdash.paths import PROJECT_ROOT, database_path

QUERY_DIR = PROJECT_ROOT / "queries"


@lru_cache(maxsize=None)
def query_text(name: str) -> str:
    """The SQL of a named query; names come from code, never from the URL."""
    path = QUERY_DIR / f"{name}.sql"
    if path.parent != QUERY_DIR or not path.is_file():
        raise KeyError(f"no query named {name!r}")
    return path.read_text(encoding="utf-8")


@lru_cache(maxsize=1024)
def _cached(name: str, params: tuple, db_file: str, version) -> pd.DataFrame:
    cursor = db.connection(Path(db_file))
    try:
        bound = {key: list(value) if isinstance(value, tuple) else value for key, value in params}
        return cursor.execute(query_text(name), bound).df()
    finally:
        cursor.close()


def run_query(name: str, **params) -> pd.DataFrame:
    """Run queries/<name>.sql with `params` bound as $name parameters; a fresh copy each call."""
    db_file = database_path()
    # lists become tuples so the parameters can key the cache
    frozen = tuple(sorted((key, tuple(value) if isinstance(value, list) else value)
                          for key, value in params.items()))
    return _cached(name, frozen, str(db_file), db.database_version(db_file)).copy()
