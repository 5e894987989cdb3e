"""Opt-in record of how long each script run of the app takes, measured inside the server.

With ENVDASH_RUN_TIMES=<file> set, every script run appends one JSON line to that file: when it
ended, the server's process id, the page, its duration and how it ended. Load tests read it to time
the server's own work, without the browsers' drawing on the same cores. Unset (the default), nothing
is timed or written.
"""
from __future__ import annotations

import json
import os
import time
from contextlib import contextmanager
from typing import Iterator

RUN_TIMES_ENV = "ENVDASH_RUN_TIMES"


def _ending(error: BaseException | None) -> str:
    """done | rerun (a page switch, or a rerun asked for before the run ended) | stop | error."""
    if error is None:
        return "done"
    name = type(error).__name__
    if name == "RerunException":
        return "rerun"
    if name == "StopException":
        return "stop"
    return "error"


def _append(path: str, record: dict) -> None:
    # one write of one short line to a file opened for appending: the replicas of a cluster write
    # to the same file, and such writes are not interleaved
    line = (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
    descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(descriptor, line)
    finally:
        os.close(descriptor)


@contextmanager
def timed_script_run(page_of) -> Iterator[None]:
    """Times the body when ENVDASH_RUN_TIMES is set; `page_of()` names the page once the run ends."""
    path = os.environ.get(RUN_TIMES_ENV)
    if not path:
        yield
        return
    started = time.perf_counter()
    error: BaseException | None = None
    try:
        yield
    except BaseException as raised:   # Streamlit ends page switches and st.stop with exceptions
        error = raised
        raise
    finally:
        seconds = time.perf_counter() - started
        try:
            page = page_of()
        except Exception:  # noqa: BLE001 - a run that failed before choosing its page
            page = None
        try:
            _append(path, {"ended": time.time(), "pid": os.getpid(), "page": page, "seconds": round(seconds, 6),
                           "ending": _ending(error)})
        except OSError:
            pass   # timing must never break a page
