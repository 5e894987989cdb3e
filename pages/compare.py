"""Compare: places side by side on a comparable metric; all metrics at once; policy focus."""
from functools import partial

import streamlit as st

from envdash.analysis.comparison import comparable_metrics, comparison_choices
from envdash.analysis.options import options
from envdash.core.i18n import localized
from envdash.present.charts import chart_config
from envdash.present.compare_view import (
    comparison_deck,
    name_labels,
    offered_key,
    page_comparison_view,
    policy_focus,
    scope_label,
    small_multiples_view,
    take_selected_cell,
    year_label,
)
from envdash.present.page import prepare_page, start_page
from envdash.present.details_tab import metric_details_section
from envdash.present.map_tab import comparison_export, comparison_table, map_section
from envdash.present.page_parts import export_downloads, headline, slides_button, table, view_link
from envdash.present.safe_text import md
from envdash.present.selections import metric_spec, places_spec, scope_spec, year_spec
from envdash.present.url_state import ParamSpec
from envdash.present.view_tabs import COMPARE_TABS, ViewTabs, tab_spec
from envdash.store.queries import run_query

prepare_page()

choices = options()
metrics = comparable_metrics(choices.metrics)
focus_places = run_query("directive_places")
themes = run_query("themes")
page = start_page("compare", (metric_spec(metrics), places_spec(choices.places), scope_spec(),
                              ParamSpec("same_year", ("0", "1"), "0"), year_spec(),
                              ParamSpec("view", ("bars", "all"), "bars"),
                              ParamSpec("focus_place", tuple(focus_places.place_id), None),
                              ParamSpec("focus_theme", tuple(themes.theme_id), None), tab_spec(COMPARE_TABS)))
controls = page.header(page.t("nav_compare"), controls=not metrics.empty)

if metrics.empty:
    st.info(page.t("compare_no_metrics"))
else:
    with controls:
        view_mode = st.segmented_control(page.t("compare_view"), ["bars", "all"], key=page.key("view"),
                                         format_func=lambda v: page.t(f"compare_view_{v}"))
        if view_mode != "all":
            left, right = st.columns([2, 3])
            metric_id = left.selectbox(page.t("metric"), list(metrics.metric_id), key=page.key("metric"),
                                       format_func=lambda m: choices.metric_label(m, page.lang))
            places = tuple(right.multiselect(page.t("places"), list(choices.places.place_id), key=page.key("places"),
                                             format_func=lambda p: choices.place_label(p, page.lang)))
            picks = comparison_choices(metric_id, places)
            scope_column, toggle_column, year_column = st.columns([3, 1, 2], vertical_alignment="bottom")
            scope_key = offered_key(page, "scope", picks.scope_ids())
            scope = scope_column.selectbox(page.t("scope"), picks.scope_ids(), key=scope_key,
                                           format_func=scope_label(picks, page.lang),
                                           help=page.t("compare_scope_help")) if picks.scopes else None
            same_year = toggle_column.toggle(page.t("compare_same_year"), key=page.key("same_year") + ".toggle",
                                             value=page.value("same_year") == "1")
            st.session_state[page.key("same_year")] = "1" if same_year else "0"
            years = [str(year) for year in picks.year_list(scope)] if same_year and scope else []
            year_key = offered_key(page, "year", years)   # no years offered: no year in the URL
            year = year_column.selectbox(page.t("compare_year_picker"), years, key=year_key,
                                         format_func=year_label(picks, scope, page.lang),
                                         help=page.t("compare_year_help")) if years else None
    if view_mode == "all":
        figure = small_multiples_view(page.lang, page.present)
        st.plotly_chart(figure, width="stretch", config=chart_config(page.t("small_multiples_title")),
                        key="small_multiples")
    else:
        view = page_comparison_view(metric_id, places, scope, same_year, int(year) if year else None,
                                    page.lang, page.present)
        if view.empty_message:
            st.info(view.empty_message)
        else:
            if view.mixed_years:
                st.warning(page.t("compare_mixed_years", years=", ".join(map(str, view.mixed_years))),
                           icon=":material/warning:")
            headline(view.headline, view.source_line)
            metric = choices.metric(metric_id)
            tabs = ViewTabs(page, COMPARE_TABS)
            if chart_tab := tabs.open("chart"):
                with chart_tab:
                    st.plotly_chart(view.figure, width="stretch", config=chart_config(view.title), key="compare_chart")
                    st.caption(md(view.reporting_note))
                    link = view_link(page)
                    slides_button(page.lang, lambda: comparison_deck(view, page.lang, link), f"compare-{metric_id}",
                                  "compare.slides")
                    st.caption(md(localized(metric, "definition", page.lang)))
            if map_tab := tabs.open("map"):
                with map_tab:
                    map_section(view, page)
            if table_tab := tabs.open("table"):
                with table_tab:
                    figures = comparison_table(view, page.lang)
                    table(figures, page, link_column=page.t("open_sentence"), key="compare.table", width="stretch")
                    export_downloads(lambda url: comparison_export(view, page.lang, url), page, f"compare-{metric_id}",
                                     "compare.table")
            if details_tab := tabs.open("details"):
                with details_tab:
                    metric_details_section(metric, view.rows, page)

st.header(page.t("policy_focus_header"), anchor=False)
heatmap, places, theme_table = policy_focus(page.lang, page.present)
if heatmap is None:
    st.info(page.t("policy_focus_none"))
else:
    place_key, theme_key = page.key("focus_place"), page.key("focus_theme")
    st.plotly_chart(heatmap, width="stretch", config=chart_config(page.t("policy_focus_title")),
                    key="policy_heatmap", selection_mode="points",
                    on_select=partial(take_selected_cell, "policy_heatmap", place_key, theme_key, places, theme_table))
    place_column, theme_column = st.columns(2)
    place_names, theme_names = name_labels(page.lang)
    focus_place = place_column.selectbox(page.t("place"), list(places.place_id), key=place_key,
                                         index=None, placeholder=page.t("policy_pick_cell"), format_func=place_names.get)
    focus_theme = theme_column.selectbox(page.t("theme"), list(theme_table.theme_id), key=theme_key,
                                         index=None, placeholder=page.t("policy_pick_cell"), format_func=theme_names.get)
    if focus_place and focus_theme:
        directives = run_query("theme_directives", place=focus_place, theme=focus_theme)
        if directives.empty:
            st.info(page.t("policy_no_directives"))
        for _, directive in directives.iterrows():
            with st.container(border=True):
                st.markdown(md(directive["quote"]))
                summary = directive["summary_zh"] if page.lang == "zh" and isinstance(directive["summary_zh"], str) \
                    else directive["summary_en"]
                if page.lang == "en":
                    st.caption(md(summary))
                st.caption(md(f"{localized(directive, 'source_title', page.lang)} · {directive['published']:%Y-%m-%d}"))
page.finish()
