import streamlit as st
from envdash.ui import start_page
page = start_page("sources")
st.title(page.t("nav_sources"))
page.finish()
