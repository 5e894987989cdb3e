"""The trends view: one metric over time for the chosen places."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from envdash.analysis.headlines import places_without_figures_note, source_line, trend_headline
from envdash.analysis.options import options, unit_names
from envdash.analysis.trends import trend_evidence
from envdash.core.formatting import COMPARATOR_SYMBOLS, format_value, period_text, unit_name
from envdash.core.i18n import localized, t
from envdash.present.charts import add_source, trend_chart
from envdash.present.data_table import Export, absolute, as_date, column_note
from envdash.present.deck import Deck, Note, deck_bytes
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
    references: pd.DataFrame | None = None


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
    sources = source_line(points, lang)
    figure = add_source(trend_chart(points, evidence.references, title, unit_label, lang, present, names), sources,
                        present)
    missing = places_without_figures_note([options().place_label(place, lang) for place in evidence.places_without_figures],
                                          lang)
    return TrendView(title, figure, points_table(points, lang, names), None, points,
                     trend_headline(points, targets, title, lang, names), sources, unit_label,
                     missing, definition, evidence.references)


@cached_view
def page_trend_view(metric_id: str, places: tuple[str, ...], lang: str, present: bool) -> TrendView:
    """The Trends page's view, remembered per database version and selection (shared: read only)."""
    return trend_view(options().metric(metric_id), list(places), lang, present)


def trend_deck(view: TrendView, lang: str, link: str = "") -> bytes:
    """The view as a deck: the page's series, reference lines and value-axis range, and its caveats."""
    # what the page says under the chart: the places without a figure, the metric's definition
    notes = [Note(text) for text in (view.missing_note, view.definition) if text]
    slide = trend_slide(view.points, view.references, view.headline, view.source_line, view.title, view.unit_label,
                        lang, value_range=view.figure.layout.yaxis.range, notes=notes)
    return deck_bytes(Deck(t(lang, "app_title"), f"{t(lang, 'nav_trends')}: {view.title}", [slide], link,
                           t(lang, "deck_link_label")))


def trend_export(view: TrendView, lang: str, app_url: str = "") -> Export:
    """The chart's points for CSV and Excel: one metric, so one unit, named in the value column's header."""
    points, names = view.points, unit_names()
    unit = {language: unit_name(points.unit_std.iloc[0], language, names) or t(language, "index_unit")
            for language in ("zh", "en")}
    keys = [("place", "export_about_place"), ("period", "export_about_period"),
            ("data_period_start", "export_about_period_start"), ("data_period_end", "export_about_period_end"),
            ("kind", "export_about_kind_trend"), ("comparator", "export_about_comparator"),
            ("export_value_with_unit", "export_about_value_with_unit"), ("scope", "export_about_scope"),
            ("quote", "export_about_quote_trend"), ("source", "export_about_source"),
            ("export_published", "export_about_published"), ("export_sentence_link", "export_about_sentence_link")]
    columns = [column_note(lang, key, about, unit=unit) for key, about in keys]
    records = points.to_dict("records")
    kinds = [t(lang, r["kind"]) + (f" ({t(lang, 'derived')})" if r["is_derived"] else "") for r in records]
    frame = pd.DataFrame(dict(zip([column.header for column in columns], [
        [localized(r, "place", lang) for r in records],
        [period_text(r["period_label"], lang) for r in records],
        [as_date(r["period_start"]) for r in records],
        [as_date(r["period_end"]) for r in records],
        kinds,
        [COMPARATOR_SYMBOLS.get(r["comparator"] or "=", "").strip() for r in records],
        [None if pd.isna(r["value_std"]) else float(r["value_std"]) for r in records],
        [localized(r, "scope", lang) if isinstance(r.get("scope"), str) else "" for r in records],
        [r["formula"] if r["is_derived"] else r["quote"] for r in records],
        [localized(r, "source_title", lang) for r in records],
        [as_date(r["published"]) for r in records],
        [absolute(sentence_url(r["source_id"], r["figure_id"], lang), app_url) for r in records],
    ])), columns=[column.header for column in columns])
    return Export(frame, columns, tuple(points.source_id), (t(lang, "export_units_one_metric", unit=unit[lang]),))


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
