"""Data page: filters bound to the URL narrow the table as the database says; downloads match the table."""
from __future__ import annotations

import io

import duckdb
import openpyxl
import pandas as pd
import pytest
from apptest_helpers import open_page
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import app_test

from envdash.present.data_table import csv_bytes, data_view, figure_filters, filter_choices, xlsx_bytes
from envdash.present.links import sentence_target

# the grid shows no address column: a selected row's sentence opens from the link under it
ZH_HEADERS = ["地区", "领域", "指标", "时期", "类型", "数值", "推算", "约束程度", "范围", "原文", "备注"]
EN_HEADERS = ["Place", "Theme", "Metric", "Period", "Kind", "Value", "Derived", "Strength", "Scope", "Quote", "Note"]


@pytest.fixture(scope="module")
def database(built_database):
    with duckdb.connect(str(built_database), read_only=True) as connection:
        yield connection


def _count(database, where: str, *params) -> int:
    return database.execute(f"SELECT count(*) FROM facts WHERE {where}", params).fetchone()[0]


class _RecordingStorage(MemoryMediaFileStorage):
    """AppTest's in-memory media store, remembered so a test can read what a download button serves."""
    last = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _RecordingStorage.last = self


class _RecordingManager(MediaFileManager):
    """AppTest's media manager, remembered so a test can run a download made only when it is pressed."""
    last = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _RecordingManager.last = self


@pytest.fixture
def served_files(monkeypatch):
    monkeypatch.setattr(app_test, "MemoryMediaFileStorage", _RecordingStorage)
    monkeypatch.setattr(app_test, "MediaFileManager", _RecordingManager)

    def content(button) -> bytes:
        url = button.proto.url
        if button.proto.HasField("deferred_file_id"):   # made when pressed, as the browser asks for it
            url = _RecordingManager.last.execute_deferred(button.proto.deferred_file_id)
        return _RecordingStorage.last.get_file(url.rsplit("/", 1)[-1].split(".")[0]).content
    return content


# --- rendering and URL-bound filters --------------------------------------------------------------


@pytest.mark.parametrize("lang, headers", [("zh", ZH_HEADERS), ("en", EN_HEADERS)])
def test_data_page_shows_every_figure_with_localized_headers(lang, headers, database):
    app = open_page("data", lang)
    table = app.dataframe[0].value
    assert list(table.columns) == headers
    assert len(table) == _count(database, "true")


FILTERS = [
    ({"places": "jiaxing", "kind": "target"}, "place_id = 'jiaxing' AND kind = 'target'"),
    ({"places": "baoding,cixi"}, "place_id IN ('baoding', 'cixi')"),
    ({"themes": "air,water"}, "theme_id IN ('air', 'water')"),
    ({"metrics": "pm25_annual_mean"}, "metric_id = 'pm25_annual_mean'"),
    ({"derived": "derived"}, "is_derived"),
    ({"derived": "stated", "kind": "actual"}, "NOT is_derived AND kind = 'actual'"),
    ({"from": "2023", "to": "2023"}, "year(period_start) >= 2023 AND year(period_end) <= 2023"),
    ({"places": "jiaxing", "themes": "enforcement", "from": "2022", "to": "2022"},
     "place_id = 'jiaxing' AND theme_id = 'enforcement' AND year(period_start) >= 2022 AND year(period_end) <= 2022"),
]


@pytest.mark.parametrize("params, where", FILTERS, ids=[str(params) for params, _ in FILTERS])
def test_url_filters_narrow_the_table_exactly_as_the_database_does(params, where, database):
    expected = _count(database, where)
    assert 0 < expected < _count(database, "true")
    app = open_page("data", "en", **params)
    assert len(app.dataframe[0].value) == expected


