"""One number as the text states it (value, unit, bound words), and which numbers are figures at all."""
from __future__ import annotations

import re
from dataclasses import dataclass

from envdash.core.chinese_numerals import SET_PHRASES
from envdash.core.numbers import NumberMention, bound_after, bound_before, read_numbers
from envdash.curation.catalog import Catalog
from envdash.curation.coverage import SET_ASIDE_RULES
from envdash.curation.drafting.text import split_items


_MORE_THAN_CHARS = "多余逾"
# "12大应用场景", "四大业务应用场景": a count of kinds; "二十大" (精神, 会议, 代表, 报告) is the Party congress.
_KINDS_COUNT = re.compile(r"大(?!精神|会|代表|报告|以来)[\u4e00-\u9fff]")


def unit_vocabulary(catalog: Catalog) -> dict[str, str]:
    """Written form (letters in lower case) → unit id, for every unit spelling the catalogue knows:
    ids and Chinese names that a text can spell, and each unit's `written` forms (data/units.yaml)."""
    written = {}
    for unit in catalog.units.values():
        for form in (unit.id, unit.name_zh):
            if form and not form.isascii() or form == "%":
                written[form.lower()] = unit.id
    for unit in catalog.units.values():
        for form in unit.written:
            written[form.lower()] = unit.id
    return written


def _longest_unit(simple: str, position: int, vocabulary: dict[str, str]) -> str | None:
    """The longest unit spelling at `position` (after one space at most, as "58 μg/m3" is written)."""
    if simple[position: position + 1] == " ":
        position += 1
    best = None
    for form in vocabulary:
        if simple[position: position + len(form)].lower() == form and (best is None or len(form) > len(best)):
            best = form
    return best


def _unit_end(simple: str, position: int, form: str) -> int:
    return position + (simple[position: position + 1] == " ") + len(form)


@dataclass
class Reading:
    """A number as the text states it: "700多亿元" is 700, 亿元, more than."""
    start: int
    end: int              # just past the number, its unit and its bound words
    value: float
    unit: str | None
    comparator: str
    is_rank: bool = False


def read_unit(simple: str, mention: NumberMention, vocabulary: dict[str, str]) -> tuple[float, str | None, int, bool]:
    """(value, unit id, end of the unit, 'more than') for the number `mention`."""
    position, value = mention.end, mention.number
    more_than = position < len(simple) and simple[position] in _MORE_THAN_CHARS
    position += more_than
    form = _longest_unit(simple, position, vocabulary)
    if form:
        return value, vocabulary[form], _unit_end(simple, position, form), more_than
    if _KINDS_COUNT.match(simple, position) and not simple[max(0, mention.start - 2): mention.start] == "党的":
        return value, "个" if "个" in vocabulary.values() else None, position + 1, more_than
    if position < len(simple) and simple[position] in "万亿":
        scale_char, after = simple[position], position + 1
        if after < len(simple) and simple[after] in _MORE_THAN_CHARS:
            more_than, after = True, after + 1
        form = _longest_unit(simple, after, vocabulary)
        if form and scale_char + vocabulary[form] in vocabulary.values():
            return value, scale_char + vocabulary[form], _unit_end(simple, after, form), more_than
        scale = 10_000 if scale_char == "万" else 100_000_000
        if form:   # "1.3万人": no 万人 unit, so the number is given in 人
            return value * scale, vocabulary[form], _unit_end(simple, after, form), more_than
        if scale_char == "亿" and "亿元" in vocabulary.values():   # "有效投资24.08亿": money
            return value, "亿元", after, more_than
        return value * scale, None, after, more_than
    return value, None, position, more_than


_INDEX_BEFORE = re.compile(r"指数(?:为|达|达到|是)?$")
# Bounds written as signs, as tables and targets in brackets do: "(PM2.5≤30微克/立方米)".
_SIGNS = {"≤": "<=", "≦": "<=", "≥": ">=", "≧": ">=", "<": "<", "＜": "<", ">": ">", "＞": ">"}


