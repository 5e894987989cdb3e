"""Drafting a curated file for a new report: each figure-like number read, guessed and marked `draft: true`.

The drafts follow the curation notes (/work/shared/CURATION-NOTES.md, docs/curation.md): one record
per number, its clause as the quote, the bound words as a comparator, 同比 changes as `change`, the
plan or review around it as kind and period. Every guess is for a person to confirm; the loader
leaves drafts out of the database until they do.
"""
from __future__ import annotations

import calendar
import datetime as dt
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from envdash.core.chinese_numerals import SET_PHRASES
from envdash.core.numbers import NumberMention, bound_after, bound_before, read_numbers, same_number
from envdash.core.periods import PeriodError, format_period, parse_period
from envdash.core.problems import with_suggestion
from envdash.curation.catalog import Catalog, Metric, load_catalog
from envdash.curation.coverage import SET_ASIDE_RULES
from envdash.curation.source_text import SourceText


class SuggestError(ValueError):
    """A request the suggester cannot serve (unknown place, missing text); the message says why."""


# --- the text, in Simplified characters for reading, cut into sentences and clauses -----------------

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


_SENTENCE_STOPS = frozenset("。！？!?\n")
_CLAUSE_STOPS = _SENTENCE_STOPS | frozenset(",，;；:：")


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


# --- the report around the numbers: its year, and whether a passage reviews or plans -----------------

@dataclass(frozen=True)
class ReportInfo:
    """What the suggester needs to know about the report (from data/sources.yaml when it is there)."""
    published: dt.date
    period: str                   # the period the report covers, as in sources.yaml
    plan_only: bool               # a work plan: every passage plans
    boilerplate: tuple[str, ...] = ()


_YEAR_MENTION = re.compile(r"(\d{4})年(?!\d{1,2}[-—–~至]?\d{0,2}月)")


def report_info(catalog: Catalog, source_id: str, simple_text: str) -> ReportInfo:
    """The source's metadata, or (for a report not yet in sources.yaml) its latest year mentioned."""
    source = catalog.sources.get(source_id)
    if source is not None:
        kind = source.kind.lower()
        return ReportInfo(source.published, str(source.period), "plan" in kind and "review" not in kind,
                          tuple(source.boilerplate))
    years = [int(year) for year in _YEAR_MENTION.findall(_outside_titles(simple_text)) if 1990 <= int(year) <= 2100]
    year = max(years) if years else dt.date.today().year
    return ReportInfo(dt.date(year, 12, 31), str(year), False)


def _outside_titles(text: str) -> str:
    return re.sub(r"《[^》]*》", "", text)


# A passage opens with its year: "2022年,…", "2023年工作要点", "会议指出,2024年是…", "今年以来,…".
_LEADING_YEAR = re.compile(r"^(?:[(（]?[一二三四五六七八九十\d]+[)）、.．]\s*)?(?:会议(?:指出|强调|要求|认为)[,，:：]?)?"
                           r"(?:(\d{4})年(?!\d{1,2}月)|(今年)|(明年))(以来)?")
_PLAN_WORDS = re.compile(r"要点|计划|重点做好|安排|目标|之年|要|将|确保|力争|拟")


@dataclass
class Passage:
    """Where the reader is: the year the text speaks of and whether it plans or reviews it."""
    year: int
    plans: bool

    def follow(self, sentence: str, info: ReportInfo) -> None:
        """Move on when a sentence opens with a year (a new section or paragraph)."""
        match = _LEADING_YEAR.match(sentence)
        if not match:
            return
        year_text, this_year, next_year, since = match.groups()
        year = int(year_text) if year_text else info.published.year + (1 if next_year else 0)
        self.year = year
        if since:            # "今年以来": what has been done so far
            self.plans = False
        elif year > info.published.year:
            self.plans = True
        elif year == info.published.year:
            self.plans = info.plan_only or bool(_PLAN_WORDS.search(sentence))
        else:
            self.plans = False


def _first_passage(info: ReportInfo) -> Passage:
    try:
        period = parse_period(info.period)
    except PeriodError:
        return Passage(info.published.year, info.plan_only)
    return Passage(period.end.year if info.plan_only else period.start.year, info.plan_only)


