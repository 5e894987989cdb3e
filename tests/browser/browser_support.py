"""What the browser tests share: the pages, waiting for Streamlit, and what a clean page means.

Kept free of Playwright imports so that collection works without it; the fixtures in conftest.py
decide whether a missing browser is a skip or (under CI=true) a failure.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = PROJECT_ROOT / "screenshots"

# Every page of the app: name (used in test ids and screenshot names) -> URL path.
# "/" forwards to the overview (test_navigation_state.py).
PAGES = {
    "overview": "/overview",
    "trends": "/trends",
    "targets": "/targets",
    "compare": "/compare",
    "sources": "/sources",
    "data": "/data",
}

NORMAL_VIEWPORT = {"width": 1440, "height": 900}
PRESENTER_VIEWPORT = {"width": 1920, "height": 1080}


@dataclass(frozen=True)
class Variant:
    """One way of looking at a page: its query string and the screen it is seen on."""
    name: str
    query: str
    viewport: dict
    presenter: bool = False


VARIANTS = (
    Variant("zh", "lang=zh", NORMAL_VIEWPORT),
    Variant("en", "lang=en", NORMAL_VIEWPORT),
    Variant("present", "lang=en&present=1", PRESENTER_VIEWPORT, presenter=True),
)

LOCAL_HOSTS = ("127.0.0.1", "localhost")
PRESENTER_MIN_FONT_PX = 20.0
CJK = re.compile(r"[\u3400-\u9fff]")

APP = '[data-testid="stApp"]'
IDLE_APP = f'{APP}[data-test-connection-state="CONNECTED"][data-test-script-state="notRunning"]'
STATUS_WIDGET = '[data-testid="stStatusWidget"]'
EXCEPTION = '[data-testid="stException"]'
SIDEBAR = '[data-testid="stSidebar"]'
MAIN = '[data-testid="stMain"]'
TITLE = f'{MAIN} h1'
SELECTION_WIDGETS = f'{MAIN} [data-testid="stSelectbox"], {MAIN} [data-testid="stMultiSelect"]'
DOWNLOAD_BUTTON = f'{MAIN} [data-testid="stDownloadButton"]'

# True once every chart on the page has been drawn (a page without charts is trivially done).
_CHARTS_DRAWN = """() => {
  const plotly = Array.from(document.querySelectorAll('[data-testid="stPlotlyChart"], .js-plotly-plot'));
  const plotlyDrawn = plotly.every(element => {
    const plot = element.classList.contains('js-plotly-plot') ? element : element.querySelector('.js-plotly-plot');
    const svg = plot && plot.querySelector('.main-svg');
    return Boolean(plot && plot._fullLayout && svg && svg.childElementCount > 0
                   && svg.getBoundingClientRect().width > 0);
  });
  const vega = Array.from(document.querySelectorAll('[data-testid="stVegaLiteChart"]'));
  const vegaDrawn = vega.every(element => element.querySelector('canvas, svg'));
  return plotlyDrawn && vegaDrawn;
}"""

# Streamlit scrolls inside <main>, so the document itself is only as tall as the window.
_CONTENT_HEIGHT = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  return Math.ceil(Math.max(document.documentElement.scrollHeight, main ? main.scrollHeight : 0));
}"""


def sidebar_link(name: str) -> str:
    """The sidebar's link to page `name`: its address is relative and carries the language."""
    return f'{SIDEBAR} a[href^="{PAGES[name].lstrip("/")}?"]'


