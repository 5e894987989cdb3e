"""Which numbers in a report's text no curated record accounts for."""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

from envdash.core.chinese_numerals import SET_PHRASES
from envdash.core.numbers import NumberMention, mention_states, quantity_mentions
from envdash.core.worker_pool import map_in_order
from envdash.curation.catalog import Catalog
from envdash.curation.records import Curation
from envdash.curation.source_text import SourceText

# Rules for numbers that are not statements of quantity. Each takes the text and a mention.
_BEFORE_LETTER = re.compile(r"[A-Za-z]$")
_AFTER_LETTER = re.compile(r"^[A-Za-z]")
# Compiled once: every number of every report is tried against them.
_MONTH_SPAN = re.compile(r"^[-—–~至]\d{1,2}月")
_DATE_OR_TIME_BEFORE = re.compile(r"\d{4}-\d{1,2}-?$|\d{1,2}:$")
_DOCUMENT_NUMBER = re.compile(r"[〔\[【(（]\d{4}[〕\]】)）]\d*号|第\d+号")


def _is_date(text: str, mention: NumberMention) -> bool:
    after = text[mention.end: mention.end + 3]
    before = text[max(0, mention.start - 1): mention.start]
    whole = mention.text.isdigit()
    if whole and len(mention.text) == 4 and 1900 <= mention.number <= 2100:
        # a year: "2022年", "2024-03-28", "2024/12/16", or a year range "2021-2025"
        return after[:1] in ("年", "-", "/", "—", "–") or before in ("-", "—", "–", "/")
    if whole and after[:1] == "月" and 1 <= mention.number <= 12:
        return True
    if whole and after[:1] in ("日", "号") and 1 <= mention.number <= 31 and "月" in text[max(0, mention.start - 3): mention.start]:
        return True
    # "1-7月", "1—7月": a span of months
    if whole and _MONTH_SPAN.match(after + text[mention.end + 3: mention.end + 5]):
        return True
    # the day of an ISO date or time ("2024-03-28 09:19"): digits joined to a year by - or :
    if whole and before in ("-", ":") and _DATE_OR_TIME_BEFORE.search(text[max(0, mention.start - 8): mention.start]):
        return True
    return whole and after[:1] == ":" and text[mention.end + 1: mention.end + 2].isdigit()


def _is_document_number(text: str, mention: NumberMention) -> bool:
    window = text[max(0, mention.start - 12): mention.end + 2]
    return bool(_DOCUMENT_NUMBER.search(window))


def _is_list_ordinal(text: str, mention: NumberMention) -> bool:
    line_start = text.rfind("\n", 0, mention.start) + 1
    before = text[line_start: mention.start]
    after = text[mention.end: mention.end + 1]
    if before.strip() == "" and after in (".", "、", "．", ")", "）"):
        return True
    return before.strip() in ("(", "（") and after in (")", "）")


def _is_in_name(text: str, mention: NumberMention) -> bool:
    before = text[max(0, mention.start - 1): mention.start]
    after = text[mention.end: mention.end + 1]
    return bool(_BEFORE_LETTER.search(before) or _AFTER_LETTER.match(after))


SET_ASIDE_RULES = (
    ("date", _is_date),
    ("document number", _is_document_number),
    ("list ordinal", _is_list_ordinal),
    ("part of a name", _is_in_name),
)

# Chinese numerals that count something but belong to a name (CURATION-NOTES, "What is not a
# figure"). Short quoted names are slogans and programme names: “三个一”, “两条主线”, “七张问题清单”.
QUOTED_NAME_LENGTH = 20
_MEETING_AFTER = ("次全会", "中全会", "次全體會議", "次全体会议")
_PLAN_AFTER = ("年规划", "年規劃", "年计划", "年計劃", "年行动计划", "年行動計劃")


def _is_in_quoted_name(text: str, mention: NumberMention) -> bool:
    opened = text.rfind("“", max(0, mention.start - QUOTED_NAME_LENGTH), mention.start)
    if opened == -1 or text.find("”", opened, mention.start) != -1:
        return False
    closed = text.find("”", mention.end, opened + QUOTED_NAME_LENGTH + 1)
    return closed != -1 and "\n" not in text[opened:closed]


def _is_in_set_phrase(text: str, mention: NumberMention) -> bool:
    window_start = max(0, mention.start - 4)
    window = text[window_start: mention.end + 4]
    return any(window_start + found <= mention.start and mention.end <= window_start + found + len(phrase)
               for phrase in SET_PHRASES if (found := window.find(phrase)) != -1)


def _is_meeting_number(text: str, mention: NumberMention) -> bool:
    """十四届八次全会, 党的二十大."""
    return (text.startswith(_MEETING_AFTER, mention.end) or text[max(0, mention.start - 1): mention.start] == "届"
            or text[max(0, mention.start - 2): mention.start] == "党的" and text[mention.end: mention.end + 1] == "大")


def _is_plan_name(text: str, mention: NumberMention) -> bool:
    """兴水治水五年规划: the length of a plan in its name."""
    return text.startswith(_PLAN_AFTER, mention.end)


CHINESE_SET_ASIDE_RULES = (
    ("name in quotation marks", _is_in_quoted_name),
    ("set phrase", _is_in_set_phrase),
    ("meeting number", _is_meeting_number),
    ("plan name", _is_plan_name),
)


class NumberStatus(NamedTuple):   # a tuple: every number of every report makes one
    source_id: str
    line: int
    number: str
    context: str
    status: str          # accounted | ignored | set aside: <rule> | unaccounted


