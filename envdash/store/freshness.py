"""Keeping the database in step with the data files: rebuild once when an input changed."""
from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from envdash.core.problems import CurationFailed, Problem
from envdash.store.build import INPUT_FOLDERS, build_database, build_lock, database_fingerprint, input_fingerprint


@dataclass
class Freshness:
    status: str                       # current | rebuilt | failed | missing
    problems: list[Problem] = field(default_factory=list)


_lock = threading.Lock()
_last: dict[str, object] = {"signature": None, "result": Freshness("current")}


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
    for folder, ending in INPUT_FOLDERS:
        try:
            with os.scandir(root / "data" / folder) as scan:
                names = sorted(entry.path for entry in scan if entry.name.endswith(ending))
        except FileNotFoundError:
            continue
        entries.extend(_stat(name) for name in names)
    entries.append(_stat(str(db_path)))
    return tuple(entries)


class _Watcher(threading.Thread):
    """Looks at the data files every `interval` seconds, off the request path.

    With every prefecture-level city the inputs are tens of thousands of files, and a look at them
    costs more than a page: pages read the watcher's last look instead.
    """

    def __init__(self, root: Path, db_path: Path, interval: float):
        super().__init__(daemon=True, name="envdash-freshness")
        self.root, self.db_path, self.interval = root, db_path, interval
        self.signature = _signature(root, db_path)   # the first look is made at once

    def run(self) -> None:
        while True:
            time.sleep(self.interval)
            try:
                self.signature = _signature(self.root, self.db_path)
            except OSError:   # a folder moved away mid-scan: look again next time
                continue


_watchers: dict[tuple, _Watcher] = {}


def _watched_signature(root: Path, db_path: Path, interval: float) -> tuple:
    key = (str(root), str(db_path), interval)
    with _lock:
        if key not in _watchers:
            _watchers[key] = _Watcher(root, db_path, interval)
            _watchers[key].start()
    return _watchers[key].signature


def _tell_watchers(root: Path, db_path: Path, signature: tuple) -> None:
    """A look just taken here (after a build, the database changed) saves the watchers theirs."""
    for (watched_root, watched_db, _), watcher in _watchers.items():
        if (watched_root, watched_db) == (str(root), str(db_path)):
            watcher.signature = signature


def ensure_fresh(root: Path, db_path: Path, on_rebuild=None, recheck_after: float = 0.0) -> Freshness:
    """Rebuild `db_path` if the inputs changed since it was built; a failed build keeps the old file.

    `on_rebuild(message)` is called with progress messages when a build actually runs. With
    `recheck_after` (seconds), the files are looked at by a background thread that often, and a
    check uses its last look: the app passes it so that reruns and many sessions at once cost no
    look at thousands of files; an edit is noticed within about that many seconds.
    """
    if recheck_after:
        signature = _watched_signature(root, db_path, recheck_after)
    else:
        signature = _signature(root, db_path)
    if signature == _last["signature"]:
        return _last["result"]
    with _lock:
        if _signature(root, db_path) == _last["signature"]:
            _tell_watchers(root, db_path, _last["signature"])
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
        _tell_watchers(root, db_path, _last["signature"])
        return result
