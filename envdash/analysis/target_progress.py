"""Where a target stands: its badge (the status, with "already at the level by an earlier actual"
told apart from a plain "no actual yet") and the distance between actual and target, signed so
that "better" points the same way whichever way the metric improves."""
from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from envdash.core.attainment import AT_LEVEL_EARLIER, MET, MISSED, NO_ACTUAL, NOT_ASSESSED, evidence_status

# The badges in the order a reader meets them: settled first, then open.
BADGES = (MET, MISSED, AT_LEVEL_EARLIER, NO_ACTUAL, NOT_ASSESSED)


def target_badge(row) -> str:
    """The badge of one attainment row: its status, or AT_LEVEL_EARLIER for a target with no actual
    of its own period whose latest earlier actual already stands at its level (not met: its own
    period has no figure)."""
    return evidence_status(str(row["status"]), row["previous_meets"])


def better_direction(comparator: str | None, direction: str | None) -> int:
    """+1 when more is better against this target, −1 when less is, 0 when neither.

    The target's own comparator decides ("≤ 29": less is better, whatever the metric); a bare "="
    or "≈" target reads by the metric's direction, as the attainment rule does.
    """
    if comparator in ("<=", "<"):
        return -1
    if comparator in (">=", ">"):
        return 1
    return {"higher_better": 1, "lower_better": -1}.get(direction or "", 0)


@dataclass(frozen=True)
class Distance:
    amount: float                 # |actual − target|, in the metric's unit
    better: bool | None           # True: on the good side of the target; False: short of it; None: no side
    above: bool                   # the actual is above the target value
    earlier_period: str | None    # the period of the earlier actual it is measured from (None: its own)


def _number(value) -> float | None:
    if value is None or value is pd.NA:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def target_distance(row) -> Distance | None:
    """How far the actual lies from the target, or None when there is no actual to measure.

    A target with no actual of its own period is measured from the latest earlier actual (the
    distance names that period); an estimate is not assessed and gets no distance.
    """
    target = _number(row["target_value"])
    if target is None or row["status"] == NOT_ASSESSED:
        return None
    actual, earlier = _number(row["actual_value"]), None
    if actual is None and row["status"] == NO_ACTUAL:
        actual = _number(row["previous_actual_value"])
        earlier = row["previous_period_label"] if actual is not None else None
    if actual is None:
        return None
    difference = actual - target
    if math.isclose(difference, 0.0, abs_tol=1e-9 * max(1.0, abs(target))):
        return Distance(0.0, None, False, earlier)
    side = better_direction(row["comparator"], row["direction"])
    better = None if side == 0 else (difference > 0) == (side > 0)
    return Distance(abs(difference), better, difference > 0, earlier)


def badge_counts(rows: pd.DataFrame) -> dict[str, int]:
    """How many of `rows` carry each badge, in BADGES order."""
    badges = [target_badge(row) for row in rows.to_dict("records")]
    return {badge: badges.count(badge) for badge in BADGES}

