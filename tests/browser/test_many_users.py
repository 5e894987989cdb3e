"""Twenty people at once on one server: every page renders for each, and each keeps its own choices.

The sessions run concurrently (asyncio Playwright, one browser context each, in a thread of its
own so it never meets the sync Playwright of the other tests) and all stay open until the last has
made its choices. The test also measures the server's peak memory and the slowest page under this
load, and writes them to BENCHMARKS.md between the many-users markers.
"""
from __future__ import annotations

import asyncio
import os
import platform
import re
import statistics
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import duckdb
import pytest
from browser_support import (
    EXCEPTION,
    MAIN,
    PAGES,
    PROJECT_ROOT,
    RUN_COUNTER_SCRIPT,
    Diagnostics,
    drawn_async,
    foreign_requests,
    known_streamlit_noise,
    settle_async,
    sidebar_link,
)
from live_server import build_database, running_server

from envdash.core.i18n import t

sys.path.insert(0, str(PROJECT_ROOT / "bench"))
from sections import SECTION_END, SECTION_START, keep_many_users, write_many_users  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SESSIONS = 20
# Generous: twenty browsers and the server share two cores.
TIMEOUT_MS = 180_000
VIEWPORT = {"width": 1280, "height": 800}
# Each session's way through the app, after opening the overview: these pages by the sidebar (each
# session starting at another), then Trends, where it makes its own choices.
ROUTE = ("targets", "compare", "sources", "data")
# People arrive one after another, not in the same millisecond: twenty cold page loads at once on two
# cores only measure the browser. All sessions stay open to the end.
ARRIVAL_SECONDS = 1.0
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync", "--disable-quic"]   # as conftest.py's

# Streamlit stores a download button's bytes as a media file and the browser then checks its URL; a
# session that has already left the Data page (the app's download buttons take bytes, not a
# callable) gets a 404 for it, logged as two console errors. Nothing on screen is wrong: counted in
# the report, not failed.
_DOWNLOAD_LEFT_BEHIND = re.compile(r"/media/[0-9a-f]+\.(csv|xlsx): Failed to load resource: the server responded with "
                                   r"a status of 404|Client Error: Download Button source error - 404$")

BENCHMARKS = PROJECT_ROOT / "BENCHMARKS.md"

_SELECTIONS = """() => Array.from(document.querySelectorAll(
    '[data-testid="stMain"] [data-testid="stSelectbox"], [data-testid="stMain"] [data-testid="stMultiSelect"]'))
  .map(widget => {
    const kind = widget.getAttribute('data-testid');
    const label = widget.querySelector('[data-testid="stWidgetLabel"]');
    const values = kind === 'stMultiSelect'
      ? Array.from(widget.querySelectorAll('[data-tag]'))
          .map(tag => tag.getAttribute('aria-label') || tag.innerText.trim())
      : [widget.querySelector('input[role="combobox"]').value];
    return [label ? label.innerText.trim() : '', values];
  })"""


@dataclass(frozen=True)
class Plan:
    """What one session chooses on Trends: its own metric, and the default places but one."""
    number: int
    metric_id: str
    metric_label: str
    places: dict[str, str]       # the default places, name by id, in their order
    dropped_place: str           # a name

    @property
    def kept_place_ids(self) -> list[str]:
        return [place_id for place_id, name in self.places.items() if name != self.dropped_place]

    @property
    def expected(self) -> list:
        """The Trends widgets as this session left them: label and values of each."""
        return [[t("en", "metric"), [self.metric_label]],
                [t("en", "places"), [self.places[p] for p in self.kept_place_ids]]]


@dataclass
class Outcome:
    plan: Plan
    timings: list[tuple[str, float]] = field(default_factory=list)   # (step, seconds)
    chosen: list | None = None        # the Trends widgets right after choosing
    after_everyone: list | None = None  # the same widgets after all sessions had navigated, and a rerun
    url: str = ""
    problems: list[str] = field(default_factory=list)


