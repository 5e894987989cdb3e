"""envdash served: the dashboard (dashboard.py) and the streamed downloads of every figure beside it.

`streamlit run app.py` finds `app` below and serves both; the dashboard's script is dashboard.py.
"""
import streamlit as st

from envdash.present.figure_downloads import download_routes

app = st.App("dashboard.py", routes=download_routes())
