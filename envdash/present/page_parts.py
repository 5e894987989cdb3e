"""Page pieces shared by the chart pages: headline with source line, tables, and the downloads."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from urllib.parse import urlencode

from envdash.core.i18n import t
from envdash.present.data_table import DataView, Export, about_of, csv_bytes, xlsx_bytes
from envdash.present.figure_downloads import download_url
from envdash.present.links import sentence_params, sentence_target
from envdash.present.navigation import PAGE_IDS, app_page, page_title, settings_params
from envdash.present.page import GLOBAL_SPECS, last_view
from envdash.present.safe_text import md
from envdash.present.url_state import encode

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


def headline(text: str, source: str) -> None:
    """The chart's finding in a sentence, and the reports it rests on."""
    with st.container(key="headline"):
        if text:
            st.subheader(md(text), anchor=False)
        if source:
            st.caption(md(source))


def app_url() -> str:
    """The app's address as the reader's browser sees it ("" where it is not known, as in tests)."""
    url = st.context.url
    if url:
        # the address of the page itself, as st.navigation serves it: the app's is the part before it
        url = url.rstrip("/")
        page = url.rsplit("/", 1)[-1]
        return url[:-len(page) - 1] if page in PAGE_IDS else url
    base = (st.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}" if base else ""


def view_link(page) -> str:
    """The address that reopens this page's current view (its selections and language; presenter
    mode is left out: a spreadsheet's or a deck's reader opens the ordinary view)."""
    values = {spec.name: page.value(spec.name) for spec in page.specs}
    values["lang"] = page.lang
    query = encode(values, (*GLOBAL_SPECS, *page.specs))
    query.pop("present", None)
    return f"{app_url()}/{page.page_id}?{urlencode(query)}"


def slides_button(lang: str, make_deck, file_stem: str, key: str) -> None:
    """Download the current view as an editable .pptx (built only when asked for)."""
    st.download_button(t(lang, "export_slides"), data=make_deck, file_name=f"{file_stem}.pptx", mime=PPTX_MIME,
                       key=key, icon=":material/slideshow:", on_click="ignore")


def download_buttons(csv, xlsx, lang: str, file_stem: str, key: str) -> None:
    """CSV and Excel buttons side by side; `csv` and `xlsx` are the bytes or a function making them."""
    with st.container(horizontal=True, key=f"{key}.downloads"):
        st.download_button(t(lang, "data_download_csv"), data=csv, file_name=f"{file_stem}.csv", mime="text/csv",
                           key=f"{key}.csv", icon=":material/download:", on_click="ignore")
        st.download_button(t(lang, "data_download_xlsx"), data=xlsx, file_name=f"{file_stem}.xlsx", mime=XLSX_MIME,
                           key=f"{key}.xlsx", icon=":material/download:", on_click="ignore")


def data_downloads(view: DataView, page, key: str) -> None:
    """The Data page's CSV and Excel of every figure it keeps: made here when they are small (the Excel
    when asked for, as its second sheet holds the day it was made), otherwise links to the streamed
    downloads (figure_downloads.py), which read and write in pieces."""
    lang = page.lang
    if not view.streamed:
        link = view_link(page)
        download_buttons(view.csv, lambda: view.xlsx(link), lang, view.file_stem, key)
        return
    base = "/" + (st.get_option("server.baseUrlPath") or "").strip("/")
    with st.container(horizontal=True, key=f"{key}.downloads"):
        for ending, label in (("csv", "data_download_csv"), ("xlsx", "data_download_xlsx")):
            st.link_button(t(lang, label), download_url(view.filters, lang, ending, base), icon=":material/download:")


def table_downloads(frame, lang: str, file_stem: str, key: str) -> None:
    """CSV and Excel of a table as shown (headers in the chosen language), made only when pressed."""
    download_buttons(lambda: csv_bytes(frame), lambda: xlsx_bytes(frame, file_stem), lang, file_stem, key)


