"""Whether a target was met: computed from the target, the actual and the metric's direction."""
from __future__ import annotations

import math
from dataclasses import dataclass

MET, MISSED, NO_ACTUAL, NOT_ASSESSED = "met", "missed", "no_actual", "not_assessed"
# Not a stored status: a target with no actual for its own period (stored as NO_ACTUAL) whose latest
# earlier actual already stands at the level it asks for. It is not met: its own period has no figure.
AT_LEVEL_EARLIER = "at_level_earlier"
# What a sentence about a target can rest on, in the order the wording is tested.
EVIDENCE_STATUSES = (MET, MISSED, NO_ACTUAL, AT_LEVEL_EARLIER, NOT_ASSESSED)


@dataclass(frozen=True)
class Attainment:
    status: str
    gap: float | None = None            # actual − target, in the metric's unit
    gap_percent: float | None = None    # gap as a percent of the target


def meets(actual: float, target: float, comparator: str, direction: str) -> bool:
    """Whether `actual` satisfies a target of `comparator` `target`.

    A bare "=" or "~" target reads by the metric's direction: "PM2.5 29" is met at or below 29,
    "保持100%" only at 100 or above; for a neutral metric it must be reached (within rounding).
    """
    tolerance = 1e-9 * max(1.0, abs(target))
    if comparator == "<=":
        return actual <= target + tolerance
    if comparator == "<":
        return actual < target
    if comparator == ">=":
        return actual >= target - tolerance
    if comparator == ">":
        return actual > target
    if direction == "lower_better":
        return actual <= target + tolerance
    if direction == "higher_better":
        return actual >= target - tolerance
    return math.isclose(actual, target, rel_tol=1e-9, abs_tol=1e-9) or (comparator == "~" and
                                                                      math.isclose(actual, target, rel_tol=0.05))


def attainment_status(target: float | None, comparator: str, direction: str, actual: float | None,
                      strength: str | None = None) -> Attainment:
    if target is None or strength == "estimate":
        return Attainment(NOT_ASSESSED)
    if actual is None:
        return Attainment(NO_ACTUAL)
    gap = actual - target
    gap_percent = gap / abs(target) * 100 if target else None
    status = MET if meets(actual, target, comparator, direction) else MISSED
    return Attainment(status, gap, gap_percent)


def evidence_status(status: str, previous_meets) -> str:
    """The stored status, with NO_ACTUAL read as AT_LEVEL_EARLIER when an earlier actual is at the target's level."""
    # the flag comes from a nullable column: NA, None and False all mean "no"
    return AT_LEVEL_EARLIER if status == NO_ACTUAL and str(previous_meets) == "True" else status
