"""Builds against their floor, rebuilds after one edit, and the app server's memory while it rebuilds.

    python bench/rebuild.py floor ROOT                 # the YAML-parsing floor of ROOT's inputs
    python bench/rebuild.py incremental ROOT DB RUNS   # one curated file edited, the database rebuilt
    python bench/rebuild.py server ROOT DB             # the app rebuilds in a child while serving

Each prints one JSON line; bench/run.py runs them in fresh processes after the full builds and puts
the figures in the build section of BENCHMARKS.md (`rebuild_section`).
"""
from __future__ import annotations

import json
import os
import re
import statistics
import sys
import threading
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))

SECTION_START, SECTION_END = "<!-- builds:start -->", "<!-- builds:end -->"


# --- the floor: merely parsing the same YAML files ----------------------------------------------


def yaml_inputs(root: Path) -> list[Path]:
    from envdash.store.build import input_files
    return [path for path in input_files(root) if path.suffix == ".yaml"]


def floor(root: Path) -> dict:
    """Seconds to parse every YAML input of `root` with libyaml's loader and with the project's own
    reader (which also notes every field's line); the floor is the faster. The reader, which is the
    faster, is timed twice around the loader and its faster pass kept; the files are in the page
    cache, as for the build. CPU seconds beside: they move less with other work on the machine."""
    import yaml

    from envdash.curation.yaml_files import read_yaml
    paths = yaml_inputs(root)

    def libyaml() -> None:
        for path in paths:
            yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)

    def project_reader() -> None:
        for path in paths:
            document, problems = read_yaml(path, path.name)
            assert document is not None, problems

    passes = {"libyaml CSafeLoader": [], "project reader": []}
    for name, parse in (("project reader", project_reader), ("libyaml CSafeLoader", libyaml),
                        ("project reader", project_reader)):
        started, cpu = time.perf_counter(), time.process_time()
        parse()
        passes[name].append((time.perf_counter() - started, time.process_time() - cpu))
    best = {name: min(timed) for name, timed in passes.items()}
    fastest = min(best, key=lambda name: best[name][0])
    return {"files": len(paths), "mb": sum(path.stat().st_size for path in paths) / 2**20,
            "by": {name: seconds for name, (seconds, _) in best.items()},
            "seconds": best[fastest][0], "cpu": best[fastest][1], "fastest": fastest}


# --- one curated file edited -------------------------------------------------------------------

_SUMMARY = re.compile(r'^(    summary_en: )"[^"\n]*"$', re.MULTILINE)


def edit(path: Path, mark: str) -> None:
    """A curator's edit: a directive's summary reworded (where the file writes it on one line) and a
    comment added; the file's hash changes and its rows are written again."""
    text = path.read_text(encoding="utf-8")
    text = _SUMMARY.sub(lambda match: f'{match.group(1)}"Reworded for the benchmark ({mark})."', text, count=1)
    path.write_text(text + f"# edited for the benchmark ({mark})\n", encoding="utf-8")


def _curated(root: Path) -> list[Path]:
    return sorted((root / "data" / "curated").glob("*.yaml"))


