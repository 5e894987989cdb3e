"""Every table on every page has its own CSV and Excel downloads, which hold that table as shown."""
from __future__ import annotations

import io

import pandas as pd
import pytest
from apptest_helpers import open_page

from envdash.analysis.options import options
from envdash.analysis.targets import STATUSES
from envdash.core.i18n import t
from envdash.present.data_table import csv_bytes, xlsx_bytes
from envdash.present.targets_view import targets_view
from envdash.present.trend_view import trend_view

# Pages with tables, opened on views that show every table the page can have.
VIEWS = [
    ("trends", {"tab": "table"}),
    ("trends", {"metric": "air_quality_composite_index", "places": "baoding,jiaxing", "tab": "table"}),
    ("compare", {"tab": "table"}),
    ("targets", {}),
    ("sources", {"source": "jiaxing_2022_review_2023_plan"}),
    ("sources", {"source": "jiangsu_2024_12_meeting"}),   # directives only: its figures tab is empty
    ("data", {}),
]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page, params", VIEWS, ids=[f"{page}-{i}" for i, (page, _) in enumerate(VIEWS)])
def test_each_table_has_a_csv_and_an_excel_button(page, params, lang):
    app = open_page(page, lang, **params)
    labels = [button.proto.label for button in app.get("download_button")]
    tables = len(app.dataframe)
    assert tables, f"{page} shows no table for {params}"
    assert labels.count(t(lang, "data_download_csv")) == tables
    assert labels.count(t(lang, "data_download_xlsx")) == tables


def _read_back(frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    from_csv = pd.read_csv(io.BytesIO(csv_bytes(frame)), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    from_xlsx = pd.read_excel(io.BytesIO(xlsx_bytes(frame, "sheet")), engine="openpyxl", dtype=str,
                              keep_default_na=False)
    return from_csv, from_xlsx


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_trend_table_downloads_keep_every_row_column_and_source_link(lang):
    view = trend_view(options().metric("air_quality_composite_index"), ["baoding", "jiaxing"], lang, present=False)
    for read in _read_back(view.table):
        assert list(read.columns) == list(view.table.columns)
        assert len(read) == len(view.table) > 0
        links = read[t(lang, "open_sentence")]
        assert links.str.contains("focus=").all(), "each row keeps the link to its sentence"


def test_targets_summary_and_table_download_whole():
    view = targets_view(list(options().places.place_id), None, list(STATUSES), "en", present=False)
    assert not view.empty_message
    for frame in (view.summary, view.table):
        for read in _read_back(frame):
            assert read.shape == frame.shape
            assert list(read.columns) == list(frame.columns)
