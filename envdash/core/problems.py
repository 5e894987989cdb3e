"""Curation problems that know where they come from: file, line, record and field."""
from __future__ import annotations

import difflib
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    record: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.record}: {self.field}: {self.message}"


class CurationFailed(Exception):
    """Raised with every problem found, so they can all be shown at once."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


def closest(word: str, choices) -> str | None:
    matches = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.5)
    return matches[0] if matches else None


def with_suggestion(message: str, word: str, choices) -> str:
    suggestion = closest(word, choices)
    return f"{message} (did you mean {suggestion!r}?)" if suggestion else message
