"""Targets' progress badges and the distance to target, in words and in colour-blind-safe colours.

Each badge has a word, an icon and an Okabe–Ito colour, so it reads without colour too. Streamlit
draws badges from its theme's basic palette (`st.badge`, the `:green-badge[…]` directive): the
palette is set to these colours in .streamlit/config.toml (checked by tests/test_target_badges.py).
The interactive grid colours its pills itself, from the same colours.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from envdash.analysis.options import unit_names
from envdash.analysis.target_progress import (AT_LEVEL_EARLIER, BADGES, MET, MISSED, NO_ACTUAL, NOT_ASSESSED,
                                              Distance, badge_counts, target_badge, target_distance)
from envdash.core.formatting import format_number, format_value, period_text
from envdash.core.i18n import t
from envdash.present.data_table import Export, column_note
from envdash.present.page_parts import table
from envdash.present.safe_text import md
from envdash.present.targets_view import targets_view
from envdash.store.queries import cached_view


@dataclass(frozen=True)
class BadgeStyle:
    palette: str        # the Streamlit palette colour the theme sets to `colour`
    colour: str         # Okabe–Ito
    background: str     # its tint, behind the badge's words
    text: str           # the words' colour: 5.8:1 or more on the tint
    icon: str


BADGE_STYLES = {
    MET: BadgeStyle("green", "#009E73", "#E0F3EE", "#005C43", ":material/check_circle:"),
    MISSED: BadgeStyle("orange", "#D55E00", "#FAECE0", "#9A3F00", ":material/cancel:"),
    AT_LEVEL_EARLIER: BadgeStyle("blue", "#0072B2", "#E0EEF6", "#005080", ":material/history:"),
    NO_ACTUAL: BadgeStyle("gray", "#7F7F7F", "#F0F0F0", "#4D4D4D", ":material/hourglass_empty:"),
    NOT_ASSESSED: BadgeStyle("violet", "#CC79A7", "#F9EFF4", "#87386A", ":material/help:"),
}


def badge_label(badge: str, lang: str) -> str:
    return t(lang, f"badge_{badge}")


def badge_markdown(badge: str, lang: str) -> str:
    """The badge as Streamlit Markdown (for static tables): icon and words in the badge's colour."""
    style = BADGE_STYLES[badge]
    return f":{style.palette}-badge[{style.icon} {md(badge_label(badge, lang))}]"


def amount_text(amount: float, unit: str, lang: str, unit_names) -> str:
    """A difference in the metric's unit; between two percentages, in percentage points. In
    Chinese without a space before the unit, as the sentences write it."""
    if unit == "%":
        return t(lang, "percentage_points", value=format_number(amount))
    text = format_value(amount, unit, lang, unit_names)
    return text.replace("\u00a0", "") if lang == "zh" else text


def distance_text(distance: Distance | None, unit: str, lang: str, unit_names) -> str:
    """"3 µg/m³ better than the target", "2.1 percentage points short of the target", or "" without an actual."""
    if distance is None:
        return ""
    if distance.amount == 0:
        text = t(lang, "distance_equal")
    else:
        key = ("distance_better" if distance.better else "distance_short") if distance.better is not None else \
            ("distance_above" if distance.above else "distance_below")
        text = t(lang, key, amount=amount_text(distance.amount, unit, lang, unit_names))
    if distance.earlier_period:
        text = t(lang, "distance_earlier", period=period_text(distance.earlier_period, lang), distance=text)
    return text


def with_progress(frame: pd.DataFrame, rows: pd.DataFrame, lang: str, unit_names) -> pd.DataFrame:
    """The targets table (one row per row of `rows`, in order) with the badge's words and the
    distance to target after the Actual column (at the end if it has none)."""
    if len(frame) != len(rows):
        raise ValueError(f"targets table has {len(frame)} rows for {len(rows)} targets")
    records = rows.to_dict("records")
    columns = list(frame.columns)
    position = columns.index(t(lang, "actual")) + 1 if t(lang, "actual") in columns else len(columns)
    shown = frame.copy()
    shown.insert(position, t(lang, "targets_progress"), [badge_label(target_badge(row), lang) for row in records])
    shown.insert(position + 1, t(lang, "targets_distance"),
                 [distance_text(target_distance(row), row["unit_std"], lang, unit_names) for row in records])
    return shown


@cached_view(entries=8)
def targets_with_progress(places: list[str], theme: str | None, statuses: list[str], lang: str,
                          present: bool) -> pd.DataFrame:
    """The Targets page's table with progress (targets_view's arguments); shared, read only."""
    view = targets_view(list(places), theme, list(statuses), lang, present)
    return with_progress(view.table, view.rows, lang, unit_names())


def progress_table(frame: pd.DataFrame, page, link_column: str, key: str, column_config: dict | None = None) -> None:
    """The table of with_progress, its badges coloured: pills in the grid, badges in a presenter's
    table. `column_config` configures the grid's other columns."""
    column = page.t("targets_progress")
    by_label = {badge_label(badge, page.lang): badge for badge in BADGES}
    if page.present:
        table(frame, page, link_column=link_column, key=key,
              markdown_cells={column: [badge_markdown(by_label[label], page.lang) for label in frame[column]]})
        return
    labels = list(by_label)
    grid = frame.assign(**{column: [[label] for label in frame[column]]})
    config = {**(column_config or {}), column: st.column_config.MultiselectColumn(
        column, options=labels, color=[BADGE_STYLES[by_label[label]].colour for label in labels], disabled=True)}
    table(grid, page, link_column=link_column, key=key, width="stretch", column_config=config)


def badge_summary(rows: pd.DataFrame, page) -> None:
    """One badge per kind of progress with how many of the targets shown carry it."""
    counts = badge_counts(rows)
    with st.container(horizontal=True, key="targets-badges", gap="small"):
        for badge, count in counts.items():
            if count:
                style = BADGE_STYLES[badge]
                st.badge(f"{badge_label(badge, page.lang)}: {count}", icon=style.icon, color=style.palette)


def progress_export(export: Export, rows: pd.DataFrame, lang: str) -> Export:
    """A targets export (one row per row of `rows`) with the badge's words and the distance to
    target after its Status column, described on the Excel's second sheet like the others."""
    names = unit_names()
    records = rows.to_dict("records")
    if len(export.frame) != len(records):
        raise ValueError(f"targets export has {len(export.frame)} rows for {len(records)} targets")
    added = [column_note(lang, "targets_progress", "export_about_progress"),
             column_note(lang, "targets_distance", "export_about_distance")]
    headers = [column.header for column in export.columns]
    position = headers.index(t(lang, "status")) + 1 if t(lang, "status") in headers else len(headers)
    frame = export.frame.copy()
    frame.insert(position, added[0].header, [badge_label(target_badge(row), lang) for row in records])
    frame.insert(position + 1, added[1].header,
                 [distance_text(target_distance(row), row["unit_std"], lang, names) for row in records])
    columns = export.columns[:position] + added + export.columns[position:]
    return Export(frame, columns, export.source_ids, export.notes)
