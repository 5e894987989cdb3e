"""Worker: build the database once in this fresh process; print time, CPU and peak memory as JSON.

    python bench/build.py ROOT DB
"""
from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _cpu() -> float:
    return sum(usage.ru_utime + usage.ru_stime for usage in
               (resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)))


def summary_workers() -> int:
    """How many processes read the files: 1 when the machine was busy (load ≥ cores) or small data."""
    from envdash.core import worker_pool
    return worker_pool.most_workers


def main() -> None:
    root, db_path = Path(sys.argv[1]), Path(sys.argv[2])
    from envdash.store.build import build_database  # imported before the clock starts, as the app has it
    before = _cpu()
    started = time.perf_counter()
    summary = build_database(root, db_path, full=True)   # not the rebuild of what changed
    seconds = time.perf_counter() - started
    print(json.dumps({
        "seconds": seconds,
        "cpu": _cpu() - before,   # this process and its workers
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,   # Linux reports KiB
        "workers": summary_workers(),
        "figures": summary.figures, "derived": summary.derived, "directives": summary.directives,
        "db_mb": db_path.stat().st_size / 2**20,
    }))


if __name__ == "__main__":
    main()
