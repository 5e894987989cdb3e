"""The comparison view: places side by side on one comparable metric, and policy focus."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from envdash.analysis.comparison import comparison_evidence, policy_focus_evidence
from envdash.analysis.headlines import comparison_headline, source_line
from envdash.analysis.options import options, unit_names
from envdash.core.formatting import unit_name
from envdash.core.i18n import localized, t
from envdash.present.charts import comparison_chart, policy_heatmap, small_multiples
from envdash.present.deck import Deck, deck_bytes
from envdash.present.slides import comparison_slide
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


def comparison_view(metric: pd.Series, year: int | None, lang: str, present: bool) -> ComparisonView:
    names = unit_names()
    title = localized(metric, "name", lang)
    evidence = comparison_evidence(metric["metric_id"], year)
    rows, references, years = evidence.rows, evidence.references, evidence.years
    if rows.empty:
        return ComparisonView(title, None, rows, [], t(lang, "compare_none", metric=title, year=year or ""))
    unit_label = unit_name(metric["unit"], lang, names) or t(lang, "index_unit")
    figure = comparison_chart(rows, references, title, unit_label, metric["direction"], lang, present, names)
    return ComparisonView(title, figure, rows, years if len(years) > 1 else [], None,
                          comparison_headline(rows, title, metric["direction"], lang, names), source_line(rows, lang),
                          unit_label, metric["direction"])


@cached_view
def page_comparison_view(metric_id: str, year: int | None, lang: str, present: bool) -> ComparisonView:
    """The Compare page's bars, remembered per database version and selection (shared: read only)."""
    return comparison_view(options().metric(metric_id), year, lang, present)


def comparison_deck(view: ComparisonView, lang: str) -> bytes:
    slide = comparison_slide(view.rows, view.headline, view.source_line, view.title, view.unit_label,
                             view.direction, lang)
    return deck_bytes(Deck(t(lang, "app_title"), f"{t(lang, 'nav_compare')}: {view.title}", [slide]))


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


def selected_cell(event, places: pd.DataFrame, themes: pd.DataFrame, lang: str) -> tuple[str, str] | None:
    """(place_id, theme_id) of a clicked heatmap cell, mapped back from its localized labels."""
    points = (event or {}).get("selection", {}).get("points", []) if isinstance(event, dict) else \
        getattr(getattr(event, "selection", None), "points", [])
    if not points:
        return None
    point = points[0]
    place = places[[localized(r, "name", lang) == point.get("y") for _, r in places.iterrows()]]
    theme = themes[[localized(r, "name", lang) == point.get("x") for _, r in themes.iterrows()]]
    if place.empty or theme.empty:
        return None
    return place.place_id.iloc[0], theme.theme_id.iloc[0]
