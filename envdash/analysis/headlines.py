"""One-sentence findings for chart headlines and sentences about targets, generated from the evidence shown."""
from __future__ import annotations

import math

import pandas as pd

from envdash.analysis.comparison import name_list, with_scope_names
from envdash.analysis.targets import TargetEvidence, evidence_from_row
from envdash.core.attainment import (AT_LEVEL_EARLIER, EVIDENCE_STATUSES, MET, MISSED, NO_ACTUAL, NOT_ASSESSED,
                                     evidence_status)
from envdash.core.formatting import format_number, format_value, period_text
from envdash.core.i18n import localized, t


def source_line(rows: pd.DataFrame, lang: str) -> str:
    """"Source: <report> (date); …" for the reports behind the rows."""
    if rows.empty or "source_title_en" not in rows:
        return ""
    reports = rows.drop_duplicates("source_id").sort_values("published")
    items = [f"{localized(r, 'source_title', lang)} ({pd.Timestamp(r['published']):%Y-%m-%d})" for _, r in reports.iterrows()]
    return t(lang, "source_line", sources="; ".join(items))


def _name(evidence: TargetEvidence, field: str, lang: str) -> str:
    first, second = getattr(evidence, f"{field}_{lang}", None), getattr(evidence, f"{field}_en")
    return first if isinstance(first, str) and first else second


def _is_point(label: str, lang: str) -> bool:
    """Whether a period reads as a date ("as of 31 Dec 2022") rather than a span ("2022")."""
    return period_text(label, "en").startswith("as of ")


def _in_period(label: str, lang: str) -> str:
    """"in 2023" / "as of 31 Dec 2022"; in Chinese the period itself ("2023年")."""
    return t(lang, "as_of_period" if _is_point(label, lang) else "in_period", period=period_text(label, lang))


def _the_value(label: str, lang: str) -> str:
    """"the 2022 value" / "the value as of 31 Dec 2022"; in Chinese the period itself."""
    return t(lang, "the_value_as_of" if _is_point(label, lang) else "the_period_value", period=period_text(label, lang))


def _value(value: float, unit: str, lang: str, names, comparator: str = "=") -> str:
    """A value in a sentence: "≤ 26 µg/m³"; in Chinese without spaces ("≤26微克/立方米")."""
    text = format_value(value, unit, lang, names, comparator)
    return text.replace("\u00a0", "") if lang == "zh" else text


def _gap_text(gap: float, unit: str, lang: str, names) -> str:
    """The size of a gap in the metric's unit; a gap between two percentages is in percentage points."""
    if unit == "%":
        return t(lang, "percentage_points", value=format_number(abs(gap)))
    return _value(abs(gap), unit, lang, names)


def signed_gap_text(gap: float, gap_percent: float | None, unit: str, lang: str, names) -> str:
    """"+2 µg/m³; +7.7%" (a gap between percentages in percentage points)."""
    sign = "+" if gap > 0 else "−" if gap < 0 else "±"
    text = sign + _gap_text(gap, unit, lang, names)
    if gap_percent is not None and not pd.isna(gap_percent):
        text += f"; {sign}{format_number(abs(gap_percent), 1)}%"
    return text


def _relation(evidence: TargetEvidence, lang: str, names, noun_key: str) -> str:
    """Where the actual stands against the target: "2 µg/m³ above the 2023 target (≤ 26 µg/m³)"."""
    values = {"target_period": period_text(evidence.target_period, lang), "noun": t(lang, noun_key),
              "target": _target_text(evidence, lang, names)}
    gap = evidence.gap
    tolerance = 1e-9 * max(1.0, abs(evidence.target_value))
    if gap > tolerance:
        return t(lang, "target_relation_above", gap=_gap_text(gap, evidence.unit, lang, names), **values)
    if gap < -tolerance:
        return t(lang, "target_relation_below", gap=_gap_text(gap, evidence.unit, lang, names), **values)
    # level with the target yet not at it: only a strict target ("< 26", "> 300") can say so
    wants_less = evidence.comparator == "<" or (evidence.comparator not in (">", ">=")
                                                and evidence.direction == "lower_better")
    return t(lang, "target_relation_equal_lower" if wants_less else "target_relation_equal_higher", **values)


def _target_text(evidence: TargetEvidence, lang: str, names) -> str:
    return _value(evidence.target_value, evidence.unit, lang, names, evidence.comparator)


def target_clause(evidence: TargetEvidence, lang: str, names) -> str:
    """What the evidence says about the target, without naming the place and metric.

    Only a target whose own period has an actual that meets it is worded as met; a target with no
    actual for its own period says so first, whatever an earlier actual shows.
    """
    target_period = period_text(evidence.target_period, lang)
    values = {"target_period": target_period, "target": _target_text(evidence, lang, names)}
    if evidence.actual_value is not None:
        values.update(actual=_value(evidence.actual_value, evidence.unit, lang, names),
                      actual_period=period_text(evidence.actual_period, lang),
                      in_period=_in_period(evidence.actual_period, lang),
                      the_value=_the_value(evidence.actual_period, lang))
    status = evidence.status
    if status in (MET, MISSED) and (evidence.actual_value is None or evidence.actual_is_earlier):
        raise ValueError(f"a {status} target needs an actual for its own period: {evidence}")
    if status == MET:
        return t(lang, "target_clause_met", **values)
    if status == MISSED:
        return t(lang, "target_clause_missed", relation=_relation(evidence, lang, names, "target_noun"), **values)
    if status == AT_LEVEL_EARLIER:
        return t(lang, "target_clause_at_level_earlier", **values)
    if status == NO_ACTUAL:
        if evidence.actual_value is None:
            return t(lang, "target_clause_no_actual", **values)
        return t(lang, "target_clause_no_actual_earlier",
                 relation=_relation(evidence, lang, names, "target_level_noun"), **values)
    if status == NOT_ASSESSED:
        key = "target_clause_not_assessed" if evidence.actual_value is None else "target_clause_not_assessed_actual"
        return t(lang, key, **values)
    raise ValueError(f"unknown target status {status!r}")


