"""The report around a number: the year a passage speaks of, whether it plans or reviews, and so the
period, kind and strength of each figure."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from envdash.core.periods import PeriodError, format_period, month_end, parse_period
from envdash.curation.catalog import Catalog
from envdash.curation.drafting.changes import COMPARED_YEAR
from envdash.curation.drafting.text import outside_titles


@dataclass(frozen=True)
class ReportInfo:
    """What the suggester needs to know about the report (from data/sources.yaml when it is there)."""
    published: dt.date
    period: str                   # the period the report covers, as in sources.yaml
    plan_only: bool               # a work plan: every passage plans
    boilerplate: tuple[str, ...] = ()


_YEAR_MENTION = re.compile(r"(\d{4})年(?!\d{1,2}[-—–~至]?\d{0,2}月)")


def described_report(published: dt.date, period: str, kind: str, boilerplate: tuple[str, ...] = ()) -> ReportInfo:
    """What the suggester needs from a report's metadata as sources.yaml gives it (or a curator types it):
    a work plan ("work plan", not "review and plan") drafts every passage as plans."""
    kind = kind.lower()
    return ReportInfo(published, period, "plan" in kind and "review" not in kind, boilerplate)


def report_info(catalog: Catalog, source_id: str, simple_text: str) -> ReportInfo:
    """The source's metadata, or (for a report not yet in sources.yaml) its latest year mentioned."""
    source = catalog.sources.get(source_id)
    if source is not None:
        return described_report(source.published, str(source.period), source.kind, tuple(source.boilerplate))
    years = [int(year) for year in _YEAR_MENTION.findall(outside_titles(simple_text)) if 1990 <= int(year) <= 2100]
    year = max(years) if years else dt.date.today().year
    return ReportInfo(dt.date(year, 12, 31), str(year), False)




# A passage opens with its year: "2022年,…", "2023年工作要点", "会议指出,2024年是…", "今年以来,…".
_ORDINAL = r"(?:[(（]?[一二三四五六七八九十\d]+[)）、.．]\s*)?"
_LEADING_YEAR = re.compile(r"^" + _ORDINAL + r"(?:会议(?:指出|强调|要求|认为)[,，:：]?)?"
                           r"(?:(\d{4})年(?!\d{1,2}月)|(今年)|(明年))(以来)?")
_PLAN_WORDS = re.compile(r"要点|计划|重点做好|安排|目标|之年|要|将|确保|力争|拟")
# A section heading, on its own line ("工作目标", "三、整改目标") or before a colon ("整改进展:…"):
# what follows a heading of aims or tasks plans; what follows one of results or problems reviews.
_HEADING_BEFORE_COLON = re.compile(r"^" + _ORDINAL + r"([^,，。;；:：]{2,12})[:：]")
_HEADING_LINE = re.compile(r"^" + _ORDINAL + r"([^,，。;；:：\d]{2,12})$")
_REVIEW_HEADING = re.compile(r"情况|进展|成效|问题|发现|完成|现状|事项|成绩|回顾")
_PLAN_HEADING = re.compile(r"目标|要求|措施|时限|任务|打算|安排|计划")


def section_heading(sentence: str) -> tuple[str | None, str]:
    """("plan" or "review", the sentence after the heading) when the sentence opens with a heading."""
    match = _HEADING_BEFORE_COLON.match(sentence) or _HEADING_LINE.match(sentence)
    if not match:
        return None, sentence
    title, rest = match.group(1), sentence[match.end():]
    if _REVIEW_HEADING.search(title):
        return "review", rest
    if _PLAN_HEADING.search(title):
        return "plan", rest
    return None, sentence


@dataclass
class Passage:
    """Where the reader is: the year the text speaks of, whether it plans or reviews it, and the
    kind of section it is in ("plan" under 整改目标 or 工作目标, "review" under 整改进展)."""
    year: int
    plans: bool
    section: str | None = None

    def follow(self, sentence: str, info: ReportInfo) -> None:
        """Move on when a sentence opens with a heading or a year (a new section or paragraph)."""
        section, rest = section_heading(sentence)
        if section is not None:
            self.section, self.plans = section, section == "plan"
        match = _LEADING_YEAR.match(sentence) or _LEADING_YEAR.match(rest)
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
            self.plans = self.section == "plan" or info.plan_only or bool(_PLAN_WORDS.search(sentence))
        else:                # a year already over: reviewed, whatever the section
            self.plans = False


def first_passage(info: ReportInfo) -> Passage:
    try:
        period = parse_period(info.period)
    except PeriodError:
        return Passage(info.published.year, info.plan_only)
    return Passage(period.end.year if info.plan_only else period.start.year, info.plan_only)



# --- periods, kinds and strengths ----------------------------------------------------------------------

_MONTH_SPAN = re.compile(r"(?:(\d{4})年)?(\d{1,2})[-—–~至](\d{1,2})月")
_MONTH_DEADLINE = re.compile(r"(\d{4})年(\d{1,2})月底前")
_AS_OF_YEAR_END = re.compile(r"截至(\d{4})年底")
_AS_OF_MONTH_END = re.compile(r"截至(\d{4})年(\d{1,2})月底")
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
RATE_DIMENSIONS = ("share", "concentration", "index", "score", "rank")


def guess_period(before: str, clause_before: str, passage: Passage, info: ReportInfo, is_rate: bool) -> str:
    """The period a number covers, from the words before it in its sentence (`before`)."""
    if match := list(_MONTH_SPAN.finditer(before)):
        year_text, first, last = match[-1].groups()
        year = int(year_text) if year_text else passage.year
        if 1 <= int(first) <= int(last) <= 12:
            return format_period(dt.date(year, int(first), 1), month_end(year, int(last)))
    if match := list(_MONTH_DEADLINE.finditer(before)):
        year, month = int(match[-1].group(1)), int(match[-1].group(2))
        if 1 <= month <= 12:
            return f"{year}-01..{month_end(year, month).isoformat()}"
    if match := list(_AS_OF_MONTH_END.finditer(before)):
        year, month = int(match[-1].group(1)), int(match[-1].group(2))
        if 1 <= month <= 12:   # a rate so far this year ("截至8月底,达标率为100%"), or a stock on that day
            return format_period(dt.date(year, 1, 1), month_end(year, month)) if is_rate else \
                month_end(year, month).isoformat()
    if match := list(_AS_OF_YEAR_END.finditer(before)):
        return match[-1].group(1) if is_rate else f"{match[-1].group(1)}-12-31"
    if _AS_OF_PUBLICATION.search(before):
        return info.published.isoformat()
    if _RUNNING_TOTAL.search(clause_before) or (
            not passage.plans and not is_rate and _LEVEL_REACHED.search(clause_before)):
        year = _year_before(before, passage, info)
        return f"{year}-12-31" if year < info.published.year else info.published.isoformat()
    return _year_period(_year_before(before, passage, info), info)


def _year_before(before: str, passage: Passage, info: ReportInfo) -> int:
    """The last year named before the number, leaving out years it is compared with."""
    mentions = list(_YEAR_BEFORE.finditer(COMPARED_YEAR.sub("", outside_titles(before))))
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

