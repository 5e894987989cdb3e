"""Data strings that are HTML, script, Markdown or Streamlit markup show as literal text on every page.

This module's server reads the hostile data set (tests/fixtures/hostile_project.py): the real data
plus a place, metric, report and curation whose every text field carries <script>, <img onerror>,
a javascript: Markdown link, :red[...], **bold**, $math$ and a bare URL.
"""
from __future__ import annotations

import re
import time
from dataclasses import dataclass

import pytest
from browser_support import MAIN, PAGES
from fixtures import hostile_project as hostile
from live_server import build_database, running_server

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def hostile_data(tmp_path_factory):
    project = hostile.make_hostile_project(tmp_path_factory.mktemp("hostile"))
    database = project.data / "envdash.duckdb"
    build_database(database, project.root)
    return project, hostile.record_ids(database)


@pytest.fixture(scope="module")
def envdash_server(hostile_data):
    """Overrides conftest's server for this module: `browse` opens pages on the hostile data."""
    project, _ = hostile_data
    with running_server(project.root, project.data / "envdash.duckdb", project.root) as server:
        yield server


@pytest.fixture
def dialogs(browse) -> list[str]:
    """Every alert, confirm or prompt any page of the test opened (dismissed at once)."""
    opened: list[str] = []

    def on_dialog(dialog):
        opened.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()
    browse.context.on("dialog", on_dialog)
    return opened


# Each payload, had it been read as markup, leaves one of these behind.
_INJECTED = """() => {
  const found = [];
  const all = selector => Array.from(document.querySelectorAll(selector));
  const own = element => element.textContent.trim();
  all('img[src="x"], [onerror]').forEach(e => found.push(`element from <img onerror>: ${e.outerHTML.slice(0, 80)}`));
  all('script').filter(e => e.textContent.includes('alert(')).forEach(() => found.push('a <script> running alert()'));
  all('a[href^="javascript" i]').forEach(e => found.push(`javascript: link ${e.outerHTML.slice(0, 80)}`));
  all('a').filter(e => own(e) === 'click').forEach(() => found.push('Markdown link [click](...) rendered as a link'));
  all('a[href*="example.invalid"]').forEach(e => found.push(`bare URL made a link: ${e.href}`));
  all('.katex, math').forEach(() => found.push('$x$ rendered as math'));
  all('strong, b').filter(e => own(e) === 'bold').forEach(() => found.push('**bold** rendered bold'));
  all('span, p, div').filter(e => e.childElementCount === 0 && own(e) === 'boom')
    .forEach(() => found.push(':red[boom] rendered as coloured text'));
  return found;
}"""


def injected_markup(page) -> list[str]:
    return page.evaluate(_INJECTED)


def visible_text(page) -> str:
    """The main area's text as a reader sees it (the word joiner md() puts into bare URLs is invisible)."""
    return page.locator(MAIN).inner_text().replace("\u2060", "")


def missing_strings(page, expected: dict[str, str], wait_ms: int = 15_000) -> list[str]:
    """Expected strings not in the page's text, looking again for a while: chart labels arrive
    with the chart's second layout pass."""
    deadline = time.monotonic() + wait_ms / 1000
    while True:
        text = visible_text(page)
        missing = [f"{name}: {value!r}" for name, value in expected.items() if value not in text]
        if not missing or time.monotonic() > deadline:
            return missing
        page.wait_for_timeout(500)


@dataclass(frozen=True)
class View:
    name: str
    page: str
    query: str                       # may name {figure} and {directive}: ids of hostile records
    shows: tuple[str, ...] = ()      # names of hostile_project strings the view must show literally

    @property
    def lang(self) -> str:
        return re.search(r"lang=(\w+)", self.query).group(1)

    def expected(self) -> dict[str, str]:
        strings = {}
        for name in self.shows:
            value = getattr(hostile, name)
            strings[name] = value[self.lang] if isinstance(value, dict) else value
        return strings


HOSTILE_METRIC = f"metric={hostile.METRIC_ID}&places={hostile.PLACE_ID},baoding"
FOCUS = f"focus_place={hostile.PLACE_ID}&focus_theme={hostile.THEME_ID}"
REPORT_TEXT = ("QUOTE_2022", "QUOTE_2023", "FORMULA_QUOTE", "QUOTE_TARGET", "QUOTE_BAODING", "QUOTE_PM25",
               "QUOTE_DIRECTIVE")
