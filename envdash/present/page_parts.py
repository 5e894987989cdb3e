"""Page pieces shared by the chart pages: headline with source line, tables, and the downloads."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from envdash.core.i18n import t
from envdash.present.data_table import csv_bytes, xlsx_bytes
from envdash.present.safe_text import md

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


def markdown_table(frame: pd.DataFrame, link_column: str | None = None) -> pd.DataFrame:
    """The frame with every header and cell escaped for Markdown; `link_column`'s URLs as links.

    st.table reads Markdown in cells: data must arrive as literal text. The links are the app's own
    relative addresses (links.sentence_url), shown with the column's name as their text.
    """
    def cell(value) -> str:
        return "" if value is None or (isinstance(value, float) and pd.isna(value)) else md(value)

    shown = pd.DataFrame({md(column): [cell(value) for value in frame[column]] for column in frame.columns})
    if link_column is not None and link_column in frame.columns:
        label = md(link_column)
        shown[label] = [f"[{label}]({url})" if isinstance(url, str) and url else "" for url in frame[link_column]]
    return shown


def table(frame: pd.DataFrame, present: bool, link_column: str | None = None, **dataframe_options) -> None:
    """A table: in presenter mode as a static table whose text grows with the page (the interactive
    grid draws on a canvas at a fixed small size); otherwise the interactive grid."""
    if present:
        st.table(markdown_table(frame, link_column), border="horizontal")
        return
    if link_column is not None and link_column in frame.columns:
        dataframe_options.setdefault("column_config", {})[link_column] = st.column_config.LinkColumn(
            link_column, display_text=link_column)
    st.dataframe(frame, hide_index=True, **dataframe_options)
