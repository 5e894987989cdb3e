import streamlit as st
from envdash.ui import start_page
page = start_page("data")
st.title(page.t("nav_data"))
page.finish()
