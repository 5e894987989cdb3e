"""One read-only DuckDB connection per database file version, reopened when the file is rebuilt."""
from __future__ import annotations

import threading
from pathlib import Path

import duckdb

# DuckDB's own default is 80% of the machine's memory, which it may keep as buffers for as long as the
# process runs. At 200,000 figures the largest page query works within 96 MB (the Data table; the
# newest actuals and the target list within 64 MB): this limit leaves room for several times that
# many figures while keeping DuckDB's share of the server bounded. A download of every figure reads
# in pieces (data_table.all_figures) because one sorted read of them all would not fit.
SET_MEMORY_LIMIT = "SET memory_limit = '512MB'"

_lock = threading.Lock()
_open: dict[str, object] = {"key": None, "connection": None}


def database_version(db_path: Path) -> tuple[int, int, int] | None:
    """Identity of the file now at `db_path`: a rebuild swaps in a new inode."""
    try:
        stat = db_path.stat()
    except FileNotFoundError:
        return None
    return stat.st_ino, stat.st_mtime_ns, stat.st_size


def connection(db_path: Path):
    """A cursor on the current database file.

    DuckDB keeps one instance per path in the process; a rebuilt file at the same path would be
    served from the stale instance unless the old connection is closed first, so it is.
    """
    key = (str(db_path), database_version(db_path))
    with _lock:
        if _open["key"] != key:
            if _open["connection"] is not None:
                _open["connection"].close()
            connection = duckdb.connect(str(db_path), read_only=True)
            # SET rather than connect(config=...): the build's fingerprint check opens the same file
            # with default settings, and DuckDB refuses a second connection with different ones
            connection.execute(SET_MEMORY_LIMIT)
            _open["connection"] = connection
            _open["key"] = key
        return _open["connection"].cursor()


def close() -> None:
    with _lock:
        if _open["connection"] is not None:
            _open["connection"].close()
        _open.update(key=None, connection=None)
