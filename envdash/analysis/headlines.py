"""One-sentence findings for chart headlines, generated from the data shown."""
from __future__ import annotations

import pandas as pd

from envdash.analysis.comparison import name_list, with_scope_names
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
    """The bars' finding. A "highest/lowest" sentence only where every bar has one scope and one period;
    otherwise the sentence says what differs and ranks nothing. Places with the same best value share it.

    `rows` are bars of ComparisonEvidence (scope_zh / scope_en name every scope, the whole area too).
    """
    if rows.empty:
        return ""
    rows = with_scope_names(rows)
    scopes = list(dict.fromkeys(rows.scope_key))
    periods = list(dict.fromkeys(rows.sort_values(["period_end", "period_start"]).period_label))
    scope_names = list(dict.fromkeys(localized(row, "scope", lang) for _, row in rows.iterrows()))

    def value_of(row) -> str:
        return format_value(row["value_std"], row["unit_std"], lang, names, row["comparator"])

    if len(rows) == 1:
        row = rows.iloc[0]
        return t(lang, "compare_headline_one", place=localized(row, "place", lang), metric=metric_name,
                 scope=scope_names[0], value=value_of(row), period=period_text(row["period_label"], lang))
    differs = []
    if len(scopes) > 1:
        differs.append(t(lang, "compare_headline_differ_scopes", scopes=name_list(scope_names, lang)))
    if len(periods) > 1:
        differs.append(t(lang, "compare_headline_differ_periods",
                         periods=name_list([period_text(p, lang) for p in periods], lang)))
    if differs:
        return t(lang, "compare_headline_not_ranked", count=len(rows), metric=metric_name,
                 differs=t(lang, "compare_headline_differ_and").join(differs))
    within = dict(count=len(rows), metric=metric_name, scope=scope_names[0], period=period_text(periods[0], lang))
    if rows.value_std.nunique() == 1:
        return t(lang, "compare_headline_all_equal", value=value_of(rows.iloc[0]), **within)
    if direction == "neutral":
        low = rows.loc[rows.value_std.idxmin()]
        high = rows.loc[rows.value_std.idxmax()]
        return t(lang, "compare_headline_range", low=value_of(low), high=value_of(high), **within)
    best_value = rows.value_std.min() if direction == "lower_better" else rows.value_std.max()
    best = rows[rows.value_std == best_value].sort_values("sort_order") if "sort_order" in rows else \
        rows[rows.value_std == best_value]
    extreme = "lowest" if direction == "lower_better" else "highest"
    places = [localized(row, "place", lang) for _, row in best.iterrows()]
    if len(places) == 1:
        return t(lang, f"compare_headline_{extreme}", place=places[0], value=value_of(best.iloc[0]), **within)
    return t(lang, f"compare_headline_{extreme}_shared", places=name_list(places, lang),
             value=value_of(best.iloc[0]), **within)
