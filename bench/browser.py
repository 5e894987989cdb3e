"""First-chart time in headless Chromium, app against floor, and the app server's peak memory."""
from __future__ import annotations

import ctypes
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync", "--disable-quic"]
PATHS = {"overview": "/", "trends": "/trends", "targets": "/targets", "compare": "/compare", "sources": "/sources",
         "data": "/data"}
FIRST_CHART = ".js-plotly-plot .main-svg"
IDLE_TITLE = ('[data-testid="stApp"][data-test-script-state="notRunning"] [data-testid="stMain"] h1')


def _die_with_parent() -> None:
    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """A Streamlit server of our own, in its own process group, stopped by its id."""

    def __init__(self, script: str, env: dict, log: Path):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        with open(log, "wb") as handle:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(self.port),
                 "--server.headless", "true", "--server.address", "127.0.0.1"],
                cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                start_new_session=True, preexec_fn=_die_with_parent)
        deadline = time.monotonic() + 120
        while not self._healthy():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"streamlit did not start: {log.read_text(errors='replace')[-2000:]}")
            time.sleep(0.2)

    def _healthy(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as response:
                return response.read().strip() == b"ok"
        except OSError:
            return False

    def peak_rss_mb(self) -> float:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=15)


def _has_chart(floor_dir: Path, page: str) -> bool:
    shape = json.loads((floor_dir / f"{page}.json").read_text(encoding="utf-8"))
    return any(element["type"] == "plotly_chart" for element in shape["elements"])


def _first_content(context, url: str, chart: bool) -> float:
    tab = context.new_page()
    try:
        started = time.perf_counter()
        tab.goto(url, wait_until="commit")
        tab.wait_for_selector(FIRST_CHART if chart else IDLE_TITLE, state="attached", timeout=600_000)
        return time.perf_counter() - started
    finally:
        tab.close()


def browser_timings(folder: Path, db_path: Path, floor_dir: Path, runs: int) -> dict:
    from playwright.sync_api import sync_playwright
    env = {**os.environ, "ENVDASH_ROOT": str(folder), "ENVDASH_DB": str(db_path),
           "ENVDASH_BENCH_FLOOR": str(floor_dir), "PYTHONUNBUFFERED": "1"}
    app = Server("app.py", env, folder / "app-server.log")
    try:
        floor = Server(str(BENCH / "floor_pages" / "app.py"), env, folder / "floor-server.log")
    except Exception:
        app.stop()
        raise
    timings = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="en-US",
                                          service_workers="block")
            for server in (app, floor):   # load the frontend once, so both start with a warm browser cache
                _first_content(context, f"{server.url}/?lang=en", False)
            for page, path in PATHS.items():
                chart = _has_chart(floor_dir, page)
                app_times, floor_times = [], []
                for _ in range(runs):
                    app_times.append(_first_content(context, f"{app.url}{path}?lang=en", chart))
                    floor_times.append(_first_content(context, f"{floor.url}{path}", chart))
                timings[page] = {"app": statistics.median(app_times), "floor": statistics.median(floor_times),
                                 "chart": chart}
                print(f"  browser {page}: app {timings[page]['app']:.3f} s, floor {timings[page]['floor']:.3f} s",
                      file=sys.stderr, flush=True)
            browser.close()
        peak = app.peak_rss_mb()
    finally:
        app.stop()
        floor.stop()
    return {"pages": timings, "server_peak_rss_mb": peak}
