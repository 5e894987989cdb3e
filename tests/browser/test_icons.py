"""Every icon is a glyph of Streamlit's bundled Material Symbols font, drawn as an icon (not its name),
no emoji is shown, and the page icon is a small image served by the app itself."""
from __future__ import annotations

import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from browser_support import PAGES, PRESENTER_VIEWPORT, SIDEBAR

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from test_no_emoji import EMOJI  # noqa: E402

pytestmark = pytest.mark.browser

# Each icon on the page: its font, its drawn width and font size, and its name (the ligature's text).
_ICONS = """() => Array.from(document.querySelectorAll('[data-testid="stIconMaterial"]')).map(icon => {
  const style = getComputedStyle(icon);
  return {name: icon.textContent.trim(), font: style.fontFamily, width: icon.getBoundingClientRect().width,
          size: parseFloat(style.fontSize), shown: icon.getClientRects().length > 0};
})"""

LOOKS = [pytest.param("zh", "", id="zh"), pytest.param("en", "&present=1", id="en-present")]


@pytest.mark.parametrize(("lang", "extra"), LOOKS)
@pytest.mark.parametrize("name", list(PAGES))
def test_every_icon_is_drawn_from_the_bundled_symbol_font(browse, name, lang, extra):
    page = browse.open(PAGES[name], f"lang={lang}{extra}", viewport=PRESENTER_VIEWPORT if extra else None)
    icons = page.evaluate(_ICONS)
    shown = [icon for icon in icons if icon["shown"]]
    assert shown, "the page shows no icon at all"
    if not extra:   # the sidebar's collapse control, whose name used to be printed instead
        page.locator(SIDEBAR).hover()
        collapse = page.evaluate(_ICONS)
        assert any(icon["name"] == "keyboard_double_arrow_left" and icon["shown"] for icon in collapse)
    wrong_font = [icon["name"] for icon in icons if "Material Symbols" not in icon["font"]]
    assert not wrong_font, f"icons set in another font (their names would print): {wrong_font}"
    # a ligature drawn as an icon is about as wide as the type is high; its name printed is many times wider
    printed = [f"{icon['name']}: {icon['width']:.0f}px at {icon['size']:.0f}px" for icon in shown
               if icon["width"] > 1.6 * icon["size"]]
    assert not printed, f"icon names printed as text: {printed}"
    text = page.locator("body").inner_text()
    assert not EMOJI.findall(text), f"emoji on the page: {sorted(set(EMOJI.findall(text)))}"
    browse.assert_clean()


def test_page_icon_is_a_local_image(browse):
    page = browse.open(PAGES["trends"], "lang=en", charts=False)
    href = page.evaluate("() => document.querySelector('link[rel~=\"icon\"]').href")
    assert urlsplit(href).hostname in ("127.0.0.1", "localhost") and urlsplit(href).port == browse.server.port, href
    response = page.request.get(href)
    assert response.ok and response.headers["content-type"] == "image/png"
    assert response.body()[:8] == b"\x89PNG\r\n\x1a\n"
    assert not re.search(r"fonts\.g|gstatic", href)
    browse.assert_clean()
