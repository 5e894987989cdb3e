"""A person's choices on a page are still there when they come back to it through the sidebar."""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from browser_support import (
    MAIN,
    PAGES,
    SIDEBAR,
    TITLE,
    change_selection,
    read_selections,
    wait_for_url_change,
    wait_until_idle,
)

from envdash.core.i18n import t

pytestmark = pytest.mark.browser


def switch_by_sidebar(page, name: str) -> None:
    """Click the page's link in the sidebar (same session) and wait until that page is drawn."""
    base = f"{urlsplit(page.url).scheme}://{urlsplit(page.url).netloc}"
    page.locator(f'{SIDEBAR} a[href="{base}{PAGES[name]}"]').click()
    title = t("en", "overview_title" if name == "overview" else f"nav_{name}")
    page.wait_for_function("([selector, title]) => { const h = document.querySelector(selector);"
                           " return Boolean(h) && h.innerText.trim() === title; }", arg=[TITLE, title], polling=100)
    wait_until_idle(page)


# One page with a selectbox and a multiselect seeded from defaults, one with filters that start empty.
@pytest.mark.parametrize("name", ["trends", "data"])
def test_choices_survive_a_visit_to_another_page_in_the_same_session(browse, name):
    page = browse.open(PAGES[name], "lang=en", charts=False)
    for kind in ("stSelectbox", "stMultiSelect"):
        before = page.url
        change_selection(page, page.locator(f'{MAIN} [data-testid="{kind}"]').first)
        wait_for_url_change(page, before)
        wait_until_idle(page)
    chosen = read_selections(page)

    switch_by_sidebar(page, "overview")
    switch_by_sidebar(page, name)

    assert read_selections(page) == chosen
    browse.assert_clean()
