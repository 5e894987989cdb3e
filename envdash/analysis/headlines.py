"""One-sentence findings for chart headlines, generated from the data shown."""
from __future__ import annotations

import pandas as pd

from envdash.core.attainment import MET, MISSED, NO_ACTUAL, NOT_ASSESSED, already_met_before
from envdash.core.formatting import format_value, period_text
from envdash.core.i18n import localized, t


def source_line(rows: pd.DataFrame, lang: str) -> str:
    """"Source: <report> (date); …" for the reports behind the rows."""
    if rows.empty or "source_title_en" not in rows:
        return ""
    reports = rows.drop_duplicates("source_id").sort_values("published")
    items = [f"{localized(r, 'source_title', lang)} ({pd.Timestamp(r['published']):%Y-%m-%d})" for _, r in reports.iterrows()]
    return t(lang, "source_line", sources="; ".join(items))


def trend_headline(points: pd.DataFrame, targets: pd.DataFrame, metric_name: str, lang: str, names) -> str:
    """The newest actual of the first place, and how it stands against that place's next target."""
    actuals = points[(points.kind == "actual")]
    if actuals.empty:
        if points.empty:
            return ""
        target = points.sort_values("period_end").iloc[-1]
        return t(lang, "headline_trend_target_only", place=localized(target, "place", lang), metric=metric_name,
                 period=period_text(target["period_label"], lang),
                 value=format_value(target["value_std"], target["unit_std"], lang, names, target["comparator"]))
    latest = actuals.sort_values(["period_end", "is_derived"], ascending=[True, False]).iloc[-1]
    place = localized(latest, "place", lang)
    value = format_value(latest["value_std"], latest["unit_std"], lang, names, latest["comparator"])
    sentence = t(lang, "headline_trend_latest", place=place, metric=metric_name, value=value,
                 period=period_text(latest["period_label"], lang))
    later = targets[(targets.place_id == latest["place_id"])] if not targets.empty else targets
    if not later.empty:
        target = later.sort_values("period_end").iloc[-1]
        target_value = format_value(target["target_value"], target["unit_std"], lang, names, target["comparator"])
        if already_met_before(target):
            key = "headline_trend_already_meets"
        elif target["status"] == MET:
            key = "headline_trend_met"
        elif target["status"] == MISSED:
            key = "headline_trend_missed"
        else:
            key = "headline_trend_target_open"
        sentence += t(lang, key, period=period_text(target["period_label"], lang), target=target_value)
    return sentence


def targets_headline(rows: pd.DataFrame, lang: str) -> str:
    if rows.empty:
        return ""
    counts = rows.status.value_counts()
    earlier = int(sum(already_met_before(r) for _, r in rows.iterrows()))
    return t(lang, "headline_targets", targets=len(rows), places=rows.place_id.nunique(),
             met=int(counts.get(MET, 0)), missed=int(counts.get(MISSED, 0)),
             open=int(counts.get(NO_ACTUAL, 0) + counts.get(NOT_ASSESSED, 0)), earlier=earlier)


def comparison_headline(rows: pd.DataFrame, metric_name: str, direction: str, lang: str, names) -> str:
    if rows.empty:
        return ""
    if len(rows) == 1 or direction == "neutral":
        row = rows.iloc[0]
        return t(lang, "headline_compare_single", place=localized(row, "place", lang), metric=metric_name,
                 value=format_value(row["value_std"], row["unit_std"], lang, names, row["comparator"]),
                 period=period_text(row["period_label"], lang))
    best = rows.sort_values("value_std", ascending=direction == "lower_better").iloc[0]
    key = "headline_compare_lowest" if direction == "lower_better" else "headline_compare_highest"
    return t(lang, key, place=localized(best, "place", lang), metric=metric_name, count=len(rows),
             value=format_value(best["value_std"], best["unit_std"], lang, names, best["comparator"]),
             period=period_text(best["period_label"], lang))
