"""Downloads of every figure are streamed from their own address, piece by piece, and hold exactly
what the Data page's own downloads hold."""
from __future__ import annotations

import io
from urllib.parse import parse_qs, urlsplit

import pandas as pd
import pytest
from openpyxl import load_workbook
from starlette.applications import Starlette
from starlette.testclient import TestClient

from envdash.core.i18n import t
from envdash.present import figure_downloads
from envdash.present.data_table import FigureFilters, all_figures, csv_bytes, export_table, xlsx_bytes
from envdash.present.figure_downloads import (csv_pieces, download_routes, download_url, filters_from_query,
                                              write_xlsx)
from envdash.store import db


@pytest.fixture
def client():
    return TestClient(Starlette(routes=download_routes()))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_streamed_csv_is_byte_for_byte_the_pages_own(lang):
    filters = FigureFilters()
    assert b"".join(csv_pieces(filters, lang)) == csv_bytes(export_table(all_figures(filters), lang))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_streamed_workbook_holds_the_same_cells_as_the_pages_own(lang, tmp_path):
    filters = FigureFilters(kind="target")
    write_xlsx(filters, lang, str(tmp_path / "streamed.xlsx"))
    (tmp_path / "page.xlsx").write_bytes(xlsx_bytes(export_table(all_figures(filters), lang), t(lang, "data_sheet_name")))
    streamed, page = (load_workbook(tmp_path / name).active for name in ("streamed.xlsx", "page.xlsx"))
    assert [[cell.value for cell in row] for row in streamed.iter_rows()] == \
        [[cell.value for cell in row] for row in page.iter_rows()]
    assert streamed.freeze_panes == "A2" and streamed["A1"].font.bold
    assert streamed.max_row == len(all_figures(filters)) + 1


def test_many_figures_arrive_in_several_pieces_with_one_header(monkeypatch):
    monkeypatch.setattr(figure_downloads, "PIECE_ROWS", 1)   # at least one DuckDB vector (2,048 rows) a piece
    pieces = list(figure_downloads.export_pieces(FigureFilters(), "en"))
    total = len(all_figures(FigureFilters()))
    assert sum(len(piece) for piece in pieces) == total
    text = b"".join(csv_pieces(FigureFilters(), "en")).decode("utf-8-sig")
    assert text.count(t("en", "data_figure_id")) == 1


def test_a_filter_that_keeps_nothing_downloads_the_header_alone():
    text = b"".join(csv_pieces(FigureFilters(kind="target", year_from=2999), "zh")).decode("utf-8-sig")
    assert text.splitlines() == [",".join(export_table(all_figures(FigureFilters(kind="target", year_from=2999)),
                                                       "zh").columns)]


def test_the_download_address_reopens_the_same_filters():
    places = tuple(sorted(all_figures(FigureFilters()).place_id.unique()))[:2]
    filters = FigureFilters(places=places, kind="actual", derived="stated", year_from=2022, year_to=2024)
    url = download_url(filters, "zh", "csv", "/envdash")
    assert urlsplit(url).path == "/envdash/downloads/figures.csv"
    assert filters_from_query(parse_qs(urlsplit(url).query)) == (filters, "zh")


def test_the_route_streams_an_attachment_in_the_chosen_language(client):
    response = client.get("/downloads/figures.csv", params={"lang": "zh", "kind": "target"})
    assert response.status_code == 200
    assert response.headers["content-disposition"].startswith('attachment; filename="envdash-figures.csv"')
    frame = pd.read_csv(io.BytesIO(response.content), encoding="utf-8-sig")
    assert set(frame[t("zh", "kind")]) == {t("zh", "target")}
    assert len(frame) == len(all_figures(FigureFilters(kind="target")))


def test_the_route_serves_a_workbook(client):
    response = client.get("/downloads/figures.xlsx", params={"lang": "en"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == len(all_figures(FigureFilters())) + 1


def test_the_route_leaves_no_workbook_behind(client, tmp_path, monkeypatch):
    monkeypatch.setattr(figure_downloads.tempfile, "tempdir", str(tmp_path))
    assert client.get("/downloads/figures.xlsx").status_code == 200
    assert list(tmp_path.iterdir()) == []


def test_unknown_values_in_the_address_fall_back_as_on_the_page(client):
    hostile = {"places": "<script>", "kind": "everything'; DROP TABLE figures; --", "lang": "fr"}
    response = client.get("/downloads/figures.csv", params=hostile)
    assert response.status_code == 200
    assert len(pd.read_csv(io.BytesIO(response.content), encoding="utf-8-sig")) == len(all_figures(FigureFilters()))


def test_only_csv_and_xlsx_are_served(client):
    assert client.get("/downloads/figures.json").status_code == 404


def test_without_a_database_the_route_says_to_wait(client, monkeypatch, tmp_path):
    monkeypatch.setenv("ENVDASH_DB", str(tmp_path / "missing.duckdb"))
    db.close()
    response = client.get("/downloads/figures.csv")
    assert response.status_code == 503 and "try again" in response.text
