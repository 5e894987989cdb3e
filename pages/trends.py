"""Trends: one metric over time for chosen places."""
import streamlit as st

from envdash.analysis.options import options
from envdash.present.charts import chart_config
from envdash.present.details_tab import metric_details_section
from envdash.present.page import prepare_page, start_page
from envdash.present.page_parts import export_downloads, headline, slides_button, table, view_link
from envdash.present.safe_text import md
from envdash.present.selections import metric_spec, places_spec
from envdash.present.trend_view import page_trend_view, trend_deck, trend_export
from envdash.present.view_tabs import TREND_TABS, ViewTabs, fitted_chart, tab_spec

prepare_page()

choices = options()
page = start_page("trends", (metric_spec(choices.metrics), places_spec(choices.places), tab_spec(TREND_TABS)))
controls = page.header(page.t("nav_trends"), controls=not choices.metrics.empty)
if choices.metrics.empty:
    st.info(page.t("no_figures_at_all"))
    st.stop()

left, right = controls.columns([2, 3])
metric_id = left.selectbox(page.t("metric"), list(choices.metrics.metric_id), key=page.key("metric"),
                           format_func=lambda m: choices.metric_label(m, page.lang))
places = right.multiselect(page.t("places"), list(choices.places.place_id), key=page.key("places"),
                           format_func=lambda p: choices.place_label(p, page.lang))
view = page_trend_view(metric_id, places, page.lang, page.present)
if view.empty_message:
    st.info(view.empty_message)
else:
    headline(view.headline, view.source_line)
    tabs = ViewTabs(page, TREND_TABS)
    if chart_tab := tabs.open("chart"):
        with chart_tab:
            st.plotly_chart(fitted_chart(view.figure, page.present), width="stretch", config=chart_config(view.title),
                            key="trend_chart")
            with st.container(key="trends-notes"):
                if view.missing_note:
                    st.caption(md(view.missing_note))
                st.caption(md(view.definition))
            link = view_link(page)
            slides_button(page.lang, lambda: trend_deck(view, page.lang, link), f"trends-{metric_id}",
                          "trends.slides")
            st.caption(page.t("trends_legend_help"))
    if table_tab := tabs.open("table"):
        with table_tab:
            table(view.table, page, link_column=page.t("open_sentence"), key="trends.table", width="stretch")
            export_downloads(lambda url: trend_export(view, page.lang, url), page, f"trends-{metric_id}",
                             "trends.table")
    if details_tab := tabs.open("details"):
        with details_tab:
            metric_details_section(choices.metric(metric_id), view.points, page)
page.finish()