def test_url_filters_set_the_widgets_so_the_link_reopens_the_same_view():
    app = open_page("data", "en", places="baoding,cixi", themes="air", kind="target", derived="stated",
                    **{"from": "2022", "to": "2024"})
    assert app.multiselect(key="data.places").value == ["baoding", "cixi"]
    assert app.multiselect(key="data.themes").value == ["air"]
    assert app.radio(key="data.kind").value == "target"
    assert app.radio(key="data.derived").value == "stated"
    assert (app.selectbox(key="data.from").value, app.selectbox(key="data.to").value) == ("2022", "2024")


def test_changing_a_filter_narrows_the_table_and_is_written_into_the_url(database):
    app = open_page("data", "zh")
    app.multiselect(key="data.places").set_value(["baoding"]).run()
    app.radio(key="data.kind").set_value("actual").run()
    expected = _count(database, "place_id = 'baoding' AND kind = 'actual'")
    assert len(app.dataframe[0].value) == expected
    assert app.query_params["places"] == "baoding" and app.query_params["kind"] == "actual"
    reopened = open_page("data", "zh", **{key: value for key, value in app.query_params.items() if key != "lang"})
    assert len(reopened.dataframe[0].value) == expected


def test_an_unset_multiselect_leaves_no_empty_parameter_behind():
    app = open_page("data", "en")
    assert "places" not in app.query_params and "themes" not in app.query_params
    assert not app.info


def test_unknown_filter_values_fall_back_with_a_notice(database):
    app = open_page("data", "en", places="atlantis", kind="maybe")
    notices = " ".join(element.value for element in app.info)
    assert "“places”" in notices and "“kind”" in notices
    assert len(app.dataframe[0].value) == _count(database, "true")


def test_table_shows_values_with_units_and_links_to_each_sentence():
    app = open_page("data", "en", places="jiaxing", metrics="pm25_annual_mean", kind="actual")
    table = app.dataframe[0].value
    assert list(table["Value"]) == ["26\u00a0µg/m³"]  # a no-break space keeps value and unit together
    assert "Select a row" in " ".join(caption.value for caption in app.caption)
    view = data_view(figure_filters(["jiaxing"], [], ["pm25_annual_mean"], "actual", "all", None, None),
                     filter_choices(), "en")
    assert [sentence_target(url)[0] for url in view.table["Show the sentence"]] == ["jiaxing_2022_review_2023_plan"]
    assert sentence_target(view.table["Show the sentence"].iloc[0])[1].startswith(("fig-", "der-"))


# --- empty results -------------------------------------------------------------------------------


def test_place_with_only_directives_explains_why_there_are_no_figures():
    app = open_page("data", "en", places="jiangsu")
    assert not app.dataframe and not app.get("download_button")
    message = app.info[0].value.replace("\\", "")
    assert "Place: Jiangsu" in message and "directives only" in message


def test_empty_result_names_the_filter_that_left_nothing(database):
    ningbo = _count(database, "place_id = 'ningbo'")
    assert _count(database, "place_id = 'ningbo' AND theme_id = 'marine'") == 0
    app = open_page("data", "zh", places="ningbo", themes="marine")
    message = app.info[0].value.replace("\\", "")
    assert f"符合“地区:宁波市”的数据有 {ningbo} 项" in message and "领域:海洋" in message


def test_reversed_years_are_explained_not_shown_as_a_blank_table():
    app = open_page("data", "en", **{"from": "2025", "to": "2022"})
    assert not app.dataframe
    assert "“From” (2025) is after “To” (2022)" in app.info[0].value.replace("\\", "")


