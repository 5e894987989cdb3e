"""A least-recently-used cache of query results bounded by their size in bytes, not their number."""
from __future__ import annotations

import threading
from collections import OrderedDict
from functools import wraps

import pandas as pd


def frame_bytes(frame: pd.DataFrame) -> int:
    """Memory a result holds, its strings included (Arrow-backed text is counted without a scan)."""
    return int(frame.memory_usage(index=True, deep=True).sum())


def byte_bounded_cache(max_bytes: int):
    """Like functools.lru_cache for functions returning DataFrames, but evicting by total size.

    A count of entries says nothing about memory here: one result is a row, another every figure of
    every city. A result larger than the whole budget is returned without being kept. The wrapper
    has lru_cache's `cache_clear` and `__wrapped__`, which the benchmark uses.
    """
    def decorate(function):
        entries: OrderedDict = OrderedDict()
        sizes: dict = {}
        lock = threading.Lock()
        held = [0]

        @wraps(function)
        def cached(*args):
            with lock:
                if args in entries:
                    entries.move_to_end(args)
                    return entries[args]
            result = function(*args)
            size = frame_bytes(result)
            if size > max_bytes:
                return result
            with lock:
                if args not in entries:
                    entries[args], sizes[args] = result, size
                    held[0] += size
                while held[0] > max_bytes:
                    oldest, _ = entries.popitem(last=False)
                    held[0] -= sizes.pop(oldest)
            return result

        def cache_clear() -> None:
            with lock:
                entries.clear()
                sizes.clear()
                held[0] = 0

        def cache_bytes() -> int:
            return held[0]

        cached.cache_clear = cache_clear
        cached.cache_bytes = cache_bytes
        return cached

    return decorate
