"""The reading aids in a real browser, in both languages and in presenter mode: the chart / map /
table / details tabs of Trends and Compare, the map drawn offline, and the targets' badges.

Each test saves what it saw (screenshots/aids-*.png) at 1920×1080 and 1366×768 to be looked at.
"""
from __future__ import annotations

import pytest
from axe_audit import AXE_SCRIPT, audit, blocking
from browser_support import MAIN, PAGES, SCREENSHOTS, query_of, wait_for_charts, wait_for_url_change, wait_until_idle

from envdash.core.i18n import t
from envdash.present.target_badges import BADGE_STYLES

pytestmark = pytest.mark.browser

SCREENS = {"1920x1080": {"width": 1920, "height": 1080}, "1366x768": {"width": 1366, "height": 768}}
MODES = [pytest.param(lang, present, screen, id=f"{lang}-{'present' if present else 'plain'}-{screen}")
         for lang in ("zh", "en") for present in (False, True) for screen in SCREENS]
TAB = f'{MAIN} [data-testid="stTab"]'
PANEL = f'{MAIN} [data-testid="stTabPanel"][role="tabpanel"]'   # the open tab's panel

# What the Plotly map holds, read from the chart itself: the shapes of the places, the labels and
# whether any of it is a geo or tile map (which would fetch a base map).
_MAP_STATE = """() => {
  const plots = Array.from(document.querySelectorAll('[data-testid="stPlotlyChart"] .js-plotly-plot'));
  const plot = plots.find(p => (p.data || []).some(trace => trace.meta && trace.meta.place));
  if (!plot) return null;
  const layout = plot._fullLayout;
  return {
    places: plot.data.filter(trace => trace.meta && trace.meta.place)
                     .map(trace => ({place: trace.meta.place, has_figure: trace.meta.has_figure,
                                     fill: trace.fillcolor})),
    labels: (plot.data.find(trace => trace.name === 'labels') || {text: []}).text,
    types: plot.data.map(trace => trace.type),
    subplots: Object.keys(layout).filter(key => /^(geo|mapbox|map)\\d*$/.test(key)),
    svgText: Array.from(plot.querySelectorAll('text')).map(node => node.textContent).join('\\n'),
  };
}"""


def _query(lang: str, present: bool, extra: str = "") -> str:
    return f"lang={lang}" + ("&present=1" if present else "") + (f"&{extra}" if extra else "")


def _shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.wait_for_timeout(500)      # the last run's elements may still be coming in on a busy machine
    page.screenshot(path=str(SCREENSHOTS / f"aids-{name}.png"))


def _open_tab(page, lang: str, name: str) -> None:
    """Click the tab `name`, wait for the rerun that makes its content, check the URL keeps it."""
    before = page.url
    page.locator(TAB).filter(has_text=t(lang, f"tab_{name}")).first.click()
    wait_for_url_change(page, before)
    wait_until_idle(page)
    assert query_of(page.url)["tab"] == [name]
    selected = page.locator(f'{TAB}[aria-selected="true"]')
    assert t(lang, f"tab_{name}") in selected.inner_text()


def _no_serious_accessibility_finding(page, region: str) -> None:
    """axe-core findings inside `region` (the aid: the open tab, the badges and their table); the
    page as a whole is audited by test_accessibility.py."""
    if not AXE_SCRIPT.exists():
        return          # test_accessibility.py says how to install it, or fails under CI
    inside = [violation for violation in blocking(audit(page))
              if any(page.evaluate("([target, region]) => { const node = document.querySelector(target);"
                                   " return Boolean(node && node.closest(region)); }", [target, region])
                     for target in violation.targets)]
    assert not inside, "\n".join(violation.describe() for violation in inside)


def _tab_labels(page) -> list[str]:
    return [text.strip() for text in page.locator(TAB).all_inner_texts()]


@pytest.mark.parametrize(("lang", "present", "screen"), MODES)
def test_trends_chart_table_and_details_tabs(browse, lang, present, screen):
    page = browse.open(PAGES["trends"], _query(lang, present, "metric=pm25_annual_mean&places=jiaxing,cixi"),
                       viewport=SCREENS[screen])
    labels = _tab_labels(page)
    assert [any(t(lang, f"tab_{name}") in label for label in labels) for name in ("chart", "table", "details")] == \
        [True] * 3, labels
    # the chart's tab is first and open, and only its content is made
    assert t(lang, "tab_chart") in page.locator(f'{TAB}[aria-selected="true"]').inner_text()
    page.locator(f'{PANEL} [data-testid="stPlotlyChart"]').first.wait_for(state="visible", timeout=15_000)
    assert page.locator(f'{PANEL} [data-testid="stPlotlyChart"]').count() == 1
    assert page.locator(f'{PANEL} [data-testid="stDataFrame"], {PANEL} [data-testid="stTable"]').count() == 0
    chart = page.locator(f'{PANEL} [data-testid="stPlotlyChart"]').first.bounding_box()
    assert chart["width"] >= 0.6 * SCREENS[screen]["width"], "the chart keeps the page's width"
    _shot(page, f"trends-chart-{lang}-{'present' if present else 'plain'}-{screen}")

    _open_tab(page, lang, "table")
    table = page.locator(f'{PANEL} [data-testid="stTable"]' if present else f'{PANEL} [data-testid="stDataFrame"]')
    table.first.wait_for(state="visible")
    assert page.locator(f'{PANEL} [data-testid="stPlotlyChart"]').count() == 0
    assert page.locator(".st-key-trends-table-sentence").count() == 1, "the rows' sentences are a step away"
    _shot(page, f"trends-table-{lang}-{'present' if present else 'plain'}-{screen}")

    _open_tab(page, lang, "details")
    details = page.locator(PANEL).inner_text()
    for key in ("details_definition", "details_unit", "details_direction", "direction_lower_better",
                "details_references", "details_reports"):
        assert t(lang, key) in details, f"{key} missing from the details"
    assert "GB 3095-2012" in details and "WHO" in details, "reference values name their sources"
    assert page.locator(f'{PANEL} [class*="st-key-details-report-"] a').count() >= 1
    _shot(page, f"trends-details-{lang}-{'present' if present else 'plain'}-{screen}")
    _no_serious_accessibility_finding(page, '[data-testid="stTabs"]')
    browse.assert_clean()


