"""Language and presenter mode stay with the reader: in every link the app makes, across page
switches, and from a shared address; the home page opens at / and at /overview."""
from __future__ import annotations

import pytest

from browser_support import (MAIN, PAGES, SIDEBAR, TITLE, body_font_px, query_of, url_for, wait_until_idle,
                             PRESENTER_MIN_FONT_PX)
from envdash.core.i18n import t

pytestmark = pytest.mark.browser

LANGUAGE_LABELS = {"zh": "中文", "en": "English"}
OTHER = {"zh": "en", "en": "zh"}
# The browser's own language is the other one, so a page in `lang` cannot be the browser's default.
BROWSER_LOCALE = {"zh": "en-US", "en": "zh-CN"}


def title_of(name: str, lang: str) -> str:
    return t(lang, "overview_title" if name == "overview" else f"nav_{name}")


def wait_for_page(page, name: str, lang: str) -> None:
    page.wait_for_function("([selector, title]) => { const h = document.querySelector(selector);"
                           " return Boolean(h) && h.innerText.trim() === title; }",
                           arg=[TITLE, title_of(name, lang)], polling=100, timeout=60_000)
    wait_until_idle(page)


@pytest.fixture
def browse_in_other_locale(browse, chromium):
    """Opens pages in a context whose browser language differs from the page's `lang`."""
    contexts = []

    def open_in(lang: str, path: str, query: str, viewport: dict | None = None):
        context = chromium.new_context(locale=BROWSER_LOCALE[lang], viewport=viewport or {"width": 1366, "height": 768})
        context.set_default_timeout(90_000)
        contexts.append(context)
        page = context.new_page()
        browse.pages.append(page)   # checked by browse.assert_clean()
        browse.diagnostics.watch(page)
        context.on("request", lambda request: browse.diagnostics.requests.append(request.url))
        page.goto(url_for(browse.server.base_url, path, query))
        wait_until_idle(page)
        return page
    yield open_in
    for context in contexts:
        context.close()


def sidebar_link(page, name: str, lang: str):
    return page.locator(SIDEBAR).get_by_role("link", name=title_of(name, lang) if name != "overview"
                                             else t(lang, "nav_overview"))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_sidebar_links_carry_the_language_and_a_click_keeps_it(browse, browse_in_other_locale, lang):
    page = browse_in_other_locale(lang, PAGES["trends"], f"lang={lang}")
    wait_for_page(page, "trends", lang)
    hrefs = [link.get_attribute("href") for link in page.locator(f"{SIDEBAR} a").all()]
    assert len(hrefs) == len(PAGES) and all(f"lang={lang}" in href for href in hrefs), hrefs

    sidebar_link(page, "targets", lang).click()
    wait_for_page(page, "targets", lang)
    assert query_of(page.url)["lang"] == [lang]

    # the reported loss: choose the other language, then move on through the sidebar
    other = OTHER[lang]
    page.locator(SIDEBAR).get_by_role("radio", name=LANGUAGE_LABELS[other]).click()
    wait_for_page(page, "targets", other)
    sidebar_link(page, "data", other).click()
    wait_for_page(page, "data", other)
    assert query_of(page.url)["lang"] == [other]
    sidebar_link(page, "overview", other).click()
    wait_for_page(page, "overview", other)
    assert query_of(page.url)["lang"] == [other] and page.url.split("?")[0].endswith("/overview")
    browse.assert_clean()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_presenter_page_menu_keeps_presenter_mode_and_language(browse, browse_in_other_locale, lang):
    page = browse_in_other_locale(lang, PAGES["trends"], f"lang={lang}&present=1")
    wait_for_page(page, "trends", lang)
    page.locator(SIDEBAR).wait_for(state="hidden", timeout=10_000)
    page.locator(f"{MAIN} [data-testid='stPopoverButton']").filter(has_text=t(lang, "pages_menu")).click()
    link = page.get_by_role("link", name=t(lang, "nav_compare"))
    assert {"lang": [lang], "present": ["1"]}.items() <= query_of(link.get_attribute("href")).items()
    link.click()
    wait_for_page(page, "compare", lang)
    assert query_of(page.url)["present"] == ["1"] and query_of(page.url)["lang"] == [lang]
    page.locator(SIDEBAR).wait_for(state="hidden", timeout=10_000)
    assert body_font_px(page) >= PRESENTER_MIN_FONT_PX
    browse.assert_clean()


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("path", ["/", "/overview"])
def test_home_page_opens_at_the_root_and_at_overview_without_a_dialog(browse, browse_in_other_locale, path, lang):
    page = browse_in_other_locale(lang, path, f"lang={lang}")
    wait_for_page(page, "overview", lang)
    page.wait_for_timeout(1_000)   # a "Page not found" dialog arrives with the run's first messages
    assert page.get_by_role("dialog").count() == 0
    assert page.url.split("?")[0].endswith("/overview") and query_of(page.url)["lang"] == [lang]
    browse.assert_clean()