# --- downloads ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang, first_headers, kind_labels", [
    ("zh", ["地区", "指标", "领域", "类型"], {"实际值", "目标值"}),
    ("en", ["Place", "Metric", "Theme", "Kind"], {"Actual", "Target"}),
])
def test_downloads_hold_the_filtered_rows_with_localized_headers_and_labels(lang, first_headers, kind_labels,
                                                                            served_files):
    app = open_page("data", lang, places="jiaxing,baoding", themes="air")
    shown = len(app.dataframe[0].value)
    csv_button, xlsx_button = app.get("download_button")
    csv = served_files(csv_button)
    assert csv.startswith(b"\xef\xbb\xbf"), "a BOM, so Excel reads the Chinese correctly"
    from_csv = pd.read_csv(io.BytesIO(csv), encoding="utf-8-sig")
    from_xlsx = pd.read_excel(io.BytesIO(served_files(xlsx_button)), engine="openpyxl")
    for frame in (from_csv, from_xlsx):
        assert len(frame) == shown
        assert list(frame.columns[:4]) == first_headers
        assert set(frame[first_headers[3]]) <= kind_labels
    assert pd.api.types.is_numeric_dtype(from_xlsx.iloc[:, 9]), "values stay numbers in Excel"


def test_csv_guards_text_that_a_spreadsheet_would_run_as_a_formula():
    frame = pd.DataFrame({"原文": ["=HYPERLINK(\"http://x\")", "+1", "正常"], "数值": [-1.5, 2.0, 3.0]})
    read_back = pd.read_csv(io.BytesIO(csv_bytes(frame)), encoding="utf-8-sig")
    assert list(read_back["原文"]) == ["'=HYPERLINK(\"http://x\")", "'+1", "正常"]
    assert list(read_back["数值"]) == [-1.5, 2.0, 3.0]


def test_xlsx_keeps_formula_like_text_as_text():
    frame = pd.DataFrame({"原文": ["=1+1"], "数值": [2.5]})
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(frame, "数据"))).active
    assert sheet.title == "数据"
    assert (sheet["A2"].value, sheet["A2"].data_type) == ("=1+1", "s")
    assert sheet["B2"].value == 2.5


# --- scope and notes in the reader's language ---------------------------------------------------------

JIAXING_PM25 = {"places": "jiaxing", "metrics": "pm25_annual_mean"}
SCOPE_AND_NOTE = {
    "zh": ("范围", "市区(设区城市)", "备注", "设区城市:指市区,不是全市域。"),
    "en": ("Scope", "urban districts", "Note", "设区城市 — the city's urban districts, not the whole municipality."),
}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_data_page_shows_scope_and_note_in_the_reader_s_language(lang):
    scope_header, scope, note_header, note = SCOPE_AND_NOTE[lang]
    table = open_page("data", lang, **JIAXING_PM25).dataframe[0].value
    assert set(table[scope_header]) == {scope}
    assert note in set(table[note_header])
    other = SCOPE_AND_NOTE["en" if lang == "zh" else "zh"]
    assert not table.isin([other[1], other[3]]).any().any(), "no scope or note in the other language"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_data_page_scope_column_is_wide_enough_for_whole_scope_names(lang):
    import json

    from envdash.present.style import SCOPE_WIDTH
    frame = open_page("data", lang, **JIAXING_PM25).dataframe[0]
    config = json.loads(frame.proto.columns)[SCOPE_AND_NOTE[lang][0]]
    assert config["width"] == SCOPE_WIDTH >= 300


@pytest.mark.parametrize("lang, header, column", [("zh", "范围", "scope_zh"), ("en", "Scope", "scope_en"),
                                                  ("zh", "备注", "note_zh"), ("en", "Note", "note_en")])
def test_downloads_hold_scope_and_note_in_the_reader_s_language(lang, header, column, served_files, database):
    app = open_page("data", lang, **JIAXING_PM25)
    csv_button, _ = app.get("download_button")
    frame = pd.read_csv(io.BytesIO(served_files(csv_button)), encoding="utf-8-sig")
    expected = {row[0] for row in database.execute(
        f"SELECT {column} FROM facts WHERE place_id = 'jiaxing' AND metric_id = 'pm25_annual_mean'").fetchall()}
    assert set(frame[header].fillna("")) == {value or "" for value in expected}
