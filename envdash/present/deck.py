"""Editable PowerPoint decks of the current view: native charts, headline titles, source footnotes."""
from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.util import Inches, Pt

_CHART_TYPES = {"line": XL_CHART_TYPE.LINE_MARKERS, "bar": XL_CHART_TYPE.BAR_CLUSTERED,
                "column": XL_CHART_TYPE.COLUMN_CLUSTERED}
_FONT = "Microsoft YaHei"  # present on most office machines; PowerPoint substitutes where it is not


@dataclass
class ChartSlide:
    headline: str
    kind: str                                   # line | bar | column
    categories: list[str]
    series: list[tuple[str, list[float | None]]]
    footnote: str
    axis_title: str = ""
    number_format: str = "General"


@dataclass
class Deck:
    title: str
    subtitle: str
    slides: list[ChartSlide] = field(default_factory=list)


def _style_text(frame, size: int, bold: bool = False) -> None:
    for paragraph in frame.paragraphs:
        for run in paragraph.runs:
            run.font.size = Pt(size)
            run.font.bold = bold
            run.font.name = _FONT


def deck_bytes(deck: Deck) -> bytes:
    """The deck as .pptx bytes: a title slide, then one slide per chart."""
    presentation = Presentation()
    presentation.slide_width, presentation.slide_height = Inches(13.333), Inches(7.5)
    title_slide = presentation.slides.add_slide(presentation.slide_layouts[0])
    title_slide.shapes.title.text = deck.title
    title_slide.placeholders[1].text = f"{deck.subtitle}\n{date.today():%Y-%m-%d}"
    for shape in (title_slide.shapes.title, title_slide.placeholders[1]):
        shape.left, shape.width = Inches(0.8), Inches(11.7)
    _style_text(title_slide.shapes.title.text_frame, 40, bold=True)
    _style_text(title_slide.placeholders[1].text_frame, 20)
    for spec in deck.slides:
        _add_chart_slide(presentation, spec)
    buffer = io.BytesIO()
    presentation.save(buffer)
    return buffer.getvalue()


def _add_chart_slide(presentation, spec: ChartSlide) -> None:
    slide = presentation.slides.add_slide(presentation.slide_layouts[5])  # title only
    title = slide.shapes.title
    title.left, title.top, title.width, title.height = Inches(0.5), Inches(0.3), Inches(12.3), Inches(1.3)
    title.text = spec.headline
    _style_text(title.text_frame, 26, bold=True)
    data = CategoryChartData(number_format=spec.number_format)
    data.categories = spec.categories
    for name, values in spec.series:
        data.add_series(name, values)
    frame = slide.shapes.add_chart(_CHART_TYPES[spec.kind], Inches(0.5), Inches(1.7), Inches(12.3), Inches(5.0), data)
    chart = frame.chart
    chart.has_legend = len(spec.series) > 1
    if chart.has_legend:
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
        chart.legend.font.size = Pt(14)
    chart.font.size = Pt(14)
    chart.font.name = _FONT
    if spec.kind != "line":
        plot = chart.plots[0]
        plot.has_data_labels = True
        plot.data_labels.font.size = Pt(14)
        plot.data_labels.number_format = spec.number_format
        plot.data_labels.number_format_is_linked = False
    if spec.axis_title:
        axis = chart.value_axis
        axis.has_title = True
        axis.axis_title.text_frame.text = spec.axis_title
        _style_text(axis.axis_title.text_frame, 14)
    note = slide.shapes.add_textbox(Inches(0.5), Inches(6.8), Inches(12.3), Inches(0.6))
    note.text_frame.word_wrap = True
    note.text_frame.text = spec.footnote
    note.name = "Footnote"
    _style_text(note.text_frame, 11)
