"""Which catalogue metric a number measures, from the names and synonyms its words use.

Names and text are compared in one spelling (`matching_form`: dashes, brackets, subscripts, Roman
numerals), with and without bracketed words. A name found in the number's own words counts most;
a name found with a few other characters inside it ("PM2.5累计平均浓度" for "PM2.5平均浓度") a
little less. Metrics of the wrong dimension, and metrics whose `not_when` words stand beside the
number, are not considered, nor metrics of another theme than the one the sentence speaks of (the
theme whose `cues` stand nearest before the number), so a name two themes share ("优良率") goes to
the theme of its sentence.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from envdash.curation.catalog import Catalog, Metric
from envdash.curation.drafting.readings import Reading
from envdash.curation.drafting.text import matching_form, matching_forms, simplified, split_items


@dataclass(frozen=True)
class MetricGuess:
    metric: str | None                      # filled only when one name matches plainly
    matched: str | None                     # the name or synonym found in the text
    candidates: tuple[tuple[str, str], ...]  # (id, name_zh): the closest three


@dataclass(frozen=True)
class NumberWords:
    """The words around a number: its own (between 、), its clause's not owned by another number, all
    of its clause, and its sentence up to the number (for the theme it speaks of)."""
    own: str
    shared: str
    clause: str
    sentence_before: str = ""


_CONFIDENT = 2            # a name in the number's own words, or in its clause outside other numbers'
_CANDIDATE_SCORE = 0.3    # a third of a name's character pairs in the clause: below that, no likeness
_GAP_PENALTY = 0.5        # a name matched with other characters inside it
_MOST_INSIDE = 3          # at most this many other characters inside a name
_SHORTEST_WITH_GAPS = 4   # shorter names must match as written
# Names of shares are written "X比例" and "X占…%" alike: "Ⅰ—Ⅲ类水质断面占84.9%".
_SHARE_ENDINGS = ("比例", "比率", "占比")


@lru_cache(maxsize=4096)
def _bigrams(text: str) -> frozenset[str]:
    return frozenset(text[index: index + 2] for index in range(len(text) - 1))


def _with_gaps(name: str, text: str) -> bool:
    """Whether `name` appears in `text` in order with at most _MOST_INSIDE other characters inside it."""
    if len(name) < _SHORTEST_WITH_GAPS or not _characters(name) <= _characters(text):
        return False
    start = text.find(name[0])
    while start != -1:
        position, inside = start + 1, 0
        for char in name[1:]:
            found = text.find(char, position, position + _MOST_INSIDE - inside + 1)
            if found == -1:
                break
            inside += found - position
            position = found + 1
        else:
            return True
        start = text.find(name[0], start + 1)
    return False


@lru_cache(maxsize=4096)
def _characters(text: str) -> frozenset[str]:
    return frozenset(text)


@dataclass(frozen=True)
class _Forms:
    """The words of a number in matching form, each with and without bracketed words."""
    own: tuple[str, str]
    shared: tuple[str, str]
    clause: tuple[str, str]
    clause_plain: str
    sentence_before: str


def _forms(words: NumberWords) -> _Forms:
    return _Forms(matching_forms(words.own), matching_forms(words.shared), matching_forms(words.clause),
                  matching_form(words.clause), matching_form(words.sentence_before))


def _name_score(variants: tuple[str, ...], forms: _Forms) -> float:
    """3+ when the number's own words hold the name, 2+ when its clause does outside other numbers'
    words, 1+ when only those do (each half a point less with other characters inside the name);
    below 1 the share of the name's character pairs in its clause."""
    name = variants[0]
    for rank, texts in ((3, forms.own), (2, forms.shared), (1, forms.clause)):
        if any(variant in text for variant in variants for text in texts):
            return rank + len(name) / 100
        if any(_with_gaps(name, text) for text in texts):
            return rank - _GAP_PENALTY + len(name) / 100
    grams = _bigrams(name)
    return len(grams & _bigrams(forms.clause_plain)) / len(grams) if grams else 0.0


@lru_cache(maxsize=4096)
def _variants(name: str) -> tuple[str, ...]:
    """The name in matching form (brackets dropped), and as a share written with 占."""
    form = matching_forms(simplified(name))[0]
    stems = [form[: -len(ending)] + "占" for ending in _SHARE_ENDINGS if form.endswith(ending) and len(form) > 4]
    return (form, *stems)


def _names(metric: Metric) -> list[str]:
    return [metric.name_zh, *metric.synonyms]


def _excluded(metric: Metric, forms: _Forms) -> bool:
    return any(_variants(word)[0] in forms.own[0] for word in metric.not_when)


def _sentence_theme(catalog: Catalog, forms: _Forms) -> str | None:
    """The theme whose cue stands nearest before the number in its sentence."""
    nearest, theme_id = -1, None
    for theme in catalog.themes.values():
        for cue in theme.cues:
            position = forms.sentence_before.rfind(_variants(cue)[0])
            if position > nearest:
                nearest, theme_id = position, theme.id
    return theme_id


def _other_theme(catalog: Catalog, metric: Metric, theme: str | None) -> bool:
    """Whether the sentence speaks of another theme than the metric's, both themes having cues:
    "优良率" after "国考断面水质…" is not the air's good-days share."""
    own = catalog.themes.get(metric.theme)
    return theme is not None and own is not None and bool(own.cues) and metric.theme != theme


def guess_metric(catalog: Catalog, unit: str | None, words: NumberWords) -> MetricGuess:
    """The catalogue metric whose name or synonym the number's words use, among metrics of its unit's
    dimension; none is chosen for a number without a unit (its candidates are still listed)."""
    dimension = catalog.units[unit].dimension if unit in catalog.units else None
    if unit == "pp":
        dimension = "share"
    forms = _forms(words)
    theme = _sentence_theme(catalog, forms)
    scored = []
    for metric in catalog.metrics.values():
        if dimension and catalog.units.get(metric.unit) and catalog.units[metric.unit].dimension != dimension:
            continue
        if _excluded(metric, forms) or _other_theme(catalog, metric, theme):
            continue
        score, name = max((_name_score(_variants(name), forms), name) for name in _names(metric))
        scored.append((score, metric.id, name))
    scored.sort(key=lambda item: (-item[0], item[1]))
    candidates = tuple((metric_id, catalog.metrics[metric_id].name_zh)
                       for score, metric_id, _ in scored[:3] if score >= _CANDIDATE_SCORE)
    plain = scored and scored[0][0] >= _CONFIDENT and (len(scored) == 1 or scored[1][0] < scored[0][0])
    if plain and unit is not None:
        return MetricGuess(scored[0][1], scored[0][2], candidates)
    return MetricGuess(None, None, candidates)


def number_words(simple: str, clause: tuple[int, int], reading: Reading, readings,
                 sentence_start: int | None = None) -> NumberWords:
    """Split a clause at 、 into the part holding the number, the parts holding no other number, and all."""
    parts = split_items(simple, *clause)
    others = [other.start for other_clause, other in readings if other_clause == clause and other is not reading]
    own = next((simple[start: end] for start, end in parts if start <= reading.start < end), "")
    shared = "、".join(simple[start: end] for start, end in parts
                      if not start <= reading.start < end and not any(start <= other < end for other in others))
    before = simple[clause[0] if sentence_start is None else sentence_start: reading.start]
    return NumberWords(own, shared, simple[clause[0]: clause[1]], before)
