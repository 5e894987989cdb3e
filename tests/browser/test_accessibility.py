"""Every page, in both languages, with presenter mode on and off, opened once and checked for:
no critical or serious axe-core finding; every icon drawn from the bundled symbol font and no emoji;
and, in presenter mode at 1920×1080, the headline and the chart whole on the first screen."""
from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from axe_audit import AXE_SCRIPT, audit, blocking
from browser_support import NORMAL_VIEWPORT, PAGES, PRESENTER_VIEWPORT, SIDEBAR, first_screen_problems, unavailable

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from test_no_emoji import EMOJI  # noqa: E402

pytestmark = pytest.mark.browser

LOOKS = [(name, lang, present) for name in PAGES for lang in ("zh", "en") for present in (False, True)]


@dataclass
class Shown:
    name: str
    lang: str
    present: bool
    page: object
    browsing: object    # conftest.Browsing


@pytest.fixture(scope="module", params=LOOKS, ids=[f"{n}-{l}-{'present' if p else 'plain'}" for n, l, p in LOOKS])
def shown(request, chromium, envdash_server, browsing_class):
    """One page in one look, opened once for every check of this module (pytest groups the tests by it)."""
    name, lang, present = request.param
    browsing = browsing_class(chromium, envdash_server, PRESENTER_VIEWPORT if present else NORMAL_VIEWPORT)
    page = browsing.open(PAGES[name], f"lang={lang}" + ("&present=1" if present else ""))
    if present:
        page.locator(SIDEBAR).wait_for(state="hidden", timeout=10_000)
    yield Shown(name, lang, present, page, browsing)
    browsing.context.close()


@pytest.fixture(scope="module")
def axe_installed():
    if not AXE_SCRIPT.exists():
        unavailable(f"{AXE_SCRIPT} not found: run `npm ci` at the project root")


def test_page_has_no_critical_or_serious_accessibility_violation(shown, axe_installed):
    violations = audit(shown.page)
    for violation in violations:   # all of them in the log; only the blocking ones fail the test
        print(f"{shown.name} {shown.lang} {'present' if shown.present else 'plain'}: {violation.describe()}")
    found = blocking(violations)
    assert not found, f"{len(found)} critical/serious axe rule(s) broken on {shown.page.url}:\n" + \
        "\n".join(violation.describe() for violation in found)
    shown.browsing.assert_clean()


# Each icon on the page: its font, its drawn width and font size, and its name (the ligature's text).
_ICONS = """() => Array.from(document.querySelectorAll('[data-testid="stIconMaterial"]')).map(icon => {
  const style = getComputedStyle(icon);
  return {name: icon.textContent.trim(), font: style.fontFamily, width: icon.getBoundingClientRect().width,
          size: parseFloat(style.fontSize), shown: icon.getClientRects().length > 0};
})"""


def test_every_icon_is_drawn_from_the_bundled_symbol_font_and_no_emoji_is_shown(shown):
    page = shown.page
    if not shown.present:   # the sidebar's collapse control, whose name used to be printed instead
        page.locator(SIDEBAR).hover()
    icons = page.evaluate(_ICONS)
    visible = [icon for icon in icons if icon["shown"]]
    assert visible, "the page shows no icon at all"
    if not shown.present:
        assert any(icon["name"] == "keyboard_double_arrow_left" for icon in visible)
    wrong_font = [icon["name"] for icon in icons if "Material Symbols" not in icon["font"]]
    assert not wrong_font, f"icons set in another font (their names would print): {wrong_font}"
    # a ligature drawn as an icon is about as wide as the type is high; its name printed is many times wider
    printed = [f"{icon['name']}: {icon['width']:.0f}px at {icon['size']:.0f}px" for icon in visible
               if icon["width"] > 1.6 * icon["size"]]
    assert not printed, f"icon names printed as text: {printed}"
    text = page.locator("body").inner_text()
    assert not EMOJI.findall(text), f"emoji on the page: {sorted(set(EMOJI.findall(text)))}"


def test_presenter_first_screen_at_1920x1080_shows_the_headline_and_the_chart_whole(shown):
    if not shown.present:
        pytest.skip("presenter mode only; 1366×768 is measured in test_presenter_layout.py")
    problems, boxes = first_screen_problems(shown.page, shown.name)
    print(f"{shown.name} {shown.lang} 1920x1080: {boxes}")
    assert not problems, problems
