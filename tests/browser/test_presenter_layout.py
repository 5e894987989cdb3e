"""Presenter mode fits a 16:9 screen: no horizontal scrolling at 1280×720 or 1920×1080."""
from __future__ import annotations

import pytest
from browser_support import PAGES, SIDEBAR

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
