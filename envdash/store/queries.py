"""Named SQL questions in queries/*.sql, run with parameters, cached per database version."""
from __future__ import annotations

import inspect
from functools import lru_cache, wraps
from pathlib import Path

import pandas as pd

from envdash.core.paths import PROJECT_ROOT, database_path
from envdash.store import db
from envdash.store.result_cache import byte_bounded_cache

QUERY_DIR = PROJECT_ROOT / "queries"
# Query results kept for reruns, in bytes: every page's results at 200,000 figures fit several
# times over, and the server's memory no longer grows with each new selection.
RESULT_CACHE_BYTES = 64 * 2**20


@lru_cache(maxsize=None)
def query_text(name: str) -> str:
    """The SQL of a named query; names come from code, never from the URL."""
    path = QUERY_DIR / f"{name}.sql"
    if path.parent != QUERY_DIR or not path.is_file():
        raise KeyError(f"no query named {name!r}")
    return path.read_text(encoding="utf-8")


def _run(name: str, params: tuple, db_file: str) -> pd.DataFrame:
    cursor = db.connection(Path(db_file))
    try:
        bound = {key: list(value) if isinstance(value, tuple) else value for key, value in params}
        return cursor.execute(query_text(name), bound).df()
    finally:
        cursor.close()


@byte_bounded_cache(RESULT_CACHE_BYTES)
def _cached(name: str, params: tuple, db_file: str, version) -> pd.DataFrame:
    return _run(name, params, db_file)


def _frozen(params: dict) -> tuple:
    # lists become tuples so the parameters can key the cache
    return tuple(sorted((key, tuple(value) if isinstance(value, list) else value) for key, value in params.items()))


def run_query(name: str, **params) -> pd.DataFrame:
    """Run queries/<name>.sql with `params` bound as $name parameters; a fresh copy each call."""
    db_file = database_path()
    return _cached(name, _frozen(params), str(db_file), db.database_version(db_file)).copy()


def run_query_uncached(name: str, **params) -> pd.DataFrame:
    """Run a query without keeping its result: for a large result needed once, such as a download."""
    return _run(name, _frozen(params), str(database_path()))


_views: list = []


# Views remembered per view function, by default. Most views are a chart and a small table; one that
# can hold much more (every target of every city is tens of megabytes) asks for fewer entries.
VIEW_ENTRIES = 32


def cached_view(function=None, *, entries: int = VIEW_ENTRIES):
    """Memoize a view built from queries, keyed on its arguments and the database file's version.

    A rerun with the same selections then costs a dictionary look-up instead of the pandas and
    Plotly work. The result is shared by every session: callers must not change it. Lists among
    the arguments are passed on as tuples. At most `entries` are kept, the least recently used
    going first, and a new database version drops those of the old one.
    """
    if function is None:
        return lambda decorated: cached_view(decorated, entries=entries)
    signature = inspect.signature(function)

    @lru_cache(maxsize=entries)
    def memo(database, *args):
        return function(*args)

    positional = len(signature.parameters)
    current = {"database": None}

    @wraps(function)
    def view(*args, **kwargs):
        if kwargs or len(args) != positional:   # f(a, b=1) and f(a, 1) are one entry
            bound = signature.bind(*args, **kwargs)
            bound.apply_defaults()
            args = bound.args
        frozen = tuple(tuple(arg) if isinstance(arg, list) else arg for arg in args)
        db_file = database_path()
        database = (str(db_file), db.database_version(db_file))
        if current["database"] != database:
            # views of a rebuilt (or another) database are never asked for again: free them now
            current["database"] = database
            memo.cache_clear()
        return memo(database, *frozen)

    view.cache_clear = memo.cache_clear
    _views.append(memo)
    return view


def clear_caches() -> None:
    """Forget every cached query result and view (benchmarks measure cold runs with it)."""
    _cached.cache_clear()
    for memo in _views:
        memo.cache_clear()
