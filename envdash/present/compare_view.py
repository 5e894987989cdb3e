"""The comparison view: places side by side on one comparable metric, and policy focus."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from envdash.analysis.comparison import comparison_evidence, policy_focus_evidence
from envdash.analysis.headlines import comparison_headline, source_line
from envdash.analysis.options import options, unit_names
from envdash.core.formatting import unit_name
from envdash.core.i18n import localized, t
from envdash.present.charts import add_source, comparison_chart, policy_heatmap, small_multiples
from envdash.present.deck import Deck, Note, deck_bytes
from envdash.present.slides import comparison_slides
from envdash.store.queries import cached_view, run_query


@dataclass
class ComparisonView:
    title: str
    figure: go.Figure | None
    rows: pd.DataFrame
    mixed_years: list[int]
    empty_message: str | None
    headline: str = ""
    source_line: str = ""
    unit_label: str = ""
    direction: str = "neutral"
    references: pd.DataFrame | None = None
    year: int | None = None


def comparison_view(metric: pd.Series, year: int | None, lang: str, present: bool) -> ComparisonView:
    names = unit_names()
    title = localized(metric, "name", lang)
    evidence = comparison_evidence(metric["metric_id"], year)
    rows, references, years = evidence.rows, evidence.references, evidence.years
    if rows.empty:
        return ComparisonView(title, None, rows, [], t(lang, "compare_none", metric=title, year=year or ""))
    unit_label = unit_name(metric["unit"], lang, names) or t(lang, "index_unit")
    sources = source_line(rows, lang)
    figure = add_source(comparison_chart(rows, references, title, unit_label, metric["direction"], lang, present, names),
                        sources, present, grow=True)
    return ComparisonView(title, figure, rows, years if len(years) > 1 else [], None,
                          comparison_headline(rows, title, metric["direction"], lang, names), sources,
                          unit_label, metric["direction"], references, year)


@cached_view
def page_comparison_view(metric_id: str, year: int | None, lang: str, present: bool) -> ComparisonView:
    """The Compare page's bars, remembered per database version and selection (shared: read only)."""
    return comparison_view(options().metric(metric_id), year, lang, present)


def comparison_notes(view: ComparisonView, lang: str) -> list[Note]:
    """The caveats the page shows beside the bars: values from different years, one year only."""
    notes = []
    if view.mixed_years:
        notes.append(Note(t(lang, "compare_mixed_years", years=", ".join(map(str, view.mixed_years))), warning=True))
    if view.year:
        notes.append(Note(t(lang, "deck_year_only", year=view.year)))
    return notes


def comparison_deck(view: ComparisonView, lang: str, link: str = "") -> bytes:
    """The view as a deck: the page's bars in its order, its reference lines, value-axis range and caveats."""
    slides = comparison_slides(view.rows, view.references, view.headline, view.source_line, view.title,
                               view.unit_label, view.direction, lang, unit_names(),
                               value_range=view.figure.layout.xaxis.range, notes=comparison_notes(view, lang))
    return deck_bytes(Deck(t(lang, "app_title"), f"{t(lang, 'nav_compare')}: {view.title}", slides, link,
                           t(lang, "deck_link_label")))


@cached_view
def small_multiples_view(lang: str, present: bool) -> go.Figure | None:
    rows = run_query("comparable_actuals")
    return None if rows.empty else small_multiples(rows, lang, present, unit_names())


@cached_view
def policy_focus(lang: str, present: bool) -> tuple[go.Figure | None, pd.DataFrame, pd.DataFrame]:
    focus = policy_focus_evidence()
    shares, places, themes = focus.shares, focus.places, focus.themes
    if shares.empty:
        return None, places, themes
    return policy_heatmap(shares, places, themes, lang, present), places, themes


@cached_view
def name_labels(lang: str) -> tuple[dict[str, str], dict[str, str]]:
    """Names of the policy-focus places and themes by id, for the pickers (shared: read only)."""
    return ({row["place_id"]: localized(row, "name", lang) for row in run_query("directive_places").to_dict("records")},
            {row["theme_id"]: localized(row, "name", lang) for row in run_query("themes").to_dict("records")})


def selected_cell(event, places: pd.DataFrame, themes: pd.DataFrame) -> tuple[str, str] | None:
    """(place_id, theme_id) of a clicked heatmap cell, from the ids its marker carries (charts.policy_heatmap).

    Only ids the heatmap shows are accepted: the selection comes back from the browser.
    """
    points = (event or {}).get("selection", {}).get("points", []) if isinstance(event, dict) else \
        getattr(getattr(event, "selection", None), "points", [])
    for point in points:
        ids = point.get("customdata") if isinstance(point, dict) else None
        if isinstance(ids, (list, tuple)) and len(ids) == 2 and ids[0] in set(places.place_id) \
                and ids[1] in set(themes.theme_id):
            return str(ids[0]), str(ids[1])
    return None


def take_selected_cell(chart_key: str, place_key: str, theme_key: str, places: pd.DataFrame,
                       themes: pd.DataFrame) -> None:
    """Callback of the heatmap: a clicked cell sets the place and theme pickers (once, when it is clicked)."""
    cell = selected_cell(st.session_state.get(chart_key), places, themes)
    if cell:
        st.session_state[place_key], st.session_state[theme_key] = cell