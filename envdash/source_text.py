"""A stored report text that quotes are looked up in, ignoring differences in whitespace."""
from __future__ import annotations

from functools import cached_property


def squeeze(text: str) -> str:
    return "".join(text.split())


class SourceText:
    def __init__(self, text: str):
        self.text = text

    @cached_property
    def _squeezed(self) -> tuple[str, list[int]]:
        """The text without whitespace, and for each kept character its offset in the original."""
        kept, offsets = [], []
        for offset, char in enumerate(self.text):
            if not char.isspace():
                kept.append(char)
                offsets.append(offset)
        return "".join(kept), offsets

    def find_all(self, quote: str) -> list[tuple[int, int]]:
        """Original-text spans [start, end) of every whitespace-insensitive occurrence of `quote`."""
        needle = squeeze(quote)
        squeezed, offsets = self._squeezed
        if not needle:
            return []
        spans, position = [], squeezed.find(needle)
        while position != -1:
            spans.append((offsets[position], offsets[position + len(needle) - 1] + 1))
            position = squeezed.find(needle, position + 1)
        return spans

    def contains(self, quote: str) -> bool:
        return squeeze(quote) in self._squeezed[0]
