"""The floor pages as one app, at the same addresses as the real pages (for the browser timing)."""
import streamlit as st

PAGES = ("overview", "trends", "targets", "compare", "sources", "data")

st.set_page_config(page_title="envdash floor", page_icon="🌿", layout="wide")
st.navigation([st.Page(f"{name}.py", url_path=name, default=name == "overview") for name in PAGES]).run()