def _sign_before(simple: str, start: int) -> str | None:
    before = simple[max(0, start - 2): start].rstrip(" ")
    return _SIGNS.get(before[-1:]) if before else None


def read_number(simple: str, mention: NumberMention, vocabulary: dict[str, str], clause_start: int) -> Reading:
    value, unit, unit_end, more_than = read_unit(simple, mention, vocabulary)
    if unit is None and _INDEX_BEFORE.search(simple[clause_start: mention.start]):
        unit = "index"
    after, end = bound_after(simple, unit_end)
    comparator = (after or (">" if more_than else None) or bound_before(simple, mention.start)
                  or _sign_before(simple, mention.start) or "=")
    return Reading(mention.start, end, value, unit, comparator)


# --- which numbers are figures -----------------------------------------------------------------------

# A rank: "排名第三", "列全省第二", "获全省第一", "居全省第二"; 第 followed by 批/届/轮… is an ordinal.
_RANK_BEFORE = re.compile(r"(?:排名|排|列|居|位列|名列|位居|获)[^,，。;；]{0,6}第$")
_ORDINAL_AFTER = "批届轮次期个季种类阶段步章条款项年号"
_CHINESE_NAME_BEFORE = ("届", "第")
_CHINESE_NAME_AFTER = ("次全会", "是", "要", "五", "大精神")


_QUOTES = (("“", "”"), ("「", "」"), ("『", "』"))


def _inside_quotes_or_title(text: str, position: int) -> bool:
    """Inside 《a title》, or inside a short quoted name such as “1726”, “三个一” or 「2+26」."""
    opened = max(text.rfind("《", 0, position), -1)
    if opened > text.rfind("》", 0, position):
        return True
    for opening, closing in _QUOTES:
        opened = text.rfind(opening, max(0, position - 10), position)
        if opened == -1 or text.rfind(closing, opened, position) != -1:
            continue
        closed = text.find(closing, position)
        if closed != -1 and closed - opened <= 12:
            return True
    return False


def _is_fraction(simple: str, mention: NumberMention) -> bool:
    return (simple[mention.end: mention.end + 1] == "/" and simple[mention.end + 1: mention.end + 2].isdigit()
            or simple[mention.start - 1: mention.start] == "/" and simple[mention.start - 2: mention.start - 1].isdigit())


def _in_set_phrase(simple: str, mention: NumberMention) -> bool:
    window = simple[max(0, mention.start - 4): mention.end + 4]
    return any(phrase in window for phrase in SET_PHRASES)


def is_rank(simple: str, mention: NumberMention, clause_start: int) -> bool:
    return (simple[mention.start - 1: mention.start] == "第"
            and bool(_RANK_BEFORE.search(simple[clause_start: mention.start]))
            and simple[mention.end: mention.end + 1] not in tuple(_ORDINAL_AFTER))


def _chinese_is_figure(simple: str, mention: NumberMention, reading: Reading, clause_start: int) -> bool:
    """Chinese numerals are figures only where a count or a rank is plain: 连续三年, 二十条, 四大, 排名第三."""
    if mention.number < 1 or mention.text in ("零", "〇"):
        return False
    before = simple[max(0, mention.start - 2): mention.start]
    if before.endswith("连续"):
        return reading.unit is not None
    if before.endswith(_CHINESE_NAME_BEFORE) or simple.startswith(_CHINESE_NAME_AFTER, mention.end):
        return False
    return mention.number >= 2 and reading.unit is not None


_NAME_RULE = "part of a name"
_LETTER = re.compile(r"[A-Za-z]")


def _set_aside(text: str, simple: str, mention: NumberMention, spans_aside: list[tuple[int, int]],
               unit_follows: bool) -> bool:
    """Dates, document numbers, ordinals, names (the coverage rules), page furniture, titles, fractions.
    A number followed by a unit spelled in letters ("35ug/m3", "1.1mg/m3") is not part of a name."""
    if any(start <= mention.start and mention.end <= end for start, end in spans_aside):
        return True
    if not mention.is_chinese:
        for name, applies in SET_ASIDE_RULES:
            if name == _NAME_RULE and unit_follows:
                if _LETTER.match(text[mention.start - 1: mention.start]):
                    return True
            elif applies(text, mention):
                return True
    return (_inside_quotes_or_title(simple, mention.start) or _is_fraction(simple, mention)
            or _in_set_phrase(simple, mention))


