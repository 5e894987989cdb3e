"""Every action can be done with the keyboard alone: opening a table row's sentence (the grid and a
presenter's table), and the policy-focus heatmap's cells really select with a click."""
from __future__ import annotations

import pytest

from browser_support import PAGES, query_of, wait_until_idle
from envdash.core.i18n import t

pytestmark = pytest.mark.browser

MAX_TABS = 80


def tab_until(page, condition: str, what: str) -> int:
    """Press Tab until `condition` (a JS expression on `active`, the focused element) holds."""
    for presses in range(1, MAX_TABS + 1):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => {{ const active = document.activeElement; return Boolean({condition}); }}"):
            return presses
    raise AssertionError(f"{what} not reached with {MAX_TABS} presses of Tab")


def start_from_the_top(page) -> None:
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }")


def follow_focused_link_with_enter(page) -> None:
    before = page.url
    page.keyboard.press("Enter")
    page.wait_for_function("old => window.location.href !== old", arg=before)
    wait_until_idle(page)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_grid_rows_sentence_opens_with_the_keyboard_alone(browse, lang):
    page = browse.open(PAGES["trends"], f"lang={lang}&tab=table")
    start_from_the_top(page)
    tab_until(page, "active.closest('.st-key-trends-table-grid') && active.tagName === 'CANVAS'", "the table's cells")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Shift+Space")          # selects the row of the focused cell
    link = page.locator(".st-key-trends-table-sentence a")
    link.wait_for(state="visible")
    tab_until(page, "active.closest('.st-key-trends-table-sentence') && active.tagName === 'A'", "the sentence link")
    follow_focused_link_with_enter(page)
    opened = query_of(page.url)
    assert page.url.split("?")[0].endswith("/sources") and opened["focus"][0] and opened["lang"] == [lang]
    # and back, with the keyboard too
    start_from_the_top(page)
    tab_until(page, "active.closest('.st-key-sources-back') && active.tagName === 'A'", "the way back")
    follow_focused_link_with_enter(page)
    assert page.url.split("?")[0].endswith("/trends")
    browse.assert_clean()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_presenters_table_row_opens_with_the_keyboard_alone(browse, lang):
    page = browse.open(PAGES["targets"], f"lang={lang}&present=1", viewport={"width": 1366, "height": 768})
    start_from_the_top(page)
    tab_until(page, "active.closest('.st-key-targets-table-sentence') && active.getAttribute('role') === 'combobox'",
              "the row picker")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    wait_until_idle(page)
    page.locator(".st-key-targets-table-sentence a").wait_for(state="visible")
    tab_until(page, "active.closest('.st-key-targets-table-sentence') && active.tagName === 'A'", "the sentence link")
    follow_focused_link_with_enter(page)
    opened = query_of(page.url)
    assert opened["present"] == ["1"] and opened["back"] == ["targets"] and opened["lang"] == [lang]
    browse.assert_clean()


# The centre of one heatmap cell in page coordinates, from Plotly's own axes.
_CELL_CENTRE = """([row, column]) => {
  const plot = document.querySelector('.st-key-policy_heatmap .js-plotly-plot, [class*="policy_heatmap"] .js-plotly-plot')
    || Array.from(document.querySelectorAll('.js-plotly-plot')).pop();
  const layout = plot._fullLayout, heat = plot._fullData[0];
  const area = plot.querySelector('.nsewdrag').getBoundingClientRect();
  const x = layout.xaxis.d2p(heat.x[column]), y = layout.yaxis.d2p(heat.y[row]);
  return {x: area.left + x, y: area.top + y, place: heat.y[row], theme: heat.x[column], rows: heat.y.length,
          columns: heat.x.length};
}"""


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_clicking_a_heatmap_cell_selects_its_place_and_theme(browse, lang):
    page = browse.open(PAGES["compare"], f"lang={lang}", viewport={"width": 1366, "height": 900})
    heading = page.get_by_role("heading", name=t(lang, "policy_focus_header"))
    heading.scroll_into_view_if_needed()
    page.locator(".js-plotly-plot").last.scroll_into_view_if_needed()
    cell = page.evaluate(_CELL_CENTRE, [1, 0])
    assert cell["rows"] >= 2 and cell["columns"] >= 2
    page.mouse.click(cell["x"], cell["y"])
    page.wait_for_function(
        "([place, theme]) => { const values = Array.from(document.querySelectorAll("
        "'[data-testid=\"stMain\"] [data-testid=\"stSelectbox\"] input')).map(input => input.value);"
        " return values.includes(place) && values.includes(theme); }",
        arg=[cell["place"], cell["theme"]], timeout=30_000)
    wait_until_idle(page)
    assert query_of(page.url)["focus_place"] and query_of(page.url)["focus_theme"]
    browse.assert_clean()
