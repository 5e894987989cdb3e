import streamlit as st
from envdash.ui import start_page
page = start_page("targets")
st.title(page.t("nav_targets"))
page.finish()