REPORT = ("SOURCE_TITLE", "PLACE_NAME", "ISSUER", "SOURCE_KIND", "TITLE_NOTE", "PUBLISHED_NOTE", *REPORT_TEXT)

# Every page's default view, and the views that show the hostile records (Chinese where a field has
# a Chinese form the English views do not show).
VIEWS = [
    View("overview", "overview", "lang=en", ("PLACE_NAME", "SOURCE_TITLE")),
    View("overview-zh", "overview", "lang=zh", ("PLACE_NAME", "SOURCE_TITLE")),
    View("trends", "trends", "lang=en", ("PLACE_NAME", "SOURCE_TITLE")),
    View("trends-hostile-metric", "trends", f"lang=en&{HOSTILE_METRIC}",
         ("METRIC_NAME", "PLACE_NAME", "REFERENCE_LABEL", "SOURCE_TITLE")),
    # the metric's name shows on Targets only in the grid (drawn on a canvas) and the chart's axis
    # labels; the Trends and Compare views check it in text
    View("targets", "targets", "lang=en", ("PLACE_NAME", "SOURCE_TITLE")),
    View("compare", "compare", "lang=en", ("PLACE_NAME", "SOURCE_TITLE")),
    View("compare-hostile-metric-and-focus", "compare", f"lang=en&metric={hostile.METRIC_ID}&{FOCUS}",
         ("METRIC_NAME", "METRIC_DEFINITION", "PLACE_NAME", "REFERENCE_LABEL", "SOURCE_TITLE", "QUOTE_DIRECTIVE",
          "SUMMARY")),
    View("compare-all-metrics", "compare", "lang=en&view=all", ("METRIC_NAME", "PLACE_NAME")),
    View("sources", "sources", "lang=en"),
    View("sources-hostile-figure", "sources", "lang=en&focus={figure}", ("METRIC_NAME", *REPORT)),
    View("sources-hostile-directive-zh", "sources", "lang=zh&focus={directive}", ("SUMMARY", *REPORT)),
    # the reading aids: a metric's details, a scope's name and definition, a place the map cannot draw
    View("trends-details-hostile-metric", "trends", f"lang=en&{HOSTILE_METRIC}&tab=details",
         ("METRIC_DEFINITION", "REFERENCE_LABEL", "REFERENCE_SOURCE", "SOURCE_TITLE", "ISSUER")),
    View("trends-details-hostile-scope-zh", "trends",
         f"lang=zh&metric=pm25_annual_mean&places={hostile.PLACE_ID}&tab=details",
         ("SCOPE_PLUS", "SCOPE_DEFINITION", "SOURCE_TITLE", "ISSUER")),
    View("compare-map-hostile-place", "compare", f"lang=en&metric={hostile.METRIC_ID}&tab=map", ("PLACE_NAME",)),
    View("data", "data", "lang=en"),
    View("data-hostile-metric", "data", f"lang=en&metrics={hostile.METRIC_ID}", ("METRIC_NAME",)),
    View("data-empty-result-names-hostile-place", "data", f"lang=en&places={hostile.PLACE_ID}&themes=water",
         ("PLACE_NAME",)),
]
assert {view.page for view in VIEWS} == set(PAGES), "every page is opened on the hostile data"


@pytest.mark.parametrize("view", VIEWS, ids=[view.name for view in VIEWS])
def test_hostile_strings_show_as_literal_text_and_inject_nothing(browse, dialogs, hostile_data, view):
    _, ids = hostile_data
    query = view.query.format(figure=ids[hostile.QUOTE_2023], directive=ids[hostile.QUOTE_DIRECTIVE])

    page = browse.open(PAGES[view.page], query)

    assert dialogs == [], "a data string ran as script"
    injected = injected_markup(page)
    assert not injected, "data strings were read as HTML or Markdown:\n" + "\n".join(injected)
    missing = missing_strings(page, view.expected())
    assert not missing, "data strings are not shown as the literal text:\n" + "\n".join(missing)
    browse.assert_clean()
