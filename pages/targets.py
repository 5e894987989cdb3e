"""Targets: every target with its actual, and whether it was met."""
import streamlit as st

from envdash.analysis.options import options
from envdash.analysis.targets import STATUSES
from envdash.present.charts import chart_config
from envdash.present.page import prepare_page, start_page
from envdash.present.page_parts import export_downloads, headline, slides_button, table, view_link
from envdash.present.selections import places_spec
from envdash.present.target_badges import badge_summary, progress_export, progress_table, targets_with_progress
from envdash.present.targets_view import summary_export, targets_deck, targets_export, targets_view
from envdash.present.url_state import ParamSpec
from envdash.store.queries import run_query

prepare_page()

choices = options()
themes = run_query("themes")
page = start_page("targets", (places_spec(choices.places), ParamSpec("theme", ("all", *themes.theme_id), "all"),
                              ParamSpec("status", STATUSES, STATUSES, multi=True)))
controls = page.header(page.t("nav_targets"))
place_column, theme_column, status_column = controls.columns([3, 2, 3])
places = place_column.multiselect(page.t("places"), list(choices.places.place_id), key=page.key("places"),
                                  format_func=lambda p: choices.place_label(p, page.lang))
theme_names = {"all": page.t("all"), **dict(zip(themes.theme_id, themes[f"name_{page.lang}"]))}
theme = theme_column.selectbox(page.t("theme"), ["all", *themes.theme_id], key=page.key("theme"),
                               format_func=theme_names.get)
statuses = status_column.multiselect(page.t("status"), list(STATUSES), key=page.key("status"),
                                     format_func=lambda s: page.t(f"status_{s}"))
chosen_theme = None if theme == "all" else theme
view = targets_view(places, chosen_theme, statuses, page.lang, page.present)
if view.empty_message:
    st.info(view.empty_message)
else:
    headline(view.headline, view.source_line)
    # the chart first: it and the headline are what a presenter shows on the first screen
    if view.figure is None:
        st.info(page.t("targets_no_actuals"))
    else:
        st.plotly_chart(view.figure, width="stretch", config=chart_config(page.t("attainment_chart_title")),
                        key="attainment_chart")
        st.caption(page.t("targets_chart_note"))
        link = view_link(page)
        slides_button(page.lang, lambda: targets_deck(view, page.lang, link), "targets", "targets.slides")
    table(view.summary, page, key="targets.summary")
    export_downloads(lambda url: summary_export(view, page.lang), page, "targets-summary", "targets.summary")
    badge_summary(view.rows, page)
    st.caption(page.t("targets_badges_help"))
    targets = targets_with_progress(places, chosen_theme, statuses, page.lang, page.present)
    # the status says where an earlier value stands: wide enough to read it
    progress_table(targets, page, link_column=page.t("open_sentence"), key="targets.table",
                   column_config={page.t("status"): st.column_config.TextColumn(width="large")})
    export_downloads(lambda url: progress_export(targets_export(view, page.lang, url), view.rows, page.lang), page,
                     "targets", "targets.table")
page.finish()
