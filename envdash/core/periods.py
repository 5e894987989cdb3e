"""Periods as curators write them: "2022", "2025-01..2025-07", "2023-08-31", "2023..2025"."""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

_YEAR = re.compile(r"^(\d{4})$")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
# Days a sentence names: 2022年底 / 2022年末, 2023年8月底, 2022年1月4日.
_YEAR_END_NAMED = re.compile(r"(\d{4})年(?:底|末)")
_MONTH_END_NAMED = re.compile(r"(\d{4})年(\d{1,2})月(?:底|末)")
_DAY_NAMED = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})[日号號]")


class PeriodError(ValueError):
    """A period that cannot be read; the message says why."""


@dataclass(frozen=True)
class Period:
    label: str
    start: date
    end: date

    @property
    def is_point(self) -> bool:
        return self.start == self.end

    def shifted_years(self, years: int) -> "Period":
        """The same span `years` earlier or later (used for the year before a 同比 change)."""
        start = _shift(self.start, years)
        end = _shift(self.end, years)
        return Period(format_period(start, end), start, end)


def month_end(year: int, month: int) -> date:
    """The last day of a month."""
    return date(year, month, calendar.monthrange(year, month)[1])


def _shift(day: date, years: int) -> date:
    year = day.year + years
    return date(year, day.month, min(day.day, month_end(year, day.month).day))


def _bound(text: str, at_end: bool) -> date:
    text = text.strip()
    if match := _YEAR.match(text):
        year = int(match.group(1))
        return date(year, 12, 31) if at_end else date(year, 1, 1)
    if match := _MONTH.match(text):
        year, month = int(match.group(1)), int(match.group(2))
        if not 1 <= month <= 12:
            raise PeriodError(f"month {month} in {text!r} is not 1–12")
        return month_end(year, month) if at_end else date(year, month, 1)
    if match := _DAY.match(text):
        try:
            return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError as error:
            raise PeriodError(f"{text!r} is not a real date ({error})") from None
    raise PeriodError(f"{text!r} is not a year (2022), a month (2025-07) or a day (2023-08-31)")


def parse_period(text: str | int) -> Period:
    """Read a period; raises PeriodError with a readable reason."""
    label = str(text).strip()
    if not label:
        raise PeriodError("the period is empty")
    if ".." in label:
        first, _, last = label.partition("..")
        start, end = _bound(first, at_end=False), _bound(last, at_end=True)
    else:
        start, end = _bound(label, at_end=False), _bound(label, at_end=True)
    if end < start:
        raise PeriodError(f"{label!r} ends ({end}) before it starts ({start})")
    return Period(label, start, end)


def format_period(start: date, end: date) -> str:
    """The shortest label that parses back to [start, end]."""
    whole_months = start.day == 1 and end == month_end(end.year, end.month)
    if start == end:
        return start.isoformat()
    if whole_months and start.month == 1 and end.month == 12:
        return str(start.year) if start.year == end.year else f"{start.year}..{end.year}"
    if whole_months:
        first, last = f"{start.year}-{start.month:02d}", f"{end.year}-{end.month:02d}"
        return first if first == last else f"{first}..{last}"
    return f"{start.isoformat()}..{end.isoformat()}"


def days_named(text: str) -> set[date]:
    """The days a sentence names: 截至2022年底 → 2022-12-31, 2023年8月底前 → 2023-08-31, 2022年1月4日."""
    days = {date(int(match.group(1)), 12, 31) for match in _YEAR_END_NAMED.finditer(text)}
    for match in _MONTH_END_NAMED.finditer(text):
        year, month = int(match.group(1)), int(match.group(2))
        if 1 <= month <= 12:
            days.add(month_end(year, month))
    for match in _DAY_NAMED.finditer(text):
        try:
            days.add(date(int(match.group(1)), int(match.group(2)), int(match.group(3))))
        except ValueError:
            continue
    return days
