"""Presenter mode fits the screen: no horizontal scrolling at 1280×720 or 1920×1080, and the first
screen shows each page's title line, headline and chart whole at 1366×768 and 1920×1080."""
from __future__ import annotations

import pytest
from browser_support import MAIN, PAGES, SCREENSHOTS, SIDEBAR

pytestmark = pytest.mark.browser

SCREENS = [{"width": 1280, "height": 720}, {"width": 1920, "height": 1080}]

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


# What the first screen of each page must show in presenter mode, whole and without scrolling: the
# title line (with its menus and the way out), and the page's headline and chart where it has them.
FIRST_SCREEN = {
    "overview": ['.st-key-presenter-bar', '.st-key-overview-card-0 h3', '.st-key-overview-card-1 h3'],
    "trends": ['.st-key-presenter-bar', '.st-key-headline h3', '[data-testid="stPlotlyChart"]'],
    "targets": ['.st-key-presenter-bar', '.st-key-headline h3', '[data-testid="stPlotlyChart"]'],
    "compare": ['.st-key-presenter-bar', '.st-key-headline h3', '[data-testid="stPlotlyChart"]'],
    "sources": ['.st-key-presenter-bar', f'{MAIN} h3'],
    "data": ['.st-key-presenter-bar', '[data-testid="stDataFrame"]'],
}
FIT_SCREENS = [{"width": 1366, "height": 768}, {"width": 1920, "height": 1080}]
HEADLINE_MIN_PX = 26.0

_BOXES = """selectors => {
  const main = document.querySelector('[data-testid="stMain"]');
  return {scrolled: main ? main.scrollTop : 0, height: window.innerHeight, width: window.innerWidth,
          boxes: selectors.map(selector => {
            const element = document.querySelector(selector);
            if (!element) return {selector, missing: true};
            const box = element.getBoundingClientRect();
            return {selector, top: box.top, bottom: box.bottom, left: box.left, right: box.right,
                    font: parseFloat(getComputedStyle(element).fontSize)};
          })};
}"""


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("screen", FIT_SCREENS, ids=lambda screen: f"{screen['width']}x{screen['height']}")
@pytest.mark.parametrize("name", list(PAGES))
def test_presenter_first_screen_shows_the_headline_and_the_chart_whole(browse, name, screen, lang):
    page = browse.open(PAGES[name], f"lang={lang}&present=1", viewport=screen)
    page.locator(SIDEBAR).wait_for(state="hidden", timeout=10_000)
    if screen["width"] == 1366:   # the first screen as the room sees it, to look at
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"presenter-1366x768-{name}-{lang}.png"))
    measured = page.evaluate(_BOXES, FIRST_SCREEN[name])
    assert measured["scrolled"] == 0
    print(name, lang, f"{screen['width']}x{screen['height']}",
          [(box["selector"], round(box.get("top", -1)), round(box.get("bottom", -1))) for box in measured["boxes"]])
    for box in measured["boxes"]:
        assert not box.get("missing"), f"{box['selector']} is not on the {name} page"
        assert box["top"] >= 0 and box["bottom"] <= measured["height"] + 0.5, \
            f"{box['selector']} spans {box['top']:.0f}–{box['bottom']:.0f} px of a {measured['height']} px screen"
        assert box["right"] <= measured["width"] + 0.5
        if "headline" in box["selector"]:
            assert box["font"] >= HEADLINE_MIN_PX, f"headline set at {box['font']} px"
    browse.assert_clean()
