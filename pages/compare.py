import streamlit as st
from envdash.ui import start_page
page = start_page("compare")
st.title(page.t("nav_compare"))
page.finish()
