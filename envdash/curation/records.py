"""Curated figures and directives: parse, validate against the catalogue and the source texts."""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from pydantic import Field, model_validator

from envdash.core.numbers import says_none_happened, stated_numbers, states, text_states
from envdash.core.periods import Period, PeriodError, days_named, parse_period
from envdash.core.problems import Problem, with_suggestion
from envdash.core.worker_pool import map_in_order
from envdash.curation.catalog import Catalog, Strict
from envdash.curation.record_validation import read_records
from envdash.curation.source_text import SourceText
from envdash.curation.yaml_files import read_yaml

# Where a sentence ends, for the day a stock's sentence names (a semicolon does not end it:
# "截至2022年底,…已完成60项,…;…2项问题全部完成整改" is one sentence).
_SENTENCE_ENDS = ("。", "！", "!", "？", "?", "\n")

Comparator = Literal["=", "<=", ">=", "<", ">", "~"]
Strength = Literal["binding", "aspirational", "planned", "estimate"]
FiniteNumber = Field(allow_inf_nan=False, strict=True)


class Change(Strict):
    value: float = FiniteNumber
    unit: str
    basis: Literal["relative", "absolute"]
    versus: str = Field(default="previous_year", pattern=r"^(previous_year|previous_period|\d{4})$")


class FigureRecord(Strict):
    place: str
    metric: str
    period: str | int | dt.date     # an unquoted 2023-08-31 arrives as a date
    kind: Literal["actual", "target"]
    value: float | None = Field(default=None, allow_inf_nan=False, strict=True)
    unit: str
    comparator: Comparator = "="
    strength: Strength | None = None
    change: Change | None = None
    total: float | None = Field(default=None, allow_inf_nan=False, strict=True, gt=0)
    scope: str | None = None
    note_zh: str | None = None
    note_en: str | None = None
    quote: str = Field(min_length=1)
    draft: bool = False

    @model_validator(mode="after")
    def _states_something(self):
        if self.value is None and self.change is None:
            raise ValueError("a figure needs a `value`, a `change`, or both")
        if self.strength is not None and self.kind != "target":
            raise ValueError("`strength` applies to targets only")
        return self


class DirectiveRecord(Strict):
    theme: str
    quote: str = Field(min_length=1)
    summary_en: str = Field(min_length=1)
    summary_zh: str | None = None
    place: str | None = None
    deadline: str | int | dt.date | None = None
    numbers: list[float] = []
    draft: bool = False


class IgnoreRecord(Strict):
    number: str | int | float
    context: str = Field(min_length=1)
    reason: str = Field(min_length=5)


@dataclass
class Figure:
    """A validated figure, as it goes into the database."""
    figure_id: str
    source_id: str
    file: str
    line: int
    place: str
    metric: str
    kind: str
    period: Period
    value: float | None
    unit: str
    comparator: str
    strength: str | None
    change: Change | None
    total: float | None
    scope: str | None
    note_zh: str | None
    note_en: str | None
    quote: str
    quote_start: int
    quote_end: int
    value_in_metric_unit: float | None
    is_derived: bool = False
    formula: str | None = None
    derived_from: str | None = None
    quote_spans: tuple = ()        # every place the quote stands in the report (coverage reads them)


@dataclass
class Directive:
    directive_id: str
    source_id: str
    file: str
    line: int
    place: str
    theme: str
    quote: str
    summary_en: str
    summary_zh: str | None
    deadline: Period | None
    numbers: list[float]
    quote_start: int
    quote_end: int
    quote_spans: tuple = ()


@dataclass
class IgnoredNumber:
    source_id: str
    file: str
    line: int
    number: str
    context: str
    reason: str
    spans: list[tuple[int, int]]


@dataclass
class Curation:
    figures: list[Figure] = field(default_factory=list)
    directives: list[Directive] = field(default_factory=list)
    ignored: list[IgnoredNumber] = field(default_factory=list)
    drafts: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    # the report each curated or ignore-list file names (None when it names none the catalogue
    # knows): a rebuild after an edit reads again every file of the reports the edit touches
    file_sources: dict[str, str | None] = field(default_factory=dict)


def is_draft(raw) -> bool:
    """A machine-drafted record no person has confirmed: left out, and not checked, until one does."""
    return isinstance(raw, dict) and raw.get("draft") is True


def count_drafts(data) -> int:
    if not isinstance(data, dict):
        return 0
    return sum(is_draft(raw) for section in ("figures", "directives")
               if isinstance(data.get(section), list) for raw in data[section])


