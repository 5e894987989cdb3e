"""The comparison view: places side by side on one comparable metric, and policy focus."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from envdash.analysis.comparison import (ComparisonChoices, ComparisonEvidence, comparison_caveats,
                                         comparison_evidence, in_default_scopes, policy_focus_evidence, rank_text, reporting_note)
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
    year: int | None = None                 # the one year shown ("same year only"), else None
    reporting_note: str = ""
    # the comparison's scope, year, who reports and why the bars are (not) ranked; a slide's caveats
    evidence: ComparisonEvidence | None = None
    caveats: list[str] = field(default_factory=list)


def comparison_view(metric: pd.Series, year: int | None, lang: str, present: bool,
                    places: tuple[str, ...] | None = None, scope: str | None = None,
                    same_year: bool | None = None) -> ComparisonView:
    """Bars of `metric` for `places` (every place with figures if None) in `scope` (the default if None)
    and, when `same_year` (by default: when a year is given), in `year` (the default year if None)."""
    choices = options()
    names = unit_names()
    title = localized(metric, "name", lang)
    places = tuple(choices.places.place_id) if places is None else tuple(places)
    place_names = {row["place_id"]: (row["name_zh"], row["name_en"]) for row in choices.places.to_dict("records")}
    same_year = year is not None if same_year is None else same_year
    evidence = comparison_evidence(metric["metric_id"], metric["direction"], places, place_names, scope, year,
                                   same_year)
    rows = evidence.rows
    if rows.empty:
        message = t(lang, "compare_none_reporting", total=len(places), metric=title) if places else \
            t(lang, "compare_no_places")
        return ComparisonView(title, None, rows, [], message, evidence=evidence)
    unit_label = unit_name(metric["unit"], lang, names) or t(lang, "index_unit")
    # "2nd of 3 reporting" beside each place (empty where the bars are not ranked); a slide may show it too
    rows = rows.assign(rank_label=[rank_text(int(r["rank"]), len(rows), bool(r["rank_tied"]), lang)
                                   if not pd.isna(r["rank"]) else "" for _, r in rows.iterrows()])
    sources = source_line(rows, lang)
    figure = add_source(comparison_chart(rows, evidence.references, title, unit_label, lang, present, names), sources,
                        present, grow=True)
    return ComparisonView(title, figure, rows, evidence.mixed_years, None,
                          comparison_headline(rows, title, metric["direction"], lang, names), sources,
                          unit_label, metric["direction"], evidence.references, evidence.year,
                          reporting_note(evidence, lang), evidence, comparison_caveats(evidence, lang))


@cached_view
def page_comparison_view(metric_id: str, places: tuple[str, ...], scope: str | None, same_year: bool,
                         year: int | None, lang: str, present: bool) -> ComparisonView:
    """The Compare page's bars, remembered per database version and selection (shared: read only)."""
    return comparison_view(options().metric(metric_id), year, lang, present, places, scope, same_year)


def scope_label(choices: ComparisonChoices, lang: str) -> Callable[[str], str]:
    """The scope picker's option labels: the scope's name and how many chosen places report it."""
    labels = {option.scope: t(lang, "compare_scope_option_one" if option.places == 1 else "compare_scope_option_many",
                              scope=option.name_zh if lang == "zh" else option.name_en, count=option.places)
              for option in choices.scopes}
    return lambda scope: labels.get(scope, scope)


def year_label(choices: ComparisonChoices, scope: str, lang: str) -> Callable[[str], str]:
    """The year picker's option labels (its options are the years as text, as in the URL)."""
    labels = {str(option.year): t(lang, "compare_year_option_one" if option.places == 1 else "compare_year_option_many",
                                  year=option.year, count=option.places)
              for option in choices.years.get(scope, [])}
    return lambda year: labels.get(year, year)


def offered_key(page, name: str, offered: list[str]) -> str:
    """Session key of a picker whose options follow other pickers (scope, year): a value it does not
    offer now (another metric, other places) gives way to the first offered, its default; with
    nothing offered the value is cleared, so the URL does not carry it."""
    key = page.key(name)
    if st.session_state.get(key) not in offered:
        st.session_state[key] = offered[0] if offered else None
    return key


def comparison_notes(view: ComparisonView, lang: str) -> list[Note]:
    """The caveats a copy of the bars carries (the scope, the year or the mixed years, who reports);
    values from different years stand out as the page's warning does."""
    mixed = t(lang, "compare_mixed_years", years=", ".join(map(str, view.mixed_years))) if view.mixed_years else None
    return [Note(text, warning=text == mixed) for text in view.caveats]


def comparison_deck(view: ComparisonView, lang: str, link: str = "") -> bytes:
    """The view as a deck: the page's bars in its order, its reference lines, value-axis range and caveats."""
    slides = comparison_slides(view.rows, view.references, view.headline, view.source_line, view.title,
                               view.unit_label, view.direction, lang, unit_names(),
                               value_range=view.figure.layout.xaxis.range, notes=comparison_notes(view, lang))
    return deck_bytes(Deck(t(lang, "app_title"), f"{t(lang, 'nav_compare')}: {view.title}", slides, link,
                           t(lang, "deck_link_label")))


@cached_view
def small_multiples_view(lang: str, present: bool) -> go.Figure | None:
    rows = in_default_scopes(run_query("comparable_actuals"))
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