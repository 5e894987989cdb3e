"""Following a figure to its sentence: in the same tab, keeping language and presenter mode, the
sentence marked so that it stands out on a projector and scrolled into view, and a way back that
reopens the exact view the reader left."""
from __future__ import annotations

import pytest

from browser_support import (PAGES, SCREENSHOTS, SIDEBAR, contrast_ratio, parse_colour, query_of,
                             read_selections, wait_until_idle)
from envdash.core.i18n import t

pytestmark = pytest.mark.browser

SCREEN = {"width": 1366, "height": 768}
MARK = '.stMarkdownColoredBackground:has(> strong)'
TEXT_MARK = f'.st-key-sources-focus {MARK}'
# WCAG AAA for text (7:1); against the neighbours, a marked background at least as far from theirs as
# AA asks of text (4.5:1), so that it still reads as different on a washed-out projector.
TEXT_CONTRAST = 7.0
NEIGHBOUR_CONTRAST = 4.5

_COLOURS = """mark => {
  const marked = document.querySelector(mark);
  const box = document.querySelector('.st-key-sources-text');
  const others = Array.from(box.querySelectorAll('.stMarkdownColoredBackground'))
    .filter(element => !element.matches(mark)).slice(0, 20);
  const paragraph = marked.closest('p');
  const background = element => {   // the first ancestor with a background of its own
    for (let node = element; node; node = node.parentElement) {
      const colour = getComputedStyle(node).backgroundColor;
      if (colour && colour !== 'rgba(0, 0, 0, 0)' && colour !== 'transparent') return colour;
    }
    return 'rgb(255, 255, 255)';
  };
  const markBox = marked.getBoundingClientRect(), textBox = box.getBoundingClientRect();
  return {mark: {background: getComputedStyle(marked).backgroundColor, colour: getComputedStyle(marked).color},
          page: background(paragraph.parentElement), text: getComputedStyle(paragraph).color,
          highlights: others.map(element => getComputedStyle(element).backgroundColor),
          markTop: markBox.top, markBottom: markBox.bottom, boxTop: textBox.top, boxBottom: textBox.bottom,
          height: window.innerHeight};
}"""


def _pick_first_row(page, key: str, present: bool, lang: str) -> None:
    """Choose the table's first row: the picker under a presenter's table, a click on the grid's row box."""
    if present:
        picker = page.locator(f".st-key-{key}-sentence [data-testid='stSelectbox'] input")
        picker.focus()
        page.keyboard.press("ArrowDown")    # opens the list on its first row
        page.keyboard.press("Enter")
    else:
        grid = page.locator(f".st-key-{key}-grid, [class*='st-key-{key}-grid'] [data-testid='stDataFrame']").first
        grid.scroll_into_view_if_needed()
        box = grid.bounding_box()
        page.mouse.click(box["x"] + 12, box["y"] + 35 + 17)   # the first row's selection box
    page.locator(f".st-key-{key}-sentence a").wait_for(state="visible", timeout=30_000)


@pytest.mark.parametrize("present", [False, True], ids=["plain", "present"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_sentence_opens_here_marked_and_in_view_with_the_way_back(browse, lang, present):
    query = f"lang={lang}&tab=table" + ("&present=1" if present else "")
    page = browse.open(PAGES["trends"], query, viewport=SCREEN)
    trends_url, trends_selections = page.url, read_selections(page)
    _pick_first_row(page, "trends-table", present, lang)
    link = page.locator(".st-key-trends-table-sentence a")
    tabs_before = len(browse.context.pages)
    link.click()
    page.wait_for_url("**/sources?**")
    wait_until_idle(page)
    page.locator(TEXT_MARK).wait_for(state="visible")
    page.wait_for_timeout(1_500)   # the box scrolls the mark into its middle once it is drawn

    assert len(browse.context.pages) == tabs_before, "the sentence opened in another tab"
    opened = query_of(page.url)
    assert opened["lang"] == [lang] and opened.get("present") == (["1"] if present else None)
    assert opened["back"] == ["trends"] and opened["focus"][0]
    if present:
        page.locator(SIDEBAR).wait_for(state="hidden", timeout=10_000)
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"sources-after-sentence-link-{lang}-{'present' if present else 'plain'}.png"))

    # the quote in its sentence, on the first screen (the page itself is not scrolled)
    callout = page.locator(f".st-key-sources-callout {MARK}").bounding_box()
    assert 0 <= callout["y"] and callout["y"] + callout["height"] <= SCREEN["height"], callout
    # the same quote in the report's text: the box is scrolled so that it is inside the box's window
    seen = page.evaluate(_COLOURS, TEXT_MARK)
    assert seen["boxTop"] - 1 <= seen["markTop"] and seen["markBottom"] <= seen["boxBottom"] + 1, seen
    page.locator(".st-key-sources-text").scroll_into_view_if_needed()
    mark = page.locator(TEXT_MARK).bounding_box()
    assert 0 <= mark["y"] and mark["y"] + mark["height"] <= SCREEN["height"], mark

    marked_bg, marked_fg = parse_colour(seen["mark"]["background"]), parse_colour(seen["mark"]["colour"])
    page_bg = parse_colour(seen["page"])
    text_on_mark = contrast_ratio(marked_fg, marked_bg)
    against_page = contrast_ratio(marked_bg, page_bg)
    against_highlights = min(contrast_ratio(marked_bg, parse_colour(colour, page_bg)) for colour in seen["highlights"])
    neighbour_text = contrast_ratio(parse_colour(seen["text"]), page_bg)
    print(f"{lang} present={present}: marked text {text_on_mark:.1f}:1 on its background; marked background "
          f"{against_page:.1f}:1 against the page and at least {against_highlights:.1f}:1 against "
          f"{len(seen['highlights'])} other highlights; neighbouring text {neighbour_text:.1f}:1")
    assert seen["highlights"], "the report shows other highlighted quotes to compare with"
    assert text_on_mark >= TEXT_CONTRAST
    assert against_page >= NEIGHBOUR_CONTRAST and against_highlights >= NEIGHBOUR_CONTRAST

    back = page.locator(".st-key-sources-back a")
    assert t(lang, "nav_trends") in back.inner_text()
    back.click()
    page.wait_for_url("**/trends?**")
    wait_until_idle(page)
    # back in the table's tab, where the row was chosen
    page.locator(".st-key-trends-table-sentence").first.wait_for(state="visible")
    assert query_of(page.url) == query_of(trends_url), "the way back reopened another view"
    assert read_selections(page) == trends_selections
    browse.assert_clean()
