"""Running one build step over many items on every core, with results in the items' order."""
from __future__ import annotations

import multiprocessing
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor

# Below this many items a pool costs more than it saves (the seed data, the tests' fixtures).
MIN_ITEMS_FOR_POOL = 64

# What forked workers run: set just before the fork, so workers inherit it instead of being sent it.
_task = None
# The most processes a map in this process has used (1: it worked alone), for the benchmark's report.
most_workers = 1


def _available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:   # not Linux
        return os.cpu_count() or 1


def _fork_is_safe() -> bool:
    """Forking copies only the calling thread; a lock another thread holds would stay held forever
    in the worker. So a process with other Python threads (the app's server) works alone."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def _machine_is_busy(workers: int) -> bool:
    """Whether other work already keeps the cores busy (load average over the last minute). Then a
    second worker mostly competes for the same share of the processor (Linux shares it between
    sessions, not processes, when sessions are grouped) and adds the cost of sending results
    between processes: measured on a loaded 2-core machine, a fifth more CPU for no gain."""
    try:
        return os.getloadavg()[0] >= workers
    except OSError:   # no load average on this system
        return False


def _run(item):
    function, shared = _task
    return function(shared, item)


# Seconds between two progress reports of one long map.
PROGRESS_EVERY_SECONDS = 2.0


def _counted(results, total: int, progress):
    """The results as they come, calling progress(done, total) now and then and once at the end."""
    done, last = [], time.monotonic()
    for result in results:
        done.append(result)
        if progress is not None and time.monotonic() - last >= PROGRESS_EVERY_SECONDS:
            progress(len(done), total)
            last = time.monotonic()
    if progress is not None and total >= MIN_ITEMS_FOR_POOL:
        progress(len(done), total)
    return done


def map_in_order(function, shared, items: list, progress=None) -> list:
    """[function(shared, item) for item in items], spread over forked worker processes when that
    is safe and worth it (enough items, idle cores). Workers read `shared` from the memory they
    inherit; only items and results are pickled. The result is the same list either way.

    `progress(done, total)` hears how far a long map has got, every few seconds and at its end.
    """
    global _task, most_workers
    workers = min(_available_cores(), len(items))
    if (workers < 2 or len(items) < MIN_ITEMS_FOR_POOL or _task is not None or not _fork_is_safe()
            or _machine_is_busy(workers)):
        return _counted((function(shared, item) for item in items), len(items), progress)
    most_workers = max(most_workers, workers)
    _task = (function, shared)
    try:
        # an executor, not multiprocessing.Pool: a worker that dies (out of memory, killed) fails the
        # build with BrokenProcessPool instead of leaving it waiting for ever
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            # small chunks keep both cores busy to the end; files differ in size
            results = pool.map(_run, items, chunksize=max(1, len(items) // (workers * 8)))
            return _counted(results, len(items), progress)
    finally:
        _task = None
