"""Editable PowerPoint decks of the current view: native charts, headline titles, caveats, source footnotes.

Every box is placed with its full geometry inside the 16:9 slide, sized from its text, so nothing is
cut off or overlaps when PowerPoint, WPS or LibreOffice opens the deck.
"""
from __future__ import annotations

import io
import math
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date

from lxml import etree
from pptx import Presentation
from pptx.chart.data import CategoryChartData, XyChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import (XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION, XL_MARKER_STYLE,
                             XL_TICK_LABEL_POSITION, XL_TICK_MARK)
from pptx.enum.dml import MSO_LINE_DASH_STYLE
from pptx.enum.shapes import MSO_CONNECTOR
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

SLIDE_WIDTH, SLIDE_HEIGHT = Inches(13.333), Inches(7.5)
_MARGIN = Inches(0.5)
_FONT = "Microsoft YaHei"  # present on most office machines; PowerPoint substitutes where it is not
# Marker sizes in points. The page draws 10 px markers (18 px presenting) on a chart about 1,200 px
# wide; a slide projected 1,920 px wide draws 1 pt as 2 px, so 11 pt reads like the presenting page.
MARKER_PT = 11
TARGET_MARKER_PT = 13
REFERENCE_MARKER_PT = 8
MIN_MARKER_PT = 8          # no marker on a slide is smaller than this
LINE_PT = 3.0
REFERENCE_LINE_PT = 1.75
TITLE_PT, MIN_TITLE_PT = 28, 18
NOTE_PT = 14
CATEGORY_PT = 14
LABEL_PT = 13
FOOTNOTE_PT, MIN_FOOTNOTE_PT = 11, 9
GREY = "555555"
WARNING_COLOUR = "8A4B00"   # dark amber: 6.8:1 on white

_CHART_TYPES = {"line": XL_CHART_TYPE.LINE_MARKERS, "bar": XL_CHART_TYPE.BAR_CLUSTERED,
                "dots": XL_CHART_TYPE.XY_SCATTER}
_DASHES = {"solid": MSO_LINE_DASH_STYLE.SOLID, "dash": MSO_LINE_DASH_STYLE.DASH,
           "dot": MSO_LINE_DASH_STYLE.ROUND_DOT, "dashdot": MSO_LINE_DASH_STYLE.DASH_DOT}
_MARKERS = {"circle": XL_MARKER_STYLE.CIRCLE, "diamond": XL_MARKER_STYLE.DIAMOND,
            "square": XL_MARKER_STYLE.SQUARE, "triangle": XL_MARKER_STYLE.TRIANGLE,
            "dash": XL_MARKER_STYLE.DASH, "none": XL_MARKER_STYLE.NONE}
_LABEL_POSITIONS = {"left": XL_LABEL_POSITION.LEFT, "right": XL_LABEL_POSITION.RIGHT,
                    "above": XL_LABEL_POSITION.ABOVE, "below": XL_LABEL_POSITION.BELOW,
                    "outside_end": XL_LABEL_POSITION.OUTSIDE_END, "inside_end": XL_LABEL_POSITION.INSIDE_END,
                    "inside_base": XL_LABEL_POSITION.INSIDE_BASE}
# Where the plot sits inside the chart's frame (fractions of the frame), for the charts with shapes
# drawn over or beside it: the reference lines of a bar chart fall on their values, the names of a
# dot plot's rows beside their rows.
PLOT_BOXES = {"bar": {"x": 0.26, "y": 0.12, "w": 0.68, "h": 0.72},
              "dots": {"x": 0.40, "y": 0.10, "w": 0.52, "h": 0.64}}


