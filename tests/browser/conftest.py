"""Fixtures for the browser tests: one database, one Streamlit server and one Chromium per session.

Each test gets a fresh browser context (`browse`), so tests share nothing but the server.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from browser_support import (NORMAL_VIEWPORT, Diagnostics, save_full_page, settle, unavailable, url_for,  # noqa: E402
                             wait_until_idle)
from live_server import Server, ServerFailed, build_database, log_tail, running_server  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic"]


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium driven by Playwright (never `playwright install`: it downloads a browser)."""
    if not (CHROMIUM.exists() and os.access(CHROMIUM, os.X_OK)):
        unavailable(f"{CHROMIUM} not found: apt-get install chromium fonts-noto-cjk")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("the playwright Python package is missing: pip install -r requirements-dev.txt")
    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
    yield browser
    browser.close()
    playwright.stop()


@pytest.fixture(scope="session")
def envdash_server(tmp_path_factory) -> Server:
    """The app on a free local port, reading a database built for this session from the project's data."""
    folder = tmp_path_factory.mktemp("envdash-browser")
    database = folder / "envdash.duckdb"
    try:
        build_database(database)
        with running_server(folder, database) as server:
            yield server
    except ServerFailed as failure:
        pytest.fail(str(failure), pytrace=False)


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
        assert not problems, "\n".join(problems) + "\n--- server log ---\n" + log_tail(self.server.log)


@pytest.fixture(scope="session")
def browsing_class():
    """Browsing, for a module that keeps one context (and its pages) for several tests."""
    return Browsing


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
