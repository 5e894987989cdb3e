"""What every page shares: freshness check, language, presenter mode and URL-bound selections."""
from __future__ import annotations

from dataclasses import dataclass, field

import streamlit as st

from envdash.core.i18n import LANGUAGES, t
from envdash.core.paths import data_root, database_path
from envdash.present.navigation import (current_language, ensure_inside_navigation, page_links, presenting,
                                        remember_url_settings)
from envdash.present.url_state import ParamSpec, encode, resolve
from envdash.store.freshness import ensure_fresh

GLOBAL_SPECS = (ParamSpec("lang", LANGUAGES, None), ParamSpec("present", ("0", "1"), "0"))
# A data file edited less than this long after the last look is noticed on the next rerun after it.
RECHECK_SECONDS = 1.0

# Presenter mode: no sidebar, toolbar or footer; larger type; the title, the view's pickers (folded
# into a "Change view" menu), the page menu and the way out share one line, so that the headline and
# the chart fit a 1366×768 projector. Static CSS only: no data in it, and no font-family (that would
# hit the icon font).
_PRESENTER_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], footer { display: none !important; }
html, body, [data-testid="stAppViewContainer"] { font-size: 22px !important; }
[data-testid="stMainBlockContainer"] { max-width: 100% !important; padding: 0.6rem 2.5rem 1.2rem !important; }
[data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li { font-size: 22px !important; }
h1 { font-size: 40px !important; padding: 0.1rem 0 !important; } h2 { font-size: 34px !important; }
h3 { font-size: 28px !important; }
[data-testid="stMetricValue"] [data-testid="stMarkdownContainer"] p { font-size: 48px !important; line-height: 1.2; }
[data-testid="stTable"] th, [data-testid="stTable"] td { font-size: 20px !important; }
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p { font-size: 20px !important; }
[data-testid="stWidgetLabel"] p, [data-baseweb="select"] div, [data-baseweb="tag"] span { font-size: 20px !important; }
.st-key-presenter-bar [data-testid="stPopoverButton"] p, .st-key-presenter-bar button p { font-size: 20px !important; }
</style>
"""
# A page-link label wraps instead of being cut off with "…" (report titles are long); in the page
# itself (links to sentences, "back to") it is set as body text and underlined, so it reads as a link.
_BASE_CSS = """
<style>
[data-testid="stPageLink-NavLink"] span { white-space: normal !important; }
[data-testid="stMain"] [data-testid="stPageLink-NavLink"] { min-height: 1.75rem; }
[data-testid="stMain"] [data-testid="stPageLink-NavLink"] p { font-size: 1rem; line-height: 1.45;
  text-decoration: underline; text-decoration-color: #006199; text-underline-offset: 0.15em; }
</style>
"""
_VIEW_PREFIX = "_envdash_view."   # the last address of each page, for "back to <page>" links


@dataclass
class Page:
    """The running page: its language, presenter flag and URL-bound selections."""
    page_id: str
    lang: str
    present: bool
    specs: tuple[ParamSpec, ...]
    values: dict
    notices: list[str] = field(default_factory=list)
    given: frozenset = frozenset()    # names of the page's parameters the URL carried

    def t(self, key: str, **values) -> str:
        return t(self.lang, key, **values)

    def key(self, name: str) -> str:
        """Session key of the widget bound to parameter `name`, seeded from the URL on first use."""
        session_key = f"{self.page_id}.{name}"
        spec = next(spec for spec in self.specs if spec.name == name)
        current = st.session_state.get(session_key)
        valid = _is_valid(current, spec)
        if session_key not in st.session_state or not valid:
            value = self.values[name]
            # Streamlit forgets a widget's value once its page is left: coming back through the
            # sidebar (a URL without selections) restores the session's last choice instead
            kept = st.session_state.get(_KEPT_PREFIX + session_key)
            if name not in self.given and kept is not None and _is_valid(kept, spec):
                value = kept
            st.session_state[session_key] = list(value or ()) if spec.multi else value
        st.session_state[_KEPT_PREFIX + session_key] = st.session_state[session_key]
        return session_key

    def value(self, name: str):
        session_key = f"{self.page_id}.{name}"
        return st.session_state.get(session_key, self.values.get(name))

    def header(self, title: str, controls: bool = True, intro: str | None = None):
        """The page's title and the container its pickers go in.

        In presenter mode the title shares one line with a "Change view" menu holding the pickers,
        a menu of the other pages and the way out of presenter mode; otherwise the pickers follow
        the title (after the page's one-line `intro`, which presenter mode leaves out).
        """
        if not self.present:
            st.title(title, anchor=False)
            if intro:
                st.caption(intro)
            return st.container(key=f"{self.page_id}-controls")
        # one line: a long title wraps within its share rather than pushing the buttons below it
        with st.container(horizontal=True, vertical_alignment="center", gap="medium", wrap=False,
                          key="presenter-bar"):
            st.title(title, anchor=False, width="stretch")
            picker_menu = st.popover(self.t("change_view"), icon=":material/tune:", key=f"{self.page_id}.change_view") \
                if controls else None
            with st.popover(self.t("pages_menu"), icon=":material/menu:", key=f"{self.page_id}.pages_menu"):
                page_links()
            st.button(self.t("exit_presenter"), key=f"{self.page_id}.exit_presenter", icon=":material/close_fullscreen:",
                      on_click=st.session_state.update, kwargs={"present": False})
        return picker_menu if picker_menu is not None else st.container()

    def finish(self) -> None:
        """Write the current selections into the URL so a copied link reopens this view."""
        values = {spec.name: self.value(spec.name) for spec in self.specs}
        values.update(lang=self.lang, present="1" if self.present else "0")
        query = encode(values, (*GLOBAL_SPECS, *self.specs))
        if query.get("present") == "0":
            del query["present"]
        if dict(st.query_params) != query:
            st.query_params.from_dict(query)
        st.session_state[_WRITTEN_KEY] = query
        st.session_state[_VIEW_PREFIX + self.page_id] = query
        remember_url_settings(self.lang, self.present)


def last_view(page_id: str) -> dict[str, str]:
    """The address this session last gave `page_id` (empty if it has not been opened)."""
    return dict(st.session_state.get(_VIEW_PREFIX + page_id, {}))


_WRITTEN_KEY = "_envdash_url_written"
_KEPT_PREFIX = "_envdash_kept."


def _is_valid(value, spec: ParamSpec) -> bool:
    if spec.multi:
        return isinstance(value, list) and all(item in spec.choices for item in value)
    return value in spec.choices


def _show_freshness(lang: str) -> None:
    with st.spinner(t(lang, "rebuilding")):
        result = ensure_fresh(data_root(), database_path(), recheck_after=RECHECK_SECONDS, in_child=True)
    if result.status == "rebuilt":
        st.toast(t(lang, "rebuilt"))
    elif result.status in ("failed", "missing"):
        first = result.problems[0] if result.problems else None
        message = t(lang, "build_failed_missing" if result.status == "missing" else "build_failed",
                    count=len(result.problems))
        st.error(message)
        if first is not None:
            st.code(f"{first}", language=None)
        if result.status == "missing":
            st.stop()


def prepare_page() -> None:
    """First call of every page: run inside the app's navigation, on a fresh database."""
    ensure_inside_navigation()
    _show_freshness(current_language())


def start_page(page_id: str, specs: tuple[ParamSpec, ...] = ()) -> Page:
    """Read the URL's selections for this page, apply presenter mode; return the page.

    The page has called prepare_page() first (before its queries), which shows any build banner once.
    Language and presenter mode were settled by the navigation (navigation.run_app) before the page ran.
    """
    query = {key: st.query_params.get_all(key) for key in st.query_params.keys()}
    values, fell_back = resolve(query, (*GLOBAL_SPECS, *specs))
    page = Page(page_id, current_language(), presenting(), tuple(specs), values, fell_back,
                frozenset(spec.name for spec in specs if spec.name in query and spec.name not in fell_back))
    st.html(_BASE_CSS)
    if page.present:
        st.html(_PRESENTER_CSS)
    for name in fell_back:
        st.info(t(page.lang, "url_fallback", name=name), icon=":material/info:")
    return page
