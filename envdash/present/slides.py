"""Slides of the current views: the same series, reference lines, axis range and caveats the page draws."""
from __future__ import annotations

from dataclasses import replace

import pandas as pd

from envdash.core.formatting import COMPARATOR_SYMBOLS, format_number, format_value, period_text, unit_name
from envdash.core.i18n import localized, t
from envdash.present.deck import (
    MARKER_PT,
    REFERENCE_LINE_PT,
    REFERENCE_MARKER_PT,
    TARGET_MARKER_PT,
    ChartSlide,
    Note,
    ReferenceLine,
    Series,
)
from envdash.present.style import STATUS_COLOURS, place_colour

REFERENCE_GREY = "555555"
AVERAGE_GREY = "888888"
EARLIER_GREY = "555555"
# The page's dash for each kind of reference line (charts._REFERENCE_DASH).
_REFERENCE_DASH = {"standard": "dash", "guideline": "dot", "national_target": "dashdot"}
# Rows per slide: more would squeeze the names beside them below a readable size.
TARGETS_PER_SLIDE = 8
BARS_PER_SLIDE = 15


def _category_year(start, end) -> int | None:
    """The calendar year a period lies in, or None when it spans years."""
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    return start.year if start.year == end.year else None


def _value_label(value, comparator: str | None = None) -> str:
    return f"{COMPARATOR_SYMBOLS.get(comparator or '=', '')}{format_number(value)}"


def _reference_series(references: pd.DataFrame, category_years: list[int | None], lang: str) -> list[Series]:
    """Standards, guidelines and national targets across the chart's periods; national averages at
    the years the chart shows (the page draws the same lines)."""
    if references is None or references.empty:
        return []
    series = []
    count = len(category_years)
    for _, reference in references[references.kind != "national_average"].iterrows():
        label = f"{localized(reference, 'label', lang)} {reference['value']:g}"
        labels = [None] * count
        labels[0] = label
        series.append(Series(label, [float(reference["value"])] * count, REFERENCE_GREY, role="reference",
                             line=_REFERENCE_DASH.get(reference["kind"], "dash"), line_width=REFERENCE_LINE_PT,
                             # one period draws no line: a long bar marker shows the level instead
                             marker="dash" if count == 1 else "none", marker_size=28,
                             labels=labels, label_position="above"))
    averages = references[references.kind == "national_average"].dropna(subset=["year"])
    if not averages.empty:
        by_year = {int(row["year"]): float(row["value"]) for _, row in averages.iterrows()}
        values = [by_year.get(year) if year is not None else None for year in category_years]
        if any(value is not None for value in values):
            series.append(Series(localized(averages.iloc[0], "label", lang), values, AVERAGE_GREY, role="reference",
                                 line="dot", line_width=2.25, marker="circle", marker_size=REFERENCE_MARKER_PT))
    return series


