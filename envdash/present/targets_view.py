"""The targets view: every target with its actual and computed status."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from envdash.analysis.headlines import earlier_value_note, signed_gap_text, source_line, targets_headline
from envdash.analysis.options import unit_names
from envdash.analysis.targets import chosen_targets, evidence_from_row
from envdash.core.attainment import MET, MISSED, NO_ACTUAL, NOT_ASSESSED
from envdash.core.formatting import COMPARATOR_SYMBOLS, format_value, period_text, unit_name
from envdash.core.i18n import localized, t
from envdash.present.charts import add_source, attainment_chart
from envdash.present.data_table import Export, absolute, as_date, column_note
from envdash.present.deck import Deck, deck_bytes
from envdash.present.links import sentence_url
from envdash.present.slides import targets_slides
from envdash.store.queries import cached_view


@dataclass
class TargetsView:
    rows: pd.DataFrame
    summary: pd.DataFrame
    figure: go.Figure | None
    table: pd.DataFrame
    empty_message: str | None
    headline: str = ""
    source_line: str = ""


def summary_by_place(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Met / missed / open counts per place (open: no actual yet or not assessed)."""
    records = []
    for place_id, group in rows.groupby("place_id", sort=False):
        records.append({t(lang, "place"): localized(group.iloc[0], "place", lang),
                        t(lang, "status_met"): int((group.status == MET).sum()),
                        t(lang, "status_missed"): int((group.status == MISSED).sum()),
                        t(lang, "targets_open"): int(group.status.isin([NO_ACTUAL, NOT_ASSESSED]).sum())})
    return pd.DataFrame(records)


def status_text(row, lang: str, names) -> str:
    """The stored status ("No actual reported yet" stays so), its gap, and where an earlier value stands."""
    text = t(lang, f"status_{row['status']}")
    if row["status"] in (MET, MISSED) and pd.notna(row["gap"]):
        text += f" ({signed_gap_text(row['gap'], row['gap_percent'], row['unit_std'], lang, names)})"
    note = earlier_value_note(evidence_from_row(row), lang, names)
    return f"{text} — {note}" if note else text


def targets_table(rows: pd.DataFrame, lang: str, names) -> pd.DataFrame:
    return pd.DataFrame({
        t(lang, "place"): [localized(r, "place", lang) for _, r in rows.iterrows()],
        t(lang, "metric"): [localized(r, "metric", lang) for _, r in rows.iterrows()],
        t(lang, "period"): rows.period_label,
        t(lang, "target"): [format_value(r["target_value"], r["unit_std"], lang, names, r["comparator"]) for _, r in rows.iterrows()],
        t(lang, "actual"): [format_value(r["actual_value"], r["unit_std"], lang, names) for _, r in rows.iterrows()],
        t(lang, "status"): [status_text(r, lang, names) for _, r in rows.iterrows()],
        t(lang, "quote"): rows.target_quote,
        t(lang, "open_sentence"): [sentence_url(r["source_id"], r["target_id"], lang) for _, r in rows.iterrows()],
    })


# every target of every city chosen at once is tens of megabytes of rows, table and chart
@cached_view(entries=8)
def targets_view(places: list[str], theme: str | None, statuses: list[str], lang: str, present: bool) -> TargetsView:
    """Targets of `places` by theme and status; remembered per database version (shared: read only)."""
    names = unit_names()
    rows = chosen_targets(places, theme, statuses)
    if rows.empty:
        message = t(lang, "targets_none") if places else t(lang, "targets_no_places")
        return TargetsView(rows, pd.DataFrame(), None, pd.DataFrame(), message)
    sources = source_line(rows, lang)
    figure = attainment_chart(rows, lang, present, names)
    return TargetsView(rows, summary_by_place(rows, lang), figure and add_source(figure, sources, present, grow=True),
                       targets_table(rows, lang, names), None, targets_headline(rows, lang), sources)


def targets_deck(view: TargetsView, lang: str, link: str = "") -> bytes:
    """The view as a deck: the page's dots and their range; targets with no actual for their own period
    keep their hollow grey "no actual yet" marking."""
    value_range = view.figure.layout.xaxis.range if view.figure is not None else None
    slides = targets_slides(view.rows, view.headline, view.source_line, lang, value_range)
    return deck_bytes(Deck(t(lang, "app_title"), t(lang, "nav_targets"), slides, link, t(lang, "deck_link_label")))


def _number(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


TARGET_COLUMNS = (("place", "export_about_place"), ("metric", "export_about_metric"), ("period", "export_about_period"),
                  ("data_period_start", "export_about_period_start"), ("data_period_end", "export_about_period_end"),
                  ("comparator", "export_about_comparator"), ("export_target_value", "export_about_target_value"),
                  ("export_actual_value", "export_about_actual_value"), ("unit", "export_about_unit"),
                  ("status", "export_about_status"), ("export_gap", "export_about_gap"),
                  ("export_gap_percent", "export_about_gap_percent"),
                  ("export_earlier_value", "export_about_earlier_value"),
                  ("export_earlier_period", "export_about_earlier_period"), ("quote", "export_about_target_quote"),
                  ("source", "export_about_source"), ("export_published", "export_about_published"),
                  ("export_sentence_link", "export_about_sentence_link"))


def targets_export(view: TargetsView, lang: str, app_url: str = "") -> Export:
    """Every target for CSV and Excel: values as numbers, each row's unit in its Unit column."""
    names = unit_names()
    columns = [column_note(lang, key, about) for key, about in TARGET_COLUMNS]
    records = view.rows.to_dict("records")
    earlier = [pd.isna(r["actual_value"]) for r in records]
    frame = pd.DataFrame(dict(zip([column.header for column in columns], [
        [localized(r, "place", lang) for r in records],
        [localized(r, "metric", lang) for r in records],
        [period_text(r["period_label"], lang) for r in records],
        [as_date(r["period_start"]) for r in records],
        [as_date(r["period_end"]) for r in records],
        [COMPARATOR_SYMBOLS.get(r["comparator"] or "=", "").strip() for r in records],
        [_number(r["target_value"]) for r in records],
        [_number(r["actual_value"]) for r in records],
        [unit_name(r["unit_std"], lang, names) or t(lang, "index_unit") for r in records],
        [t(lang, f"status_{r['status']}") for r in records],
        [_number(r["gap"]) for r in records],
        [_number(r["gap_percent"]) for r in records],
        [_number(r["previous_actual_value"]) if gap else None for r, gap in zip(records, earlier)],
        [period_text(r["previous_period_label"], lang) if gap and isinstance(r["previous_period_label"], str) else ""
         for r, gap in zip(records, earlier)],
        [r["target_quote"] for r in records],
        [localized(r, "source_title", lang) for r in records],
        [as_date(r["published"]) for r in records],
        [absolute(sentence_url(r["source_id"], r["target_id"], lang), app_url) for r in records],
    ])), columns=[column.header for column in columns])
    return Export(frame, columns, tuple(view.rows.source_id), (t(lang, "export_units_per_row"),))


def summary_export(view: TargetsView, lang: str) -> Export:
    """The per-place counts for CSV and Excel."""
    keys = (("place", "export_about_place"), ("status_met", "export_about_count_met"),
            ("status_missed", "export_about_count_missed"), ("targets_open", "export_about_count_open"))
    return Export(view.summary, [column_note(lang, key, about) for key, about in keys], tuple(view.rows.source_id))
