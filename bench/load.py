"""Load through the proxy: many browser sessions at once on deploy/cluster.sh's replicas behind nginx.

    python bench/load.py [--levels 1x20,2x20,2x50] [--size seed] [--out BENCHMARKS.md]

Each level (REPLICASxSESSIONS) gets a fresh cluster on a copy of the data (`seed`: the project's
own; a number: that many synthetic figures, bench/generate.py). First one quiet session per replica
walks the pages twice (the first walk warms the replica, the second is the baseline); then all the
sessions arrive a moment apart, each opens the overview and visits every other page through the
sidebar, and once all of them have done so, all rerun their page at once.

What is timed is the server's own work: every script run is recorded inside the replicas
(ENVDASH_RUN_TIMES), so the browsers' drawing on the same cores is not counted. Reported: the
runs' p50, p95 and max under load, as ratios to the quiet baseline's median and in seconds, and
the replicas' peak memory (VmHWM). Writes its section of BENCHMARKS.md.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import platform
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "browser"), str(BENCH)]

from browser_support import EXCEPTION, PAGES, RUN_COUNTER_SCRIPT, drawn_async, settle_async, sidebar_link  # noqa: E402
from generate import copy_seed, generate  # noqa: E402
from live_cluster import ROUTE_COOKIE, cookies_for_each_replica, replica_for, running_cluster  # noqa: E402
from live_server import build_database  # noqa: E402
from sections import PROXY_LOAD, write_section  # noqa: E402


CHROMIUM = "/usr/bin/chromium"
# as the browser tests', and pages share renderer processes: fifty tabs each with its own renderer
# would take the machine's memory, and only the server's time is measured
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync", "--disable-quic", "--renderer-process-limit=8"]
TIMEOUT_MS = 600_000
VIEWPORT = {"width": 1280, "height": 800}
ROUTE = ("trends", "targets", "compare", "sources", "data")
ARRIVAL_SECONDS = 0.5
NEW_BROWSERS = 1000   # first requests without a cookie, to see how nginx spreads new browsers


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- one session ---------------------------------------------------------------------------------

# Poll on a timer every quarter second: fifty sessions' pages must not spend the cores polling.
POLLING_MS = 250


async def _settle(page) -> None:
    await settle_async(page, TIMEOUT_MS, POLLING_MS)


async def _drawn(page, name: str) -> None:
    await drawn_async(page, name, TIMEOUT_MS, POLLING_MS)


@dataclass
class Walk:
    number: int
    browser_seconds: list[float] = field(default_factory=list)   # per page, as the browser saw it
    problems: list[str] = field(default_factory=list)


async def _walk(browser, base_url: str, number: int, cookie: str | None, delay: float,
                everyone: asyncio.Barrier | None) -> Walk:
    """One session: the overview, every other page through the sidebar, then (with everyone) a rerun."""
    walk = Walk(number)
    await asyncio.sleep(delay)
    context = await browser.new_context(viewport=VIEWPORT, locale="en-US", service_workers="block")
    context.set_default_timeout(TIMEOUT_MS)
    await context.add_init_script(RUN_COUNTER_SCRIPT)
    if cookie is not None:
        await context.add_cookies([{"name": ROUTE_COOKIE, "value": cookie, "url": base_url}])
    route = ROUTE[number % len(ROUTE):] + ROUTE[:number % len(ROUTE)]   # not all on one page at once
    waited = False
    try:
        page = await context.new_page()
        started = time.monotonic()
        await page.goto(f"{base_url}/overview?lang=en", timeout=TIMEOUT_MS)
        await _drawn(page, "overview")
        walk.browser_seconds.append(time.monotonic() - started)
        for name in route:
            started = time.monotonic()
            await page.locator(sidebar_link(name)).click()
            await page.wait_for_url(lambda url, name=name: urlsplit(url).path == PAGES[name], timeout=TIMEOUT_MS)
            await _drawn(page, name)
            walk.browser_seconds.append(time.monotonic() - started)
        if everyone is not None:
            waited = True
            await everyone.wait()
            runs = await page.evaluate("() => window.__envdashRuns")
            started = time.monotonic()
            await page.evaluate("() => document.activeElement && document.activeElement.blur()")
            await page.keyboard.press("r")
            await page.wait_for_function("runs => window.__envdashRuns > runs", arg=runs, timeout=TIMEOUT_MS,
                                         polling=250)
            await _settle(page)
            walk.browser_seconds.append(time.monotonic() - started)
        if await page.locator(EXCEPTION).count():
            walk.problems.append(f"session {number}: a Streamlit exception on {page.url}")
    except Exception as error:  # noqa: BLE001 - a session that fails is counted, the others go on
        walk.problems.append(f"session {number}: {type(error).__name__}: {error}"[:1500])
        if everyone is not None and not waited:
            await everyone.wait()   # so that the others do not wait for this one
    finally:
        await context.close()
    return walk


async def _sessions(base_url: str, plans: list[tuple[str | None, float]], together: bool) -> list[Walk]:
    from playwright.async_api import async_playwright
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        everyone = asyncio.Barrier(len(plans)) if together else None
        if together:
            walks = await asyncio.gather(*(_walk(browser, base_url, number, cookie, delay, everyone)
                                           for number, (cookie, delay) in enumerate(plans)))
        else:
            walks = [await _walk(browser, base_url, number, cookie, 0, None) for number, (cookie, _) in enumerate(plans)]
        await browser.close()
    return list(walks)


def run_sessions(base_url: str, plans: list[tuple[str | None, float]], together: bool) -> list[Walk]:
    """The sessions in a thread of their own (its own event loop)."""
    result: dict = {}

    def main():
        try:
            result["walks"] = asyncio.run(_sessions(base_url, plans, together))
        except BaseException as error:  # noqa: BLE001 - handed back
            result["error"] = error
    thread = threading.Thread(target=main, name="load")
    thread.start()
    thread.join()
    if "error" in result:
        raise result["error"]
    return result["walks"]


# --- one level ----------------------------------------------------------------------------------

def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[round(share * (len(ordered) - 1))]


def _page_runs(runs: list[dict], since: float, until: float) -> list[dict]:
    """Runs that drew a page to its end (not the forwarding of / to /overview, not runs cut short)."""
    return [run for run in runs if since <= run["ended"] <= until and run["ending"] == "done" and run["page"] != "home"]


def measure_level(replicas: int, sessions: int, data_root: Path, database: Path, workdir: Path) -> dict:
    _log(f"[{replicas}x{sessions}] starting the cluster")
    with running_cluster(workdir, database, data_root, replicas=replicas, check_every=5) as cluster:
        cookies = list(cookies_for_each_replica(cluster).values())
        _log(f"[{replicas}x{sessions}] warming up, then the baseline: one quiet session per replica, twice")
        run_sessions(cluster.base_url, [(cookie, 0.0) for cookie in cookies], together=False)   # first runs: imports, caches
        since = time.time()
        quiet = run_sessions(cluster.base_url, [(cookie, 0.0) for cookie in cookies], together=False)
        baseline = _page_runs(cluster.script_runs(), since, time.time())
        rss_before = {replica.pid: _status_kib(replica.pid, "VmRSS") for replica in cluster.replicas}

        _log(f"[{replicas}x{sessions}] {sessions} sessions, {ARRIVAL_SECONDS:g} s apart")
        since = time.time()
        started = time.monotonic()
        # route cookies that take turns between the replicas, so that each has the same number of
        # sessions (nginx's own cookies split new browsers evenly only on average: see `split` below)
        walks = run_sessions(cluster.base_url, [(cookies[number % len(cookies)], number * ARRIVAL_SECONDS)
                                                for number in range(sessions)], together=True)
        wall = time.monotonic() - started
        loaded = _page_runs(cluster.script_runs(), since, time.time())
        peaks = {replica.pid: replica.peak_memory_kib() for replica in cluster.replicas}
        split = Counter(replica_for(cluster.base_url)[0] for _ in range(NEW_BROWSERS))
        taken_out = sum("taken out of nginx" in line for line in cluster.output)
    if any(walk.problems for walk in quiet):
        raise RuntimeError("the quiet sessions failed:\n" + "\n".join(p for walk in quiet for p in walk.problems))
    failed = [problem for walk in walks for problem in walk.problems]
    for problem in failed:
        _log(f"[{replicas}x{sessions}] {problem}")
    base = statistics.median(run["seconds"] for run in baseline)
    seconds = [run["seconds"] for run in loaded]
    per_replica = sorted(sum(1 for run in loaded if run["pid"] == pid) for pid in peaks)
    browser = [value for walk in walks for value in walk.browser_seconds]
    result = {"replicas": replicas, "sessions": sessions, "baseline_runs": len(baseline), "baseline_p50": base,
              "runs": len(seconds), "p50": percentile(seconds, 0.5), "p95": percentile(seconds, 0.95),
              "max": max(seconds), "runs_per_replica": per_replica, "wall": wall,
              "peak_mib": [peaks[pid] / 1024 for pid in sorted(peaks)],
              "before_mib": [rss_before[pid] / 1024 for pid in sorted(rss_before)],
              "browser_p50": percentile(browser, 0.5), "browser_p95": percentile(browser, 0.95),
              "failed_sessions": sum(1 for walk in walks if walk.problems),
              "new_browser_split": sorted(split.values(), reverse=True), "taken_out": taken_out}
    _log(f"[{replicas}x{sessions}] {result}")
    return result


def _status_kib(pid: int, name: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{name}:"):
            return int(line.split()[1])
    raise KeyError(name)


# --- the report ---------------------------------------------------------------------------------

def report(levels: list[dict], size: str, wall: float, load_before: float) -> str:
    reference = next((level for level in levels if level["replicas"] == 1), None)
    lines = [
        f"## Load through the proxy: replicas behind nginx (`bench/load.py`, {size} data)", "",
        f"Measured on {date.today():%Y-%m-%d}: {os.cpu_count()} CPU cores, Python {platform.python_version()}, "
        f"load average {load_before:.2f} before and {os.getloadavg()[0]:.2f} after (other work on the machine "
        f"adds noise); {wall / 60:.0f} min in all. Each level is a fresh `deploy/cluster.sh` "
        f"(replicas × sessions). Sessions arrive {ARRIVAL_SECONDS:g} s apart and stay open; each opens the "
        "overview, visits the other five pages through the sidebar and, once every session has, all rerun "
        "at once. Times are the server's own: each script run of a page, timed inside the replicas "
        "(`ENVDASH_RUN_TIMES`), so the headless browsers drawing on the same cores are not counted. The "
        "baseline is one quiet session per replica walking the same pages on the same cluster just before "
        "(after a first walk that warmed each replica's imports and caches). The sessions' route cookies take "
        "turns between the replicas, so each replica serves the same number; nginx's own random cookies "
        "spread new browsers evenly only on average (the last column: where 1,000 first requests went).",
        "",
        "| replicas × sessions | **p50 / baseline** | **p95 / baseline** | **max / baseline** | "
        "p50 s | p95 s | max s | baseline p50 s | page runs (per replica) | peak memory per replica, MiB (VmHWM) "
        "| in the browser p50 / p95 s | sessions that failed | replicas taken out by the health check "
        "| 1,000 new browsers per replica |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|---|---|---:|---:|---|",
    ]
    for level in levels:
        base = level["baseline_p50"]
        lines.append(
            f"| {level['replicas']} × {level['sessions']} | **{level['p50'] / base:.1f}** | "
            f"**{level['p95'] / base:.1f}** | **{level['max'] / base:.1f}** | {level['p50']:.2f} | "
            f"{level['p95']:.2f} | {level['max']:.2f} | {base:.2f} | {level['runs']} "
            f"({' + '.join(str(count) for count in level['runs_per_replica'])}) | "
            f"{' / '.join(f'{mib:.0f}' for mib in level['peak_mib'])} (idle "
            f"{' / '.join(f'{mib:.0f}' for mib in level['before_mib'])}) | "
            f"{level['browser_p50']:.1f} / {level['browser_p95']:.1f} | {level['failed_sessions']} | "
            f"{level['taken_out']} | "
            f"{' / '.join(str(count) for count in level['new_browser_split'])} |")
    if reference is not None:
        comparable = [level for level in levels if level["replicas"] > 1 and level["sessions"] == reference["sessions"]]
        for level in comparable:
            lines += ["", f"With {level['replicas']} replicas instead of 1 at {level['sessions']} sessions, the "
                          f"95th percentile of a page run is {level['p95'] / reference['p95']:.2f}× "
                          f"({level['p95']:.2f} s against {reference['p95']:.2f} s) and the median "
                          f"{level['p50'] / reference['p50']:.2f}× ({level['p50']:.2f} s against "
                          f"{reference['p50']:.2f} s)."]
    for level in levels:
        fewer = [other for other in levels
                 if other["replicas"] == level["replicas"] and other["sessions"] < level["sessions"]]
        for other in fewer:
            lines += ["", f"On {level['replicas']} replicas, {level['sessions']} sessions instead of {other['sessions']} "
                          f"({level['sessions'] / other['sessions']:.1f}× as many) take the 95th percentile to "
                          f"{level['p95'] / other['p95']:.2f}× ({level['p95']:.2f} s against {other['p95']:.2f} s) and "
                          f"the median to {level['p50'] / other['p50']:.2f}× ({level['p50']:.2f} s against "
                          f"{other['p50']:.2f} s); peak memory per replica stays within "
                          f"{max(level['peak_mib']):.0f} MiB."]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--levels", default="1x20,2x20,2x50",
                        help="comma-separated REPLICASxSESSIONS (default: 1x20,2x20,2x50)")
    parser.add_argument("--size", default="seed", help="seed, or a number of synthetic curated figures")
    parser.add_argument("--out", type=Path, default=ROOT / "BENCHMARKS.md")
    args = parser.parse_args()
    levels = [tuple(int(part) for part in level.split("x")) for level in args.levels.split(",")]
    load_before = os.getloadavg()[0]
    started = time.monotonic()
    results = []
    with tempfile.TemporaryDirectory(prefix="envdash-load-") as temporary:
        workdir = Path(temporary)
        data_root = workdir / "data-root"
        copy_seed(data_root) if args.size == "seed" else generate(data_root, int(args.size))
        database = data_root / "data" / "envdash.duckdb"
        build_database(database, data_root)
        for replicas, sessions in levels:
            try:
                results.append(measure_level(replicas, sessions, data_root, database,
                                             workdir / f"{replicas}x{sessions}"))
            except Exception as error:  # noqa: BLE001 - the other levels are still worth reporting
                _log(f"[{replicas}x{sessions}] not measured: {type(error).__name__}: {error}")
    if not results:
        raise SystemExit("no level was measured")
    text = report(results, args.size, time.monotonic() - started, load_before)
    write_section(PROXY_LOAD, text, args.out)
    print(text)
    _log(f"wrote its section of {args.out}")


if __name__ == "__main__":
    main()