@dataclass
class Series:
    """One chart series and how it is drawn; `None` values are gaps."""
    name: str
    values: list[float | None]
    colour: str                          # "RRGGBB"
    role: str = "data"                   # data | reference (standards, averages, "on target") | overlay |
                                         # anchor (the last two drawn by the deck itself, left out of the legend)
    line: str = "solid"                  # solid | dash | dot | dashdot | none
    line_width: float = LINE_PT
    marker: str = "circle"
    marker_size: int = MARKER_PT
    hollow: bool = False                 # a white centre over each marker (_hollow_centres)
    labels: list[str | None] | None = None   # data label text per point (None: no label there)
    label_position: str = "above"
    label_positions: list[str] | None = None  # a position per point, where they differ
    label_colours: list[str] | None = None    # a text colour per point ("RRGGBB")
    point_colours: list[str] | None = None   # bars: a colour per bar
    markerless_points: tuple[int, ...] = ()  # points drawn without a marker (a line only passes through)


@dataclass
class ReferenceLine:
    """A vertical line across a bar chart at `value`, labelled above the plot."""
    label: str
    value: float
    dash: str = "dash"


@dataclass
class Note:
    text: str
    warning: bool = False


@dataclass
class ChartSlide:
    headline: str
    kind: str                                   # line | bar | dots (rows of dots, named at their left)
    categories: list[str]
    series: list[Series]
    footnote: str
    axis_title: str = ""
    number_format: str = "General"
    value_range: tuple[float, float] | None = None   # the page figure's value-axis range
    chart_title: str = ""
    notes: list[Note] = field(default_factory=list)
    reference_lines: list[ReferenceLine] = field(default_factory=list)   # bar charts only
    more_sources: str = ""      # ends a source line cut to fit: where the whole of it is


@dataclass
class Deck:
    title: str
    subtitle: str
    slides: list[ChartSlide] = field(default_factory=list)
    link: str = ""          # the address that reopens the view
    link_label: str = ""
    day: date | None = None


# --- text measuring ----------------------------------------------------------------------------


def text_em(text: str, bold: bool = False) -> float:
    """Width of `text` in ems, on the generous side (the font that draws it may be a substitute): a
    Chinese character takes one, a Latin letter about 0.6 (bold 0.66)."""
    latin = 0.66 if bold else 0.6
    return sum(1.0 if unicodedata.east_asian_width(char) in "WF" else latin for char in text)


