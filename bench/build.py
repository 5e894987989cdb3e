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


def main() -> None:
    root, db_path = Path(sys.argv[1]), Path(sys.argv[2])
    from envdash.store.build import build_database  # imported before the clock starts, as the app has it
    before = resource.getrusage(resource.RUSAGE_SELF)
    started = time.perf_counter()
    summary = build_database(root, db_path)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_SELF)
    print(json.dumps({
        "seconds": seconds,
        "cpu": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
        "peak_rss_mb": after.ru_maxrss / 1024,   # Linux reports KiB
        "figures": summary.figures, "derived": summary.derived, "directives": summary.directives,
        "db_mb": db_path.stat().st_size / 2**20,
    }))


if __name__ == "__main__":
    main()