def incremental(root: Path, db_path: Path, runs: int) -> dict:
    """After one curated file changed: the rebuild in this process (imports done, as the command line
    has them), and the rebuild as the app runs it, in a new process (`python -m envdash build`),
    from the edit until the new database is in place."""
    from envdash.store.build import build_database
    from envdash.store.child_build import build_in_child
    files = _curated(root)
    here, child, kinds = [], [], set()
    for run in range(runs):
        path = files[(run * 7919 + len(files) // 2) % len(files)]   # a different file each run
        edit(path, f"in process {run}")
        started = time.perf_counter()
        summary = build_database(root, db_path)
        here.append(time.perf_counter() - started)
        kinds.add(summary.kind)
        edit(path, f"child {run}")
        started = time.perf_counter()
        build_in_child(root, db_path)
        child.append(time.perf_counter() - started)
    return {"in_process": statistics.median(here), "child": statistics.median(child), "kinds": sorted(kinds),
            "db_mb": db_path.stat().st_size / 2**20}


# --- the app server while its child rebuilds --------------------------------------------------


def _status_kib(pid: int, field: str) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError):
        return None
    return None


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            found += [int(child) for child in (task / "children").read_text().split()]
        except FileNotFoundError:
            continue
    return found


class _ChildWatch(threading.Thread):
    """Samples the peak memory of the server's child processes (the build) until stopped."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak_kib, self.seen, self.running = pid, 0, set(), True

    def run(self) -> None:
        while self.running:
            for child in _children(self.pid):
                peak = _status_kib(child, "VmHWM")
                if peak is not None:
                    self.seen.add(child)
                    self.peak_kib = max(self.peak_kib, peak)
            time.sleep(0.05)


def server(root: Path, db_path: Path) -> dict:
    """The app serving three pages, then one curated file edited and a page opened again: the page's
    freshness check rebuilds in a child process while the server keeps serving. The server's peak
    memory (VmHWM) before and after, the child's, and the seconds from the page request to the page
    drawn on the new database."""
    from browser import CHROMIUM, CHROMIUM_ARGS, IDLE_TITLE, Server
    from playwright.sync_api import sync_playwright

    from envdash.present.page import RECHECK_SECONDS
    from envdash.store.build import database_fingerprint, input_fingerprint
    env = {**os.environ, "ENVDASH_ROOT": str(root), "ENVDASH_DB": str(db_path), "PYTHONUNBUFFERED": "1"}
    app = Server("app.py", env, root / "rebuild-server.log")
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            tab = browser.new_context(viewport={"width": 1440, "height": 900}, locale="en-US").new_page()
            for path in ("/?lang=en", "/trends?lang=en", "/data?lang=en"):
                tab.goto(f"{app.url}{path}", wait_until="commit")
                tab.wait_for_selector(IDLE_TITLE, state="attached", timeout=600_000)
            before = app.peak_rss_mb()
            watch = _ChildWatch(app.process.pid)
            watch.start()
            edit(_curated(root)[len(_curated(root)) // 3], "app")
            time.sleep(RECHECK_SECONDS * 2 + 0.5)   # the server's watcher has looked again
            started = time.perf_counter()
            tab.goto(f"{app.url}/?lang=en", wait_until="commit")
            tab.wait_for_selector(IDLE_TITLE, state="attached", timeout=600_000)
            seconds = time.perf_counter() - started
            watch.running = False
            watch.join()
            browser.close()
        rebuilt = database_fingerprint(db_path) == input_fingerprint(root)
        after = app.peak_rss_mb()
    finally:
        app.stop()
    return {"server_before_mb": before, "server_after_mb": after, "child_peak_mb": watch.peak_kib / 1024,
            "children": len(watch.seen), "page_s": seconds, "rebuilt": rebuilt}


# --- the report -------------------------------------------------------------------------------


def rebuild_rows(results: list[dict]) -> str:
    """The build section of BENCHMARKS.md, between its markers."""
    lines = [SECTION_START, "## Full and incremental builds", "",
             "Full: `build_database(full=True)` in a fresh process, imports done. Floor: merely parsing the same "
             "YAML files in one process, the faster of libyaml's CSafeLoader and the project's own reader (which "
             "the build uses), timed right after each full build so both meet the same load; full/floor is the "
             "median of those pairs. The build reads the files on every core when the machine is idle and alone "
             "when it is busy (processes reading); the CPU ratio counts the work either way. Incremental: one curated file edited (a directive reworded), then the rebuild in a "
             "process with its imports done, and as the app runs it, `python -m envdash build` in a new process, "
             "from the edit until the new database is swapped in. Server: the app server's peak memory (VmHWM) "
             "after three pages and after a page that found the edit and rebuilt in its child process. Ratios "
             "lead: these machines differ about 3× in speed, and other work on them adds noise.", "",
             "| size | **full/floor** | full/floor CPU | **incremental/full** | **app rebuild/full** | full s | "
             "floor s (by) | incremental s | app rebuild s | full CPU s | floor CPU s | processes reading | "
             "server VmHWM MB before → during rebuild | child build peak MB |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        b, f, i, s = r["build"], r.get("floor"), r.get("incremental"), r.get("server")
        if f is None or i is None:
            continue
        server_cell, child_cell = "–", "–"
        if s is not None:
            server_cell = f"{s['server_before_mb']:,.0f} → {s['server_after_mb']:,.0f}"
            child_cell = f"{s['child_peak_mb']:,.0f}"
        lines.append(
            f"| {r['size']} | **{r['full_over_floor']:.2f}** | {b['cpu'] / f['cpu']:.2f} | "
            f"**{i['in_process'] / b['seconds']:.3f}** | **{i['child'] / b['seconds']:.3f}** | {b['seconds']:.2f} | "
            f"{f['seconds']:.2f} ({f['fastest']}) | {i['in_process']:.2f} | {i['child']:.2f} | {b['cpu']:.2f} | "
            f"{f['cpu']:.2f} | {b.get('workers', 1)} | {server_cell} | {child_cell} |")
    lines.append(SECTION_END)
    return "\n".join(lines)


def with_rebuild_section(text: str, section: str) -> str:
    """`text` (a BENCHMARKS.md) with its build section replaced by `section`, or added at its end."""
    if SECTION_START in text and SECTION_END in text:
        head, rest = text.split(SECTION_START, 1)
        return head + section + rest.split(SECTION_END, 1)[1]
    # before the page tables (the file ends with the worst page ratio)
    head, found, rest = text.partition("\n## Pages")
    if found:
        return head.rstrip() + "\n\n" + section + "\n\n## Pages" + rest
    return text.rstrip() + "\n\n" + section + "\n"


def main() -> None:
    command, root = sys.argv[1], Path(sys.argv[2])
    if command == "floor":
        result = floor(root)
    elif command == "incremental":
        result = incremental(root, Path(sys.argv[3]), int(sys.argv[4]))
    elif command == "server":
        result = server(root, Path(sys.argv[3]))
    else:
        raise SystemExit(f"unknown command {command!r}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
