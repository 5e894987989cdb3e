"""Numbers with their units, read naturally in Chinese and English."""
from __future__ import annotations

import math

# How a comparator is written before a value: "≤ 29", "> 700".
COMPARATOR_SYMBOLS = {"=": "", "<=": "≤\u00a0", ">=": "≥\u00a0", "<": "<\u00a0", ">": ">\u00a0", "~": "≈\u00a0"}
_MONEY_FACTORS = {"元": 1, "万元": 1e4, "亿元": 1e8}
_NBSP = "\u00a0"


def format_number(value: float | None, decimals: int | None = None) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if decimals is None:
        decimals = 0 if float(value).is_integer() else (1 if abs(value) >= 100 else 2)
    text = f"{value:,.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _english_money(value: float, unit: str) -> str:
    yuan = value * _MONEY_FACTORS[unit]
    for size, word in ((1e9, "billion"), (1e6, "million"), (1e3, "thousand")):
        if abs(yuan) >= size:
            return f"CNY{_NBSP}{format_number(yuan / size)}{_NBSP}{word}"
    return f"CNY{_NBSP}{format_number(yuan)}"


def format_value(value: float | None, unit: str, lang: str, unit_names: dict | None = None,
                 comparator: str = "=") -> str:
    """"≤ 29 µg/m³", "> 700 亿元" / "> CNY 70 billion", "26.5%"."""
    prefix = COMPARATOR_SYMBOLS.get(comparator or "=", "")
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if lang == "en" and unit in _MONEY_FACTORS:
        return prefix + _english_money(value, unit)
    name = unit_name(unit, lang, unit_names)
    if unit == "%":
        return f"{prefix}{format_number(value)}%"
    # a no-break space keeps a value and its unit on one line
    return f"{prefix}{format_number(value)}\u00a0{name}".rstrip("\u00a0")


def unit_name(unit: str, lang: str, unit_names: dict | None = None) -> str:
    """A unit as a reader of `lang` writes it; `unit_names` maps unit id → (zh, en)."""
    if unit_names and unit in unit_names:
        zh, en = unit_names[unit]
        return zh if lang == "zh" else en
    return "" if unit == "index" else unit


_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def period_text(label: str, lang: str) -> str:
    """A curated period label as a reader writes it: 2025-01..2025-07 → "2025年1—7月" / "Jan–Jul 2025"."""
    from envdash.core.periods import PeriodError, parse_period

    try:
        period = parse_period(label)
    except PeriodError:
        return str(label)
    start, end = period.start, period.end
    whole_year = start.month == 1 and start.day == 1 and end.month == 12 and end.day == 31
    if whole_year:
        if start.year == end.year:
            return f"{start.year}年" if lang == "zh" else str(start.year)
        return f"{start.year}—{end.year}年" if lang == "zh" else f"{start.year}–{end.year}"
    if start == end:
        return f"截至{end.year}年{end.month}月{end.day}日" if lang == "zh" else \
            f"as of {end.day} {_MONTHS_EN[end.month - 1]} {end.year}"
    if start.year == end.year:
        if lang == "zh":
            return f"{start.year}年{start.month}—{end.month}月" + (f"{end.day}日" if end.day not in (28, 29, 30, 31) else "")
        return f"{_MONTHS_EN[start.month - 1]}–{_MONTHS_EN[end.month - 1]} {end.year}"
    if lang == "zh":
        return f"{start.year}年{start.month}月—{end.year}年{end.month}月"
    return f"{_MONTHS_EN[start.month - 1]} {start.year}–{_MONTHS_EN[end.month - 1]} {end.year}"
