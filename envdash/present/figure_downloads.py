"""Downloads of every figure a Data page view keeps, streamed in pieces from their own address, so
neither the server nor the browser session holds a million figures at once.

Streamlit's download button keeps the whole file in the server's memory for as long as the session
lasts; these routes (mounted by app.py beside the dashboard) write each piece as it is read.
"""
from __future__ import annotations

import csv
import io
import os
import tempfile
from datetime import date
from typing import Iterator, Mapping, Sequence
from urllib.parse import quote, urlencode, urlsplit

import pandas as pd
from openpyxl import Workbook
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response, StreamingResponse
from starlette.routing import Route

from envdash.core.i18n import LANGUAGES, t
from envdash.core.paths import database_path
from envdash.present.data_table import (
    About,
    FigureFilters,
    data_export_columns,
    export_sources,
    export_table,
    figure_filters,
    filter_choices,
    filter_specs,
    guarded,
    write_about,
    write_sheet,
)
from envdash.present.url_state import ParamSpec, encode, resolve
from envdash.store.queries import stream_query

ROUTE = "/downloads/figures.{ending}"
MEDIA_TYPES = {"csv": "text/csv; charset=utf-8",
               "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
# Rows read, converted and written at a time: a piece of 50,000 figures is tens of megabytes in pandas.
PIECE_ROWS = 50_000
# Bytes sent at a time from the finished workbook.
FILE_CHUNK_BYTES = 1 << 20
_LANG = ParamSpec("lang", LANGUAGES, "en")


def download_url(filters: FigureFilters, lang: str, ending: str, base_path: str = "") -> str:
    """The address of the streamed download of `filters`, with the Data page's own URL parameters."""
    values = {"places": filters.places, "themes": filters.themes, "metrics": filters.metrics, "kind": filters.kind,
              "derived": filters.derived, "lang": lang,
              "from": str(filters.year_from) if filters.year_from else None,
              "to": str(filters.year_to) if filters.year_to != 9999 else None}
    query = encode(values, (*filter_specs(filter_choices()), _LANG))
    return f"{base_path.rstrip('/')}{ROUTE.format(ending=ending)}?{urlencode(query)}"


def filters_from_query(query: Mapping[str, Sequence[str]]) -> tuple[FigureFilters, str]:
    """The filters and language a download's address asks for; unknown values fall back as on the page."""
    values, _ = resolve(query, (*filter_specs(filter_choices()), _LANG))
    return figure_filters(values["places"], values["themes"], values["metrics"], values["kind"], values["derived"],
                          values["from"], values["to"]), values["lang"]


def export_pieces(filters: FigureFilters, lang: str, app_url: str = "") -> Iterator[pd.DataFrame]:
    """The export table of every figure the filters keep, a piece at a time (the first may be empty)."""
    for rows in stream_query("facts_table", PIECE_ROWS, **filters.query_params(), row_limit=None, row_offset=0):
        yield export_table(rows, lang, app_url)


def csv_pieces(filters: FigureFilters, lang: str, app_url: str = "") -> Iterator[bytes]:
    """UTF-8 CSV with a byte-order mark (Excel needs it for Chinese), written piece by piece."""
    for number, frame in enumerate(export_pieces(filters, lang, app_url)):
        buffer = io.StringIO()
        if number == 0:
            buffer.write("\ufeff")
            csv.writer(buffer, lineterminator="\n").writerow(frame.columns)
        frame.map(guarded).to_csv(buffer, index=False, header=False, lineterminator="\n")
        yield buffer.getvalue().encode("utf-8")


def write_xlsx(filters: FigureFilters, lang: str, path: str, app_url: str = "", link: str = "",
               day: date | None = None) -> None:
    """The workbook of every kept figure, written piece by piece to `path`, and its second sheet: the
    columns, the reports the figures come from, the day it was made and `link`, which reopens the view."""
    workbook = Workbook(write_only=True)
    sources: set[str] = set()

    def noting_sources(pieces: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        for piece in pieces:
            sources.update(piece[t(lang, "data_source_id")])
            yield piece

    write_sheet(workbook, noting_sources(export_pieces(filters, lang, app_url)), t(lang, "data_sheet_name"))
    write_about(workbook, About(lang, data_export_columns(lang), export_sources(sources), link, day or date.today(),
                                (t(lang, "export_units_note"),)))
    workbook.save(path)


def app_address(request: Request) -> str:
    """The app's own address, as the request for a download reached it."""
    url = str(request.url.replace(query=""))
    return url[:url.rindex("/downloads/")] if "/downloads/" in url else ""


def _file_chunks(path: str) -> Iterator[bytes]:
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(FILE_CHUNK_BYTES):
                yield chunk
    finally:
        os.unlink(path)


def _attachment(stem: str, ending: str) -> dict[str, str]:
    """Save as `stem`.`ending` (the stem in the reader's language; an ASCII name for old browsers)."""
    return {"Content-Disposition": f"attachment; filename=\"envdash-figures.{ending}\"; "
                                   f"filename*=UTF-8''{quote(stem)}.{ending}",
            "Cache-Control": "no-store"}


def figures_download(request: Request) -> Response:
    """GET /downloads/figures.csv|xlsx?<the Data page's filters>&lang=zh|en."""
    ending = request.path_params["ending"]
    if ending not in MEDIA_TYPES:
        return PlainTextResponse("Only figures.csv and figures.xlsx can be downloaded.", status_code=404)
    if not database_path().exists():
        return PlainTextResponse("The database is being built; try again in a minute.", status_code=503)
    query = {key: request.query_params.getlist(key) for key in request.query_params.keys()}
    filters, lang = filters_from_query(query)
    headers = _attachment(t(lang, "data_file_stem"), ending)
    app_url = app_address(request)
    if ending == "csv":
        return StreamingResponse(csv_pieces(filters, lang, app_url), media_type=MEDIA_TYPES[ending], headers=headers)
    handle, path = tempfile.mkstemp(prefix="envdash-figures-", suffix=".xlsx")
    os.close(handle)
    # the Data page's own address with the same filters and language reopens the view
    link = f"{app_url}/data?{urlsplit(download_url(filters, lang, ending)).query}"
    try:
        write_xlsx(filters, lang, path, app_url, link)
    except BaseException:
        os.unlink(path)
        raise
    return StreamingResponse(_file_chunks(path), media_type=MEDIA_TYPES[ending], headers=headers)


def download_routes() -> list[Route]:
    return [Route(ROUTE.replace("{ending}", "{ending:str}"), figures_download, methods=["GET"])]
