"""Slides of the current views: the same series and values the charts draw, in the metric's unit."""
from __future__ import annotations

import pandas as pd

from envdash.core.formatting import period_text, unit_name
from envdash.core.i18n import localized, t
from envdash.present.deck import ChartSlide


def trend_slide(points: pd.DataFrame, headline: str, footnote: str, unit_label: str, lang: str) -> ChartSlide:
    """Line chart: one category per period, one series per place and kind (actual, derived, target)."""
    periods = points.sort_values("period_end").drop_duplicates("period_label")
    categories = [period_text(label, lang) for label in periods.period_label]
    series = []
    for place_id, rows in points.groupby("place_id", sort=False):
        place = localized(rows.iloc[0], "place", lang)
        for kind, label in (("actual", t(lang, "actual")), ("derived", t(lang, "derived")), ("target", t(lang, "target"))):
            if kind == "derived":
                subset = rows[(rows.kind == "actual") & rows.is_derived]
            elif kind == "actual":
                subset = rows[(rows.kind == "actual") & ~rows.is_derived]
            else:
                subset = rows[rows.kind == "target"]
            if subset.empty:
                continue
            by_period = dict(zip(subset.period_label, subset.value_std))
            series.append((f"{place} · {label}", [by_period.get(p) for p in periods.period_label]))
    return ChartSlide(headline, "line", categories, series, footnote, axis_title=unit_label)


def comparison_slide(rows: pd.DataFrame, headline: str, footnote: str, metric_name: str, unit_label: str,
                     direction: str, lang: str) -> ChartSlide:
    """Bar chart, best first, one bar per place."""
    ordered = rows.sort_values("value_std", ascending=direction != "lower_better") if direction != "neutral" else rows
    categories = [f"{localized(r, 'place', lang)} ({period_text(r['period_label'], lang)})" for _, r in ordered.iterrows()]
    return ChartSlide(headline, "bar", categories, [(metric_name, list(ordered.value_std))], footnote,
                      axis_title=unit_label)


def targets_slide(rows: pd.DataFrame, headline: str, footnote: str, lang: str) -> ChartSlide:
    """Bar chart of each target's actual (or latest earlier actual) as a percent of the target."""
    shown = rows.actual_value.where(rows.actual_value.notna(), rows.previous_actual_value)
    usable = rows.assign(shown=shown)[shown.notna() & (rows.target_value != 0)]
    categories = [f"{localized(r, 'place', lang)} · {localized(r, 'metric', lang)} · {period_text(r['period_label'], lang)}"
                  for _, r in usable.iterrows()]
    values = list(usable.shown / usable.target_value * 100)
    return ChartSlide(headline, "bar", categories, [(t(lang, "actual_as_percent_of_target"), values)], footnote,
                      axis_title="%", number_format="0.0")


def unit_label(metric: pd.Series, lang: str, names) -> str:
    return unit_name(metric["unit"], lang, names) or t(lang, "index_unit")
