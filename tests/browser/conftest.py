"""Fixtures for the browser tests: one database, one Streamlit server and one Chromium per session.

Each test gets a fresh browser context (`browse`), so tests share nothing but the server.
"""
from __future__ import annotations

import ctypes
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from browser_support import (NORMAL_VIEWPORT, PROJECT_ROOT, Diagnostics, save_full_page,  # noqa: E402
                             settle, url_for, wait_until_idle)

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic"]
STARTUP_SECONDS = 60
STOP_SECONDS = 15


def _unavailable(reason: str) -> None:
    """Skip on a developer's machine; under CI=true a missing browser must not pass unnoticed."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (CI=true: browser tests may not be skipped)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium driven by Playwright (never `playwright install`: it downloads a browser)."""
    if not (CHROMIUM.exists() and os.access(CHROMIUM, os.X_OK)):
        _unavailable(f"{CHROMIUM} not found: apt-get install chromium fonts-noto-cjk")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright Python package is missing: pip install -r requirements-dev.txt")
    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
    yield browser
    browser.close()
    playwright.stop()


@dataclass(frozen=True)
class Server:
    base_url: str
    port: int
    database: Path
    log: Path


def _die_with_parent() -> None:
    """In the server process: get SIGTERM if pytest dies (killed, timed out) before its teardown."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _healthy(base_url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base_url}/_stcore/health", timeout=2) as response:
            return response.read().strip() == b"ok"
    except OSError:
        return False


def _log_tail(log: Path, lines: int = 40) -> str:
    return "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])


def _group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    return True


def _stop(process: subprocess.Popen, group: int) -> None:
    """Terminate the server's whole process group, killing it if it does not stop in time."""
    if process.poll() is None or _group_alive(group):
        try:
            os.killpg(group, signal.SIGTERM)
        except ProcessLookupError:
            pass
    try:
        process.wait(timeout=STOP_SECONDS)
    except subprocess.TimeoutExpired:
        os.killpg(group, signal.SIGKILL)
        process.wait(timeout=STOP_SECONDS)
    deadline = time.monotonic() + STOP_SECONDS
    while _group_alive(group) and time.monotonic() < deadline:
        time.sleep(0.1)
    if _group_alive(group):
        os.killpg(group, signal.SIGKILL)


@pytest.fixture(scope="session")
def envdash_server(tmp_path_factory) -> Server:
    """The app on a free local port, reading a database built for this session."""
    folder = tmp_path_factory.mktemp("envdash-browser")
    database = folder / "envdash.duckdb"
    env = {**os.environ, "ENVDASH_DB": str(database), "PYTHONUNBUFFERED": "1"}
    env.pop("ENVDASH_ROOT", None)  # the project's own data, whatever the caller's shell says
    build = subprocess.run([sys.executable, "-m", "envdash", "--db", str(database), "build"],
                           cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=300)
    if build.returncode != 0:
        pytest.fail(f"building the database failed:\n{build.stdout}\n{build.stderr}", pytrace=False)

    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    log = folder / "streamlit.log"
    with open(log, "wb") as log_file:
        process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
             "--server.headless", "true", "--server.address", "127.0.0.1"],
            cwd=PROJECT_ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True, preexec_fn=_die_with_parent)
    group = process.pid  # start_new_session: the server leads its own process group
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while not _healthy(base_url):
            if process.poll() is not None:
                pytest.fail(f"streamlit exited with {process.returncode}:\n{_log_tail(log)}", pytrace=False)
            if time.monotonic() > deadline:
                pytest.fail(f"streamlit not healthy after {STARTUP_SECONDS} s:\n{_log_tail(log)}", pytrace=False)
            time.sleep(0.2)
        yield Server(base_url, port, database, log)
    finally:
        _stop(process, group)
    assert process.poll() is not None, "the Streamlit server is still running"
    assert not _group_alive(group), f"processes of the server's group {group} are still running"
    assert not _healthy(base_url), f"something still answers on port {port}"


class Browsing:
    """One test's browser context: opens settled pages and records what they fetched and logged."""

    def __init__(self, browser, server: Server, viewport: dict):
        self.server = server
        self.context = browser.new_context(viewport=viewport, locale="en-US", accept_downloads=True,
                                           service_workers="block")
        self.context.set_default_timeout(90_000)
        self.diagnostics = Diagnostics(server.port)
        self.context.on("request", lambda request: self.diagnostics.requests.append(request.url))
        self.pages = []

    def open(self, path: str, query: str = "", viewport: dict | None = None, charts: bool = True):
        """A new tab at `path?query`, returned once the app is idle (and its charts drawn, if `charts`)."""
        return self.open_url(url_for(self.server.base_url, path, query), viewport, charts)

    def open_url(self, url: str, viewport: dict | None = None, charts: bool = True):
        page = self.context.new_page()
        self.pages.append(page)
        self.diagnostics.watch(page)
        if viewport:
            page.set_viewport_size(viewport)
        page.goto(url)
        settle(page) if charts else wait_until_idle(page)
        return page

    def assert_clean(self) -> None:
        """No Streamlit exception, console error, page error or request off the local server."""
        problems = self.diagnostics.problems([page for page in self.pages if not page.is_closed()])
        # the page shows no details of an exception (showErrorDetails = none): the server log has them
        assert not problems, "\n".join(problems) + "\n--- server log ---\n" + _log_tail(self.server.log)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def browse(chromium, envdash_server, request):
    browsing = Browsing(chromium, envdash_server, NORMAL_VIEWPORT)
    yield browsing
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:  # keep what the failing test last saw
        for index, page in enumerate(p for p in browsing.pages if not p.is_closed()):
            try:
                save_full_page(page, f"failed-{request.node.name}-{index}".replace("/", "_"))
            except Exception:  # noqa: BLE001 - a screenshot must not hide the real failure
                pass
    browsing.context.close()


def pytest_collection_modifyitems(items):
    """A real browser on a busy 2-core machine can miss a timing: retry a failed browser test twice.

    A test that fails three times in a row fails the run.
    """
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.flaky(reruns=2, reruns_delay=3))
