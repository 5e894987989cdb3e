"""Changes a number states rather than levels: 同比下降1.46%, 提升3.3个百分点, 较2021年年轻2岁."""
from __future__ import annotations

import re

from envdash.curation.drafting.readings import Reading


_CHANGE_VERB = re.compile(r"(上升|下降|增长|减少|提高|降低|提升|增加|年轻|缩短|延长|扩大|缩小)了?$")
_FALLS = ("下降", "减少", "降低", "年轻", "缩短", "缩小")
_VERSUS = re.compile(r"同比|比上年|较上年|较去年|比去年|与上年相比|[较比](\d{4})年")


def read_change(simple: str, clause_start: int, reading: Reading) -> dict | None:
    """The change a number states, or None when it states a level."""
    before = simple[clause_start: reading.start]
    verb = _CHANGE_VERB.search(before)
    if not verb:
        return None
    versus = list(_VERSUS.finditer(before[: verb.start()]))
    if not versus and reading.unit != "pp":
        return None
    sign = -1 if verb.group(1) in _FALLS else 1
    change = {"value": sign * reading.value}
    if reading.unit == "%":
        change.update(unit="%", basis="relative")
    else:
        change.update(unit=reading.unit, basis="absolute")
    if versus and versus[-1].group(1):
        change["versus"] = versus[-1].group(1)
    return change


def change_fits(change: dict, unit: str | None) -> bool:
    """Whether a change can belong to a figure in `unit`: a percent change to any, pp to a share."""
    if change["basis"] == "relative":
        return unit is not None
    if change["unit"] == "pp":
        return unit == "%"
    return change["unit"] == unit

