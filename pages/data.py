"""Data: every figure in one filterable table, downloadable as CSV or Excel."""
import streamlit as st

from envdash.present.data_table import DERIVED, KINDS, data_view, figure_filters, filter_choices, filter_specs
from envdash.present.page import prepare_page, start_page
from envdash.present.page_parts import app_url, data_downloads, table

prepare_page()

choices = filter_choices()
page = start_page("data", filter_specs(choices))
controls = page.header(page.t("nav_data"), intro=page.t("data_intro"))

with controls.container(border=not page.present):
    place_column, theme_column, metric_column = st.columns([2, 2, 3])
    places = place_column.multiselect(page.t("places"), list(choices.places.place_id), key=page.key("places"),
                                      format_func=lambda p: choices.place_label(p, page.lang),
                                      placeholder=page.t("data_all_places"))
    themes = theme_column.multiselect(page.t("data_themes"), list(choices.themes.theme_id), key=page.key("themes"),
                                      format_func=lambda th: choices.theme_label(th, page.lang),
                                      placeholder=page.t("data_all_themes"))
    metrics = metric_column.multiselect(page.t("data_metrics"), list(choices.metrics.metric_id), key=page.key("metrics"),
                                        format_func=lambda m: choices.metric_label(m, page.lang),
                                        placeholder=page.t("data_all_metrics"))
    kind_column, derived_column, from_column, to_column = st.columns([2, 2, 1, 1])
    kind = kind_column.radio(page.t("kind"), KINDS, key=page.key("kind"), horizontal=True,
                             format_func=lambda k: page.t(f"data_kind_{k}"))
    derived = derived_column.radio(page.t("derived_column"), DERIVED, key=page.key("derived"), horizontal=True,
                                   format_func=lambda d: page.t(f"data_derived_{d}"),
                                   help=page.t("data_derived_help"))
    year_from = from_column.selectbox(page.t("data_from"), choices.years, key=page.key("from"))
    year_to = to_column.selectbox(page.t("data_to"), choices.years, key=page.key("to"))

view = data_view(figure_filters(places, themes, metrics, kind, derived, year_from, year_to), choices, page.lang,
                 app_url())
if view.empty_message:
    st.info(view.empty_message, icon=":material/search_off:")
else:
    st.caption(view.caption)
    table(view.table, page, link_column=page.t("open_sentence"), key="data.table", static_when_presenting=False,
          width="stretch", height=view.height, column_config=view.columns)
    data_downloads(view, page, "data.download")
page.finish()
