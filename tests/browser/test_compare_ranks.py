"""Ranks beside Compare's bars in the browser, on data where three places share a scope and a year
(tests/fixtures/ranked_project.py): best first, a tie shares its rank, in both languages and in
presenter mode; screenshots saved."""
from __future__ import annotations

import pytest
from browser_support import MAIN, PAGES, SCREENSHOTS, wait_for_charts
from fixtures import ranked_project as ranked
from live_server import build_database, running_server

from envdash.analysis.comparison import rank_text
from envdash.core.i18n import t

pytestmark = pytest.mark.browser

# the Compare chart's place labels, top to bottom (each a name and, on a second line, its rank)
_Y_LABELS = """selector => Array.from(document.querySelector(selector).querySelectorAll('g.ytick text'))
  .map(text => [text.getBoundingClientRect().top, Array.from(text.querySelectorAll('tspan.line'))
                .map(line => line.textContent)])
  .sort((a, b) => a[0] - b[0]).map(([, lines]) => lines)"""
NAMES = {"zh": ("嘉兴市", "慈溪市", "宁波市"), "en": ("Jiaxing", "Cixi", "Ningbo")}


@pytest.fixture(scope="module")
def envdash_server(tmp_path_factory):
    """Overrides conftest's server for this module: `browse` opens pages on the ranked data."""
    root = ranked.make_ranked_project(tmp_path_factory.mktemp("ranked"))
    database = root / "data" / "envdash.duckdb"
    build_database(database, root)
    with running_server(root, database, root) as server:
        yield server


@pytest.mark.parametrize("present", [False, True], ids=["normal", "presenter"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_ranks_sit_beside_the_places_best_first_and_ties_share_a_rank(browse, lang, present):
    query = f"lang={lang}&metric={ranked.METRIC_ID}&scope={ranked.SCOPE_ID}&same_year=1&year=2022" + \
        ("&present=1" if present else "")
    screen = {"width": 1366, "height": 768} if present else {"width": 1920, "height": 1080}
    page = browse.open(PAGES["compare"], query, viewport=screen)
    wait_for_charts(page)
    labels = page.evaluate(_Y_LABELS, f'{MAIN} [data-testid="stPlotlyChart"]')
    # Jiaxing and Cixi both stand at 100% (a tie, in place order), Ningbo at 97.5%
    expected = [rank_text(1, 3, True, lang), rank_text(1, 3, True, lang), rank_text(3, 3, False, lang)]
    assert labels == [[name, rank] for name, rank in zip(NAMES[lang], expected)]
    headline = page.locator('.st-key-headline h3').first.inner_text()
    assert t(lang, "compare_names_and", names=NAMES[lang][0], last=NAMES[lang][1]) in headline
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"compare-ranks-{lang}-{'presenter' if present else 'normal'}.png"))
    browse.assert_clean()
