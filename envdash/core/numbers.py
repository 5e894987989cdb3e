"""Reading numbers as Chinese reports write them: "1万亩", "700多亿元", "87%以上", "排名第三"."""
from __future__ import annotations

import math
import re
from typing import NamedTuple

from envdash.core.chinese_numerals import chinese_quantities, numeral_value

# Full-width digits and punctuation appear in some published texts; read them as ASCII.
_FULLWIDTH = str.maketrans("０１２３４５６７８９．％", "0123456789.%")

_ARABIC = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")
# The magnitude words 万 and 亿 after a numeral are read as its scale (below), not as part of it.
_CHINESE = re.compile(r"[零〇一二两兩三四五六七八九十百千]+")
# Words between a number and its magnitude or unit that make it approximate or a bound
# (Traditional forms too: the loader checks quotes in the script they were published in).
_MORE_THAN = ("多", "余", "餘", "逾")
_SCALES = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}

# Bound words as the reports write them (Simplified; read Traditional text through OpenCC first).
# After the number and its unit: 以上 / 以下 / 以内 include the number (curation notes, "Comparators").
_BOUNDS_AFTER = (("及以上", ">="), ("以上", ">="), ("及以下", "<="), ("以下", "<="), ("以内", "<="), ("左右", "~"))
# Immediately before the number, longest first: "不低于" must not be read as "低于"; "最近3年" is
# "the last 3 years", not "about 3".
_BOUNDS_BEFORE = (("最近", None), ("不少于", ">="), ("不低于", ">="), ("不小于", ">="), ("不超过", "<="),
                  ("不高于", "<="), ("不大于", "<="), ("超过", ">"), ("多于", ">"), ("不到", "<"), ("不足", "<"),
                  ("低于", "<"), ("少于", "<"), ("将近", "~"), ("大约", "~"), ("超", ">"), ("逾", ">"),
                  ("约", "~"), ("近", "~"))
# "约占全省21%": 约 may stand a few characters before the number when only a share verb is between.
_ABOUT_SHARE = re.compile(r"约(?:占|为|达)(?:全省|全市|全国|全区|全县)?(?:的)?$")


class NumberMention(NamedTuple):
    """One number in a text, where it stands and how the text qualifies it (a tuple: coverage makes
    one for every number of every report)."""
    number: float          # the digits as written: 700 in "700多亿元"
    scale: float           # the magnitude word after it: 1e8 in "700多亿元", else 1
    start: int             # offset of the first digit in the text
    end: int               # offset just past the digits
    text: str              # the digits as written
    is_chinese: bool       # written in Chinese numerals ("三")
    more_than: bool        # followed by 多 / 余 / 逾

    @property
    def magnitude(self) -> float:
        """The number with its magnitude word applied: 700多亿元 → 7e10."""
        return self.number * self.scale


_FULLWIDTH_CHARACTER = re.compile("[０-９．％]")


def normalise_digits(text: str) -> str:
    # translate looks every character up in a table, a search for the few it changes is far quicker:
    # most texts have none
    return text.translate(_FULLWIDTH) if _FULLWIDTH_CHARACTER.search(text) else text


def chinese_numeral_value(numeral: str) -> int | None:
    """Value of a Chinese numeral such as 三, 十二, 二十, 一百零五; None if it is not one."""
    value = numeral_value(numeral)
    return None if value is None else int(value)


def _qualifiers_after(text: str, end: int) -> tuple[bool, float]:
    more_than, scale = False, 1.0
    position = end
    if position < len(text) and text[position] in _MORE_THAN:
        more_than, position = True, position + 1
    if position < len(text) and text[position] in _SCALES:
        scale = _SCALES[text[position]]
        position += 1
        if not more_than and position < len(text) and text[position] in _MORE_THAN:
            more_than = True
    return more_than, scale


def _readings(text: str, include_chinese: bool):
    """(match, number, is_chinese) of every number in normalised `text`: Arabic first, then Chinese."""
    for match in _ARABIC.finditer(text):
        yield match, float(match.group().replace(",", "")), False
    if include_chinese:
        for match in _CHINESE.finditer(text):
            value = chinese_numeral_value(match.group())
            if value is None:
                continue
            yield match, float(value), True