def unavailable(reason: str) -> None:
    """Skip on a developer's machine; under CI=true a missing browser or tool must not pass unnoticed."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (CI=true: browser tests may not be skipped)", pytrace=False)
    pytest.skip(reason)


def url_for(base_url: str, path: str, query: str = "") -> str:
    return f"{base_url}{path}" + (f"?{query}" if query else "")


def query_of(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def foreign_requests(urls: list[str], port: int) -> list[str]:
    """The URLs that went anywhere but the local server (data: and blob: stay in the browser)."""
    foreign = []
    for url in urls:
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob"):
            continue
        if parts.hostname in LOCAL_HOSTS and parts.port == port:
            continue
        foreign.append(url)
    return foreign


def wait_until_idle(page, timeout: float = 90_000) -> None:
    """Wait until the app is connected, its script has finished and the running indicator is gone."""
    for _ in range(2):  # twice, a moment apart: a rerun may start right after the first run ends
        page.wait_for_selector(IDLE_APP, timeout=timeout)
        page.locator(STATUS_WIDGET).first.wait_for(state="hidden", timeout=timeout)
        page.wait_for_timeout(150)
    page.wait_for_selector(IDLE_APP, timeout=timeout)


def wait_for_charts(page, timeout: float = 90_000) -> None:
    page.wait_for_function(_CHARTS_DRAWN, timeout=timeout)
    page.evaluate("() => document.fonts.ready.then(() => true)")


def settle(page, timeout: float = 90_000) -> None:
    """The page as a person would see it: script done, charts drawn, fonts loaded."""
    wait_until_idle(page, timeout)
    wait_for_charts(page, timeout)


def english_title(name: str) -> str:
    """The title the page `name` draws in English."""
    from envdash.core.i18n import t
    return t("en", "overview_title" if name == "overview" else f"nav_{name}")


async def settle_async(page, timeout: float, polling: float) -> None:
    """As `settle`, for many sessions on Playwright's async API: polling on a timer, since a busy
    browser may starve animation frames, and twice past the status widget, since a rerun can follow."""
    for _ in range(2):
        await page.wait_for_selector(IDLE_APP, timeout=timeout)
        await page.locator(STATUS_WIDGET).first.wait_for(state="hidden", timeout=timeout)
        await page.wait_for_timeout(150)
    await page.wait_for_selector(IDLE_APP, timeout=timeout)
    await page.wait_for_function(CHARTS_DRAWN, timeout=timeout, polling=polling)


async def drawn_async(page, name: str, timeout: float, polling: float) -> None:
    """The page `name` drawn: its own title is up (not the last page's) and the app is idle.

    Under load a run's start and end can reach the page in one render, so a run is recognised by
    what it draws, not by the app's running state.
    """
    await page.wait_for_function("([selector, title]) => { const h = document.querySelector(selector);"
                                 " return Boolean(h) && h.innerText.trim() === title; }",
                                 arg=[TITLE, english_title(name)], timeout=timeout, polling=polling)
    await settle_async(page, timeout, polling)


def wait_for_url_change(page, old_url: str, timeout: float = 15_000) -> None:
    page.wait_for_function("old => window.location.href !== old", arg=old_url, timeout=timeout)


def exception_texts(page) -> list[str]:
    return [text.strip() for text in page.locator(EXCEPTION).all_inner_texts()]


def wait_for_title(page, chinese: bool, timeout: float = 10_000) -> str:
    """The page title once it is (or is not) Chinese: the rerun's elements may be drawn after it ends."""
    page.wait_for_function(
        """([selector, chinese]) => {
             const heading = document.querySelector(selector);
             return Boolean(heading) && /[\\u3400-\\u9fff]/.test(heading.innerText) === chinese;
           }""",
        arg=[TITLE, chinese], timeout=timeout)
    return title_text(page)


def title_text(page) -> str:
    heading = page.locator(TITLE).first
    heading.wait_for(state="visible")
    return heading.inner_text().strip()


def save_full_page(page, name: str) -> Path:
    """A screenshot of the whole page, grown to the height of its content, in screenshots/."""
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    viewport = dict(page.viewport_size)
    height = viewport["height"]
    for _ in range(3):  # growing the window can reflow the content; re-measure until it fits
        wanted = min(page.evaluate(_CONTENT_HEIGHT), 16_000)
        if wanted <= height:
            break
        height = wanted
        page.set_viewport_size({"width": viewport["width"], "height": height})
        page.wait_for_timeout(250)
    wait_for_charts(page)
    page.screenshot(path=str(path), full_page=True, animations="disabled")
    if height != viewport["height"]:
        page.set_viewport_size(viewport)
    return path


def small_body_text(page, minimum_px: float) -> list[str]:
    """Visible body text (st.markdown/st.write paragraphs and list items) set below `minimum_px`.

    Captions (st.caption) are small by design and not counted; widget labels are not body text.
    """
    return page.evaluate(
        """minimum => Array.from(document.querySelectorAll(
             '[data-testid="stMain"] [data-testid="stMarkdown"] :is(p, li)'))
           .filter(element => !element.closest('[data-testid="stCaptionContainer"]'))
           .filter(element => element.offsetParent !== null && element.innerText.trim())
           .map(element => [parseFloat(getComputedStyle(element).fontSize), element.innerText.trim()])
           .filter(([size]) => size < minimum)
           .map(([size, text]) => `${size}px: ${text.slice(0, 60)}`)""",
        minimum_px,
    )


def body_font_px(page) -> float:
    return page.evaluate("() => parseFloat(getComputedStyle(document.body).fontSize)")


# Streamlit's own noise, not the app's: opened directly at a sub-page such as /trends, the frontend
# first asks /trends/_stcore/health and /trends/_stcore/host-config (404), then the right /_stcore/ URLs
# (streamlit/streamlit#7074, open). Only that exact pair of 404s is forgiven.
_SUBPAGE_PROBE = re.compile(r"^http://(127\.0\.0\.1|localhost):\d+/[^/?#]+/_stcore/(health|host-config): "
                            r"Failed to load resource: the server responded with a status of 404 \(Not Found\)$")


def known_streamlit_noise(console_error: str) -> bool:
    return bool(_SUBPAGE_PROBE.match(console_error))


@dataclass
class Diagnostics:
    """Everything a context's pages did that a clean page must not do."""
    port: int
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def watch(self, page) -> None:
        def on_console(message):
            if message.type == "error":
                source = (message.location or {}).get("url") or page.url
                self.console_errors.append(f"{source}: {message.text}")
        page.on("console", on_console)
        page.on("pageerror", lambda error: self.page_errors.append(f"{page.url}: {error}"))
        page.on("websocket", lambda socket: self.requests.append(socket.url))

    def problems(self, pages) -> list[str]:
        found = [f"Streamlit exception on {page.url}: {text[:300]}"
                 for page in pages for text in exception_texts(page)]
        found += [f"console error: {text}" for text in self.console_errors if not known_streamlit_noise(text)]
        found += [f"page error: {text}" for text in self.page_errors]
        found += [f"request to a foreign host: {url}" for url in foreign_requests(self.requests, self.port)]
        return found


# --- selections (selectbox and multiselect in the main area) ---------------------------------

@dataclass(frozen=True)
class Selection:
    kind: str            # "stSelectbox" | "stMultiSelect"
    label: str
    values: tuple[str, ...]


def _widget_label(widget) -> str:
    label = widget.locator('[data-testid="stWidgetLabel"]')
    return label.first.inner_text().strip() if label.count() else ""


def read_selection(widget) -> Selection:
    kind = widget.get_attribute("data-testid")
    if kind == "stMultiSelect":
        values = tuple(tag.get_attribute("aria-label") or tag.inner_text().strip()
                       for tag in widget.locator("[data-tag]").all())
    else:
        values = (widget.locator('input[role="combobox"]').first.input_value(),)
    return Selection(kind, _widget_label(widget), values)


def read_selections(page) -> list[Selection]:
    return [read_selection(widget) for widget in page.locator(SELECTION_WIDGETS).all()]


def _offered_options(page, widget) -> list:
    """Open the widget's list and return the options not selected yet."""
    widget.locator('input[role="combobox"]').first.click()
    # real choices only: not "Select all" (data-key __select_all__) nor "No results" (no data-key)
    options = page.locator('[role="listbox"] [role="option"][data-key]'
                           ':not([data-key="__select_all__"]):not([aria-selected="true"])')
    try:
        options.first.wait_for(state="visible", timeout=3_000)
    except Exception:  # noqa: BLE001 - a list with nothing left to pick shows no options
        return []
    return options.all()


def change_selection(page, widget) -> None:
    """Pick a different value in a selectbox, or add (else remove) one item of a multiselect."""
    before = read_selection(widget)
    for option in _offered_options(page, widget):
        if option.inner_text().strip() not in before.values:
            option.click()
            break
    else:
        page.keyboard.press("Escape")
        if before.kind != "stMultiSelect" or not before.values:
            raise AssertionError(f"{before.label!r} offers no other value to choose")
        widget.locator('[data-tag] button[aria-label^="Remove"]').last.click()
    if before.kind == "stMultiSelect":
        page.keyboard.press("Escape")


def widget_named(page, selection: Selection):
    """The widget on `page` of the same kind and label as `selection`."""
    for widget in page.locator(SELECTION_WIDGETS).all():
        if widget.get_attribute("data-testid") == selection.kind and _widget_label(widget) == selection.label:
            return widget
    raise AssertionError(f"no {selection.kind} labelled {selection.label!r} on {page.url}")


# --- script runs ---------------------------------------------------------------------------

# The chart check above, for the asyncio driver of test_many_users.py.
CHARTS_DRAWN = _CHARTS_DRAWN

# Installed with context.add_init_script: counts the app's script runs in window.__envdashRuns. A
# test that starts a rerun waits for the count to grow before it waits for the app to be idle, so
# the previous run's idle state is never taken for the new one's. A run is counted when the state
# leaves notRunning (to rerunRequested or running): a fast run's running and notRunning may reach
# the page in one render, but "r" always shows rerunRequested first.
RUN_COUNTER_SCRIPT = """
window.__envdashRuns = 0;
new MutationObserver(records => {
  for (const record of records) {
    if (record.attributeName === 'data-test-script-state'
        && (record.oldValue === 'notRunning' || record.oldValue === 'initial')) window.__envdashRuns += 1;
  }
  const app = document.querySelector('[data-testid="stApp"]');
  window.__envdashRunState = app && app.getAttribute('data-test-script-state');
}).observe(document, {subtree: true, attributes: true, attributeOldValue: true,
                      attributeFilter: ['data-test-script-state']});
"""


def script_runs(page) -> int:
    return page.evaluate("() => window.__envdashRuns || 0")


def rerun_all(pages, timeout: float = 90_000) -> None:
    """Rerun the app in every page at once (Streamlit's "r" shortcut), then wait until each is done.

    Needs RUN_COUNTER_SCRIPT in the pages' context. The count is polled on a timer: a tab that is
    not in front gets no animation frames, which wait_for_function polls on by default.
    """
    before = [script_runs(page) for page in pages]
    for page in pages:
        page.evaluate("() => document.activeElement && document.activeElement.blur()")  # "r" is not typed into a field
        page.keyboard.press("r")
    for page, runs in zip(pages, before):
        try:
            page.wait_for_function("runs => window.__envdashRuns > runs", arg=runs, timeout=timeout, polling=100)
        except Exception as error:  # noqa: BLE001 - say which page, and what it was doing
            state = page.evaluate("() => [window.__envdashRuns, window.__envdashRunState]")
            raise AssertionError(f"{page.url} did not rerun (runs, state before: {runs}; now: {state})") from error
        page.bring_to_front()   # so that its charts are drawn and checked
        settle(page, timeout)


# --- colours as a reader sees them (WCAG 2 contrast) -------------------------------------------

_RGB = re.compile(r"rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:[,/\s]+([\d.]+%?))?\s*\)")


def parse_colour(css: str, over: tuple[float, float, float] = (255, 255, 255)) -> tuple[float, float, float]:
    """A computed CSS colour as opaque RGB, a translucent one laid over `over` (white by default)."""
    match = _RGB.fullmatch(css.strip())
    if not match:
        raise ValueError(f"not a computed rgb() colour: {css!r}")
    red, green, blue = (float(part) for part in match.groups()[:3])
    alpha_text = match.group(4)
    alpha = 1.0 if alpha_text is None else (float(alpha_text[:-1]) / 100 if alpha_text.endswith("%") else float(alpha_text))
    return tuple(alpha * value + (1 - alpha) * under for value, under in zip((red, green, blue), over))


def relative_luminance(rgb: tuple[float, float, float]) -> float:
    def channel(value: float) -> float:
        value /= 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4
    red, green, blue = (channel(value) for value in rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: tuple[float, float, float], second: tuple[float, float, float]) -> float:
    """WCAG 2 contrast ratio, 1 (same) to 21 (black on white)."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


# --- presenter mode's first screen ----------------------------------------------------------------

# What the first screen of each page must show in presenter mode, whole and without scrolling: the
# title line (with its menus and the way out), and the page's headline and chart where it has them.
FIRST_SCREEN = {
    "overview": ['.st-key-presenter-bar', '.st-key-overview-card-0 h3', '.st-key-overview-card-1 h3'],
    "trends": ['.st-key-presenter-bar', '.st-key-headline h3', '[data-testid="stPlotlyChart"]'],
    "targets": ['.st-key-presenter-bar', '.st-key-headline h3', '[data-testid="stPlotlyChart"]'],
    "compare": ['.st-key-presenter-bar', '.st-key-headline h3', '[data-testid="stPlotlyChart"]'],
    "sources": ['.st-key-presenter-bar', '[data-testid="stMain"] h3'],
    "data": ['.st-key-presenter-bar', '[data-testid="stDataFrame"]'],
}
HEADLINE_MIN_PX = 26.0

_BOXES = """selectors => {
  const main = document.querySelector('[data-testid="stMain"]');
  return {scrolled: main ? main.scrollTop : 0, height: window.innerHeight, width: window.innerWidth,
          boxes: selectors.map(selector => {
            const element = document.querySelector(selector);
            if (!element) return {selector, missing: true};
            const box = element.getBoundingClientRect();
            return {selector, top: box.top, bottom: box.bottom, left: box.left, right: box.right,
                    font: parseFloat(getComputedStyle(element).fontSize)};
          })};
}"""


def first_screen_problems(page, name: str) -> tuple[list[str], str]:
    """What of FIRST_SCREEN[name] is not whole on the screen as the page opened, and the boxes measured."""
    measured = page.evaluate(_BOXES, FIRST_SCREEN[name])
    problems = [] if measured["scrolled"] == 0 else [f"the page opened scrolled by {measured['scrolled']} px"]
    for box in measured["boxes"]:
        if box.get("missing"):
            problems.append(f"{box['selector']} is not on the page")
            continue
        if box["top"] < 0 or box["bottom"] > measured["height"] + 0.5 or box["right"] > measured["width"] + 0.5:
            problems.append(f"{box['selector']} spans {box['top']:.0f}–{box['bottom']:.0f} px of a "
                            f"{measured['height']} px screen")
        if "headline" in box["selector"] and box["font"] < HEADLINE_MIN_PX:
            problems.append(f"headline set at {box['font']} px")
    boxes = ", ".join(f"{box['selector']} {box.get('top', -1):.0f}–{box.get('bottom', -1):.0f}"
                      for box in measured["boxes"])
    return problems, boxes