def export_downloads(make_export, page, file_stem: str, key: str) -> None:
    """CSV and Excel of a view's figures, made only when pressed: numbers as numbers, dates as dates, one
    unit per value column; the Excel's second sheet describes the columns and the reports, with the
    day it was made and the link that reopens the view. `make_export(app_url)` gives the Export."""
    link, url, lang = view_link(page), app_url(), page.lang

    def workbook() -> bytes:
        export: Export = make_export(url)
        return xlsx_bytes(export.frame, file_stem, about_of(export, lang, link))

    download_buttons(lambda: csv_bytes(make_export(url).frame), workbook, lang, file_stem, key)


def markdown_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with every header and cell escaped for Markdown: st.table reads Markdown in cells."""
    def cell(value) -> str:
        return "" if value is None or (isinstance(value, float) and pd.isna(value)) else md(value)

    return pd.DataFrame({md(column): [cell(value) for value in frame[column]] for column in frame.columns})


def sentence_link(page, source_id: str, item_id: str | None, label: str | None = None, back: str | None = None,
                  icon: str = ":material/format_quote:") -> None:
    """A link to a record's sentence on the Sources page, in this tab, keeping language and presenter mode.

    The Sources page offers the way back to `back` (None: this page; "": no way back). `label` is
    Markdown; data in it must be escaped.
    """
    st.page_link(app_page("sources"), label=label or page.t("open_sentence"), icon=icon,
                 query_params=sentence_params(source_id, item_id, page.lang, page.present,
                                              page.page_id if back is None else back))


def back_link(page, back: str) -> None:
    """"Back to <page>": the page a sentence link came from, as this session last showed it."""
    view = {key: value for key, value in last_view(back).items() if key not in ("lang", "present")}
    with st.container(key="sources-back"):
        st.page_link(app_page(back), label=page.t("back_to", page=page_title(back, page.lang)),
                     icon=":material/arrow_back:", query_params={**view, **settings_params()})


def _row_label(row: pd.Series) -> str:
    """A row in a few words for the sentence picker: its first four cells."""
    return " · ".join(str(value) for value in list(row)[:4] if isinstance(value, str) and value)


def table(frame: pd.DataFrame, page, link_column: str | None = None, key: str = "table", back: str | None = None,
          static_when_presenting: bool = True, markdown_cells: dict[str, list[str]] | None = None,
          **dataframe_options) -> None:
    """A table, and for a table with links to sentences, a way to open the sentence of one row.

    In presenter mode a static table whose text grows with the page (the interactive grid draws on a
    canvas at a fixed small size), unless `static_when_presenting` is off (thousands of rows);
    otherwise the interactive grid. `markdown_cells` replaces a static table's cells of a column by
    Markdown the app made itself (badges), with any data in it escaped. The grid's own links would open a
    new tab without presenter mode, and a keyboard cannot follow them: instead a row is selected (a
    click on its box, or Shift+Space) and "Show the sentence" opens it here; under a static table a
    picker names the row.
    """
    targets = [sentence_target(url) for url in frame[link_column]] if link_column in frame.columns else None
    shown = frame.drop(columns=[link_column]) if targets is not None else frame
    static = page.present and static_when_presenting
    if static:
        cells = markdown_table(shown)
        for column, markdown in (markdown_cells or {}).items():
            cells[md(column)] = markdown
        st.table(cells, border="horizontal")
    else:
        selectable = {"on_select": "rerun", "selection_mode": "single-row"} if targets is not None else {}
        event = st.dataframe(shown, hide_index=True, key=f"{key}.grid", **selectable, **dataframe_options)
    if targets is None:
        return
    with st.container(key=f"{key}-sentence", horizontal=True, vertical_alignment="center"):
        if static:
            rows = [index for index, target in enumerate(targets) if target]
            chosen = st.selectbox(page.t("sentence_of_row"), rows, index=None, key=f"{key}.sentence_row",
                                  format_func=lambda index: _row_label(shown.iloc[index]),
                                  placeholder=page.t("sentence_pick_row"))
        else:
            selected = [index for index in event.selection.rows if index < len(targets) and targets[index]]
            chosen = selected[0] if selected else None
            if chosen is None:
                st.caption(page.t("sentence_select_row"))
        if chosen is not None:
            source_id, item_id = targets[chosen]
            sentence_link(page, source_id, item_id, back=back,
                          label=f"{page.t('open_sentence')}: {md(_row_label(shown.iloc[chosen]))}")