# --- one number: value, unit and bounds --------------------------------------------------------------

# How the reports write units that the catalogue names otherwise (data/units.yaml ids are as written
# where they can be). 名 after a cardinal counts people; ranks ("第三名") are read separately.
_WRITTEN_UNITS = {"微克每立方米": "µg/m³", "毫克每立方米": "毫克/立方米", "百分点": "pp", "％": "%", "名": "人"}
_MORE_THAN_CHARS = "多余逾"
# "12大应用场景", "四大业务应用场景": a count of kinds; "二十大" (精神, 会议, 代表, 报告) is the Party congress.
_KINDS_COUNT = re.compile(r"大(?!精神|会|代表|报告|以来)[\u4e00-\u9fff]")


def unit_vocabulary(catalog: Catalog) -> dict[str, str]:
    """Written form → unit id, for every unit the catalogue knows that a text can spell."""
    written = {}
    for unit in catalog.units.values():
        for form in (unit.id, unit.name_zh):
            if form and not form.isascii() or form == "%":
                written[form] = unit.id
    for form, unit_id in _WRITTEN_UNITS.items():
        if unit_id in catalog.units:
            written[form] = unit_id
    return written


def _longest_unit(simple: str, position: int, vocabulary: dict[str, str]) -> str | None:
    best = None
    for form in vocabulary:
        if simple.startswith(form, position) and (best is None or len(form) > len(best)):
            best = form
    return best


@dataclass
class Reading:
    """A number as the text states it: "700多亿元" is 700, 亿元, more than."""
    start: int
    end: int              # just past the number, its unit and its bound words
    value: float
    unit: str | None
    comparator: str
    is_rank: bool = False


def read_unit(simple: str, mention: NumberMention, vocabulary: dict[str, str]) -> tuple[float, str | None, int, bool]:
    """(value, unit id, end of the unit, 'more than') for the number `mention`."""
    position, value = mention.end, mention.number
    more_than = position < len(simple) and simple[position] in _MORE_THAN_CHARS
    position += more_than
    form = _longest_unit(simple, position, vocabulary)
    if form:
        return value, vocabulary[form], position + len(form), more_than
    if _KINDS_COUNT.match(simple, position) and not simple[max(0, mention.start - 2): mention.start] == "党的":
        return value, "个" if "个" in vocabulary.values() else None, position + 1, more_than
    if position < len(simple) and simple[position] in "万亿":
        scale_char, after = simple[position], position + 1
        if after < len(simple) and simple[after] in _MORE_THAN_CHARS:
            more_than, after = True, after + 1
        form = _longest_unit(simple, after, vocabulary)
        if form and scale_char + vocabulary[form] in vocabulary.values():
            return value, scale_char + vocabulary[form], after + len(form), more_than
        scale = 10_000 if scale_char == "万" else 100_000_000
        if form:   # "1.3万人": no 万人 unit, so the number is given in 人
            return value * scale, vocabulary[form], after + len(form), more_than
        if scale_char == "亿" and "亿元" in vocabulary.values():   # "有效投资24.08亿": money
            return value, "亿元", after, more_than
        return value * scale, None, after, more_than
    return value, None, position, more_than


_INDEX_BEFORE = re.compile(r"指数(?:为|达|达到|是)?$")


def read_number(simple: str, mention: NumberMention, vocabulary: dict[str, str], clause_start: int) -> Reading:
    value, unit, unit_end, more_than = read_unit(simple, mention, vocabulary)
    if unit is None and _INDEX_BEFORE.search(simple[clause_start: mention.start]):
        unit = "index"
    after, end = bound_after(simple, unit_end)
    comparator = after or (">" if more_than else None) or bound_before(simple, mention.start) or "="
    return Reading(mention.start, end, value, unit, comparator)


# --- which numbers are figures -----------------------------------------------------------------------

# A rank: "排名第三", "列全省第二", "获全省第一", "居全省第二"; 第 followed by 批/届/轮… is an ordinal.
_RANK_BEFORE = re.compile(r"(?:排名|排|列|居|位列|名列|位居|获)[^,，。;；]{0,6}第$")
_ORDINAL_AFTER = "批届轮次期个季种类阶段步章条款项年号"
_CHINESE_NAME_BEFORE = ("届", "第")
_CHINESE_NAME_AFTER = ("次全会", "是", "要", "五", "大精神")


