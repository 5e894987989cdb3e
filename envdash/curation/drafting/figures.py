"""Drafting a report's figures: every figure-like number read, placed in its passage, given a metric."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from envdash.core.numbers import same_number
from envdash.curation.catalog import Catalog
from envdash.curation.drafting.changes import change_fits, framing_clause, read_change, settle_improvement
from envdash.curation.drafting.context import (RATE_DIMENSIONS, Passage, ReportInfo, first_passage, guess_kind,
                                               guess_period, guess_strength)
from envdash.curation.drafting.metric_match import MetricGuess, NumberWords, guess_metric, number_words
from envdash.curation.drafting.readings import ListMember, Reading, figure_readings, number_lists, unit_vocabulary
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
    lists = number_lists(simple, readings)
    changes = _changes(simple, clauses, readings, lists)
    base: Reading | None = None
    for index, (clause, reading) in enumerate(readings):
        next_start = readings[index + 1][1].start if index + 1 < len(readings) else sentence.end
        change = changes[index]
        if change is not None and _attach_change(sentence, change, clause, text, catalog, lists.get(index)):
            continue
        if change is None and _complete_change(sentence, simple, clause, reading, text, catalog):
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
        words = number_words(simple, clause, reading, readings, sentence.start)
        if index in lists and lists[index].name:
            words = NumberWords(lists[index].name, "", words.clause, words.sentence_before)
        suggestion.metric = guess_metric(catalog, suggestion.unit, words)
        if suggestion.change is not None:
            settle_improvement(suggestion.change, _lower_is_better(catalog, suggestion))
        sentence.suggestions.append(suggestion)


def _changes(simple: str, clauses, readings, lists: dict[int, ListMember]) -> list[dict | None]:
    """The change each reading states (None for a level); the numbers listed after a change
    ("同比分别下降4.5%、2.7%") are changes alike."""
    changes: list[dict | None] = []
    for index, (clause, reading) in enumerate(readings):
        member = lists.get(index)
        if member is not None and member.position > 0 and changes[index - 1] is not None:
            first = changes[index - 1]
            change = {**first, "value": (1 if first["value"] >= 0 else -1) * reading.value}
            if reading.unit == "%":
                change.update(unit="%", basis="relative")
            else:
                change.update(unit=reading.unit, basis="absolute")
            changes.append(change)
            continue
        changes.append(read_change(simple, clause[0], reading, framing_clause(simple, clauses, clause[0])))
    return changes


def _lower_is_better(catalog: Catalog, suggestion: Suggestion) -> bool:
    """Whether less of what the figure measures is better: its metric's direction, else its unit's dimension."""
    metric_id = suggestion.metric.metric if suggestion.metric else None
    if metric_id in catalog.metrics:
        return catalog.metrics[metric_id].direction == "lower_better"
    unit = catalog.units.get(suggestion.unit or "")
    return unit is not None and unit.dimension in ("concentration", "index")


def _attach_change(sentence: _Sentence, change: dict, clause: tuple[int, int], text: str, catalog: Catalog,
                   member: ListMember | None) -> bool:
    """Give a change to the figure before it in the sentence ("…4.74,同比下降1.46%"); a list of n changes
    goes to the last n figures, in order ("分别为42、71,同比分别下降4.5%、2.7%"). False if none fits."""
    if member is None or member.length == 1:
        index = len(sentence.suggestions) - 1
    else:   # the changes before this one in the list have been given already, so do not count
        index = len(sentence.suggestions) - member.length + member.position
    if not 0 <= index < len(sentence.suggestions):
        return False
    figure = sentence.suggestions[index]
    if figure.change is not None or figure.value is None or not change_fits(change, figure.unit):
        return False
    figure.change = settle_improvement(dict(change), _lower_is_better(catalog, figure))
    figure.end = max(figure.end, clause[1])
    figure.quote = text[figure.start: figure.end]
    return True


# A level right after a change-only clause completes it: "下降2.8%,为34微克/立方米", "提高3.0个百分点,达到82.5%".
_LEVEL_AFTER_CHANGE = re.compile(r"(?:为|是|达|达到|降至|降到|升至|提升至|提高到|增至)")


def _complete_change(sentence: _Sentence, simple: str, clause, reading: Reading, text: str,
                     catalog: Catalog) -> bool:
    """Give a level to the change-only figure just before it when the level's clause only names it."""
    if not sentence.suggestions or reading.is_rank:
        return False
    figure = sentence.suggestions[-1]
    if figure.value is not None or figure.change is None or not change_fits(figure.change, reading.unit):
        return False
    if not _LEVEL_AFTER_CHANGE.fullmatch(simple[clause[0]: reading.start]):
        return False
    figure.value, figure.unit, figure.comparator = reading.value, reading.unit, reading.comparator
    figure.end = max(figure.end, clause[1])
    figure.quote = text[figure.start: figure.end]
    words = NumberWords(simple[figure.start: clause[1]], "", simple[figure.start: clause[1]],
                        simple[sentence.start: reading.start])
    figure.metric = guess_metric(catalog, figure.unit, words)
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
