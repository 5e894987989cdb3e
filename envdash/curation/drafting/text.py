"""The report's text for reading: a Simplified view with the same offsets, cut into sentences and clauses."""
from __future__ import annotations

import re
from functools import lru_cache


@lru_cache(maxsize=1)
def _to_simplified():
    import opencc  # opencc-python-reimplemented: loads its dictionaries on first use
    return opencc.OpenCC("t2s").convert


def simplified(text: str) -> str:
    """`text` in Simplified characters, one for one, so offsets stay valid (used for matching only)."""
    convert = _to_simplified()
    table = {}
    for char in set(text):
        converted = convert(char)
        table[char] = converted if len(converted) == 1 else char
    return "".join(table[char] for char in text)


SENTENCE_STOPS = frozenset("。！？!?\n")
CLAUSE_STOPS = SENTENCE_STOPS | frozenset(",，;；:：")


def _is_stop(text: str, index: int, stops: frozenset) -> bool:
    char = text[index]
    if char not in stops:
        return False
    # a thousands separator ("12,345") is not a clause boundary
    return not (char == "," and 0 < index < len(text) - 1 and text[index - 1].isdigit() and text[index + 1].isdigit())


def split_spans(text: str, stops: frozenset, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """[start, end) spans of `text` between stop characters, trimmed of whitespace, empty ones dropped."""
    end = len(text) if end is None else end
    spans, begin = [], start
    for index in range(start, end + 1):
        if index == end or _is_stop(text, index, stops):
            _add_trimmed(text, begin, index, spans)
            begin = index + 1
    return spans


def _add_trimmed(text: str, left: int, right: int, spans: list[tuple[int, int]]) -> None:
    """Add [left, right) to `spans` without the whitespace at its ends, unless nothing is left."""
    while left < right and text[left].isspace():
        left += 1
    while right > left and text[right - 1].isspace():
        right -= 1
    if right > left:
        spans.append((left, right))


_OPENING, _CLOSING = "(（[【", ")）]】"


def split_items(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """[start, end) spans of a list written with 、, not cut inside brackets ("优良(一、二类)水质比例")."""
    spans, begin, depth = [], start, 0
    for index in range(start, end + 1):
        char = text[index] if index < end else ""
        depth += (char in _OPENING) - (char in _CLOSING and depth > 0)
        if index == end or (char == "、" and depth == 0):
            _add_trimmed(text, begin, index, spans)
            begin = index + 1
    return spans


def outside_titles(text: str) -> str:
    return re.sub(r"《[^》]*》", "", text)


# --- the form names are matched in ------------------------------------------------------------------------

# One spelling for what reports write several ways: dashes and tildes in "Ⅰ—Ⅲ类" / "Ⅰ~Ⅲ类", full-width
# brackets, subscripts in "PM₂.₅", Latin letters for Roman numerals ("I-III类"), spaces ("PM 2.5").
_MATCHING_CHARS = str.maketrans({**{dash: "-" for dash in "—–－～~─"}, "（": "(", "）": ")",
                                 **{chr(0x2080 + digit): str(digit) for digit in range(10)}, " ": None,
                                 "\u3000": None, "．": "."})
_LATIN_ROMAN = re.compile(r"(?<![A-Za-z])(III|II|IV|I|V)(?![A-Za-z])")
_ROMAN = {"I": "Ⅰ", "II": "Ⅱ", "III": "Ⅲ", "IV": "Ⅳ", "V": "Ⅴ"}
_BRACKETED = re.compile(r"\([^()]*\)")


def matching_form(simple: str) -> str:
    """`simple` (already Simplified) in the one spelling names are compared in."""
    text = simple.translate(_MATCHING_CHARS)
    return _LATIN_ROMAN.sub(lambda match: _ROMAN[match.group(1)], text)


def matching_forms(simple: str) -> tuple[str, str]:
    """The matching form with brackets dropped but their words kept ("细颗粒物PM2.5浓度"), and with the
    bracketed words dropped too ("水质优良断面比例" from "水质优良(Ⅰ—Ⅲ类)断面比例")."""
    text = matching_form(simple)
    return text.replace("(", "").replace(")", ""), _BRACKETED.sub("", text)

