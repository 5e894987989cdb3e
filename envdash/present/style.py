"""One source of truth for how things look: place colours and order, fonts, sizes, symbols."""
from __future__ import annotations

from dataclasses import dataclass

# Okabe–Ito colours: distinguishable with the common colour-vision deficiencies.
PLACE_COLOURS = {
    "ningbo": "#0072B2",
    "cixi": "#56B4E9",
    "jiaxing": "#009E73",
    "baoding": "#D55E00",
    "jiangsu": "#CC79A7",
    "zhejiang": "#E69F00",
    "hebei": "#7F7F7F",
}
_FALLBACK = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#7F7F7F")

FONT_FAMILY = ('"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", '
               '"Helvetica Neue", Arial, sans-serif')

# Pixels for a table's Scope column: "national- and provincial-controlled sections" and
# "国控和省控断面(省控以上)" show whole (Streamlit's default width cut them to a few characters).
SCOPE_WIDTH = 320

STATUS_COLOURS = {"met": "#009E73", "missed": "#D55E00", "no_actual": "#7F7F7F", "not_assessed": "#BBBBBB"}


def place_colour(place_id: str) -> str:
    if place_id in PLACE_COLOURS:
        return PLACE_COLOURS[place_id]
    return _FALLBACK[sum(map(ord, place_id)) % len(_FALLBACK)]


@dataclass(frozen=True)
class Sizes:
    """Chart text and mark sizes in px; presenter mode scales them all from one base."""
    base: int
    title: int
    line_width: float
    marker: int
    height: int


def chart_sizes(present: bool) -> Sizes:
    if present:
        # 505 px: with the title line and a two-line headline above it (a target with no figure for
        # its own year takes two lines to say so), the chart and its legend end inside a 1366×768
        # screen (measured in tests/browser/test_presenter_layout.py: the chart at 250–755 px)
        return Sizes(base=22, title=30, line_width=5, marker=18, height=505)
    return Sizes(base=14, title=18, line_width=2.5, marker=10, height=460)


# st.dataframe's row and header height in px at the default size (and the 2 px border).
TABLE_ROW_PX = 35


def table_height(rows: int, max_rows: int = 18) -> int:
    """A dataframe height that fits `rows` rows without blank space, scrolling beyond `max_rows`."""
    return (min(max(rows, 1), max_rows) + 1) * TABLE_ROW_PX + 3