def wrap_text(text: str, width_em: float) -> str:
    """`text` with line breaks so that no line is wider than `width_em` ems (between words where
    there are spaces, anywhere in Chinese)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for piece in paragraph.replace(" ", " \0").split("\0") if " " in paragraph else list(paragraph):
            if line and text_em(line + piece.rstrip()) > width_em:
                lines.append(line.rstrip())
                line = piece
            else:
                line += piece
        lines.append(line.rstrip())
    return "\n".join(lines)


def line_count(text: str, width: int, size_pt: float, bold: bool = False) -> int:
    """Lines `text` wraps to in a box `width` EMU wide (less its insets) at `size_pt`."""
    usable_pt = (width - Inches(0.2)) / 12700
    return sum(max(1, math.ceil(text_em(paragraph, bold) * size_pt / usable_pt)) for paragraph in text.split("\n"))


def text_height(text: str, width: int, size_pt: float, spacing: float = 1.25, bold: bool = False) -> int:
    """Height in EMU a box needs for `text` (with the default top and bottom insets)."""
    return int(Pt(line_count(text, width, size_pt, bold) * size_pt * spacing) + Inches(0.1))


def _fitting_size(text: str, width: int, largest: int, smallest: int, max_lines: int, bold: bool = False) -> int:
    for size in range(largest, smallest - 1, -1):
        if line_count(text, width, size, bold) <= max_lines:
            return size
    return smallest


def clipped(text: str, width: int, size_pt: float, max_lines: int, bold: bool = False, suffix: str = "…") -> str:
    """`text` cut (between "; "-separated items where it can) so that it wraps to at most `max_lines`."""
    if line_count(text, width, size_pt, bold) <= max_lines:
        return text
    items = text.split("; ")
    while len(items) > 1:
        items.pop()
        shorter = "; ".join(items) + "; " + suffix
        if line_count(shorter, width, size_pt, bold) <= max_lines:
            return shorter
    while text and line_count(text + suffix, width, size_pt, bold) > max_lines:
        text = text[:-1]
    return text + suffix


# --- shapes ------------------------------------------------------------------------------------


def _rgb(colour: str) -> RGBColor:
    return RGBColor.from_string(colour.lstrip("#").upper())


def _style_text(frame, size: float, bold: bool = False, colour: str | None = None) -> None:
    for paragraph in frame.paragraphs:
        for run in paragraph.runs:
            run.font.size = Pt(size)
            run.font.bold = bold
            run.font.name = _FONT
            if colour:
                run.font.color.rgb = _rgb(colour)


def _text_box(slide, name: str, text: str, left: int, top: int, width: int, height: int, size: float,
              bold: bool = False, colour: str | None = None, align=PP_ALIGN.LEFT, anchor=MSO_ANCHOR.TOP):
    box = slide.shapes.add_textbox(left, top, width, height)
    box.name = name
    frame = box.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = anchor
    frame.text = text
    for paragraph in frame.paragraphs:
        paragraph.alignment = align
    _style_text(frame, size, bold, colour)
    return box


def _place_title(shape, text: str, left: int, top: int, width: int, height: int, size: int, align) -> None:
    # all four set: a placeholder given only some of them is written with zero for the others
    shape.left, shape.top, shape.width, shape.height = left, top, width, height
    shape.text = text
    frame = shape.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = MSO_ANCHOR.TOP
    for paragraph in frame.paragraphs:
        paragraph.alignment = align
    _style_text(frame, size, bold=True)


# --- the deck ----------------------------------------------------------------------------------


def deck_bytes(deck: Deck) -> bytes:
    """The deck as .pptx bytes: a title slide, then one slide per chart."""
    presentation = Presentation()
    presentation.slide_width, presentation.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
    _add_title_slide(presentation, deck)
    for spec in deck.slides:
        _add_chart_slide(presentation, spec)
    buffer = io.BytesIO()
    presentation.save(buffer)
    return buffer.getvalue()


def _add_title_slide(presentation, deck: Deck) -> None:
    """Title, subtitle, date and link stacked in the middle of the slide, each box as tall as its text."""
    slide = presentation.slides.add_slide(presentation.slide_layouts[0])   # title and subtitle placeholders
    width = SLIDE_WIDTH - 2 * Inches(1.0)
    left = Inches(1.0)
    title_size = _fitting_size(deck.title, width, 40, 24, 2, bold=True)
    title_text = clipped(deck.title, width, title_size, 3, bold=True)
    subtitle_size = _fitting_size(deck.subtitle, width, 24, 16, 2)
    subtitle_text = clipped(deck.subtitle, width, subtitle_size, 4)
    day = f"{deck.day or date.today():%Y-%m-%d}"
    link = f"{deck.link_label}\n{deck.link}" if deck.link else ""
    heights = [text_height(title_text, width, title_size, spacing=1.2, bold=True),
               text_height(subtitle_text, width, subtitle_size), text_height(day, width, 18),
               text_height(link, width, 12) if link else 0]
    gap = Inches(0.25)
    top = max(Inches(0.4), (SLIDE_HEIGHT - sum(heights) - gap * 3) // 2)
    title, subtitle = slide.shapes.title, slide.placeholders[1]
    _place_title(title, title_text, left, top, width, heights[0], title_size, PP_ALIGN.CENTER)
    top += heights[0] + gap
    # a placeholder given only some of its geometry is written with zero for the rest: all four set
    subtitle.left, subtitle.top, subtitle.width, subtitle.height = left, top, width, heights[1]
    subtitle.text = subtitle_text
    subtitle.text_frame.word_wrap = True
    subtitle.text_frame.vertical_anchor = MSO_ANCHOR.TOP
    for paragraph in subtitle.text_frame.paragraphs:
        paragraph.alignment = PP_ALIGN.CENTER
    _style_text(subtitle.text_frame, subtitle_size, colour="333333")
    top += heights[1] + gap
    _text_box(slide, "Date", day, left, top, width, heights[2], 18, colour=GREY, align=PP_ALIGN.CENTER)
    top += heights[2] + gap
    if link:
        box = _text_box(slide, "Link", link, left, top, width, heights[3], 12, colour=GREY, align=PP_ALIGN.CENTER)
        box.text_frame.paragraphs[-1].runs[0].hyperlink.address = deck.link


def _add_chart_slide(presentation, spec: ChartSlide) -> None:
    slide = presentation.slides.add_slide(presentation.slide_layouts[5])  # title only
    width = SLIDE_WIDTH - 2 * _MARGIN
    # the finding is never cut short: set smaller, then over more lines (cut only beyond six)
    title_size = _fitting_size(spec.headline, width, TITLE_PT, MIN_TITLE_PT, 2, bold=True)
    headline = clipped(spec.headline, width, title_size, 6, bold=True)
    title_height = text_height(headline, width, title_size, spacing=1.2, bold=True)
    _place_title(slide.shapes.title, headline, _MARGIN, Inches(0.25), width, title_height, title_size, PP_ALIGN.LEFT)
    # from the bottom up: the footnote, the caveats, then the chart takes what is left
    bottom = SLIDE_HEIGHT - Inches(0.2)
    footnote_size = _fitting_size(spec.footnote, width, FOOTNOTE_PT, MIN_FOOTNOTE_PT, 3)
    footnote = clipped(spec.footnote, width, footnote_size, 3, suffix=spec.more_sources or "…")
    if footnote != spec.footnote or headline != spec.headline:
        # what did not fit on the slide is in its speaker notes, whole
        slide.notes_slide.notes_text_frame.text = f"{spec.headline}\n\n{spec.footnote}"
    footnote_height = text_height(footnote, width, footnote_size)
    footnote_top = bottom - footnote_height
    _text_box(slide, "Footnote", footnote, _MARGIN, footnote_top, width, footnote_height, footnote_size,
              colour="444444")
    top_of_notes = footnote_top
    for index, note in reversed(list(enumerate(spec.notes))):
        height = text_height(note.text, width, NOTE_PT, bold=note.warning)
        top_of_notes -= height
        _text_box(slide, f"Caveat {index + 1}", note.text, _MARGIN, top_of_notes, width, height, NOTE_PT,
                  bold=note.warning, colour=WARNING_COLOUR if note.warning else "333333")
    chart_top = Inches(0.25) + title_height + Inches(0.1)
    chart_height = max(Inches(2.5), top_of_notes - Inches(0.05) - chart_top)
    _add_chart(slide, spec, _MARGIN, chart_top, width, chart_height)


def _hollow_centres(series: list[Series]) -> list[Series]:
    """White dots drawn over the markers of hollow series.

    A hollow marker is a coloured dot with a white centre on top: LibreOffice draws every marker of a
    line series filled in the line's colour, whatever fill the marker is given, so a white fill alone
    shows only in PowerPoint (and on a line-less series it would vanish in LibreOffice).
    """
    centres = []
    for item in series:
        if item.hollow and item.marker != "none":
            values = [None if index in item.markerless_points else value for index, value in enumerate(item.values)]
            centres.append(Series(f"{item.name} ·", values, "FFFFFF", role="overlay", line="none",
                                  marker=item.marker, marker_size=max(MIN_MARKER_PT - 4, item.marker_size - 6)))
    return centres


def _chart_data(spec: ChartSlide, drawn: list[Series], width: int):
    if spec.kind != "dots":
        data = CategoryChartData(number_format=spec.number_format)
        if spec.kind == "bar":
            # names wrapped to the room left of the plot: LibreOffice moves the plot when they do not fit
            room_em = (PLOT_BOXES["bar"]["x"] * width - Inches(0.35)) / Pt(CATEGORY_PT)
            data.categories = [wrap_text(name, room_em) for name in spec.categories]
        else:
            data.categories = spec.categories
        for series in drawn:
            data.add_series(series.name, series.values)
        return data
    # a dot plot: the first row on top (y = number of rows), a reference as a line across all rows
    data = XyChartData()
    rows = len(spec.categories)
    for series in drawn:
        points = data.add_series(series.name, number_format=spec.number_format)
        if series.role == "anchor":
            low, high = spec.value_range or (0.0, 1.0)
            points.add_data_point(low, 0.5)
            points.add_data_point(high, rows + 0.5)
            continue
        if series.role == "reference":
            level = next(value for value in series.values if value is not None)
            points.add_data_point(level, 0.5)
            points.add_data_point(level, rows + 0.5)
            continue
        for index, value in enumerate(series.values):
            if value is not None:
                points.add_data_point(value, rows - index)
    return data


def _drawing_order(spec: ChartSlide) -> list[Series]:
    """The series as the chart holds them; a dot plot's reference lines last, so PowerPoint draws them
    over the dots (LibreOffice draws a dot plot's series last to first)."""
    if spec.kind != "dots":
        return [*spec.series, *_hollow_centres(spec.series)]
    references = [series for series in spec.series if series.role == "reference"]
    others = [series for series in spec.series if series.role != "reference"]
    # an invisible first series across the plot: LibreOffice does not draw a dot plot's first series
    # when it holds a single point or a single X value
    anchor = Series("", [], "FFFFFF", role="anchor", line="none", marker="none")
    return [anchor, *others, *_hollow_centres(others), *references]


def _add_chart(slide, spec: ChartSlide, left: int, top: int, width: int, height: int) -> None:
    drawn = _drawing_order(spec)
    frame = slide.shapes.add_chart(_CHART_TYPES[spec.kind], left, top, width, height, _chart_data(spec, drawn, width))
    frame.name = "Chart"
    chart = frame.chart
    chart.font.size = Pt(14)
    chart.font.name = _FONT
    chart.has_title = bool(spec.chart_title)
    if spec.chart_title:
        chart.chart_title.text_frame.text = spec.chart_title
        _style_text(chart.chart_title.text_frame, 16, bold=True)
    chart.has_legend = spec.kind != "bar" or len(spec.series) > 1
    if chart.has_legend:
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
        chart.legend.font.size = Pt(13)
    # an XY chart's X axis is the one python-pptx calls its category axis
    axis = chart.category_axis if spec.kind == "dots" else chart.value_axis
    if spec.value_range:
        axis.minimum_scale, axis.maximum_scale = float(spec.value_range[0]), float(spec.value_range[1])
    axis.has_major_gridlines = True
    axis.major_gridlines.format.line.color.rgb = _rgb("D9D9D9")
    axis.tick_labels.number_format = spec.number_format
    axis.tick_labels.number_format_is_linked = False
    if spec.axis_title:
        axis.has_title = True
        axis.axis_title.text_frame.text = spec.axis_title
        _style_text(axis.axis_title.text_frame, 14)
    if spec.kind == "bar":
        drawn = [_with_bar_label_places(series, spec, plot_box("bar", left, top, width, height)[2]) for series in drawn]
    for plot_series, series in zip(chart.plots[0].series, drawn):
        _style_series(plot_series, series, spec)
    if chart.has_legend:
        _hide_legend_entries(chart, [index for index, series in enumerate(drawn) if series.role in ("overlay", "anchor")])
    if spec.kind == "bar":
        chart.plots[0].gap_width = 60
        _fix_plot_area(chart, spec.kind)
        _draw_reference_lines(slide, spec, left, top, width, height)
    elif spec.kind == "dots":
        _fix_plot_area(chart, spec.kind)
        _shape_dot_rows(chart, slide, spec, left, top, width, height)


def _shape_dot_rows(chart, slide, spec: ChartSlide, left: int, top: int, width: int, height: int) -> None:
    """A dot plot's rows: the vertical axis runs over the rows (hidden), a grid line between rows, and
    each row's name at its left."""
    rows = len(spec.categories)
    rows_axis = chart.value_axis   # an XY chart's Y axis
    rows_axis.minimum_scale, rows_axis.maximum_scale = 0.5, rows + 0.5
    rows_axis.major_unit = 1.0
    rows_axis.has_major_gridlines = True
    rows_axis.major_gridlines.format.line.color.rgb = _rgb("E3E3E3")
    rows_axis.tick_label_position = XL_TICK_LABEL_POSITION.NONE
    rows_axis.major_tick_mark = XL_TICK_MARK.NONE
    rows_axis.format.line.fill.background()
    plot_left, plot_top, plot_width, plot_height = plot_box(spec.kind, left, top, width, height)
    row_height = plot_height // rows
    size = _fitting_size(max(spec.categories, key=text_em), plot_left - left - Inches(0.15), 14, 10,
                         max(1, int(row_height / Pt(14 * 1.25))))
    for index, name in enumerate(spec.categories):
        _text_box(slide, f"Row label {index + 1}", name, left, plot_top + index * row_height,
                  plot_left - left - Inches(0.1), row_height, size, colour="222222", align=PP_ALIGN.RIGHT,
                  anchor=MSO_ANCHOR.MIDDLE)


def _contrast(first: str, second: str) -> float:
    def luminance(colour: str) -> float:
        channels = [int(colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _with_bar_label_places(series: Series, spec: ChartSlide, plot_width: int) -> Series:
    """Each bar's label where it fits and crosses no reference line: inside the bar's end, inside its
    base, or beyond its end; inside in white or black, whichever reads better on the bar's colour."""
    if not series.labels:
        return series
    values = [value for value in series.values if value is not None]
    low, high = spec.value_range or (min(0.0, *values), max(values) or 1.0)
    per_unit = plot_width / ((high - low) or 1.0)
    lines = [reference.value for reference in spec.reference_lines]
    positions, colours = [], []
    for index, (value, text) in enumerate(zip(series.values, series.labels)):
        if value is None or text is None:
            positions.append(series.label_position)
            colours.append("222222")
            continue
        span = (text_em(text) * Pt(LABEL_PT) + Inches(0.2)) / per_unit
        room = {"inside_end": (value - span, value), "inside_base": (low, low + span),
                "outside_end": (value, value + span)}
        fitting = [place for place, (start, end) in room.items()
                   if start >= low and end <= high and (place == "outside_end" or end <= value)]
        clear = [place for place in fitting
                 if not any(room[place][0] - span * 0.05 <= line <= room[place][1] + span * 0.05 for line in lines)]
        place = (clear or fitting or ["outside_end"])[0]
        positions.append(place)
        bar = (series.point_colours or [series.colour] * len(series.values))[index]
        colours.append(("FFFFFF" if _contrast(bar, "FFFFFF") >= _contrast(bar, "111111") else "111111")
                       if place != "outside_end" else "222222")
    return replace(series, label_positions=positions, label_colours=colours)


def _style_series(plot_series, series: Series, spec: ChartSlide) -> None:
    fmt = plot_series.format
    if spec.kind == "bar":
        fmt.fill.solid()
        fmt.fill.fore_color.rgb = _rgb(series.colour)
        for index, colour in enumerate(series.point_colours or ()):
            point = plot_series.points[index].format
            point.fill.solid()
            point.fill.fore_color.rgb = _rgb(colour)
    else:
        plot_series.smooth = False
        if series.line == "none":
            fmt.line.fill.background()
        else:
            fmt.line.color.rgb = _rgb(series.colour)
            fmt.line.width = Pt(series.line_width)
            fmt.line.dash_style = _DASHES[series.line]
        marker = plot_series.marker
        marker.style = _MARKERS[series.marker]
        if series.marker != "none":
            marker.size = series.marker_size if series.role == "overlay" else max(MIN_MARKER_PT, series.marker_size)
            # a hollow series' white centre is its own series (_hollow_centres)
            marker.format.fill.solid()
            marker.format.fill.fore_color.rgb = _rgb(series.colour)
            marker.format.line.color.rgb = _rgb(series.colour)
            marker.format.line.width = Pt(1)
        for index in series.markerless_points:
            plot_series.points[index].marker.style = XL_MARKER_STYLE.NONE
    if series.labels:
        # a category chart has a point per category; a dot plot's series only its drawn points
        drawn_index = {index: number for number, index in
                       enumerate(i for i, value in enumerate(series.values) if value is not None)}
        for index, text in enumerate(series.labels):
            if text is None or index >= len(series.values) or series.values[index] is None:
                continue
            label = plot_series.points[drawn_index[index] if spec.kind == "dots" else index].data_label
            label.has_text_frame = True
            label.text_frame.text = text
            label.position = _LABEL_POSITIONS[series.label_positions[index] if series.label_positions
                                              else series.label_position]
            colour = series.label_colours[index] if series.label_colours else \
                series.colour if series.role == "data" else "333333"
            _style_text(label.text_frame, LABEL_PT, bold=bool(series.label_colours), colour=colour)


def _hide_legend_entries(chart, indexes: list[int]) -> None:
    legend = chart._chartSpace.chart.legend
    position = legend.find(qn("c:legendPos"))
    for offset, index in enumerate(indexes):
        entry = etree.Element(qn("c:legendEntry"))
        etree.SubElement(entry, qn("c:idx")).set("val", str(index))
        etree.SubElement(entry, qn("c:delete")).set("val", "1")
        if position is not None:
            position.addnext(entry)
            position = entry
        else:
            legend.insert(offset, entry)


def _fix_plot_area(chart, kind: str) -> None:
    """Give the plot area a fixed place in its frame (PLOT_BOXES)."""
    plot_area = chart._chartSpace.chart.plotArea
    layout = plot_area.find(qn("c:layout"))
    if layout is None:
        layout = etree.SubElement(plot_area, qn("c:layout"))
        plot_area.remove(layout)
        plot_area.insert(0, layout)
    for child in list(layout):
        layout.remove(child)
    manual = etree.SubElement(layout, qn("c:manualLayout"))
    etree.SubElement(manual, qn("c:layoutTarget")).set("val", "inner")
    etree.SubElement(manual, qn("c:xMode")).set("val", "edge")
    etree.SubElement(manual, qn("c:yMode")).set("val", "edge")
    for key in ("x", "y", "w", "h"):
        etree.SubElement(manual, qn(f"c:{key}")).set("val", f"{PLOT_BOXES[kind][key]:.4f}")


def plot_box(kind: str, left: int, top: int, width: int, height: int) -> tuple[int, int, int, int]:
    """The plot area of a `kind` chart placed at (left, top, width, height): left, top, width, height."""
    box = PLOT_BOXES[kind]
    return (left + int(width * box["x"]), top + int(height * box["y"]), int(width * box["w"]), int(height * box["h"]))


def _draw_reference_lines(slide, spec: ChartSlide, left: int, top: int, width: int, height: int) -> None:
    if not spec.reference_lines or not spec.value_range:
        return
    low, high = spec.value_range
    plot_left, plot_top, plot_width, plot_height = plot_box("bar", left, top, width, height)
    label_height = Inches(0.3)
    for position, reference in enumerate(sorted(spec.reference_lines, key=lambda r: r.value)):
        if not low <= reference.value <= high:
            continue
        x = plot_left + int(plot_width * (reference.value - low) / (high - low))
        line = slide.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, Emu(x), Emu(plot_top), Emu(x),
                                          Emu(plot_top + plot_height))
        line.name = f"Reference line: {reference.label}"
        line.line.color.rgb = _rgb(GREY)
        line.line.width = Pt(2)
        line.line.dash_style = _DASHES[reference.dash]
        # labels above the plot, alternating height so neighbouring lines' labels do not collide
        label_top = plot_top - label_height * (1 + position % 2)
        label_width = Inches(2.6)
        box = _text_box(slide, f"Reference label: {reference.label}", reference.label,
                        Emu(min(max(x - label_width // 2, left), left + width - label_width)), Emu(label_top),
                        label_width, label_height, 12, colour="333333", align=PP_ALIGN.CENTER,
                        anchor=MSO_ANCHOR.BOTTOM)
        box.text_frame.word_wrap = False
