"""What every page shares: freshness check, language, presenter mode and URL-bound selections."""
from __future__ import annotations

from dataclasses import dataclass, field

import streamlit as st

from envdash.core.i18n import LANGUAGES, language_from_locale, t
from envdash.core.paths import data_root, database_path
from envdash.present.navigation import ensure_inside_navigation
from envdash.present.url_state import ParamSpec, encode, resolve
from envdash.store.freshness import ensure_fresh

GLOBAL_SPECS = (ParamSpec("lang", LANGUAGES, None), ParamSpec("present", ("0", "1"), "0"))
# A data file edited less than this long after the last look is noticed on the next rerun after it.
RECHECK_SECONDS = 1.0

# Presenter mode: no sidebar, toolbar or footer; larger type. Static CSS only: no data in it.
_PRESENTER_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], footer { display: none !important; }
html, body, [data-testid="stAppViewContainer"] { font-size: 22px !important; }
[data-testid="stMainBlockContainer"] { max-width: 100% !important; padding: 1.2rem 2.5rem !important; }
[data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li { font-size: 22px !important; }
h1 { font-size: 44px !important; } h2 { font-size: 34px !important; } h3 { font-size: 28px !important; }
[data-testid="stMetricValue"] [data-testid="stMarkdownContainer"] p { font-size: 48px !important; line-height: 1.2; }
[data-testid="stTable"] th, [data-testid="stTable"] td { font-size: 20px !important; }
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p { font-size: 20px !important; }
[data-testid="stWidgetLabel"] p, [data-baseweb="select"] div, [data-baseweb="tag"] span { font-size: 20px !important; }
</style>
"""
_BASE_CSS = """
<style>
html, body, [class*="st-"] { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC",
  "Microsoft YaHei", "Source Sans Pro", sans-serif; }
</style>
"""


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


_WRITTEN_KEY = "_envdash_url_written"
_KEPT_PREFIX = "_envdash_kept."


def _is_valid(value, spec: ParamSpec) -> bool:
    if spec.multi:
        return isinstance(value, list) and all(item in spec.choices for item in value)
    return value in spec.choices


def _url_is_new(query: dict) -> bool:
    """Whether the URL came from outside (a link, an edit) rather than from this session's last write.

    Only then do its settings override the session's: otherwise a click that changes a setting
    would be undone by the stale URL on the next rerun.
    """
    written = st.session_state.get(_WRITTEN_KEY)
    flat = {key: values[-1] if len(values) == 1 else values for key, values in query.items()}
    return written is None or written != flat


def _choose_language(url_lang: str | None, url_is_new: bool) -> str:
    if url_lang and url_is_new:
        st.session_state["lang"] = url_lang
    if st.session_state.get("lang") not in LANGUAGES:
        st.session_state["lang"] = language_from_locale(st.context.locale)
    return st.session_state["lang"]


def _show_freshness(lang: str) -> None:
    with st.spinner(t(lang, "rebuilding")):
        result = ensure_fresh(data_root(), database_path(), recheck_after=RECHECK_SECONDS)
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
    lang = st.session_state.get("lang") or language_from_locale(st.context.locale)
    _show_freshness(lang if lang in LANGUAGES else "en")


def start_page(page_id: str, specs: tuple[ParamSpec, ...] = ()) -> Page:
    """Read the URL, set language and presenter mode, draw the shared sidebar; return the page.

    The page has called prepare_page() first (before its queries), which shows any build banner once.
    """
    query = {key: st.query_params.get_all(key) for key in st.query_params.keys()}
    values, fell_back = resolve(query, (*GLOBAL_SPECS, *specs))
    url_is_new = _url_is_new(query)
    lang = _choose_language(values["lang"], url_is_new)
    if url_is_new and "present" not in fell_back:
        st.session_state["present"] = values["present"] == "1"
    present = bool(st.session_state.get("present", False))
    page = Page(page_id, lang, present, tuple(specs), values, fell_back,
                frozenset(spec.name for spec in specs if spec.name in query and spec.name not in fell_back))
    st.html(_BASE_CSS)
    with st.sidebar:
        st.segmented_control(t(lang, "language"), LANGUAGES, key="lang",
                             format_func=lambda code: {"zh": "中文", "en": "English"}[code])
        st.toggle(t(lang, "presenter_mode"), key="present", help=t(lang, "presenter_help"))
    page.lang = st.session_state.get("lang") or lang
    page.present = bool(st.session_state.get("present"))
    if page.present:
        st.html(_PRESENTER_CSS)
        st.button(t(page.lang, "exit_presenter"), key=f"{page_id}.exit_presenter", icon="✖",
                  on_click=st.session_state.update, kwargs={"present": False})
    for name in fell_back:
        st.info(t(page.lang, "url_fallback", name=name), icon="ℹ️")
    return page
