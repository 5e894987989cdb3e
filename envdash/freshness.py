"""Keeping the database in step with the data files: rebuild once when an input changed."""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

from envdash.build import build_database, build_lock, database_fingerprint, input_files, input_fingerprint
from envdash.problems import CurationFailed, Problem


@dataclass
class Freshness:
    status: str                       # current | rebuilt | failed | missing
    problems: list[Problem] = field(default_factory=list)


_lock = threading.Lock()
_last: dict[str, object] = {"signature": None, "result": Freshness("current")}


def _signature(root: Path, db_path: Path) -> tuple:
    """Cheap stand-in for the content hash: names, sizes and times of the inputs and the database."""
    files = input_files(root) + [db_path]
    return tuple((str(path), *(lambda s: (s.st_size, s.st_mtime_ns))(path.stat())) if path.exists()
                 else (str(path), None, None) for path in files)


def ensure_fresh(root: Path, db_path: Path, on_rebuild=None) -> Freshness:
    """Rebuild `db_path` if the inputs changed since it was built; a failed build keeps the old file.

    `on_rebuild(message)` is called with progress messages when a build actually runs.
    """
    signature = _signature(root, db_path)
    if signature == _last["signature"]:
        return _last["result"]
    with _lock:
        if _signature(root, db_path) == _last["signature"]:
            return _last["result"]
        with build_lock(db_path):
            wanted = input_fingerprint(root)
            if database_fingerprint(db_path) == wanted:
                result = Freshness("current")
            else:
                try:
                    build_database(root, db_path, progress=on_rebuild)
                    result = Freshness("rebuilt")
                except CurationFailed as error:
                    result = Freshness("failed" if db_path.exists() else "missing", error.problems)
        # once announced, a successful rebuild is simply the current database
        remembered = Freshness("current") if result.status == "rebuilt" else result
        _last.update(signature=_signature(root, db_path), result=remembered)
        return result
