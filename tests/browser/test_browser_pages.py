"""Every page, in Chinese, English and presenter mode, loads cleanly in a real browser, offline."""
from __future__ import annotations

import pytest
from browser_support import (
    PAGES,
    PRESENTER_MIN_FONT_PX,
    SIDEBAR,
    VARIANTS,
    body_font_px,
    save_full_page,
    small_body_text,
)

pytestmark = pytest.mark.browser

PAGE_VARIANTS = [pytest.param(name, variant, id=f"{name}-{variant.name}")
                 for name in PAGES for variant in VARIANTS]


@pytest.mark.parametrize(("name", "variant"), PAGE_VARIANTS)
def test_page_loads_without_errors_or_foreign_requests(browse, name, variant):
    page = browse.open(PAGES[name], variant.query, viewport=variant.viewport)
    save_full_page(page, f"{name}-{variant.name}")
    browse.assert_clean()


PRESENTER = next(variant for variant in VARIANTS if variant.presenter)


@pytest.mark.parametrize("name", list(PAGES))
def test_presenter_mode_hides_the_sidebar_and_uses_large_type(browse, name):
    page = browse.open(PAGES[name], PRESENTER.query, viewport=PRESENTER.viewport, charts=False)
    # the presenter style arrives as an st.html element, which may be drawn just after the run ends
    page.locator(SIDEBAR).wait_for(state="hidden", timeout=10_000)
    assert body_font_px(page) >= PRESENTER_MIN_FONT_PX, f"body text is {body_font_px(page)}px"
    assert small_body_text(page, PRESENTER_MIN_FONT_PX) == [], "body text below the presenter size"
