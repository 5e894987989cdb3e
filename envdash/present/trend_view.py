"""The trends view: one metric over time for the chosen places."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from envdash.analysis.headlines import places_without_figures_note, source_line, trend_headline
from envdash.analysis.options import options, unit_names
from envdash.analysis.trends import trend_evidence
from envdash.core.formatting import format_value, unit_name
from envdash.core.i18n import localized, t
from envdash.present.charts import trend_chart
from envdash.present.deck import Deck, deck_bytes
from envdash.present.links import sentence_url
from envdash.present.slides import trend_slide
from envdash.store.queries import cached_view


@dataclass
class TrendView:
    title: str
    figure: go.Figure | None
    table: pd.DataFrame
    empty_message: str | None
    points: pd.DataFrame
    headline: str = ""
    source_line: str = ""
    unit_label: str = ""
    missing_note: str = ""      # the chosen places that report no figure for the metric
    definition: str = ""        # the metric's definition from the catalogue, in the page's language


def trend_view(metric: pd.Series, places: list[str], lang: str, present: bool) -> TrendView:
    names = unit_names()
    title = localized(metric, "name", lang)
    definition = t(lang, "metric_definition", definition=localized(metric, "definition", lang))
    if not places:
        return TrendView(title, None, pd.DataFrame(), t(lang, "trends_no_places"), pd.DataFrame(),
                         definition=definition)
    evidence = trend_evidence(metric["metric_id"], places)
    points, targets = evidence.points, evidence.targets
    if points.empty:
        return TrendView(title, None, pd.DataFrame(), t(lang, "trends_no_points", metric=title), points,
                         definition=definition)
    unit_label = unit_name(metric["unit"], lang, names) or t(lang, "index_unit")
    figure = trend_chart(points, evidence.references, title, unit_label, lang, present, names)
    missing = places_without_figures_note([options().place_label(place, lang) for place in evidence.places_without_figures],
                                          lang)
    return TrendView(title, figure, points_table(points, lang, names), None, points,
                     trend_headline(points, targets, title, lang, names), source_line(points, lang), unit_label,
                     missing, definition)


@cached_view
def page_trend_view(metric_id: str, places: tuple[str, ...], lang: str, present: bool) -> TrendView:
    """The Trends page's view, remembered per database version and selection (shared: read only)."""
    return trend_view(options().metric(metric_id), list(places), lang, present)


def trend_deck(view: TrendView, lang: str) -> bytes:
    slide = trend_slide(view.points, view.headline, view.source_line, view.unit_label, lang)
    return deck_bytes(Deck(t(lang, "app_title"), f"{t(lang, 'nav_trends')}: {view.title}", [slide]))


def points_table(points: pd.DataFrame, lang: str, names) -> pd.DataFrame:
    """The chart's points as a table: value, period, kind, the quote and a link to its sentence."""
    kind = points.apply(lambda r: t(lang, r["kind"]) + (f" ({t(lang, 'derived')})" if r["is_derived"] else ""), axis=1)
    return pd.DataFrame({
        t(lang, "place"): points.apply(lambda r: localized(r, "place", lang), axis=1),
        t(lang, "period"): points.period_label,
        t(lang, "value"): points.apply(lambda r: format_value(r["value_std"], r["unit_std"], lang, names, r["comparator"]), axis=1),
        t(lang, "kind"): kind,
        t(lang, "quote"): points.apply(lambda r: r["formula"] if r["is_derived"] else r["quote"], axis=1),
        t(lang, "source"): points.apply(lambda r: localized(r, "source_title", lang), axis=1),
        t(lang, "open_sentence"): [sentence_url(s, f, lang) for s, f in zip(points.source_id, points.figure_id)],
    })
