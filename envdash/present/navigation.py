"""The app's pages and navigation, entered from app.py or from a page opened by a direct link.

Streamlit treats a `pages/` folder beside app.py as its older multipage layout: a direct link such
as /sources runs pages/sources.py on its own, without app.py. Pages therefore check that they run
inside this navigation and, if not, run it themselves, so every link gets the same app.
"""
from __future__ import annotations

import threading

import streamlit as st

from envdash.core.i18n import LANGUAGES, language_from_locale, t

_run = threading.local()  # one script run per thread; set while the navigation runs a page

PAGES = (("pages/overview.py", "nav_overview", "overview"), ("pages/trends.py", "nav_trends", "trends"),
         ("pages/targets.py", "nav_targets", "targets"), ("pages/compare.py", "nav_compare", "compare"),
         ("pages/sources.py", "nav_sources", "sources"), ("pages/data.py", "nav_data", "data"))


def inside_navigation() -> bool:
    return getattr(_run, "active", False)


def run_app() -> None:
    """Configure the page and run the selected page through st.navigation."""
    st.set_page_config(page_title="envdash", page_icon="🌿", layout="wide")
    lang = st.session_state.get("lang") or st.query_params.get("lang") or language_from_locale(st.context.locale)
    lang = lang if lang in LANGUAGES else "en"
    pages = [st.Page(path, title=t(lang, title_key), url_path=url_path, default=(url_path == "overview"))
             for path, title_key, url_path in PAGES]
    _run.active = True
    try:
        st.navigation(pages, position="sidebar").run()
    finally:
        _run.active = False


def ensure_inside_navigation() -> None:
    """Called first by every page: outside the navigation, run the app instead and stop here."""
    if not inside_navigation():
        run_app()
        st.stop()
