"""Compare's map tab and table tab: the places of the comparison on a map, and the bars' figures
as a table with their sentences."""
from __future__ import annotations

import threading
from collections import OrderedDict

import pandas as pd
import streamlit as st

from envdash.analysis.options import options, unit_names
from envdash.analysis.place_map import absences
from envdash.present.charts import chart_config
from envdash.present.place_map import PlaceMap, map_config, place_map
from envdash.present.safe_text import md
from envdash.present.data_table import Export
from envdash.present.trend_view import TrendView, points_table, trend_export
from envdash.store.queries import run_query

# Names listed under the map for places it cannot draw; beyond that, a count.
UNMAPPED_NAMED = 8


# Maps drawn lately, by the (shared, cached) comparison view they show: a rerun of the same view
# costs a look-up instead of a figure. The view is kept with its map, so its id is not reused.
MAPS_KEPT = 16
_maps: OrderedDict = OrderedDict()
_maps_lock = threading.Lock()


def view_map(view, lang: str, present: bool) -> PlaceMap:
    """The map of a comparison view, remembered for the view (shared: read only)."""
    key = (id(view), lang, present)
    with _maps_lock:
        kept = _maps.get(key)
        if kept is not None and kept[0] is view:
            _maps.move_to_end(key)
            return kept[1]
    evidence = getattr(view, "evidence", None)
    places = run_query("places_summary")
    if evidence is not None:
        # the chosen places, and the places with reports but no figure to choose (directives only)
        offered = set(options().places.place_id)
        places = places[places.place_id.isin(evidence.places) | ~places.place_id.isin(offered)]
    drawn = place_map(view.rows, places, view.title, view.unit_label, view.direction, lang, present, unit_names(),
                      absences(evidence))
    with _maps_lock:
        _maps[key] = (view, drawn)
        while len(_maps) > MAPS_KEPT:
            _maps.popitem(last=False)
    return drawn


def map_section(view, page) -> None:
    """The comparison's places on the map, how to read it, and the places it could not draw."""
    drawn = view_map(view, page.lang, page.present)
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


def _bars_in_order(view) -> pd.DataFrame:
    rows = view.rows
    if view.direction != "neutral" and not rows.empty:
        rows = rows.sort_values("value_std", ascending=view.direction == "lower_better", kind="stable")
    return rows


def comparison_table(view, lang: str) -> pd.DataFrame:
    """The bars' figures, best first as the bars are, with their quotes and links to their sentences."""
    return points_table(_bars_in_order(view), lang, unit_names())


def comparison_export(view, lang: str, app_url: str = "") -> Export:
    """The bars' figures for CSV and Excel, as the trend's points are exported (one metric, one unit)."""
    return trend_export(TrendView(view.title, None, pd.DataFrame(), None, _bars_in_order(view)), lang, app_url)