def figure_readings(text: str, simple: str, clause: tuple[int, int], vocabulary: dict[str, str],
                    spans_aside: list[tuple[int, int]]) -> list[Reading]:
    """The figure-like numbers of one clause, read."""
    clause_start, clause_end = clause
    readings = []
    for mention in read_numbers(simple[clause_start: clause_end]):
        mention = _shifted(mention, clause_start)
        unit_follows = _longest_unit(simple, mention.end, vocabulary) is not None
        if _set_aside(text, simple, mention, spans_aside, unit_follows):
            continue
        rank = is_rank(simple, mention, clause_start)
        if simple[mention.start - 1: mention.start] == "第" and not rank:
            continue   # an ordinal: 第六批, 第二轮
        reading = read_number(simple, mention, vocabulary, clause_start)
        if rank:
            end = mention.end + (simple[mention.end: mention.end + 1] == "名")
            reading = Reading(mention.start, end, mention.number, "名", "=", is_rank=True)
        elif mention.is_chinese and not _chinese_is_figure(simple, mention, reading, clause_start):
            continue
        readings.append(reading)
    return readings


def _shifted(mention: NumberMention, offset: int) -> NumberMention:
    return NumberMention(mention.number, mention.scale, mention.start + offset, mention.end + offset,
                         mention.text, mention.is_chinese, mention.more_than)



# --- numbers listed together: "分别为8、29、61、35ug/m3", "同比分别下降4.5%、2.7%" -------------------------

@dataclass(frozen=True)
class ListMember:
    """A number's place in a list of numbers, and the name the list gives it ("PM2.5、PM10浓度分别为…")."""
    position: int
    length: int
    name: str | None


_LIST_JOINS = frozenset({"、", "和", "及", "与"})
# Where the measure shared by the names of a list begins in its last name: "PM2.5、PM10浓度" is
# PM2.5浓度 and PM10浓度; "国考、省考断面水质优良率" is 国考…水质优良率.
_MEASURE_WORDS = re.compile(r"年均|平均|均值|浓度|水质|比例|比率|占比|指数|达标率|优良率|天数")


def _list_names(simple: str, clause_start: int, first_start: int, length: int) -> list[str] | None:
    """The names before 分别 in the number's clause, one for each number of the list."""
    head = simple[clause_start: first_start]
    cut = head.rfind("分别")
    if cut == -1:
        return None
    items = [simple[start: end] for start, end in split_items(simple, clause_start, clause_start + cut)]
    if len(items) != length:
        return None
    measure = _MEASURE_WORDS.search(items[-1])
    shared = items[-1][measure.start():] if measure else items[-1]
    return [item + shared for item in items[:-1]] + [items[-1]]


def number_lists(simple: str, readings: list[tuple[tuple[int, int], Reading]]) -> dict[int, ListMember]:
    """Lists of two or more numbers joined by 、 (or 和, 及, 与) within a clause, by reading index. The
    numbers of a list written with one unit at its end take that unit."""
    lists, index = {}, 0
    while index < len(readings):
        clause, first = readings[index]
        last = index
        while (last + 1 < len(readings) and readings[last + 1][0] == clause
               and simple[readings[last][1].end: readings[last + 1][1].start].strip() in _LIST_JOINS):
            last += 1
        if last > index:
            members = [reading for _, reading in readings[index: last + 1]]
            unit = members[-1].unit
            if unit is not None and all(member.unit in (None, unit) for member in members):
                for member in members:
                    member.unit = unit
            names = _list_names(simple, clause[0], first.start, len(members))
            for position in range(len(members)):
                lists[index + position] = ListMember(position, len(members), names[position] if names else None)
        index = last + 1
    return lists
