"""Which catalogue metric a number measures, from the names and synonyms its words use."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from envdash.curation.catalog import Catalog, Metric
from envdash.curation.drafting.readings import Reading
from envdash.curation.drafting.text import simplified, split_spans


@dataclass(frozen=True)
class MetricGuess:
    metric: str | None                      # filled only when one name matches plainly
    matched: str | None                     # the name or synonym found in the text
    candidates: tuple[tuple[str, str], ...]  # (id, name_zh): the closest three


def _bigrams(text: str) -> set[str]:
    return {text[index: index + 2] for index in range(len(text) - 1)}


def _name_score(name: str, words: "NumberWords") -> float:
    """3+ when the number's own words hold the name, 2+ when its clause does outside other numbers'
    words, 1+ when only those do; below 1 the share of the name's character pairs in its clause."""
    for rank, text in ((3, words.own), (2, words.shared), (1, words.clause)):
        if name in text:
            return rank + len(name) / 100
    grams = _bigrams(name)
    return len(grams & _bigrams(words.clause)) / len(grams) if grams else 0.0


@dataclass(frozen=True)
class NumberWords:
    """The words around a number: its own (between 、), its clause's not owned by another number, all."""
    own: str
    shared: str
    clause: str


def guess_metric(catalog: Catalog, unit: str | None, words: NumberWords) -> MetricGuess:
    """The catalogue metric whose name or synonym the clause uses, among metrics of the unit's dimension."""
    dimension = catalog.units[unit].dimension if unit in catalog.units else None
    if unit == "pp":
        dimension = "share"
    scored = []
    for metric in catalog.metrics.values():
        if dimension and catalog.units.get(metric.unit) and catalog.units[metric.unit].dimension != dimension:
            continue
        score, name = max((_name_score(_simplified_name(name), words), name) for name in _names(metric))
        scored.append((score, metric.id, name))
    scored.sort(key=lambda item: (-item[0], item[1]))
    candidates = tuple((metric_id, catalog.metrics[metric_id].name_zh)
                       for score, metric_id, _ in scored[:3] if score >= _CANDIDATE_SCORE)
    if scored and scored[0][0] >= 2 and (len(scored) == 1 or scored[1][0] < scored[0][0]):
        return MetricGuess(scored[0][1], scored[0][2], candidates)
    return MetricGuess(None, None, candidates)


_CANDIDATE_SCORE = 0.3   # a third of a name's character pairs in the clause: below that, no likeness


@lru_cache(maxsize=4096)
def _simplified_name(name: str) -> str:
    return simplified(name)


def _names(metric: Metric) -> list[str]:
    return [metric.name_zh, *metric.synonyms]



def number_words(simple: str, clause: tuple[int, int], reading: Reading, readings) -> NumberWords:
    """Split a clause at 、 into the part holding the number, the parts holding no other number, and all."""
    parts = split_spans(simple, frozenset("、"), *clause)
    others = [other.start for other_clause, other in readings if other_clause == clause and other is not reading]
    own = next((simple[start: end] for start, end in parts if start <= reading.start < end), "")
    shared = "、".join(simple[start: end] for start, end in parts
                      if not start <= reading.start < end and not any(start <= other < end for other in others))
    return NumberWords(own, shared, simple[clause[0]: clause[1]])
