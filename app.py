"""envdash: environmental performance of cities, from official reports."""
import streamlit as st

from envdash.i18n import language_from_locale, t

st.set_page_config(page_title="envdash", page_icon="🌿", layout="wide")

lang = st.session_state.get("lang") or st.query_params.get("lang") or language_from_locale(st.context.locale)
lang = lang if lang in ("zh", "en") else "en"
pages = [
    st.Page("pages/overview.py", title=t(lang, "nav_overview"), url_path="overview", default=True),
    st.Page("pages/trends.py", title=t(lang, "nav_trends"), url_path="trends"),
    st.Page("pages/targets.py", title=t(lang, "nav_targets"), url_path="targets"),
    st.Page("pages/compare.py", title=t(lang, "nav_compare"), url_path="compare"),
    st.Page("pages/sources.py", title=t(lang, "nav_sources"), url_path="sources"),
    st.Page("pages/data.py", title=t(lang, "nav_data"), url_path="data"),
]
st.navigation(pages, position="sidebar").run()
