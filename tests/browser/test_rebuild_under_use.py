"""A curator edits a data file while people are using the app.

The server reads a copy of data/ (ENVDASH_ROOT); the tests edit Baoding's 2023 air-quality
composite index (4.74 in the report and its curation) while four sessions are open on pages that
show it, then rerun all of them at once.
"""
from __future__ import annotations

import re
import shutil
import threading
import time
from pathlib import Path

import pytest
from browser_support import (
    MAIN,
    PAGES,
    RUN_COUNTER_SCRIPT,
    change_selection,
    rerun_all,
    wait_for_url_change,
    wait_until_idle,
)
from live_server import build_database, running_server

from envdash.core.i18n import t

pytestmark = pytest.mark.browser

CURATED = "data/curated/baoding_2024_meeting.yaml"
REPORT = "data/sources/001_396b5dfcc4d9a12c.txt"
OLD, NEW = "4.74", "4.71"
BROKEN_LINE = 7   # the line of `value: 4.74` in CURATED, which the banner must name

# Pages that show the figure: the overview card, the trend headline and chart, the comparison
# chart, and the report text.
SHOWING_THE_FIGURE = [
    ("overview", "lang=en"),
    ("trends", "lang=en&metric=air_quality_composite_index&places=baoding"),
    ("compare", "lang=en&metric=air_quality_composite_index"),
    ("sources", "lang=en&source=baoding_2024_meeting"),
]

# Records the text of every toast a page shows, however briefly (an init script).
TOAST_RECORDER = """
window.__envdashToasts = [];
const seenToasts = new WeakSet();
new MutationObserver(() => {
  for (const toast of document.querySelectorAll('[data-testid="stToast"]')) {
    if (!seenToasts.has(toast) && toast.innerText.trim()) {
      seenToasts.add(toast);
      window.__envdashToasts.push(toast.innerText.trim());
    }
  }
}).observe(document, {subtree: true, childList: true, characterData: true});
"""


def _recheck_seconds() -> float:
    """How long the app trusts its last look at the data files (an edit is noticed after it)."""
    from envdash.present import page as ui
    return float(getattr(ui, "RECHECK_SECONDS", 0.0))


@pytest.fixture
def live_data(tmp_path) -> Path:
    """A copy of the project's data/ with its database built in place, as on a server."""
    root = tmp_path / "live"
    shutil.copytree(Path(__file__).resolve().parents[2] / "data", root / "data",
                    ignore=shutil.ignore_patterns("envdash.duckdb*", ".envdash.duckdb*"))
    build_database(root / "data" / "envdash.duckdb", root)
    return root


@pytest.fixture
def envdash_server(live_data):
    """Overrides conftest's server: this one reads, and rebuilds, the copy in `live_data`."""
    with running_server(live_data, live_data / "data" / "envdash.duckdb", live_data) as server:
        yield server


class SwapCounter:
    """Counts how often the database file is replaced (each build swaps in a new file: a new inode)."""

    def __init__(self, database: Path):
        self.database = database
        self.swaps = 0
        self._running = True
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()

    def _inode(self):
        try:
            return self.database.stat().st_ino
        except FileNotFoundError:
            return None

    def _watch(self) -> None:
        last = self._inode()
        while self._running:
            current = self._inode()
            if current != last and current is not None:
                self.swaps += 1
                last = current
            time.sleep(0.002)

    def stop(self) -> int:
        self._running = False
        self._thread.join()
        return self.swaps


def edit(root: Path, relative: str, old: str, new: str) -> None:
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {relative}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def open_sessions(browse) -> list:
    browse.context.add_init_script(RUN_COUNTER_SCRIPT)
    browse.context.add_init_script(TOAST_RECORDER)
    return [browse.open(PAGES[name], query) for name, query in SHOWING_THE_FIGURE]


def rerun_everyone_after_an_edit(pages) -> None:
    """Wait until the app looks at the files again, then rerun every session at once."""
    time.sleep(_recheck_seconds() + 0.3)
    rerun_all(pages)


def shown_text(page) -> str:
    return page.locator(MAIN).inner_text()


def shows(page, value: str) -> bool:
    return re.search(rf"(?<![\d.]){re.escape(value)}(?![\d])", shown_text(page)) is not None


def banners_on(page) -> int:
    """How many "showing the last good database" banners the page shows."""
    return page.locator(f'{MAIN} [data-testid="stAlert"]').filter(has_text=t("en", "build_failed", count=1)).count()


def rebuilt_toasts(pages) -> list[str]:
    message = t("en", "rebuilt")
    return [text for page in pages for text in page.evaluate("() => window.__envdashToasts") if message in text]


def test_an_edit_is_rebuilt_once_and_every_open_session_shows_the_new_value(browse, live_data):
    pages = open_sessions(browse)
    assert [page.url for page in pages if not shows(page, OLD)] == []
    swaps = SwapCounter(live_data / "data" / "envdash.duckdb")

    edit(live_data, REPORT, f"综合指数{OLD}", f"综合指数{NEW}")
    edit(live_data, CURATED, OLD, NEW)
    rerun_everyone_after_an_edit(pages)

    assert swaps.stop() == 1, "the database was not rebuilt exactly once"
    assert len(rebuilt_toasts(pages)) == 1, "exactly one session ran the rebuild and said so"
    assert [page.url for page in pages if not shows(page, NEW) or shows(page, OLD)] == []

    trends = pages[1]   # the sessions keep working on the new database
    before = trends.url
    change_selection(trends, trends.locator(f'{MAIN} [data-testid="stMultiSelect"]').first)
    wait_for_url_change(trends, before)
    wait_until_idle(trends)
    newcomer = browse.open(PAGES["overview"], "lang=en")
    assert shows(newcomer, NEW) and not shows(newcomer, OLD)
    browse.assert_clean()


def test_a_broken_edit_keeps_everyone_on_the_last_good_database_with_a_banner_until_it_is_fixed(browse, live_data):
    pages = open_sessions(browse)
    database = live_data / "data" / "envdash.duckdb"
    swaps = SwapCounter(database)

    edit(live_data, CURATED, f"value: {OLD}", "value: .nan")
    rerun_everyone_after_an_edit(pages)

    assert swaps.stop() == 0, "a failed build replaced the database"
    problem = f"{CURATED}:{BROKEN_LINE}: figures[0]: value: must be a finite number"
    banners = {page.url: banners_on(page) for page in pages}
    assert [url for url, count in banners.items() if not count] == [], "pages without the banner"
    for page in pages:
        assert problem in shown_text(page), f"the banner on {page.url} does not name the file, line and problem"
        assert shows(page, OLD), f"{page.url} no longer shows the last good value"

    swaps = SwapCounter(database)
    edit(live_data, REPORT, f"综合指数{OLD}", f"综合指数{NEW}")
    edit(live_data, CURATED, "value: .nan", f"value: {NEW}")
    edit(live_data, CURATED, f"综合指数{OLD}", f"综合指数{NEW}")   # the quote
    rerun_everyone_after_an_edit(pages)

    assert swaps.stop() == 1
    for page in pages:
        assert banners_on(page) == 0 and CURATED not in shown_text(page), f"{page.url} still shows the banner"
        assert shows(page, NEW) and not shows(page, OLD), page.url
    browse.assert_clean()
    assert [url for url, count in banners.items() if count != 1] == [], f"the banner is shown more than once: {banners}"
