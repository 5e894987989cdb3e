"""The targets view: every target with its actual and computed status."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from envdash.analysis.headlines import earlier_value_note, signed_gap_text, source_line, targets_headline
from envdash.analysis.options import unit_names
from envdash.analysis.targets import chosen_targets, evidence_from_row
from envdash.core.attainment import MET, MISSED, NO_ACTUAL, NOT_ASSESSED
from envdash.core.formatting import format_value
from envdash.core.i18n import localized, t
from envdash.present.charts import attainment_chart
from envdash.present.deck import Deck, deck_bytes
from envdash.present.links import sentence_url
from envdash.present.slides import targets_slide
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
    return TargetsView(rows, summary_by_place(rows, lang), attainment_chart(rows, lang, present, names),
                       targets_table(rows, lang, names), None, targets_headline(rows, lang), source_line(rows, lang))


def targets_deck(view: TargetsView, lang: str) -> bytes:
    slide = targets_slide(view.rows, view.headline, view.source_line, lang)
    return deck_bytes(Deck(t(lang, "app_title"), t(lang, "nav_targets"), [slide]))