def trend_slide(points: pd.DataFrame, references: pd.DataFrame, headline: str, footnote: str, chart_title: str,
                unit_label: str, lang: str, value_range=None, notes: list[Note] | None = None) -> ChartSlide:
    """Line chart: one category per period; per place its stated values (filled), values derived from a
    stated change (hollow, dashed), targets (diamonds labelled with their comparator); reference lines."""
    periods = points.sort_values("period_end").drop_duplicates("period_label")
    labels = list(periods.period_label)
    categories = [period_text(label, lang) for label in labels]
    category_years = [_category_year(start, end) for start, end in zip(periods.period_start, periods.period_end)]
    series = _reference_series(references, category_years, lang)
    for place_id, rows in points.groupby("place_id", sort=False):
        place = localized(rows.iloc[0], "place", lang)
        colour = place_colour(place_id).lstrip("#")
        actual = rows[rows.kind == "actual"]
        stated = actual[~actual.is_derived]
        derived = actual[actual.is_derived]
        if not derived.empty:
            # the dashed line runs through every actual, its hollow markers only on derived values
            by_period = dict(zip(actual.period_label, actual.value_std))
            derived_periods = set(derived.period_label)
            values = [by_period.get(p) for p in labels]
            series.append(Series(
                f"{place} · {t(lang, 'derived')}", values, colour, line="dash", hollow=True,
                labels=[_value_label(by_period[p]) if p in derived_periods else None for p in labels],
                label_position="above",
                markerless_points=tuple(i for i, p in enumerate(labels) if p in by_period and p not in derived_periods)))
        if not stated.empty:
            by_period = dict(zip(stated.period_label, stated.value_std))
            values = [by_period.get(p) for p in labels]
            series.append(Series(f"{place} · {t(lang, 'actual')}", values, colour,
                                 line="solid" if len(stated) > 1 else "none",
                                 labels=[_value_label(v) if v is not None else None for v in values],
                                 label_position="above"))
        targets = rows[rows.kind == "target"]
        if not targets.empty:
            by_period = {row["period_label"]: row for _, row in targets.iterrows()}
            values = [float(by_period[p]["value_std"]) if p in by_period else None for p in labels]
            series.append(Series(
                f"{place} · {t(lang, 'target')}", values, colour, line="none", marker="diamond",
                marker_size=TARGET_MARKER_PT,
                labels=[_value_label(by_period[p]["value_std"], by_period[p]["comparator"]) if p in by_period else None
                        for p in labels], label_position="below"))
    return ChartSlide(headline, "line", categories, _spread_labels(series), footnote, axis_title=unit_label,
                      value_range=tuple(value_range) if value_range is not None else None, chart_title=chart_title,
                      notes=list(notes or []), more_sources=t(lang, "deck_sources_in_notes"))


def _spread_labels(series: list[Series]) -> list[Series]:
    """Labels of one period kept apart: the highest point's above, the lowest's below, any between to
    the right, so that neighbouring values do not print over each other."""
    labelled = [item for item in series if item.role == "data" and item.labels]
    count = len(labelled[0].values) if labelled else 0
    positions = {id(item): [item.label_position] * count for item in labelled}
    for index in range(count):
        here = sorted(((item.values[index], id(item)) for item in labelled
                       if item.values[index] is not None and item.labels[index] is not None), reverse=True)
        if len(here) < 2:
            continue
        for rank, (_, key) in enumerate(here):
            positions[key][index] = "above" if rank == 0 else "below" if rank == len(here) - 1 else "right"
    return [replace(item, label_positions=positions[id(item)]) if id(item) in positions else item for item in series]


def comparison_slides(rows: pd.DataFrame, references: pd.DataFrame, headline: str, footnote: str, metric_name: str,
                      unit_label: str, direction: str, lang: str, names, value_range=None,
                      notes: list[Note] | None = None) -> list[ChartSlide]:
    """Bars in the page's order (best first where the page ranks them, on top), BARS_PER_SLIDE to a slide
    on the same axis, each labelled with its value and year (and "derived" for a value the build worked
    out), each place named with its rank among the places reporting (where the page ranks) and its
    scope; the page's reference lines.

    A bar chart draws its first category at the bottom, so each slide's categories are held last to first.
    """
    ordered = rows   # the page's order: the analysis ranks the bars, or leaves them unranked
    lines = [] if references is None or references.empty else [
        ReferenceLine(f"{localized(r, 'label', lang)} {r['value']:g}", float(r["value"]),
                      _REFERENCE_DASH.get(r["kind"], "dash"))
        for _, r in references[references.kind != "national_average"].iterrows()]
    parts = [ordered.iloc[i:i + BARS_PER_SLIDE] for i in range(0, len(ordered), BARS_PER_SLIDE)]
    slides = []
    for number, part in enumerate(parts):
        shown = part.iloc[::-1]
        categories, labels = [], []
        for _, row in shown.iterrows():
            # the scope under the place's name: a label on the bar would wrap into a narrow column
            scope = localized(row, "scope", lang) if "scope_en" in row.index else None
            rank = row["rank_label"] if isinstance(row.get("rank_label"), str) else ""
            name = f"{localized(row, 'place', lang)} ({rank})" if rank else localized(row, "place", lang)
            categories.append(f"{name}\n{scope}" if isinstance(scope, str) and scope else name)
            labels.append(f"{format_value(row['value_std'], row['unit_std'], lang, names, row['comparator'])} · "
                          f"{period_text(row['period_label'], lang)}"
                          + (f" · {t(lang, 'derived')}" if bool(row.get("is_derived", False)) else ""))
        bars = Series(metric_name, [float(v) for v in shown.value_std], place_colour(shown.place_id.iloc[0]),
                      point_colours=[place_colour(p) for p in shown.place_id], labels=labels,
                      label_position="outside_end")
        title = headline if len(parts) == 1 else t(lang, "deck_part", headline=headline, part=number + 1,
                                                     parts=len(parts))
        slides.append(ChartSlide(title, "bar", categories, [bars], footnote, axis_title=f"{metric_name} ({unit_label})",
                                 value_range=tuple(value_range) if value_range is not None else None,
                                 notes=list(notes or []), reference_lines=lines,
                                 more_sources=t(lang, "deck_sources_in_notes")))
    return slides


