"""Exports of hostile data: slides, CSV and Excel hold the literal text; spreadsheet formulas stay inert.

The data set is tests/fixtures/hostile_project.py: names, titles, notes, scopes and quotes full of
<script>, <img onerror>, javascript: links, Streamlit and Markdown markup, and text that starts
with = + - @, which a spreadsheet would run as a formula.
"""
import csv
import io
import zipfile

import openpyxl
import pandas as pd
import pytest
from fixtures import hostile_project as hostile
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE

from envdash.analysis.options import options
from envdash.analysis.targets import STATUSES
from envdash.core.i18n import t
from envdash.present.compare_view import comparison_deck, comparison_view
from envdash.present.data_table import FigureFilters, data_view, filter_choices
from envdash.present.page_parts import markdown_table
from envdash.present.safe_text import md
from envdash.present.targets_view import targets_deck, targets_view
from envdash.present.trend_view import trend_deck, trend_view
from envdash.store.build import build_database

LANGS = ["en", "zh"]
# What a spreadsheet runs as a formula when a cell starts with it.
FORMULA_STARTS = ("=", "+", "-", "@")


@pytest.fixture(scope="module")
def hostile_database(tmp_path_factory):
    project = hostile.make_hostile_project(tmp_path_factory.mktemp("hostile"))
    database = project.data / "envdash.duckdb"
    build_database(project.root, database)
    return database


@pytest.fixture(autouse=True)
def on_hostile_data(hostile_database, monkeypatch):
    monkeypatch.setenv("ENVDASH_DB", str(hostile_database))


# --- slides ------------------------------------------------------------------------------------

def chart_slide(deck: bytes):
    """The deck's one chart slide: title, footnote, series names, categories and any hyperlinks."""
    slides = list(Presentation(io.BytesIO(deck)).slides)
    assert len(slides) == 2
    slide = slides[1]
    chart = next(shape.chart for shape in slide.shapes if shape.has_chart)
    runs = [run for shape in slide.shapes if shape.has_text_frame
            for paragraph in shape.text_frame.paragraphs for run in paragraph.runs]
    return {
        "subtitle": slides[0].placeholders[1].text_frame.text,
        "title": slide.shapes.title.text_frame.text,
        "footnote": next(shape.text_frame.text for shape in slide.shapes if shape.name == "Footnote"),
        "series": [series.name for series in chart.plots[0].series],
        # a dot plot (targets) names its rows in text boxes beside them
        # a dot plot (targets) names its rows in text boxes beside them; a long name is wrapped to
        # its room, so line breaks are read as the spaces they replace
        "categories": [" ".join(label.split()) for label in (
            list(chart.plots[0].categories) if chart.chart_type != XL_CHART_TYPE.XY_SCATTER else
            [shape.text_frame.text for shape in slide.shapes if shape.name.startswith("Row label")])],
        "links": [run.hyperlink.address for run in runs if run.hyperlink.address],
    }


@pytest.mark.parametrize("lang", LANGS)
def test_trend_slides_carry_hostile_names_as_literal_text(lang):
    view = trend_view(options().metric(hostile.METRIC_ID), [hostile.PLACE_ID, "baoding"], lang, present=False)

    slide = chart_slide(trend_deck(view, lang))

    assert hostile.METRIC_NAME[lang] in slide["subtitle"]
    assert hostile.METRIC_NAME[lang] in slide["title"] and hostile.PLACE_NAME[lang] in slide["title"]
    assert hostile.SOURCE_TITLE[lang] in slide["footnote"]
    assert [name for name in slide["series"] if name.startswith(hostile.PLACE_NAME[lang])], slide["series"]
    assert slide["links"] == []


@pytest.mark.parametrize("lang", LANGS)
def test_comparison_slides_carry_hostile_names_as_literal_text(lang):
    view = comparison_view(options().metric(hostile.METRIC_ID), None, lang, present=False)

    slide = chart_slide(comparison_deck(view, lang))

    assert hostile.METRIC_NAME[lang] in slide["title"]
    assert hostile.SOURCE_TITLE[lang] in slide["footnote"]
    assert slide["series"] == [hostile.METRIC_NAME[lang]]
    assert [label for label in slide["categories"] if label.startswith(" ".join(hostile.PLACE_NAME[lang].split()))], \
        slide["categories"]
    assert slide["links"] == []


@pytest.mark.parametrize("lang", LANGS)
def test_targets_slides_carry_hostile_names_as_literal_text(lang):
    view = targets_view([hostile.PLACE_ID], None, list(STATUSES), lang, False)

    slide = chart_slide(targets_deck(view, lang))

    assert hostile.SOURCE_TITLE[lang] in slide["footnote"]
    assert [label for label in slide["categories"]
            if label.startswith(" ".join(f"{hostile.PLACE_NAME[lang]} · {hostile.METRIC_NAME[lang]} · ".split()))], \
        slide["categories"]
    assert slide["links"] == []


