"""Page pieces shared by the chart pages: headline with source line, and the slide download."""
from __future__ import annotations

import streamlit as st

from envdash.data_table import csv_bytes, xlsx_bytes
from envdash.i18n import t
from envdash.safe_text import md

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


def headline(text: str, source: str) -> None:
    """The chart's finding in a sentence, and the reports it rests on."""
    if text:
        st.subheader(md(text), anchor=False)
    if source:
        st.caption(md(source))


def slides_button(lang: str, make_deck, file_stem: str, key: str) -> None:
    """Download the current view as an editable .pptx (built only when asked for)."""
    st.download_button(t(lang, "export_slides"), data=make_deck, file_name=f"{file_stem}.pptx", mime=PPTX_MIME,
                       key=key, icon="📊", on_click="ignore")


def download_buttons(csv, xlsx, lang: str, file_stem: str, key: str) -> None:
    """CSV and Excel buttons side by side; `csv` and `xlsx` are the bytes or a function making them."""
    with st.container(horizontal=True, key=f"{key}.downloads"):
        st.download_button(t(lang, "data_download_csv"), data=csv, file_name=f"{file_stem}.csv", mime="text/csv",
                           key=f"{key}.csv", icon="⬇️", on_click="ignore")
        st.download_button(t(lang, "data_download_xlsx"), data=xlsx, file_name=f"{file_stem}.xlsx", mime=XLSX_MIME,
                           key=f"{key}.xlsx", icon="⬇️", on_click="ignore")


def table_downloads(frame, lang: str, file_stem: str, key: str) -> None:
    """CSV and Excel of a table as shown (headers in the chosen language), made only when pressed."""
    download_buttons(lambda: csv_bytes(frame), lambda: xlsx_bytes(frame, file_stem), lang, file_stem, key)
