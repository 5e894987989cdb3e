"""Targets and the evidence each one's status rests on; which targets a reader asked for."""
from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from envdash.core.attainment import MET, MISSED, NO_ACTUAL, NOT_ASSESSED, attainment_status, evidence_status
from envdash.store.queries import run_query

STATUSES = (MET, MISSED, NO_ACTUAL, NOT_ASSESSED)


@dataclass(frozen=True)
class TargetEvidence:
    """One target and the single actual its status rests on: everything a sentence about it may say."""
    place_zh: str
    place_en: str
    metric_zh: str
    metric_en: str
    target_period: str                  # the target's period label ("2023", "2023..2025")
    target_value: float                 # in the metric's unit
    comparator: str                     # "<=", "<", ">=", ">", "=", "~"
    unit: str                           # the metric's unit id
    direction: str                      # higher_better | lower_better | neutral
    status: str                         # one of attainment.EVIDENCE_STATUSES
    actual_value: float | None = None   # the actual used: the target period's own, else the latest earlier one
    actual_period: str | None = None    # that actual's period label
    actual_is_earlier: bool = False     # True when the actual is from before the target's period

    @property
    def gap(self) -> float | None:
        """Actual − target in the metric's unit (None without an actual)."""
        return None if self.actual_value is None else self.actual_value - self.target_value


def _number(value) -> float | None:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    return float(value)


def assess_target(place: tuple[str, str], metric: tuple[str, str], target_period: str, target_value: float,
                  comparator: str, unit: str, direction: str, own_actual: tuple[float, str] | None = None,
                  earlier_actual: tuple[float, str] | None = None, strength: str | None = None) -> TargetEvidence:
    """The evidence of a target from its own period's actual and the latest earlier one, by the attainment rule.

    `place` and `metric` are (Chinese, English) names; an actual is (value, period label).
    """
    actual = own_actual if own_actual is not None else earlier_actual
    status = attainment_status(target_value, comparator, direction, own_actual[0] if own_actual else None,
                               strength).status
    if status == NO_ACTUAL and earlier_actual is not None:
        earlier = attainment_status(target_value, comparator, direction, earlier_actual[0], strength).status
        status = evidence_status(status, earlier == MET)
    return TargetEvidence(*place, *metric, target_period, float(target_value), comparator, unit, direction, status,
                          None if actual is None else float(actual[0]), None if actual is None else actual[1],
                          own_actual is None and earlier_actual is not None)


def evidence_from_row(row) -> TargetEvidence:
    """The evidence of a row of attainment_list (status as the build computed it)."""
    own = _number(row["actual_value"])
    earlier = _number(row["previous_actual_value"])
    status = evidence_status(row["status"], row["previous_meets"])
    if own is not None:
        # the actual of the target's own period: its label where the query gives it, else the target's
        own_label = row.get("actual_period_label")
        value, period, is_earlier = own, own_label if isinstance(own_label, str) else row["period_label"], False
    elif earlier is not None:
        value, period, is_earlier = earlier, row["previous_period_label"], True
    else:
        value, period, is_earlier = None, None, False
    return TargetEvidence(row["place_zh"], row["place_en"], row["metric_zh"], row["metric_en"], row["period_label"],
                          float(row["target_value"]), row["comparator"], row["unit_std"], row["direction"], status,
                          value, period if isinstance(period, str) else None, is_earlier)


# The columns with_evidence adds to attainment_list rows, for the page's chart and table and the slides.
EVIDENCE_COLUMNS = ("evidence_status", "evidence_value", "evidence_period_label", "evidence_is_earlier")


def with_evidence(rows: pd.DataFrame) -> pd.DataFrame:
    """Rows of attainment_list with the evidence of each target as columns.

    evidence_status: met | missed | no_actual | at_level_earlier | not_assessed;
    evidence_value / evidence_period_label: the actual the status rests on (its own period's, else the
    latest earlier one; NaN / None when there is none); evidence_is_earlier: True when that actual is
    from before the target's period, so it must never be shown as the target period's result.
    """
    evidence = [evidence_from_row(row) for row in rows.to_dict("records")]
    return rows.assign(
        evidence_status=[e.status for e in evidence],
        evidence_value=[math.nan if e.actual_value is None else e.actual_value for e in evidence],
        evidence_period_label=[e.actual_period for e in evidence],
        evidence_is_earlier=[e.actual_is_earlier for e in evidence])


def filter_targets(rows: pd.DataFrame, theme: str | None, statuses: list[str]) -> pd.DataFrame:
    if theme:
        rows = rows[rows.theme_id == theme]
    return rows[rows.status.isin(statuses)]


def chosen_targets(places: list[str], theme: str | None, statuses: list[str]) -> pd.DataFrame:
    """Rows of attainment_list for `places`, kept to `theme` (None: all) and `statuses`, with their evidence."""
    return with_evidence(filter_targets(run_query("attainment_list", places=places), theme, statuses))