def targets_slides(rows: pd.DataFrame, headline: str, footnote: str, lang: str, value_range=None,
                   notes: list[Note] | None = None) -> list[ChartSlide]:
    """Dots of each target's evidence as a percent of the target, by status, as the page draws them, in
    slides of at most TARGETS_PER_SLIDE targets. A target with no actual for its own period shows the
    latest earlier value grey (hollow in PowerPoint), in a series named for that and labelled with that
    value's own period, never as the target's result (the evidence columns of analysis.targets)."""
    usable = rows[rows.evidence_value.notna() & (rows.target_value != 0)]
    slides = []
    chunks = [usable.iloc[i:i + TARGETS_PER_SLIDE] for i in range(0, len(usable), TARGETS_PER_SLIDE)] or [usable]
    unshown = len(rows) - len(usable)
    for number, chunk in enumerate(chunks):
        categories = [t(lang, "targets_chart_target_row", place=localized(row, "place", lang),
                        metric=localized(row, "metric", lang), period=period_text(row["period_label"], lang))
                      for _, row in chunk.iterrows()]
        percent = list(chunk.evidence_value / chunk.target_value * 100)
        series = [Series(t(lang, "on_target"), [100.0] * len(chunk), "333333", role="reference", line="solid",
                         line_width=2.0, marker="none")]
        for (status, earlier), group in chunk.groupby(["status", "evidence_is_earlier"], sort=False):
            mask = [index in group.index for index in chunk.index]
            values = [p if keep else None for p, keep in zip(percent, mask)]
            text = [None if not keep else f"{format_number(p, 1)}%" + (
                    " · " + t(lang, "targets_chart_earlier_value", period=period_text(row["evidence_period_label"], lang))
                    if earlier else "") for p, keep, (_, row) in zip(percent, mask, chunk.iterrows())]
            if earlier:
                name, colour = t(lang, "targets_earlier_value_legend"), EARLIER_GREY
            else:
                name, colour = t(lang, f"status_{status}"), STATUS_COLOURS[status].lstrip("#")
            series.append(Series(name, values, colour, line="none", marker="circle", marker_size=MARKER_PT + 2,
                                 hollow=bool(earlier), labels=text, label_position="right"))
        slide_notes = list(notes or [])
        if chunk.evidence_is_earlier.any():
            slide_notes.append(Note(t(lang, "deck_no_actual_yet_note")))
        if unshown:
            slide_notes.append(Note(t(lang, "deck_targets_not_drawn", count=unshown, total=len(rows))))
        title = headline if len(chunks) == 1 else t(lang, "deck_part", headline=headline, part=number + 1,
                                                     parts=len(chunks))
        slides.append(ChartSlide(title, "dots", categories, series, footnote,
                                 axis_title=t(lang, "actual_as_percent_of_target"), number_format='0"%"',
                                 value_range=tuple(value_range) if value_range is not None else None,
                                 chart_title=t(lang, "attainment_chart_title"), notes=slide_notes,
                                 more_sources=t(lang, "deck_sources_in_notes")))
    return slides


def unit_label(metric: pd.Series, lang: str, names) -> str:
    return unit_name(metric["unit"], lang, names) or t(lang, "index_unit")
