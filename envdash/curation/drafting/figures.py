"""Drafting a report's figures: every figure-like number read, placed in its passage, given a metric."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from envdash.core.numbers import same_number
from envdash.curation.catalog import Catalog
from envdash.curation.drafting.changes import change_fits, read_change
from envdash.curation.drafting.context import (RATE_DIMENSIONS, Passage, ReportInfo, first_passage, guess_kind,
                                               guess_period, guess_strength)
from envdash.curation.drafting.metric_match import MetricGuess, guess_metric, number_words
from envdash.curation.drafting.readings import Reading, figure_readings, unit_vocabulary
from envdash.curation.drafting.text import CLAUSE_STOPS, SENTENCE_STOPS, simplified, split_spans
from envdash.curation.source_text import SourceText


@dataclass
class Suggestion:
    """One drafted figure record, with where its quote stands in the text."""
    place: str
    period: str
    kind: str
    value: float | None
    unit: str | None
    comparator: str
    quote: str
    start: int
    end: int
    line: int
    strength: str | None = None
    change: dict | None = None
    total: float | None = None
    metric: MetricGuess | None = None


@dataclass
class _Sentence:
    start: int
    end: int
    passage: Passage
    suggestions: list[Suggestion] = field(default_factory=list)


_BASE_MARK = re.compile(r"^[^,，;；。]*?(?<!其)中(?=[,，]|排名|有)")


def _base_count(simple: str, reading: Reading, next_start: int) -> bool:
    """Whether a count is the base of those after it: "8条有水入淀河流中,5条…", "11个部门…中排名第三"."""
    return bool(_BASE_MARK.match(simple[reading.end: next_start]))


def suggest_figures(text: str, place: str, catalog: Catalog, info: ReportInfo) -> list[Suggestion]:
    """Draft records for every figure-like number in `text`, in reading order."""
    simple = simplified(text).translate(str.maketrans("０１２３４５６７８９．％", "0123456789.%"))
    vocabulary = unit_vocabulary(catalog)
    source_text = SourceText(text)
    spans_aside = [span for snippet in info.boilerplate for span in source_text.find_all(snippet)]
    passage = first_passage(info)
    suggestions = []
    for sentence_start, sentence_end in split_spans(simple, SENTENCE_STOPS):
        passage.follow(simple[sentence_start: sentence_end], info)
        sentence = _Sentence(sentence_start, sentence_end, Passage(passage.year, passage.plans))
        _suggest_in_sentence(text, simple, sentence, place, catalog, info, vocabulary, spans_aside)
        suggestions.extend(sentence.suggestions)
    return suggestions


def _suggest_in_sentence(text, simple, sentence: _Sentence, place, catalog, info, vocabulary, spans_aside) -> None:
    clauses = split_spans(simple, CLAUSE_STOPS, sentence.start, sentence.end)
    readings = [(clause, reading) for clause in clauses
                for reading in figure_readings(text, simple, clause, vocabulary, spans_aside)]
    base: Reading | None = None
    for index, (clause, reading) in enumerate(readings):
        next_start = readings[index + 1][1].start if index + 1 < len(readings) else sentence.end
        change = read_change(simple, clause[0], reading)
        if change is not None and _attach_change(sentence, change, clause, text):
            continue
        if (change is None and not reading.is_rank and index + 1 < len(readings)
                and _base_count(simple, reading, next_start)):
            base = reading
            continue
        suggestion = _suggestion(text, simple, sentence, clause, reading, change, place, info, catalog)
        if base is not None and (reading.is_rank or reading.unit == base.unit):
            suggestion.total = base.value
        elif reading.value is not None and "全部" in simple[reading.end: clause[1]]:
            suggestion.total = reading.value
        suggestion.metric = guess_metric(catalog, suggestion.unit, number_words(simple, clause, reading, readings))
        sentence.suggestions.append(suggestion)






def _attach_change(sentence: _Sentence, change: dict, clause: tuple[int, int], text: str) -> bool:
    """Give a change to the figure before it in the sentence ("…4.74,同比下降1.46%"); False if none fits."""
    if not sentence.suggestions:
        return False
    figure = sentence.suggestions[-1]
    if figure.change is not None or figure.value is None or not change_fits(change, figure.unit):
        return False
    figure.change = change
    figure.end = max(figure.end, clause[1])
    figure.quote = text[figure.start: figure.end]
    return True


def _suggestion(text, simple, sentence: _Sentence, clause, reading: Reading, change, place, info,
                catalog: Catalog) -> Suggestion:
    before, clause_before = simple[sentence.start: reading.start], simple[clause[0]: reading.start]
    dimension = catalog.units[reading.unit].dimension if reading.unit in catalog.units else None
    period = guess_period(before, clause_before, sentence.passage, info, dimension in RATE_DIMENSIONS)
    kind = guess_kind(before, clause_before, period, sentence.passage, info)
    line = text.count("\n", 0, clause[0]) + 1
    suggestion = Suggestion(place, period, kind, reading.value, reading.unit, reading.comparator,
                            text[clause[0]: clause[1]], clause[0], clause[1], line,
                            strength=guess_strength(before, clause_before) if kind == "target" else None)
    if change is not None:   # a change with no figure before it: "占比提升3.3个百分点"
        suggestion.value, suggestion.change, suggestion.comparator = None, change, "="
        suggestion.unit = "%" if change["unit"] == "pp" else (None if change["basis"] == "relative" else change["unit"])
    return suggestion



def suggestion_stated(suggestion: Suggestion, value: float | None) -> bool:
    """Whether the suggestion's value is `value` (both absent counts as equal)."""
    if suggestion.value is None or value is None:
        return suggestion.value is None and value is None
    return same_number(suggestion.value, value)