def _inside_quotes_or_title(text: str, position: int) -> bool:
    """Inside 《a title》, or inside a short “name” such as “1726” or “三个一”."""
    opened = max(text.rfind("《", 0, position), -1)
    if opened > text.rfind("》", 0, position):
        return True
    opened = text.rfind("“", max(0, position - 10), position)
    if opened == -1 or text.rfind("”", opened, position) != -1:
        return False
    closed = text.find("”", position)
    return closed != -1 and closed - opened <= 12


def _is_fraction(simple: str, mention: NumberMention) -> bool:
    return (simple[mention.end: mention.end + 1] == "/" and simple[mention.end + 1: mention.end + 2].isdigit()
            or simple[mention.start - 1: mention.start] == "/" and simple[mention.start - 2: mention.start - 1].isdigit())


def _in_set_phrase(simple: str, mention: NumberMention) -> bool:
    window = simple[max(0, mention.start - 4): mention.end + 4]
    return any(phrase in window for phrase in SET_PHRASES)


def is_rank(simple: str, mention: NumberMention, clause_start: int) -> bool:
    return (simple[mention.start - 1: mention.start] == "第"
            and bool(_RANK_BEFORE.search(simple[clause_start: mention.start]))
            and simple[mention.end: mention.end + 1] not in tuple(_ORDINAL_AFTER))


def _chinese_is_figure(simple: str, mention: NumberMention, reading: Reading, clause_start: int) -> bool:
    """Chinese numerals are figures only where a count or a rank is plain: 连续三年, 二十条, 四大, 排名第三."""
    if mention.number < 1 or mention.text in ("零", "〇"):
        return False
    before = simple[max(0, mention.start - 2): mention.start]
    if before.endswith("连续"):
        return reading.unit is not None
    if before.endswith(_CHINESE_NAME_BEFORE) or simple.startswith(_CHINESE_NAME_AFTER, mention.end):
        return False
    return mention.number >= 2 and reading.unit is not None


def _set_aside(text: str, simple: str, mention: NumberMention, spans_aside: list[tuple[int, int]]) -> bool:
    """Dates, document numbers, ordinals, names (the coverage rules), page furniture, titles, fractions."""
    if any(start <= mention.start and mention.end <= end for start, end in spans_aside):
        return True
    if not mention.is_chinese and any(applies(text, mention) for _, applies in SET_ASIDE_RULES):
        return True
    return (_inside_quotes_or_title(simple, mention.start) or _is_fraction(simple, mention)
            or _in_set_phrase(simple, mention))


def figure_readings(text: str, simple: str, clause: tuple[int, int], vocabulary: dict[str, str],
                    spans_aside: list[tuple[int, int]]) -> list[Reading]:
    """The figure-like numbers of one clause, read."""
    clause_start, clause_end = clause
    readings = []
    for mention in read_numbers(simple[clause_start: clause_end]):
        mention = _shifted(mention, clause_start)
        if _set_aside(text, simple, mention, spans_aside):
            continue
        rank = is_rank(simple, mention, clause_start)
        if simple[mention.start - 1: mention.start] == "第" and not rank:
            continue   # an ordinal: 第六批, 第二轮
        reading = read_number(simple, mention, vocabulary, clause_start)
        if rank:
            end = mention.end + (simple[mention.end: mention.end + 1] == "名")
            reading = Reading(mention.start, end, mention.number, "名", "=", is_rank=True)
        elif mention.is_chinese and not _chinese_is_figure(simple, mention, reading, clause_start):
            continue
        readings.append(reading)
    return readings


def _shifted(mention: NumberMention, offset: int) -> NumberMention:
    return NumberMention(mention.number, mention.scale, mention.start + offset, mention.end + offset,
                         mention.text, mention.is_chinese, mention.more_than)


# --- changes: 同比下降1.46%, 提升3.3个百分点, 较2021年年轻2岁 ---------------------------------------------

_CHANGE_VERB = re.compile(r"(上升|下降|增长|减少|提高|降低|提升|增加|年轻|缩短|延长|扩大|缩小)了?$")
_FALLS = ("下降", "减少", "降低", "年轻", "缩短", "缩小")
_VERSUS = re.compile(r"同比|比上年|较上年|较去年|比去年|与上年相比|[较比](\d{4})年")


