"""The studio's frame: page settings, its two pages, the language and the way to the dashboard."""
from __future__ import annotations

import streamlit as st

from envdash.core.i18n import t
from envdash.studio import session

PAGES = (("views/reports.py", "studio_nav_reports", "reports", ":material/library_books:"),
         ("views/curate.py", "studio_nav_curate", "curate", ":material/edit_note:"))


def run_studio() -> None:
    st.set_page_config(page_title="envdash studio", page_icon=str(session.PAGE_ICON), layout="wide")
    lang = session.settle_language()
    pages = [st.Page(path, title=t(lang, title), url_path=url_path, icon=icon, default=index == 0)
             for index, (path, title, url_path, icon) in enumerate(PAGES)]
    selected = st.navigation(pages, position="sidebar")
    with st.sidebar:
        session.language_control(lang)
        st.caption(t(lang, "studio_sidebar_note"))
    selected.run()
