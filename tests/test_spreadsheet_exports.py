"""CSV and Excel exports: dates are Excel dates, every value column has one unit (or its unit beside
it), the CSV has the columns of the workbook's data sheet, and a second sheet describes the columns,
the reports, the day of the export and the link that reopens the view."""
from __future__ import annotations

import io
import re
from datetime import date, datetime
from urllib.parse import parse_qs, urlsplit

import duckdb
import openpyxl
import pandas as pd
import pytest
from apptest_helpers import open_page
from starlette.applications import Starlette
from starlette.testclient import TestClient
from test_page_data import served_files  # noqa: F401  (the fixture)

from envdash.analysis.options import options, unit_names
from envdash.analysis.targets import STATUSES
from envdash.core.formatting import unit_name
from envdash.core.i18n import t
from envdash.present.data_table import (DATE_FORMAT, FigureFilters, about_of, csv_bytes, data_view, filter_choices,
                                        xlsx_bytes)
from envdash.present.figure_downloads import download_routes, filters_from_query
from envdash.present.targets_view import summary_export, targets_export, targets_view
from envdash.present.trend_view import trend_export, trend_view

LANGS = ["zh", "en"]
OTHER = {"zh": "en", "en": "zh"}
DAY = date(2026, 3, 9)
LINK = "http://envdash.example:8501/trends?metric=pm25_annual_mean&lang=en"
CJK = re.compile(r"[\u3400-\u9fff]")


@pytest.fixture(scope="module")
def database(built_database):
    with duckdb.connect(str(built_database), read_only=True) as connection:
        yield connection


def workbook(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data))


def data_workbook(lang: str, filters: FigureFilters = FigureFilters()):
    return workbook(data_view(filters, filter_choices(), lang, "http://envdash.example:8501").xlsx(LINK, DAY))


def trend_export_of(lang: str):
    view = trend_view(options().metric("pm25_annual_mean"), ["jiaxing", "cixi"], lang, present=False)
    return trend_export(view, lang, "http://envdash.example:8501")


def targets_export_of(lang: str):
    return targets_export(targets_view(["jiaxing", "cixi", "baoding"], None, list(STATUSES), lang, False), lang)


def export_workbook(export, lang: str):
    return workbook(xlsx_bytes(export.frame, "sheet", about_of(export, lang, LINK, DAY)))


def header(sheet) -> list[str]:
    return [cell.value for cell in next(sheet.iter_rows(max_row=1))]


def column(sheet, name: str) -> list:
    index = header(sheet).index(name)
    return [row[index] for row in sheet.iter_rows(min_row=2)]


# --- dates ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_data_export_dates_are_excel_dates_with_a_date_format(lang, database):
    sheet = data_workbook(lang).worksheets[0]
    for key in ("data_period_start", "data_period_end", "export_published"):
        cells = column(sheet, t(lang, key))
        assert cells and all(cell.is_date and cell.number_format == DATE_FORMAT for cell in cells), key
    ids = [cell.value for cell in column(sheet, t(lang, "data_figure_id"))]
    starts = dict(database.execute("SELECT figure_id, period_start FROM facts").fetchall())
    assert [cell.value.date() for cell in column(sheet, t(lang, "data_period_start"))] == [starts[i] for i in ids]


@pytest.mark.parametrize("lang", LANGS)
def test_trend_and_targets_exports_hold_dates_as_dates(lang):
    for export in (trend_export_of(lang), targets_export_of(lang)):
        sheet = export_workbook(export, lang).worksheets[0]
        for key in ("data_period_start", "data_period_end", "export_published"):
            cells = column(sheet, t(lang, key))
            assert cells and all(cell.is_date for cell in cells), key


# --- units ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_every_data_value_has_its_metrics_one_unit_in_the_column_beside_it(lang, database):
    sheet = data_workbook(lang).worksheets[0]
    names = header(sheet)
    value, unit = names.index(t(lang, "export_value_in_unit")), names.index(t(lang, "unit"))
    assert unit == value + 1, "the unit is the next column"
    metric_units = dict(database.execute("SELECT figure_id, unit_std FROM facts").fetchall())
    ids = [cell.value for cell in column(sheet, t(lang, "data_figure_id"))]
    units_by_metric: dict[str, set] = {}
    for figure_id, row in zip(ids, sheet.iter_rows(min_row=2, values_only=True)):
        expected = unit_name(metric_units[figure_id], lang, unit_names()) or t(lang, "index_unit")
        assert row[unit] == expected, figure_id
        assert isinstance(row[value], (int, float)) or row[value] is None
        units_by_metric.setdefault(row[names.index(t(lang, "metric"))], set()).add(row[unit])
    assert all(len(units) == 1 for units in units_by_metric.values()), "one unit per metric"