def plans(database: Path) -> list[Plan]:
    """Twenty different metrics, spread over the Trends list, and a different place dropped by each."""
    with duckdb.connect(str(database), read_only=True) as connection:
        metrics = connection.execute((PROJECT_ROOT / "queries" / "metrics_with_figures.sql").read_text()).df()
        places = connection.execute((PROJECT_ROOT / "queries" / "places_with_figures.sql").read_text()).df()
    metrics = metrics[metrics.metric_id != "pm25_annual_mean"]   # the default
    assert len(metrics) >= SESSIONS
    step = len(metrics) // SESSIONS
    chosen = metrics.iloc[::step].head(SESSIONS)
    defaults = dict(zip(places.place_id.head(8), places.name_en.head(8)))   # the Trends page's default places
    names = list(defaults.values())
    return [Plan(number, row.metric_id, f"{row.theme_en} · {row.name_en}", defaults, names[number % len(names)])
            for number, row in enumerate(chosen.itertuples())]


# --- one session -------------------------------------------------------------------------------

POLLING_MS = 100


async def _settle(page) -> None:
    await settle_async(page, TIMEOUT_MS, POLLING_MS)


async def _settled_with_title(page, name: str) -> None:
    await drawn_async(page, name, TIMEOUT_MS, POLLING_MS)


async def _settled_with_query(page, name: str, value: str) -> None:
    """The rerun after a choice has ended: the page writes its selections into the URL last."""
    await page.wait_for_function("([name, value]) => new URLSearchParams(location.search).get(name) === value",
                                 arg=[name, value], timeout=TIMEOUT_MS, polling=POLLING_MS)
    await _settle(page)


class Session:
    def __init__(self, context, base_url: str, outcome: Outcome, diagnostics: Diagnostics):
        self.context, self.base_url, self.outcome, self.diagnostics = context, base_url, outcome, diagnostics
        self.page = None

    async def timed(self, step: str, action) -> None:
        started = time.monotonic()
        await action()
        self.outcome.timings.append((step, time.monotonic() - started))
        exceptions = await self.page.locator(EXCEPTION).count()
        if exceptions:
            self.outcome.problems.append(f"{step}: {exceptions} Streamlit exception(s) on {self.page.url}")

    async def open_overview(self) -> None:
        self.page = await self.context.new_page()
        self.diagnostics.watch(self.page)
        await self.page.goto(f"{self.base_url}/?lang=en", timeout=TIMEOUT_MS)
        await _settled_with_title(self.page, "overview")

    async def switch_to(self, name: str) -> None:
        """Click the page's link in the sidebar: the same session, another page."""
        await self.page.locator(sidebar_link(name)).click()
        await self.page.wait_for_url(lambda url: urlsplit(url).path == PAGES[name], timeout=TIMEOUT_MS)
        await _settled_with_title(self.page, name)

    async def choose_metric(self, plan: Plan) -> None:
        box = self.page.locator(f'{MAIN} [data-testid="stSelectbox"]').first.locator('input[role="combobox"]')
        await box.click()
        await box.fill(plan.metric_label)
        await self.page.get_by_role("option", name=plan.metric_label, exact=True).wait_for(timeout=TIMEOUT_MS)
        await box.press("Enter")
        await _settled_with_query(self.page, "metric", plan.metric_id)

    async def drop_place(self, plan: Plan) -> None:
        places = self.page.locator(f'{MAIN} [data-testid="stMultiSelect"]').first
        tag = places.locator("[data-tag]").filter(has=self.page.get_by_text(plan.dropped_place, exact=True))
        await tag.locator('button[aria-label^="Remove"]').click()
        await _settled_with_query(self.page, "places", ",".join(plan.kept_place_ids))

    async def rerun(self) -> None:
        """Streamlit's "r": its rerun-requested state always shows, so the run counter sees it."""
        runs = await self.page.evaluate("() => window.__envdashRuns")
        await self.page.evaluate("() => document.activeElement && document.activeElement.blur()")
        await self.page.keyboard.press("r")
        await self.page.wait_for_function("runs => window.__envdashRuns > runs", arg=runs, timeout=TIMEOUT_MS,
                                          polling=100)
        await _settle(self.page)

    async def selections(self) -> list:
        return await self.page.evaluate(_SELECTIONS)