def target_sentence(evidence: TargetEvidence, lang: str, names) -> str:
    """One sentence on a target, from its evidence: "Jiaxing's PM2.5 annual mean: no 2023 figure yet; …"."""
    return t(lang, "target_sentence", place=_name(evidence, "place", lang), metric=_name(evidence, "metric", lang),
             clause=target_clause(evidence, lang, names))


def earlier_value_note(evidence: TargetEvidence, lang: str, names) -> str:
    """For a target with no actual for its own period, where its latest earlier value stands ("" if none)."""
    if not evidence.actual_is_earlier or evidence.actual_value is None:
        return ""
    key = "earlier_at_level_note" if evidence.status == AT_LEVEL_EARLIER else "earlier_not_at_level_note"
    return t(lang, key, the_value=_the_value(evidence.actual_period, lang),
             actual=_value(evidence.actual_value, evidence.unit, lang, names))


def joined_names(names: list[str], lang: str) -> str:
    """"Baoding, Ningbo and Cixi" / "保定市、宁波市和慈溪市"."""
    if len(names) < 2:
        return "".join(names)
    return t(lang, "list_comma").join(names[:-1]) + t(lang, "list_and") + names[-1]


def places_without_figures_note(names: list[str], lang: str) -> str:
    """"Baoding and Ningbo report no figure for this metric." ("" when every chosen place reports it)."""
    if not names:
        return ""
    key = "trends_places_without_figures_one" if len(names) == 1 else "trends_places_without_figures_many"
    return t(lang, key, places=joined_names(names, lang))


def _latest_actual(points: pd.DataFrame) -> pd.Series | None:
    """The newest actual shown, a stated value before a derived one of the same period."""
    actuals = points[points.kind == "actual"]
    if actuals.empty:
        return None
    return actuals.sort_values(["period_end", "is_derived"], ascending=[True, False]).iloc[-1]


def trend_headline(points: pd.DataFrame, targets: pd.DataFrame, metric_name: str, lang: str, names) -> str:
    """The place with the newest actual: that actual, and its latest target worded from the target's evidence."""
    latest = _latest_actual(points)
    if latest is None and (targets is None or targets.empty):
        return ""
    place_id = latest["place_id"] if latest is not None else targets.sort_values("period_end").iloc[-1]["place_id"]
    own = targets[targets.place_id == place_id] if targets is not None and not targets.empty else pd.DataFrame()
    latest_sentence = "" if latest is None else t(
        lang, "headline_trend_latest", place=localized(latest, "place", lang), metric=metric_name,
        value=_value(latest["value_std"], latest["unit_std"], lang, names, latest["comparator"]),
        period=period_text(latest["period_label"], lang)) + t(lang, "sentence_end")
    if own.empty:
        return latest_sentence
    evidence = evidence_from_row(own.sort_values("period_end").iloc[-1])
    sentence = target_sentence(evidence, lang, names)
    told = (latest is None or (evidence.actual_period == latest["period_label"]
                               and math.isclose(evidence.actual_value, latest["value_std"])))
    return sentence if told else f"{latest_sentence}{' ' if lang == 'en' else ''}{sentence}"


def targets_headline(rows: pd.DataFrame, lang: str) -> str:
    """How many targets are met, missed, without an actual for their own period (and of those, how many
    an earlier figure already puts at the target level), and estimates not assessed."""
    if rows.empty:
        return ""
    statuses = [evidence_status(status, meets) for status, meets in zip(rows.status, rows.previous_meets)]
    count = {status: statuses.count(status) for status in EVIDENCE_STATUSES}
    places = rows.place_id.nunique()
    sentence = t(lang, "targets_summary",
                 targets=t(lang, "targets_count_one" if len(rows) == 1 else "targets_count_many", count=len(rows)),
                 places=t(lang, "places_count_one" if places == 1 else "places_count_many", count=places),
                 met=count[MET], missed=count[MISSED], no_actual=count[NO_ACTUAL] + count[AT_LEVEL_EARLIER])
    if count[AT_LEVEL_EARLIER]:
        sentence += t(lang, "targets_summary_earlier", earlier=count[AT_LEVEL_EARLIER])
    if count[NOT_ASSESSED]:
        key = "targets_summary_not_assessed_one" if count[NOT_ASSESSED] == 1 else "targets_summary_not_assessed_many"
        sentence += t(lang, key, not_assessed=count[NOT_ASSESSED])
    return sentence + t(lang, "sentence_end")


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
