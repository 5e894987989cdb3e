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
            left, right = begin, index
            while left < right and text[left].isspace():
                left += 1
            while right > left and text[right - 1].isspace():
                right -= 1
            if right > left:
                spans.append((left, right))
            begin = index + 1
    return spans



def outside_titles(text: str) -> str:
    return re.sub(r"《[^》]*》", "", text)

