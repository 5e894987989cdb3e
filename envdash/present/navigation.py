"""The app's pages, its navigation links and the two settings every page shares: language and presenter mode.

Entered from dashboard.py or from a page opened by a direct link. Streamlit treats a `pages/` folder
beside dashboard.py as its older multipage layout: a direct link such as /sources runs
pages/sources.py on its own, without dashboard.py. Pages therefore check that they run inside this navigation and, if not, run it
themselves, so every link gets the same app.

Language and presenter mode are session settings drawn here, in the entry script, on every run:
Streamlit keeps a widget's value only while it is drawn, and the pages' own widgets are dropped on
every page switch, which is how a sidebar click used to lose the language. The URL carries them too
(`?lang=zh|en`, `?present=1`), written by the page (page.Page.finish) and put into every link the
app makes (the sidebar, the presenter's page menu, the links to a sentence).

Why not `bind="query-params"` for these two: a bound widget writes its option's *label* into the
URL (`?lang=中文`, `?present=On`, or `true` for a toggle), so the documented `?lang=zh` and
`?present=1` of links already shared would be dropped as invalid; and the sidebar's page links must
carry the settings in their address (for "open in new tab"), where Streamlit would add the bound
parameter a second time on every click.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from envdash.core.i18n import LANGUAGES, language_from_locale, t
from envdash.present.run_times import timed_script_run

PAGE_ICON = Path(__file__).with_name("page_icon.png")   # drawn for the app: a local file, no font host

_run = threading.local()  # one script run per thread; set while the navigation runs a page


@dataclass(frozen=True)
class PageEntry:
    path: str
    title_key: str
    url_path: str
    icon: str


PAGES = (PageEntry("pages/overview.py", "nav_overview", "overview", ":material/dashboard:"),
         PageEntry("pages/trends.py", "nav_trends", "trends", ":material/show_chart:"),
         PageEntry("pages/targets.py", "nav_targets", "targets", ":material/flag:"),
         PageEntry("pages/compare.py", "nav_compare", "compare", ":material/compare_arrows:"),
         PageEntry("pages/sources.py", "nav_sources", "sources", ":material/description:"),
         PageEntry("pages/data.py", "nav_data", "data", ":material/table_view:"))
PAGE_IDS = tuple(entry.url_path for entry in PAGES)

LANGUAGE_KEY = "lang"
PRESENT_KEY = "present"
_URL_SETTINGS_KEY = "_envdash_url_settings"   # (lang, present) this session last put into the URL
_LANGUAGE_LABELS = {"zh": "中文", "en": "English"}


def inside_navigation() -> bool:
    return getattr(_run, "active", False)


def _url_settings() -> tuple[str | None, bool | None]:
    """?lang= and ?present= of the address, each None when missing or not understood."""
    lang = st.query_params.get("lang")
    present = st.query_params.get("present")
    return (lang if lang in LANGUAGES else None,
            {"1": True, "0": False}.get(present) if isinstance(present, str) else None)


def _settle_settings() -> None:
    """The session's language and presenter mode before their widgets are drawn.

    An address that came from outside the session (a shared link, an edited address, the browser's
    back button) wins over the session; the address this session wrote itself does not, or a click
    that changes a setting would be undone by the stale URL on the next rerun.
    """
    url_lang, url_present = _url_settings()
    from_outside = (url_lang, url_present) != st.session_state.get(_URL_SETTINGS_KEY, (None, None))
    if url_lang and (from_outside or LANGUAGE_KEY not in st.session_state):
        st.session_state[LANGUAGE_KEY] = url_lang
    if st.session_state.get(LANGUAGE_KEY) not in LANGUAGES:
        st.session_state[LANGUAGE_KEY] = language_from_locale(st.context.locale)
    if url_present is not None and (from_outside or PRESENT_KEY not in st.session_state):
        st.session_state[PRESENT_KEY] = url_present
    st.session_state[PRESENT_KEY] = bool(st.session_state.get(PRESENT_KEY, False))


def current_language() -> str:
    lang = st.session_state.get(LANGUAGE_KEY)
    return lang if lang in LANGUAGES else language_from_locale(st.context.locale)


def presenting() -> bool:
    return bool(st.session_state.get(PRESENT_KEY, False))


def settings_params() -> dict[str, str]:
    """The query parameters that keep the language and presenter mode in a link."""
    return {"lang": current_language(), **({"present": "1"} if presenting() else {})}


def remember_url_settings(lang: str, present: bool) -> None:
    """Called by the page that writes them into the address (page.Page.finish), which leaves out
    `present` when it is off: kept as _url_settings reads such an address back."""
    st.session_state[_URL_SETTINGS_KEY] = (lang, True if present else None)


def app_page(page_id: str) -> st.Page:
    """This run's st.Page for a page id (one of PAGE_IDS)."""
    return _run.pages[page_id]


def page_title(page_id: str, lang: str) -> str:
    return t(lang, next(entry.title_key for entry in PAGES if entry.url_path == page_id))


def page_links(extra: dict[str, dict[str, str]] | None = None) -> None:
    """One link per page, carrying the language and presenter mode in its address."""
    for entry in PAGES:
        st.page_link(app_page(entry.url_path), icon=entry.icon,
                     query_params={**settings_params(), **((extra or {}).get(entry.url_path, {}))})


def _open_overview() -> None:
    # The default page is served only at "/", and a link to it is written relative to the page it is
    # on (so "open in new tab" on Sources would reopen Sources): the overview is an ordinary page at
    # /overview, and "/" forwards to it with the address's parameters.
    st.switch_page(app_page("overview"), query_params=st.query_params.to_dict())


def _settings_controls(lang: str) -> None:
    st.segmented_control(t(lang, "language"), LANGUAGES, key=LANGUAGE_KEY, required=True,
                         format_func=_LANGUAGE_LABELS.get)
    st.toggle(t(lang, "presenter_mode"), key=PRESENT_KEY, help=t(lang, "presenter_help"))


def run_app() -> None:
    """Configure the page, draw the sidebar and run the selected page through st.navigation.

    Every script run passes here once (a page opened by a direct link too, see
    ensure_inside_navigation), so this is where a run is timed when ENVDASH_RUN_TIMES asks for it.
    """
    chosen: list[st.Page] = []
    with timed_script_run(lambda: chosen[0].url_path if chosen else None):
        _navigate(chosen)


def _navigate(chosen: list) -> None:
    st.set_page_config(page_title="envdash", page_icon=str(PAGE_ICON), layout="wide")
    _settle_settings()
    lang = current_language()
    pages = {entry.url_path: st.Page(entry.path, title=t(lang, entry.title_key), url_path=entry.url_path)
             for entry in PAGES}
    home = st.Page(_open_overview, title=t(lang, "nav_overview"), url_path="home", default=True,
                   visibility="hidden")
    _run.pages = pages
    # the sidebar's own list of pages is replaced by links that keep the settings (see page_links)
    selected = st.navigation([home, *pages.values()], position="hidden")
    chosen.append(selected)
    with st.sidebar:
        with st.container(key="nav"):
            page_links()
        _settings_controls(lang)
    _run.active = True
    try:
        selected.run()
    finally:
        _run.active = False


def ensure_inside_navigation() -> None:
    """Called first by every page: outside the navigation, run the app instead and stop here."""
    if not inside_navigation():
        run_app()
        st.stop()
