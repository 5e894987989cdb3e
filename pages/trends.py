import streamlit as st
from envdash.ui import start_page
page = start_page("trends")
st.title(page.t("nav_trends"))
page.finish()