def read_change(simple: str, clause_start: int, reading: Reading) -> dict | None:
    """The change a number states, or None when it states a level."""
    before = simple[clause_start: reading.start]
    verb = _CHANGE_VERB.search(before)
    if not verb:
        return None
    versus = list(_VERSUS.finditer(before[: verb.start()]))
    if not versus and reading.unit != "pp":
        return None
    sign = -1 if verb.group(1) in _FALLS else 1
    change = {"value": sign * reading.value}
    if reading.unit == "%":
        change.update(unit="%", basis="relative")
    else:
        change.update(unit=reading.unit, basis="absolute")
    if versus and versus[-1].group(1):
        change["versus"] = versus[-1].group(1)
    return change


def change_fits(change: dict, unit: str | None) -> bool:
    """Whether a change can belong to a figure in `unit`: a percent change to any, pp to a share."""
    if change["basis"] == "relative":
        return unit is not None
    if change["unit"] == "pp":
        return unit == "%"
    return change["unit"] == unit


# --- periods, kinds and strengths ----------------------------------------------------------------------

_MONTH_SPAN = re.compile(r"(?:(\d{4})年)?(\d{1,2})[-—–~至](\d{1,2})月")
_MONTH_DEADLINE = re.compile(r"(\d{4})年(\d{1,2})月底前")
_AS_OF_YEAR_END = re.compile(r"截至(\d{4})年底")
_AS_OF_PUBLICATION = re.compile(r"截至目前|目前|现有")
_RUNNING_TOTAL = re.compile(r"累计|已有")
# A year the figure is about; not one it is compared with (较2021年), a start (2013年…以来) or a date.
_YEAR_BEFORE = re.compile(r"(?<![较比自从])(\d{4})年(?![^,，;；。]*以来|\d{1,2}月|[-—–~])|(今年)|(明年)")
_STRENGTHS = (("确保", "binding"), ("力争", "aspirational"), ("争取", "aspirational"), ("拟", "planned"),
              ("计划", "planned"))
_ESTIMATE = "预计"   # a forecast of the number right after it, not a commitment of the sentence
_PAST = re.compile(r"累计|已有|现有|截至|已")
# A level reached ("增至238家", "国家级试点达到5个"): in a review, a stock at the year's end.
_LEVEL_REACHED = re.compile(r"累计|已有|(?:增至|提至|增加到|提升至|扩容到|调整为|达到)$")
_RATE_DIMENSIONS = ("share", "concentration", "index", "score", "rank")


