"""Changes a number states rather than levels: 同比下降1.46%, 提升3.3个百分点, 较2021年年轻2岁, and the
years a sentence compares with (与2022年同期相比), which are not the years its figures are for."""
from __future__ import annotations

import re

from envdash.curation.drafting.readings import Reading

_CHANGE_VERB = re.compile(r"(上升|下降|增长|减少|提高|降低|提升|增加|年轻|缩短|延长|扩大|缩小|改善|上涨|下滑)了?$")
_FALLS = ("下降", "减少", "降低", "年轻", "缩短", "缩小", "下滑")
_IMPROVES = "改善"   # a fall for what is better lower (concentrations, the composite index), else a rise
# The year (or last year) a figure is compared with: 同比, 较上年, 比2020年, 较疫情前的2019年,
# 与2022年同期相比.
COMPARED_YEAR = re.compile(r"(?:较|比|相比|相较于?|对比)[^,，;；。\d]{0,6}?(\d{4})年(?:同期)?"
                           r"|(?:与|同|和|跟)(\d{4})年(?:同期)?(?:相比|比较|对比|持平)")
_VERSUS = re.compile(r"同比|(?:比|较|与|同|和)(?:上年|去年)|" + COMPARED_YEAR.pattern)
# A clause that only says what the sentence compares with: "与2022年同期相比", "同上年相比".
_FRAMING = re.compile(r"(?:与|同|和|跟|较|相比|相较于?|对比)(?:(\d{4})年|上年|去年)(?:同期)?(?:相比|比较|对比)?")


def read_change(simple: str, clause_start: int, reading: Reading, framing: str | None = None) -> dict | None:
    """The change a number states, or None when it states a level. `framing` is the sentence's
    comparison clause before the number's clause, if it has one."""
    before = simple[clause_start: reading.start]
    verb = _CHANGE_VERB.search(before)
    if not verb:
        return None
    versus = list(_VERSUS.finditer(before[: verb.start()]))
    if not versus and framing is None and reading.unit != "pp":
        return None
    word = verb.group(1)
    change = {"value": (-1 if word in _FALLS else 1) * reading.value}
    if word == _IMPROVES:
        change["improves"] = True   # the sign follows the figure's direction, settled by `settle_improvement`
    if reading.unit == "%":
        change.update(unit="%", basis="relative")
    else:
        change.update(unit=reading.unit, basis="absolute")
    year = _compared_year(versus[-1]) if versus else _FRAMING.fullmatch(framing).group(1) if framing else None
    if year:
        change["versus"] = year
    return change


def _compared_year(match: re.Match) -> str | None:
    return next((group for group in match.groups() if group), None)


def framing_clause(simple: str, clauses: list[tuple[int, int]], before: int) -> str | None:
    """The last clause before position `before` that only states a comparison, if any."""
    found = None
    for start, end in clauses:
        if end > before:
            break
        if _FRAMING.fullmatch(simple[start: end]):
            found = simple[start: end]
    return found


def settle_improvement(change: dict, lower_is_better: bool) -> dict:
    """A change written 改善 as a signed change: a fall when lower is better."""
    if not change.pop("improves", False):
        return change
    change["value"] = -abs(change["value"]) if lower_is_better else abs(change["value"])
    return change


def change_fits(change: dict, unit: str | None) -> bool:
    """Whether a change can belong to a figure in `unit`: a percent change to any, pp to a share."""
    if change["basis"] == "relative":
        return unit is not None
    if change["unit"] == "pp":
        return unit == "%"
    return change["unit"] == unit