def stable_id(prefix: str, *parts) -> str:
    digest = hashlib.sha1("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:10]
    return f"{prefix}-{digest}"


def figure_id(source_id: str, place: str, metric: str, period: Period, kind: str, scope: str | None) -> str:
    """stable_id("fig", source_id, place, metric, period.start, period.end, kind, scope or ""), written
    out: a build makes one for every figure."""
    text = f"{source_id}\x1f{place}\x1f{metric}\x1f{period.start}\x1f{period.end}\x1f{kind}\x1f{scope or ''}"
    return "fig-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


@lru_cache(maxsize=4096)
def _period_of(kind: type, text) -> Period:
    """parse_period, once per label: thousands of figures share a handful of periods. The type is
    part of the key because 1 and True are equal keys but not the same period."""
    return parse_period(text)


class _FileChecker:
    """Checks one curated file's records; collects problems instead of stopping at the first."""

    def __init__(self, catalog: Catalog, texts: dict[str, SourceText], document, problems: list[Problem]):
        self.catalog, self.texts, self.document, self.problems = catalog, texts, document, problems

    def report(self, section: str, index: int, field_name: str, message: str) -> None:
        line = self.document.lines.field_line(section, index, field_name)
        self.problems.append(Problem(self.document.label, line, f"{section}[{index}]", field_name, message))

    def known(self, section, index, field_name, value, table: dict, noun: str) -> bool:
        if value in table:
            return True
        self.report(section, index, field_name, with_suggestion(f"unknown {noun} {value!r}", value, table))
        return False

    def period(self, section, index, field_name, text) -> Period | None:
        try:
            return _period_of(type(text), text)
        except PeriodError as error:
            self.report(section, index, field_name, f"period does not parse: {error}")
            return None

    def quote_spans(self, section, index, source_id, quote) -> tuple[tuple[int, int], ...]:
        """Every place the quote stands in its report (the first is the one the figure links to)."""
        spans = tuple(self.texts[source_id].find_all(quote))
        if not spans:
            path = self.catalog.sources[source_id].path
            self.report(section, index, "quote",
                        f"not found verbatim in {path} (whitespace aside); copy it from the text")
        return spans


def _check_units(checker: _FileChecker, index: int, record: FigureRecord, metric) -> bool:
    catalog = checker.catalog
    if not checker.known("figures", index, "unit", record.unit, catalog.units, "unit"):
        return False
    unit, metric_unit = catalog.units[record.unit], catalog.units[metric.unit]
    if unit.dimension != metric_unit.dimension:
        checker.report("figures", index, "unit",
                       f"unit {record.unit!r} ({unit.dimension}) does not match metric {metric.id!r}, "
                       f"measured in {metric.unit!r} ({metric_unit.dimension})")
        return False
    if unit.dimension == "share" and record.value is not None and not 0 <= record.value <= 100:
        checker.report("figures", index, "value", f"a percentage must lie within 0–100; got {record.value:g}")
    change = record.change
    if change is not None and change.unit in catalog.units:
        change_dimension = catalog.units[change.unit].dimension
        if change.basis == "relative" and change.unit != "%":
            checker.report("figures", index, "change.unit", f"a relative change is in '%'; got {change.unit!r}")
        elif change.basis == "absolute" and not (
                change_dimension == metric_unit.dimension and change.unit != "%"
                or (metric_unit.dimension == "share" and change.unit == "pp")
                or (metric_unit.dimension in ("index", "score") and change.unit == "分")):
            expected = "'pp'" if metric_unit.dimension == "share" else f"{metric.unit!r} or a unit of its dimension"
            checker.report("figures", index, "change.unit",
                           f"an absolute change of {metric.id!r} is in {expected}; got {change.unit!r}")
    elif change is not None:
        checker.known("figures", index, "change.unit", change.unit, catalog.units, "unit")
    return True


def _check_figure(checker: _FileChecker, source_id: str, index: int, record: FigureRecord) -> Figure | None:
    catalog = checker.catalog
    ok = checker.known("figures", index, "place", record.place, catalog.places, "place")
    ok &= checker.known("figures", index, "metric", record.metric, catalog.metrics, "metric")
    period = checker.period("figures", index, "period", record.period)
    units_ok = ok and _check_units(checker, index, record, catalog.metrics[record.metric])
    spans = checker.quote_spans("figures", index, source_id, record.quote)
    span = spans[0] if spans else None
    factor = catalog.unit_factor(record.unit) if record.unit in catalog.units else 1.0
    stated = [("value", record.value, factor)]
    if record.change is not None:
        stated.append(("change", record.change.value, 1.0))
    stated.append(("total", record.total, 1.0))
    quote_numbers = stated_numbers(record.quote)
    for field_name, number, unit_factor in stated:
        if number is not None and not states(quote_numbers, number, unit_factor) and not (
                field_name == "value" and number == 0 and says_none_happened(record.quote)):
            checker.report("figures", index, field_name if field_name != "change" else "change.value",
                           f"the quote does not contain the number {number:g}")
    if record.scope is not None:
        ok &= checker.known("figures", index, "scope", record.scope, catalog.scopes, "scope")
    if bool(record.note_zh) != bool(record.note_en):
        present, missing = ("note_zh", "note_en") if record.note_zh else ("note_en", "note_zh")
        checker.report("figures", index, present, f"{present} needs {missing} too: notes are shown in the reader's language")
    if period and span and period.is_point:
        _check_stock_date(checker, source_id, index, period, span)
    if not (ok and units_ok and period and span):
        return None
    metric_factor = catalog.unit_factor(catalog.metrics[record.metric].unit)
    line = checker.document.lines.record_line("figures", index)
    return Figure(
        figure_id=figure_id(source_id, record.place, record.metric, period, record.kind, record.scope),
        source_id=source_id, file=checker.document.label, line=line, place=record.place,
        metric=record.metric, kind=record.kind, period=period, value=record.value, unit=record.unit,
        comparator=record.comparator, strength=record.strength, change=record.change,
        total=record.total, scope=record.scope, note_zh=record.note_zh, note_en=record.note_en, quote=record.quote,
        quote_start=span[0], quote_end=span[1], quote_spans=spans,
        value_in_metric_unit=None if record.value is None else record.value * factor / metric_factor)


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence holding text[start:end]: from the previous full stop (or line break) to the next."""
    begin = max(text.rfind(mark, 0, start) for mark in _SENTENCE_ENDS) + 1
    finish = min((found for mark in _SENTENCE_ENDS if (found := text.find(mark, end)) != -1), default=len(text))
    return text[begin:finish]


def _check_stock_date(checker: _FileChecker, source_id: str, index: int, period: Period, span) -> None:
    """A one-day period dates a stock: at the report's publication, unless the sentence names its day."""
    published = checker.catalog.sources[source_id].published
    if period.start == published:
        return
    if period.start in days_named(sentence_around(checker.texts[source_id].text, *span)):
        return
    checker.report("figures", index, "period",
                   f"a one-day period dates a stock (累计, 现有, 截至目前) and is the report's publication date, "
                   f"{published.isoformat()}, unless the sentence names its own day (截至2022年底); "
                   f"{period.label} is neither (docs/curation.md, Stocks and running totals)")


def _check_directive(checker: _FileChecker, source_id: str, index: int, record: DirectiveRecord) -> Directive | None:
    catalog = checker.catalog
    place = record.place or catalog.sources[source_id].place
    ok = checker.known("directives", index, "theme", record.theme, catalog.themes, "theme")
    ok &= checker.known("directives", index, "place", place, catalog.places, "place")
    deadline = None
    if record.deadline is not None:
        deadline = checker.period("directives", index, "deadline", record.deadline)
        ok &= deadline is not None
    for number in record.numbers:
        if not text_states(record.quote, number):
            checker.report("directives", index, "numbers", f"the quote does not contain the number {number:g}")
    spans = checker.quote_spans("directives", index, source_id, record.quote)
    span = spans[0] if spans else None
    if not (ok and span):
        return None
    return Directive(
        directive_id=stable_id("dir", source_id, record.quote), source_id=source_id,
        file=checker.document.label, line=checker.document.lines.record_line("directives", index),
        place=place, theme=record.theme, quote=record.quote, summary_en=record.summary_en,
        summary_zh=record.summary_zh, deadline=deadline, numbers=list(record.numbers),
        quote_start=span[0], quote_end=span[1], quote_spans=spans)


def _source_of(document, catalog: Catalog, problems: list[Problem]) -> str | None:
    data = document.data
    source_id = data.get("source") if isinstance(data, dict) else None
    line = document.lines.top_line("source")
    if source_id is None:
        problems.append(Problem(document.label, line, "file", "source", "required field is missing"))
        return None
    if source_id not in catalog.sources:
        problems.append(Problem(document.label, line, "file", "source",
                                with_suggestion(f"unknown source {source_id!r}", source_id, catalog.sources)))
        return None
    if source_id not in catalog.source_texts:
        return None  # its text is missing: reported with the catalogue
    return source_id


def check_duplicates(figures: list[Figure], problems: list[Problem]) -> None:
    """One figure per place, metric, period, kind and scope across all files; a later one is reported
    against the first (figures in file order)."""
    first_seen: dict[tuple, Figure] = {}
    for figure in figures:
        key = (figure.place, figure.metric, figure.period.start, figure.period.end, figure.kind, figure.scope)
        if key in first_seen:
            earlier = first_seen[key]
            problems.append(Problem(figure.file, figure.line, f"figure {figure.metric} {figure.period.label}",
                                    "-", f"duplicate figure: same place, metric, period, kind and scope as "
                                         f"{earlier.file}:{earlier.line}"))
        else:
            first_seen[key] = figure


@dataclass
class _CuratedFile:
    """What one curated file contributes, in the order the file gives it."""
    figures: list[Figure] = field(default_factory=list)
    directives: list[Directive] = field(default_factory=list)
    drafts: int = 0
    problems: list[Problem] = field(default_factory=list)
    label: str = ""
    source_id: str | None = None


def _read_curated_file(shared: tuple[Catalog, dict[str, SourceText]], path) -> _CuratedFile:
    catalog, texts = shared
    result = _CuratedFile(label=str(path.relative_to(catalog.root)))
    document, read_problems = read_yaml(path, result.label)
    result.problems.extend(read_problems)
    if document is None:
        return result
    source_id = result.source_id = _source_of(document, catalog, result.problems)
    # drafts are skipped before validation: a draft may still have blanks for the curator to fill
    figures = read_records(document, "figures", FigureRecord, result.problems,
                           other_keys=("source", "directives"), required=False, skip=is_draft)
    directives = read_records(document, "directives", DirectiveRecord, result.problems,
                              other_keys=("source", "figures"), required=False, check_keys=False,
                              skip=is_draft)
    if not isinstance(document.data, dict) or not (document.data.get("figures") or document.data.get("directives")):
        result.problems.append(Problem(document.label, 1, "file", "-", "the file has no figures and no directives"))
    if source_id is None:
        return result
    checker = _FileChecker(catalog, texts, document, result.problems)
    for index, record in figures:
        if figure := _check_figure(checker, source_id, index, record):
            result.figures.append(figure)
    for index, record in directives:
        if directive := _check_directive(checker, source_id, index, record):
            result.directives.append(directive)
    result.drafts = count_drafts(document.data)
    return result


def source_texts(catalog: Catalog) -> dict[str, SourceText]:
    return {source_id: SourceText(text) for source_id, text in catalog.source_texts.items()}


def read_curated_files(catalog: Catalog, texts: dict[str, SourceText], paths: list, progress=None) -> list[_CuratedFile]:
    """What each of `paths` contributes, in their order. Files are independent of each other until
    the duplicate check, so they are read on every core. `progress(message)` hears how many files
    have been read, now and then, when there are many."""
    counted = None if progress is None else (
        lambda done, total: progress(f"  curated files read: {done:,} of {total:,}"))
    return map_in_order(_read_curated_file, (catalog, texts), paths, counted)


def add_file(curation: Curation, result: _CuratedFile) -> None:
    curation.problems.extend(result.problems)
    curation.figures.extend(result.figures)
    curation.directives.extend(result.directives)
    curation.file_sources[result.label] = result.source_id
    if result.drafts:
        curation.drafts[result.label] = result.drafts


def load_curation(catalog: Catalog, progress=None) -> Curation:
    """Read every curated file and ignore list; all problems are collected in `problems`.

    `progress(message)` hears how many files have been read, now and then, when there are many."""
    curation = Curation()
    texts = source_texts(catalog)
    paths = sorted((catalog.root / "data" / "curated").glob("*.yaml"))
    for result in read_curated_files(catalog, texts, paths, progress):
        add_file(curation, result)
    check_duplicates(curation.figures, curation.problems)
    curation.ignored = load_ignored(catalog, texts, curation.problems, curation.file_sources)
    return curation


def load_ignored(catalog: Catalog, texts: dict[str, SourceText], problems: list[Problem],
                 file_sources: dict[str, str | None] | None = None) -> list[IgnoredNumber]:
    """Every ignore list's entries; `file_sources` hears the report each list names."""
    ignored = []
    for path in sorted((catalog.root / "data" / "coverage_ignore").glob("*.yaml")):
        document, read_problems = read_yaml(path, str(path.relative_to(catalog.root)))
        problems.extend(read_problems)
        if document is None:
            continue
        source_id = _source_of(document, catalog, problems)
        if file_sources is not None:
            file_sources[document.label] = source_id
        records = read_records(document, "ignore", IgnoreRecord, problems, other_keys=("source",))
        if source_id is None:
            continue
        checker = _FileChecker(catalog, texts, document, problems)
        for index, record in records:
            number = str(record.number)
            spans = texts[source_id].find_all(record.context)
            if not spans:
                checker.report("ignore", index, "context",
                               f"not found verbatim in {catalog.sources[source_id].path}")
                continue
            try:
                stated = text_states(record.context, float(number))
            except ValueError:
                stated = False
            if not stated:
                checker.report("ignore", index, "number", f"the context does not contain the number {number}")
                continue
            ignored.append(IgnoredNumber(source_id, document.label, document.lines.record_line("ignore", index),
                                         number, record.context, record.reason, spans))
    return ignored
