"""A stored report text that quotes are looked up in, ignoring differences in whitespace."""
from __future__ import annotations

import re
from bisect import bisect_right
from functools import cached_property

# Python's \s on str is exactly str.isspace(), which str.split() (and so squeeze) uses.
_WHITESPACE = re.compile(r"\s+")


def squeeze(text: str) -> str:
    return "".join(text.split())


class SourceText:
    def __init__(self, text: str):
        self.text = text

    @cached_property
    def _squeezed(self) -> tuple[str, list[int], list[int]]:
        """The text without whitespace, and where its whitespace runs were.

        For each run: the position in the squeezed text it stood before, and the whitespace
        removed up to and including it. Reports are mostly unbroken Chinese, so there are few runs:
        far cheaper to build than an offset per character.
        """
        positions, removed, total = [], [0], 0
        for run in _WHITESPACE.finditer(self.text):
            positions.append(run.start() - total)
            total += run.end() - run.start()
            removed.append(total)
        return _WHITESPACE.sub("", self.text), positions, removed

    def _original(self, position: int) -> int:
        """Offset in the original text of the squeezed text's character at `position`."""
        _, positions, removed = self._squeezed
        return position + removed[bisect_right(positions, position)]

    def find_all(self, quote: str) -> list[tuple[int, int]]:
        """Original-text spans [start, end) of every whitespace-insensitive occurrence of `quote`."""
        needle = squeeze(quote)
        squeezed = self._squeezed[0]
        if not needle:
            return []
        spans, position = [], squeezed.find(needle)
        while position != -1:
            spans.append((self._original(position), self._original(position + len(needle) - 1) + 1))
            position = squeezed.find(needle, position + 1)
        return spans

    def contains(self, quote: str) -> bool:
        return squeeze(quote) in self._squeezed[0]
