"""Worker: time every page with AppTest against its floor, and each page's queries; print JSON.

Run by bench/run.py in a fresh process per data size, with ENVDASH_ROOT and ENVDASH_DB set:
    python bench/pages.py --floor-dir DIR --runs 5
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))

PAGES = ("overview", "trends", "targets", "compare", "sources", "data")
TEXT_KINDS = ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success", "code")


def _walk(node):
    from streamlit.testing.v1.element_tree import Block
    if isinstance(node, Block):
        for child in node.children.values():
            yield from _walk(child)
    else:
        yield node


def _traces(spec_json: str) -> list[dict]:
    traces = []
    for trace in json.loads(spec_json).get("data", []):
        kind = trace.get("type", "scatter")
        if kind == "heatmap":
            z = trace.get("z") or [[]]
            traces.append({"type": "heatmap", "rows": len(z), "columns": len(z[0]) if z else 0})
        else:
            points = max(len(trace.get("x") or []), len(trace.get("y") or []))
            traces.append({"type": "bar" if kind == "bar" else "scatter", "points": points})
    return traces


def page_shape(app) -> dict:
    """What the page rendered, element by element, as the floor page needs it."""
    elements = []
    for node in _walk(app._tree):
        kind = node.type
        if kind in TEXT_KINDS:
            elements.append({"type": kind, "chars": len(str(node.value))})
        elif kind == "html":
            elements.append({"type": kind, "chars": len(node.proto.body)})
        elif kind == "plotly_chart":
            elements.append({"type": kind, "traces": _traces(node.proto.spec)})
        elif kind == "dataframe":
            rows, columns = node.value.shape
            elements.append({"type": kind, "rows": rows, "columns": columns})
        elif kind in ("selectbox", "radio", "button_group"):
            elements.append({"type": kind, "options": len(node.options)})
        elif kind == "multiselect":
            elements.append({"type": kind, "options": len(node.options), "selected": len(node.value)})
        elif kind in ("toggle", "button", "download_button", "metric"):
            elements.append({"type": kind})
    return {"elements": elements}


def summary(shape: dict) -> dict:
    """Counts for the report: charts, chart points, tables, table cells, widgets, text characters."""
    elements = shape["elements"]
    points = 0
    for element in elements:
        for trace in element.get("traces", []):
            points += trace.get("points", trace.get("rows", 0) * trace.get("columns", 0))
    return {"charts": sum(e["type"] == "plotly_chart" for e in elements), "points": points,
            "tables": sum(e["type"] == "dataframe" for e in elements),
            "cells": sum(e.get("rows", 0) * e.get("columns", 0) for e in elements if e["type"] == "dataframe"),
            "widgets": sum(e["type"] in ("selectbox", "multiselect", "radio", "button_group", "toggle") for e in elements),
            "text_chars": sum(e.get("chars", 0) for e in elements if e["type"] in TEXT_KINDS)}


class QueryRecorder:
    """Records the named queries (and parameters) a page runs, by wrapping the cached query function."""

    def __init__(self):
        from envdash.store import queries
        self.queries = queries
        self.original = queries._cached
        self.calls: list[tuple] = []
        recorder = self

        def recording(name, params, db_file, version):
            recorder.calls.append((name, params, db_file, version))
            return recorder.original(name, params, db_file, version)
        recording.cache_clear = self.original.cache_clear
        queries._cached = recording

    def distinct(self) -> list[tuple]:
        return list(dict.fromkeys(self.calls))

    def time_queries(self, calls: list[tuple], runs: int) -> dict:
        """Cold: the query on the database (no cache). Warm: through the cache, as pages call it."""
        raw = self.original.__wrapped__
        cold, warm, slowest = [], [], {}
        for _ in range(runs):
            total_cold = total_warm = 0.0
            for call in calls:
                started = time.perf_counter()
                raw(*call)
                spent = time.perf_counter() - started
                total_cold += spent
                slowest[call[0]] = max(slowest.get(call[0], 0.0), spent)
                self.original(*call)            # fill the cache
                started = time.perf_counter()
                self.original(*call).copy()     # run_query returns a copy of the cached frame
                total_warm += time.perf_counter() - started
            cold.append(total_cold)
            warm.append(total_warm)
        top = sorted(slowest.items(), key=lambda item: -item[1])[:1]
        return {"queries": len(calls), "cold": statistics.median(cold), "warm": statistics.median(warm),
                "slowest": top[0][0] if top else None, "slowest_s": top[0][1] if top else 0.0}


def _clear_caches() -> None:
    import streamlit as st

    from envdash.store import queries
    if hasattr(queries, "clear_caches"):   # query results and the views cached per database version
        queries.clear_caches()
    else:
        queries._cached.cache_clear()
    st.cache_data.clear()


def _share_script_cache() -> None:
    """Compile each script once, as the server does: AppTest makes a new script cache for every run,
    so it would time compiling (and Streamlit's "magic" rewriting) of app.py and the page on each
    rerun, which a real server does once per process."""
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache
    from streamlit.testing.v1 import app_test, local_script_runner
    shared = ScriptCache()
    app_test.ScriptCache = local_script_runner.ScriptCache = lambda: shared


def _app_page(page: str, timeout: float):
    from streamlit.testing.v1 import AppTest
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    app.query_params["lang"] = "en"
    app.switch_page(f"pages/{page}.py")
    return app


def _floor_page(page: str, timeout: float):
    from streamlit.testing.v1 import AppTest
    return AppTest.from_file(str(BENCH / "floor_pages" / f"{page}.py"), default_timeout=timeout)


def _timed_run(app) -> float:
    started = time.perf_counter()
    app.run()
    spent = time.perf_counter() - started
    if app.exception:
        raise RuntimeError("; ".join(str(error.value) for error in app.exception))
    return spent


def peak_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--floor-dir", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--timeout", type=float, default=900)
    parser.add_argument("--pages", default=",".join(PAGES))
    args = parser.parse_args()
    import logging
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    import os
    os.environ["ENVDASH_BENCH_FLOOR"] = str(args.floor_dir)
    args.floor_dir.mkdir(parents=True, exist_ok=True)

    started = time.perf_counter()
    _share_script_cache()
    recorder = QueryRecorder()
    # the process's first page pays imports and the database fingerprint check: reported apart
    _timed_run(_app_page("overview", args.timeout))
    startup = time.perf_counter() - started

    results = {}
    for page in args.pages.split(","):
        recorder.calls.clear()
        cold, warm, floor_cold, floor_warm, shape = [], [], [], [], None
        for run in range(args.runs):
            _clear_caches()
            app = _app_page(page, args.timeout)
            cold.append(_timed_run(app))
            if shape is None:
                shape = page_shape(app)
                (args.floor_dir / f"{page}.json").write_text(json.dumps(shape), encoding="utf-8")
                calls = recorder.distinct()
            warm.append(_timed_run(app))
            _clear_caches()
            floor = _floor_page(page, args.timeout)
            floor_cold.append(_timed_run(floor))
            floor_warm.append(_timed_run(floor))
        results[page] = {
            "cold": statistics.median(cold), "warm": statistics.median(warm),
            "floor_cold": statistics.median(floor_cold), "floor_warm": statistics.median(floor_warm),
            "runs": args.runs, "shape": summary(shape),
            "queries": recorder.time_queries(calls, args.runs),
        }
        print(f"  {page}: cold {results[page]['cold']:.3f} s, warm {results[page]['warm']:.3f} s, "
              f"floor warm {results[page]['floor_warm']:.3f} s", file=sys.stderr, flush=True)
    print(json.dumps({"startup": startup, "pages": results, "apptest_peak_rss_mb": peak_rss_mb()}))


if __name__ == "__main__":
    main()