@pytest.mark.parametrize("lang", LANGS)
def test_wan_and_yi_yuan_share_the_value_column_only_with_their_unit_stated_beside_them(lang, database):
    """The choice made for a reader: the value as the report states it, in its metric's own unit (the
    one the page and the sentence show), with that unit in the next column and the second sheet saying
    so; 万元 and 亿元 figures are of different metrics, never one metric's values in two units."""
    workbook_ = data_workbook(lang)
    sheet = workbook_.worksheets[0]
    names = header(sheet)
    value, unit = names.index(t(lang, "export_value_in_unit")), names.index(t(lang, "unit"))
    money = {unit_name(u, lang, unit_names()): u for u in ("万元", "亿元")}
    rows = [row for row in sheet.iter_rows(min_row=2, values_only=True) if row[unit] in money]
    assert {row[unit] for row in rows} == set(money), "the seed data has figures in 万元 and in 亿元"
    ids = names.index(t(lang, "data_figure_id"))
    stored = dict(database.execute("SELECT figure_id, value_std FROM facts").fetchall())
    assert all(row[value] == pytest.approx(stored[row[ids]]) for row in rows)
    about = [row for row in workbook_.worksheets[1].iter_rows(values_only=True)]
    assert (t(lang, "note"), t(lang, "export_units_note")) in [row[:2] for row in about]


@pytest.mark.parametrize("lang", LANGS)
def test_trend_export_names_its_one_unit_in_the_value_header(lang):
    export = trend_export_of(lang)
    unit = unit_name("µg/m³", lang, unit_names())
    header_ = t(lang, "export_value_with_unit", unit=unit)
    assert header_ in export.frame.columns and t(lang, "unit") not in export.frame.columns
    values = export.frame[header_]
    assert values.map(lambda v: isinstance(v, float)).all()


@pytest.mark.parametrize("lang", LANGS)
def test_targets_export_holds_numbers_with_each_rows_unit_and_earlier_actuals_apart(lang, database):
    export = targets_export_of(lang)
    frame = export.frame
    rows = database.execute("SELECT a.target_id, a.target_value, a.actual_value, a.previous_actual_value, m.unit "
                            "FROM attainment a JOIN metrics m USING (metric_id) "
                            "WHERE place_id IN ('jiaxing', 'cixi', 'baoding')").fetchall()
    view = targets_view(["jiaxing", "cixi", "baoding"], None, list(STATUSES), lang, False)
    by_id = {row[0]: row for row in rows}
    for target_id, (_, row) in zip(view.rows.target_id, frame.iterrows()):
        _, target, actual, earlier, unit = by_id[target_id]
        assert row[t(lang, "export_target_value")] == pytest.approx(target)
        assert row[t(lang, "unit")] == (unit_name(unit, lang, unit_names()) or t(lang, "index_unit"))
        if actual is None:
            assert pd.isna(row[t(lang, "export_actual_value")])
            assert (pd.isna(row[t(lang, "export_earlier_value")]) if earlier is None
                    else row[t(lang, "export_earlier_value")] == pytest.approx(earlier))
        else:
            assert row[t(lang, "export_actual_value")] == pytest.approx(actual)
            assert pd.isna(row[t(lang, "export_earlier_value")]), "an earlier actual only where none of its own"


# --- CSV and the data sheet ------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_csv_keeps_the_columns_and_rows_of_the_excel_data_sheet(lang):
    view = data_view(FigureFilters(), filter_choices(), lang)
    exports = {"data": (view.csv, workbook(view.xlsx(LINK, DAY)))}
    for name, export in (("trend", trend_export_of(lang)), ("targets", targets_export_of(lang))):
        exports[name] = (csv_bytes(export.frame), export_workbook(export, lang))
    for name, (csv, book) in exports.items():
        from_csv = pd.read_csv(io.BytesIO(csv), encoding="utf-8-sig", dtype=str, keep_default_na=False)
        sheet = book.worksheets[0]
        assert list(from_csv.columns) == header(sheet), name
        assert len(from_csv) == sheet.max_row - 1, name


# --- the second sheet ------------------------------------------------------------------------------


def about_rows(book) -> list[tuple]:
    return [tuple(row) for row in book.worksheets[1].iter_rows(values_only=True)]