async def _one_session(browser, base_url: str, plan: Plan, everyone: asyncio.Barrier) -> tuple[Outcome, Diagnostics]:
    outcome = Outcome(plan)
    diagnostics = Diagnostics(int(urlsplit(base_url).port))
    await asyncio.sleep(plan.number * ARRIVAL_SECONDS)
    context = await browser.new_context(viewport=VIEWPORT, locale="en-US", service_workers="block")
    context.set_default_timeout(TIMEOUT_MS)
    context.on("request", lambda request: diagnostics.requests.append(request.url))
    await context.add_init_script(RUN_COUNTER_SCRIPT)
    session = Session(context, base_url, outcome, diagnostics)
    # each session walks the pages in its own order, so that they are not all on one page at once
    route = ROUTE[plan.number % len(ROUTE):] + ROUTE[:plan.number % len(ROUTE)]
    try:
        await session.timed("overview", session.open_overview)
        for name in (*route, "trends"):
            await session.timed(name, lambda name=name: session.switch_to(name))
        await session.timed("trends: choose a metric", lambda: session.choose_metric(plan))
        await session.timed("trends: drop a place", lambda: session.drop_place(plan))
        outcome.chosen = await session.selections()
        await everyone.wait()   # all sessions are open, have been everywhere and made their choices
        await session.timed("trends: rerun with everyone", session.rerun)
        outcome.after_everyone = await session.selections()
        outcome.url = session.page.url
    except BaseException as error:
        await everyone.abort()   # the others stop waiting for this one
        outcome.problems.append(f"session {plan.number} failed: {type(error).__name__}: {error}"[:2000])
    finally:
        await context.close()
    return outcome, diagnostics


async def _all_sessions(base_url: str, session_plans: list[Plan]):
    from playwright.async_api import async_playwright
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        everyone = asyncio.Barrier(len(session_plans))
        started = time.monotonic()
        results = await asyncio.gather(*(_one_session(browser, base_url, plan, everyone) for plan in session_plans))
        wall = time.monotonic() - started
        await browser.close()
    return results, wall


def run_sessions(base_url: str, session_plans: list[Plan]):
    """All sessions at once, in a thread with its own event loop; returns (outcomes, wall seconds)."""
    result: dict = {}

    def main():
        try:
            result["value"] = asyncio.run(_all_sessions(base_url, session_plans))
        except BaseException as error:  # noqa: BLE001 - handed back to the test
            result["error"] = error
    thread = threading.Thread(target=main, name="many-users")
    thread.start()
    thread.join()
    if "error" in result:
        raise result["error"]
    return result["value"]


# --- the report ---------------------------------------------------------------------------------

def write_section(text: str, path: Path = BENCHMARKS) -> None:
    """Replace the many-users section of BENCHMARKS.md (or add it, or create the file); keep the rest."""
    write_many_users(text, path)


def report(outcomes: list[Outcome], wall: float, peak_kib: int, idle_kib: int, left_behind: int) -> str:
    pages = [(seconds, step, outcome.plan.number) for outcome in outcomes for step, seconds in outcome.timings
             if step in PAGES]
    choices = [(seconds, step, outcome.plan.number) for outcome in outcomes for step, seconds in outcome.timings
               if step not in PAGES]
    slowest, slowest_step, slowest_session = max(pages)
    page_times = sorted(seconds for seconds, _, _ in pages)
    p95 = page_times[int(0.95 * (len(page_times) - 1))]
    slowest_choice = max(choices)
    return f"""## Many users: {len(outcomes)} browser sessions on one server

Measured by `tests/browser/test_many_users.py` on {date.today():%Y-%m-%d} ({os.cpu_count()} CPU cores,
Python {platform.python_version()}; the headless Chromium of all sessions runs on the same cores as the
server, so page times include drawing in the browser). {len(outcomes)} sessions arrive {ARRIVAL_SECONDS:g} s apart
and all stay open; each opens the overview, visits every other page through the sidebar, picks its own
metric and places on Trends and, once all have done so, all rerun at once.

| measure | value |
|---|---|
| sessions at once | {len(outcomes)} |
| page views timed (open or sidebar switch, until drawn) | {len(pages)} |
| server peak memory (VmHWM) | {peak_kib / 1024:.0f} MiB (before the sessions: {idle_kib / 1024:.0f} MiB) |
| slowest page | {slowest:.1f} s ({slowest_step}, session {slowest_session}) |
| median page / 95th percentile | {statistics.median(page_times):.1f} s / {p95:.1f} s |
| slowest choice or rerun on Trends | {slowest_choice[0]:.1f} s ({slowest_choice[1]}) |
| all sessions, start to end | {wall:.0f} s |
| download checks that found their file gone (console only) | {left_behind} |
"""