@pytest.mark.parametrize(("lang", "present", "screen"), MODES)
def test_compare_map_colours_the_places_with_a_figure_and_marks_the_others(browse, lang, present, screen):
    page = browse.open(PAGES["compare"], _query(lang, present, "metric=air_quality_composite_index"),
                       viewport=SCREENS[screen])
    assert [any(t(lang, f"tab_{name}") in label for label in _tab_labels(page))
            for name in ("chart", "map", "table", "details")] == [True] * 4
    _open_tab(page, lang, "map")
    wait_for_charts(page)
    state = page.evaluate(_MAP_STATE)
    assert state is not None, "no map on the map tab"
    assert state["subplots"] == [] and set(state["types"]) == {"scatter"}, "no geo, tile or mapbox map"
    places = {item["place"]: item for item in state["places"]}
    assert set(places) == {"jiangsu", "ningbo", "jiaxing", "baoding", "cixi"}
    with_figure = {place for place, item in places.items() if item["has_figure"]}
    # the seed: Baoding reports the index for its whole area, Jiaxing only for its urban districts
    assert with_figure == {"baoding"}
    grey = {item["fill"] for place, item in places.items() if place not in with_figure}
    assert len(grey) == 1 and not grey & {places[place]["fill"] for place in with_figure}
    assert state["svgText"].count(t(lang, "map_no_figure")) == 3, "Ningbo, Cixi and Jiangsu say they have none"
    assert state["svgText"].count(t(lang, "map_absent_other_scope")) == 1, "Jiaxing says why it is not compared"
    assert t(lang, "map_caption")[:12] in page.locator(PANEL).inner_text()
    _shot(page, f"compare-map-{lang}-{'present' if present else 'plain'}-{screen}")
    _no_serious_accessibility_finding(page, '[data-testid="stTabs"]')

    _open_tab(page, lang, "table")
    assert page.locator(f'{PANEL} [data-testid="{"stTable" if present else "stDataFrame"}"]').count() == 1
    _open_tab(page, lang, "details")
    assert t(lang, "details_scopes") in page.locator(PANEL).inner_text() or \
        t(lang, "details_definition") in page.locator(PANEL).inner_text()
    _shot(page, f"compare-details-{lang}-{'present' if present else 'plain'}-{screen}")
    browse.assert_clean()      # and no request left the machine for the map


def _rgb(hex_colour: str) -> str:
    return "rgb({}, {}, {})".format(*(int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)))


@pytest.mark.parametrize(("lang", "present", "screen"), MODES)
def test_targets_badges_say_the_progress_in_words_and_colours(browse, lang, present, screen):
    page = browse.open(PAGES["targets"], _query(lang, present), viewport=SCREENS[screen])
    badges = page.locator(".st-key-targets-badges [data-testid='stMarkdownContainer'] span[class]")
    summary = page.locator(".st-key-targets-badges").inner_text()
    # the seed's targets: none met or missed yet, three already at their level by 2022, one estimate
    assert f"{t(lang, 'badge_at_level_earlier')}: 3" in summary
    assert f"{t(lang, 'badge_not_assessed')}: 1" in summary
    assert t(lang, "badge_met") not in summary.replace(t(lang, "badge_at_level_earlier"), "")
    colours = page.evaluate("""() => Array.from(document.querySelectorAll('.st-key-targets-badges span'))
        .filter(span => span.children.length && getComputedStyle(span).backgroundColor !== 'rgba(0, 0, 0, 0)')
        .map(span => [span.innerText.trim(), getComputedStyle(span).color, getComputedStyle(span).backgroundColor])""")
    by_text = {text: (colour, background) for text, colour, background in colours}
    earlier = next(value for text, value in by_text.items() if t(lang, "badge_at_level_earlier") in text)
    style = BADGE_STYLES["at_level_earlier"]
    assert earlier == (_rgb(style.text), _rgb(style.background)), "the badge is drawn in its Okabe–Ito colours"
    assert badges.count() >= 1
    if present:
        # a presenter's table shows the badges themselves, in words
        table_text = page.locator(f'{MAIN} [data-testid="stTable"]').last.inner_text()
        assert t(lang, "badge_no_actual") in table_text and t(lang, "badge_at_level_earlier") in table_text
        assert t(lang, "distance_equal") in table_text, "Jiaxing's 2022 PM2.5 is exactly at its 2023 target"
    _no_serious_accessibility_finding(page, '.st-key-targets-badges, [class*="st-key-targets-table"]')
    page.locator(".st-key-targets-badges").scroll_into_view_if_needed()
    _shot(page, f"targets-{lang}-{'present' if present else 'plain'}-{screen}")
    browse.assert_clean()
