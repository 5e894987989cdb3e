"""Keeping the database in step with the data files: rebuild once when an input changed."""
from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from envdash.build import build_database, build_lock, database_fingerprint, input_fingerprint
from envdash.problems import CurationFailed, Problem


@dataclass
class Freshness:
    status: str                       # current | rebuilt | failed | missing
    problems: list[Problem] = field(default_factory=list)


_lock = threading.Lock()
_last: dict[str, object] = {"signature": None, "result": Freshness("current"), "key": None, "checked": 0.0}
# The folders build.input_files reads, with the ending of the files it takes from each.
_INPUT_FOLDERS = (("", ".yaml"), ("metrics", ".yaml"), ("curated", ".yaml"), ("coverage_ignore", ".yaml"),
                  ("sources", ".txt"))


def _stat(path: str) -> tuple:
    try:
        stat = os.stat(path)
    except FileNotFoundError:
        return path, None, None
    return path, stat.st_size, stat.st_mtime_ns


def _signature(root: Path, db_path: Path) -> tuple:
    """Cheap stand-in for the content hash: names, sizes and times of the inputs and the database.

    One directory scan per folder: with thousands of reports, globbing and stat-ing Path objects
    cost more than the page it guards.
    """
    entries = []
    for folder, ending in _INPUT_FOLDERS:
        try:
            with os.scandir(root / "data" / folder) as scan:
                names = sorted(entry.path for entry in scan if entry.name.endswith(ending))
        except FileNotFoundError:
            continue
        entries.extend(_stat(name) for name in names)
    entries.append(_stat(str(db_path)))
    return tuple(entries)


def ensure_fresh(root: Path, db_path: Path, on_rebuild=None, recheck_after: float = 0.0) -> Freshness:
    """Rebuild `db_path` if the inputs changed since it was built; a failed build keeps the old file.

    `on_rebuild(message)` is called with progress messages when a build actually runs. With
    `recheck_after` (seconds), a check of the same folder that soon after the last one returns that
    one's result without looking at the files: the app passes it so that a burst of reruns, or many
    sessions at once, cost one look at thousands of files, not one each.
    """
    key = (str(root), str(db_path))
    if recheck_after and _last["key"] == key and time.monotonic() - _last["checked"] < recheck_after:
        return _last["result"]
    signature = _signature(root, db_path)
    if signature == _last["signature"]:
        _last["checked"] = time.monotonic()
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
        _last.update(signature=_signature(root, db_path), result=remembered, key=key, checked=time.monotonic())
        return result