def read_numbers(text: str, include_chinese: bool = True) -> list[NumberMention]:
    """Every number in `text`, Arabic and (optionally) Chinese numerals, in order."""
    text = normalise_digits(text)
    mentions = []
    for match, number, is_chinese in _readings(text, include_chinese):
        more_than, scale = _qualifiers_after(text, match.end())
        mentions.append(NumberMention(number, scale, match.start(), match.end(), match.group(),
                                      is_chinese, more_than))
    return sorted(mentions, key=lambda mention: mention.start)


def quantity_mentions(text: str) -> list[NumberMention]:
    """The numbers a text states as quantities: every Arabic number, and the Chinese numerals that
    count, rank or say none (三个, 排名第三, 零发生; not 一批, 统一, 十四五), in order."""
    text = normalise_digits(text)
    mentions = read_numbers(text, include_chinese=False)
    for quantity in chinese_quantities(text):
        more_than, scale = _qualifiers_after(text, quantity.end)
        mentions.append(NumberMention(quantity.value, scale, quantity.start, quantity.end, quantity.text,
                                      True, more_than))
    return sorted(mentions, key=lambda mention: mention.start)


def bound_after(text: str, position: int) -> tuple[str | None, int]:
    """The bound word starting at `position` (just past a number's unit) and where it ends."""
    for word, comparator in _BOUNDS_AFTER:
        if text.startswith(word, position):
            return comparator, position + len(word)
    return None, position


def bound_before(text: str, start: int) -> str | None:
    """The bound word written just before the number starting at `start`: 超1900万元, 约占全省21%."""
    before = text[max(0, start - 6): start]
    for word, comparator in _BOUNDS_BEFORE:
        if before.endswith(word):
            return comparator
    return "~" if _ABOUT_SHARE.search(before) else None


# A zero written as a negation: 未发生较大及以上等级突发环境事件 states 0 as plainly as 零发生 does.
NONE_HAPPENED = ("未发生", "不发生", "没有发生", "零发生", "未發生", "不發生", "沒有發生")


def says_none_happened(text: str) -> bool:
    """Whether `text` states a count of zero in words (未发生…, 不发生…)."""
    return any(words in text for words in NONE_HAPPENED)


def same_number(left: float, right: float) -> bool:
    return math.isclose(left, right, rel_tol=1e-9, abs_tol=1e-9)


def mention_states(mention: NumberMention, value: float, unit_factor: float = 1.0) -> bool:
    """Whether a mention states `value` (given in a unit worth `unit_factor` base units).

    "1万亩" states 1 (unit 万亩) and 10000 (unit 亩); "700多亿元" states 700 (unit 亿元).
    """
    return _states(mention.number, mention.magnitude, value, unit_factor)


def _states(number: float, magnitude_written: float, value: float, unit_factor: float) -> bool:
    magnitude = abs(value)
    return (same_number(number, magnitude)
            or same_number(magnitude_written, magnitude * unit_factor)
            or same_number(magnitude_written, magnitude))


def stated_numbers(text: str) -> list[tuple[float, float]]:
    """(number as written, number with its magnitude word) of every number in `text`: what
    mention_states needs of read_numbers(text), without a mention object per number."""
    text = normalise_digits(text)
    return [(number, number * _qualifiers_after(text, match.end())[1])
            for match, number, _ in _readings(text, include_chinese=True)]


def states(numbers: list[tuple[float, float]], value: float, unit_factor: float = 1.0) -> bool:
    """Whether any of `numbers` (from stated_numbers) states `value`; a quote read once serves
    its figure's value, change and total."""
    return any(_states(number, magnitude_written, value, unit_factor) for number, magnitude_written in numbers)


def text_states(text: str, value: float, unit_factor: float = 1.0) -> bool:
    return states(stated_numbers(text), value, unit_factor)
