"""Compare in the browser: the scope picker changes the bars and the link, every bar and its hover say
the scope, the page names the places that do not report, and "same year only" offers a year; in both
languages. Screenshots of the page (zh/en, 1366×768 and 1920×1080, presenter on and off) are saved."""
from __future__ import annotations

import pytest
from browser_support import (MAIN, PAGES, SCREENSHOTS, query_of, save_full_page, settle, wait_for_charts,
                             wait_for_url_change, wait_until_idle)

from envdash.analysis.options import options
from envdash.core.i18n import t
from envdash.present.compare_view import comparison_view, scope_label

pytestmark = pytest.mark.browser

SHARE = "surface_water_good_ratio"
OTHER_SCOPE = "national_controlled_sections"
BAR_TEXT = f'{MAIN} [data-testid="stPlotlyChart"] g.trace.bars text.bartext'
Y_LABELS = f'{MAIN} [data-testid="stPlotlyChart"] g.ytick text'
CAPTIONS = f'{MAIN} [data-testid="stCaptionContainer"]'


def expected_view(lang: str, scope: str | None, places: tuple[str, ...]):
    return comparison_view(options().metric(SHARE), None, lang, False, places, scope)


def picker(page, label: str):
    return page.locator(f'{MAIN} [data-testid="stSelectbox"]').filter(
        has=page.locator('[data-testid="stWidgetLabel"]', has_text=label)).first


def picked(page, label: str) -> str:
    return picker(page, label).locator('input[role="combobox"]').first.input_value()


def choose(page, label: str, option: str) -> None:
    before = page.url
    picker(page, label).locator('input[role="combobox"]').first.click()
    page.locator('[role="listbox"] [role="option"]').filter(has_text=option).first.click()
    wait_for_url_change(page, before)
    settle(page)


def wait_for_bar_text(page, text: str) -> list[str]:
    page.wait_for_function("([selector, text]) => Array.from(document.querySelectorAll(selector))"
                           ".some(element => element.textContent.includes(text))", arg=[BAR_TEXT, text],
                           timeout=15_000)
    return page.locator(BAR_TEXT).all_text_contents()


def hover_text(page) -> str:
    """What the first bar says when the pointer is on it."""
    bar = page.locator(f'{MAIN} [data-testid="stPlotlyChart"] g.trace.bars path').first
    bar.scroll_into_view_if_needed()
    box = bar.bounding_box()    # the plot's drag layer lies over the bar: move the pointer, not hover the path
    page.mouse.move(box["x"] + box["width"] * 0.6, box["y"] + box["height"] / 2)
    hover = page.locator(f'{MAIN} [data-testid="stPlotlyChart"] g.hoverlayer g.hovertext').first
    hover.wait_for(state="visible", timeout=10_000)
    return hover.text_content()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_scope_picker_changes_the_bars_their_labels_the_note_and_the_link(browse, lang):
    page = browse.open(PAGES["compare"], f"lang={lang}&metric={SHARE}")
    places = tuple(options().places.place_id)[:8]
    default = expected_view(lang, None, places)
    label = scope_label(default.evidence.choices, lang)
    scope_title = t(lang, "scope")
    assert picked(page, scope_title) == label(default.evidence.scope)
    default_scope = default.evidence.scope_name(lang)
    texts = wait_for_bar_text(page, default_scope)
    assert len(texts) == len(default.rows) and all(default_scope in text for text in texts)
    assert default_scope in hover_text(page)
    assert page.locator(CAPTIONS).filter(has_text=default.reporting_note).count() == 1

    choose(page, scope_title, label(OTHER_SCOPE))
    assert query_of(page.url)["scope"] == [OTHER_SCOPE]
    chosen = expected_view(lang, OTHER_SCOPE, places)
    other_scope = chosen.evidence.scope_name(lang)
    texts = wait_for_bar_text(page, other_scope)
    assert len(texts) == len(chosen.rows) and all(other_scope in text for text in texts)
    y_labels = " ".join(page.locator(Y_LABELS).all_text_contents())
    assert all(name in y_labels for name in (chosen.evidence.place_names[p][lang == "en"] for p in chosen.rows.place_id))
    assert other_scope in hover_text(page)
    note = chosen.reporting_note
    assert chosen.evidence.other_scope and chosen.evidence.silent
    assert page.locator(CAPTIONS).filter(has_text=note).count() == 1

    reopened = browse.open_url(page.url)
    assert picked(reopened, scope_title) == label(OTHER_SCOPE)
    assert other_scope in " ".join(reopened.locator(BAR_TEXT).all_text_contents())
    browse.assert_clean()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_same_year_only_offers_the_shared_years_and_puts_the_year_in_the_link(browse, lang):
    page = browse.open(PAGES["compare"], f"lang={lang}&metric=air_quality_composite_index")
    before = page.url
    page.locator(MAIN).get_by_text(t(lang, "compare_same_year"), exact=True).click()
    wait_for_url_change(page, before)
    settle(page)
    places = tuple(options().places.place_id)[:8]
    view = comparison_view(options().metric("air_quality_composite_index"), None, lang, False, places, None, True)
    year = view.evidence.year
    assert picked(page, t(lang, "compare_year_picker")).startswith(str(year))
    assert query_of(page.url)["year"] == [str(year)] and query_of(page.url)["same_year"] == ["1"]
    assert all(f" · {year} · " in text for text in page.locator(BAR_TEXT).all_text_contents())
    browse.assert_clean()


SCREENS = [{"width": 1366, "height": 768}, {"width": 1920, "height": 1080}]


@pytest.mark.parametrize("present", [False, True], ids=["normal", "presenter"])
@pytest.mark.parametrize("screen", SCREENS, ids=lambda screen: f"{screen['width']}x{screen['height']}")
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_compare_screenshots(browse, lang, screen, present):
    """The view as a reader sees it, saved to look at; the bars say their scope in every variant."""
    query = f"lang={lang}&metric={SHARE}&scope={OTHER_SCOPE}" + ("&present=1" if present else "")
    page = browse.open(PAGES["compare"], query, viewport=screen)
    wait_for_charts(page)
    page.wait_for_timeout(800)
    SCREENSHOTS.mkdir(exist_ok=True)
    name = f"compare-{lang}-{screen['width']}x{screen['height']}-{'presenter' if present else 'normal'}"
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))
    save_full_page(page, f"{name}-full")
    scope = expected_view(lang, OTHER_SCOPE, tuple(options().places.place_id)[:8]).evidence.scope_name(lang)
    assert all(scope in text for text in page.locator(BAR_TEXT).all_text_contents())
    wait_until_idle(page)
    browse.assert_clean()