# --- the test -------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def lone_server(tmp_path_factory):
    """A server of its own, so that its peak memory is this test's."""
    folder = tmp_path_factory.mktemp("many-users")
    database = folder / "envdash.duckdb"
    build_database(database)
    with running_server(folder, database) as server:
        yield server


def test_twenty_sessions_at_once_each_see_every_page_and_keep_their_own_choices(chromium, lone_server):
    # `chromium` only for conftest's check that the browser is there (skip, or fail under CI)
    session_plans = plans(lone_server.database)
    idle_kib = lone_server.memory_kib()

    results, wall = run_sessions(lone_server.base_url, session_plans)

    outcomes = [outcome for outcome, _ in results]
    peak_kib = lone_server.peak_memory_kib()
    problems = [problem for outcome in outcomes for problem in outcome.problems]
    left_behind = 0
    for outcome, diagnostics in results:
        left_behind += sum(bool(_DOWNLOAD_LEFT_BEHIND.search(text)) for text in diagnostics.console_errors)
        problems += [f"session {outcome.plan.number}: console error: {text}" for text in diagnostics.console_errors
                     if not (known_streamlit_noise(text) or _DOWNLOAD_LEFT_BEHIND.search(text))]
        problems += [f"session {outcome.plan.number}: page error: {text}" for text in diagnostics.page_errors]
        problems += [f"session {outcome.plan.number}: request to a foreign host: {url}"
                     for url in foreign_requests(diagnostics.requests, diagnostics.port)]
    assert not problems, "\n".join(problems)
    write_section(report(outcomes, wall, peak_kib, idle_kib, left_behind))

    for outcome in outcomes:
        plan = outcome.plan
        assert outcome.chosen == plan.expected, f"session {plan.number} did not get its choices"
        assert outcome.after_everyone == plan.expected, f"session {plan.number} lost its choices to the others"
        assert parse_qs(urlsplit(outcome.url).query)["metric"] == [plan.metric_id]


def test_the_report_replaces_only_its_own_section_of_benchmarks_md(tmp_path):
    path = tmp_path / "BENCHMARKS.md"
    write_section("first", path)
    assert path.read_text(encoding="utf-8") == f"# Benchmarks\n\n{SECTION_START}\nfirst\n{SECTION_END}\n"
    path.write_text("# Benchmarks\n\nbuild: 1 s\n\n## Pages\n\nworst warm page/floor ratio: 1.2\n", encoding="utf-8")

    write_section("second", path)
    write_section("third", path)

    assert path.read_text(encoding="utf-8") == (f"# Benchmarks\n\nbuild: 1 s\n\n{SECTION_START}\nthird\n{SECTION_END}"
                                                f"\n\n## Pages\n\nworst warm page/floor ratio: 1.2\n")


def test_a_new_benchmark_report_keeps_the_many_users_section_and_ends_with_the_ratio():
    old = f"# Benchmarks\n\nold\n\n{SECTION_START}\nusers\n{SECTION_END}\n\n## Build\n\nworst warm page/floor ratio: 9\n"
    new = "# Benchmarks\n\nnew\n\n## Build\n\nworst warm page/floor ratio: 1.5\n"

    kept = keep_many_users(old, new)

    assert kept == f"# Benchmarks\n\nnew\n\n{SECTION_START}\nusers\n{SECTION_END}\n\n## Build\n\nworst warm page/floor ratio: 1.5\n"
    assert keep_many_users("# Benchmarks\n", new) == new