def _last_day(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def guess_period(before: str, clause_before: str, passage: Passage, info: ReportInfo, is_rate: bool) -> str:
    """The period a number covers, from the words before it in its sentence (`before`)."""
    if match := list(_MONTH_SPAN.finditer(before)):
        year_text, first, last = match[-1].groups()
        year = int(year_text) if year_text else passage.year
        if 1 <= int(first) <= int(last) <= 12:
            return format_period(dt.date(year, int(first), 1), _last_day(year, int(last)))
    if match := list(_MONTH_DEADLINE.finditer(before)):
        year, month = int(match[-1].group(1)), int(match[-1].group(2))
        if 1 <= month <= 12:
            return f"{year}-01..{_last_day(year, month).isoformat()}"
    if match := list(_AS_OF_YEAR_END.finditer(before)):
        return f"{match[-1].group(1)}-12-31"
    if _AS_OF_PUBLICATION.search(before):
        return info.published.isoformat()
    if _RUNNING_TOTAL.search(clause_before) or (
            not passage.plans and not is_rate and _LEVEL_REACHED.search(clause_before)):
        year = _year_before(before, passage, info)
        return f"{year}-12-31" if year < info.published.year else info.published.isoformat()
    return _year_period(_year_before(before, passage, info), info)


def _year_before(before: str, passage: Passage, info: ReportInfo) -> int:
    mentions = list(_YEAR_BEFORE.finditer(_outside_titles(before)))
    if not mentions:
        return passage.year
    year_text, this_year, next_year = mentions[-1].groups()
    return int(year_text) if year_text else info.published.year + (1 if next_year else 0)


def _year_period(year: int, info: ReportInfo) -> str:
    """The year, or the report's own period when it is a part of that year ("2025-01..2025-07")."""
    try:
        period = parse_period(info.period)
    except PeriodError:
        return str(year)
    return info.period if period.start.year == period.end.year == year else str(year)


def guess_kind(before: str, clause_before: str, period: str, passage: Passage, info: ReportInfo) -> str:
    try:
        if parse_period(period).end < info.published and ".." in period and passage.year == info.published.year:
            return "actual"   # a span already over when the report came out: "1-7月"
    except PeriodError:
        pass
    if _PAST.search(clause_before):
        return "actual"
    # in a review, only a commitment word in the number's own clause makes it a target
    if passage.plans or any(word in clause_before for word in (*dict(_STRENGTHS), _ESTIMATE, "目标")):
        return "target"
    return "actual"


def guess_strength(before: str, clause_before: str) -> str:
    """The nearest commitment word before the number, within its part of the sentence (up to a ;)."""
    if _ESTIMATE in clause_before:
        return "estimate"
    scope = re.split(r"[;；]", before)[-1]
    found = [(scope.rfind(word), strength) for word, strength in _STRENGTHS if word in scope]
    return max(found)[1] if found else "planned"


# --- metrics ---------------------------------------------------------------------------------------------

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


# --- the suggestions -------------------------------------------------------------------------------------

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
    passage = _first_passage(info)
    suggestions = []
    for sentence_start, sentence_end in split_spans(simple, _SENTENCE_STOPS):
        passage.follow(simple[sentence_start: sentence_end], info)
        sentence = _Sentence(sentence_start, sentence_end, Passage(passage.year, passage.plans))
        _suggest_in_sentence(text, simple, sentence, place, catalog, info, vocabulary, spans_aside)
        suggestions.extend(sentence.suggestions)
    return suggestions


def _suggest_in_sentence(text, simple, sentence: _Sentence, place, catalog, info, vocabulary, spans_aside) -> None:
    clauses = split_spans(simple, _CLAUSE_STOPS, sentence.start, sentence.end)
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


def number_words(simple: str, clause: tuple[int, int], reading: Reading, readings) -> NumberWords:
    """Split a clause at 、 into the part holding the number, the parts holding no other number, and all."""
    parts = split_spans(simple, frozenset("、"), *clause)
    others = [other.start for other_clause, other in readings if other_clause == clause and other is not reading]
    own = next((simple[start: end] for start, end in parts if start <= reading.start < end), "")
    shared = "、".join(simple[start: end] for start, end in parts
                      if not start <= reading.start < end and not any(start <= other < end for other in others))
    return NumberWords(own, shared, simple[clause[0]: clause[1]])


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
    period = guess_period(before, clause_before, sentence.passage, info, dimension in _RATE_DIMENSIONS)
    kind = guess_kind(before, clause_before, period, sentence.passage, info)
    line = text.count("\n", 0, clause[0]) + 1
    suggestion = Suggestion(place, period, kind, reading.value, reading.unit, reading.comparator,
                            text[clause[0]: clause[1]], clause[0], clause[1], line,
                            strength=guess_strength(before, clause_before) if kind == "target" else None)
    if change is not None:   # a change with no figure before it: "占比提升3.3个百分点"
        suggestion.value, suggestion.change, suggestion.comparator = None, change, "="
        suggestion.unit = "%" if change["unit"] == "pp" else (None if change["basis"] == "relative" else change["unit"])
    return suggestion


# --- the draft file --------------------------------------------------------------------------------------

HEADER = """\
# DRAFT curation of {source_id}, written by `python -m envdash suggest` from {text_path}.
# Every record is a machine guess marked `draft: true`; drafts never enter the database.
# For each record, read its quote in the text, then:
#   - fix what is wrong: metric (a blank one lists the closest candidates), period, kind,
#     strength, value, unit, comparator, change; add `total`, `scope` (an id of data/scopes.yaml)
#     and `note_zh` with `note_en` where they help;
#   - delete records that are not figures (or list the number in data/coverage_ignore/{source_id}.yaml
#     with a reason), and add figures the drafter missed;
#   - remove the line `draft: true`.
# `python -m envdash validate` checks the confirmed records and names files that still hold drafts;
# `python -m envdash coverage` lists numbers of the text that no record accounts for.
# Reading rules: docs/curation.md. Directives (commitments without numbers) are not drafted.
"""


def _number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _metric_line(guess: MetricGuess | None) -> str:
    candidates = ", ".join(f"{metric_id} ({name})" for metric_id, name in (guess.candidates if guess else ()))
    if guess and guess.metric:
        return f"    metric: {guess.metric}  # matched “{guess.matched}”"
    return f"    metric:  # fill in; closest: {candidates}" if candidates else "    metric:  # fill in; no close name in the catalogue"


def record_yaml(suggestion: Suggestion) -> str:
    """One draft record, fields in the order docs/curation.md lists them."""
    lines = [f"  # line {suggestion.line}", f"  - place: {suggestion.place}", _metric_line(suggestion.metric),
             f"    period: {_quoted(suggestion.period)}", f"    kind: {suggestion.kind}"]
    if suggestion.strength:
        lines.append(f"    strength: {suggestion.strength}")
    if suggestion.value is not None:
        lines.append(f"    value: {_number_text(suggestion.value)}")
    lines.append(f"    unit: {_quoted(suggestion.unit)}" if suggestion.unit else "    unit:  # fill in: not recognised")
    if suggestion.comparator != "=":
        lines.append(f"    comparator: {_quoted(suggestion.comparator)}")
    if suggestion.change:
        parts = [f"value: {_number_text(suggestion.change['value'])}", f"unit: {_quoted(suggestion.change['unit'] or '')}",
                 f"basis: {suggestion.change['basis']}"]
        if "versus" in suggestion.change:
            parts.append(f"versus: {_quoted(suggestion.change['versus'])}")
        lines.append("    change: {" + ", ".join(parts) + "}")
    if suggestion.total is not None:
        lines.append(f"    total: {_number_text(suggestion.total)}")
    lines += [f"    quote: {_quoted(suggestion.quote)}", "    draft: true"]
    return "\n".join(lines)


def draft_yaml(source_id: str, text_path: str, suggestions: list[Suggestion]) -> str:
    header = HEADER.format(source_id=source_id, text_path=text_path)
    if not suggestions:
        return header + f"source: {source_id}\nfigures: []\n"
    records = "\n".join(record_yaml(suggestion) for suggestion in suggestions)
    return f"{header}source: {source_id}\nfigures:\n{records}\n"


def read_report(path: Path) -> str:
    if not path.is_file():
        raise SuggestError(f"no file at {path}")
    try:
        return path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise SuggestError(f"{path} is not UTF-8; save the report text as UTF-8") from None


def check_request(catalog: Catalog, place: str, source_id: str) -> None:
    if place not in catalog.places:
        raise SuggestError(with_suggestion(f"unknown place {place!r}", place, catalog.places)
                           + "; add it to data/places.yaml first")
    if not re.fullmatch(r"[a-z][a-z0-9_]*", source_id):
        raise SuggestError(f"source id {source_id!r} must be lower-case letters, digits and _ (e.g. suzhou_2024_review)")


def suggestion_stated(suggestion: Suggestion, value: float | None) -> bool:
    """Whether the suggestion's value is `value` (both absent counts as equal)."""
    if suggestion.value is None or value is None:
        return suggestion.value is None and value is None
    return same_number(suggestion.value, value)


def draft_report(root: Path, text_path: Path, place: str, source_id: str) -> tuple[str, list[Suggestion]]:
    """The draft curated file for the report at `text_path`, and the suggestions in it."""
    catalog, _ = load_catalog(root)   # a problem elsewhere in the catalogue need not stop a draft
    check_request(catalog, place, source_id)
    text = read_report(text_path)
    info = report_info(catalog, source_id, simplified(text))
    suggestions = suggest_figures(text, place, catalog, info)
    try:
        shown = text_path.resolve().relative_to(root.resolve())
    except ValueError:
        shown = text_path
    return draft_yaml(source_id, str(shown), suggestions), suggestions


def source_is_listed(root: Path, source_id: str) -> bool:
    catalog, _ = load_catalog(root)
    return source_id in catalog.sources