def section(rows: list[tuple], title: str) -> list[tuple]:
    """The rows under a section title, after its header row, up to the next empty row."""
    start = next(index for index, row in enumerate(rows) if row[0] == title) + 2
    end = next((index for index in range(start, len(rows)) if not any(rows[index])), len(rows))
    return rows[start:end]


def assert_about_sheet(book, lang: str, source_ids, other_headers: list[str]):
    about = book.worksheets[1]
    assert [sheet.title for sheet in book.worksheets] == [book.worksheets[0].title, t(lang, "export_about_sheet")]
    rows = about_rows(book)
    assert rows[0][0] == t(lang, "export_about_title")
    exported = next(row for row in about.iter_rows() if row[0].value == t(lang, "export_exported_on"))[1]
    assert exported.is_date and exported.value == datetime(DAY.year, DAY.month, DAY.day)
    link = next(row for row in about.iter_rows() if row[0].value == t(lang, "export_view_link"))[1]
    assert link.value == LINK and link.hyperlink.target == LINK
    columns = section(rows, t(lang, "export_columns_header"))
    assert [row[0] for row in columns] == header(book.worksheets[0]), "every column, in order"
    assert [row[1] for row in columns] == other_headers, "each header also in the other language"
    for name, _, description in (row[:3] for row in columns):
        assert description and (bool(CJK.search(description)) if lang == "zh" else description[0].isascii()), name
    reports = section(rows, t(lang, "export_sources_header"))
    assert {row[3] for row in reports} == set(source_ids)
    assert all(isinstance(row[2], datetime) and row[0] for row in reports), "title and publication date"


@pytest.mark.parametrize("lang", LANGS)
def test_data_workbook_describes_its_columns_reports_day_and_link(lang):
    book = data_workbook(lang)
    ids = [cell.value for cell in column(book.worksheets[0], t(lang, "data_source_id"))]
    other = header(data_workbook(OTHER[lang]).worksheets[0])
    assert_about_sheet(book, lang, ids, other)


@pytest.mark.parametrize("lang", LANGS)
def test_trend_and_targets_workbooks_describe_their_columns_reports_day_and_link(lang):
    for make in (trend_export_of, targets_export_of):
        export = make(lang)
        assert_about_sheet(export_workbook(export, lang), lang, export.source_ids,
                           list(make(OTHER[lang]).frame.columns))
    summary = summary_export(targets_view(["jiaxing"], None, list(STATUSES), lang, False), lang)
    book = export_workbook(summary, lang)
    assert [row[0] for row in section(about_rows(book), t(lang, "export_columns_header"))] == \
        list(summary.frame.columns)


def test_the_streamed_workbook_describes_itself_and_links_back_to_the_data_page():
    client = TestClient(Starlette(routes=download_routes()))
    response = client.get("/downloads/figures.xlsx", params={"lang": "zh", "kind": "target", "places": "jiaxing"})
    assert response.status_code == 200
    book = workbook(response.content)
    link = next(row[1] for row in about_rows(book) if row[0] == t("zh", "export_view_link"))
    parts = urlsplit(link)
    assert (parts.scheme, parts.netloc, parts.path) == ("http", "testserver", "/data")
    asked = {"lang": ["zh"], "kind": ["target"], "places": ["jiaxing"]}
    assert filters_from_query(parse_qs(parts.query)) == filters_from_query(asked), "the same view"
    ids = {cell.value for cell in column(book.worksheets[0], t("zh", "data_source_id"))}
    assert {row[3] for row in section(about_rows(book), t("zh", "export_sources_header"))} == ids
    sentence_links = [cell.value for cell in column(book.worksheets[0], t("zh", "export_sentence_link"))]
    assert sentence_links and all(value.startswith("http://testserver/sources?") for value in sentence_links)


# --- on the page ------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_the_trends_pages_excel_download_is_the_export_with_its_link(lang, served_files):  # noqa: F811
    # the downloads sit under the table, in the table tab
    app = open_page("trends", lang, metric="pm25_annual_mean", places="jiaxing,cixi", tab="table")
    buttons = {button.proto.label: button for button in app.get("download_button")}
    book = workbook(served_files(buttons[t(lang, "data_download_xlsx")]))
    assert header(book.worksheets[0]) == list(trend_export_of(lang).frame.columns)
    link = next(row[1] for row in about_rows(book) if row[0] == t(lang, "export_view_link"))
    assert urlsplit(link).path.endswith("/trends")
    assert parse_qs(urlsplit(link).query) == {"metric": ["pm25_annual_mean"], "places": ["jiaxing,cixi"],
                                              "tab": ["table"], "lang": [lang]}