# --- CSV and Excel -----------------------------------------------------------------------------

def hostile_place_downloads(lang: str):
    """The Data page's downloads for the hostile place, exactly as the page makes them."""
    view = data_view(FigureFilters(places=(hostile.PLACE_ID,)), filter_choices(), lang)
    assert view.empty_message is None
    return view.csv, view.xlsx()


def rows_by_quote(header: list[str], rows: list[list], lang: str, quote_of=lambda cell: cell) -> dict:
    quote = header.index(t(lang, "quote"))
    return {quote_of(row[quote]): dict(zip(header, row)) for row in rows}


def as_csv_cell(text: str) -> str:
    """How the CSV must hold `text`: a leading apostrophe where a spreadsheet would run it."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def unguarded(cell: str) -> str:
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS) else cell


@pytest.mark.parametrize("lang", LANGS)
def test_csv_holds_hostile_text_literally_and_guards_formulas(lang):
    data, _ = hostile_place_downloads(lang)
    header, *rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))

    by_quote = rows_by_quote(header, rows, lang, quote_of=unguarded)

    expected = hostile.export_expectations(lang)
    assert set(by_quote) == set(expected)
    for quote, cells in expected.items():
        assert {t(lang, key): by_quote[quote][t(lang, key)] for key in cells} == \
               {t(lang, key): as_csv_cell(text) for key, text in cells.items()}
    assert [cell for row in rows for cell in row if cell.startswith(FORMULA_STARTS)
            and not _is_number(cell)] == [], "a text cell a spreadsheet would run as a formula"


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


@pytest.mark.parametrize("lang", LANGS)
def test_xlsx_holds_hostile_text_literally_as_text_cells(lang):
    _, data = hostile_place_downloads(lang)
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    header, *rows = [[cell for cell in row] for row in sheet.iter_rows()]
    names = [cell.value for cell in header]

    by_quote = rows_by_quote(names, [[cell.value for cell in row] for row in rows], lang)

    expected = hostile.export_expectations(lang)
    assert set(by_quote) == set(expected)
    for quote, cells in expected.items():
        # an empty text cell is written as no cell at all
        assert {t(lang, key): by_quote[quote][t(lang, key)] or "" for key in cells} == \
               {t(lang, key): text for key, text in cells.items()}
    formula_like = [cell for row in rows for cell in row
                    if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS)]
    assert formula_like, "the hostile data has text starting with = + - @"
    assert {cell.data_type for cell in formula_like} == {"s"}, "formula-like text is stored as text"
    with zipfile.ZipFile(io.BytesIO(data)) as workbook:
        sheets = [name for name in workbook.namelist() if name.startswith("xl/worksheets/")]
        assert not [name for name in sheets if b"<f>" in workbook.read(name) or b"<f " in workbook.read(name)], \
            "the workbook holds a formula"


def test_presenter_tables_escape_markup_and_make_no_links():
    frame = pd.DataFrame({"Quote <b>": ["[click](javascript:alert(1)) **bold** :red[boom] <img src=x>", None],
                          "Place": ["sources?source=a&focus=b", ""]})
    shown = markdown_table(frame)
    assert list(shown.columns) == [md("Quote <b>"), md("Place")]
    assert shown.iloc[0, 0] == md(frame.iloc[0, 0]) and shown.iloc[1, 0] == ""
    assert "\\[click\\]" in shown.iloc[0, 0] and "\\<img" in shown.iloc[0, 0]
    # an address in a cell stays text: the sentence of a row is opened by the picker under the table
    assert list(shown.iloc[:, 1]) == [md("sources?source=a&focus=b"), ""]

@pytest.mark.parametrize("lang", LANGS)
def test_decks_of_hostile_names_keep_every_box_inside_the_slide(lang):
    decks = [trend_deck(trend_view(options().metric(hostile.METRIC_ID), [hostile.PLACE_ID, "baoding"], lang, False),
                        lang),
             comparison_deck(comparison_view(options().metric(hostile.METRIC_ID), None, lang, False), lang),
             targets_deck(targets_view([hostile.PLACE_ID], None, list(STATUSES), lang, False), lang)]
    for deck in decks:
        presentation = Presentation(io.BytesIO(deck))
        for slide in presentation.slides:
            for shape in slide.shapes:
                assert shape.left >= 0 and shape.top >= 0, shape.name
                assert shape.left + shape.width <= presentation.slide_width, shape.name
                assert shape.top + shape.height <= presentation.slide_height, shape.name