@dataclass
class SourceCoverage:
    source_id: str
    numbers: list[NumberStatus]

    def count(self, prefix: str) -> int:
        return sum(1 for item in self.numbers if item.status.startswith(prefix))

    @property
    def unaccounted(self) -> list[NumberStatus]:
        return [item for item in self.numbers if item.status == "unaccounted"]


@dataclass
class _SourceRecords:
    """The curated records of one report."""
    figures: list = field(default_factory=list)
    directives: list = field(default_factory=list)
    ignored: list = field(default_factory=list)


def _records_by_source(curation: Curation) -> dict[str, _SourceRecords]:
    """Every report's records, in one pass (not one pass over all records per report)."""
    by_source: dict[str, _SourceRecords] = defaultdict(_SourceRecords)
    for figure in curation.figures:
        by_source[figure.source_id].figures.append(figure)
    for directive in curation.directives:
        by_source[directive.source_id].directives.append(directive)
    for entry in curation.ignored:
        by_source[entry.source_id].ignored.append(entry)
    return by_source


class _SpanIndex:
    """Spans of the text bucketed by position: a number is checked only against the spans around it."""
    BUCKET = 64

    def __init__(self):
        self.buckets: dict[int, list] = {}

    def add(self, span: tuple[int, int], item) -> None:
        for bucket in range(span[0] // self.BUCKET, (span[1] - 1) // self.BUCKET + 1):
            self.buckets.setdefault(bucket, []).append((span, item))

    def around(self, start: int, end: int) -> list:
        """Items whose span contains [start, end)."""
        return [item for span, item in self.buckets.get(start // self.BUCKET, ())
                if span[0] <= start and end <= span[1]]


def _claims(records: _SourceRecords, catalog: Catalog):
    """(span, value, unit factor) for every number a record of this source states."""
    for figure in records.figures:
        if figure.is_derived:
            continue
        span = (figure.quote_start, figure.quote_end)
        factor = catalog.unit_factor(figure.unit)
        if figure.value is not None:
            yield span, figure.value, factor
        if figure.change is not None:
            yield span, figure.change.value, 1.0
        if figure.total is not None:
            yield span, figure.total, 1.0
    for directive in records.directives:
        for number in directive.numbers:
            yield (directive.quote_start, directive.quote_end), number, 1.0


def _all_spans(source_text: SourceText, snippet: str) -> list[tuple[int, int]]:
    return source_text.find_all(snippet)


def source_coverage(catalog: Catalog, curation: Curation, source_id: str,
                    records: _SourceRecords | None = None) -> SourceCoverage:
    text = catalog.source_texts[source_id]
    source_text = SourceText(text)
    if records is None:
        records = _records_by_source(curation).get(source_id, _SourceRecords())
    # a figure's quote may occur more than once; it accounts for its number wherever the quote stands
    quote_spans = {}
    for record in (*records.figures, *records.directives):   # the validation found them already
        quote_spans[(record.quote_start, record.quote_end)] = record.quote_spans or source_text.find_all(record.quote)
    claims = _SpanIndex()
    for claim_span, value, factor in _claims(records, catalog):
        for span in quote_spans.get(claim_span, [claim_span]):
            claims.add(span, (value, factor))
    boilerplate = [span for snippet in catalog.sources[source_id].boilerplate
                   for span in _all_spans(source_text, snippet)]
    ignored = _SpanIndex()
    for entry in records.ignored:
        for span in entry.spans:
            ignored.add(span, entry.number)
    statuses = []
    line, counted_to = 1, 0   # mentions come in text order, so lines are counted on from the last one
    for mention in quantity_mentions(text):
        start, end = mention.start, mention.end
        status = "unaccounted"
        if boilerplate and any(span[0] <= start and end <= span[1] for span in boilerplate):
            status = "set aside: page furniture"
        else:
            for name, applies in CHINESE_SET_ASIDE_RULES if mention.is_chinese else SET_ASIDE_RULES:
                if applies(text, mention):
                    status = f"set aside: {name}"
                    break
            else:
                if any(mention_states(mention, value, factor) for value, factor in claims.around(start, end)):
                    status = "accounted"
                elif any(mention_states(mention, float(number)) for number in ignored.around(start, end)):
                    status = "ignored"
        line += text.count("\n", counted_to, start)
        counted_to = start
        context = text[max(0, start - 12): end + 12].replace("\n", " ")
        statuses.append(NumberStatus(source_id, line, mention.text, context, status))
    return SourceCoverage(source_id, statuses)


def coverage_report(catalog: Catalog, curation: Curation) -> list[SourceCoverage]:
    return summarise_coverage(catalog, curation, lambda coverage: coverage)


def _summarise_source(shared, source_id: str):
    catalog, curation, by_source, summarise = shared
    return summarise(source_coverage(catalog, curation, source_id, by_source.get(source_id, _SourceRecords())))


def summarise_coverage(catalog: Catalog, curation: Curation, summarise, progress=None, only=None) -> list:
    """summarise(coverage) of every report with a text (or of those in `only`), in catalogue order.
    Reports are read on every core; only what `summarise` keeps comes back from the workers, not
    every number's status. `progress(message)` hears how many reports are done, now and then, when
    there are many. With `only`, `curation` needs to hold every record of those reports."""
    by_source = _records_by_source(curation)
    source_ids = [source_id for source_id in catalog.sources
                  if source_id in catalog.source_texts and (only is None or source_id in only)]
    counted = None if progress is None else (
        lambda done, total: progress(f"  reports checked for coverage: {done:,} of {total:,}"))
    return map_in_order(_summarise_source, (catalog, curation, by_source, summarise), source_ids, counted)
