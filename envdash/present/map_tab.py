"""Compare's map tab and table tab: the places of the comparison on a map, and the bars' figures
as a table with their sentences."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from envdash.analysis.options import unit_names
from envdash.present.charts import chart_config
from envdash.present.place_map import map_config, place_map
from envdash.present.safe_text import md
from envdash.present.trend_view import points_table
from envdash.store.queries import run_query

# Names listed under the map for places it cannot draw; beyond that, a count.
UNMAPPED_NAMED = 8


def map_section(view, page) -> None:
    """The comparison's places on the map, how to read it, and the places it could not draw."""
    drawn = place_map(view.rows, run_query("places_summary"), view.title, view.unit_label, view.direction, page.lang,
                      page.present, unit_names())
    if drawn.figure is None:
        st.info(page.t("map_none"))
        return
    st.plotly_chart(drawn.figure, width="stretch", config=map_config(chart_config(view.title)), key="compare_map")
    st.caption(page.t("map_caption"))
    if drawn.unmapped:
        named = ", ".join(md(name) for name in drawn.unmapped[:UNMAPPED_NAMED])
        more = len(drawn.unmapped) - UNMAPPED_NAMED
        st.caption(page.t("map_unmapped_more", places=named, more=more) if more > 0 else
                   page.t("map_unmapped", places=named))


def comparison_table(view, lang: str) -> pd.DataFrame:
    """The bars' figures, best first as the bars are, with their quotes and links to their sentences."""
    rows = view.rows
    if view.direction != "neutral" and not rows.empty:
        rows = rows.sort_values("value_std", ascending=view.direction == "lower_better", kind="stable")
    return points_table(rows, lang, unit_names())
