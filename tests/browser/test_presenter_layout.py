"""Presenter mode fits the screen: no horizontal scrolling at 1280×720 or 1920×1080, and the first
screen shows each page's title line, headline and chart whole at 1366×768 and 1920×1080."""
from __future__ import annotations

import pytest
from browser_support import PAGES, SCREENSHOTS, SIDEBAR, first_screen_problems

pytestmark = pytest.mark.browser

SCREENS = [{"width": 1280, "height": 720}, {"width": 1920, "height": 1080}]
PROJECTOR = {"width": 1366, "height": 768}

# Streamlit scrolls inside its main section; both it and the document must fit the width.
_OVERFLOW = """() => [document.scrollingElement, document.querySelector('[data-testid="stMain"]')]
    .filter(Boolean).map(element => element.scrollWidth - element.clientWidth)"""


@pytest.mark.parametrize("screen", SCREENS, ids=lambda screen: f"{screen['width']}x{screen['height']}")
@pytest.mark.parametrize("name", list(PAGES))
def test_presenter_page_has_no_horizontal_scrolling(browse, name, screen):
    page = browse.open(PAGES[name], "lang=en&present=1", viewport=screen)
    page.locator(SIDEBAR).wait_for(state="hidden", timeout=10_000)
    overflow = page.evaluate(_OVERFLOW)
    assert max(overflow) <= 1, f"{name} at {screen['width']}×{screen['height']} scrolls sideways by {max(overflow)} px"


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name", list(PAGES))
def test_presenter_first_screen_at_1366x768_shows_the_headline_and_the_chart_whole(browse, name, lang):
    """1920×1080 is measured in test_accessibility.py, on the page it audits."""
    page = browse.open(PAGES[name], f"lang={lang}&present=1", viewport=PROJECTOR)
    page.locator(SIDEBAR).wait_for(state="hidden", timeout=10_000)
    SCREENSHOTS.mkdir(exist_ok=True)   # the first screen as the room sees it, to look at
    page.wait_for_timeout(1_000)       # elements of the last run may still be coming in on a busy machine
    page.screenshot(path=str(SCREENSHOTS / f"presenter-1366x768-{name}-{lang}.png"))
    problems, boxes = first_screen_problems(page, name)
    print(f"{name} {lang} 1366x768: {boxes}")
    assert not problems, problems
    browse.assert_clean()
