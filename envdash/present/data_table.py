"""The Data page: every figure in one filterable table, with CSV and Excel downloads in either language."""
from __future__ import annotations

import io
import math
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Iterable

import pandas as pd
import streamlit as st
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from envdash.analysis.options import unit_names
from envdash.core.formatting import COMPARATOR_SYMBOLS, format_value, period_text, unit_name
from envdash.core.i18n import LANGUAGES, localized, t
from envdash.present.links import sentence_url
from envdash.present.safe_text import md
from envdash.present.style import SCOPE_WIDTH, table_height
from envdash.present.url_state import ParamSpec
from envdash.store.queries import cached_view, run_query, run_query_uncached

KINDS = ("all", "actual", "target")
DERIVED = ("all", "stated", "derived")
STRENGTHS = ("binding", "aspirational", "planned", "estimate")
# Text cells a spreadsheet would read as a formula (CSV); they get a leading apostrophe, the usual
# guard, so a quote can never run as a formula in Excel.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class FilterChoices:
    """What each filter offers, from the database, with localized labels."""
    places: pd.DataFrame
    themes: pd.DataFrame
    metrics: pd.DataFrame
    years: tuple[str, ...]
    # labels by (column, lang), made once: the pickers ask for every option's label on every rerun
    labels: dict = field(default_factory=dict, compare=False, repr=False)

    def _label(self, frame: pd.DataFrame, column: str, value: str, lang: str) -> str:
        if (column, lang) not in self.labels:
            self.labels[(column, lang)] = {row[column]: localized(row, "name", lang) for row in frame.to_dict("records")}
        return self.labels[(column, lang)][value]

    def place_label(self, place_id: str, lang: str) -> str:
        return self._label(self.places, "place_id", place_id, lang)

    def theme_label(self, theme_id: str, lang: str) -> str:
        return self._label(self.themes, "theme_id", theme_id, lang)

    def metric_label(self, metric_id: str, lang: str) -> str:
        return self._label(self.metrics, "metric_id", metric_id, lang)


@cached_view
def filter_choices() -> FilterChoices:
    years = run_query("figure_years").iloc[0]
    span = () if years.isna().any() else tuple(str(year) for year in range(int(years.first_year), int(years.last_year) + 1))
    # places with a report, so a place whose report has no figures can be chosen and explained
    return FilterChoices(run_query("places_summary"), run_query("themes"), run_query("metrics_with_figures"), span)


def filter_specs(choices: FilterChoices) -> tuple[ParamSpec, ...]:
    """One URL parameter per filter; an empty list means "all"."""
    first, last = (choices.years[0], choices.years[-1]) if choices.years else (None, None)
    return (ParamSpec("places", tuple(choices.places.place_id), (), multi=True),
            ParamSpec("themes", tuple(choices.themes.theme_id), (), multi=True),
            ParamSpec("metrics", tuple(choices.metrics.metric_id), (), multi=True),
            ParamSpec("kind", KINDS, "all"),
            ParamSpec("derived", DERIVED, "all"),
            ParamSpec("from", choices.years, first),
            ParamSpec("to", choices.years, last))


@dataclass(frozen=True)
class FigureFilters:
    places: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    metrics: tuple[str, ...] = ()
    kind: str = "all"
    derived: str = "all"
    year_from: int = 0
    year_to: int = 9999

    def query_params(self) -> dict:
        return dict(places=list(self.places), themes=list(self.themes), metrics=list(self.metrics), kind=self.kind,
                    derived=self.derived, year_from=self.year_from, year_to=self.year_to)


def figure_filters(places, themes, metrics, kind, derived, year_from, year_to) -> FigureFilters:
    """The filters as the widgets hold them (years as text, lists possibly None)."""
    return FigureFilters(tuple(places or ()), tuple(themes or ()), tuple(metrics or ()), kind or "all",
                         derived or "all", int(year_from) if year_from else 0, int(year_to) if year_to else 9999)


def first_figures(filters: FigureFilters, rows: int | None) -> pd.DataFrame:
    """The first `rows` figures the filters keep (None: all), each with the count of all they keep."""
    return run_query("facts_table", **filters.query_params(), row_limit=rows, row_offset=0)


# Rows read per query for a download. DuckDB holds a query's whole sorted result within the app
# connection's memory limit (db.py): all 270,000 figures of a 200,000-figure curation need about 200 MB,
# and a million would not fit; pieces this size need a fraction of it.
DOWNLOAD_PIECE_ROWS = 50_000


def all_figures(filters: FigureFilters) -> pd.DataFrame:
    """Every figure the filters keep, read afresh in pieces and not kept: for downloads, made once per view.

    Every figure of every city is hundreds of megabytes in pandas, which the server would otherwise
    hold among its cached query results.
    """
    pieces = []
    while not pieces or len(pieces[-1]) == DOWNLOAD_PIECE_ROWS:
        pieces.append(run_query_uncached("facts_table", **filters.query_params(), row_limit=DOWNLOAD_PIECE_ROWS,
                                         row_offset=DOWNLOAD_PIECE_ROWS * len(pieces)))
    return pieces[0] if len(pieces) == 1 else pd.concat(pieces, ignore_index=True)


def figure_count(filters: FigureFilters) -> int:
    """How many figures the filters keep, read without reading the figures."""
    first = first_figures(filters, 1)
    return 0 if first.empty else int(first.matching.iloc[0])


# --- why a filter result is empty ------------------------------------------------------------


def _conditions(filters: FigureFilters, choices: FilterChoices, lang: str) -> list[tuple[str, FigureFilters]]:
    """Each active filter as a phrase, with the filters narrowed by it and all before it."""
    steps, narrowed = [], FigureFilters()
    names = {"places": choices.place_label, "themes": choices.theme_label, "metrics": choices.metric_label}
    for name, key in (("places", "place"), ("themes", "theme"), ("metrics", "metric")):
        chosen = getattr(filters, name)
        if chosen:
            narrowed = _replace(narrowed, **{name: chosen})
            listed = t(lang, "data_list_separator").join(names[name](item, lang) for item in chosen)
            steps.append((t(lang, "data_condition", label=t(lang, key), values=listed), narrowed))
    if filters.kind != "all":
        narrowed = _replace(narrowed, kind=filters.kind)
        steps.append((t(lang, "data_condition", label=t(lang, "kind"), values=t(lang, filters.kind)), narrowed))
    if filters.derived != "all":
        narrowed = _replace(narrowed, derived=filters.derived)
        steps.append((t(lang, "data_condition", label=t(lang, "derived_column"),
                         values=t(lang, f"data_derived_{filters.derived}")), narrowed))
    if choices.years and (str(filters.year_from), str(filters.year_to)) != (choices.years[0], choices.years[-1]):
        narrowed = _replace(narrowed, year_from=filters.year_from, year_to=filters.year_to)
        steps.append((t(lang, "data_condition", label=t(lang, "period"),
                         values=t(lang, "data_years", year_from=filters.year_from, year_to=filters.year_to)), narrowed))
    return steps


def _replace(filters: FigureFilters, **changes) -> FigureFilters:
    return FigureFilters(**{**filters.__dict__, **changes})


def empty_explanation(filters: FigureFilters, choices: FilterChoices, lang: str) -> str:
    """Which filter left no figures, and how many the filters before it had left."""
    if filters.year_from > filters.year_to:
        return t(lang, "data_empty_years_reversed", year_from=filters.year_from, year_to=filters.year_to)
    steps = _conditions(filters, choices, lang)
    before: list[str] = []
    count_before = figure_count(FigureFilters())
    if count_before == 0:
        return t(lang, "data_empty_database")
    for phrase, narrowed in steps:
        count = figure_count(narrowed)
        if count == 0:
            if before:
                message = t(lang, "data_empty_step", count=count_before, before=t(lang, "data_and").join(before),
                            condition=phrase)
            else:
                message = t(lang, "data_empty_first", condition=phrase)
            if narrowed.places and not any((narrowed.themes, narrowed.metrics)) and narrowed.kind == "all" \
                    and narrowed.derived == "all" and _only_directives(narrowed.places):
                message += t(lang, "data_sentence_gap") + t(lang, "data_empty_directives_only")
            return message + t(lang, "data_sentence_gap") + t(lang, "data_empty_hint")
        before.append(phrase)
        count_before = count
    return t(lang, "data_empty_combination")


def _only_directives(places: tuple[str, ...]) -> bool:
    summary = run_query("places_summary")
    chosen = summary[summary.place_id.isin(places)]
    return not chosen.empty and int(chosen.figures.sum()) == 0 and int(chosen.directives.sum()) > 0


# --- the table and its downloads ---------------------------------------------------------------


def _text(value) -> str:
    return value if isinstance(value, str) else ""


def _number(value):
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else float(value)


def _strength(strength, lang: str) -> str:
    return t(lang, f"data_strength_{strength}") if strength in STRENGTHS else ""


def display_table(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The figures as shown: localized names, formatted values in the metric's unit, link, quote."""
    names = unit_names()
    records = rows.to_dict("records")   # one conversion: iterrows builds a Series per row, per column
    return pd.DataFrame({
        t(lang, "place"): [localized(row, "place", lang) for row in records],
        t(lang, "theme"): [localized(row, "theme", lang) for row in records],
        t(lang, "metric"): [localized(row, "metric", lang) for row in records],
        t(lang, "period"): [period_text(label, lang) for label in rows.period_label],
        t(lang, "kind"): [t(lang, kind) for kind in rows.kind],
        t(lang, "value"): [format_value(row["value_std"], row["unit_std"], lang, names, row["comparator"])
                           for row in records],
        t(lang, "derived_column"): [bool(derived) for derived in rows.is_derived],
        # the link early, so it is on screen without scrolling sideways
        t(lang, "open_sentence"): [sentence_url(source, figure, lang) for source, figure in zip(rows.source_id, rows.figure_id)],
        t(lang, "data_strength"): [_strength(strength, lang) for strength in rows.strength],
        t(lang, "scope"): [_text(localized(row, "scope", lang)) for row in records],
        t(lang, "quote"): list(rows.quote),
        t(lang, "note"): [_text(localized(row, "note", lang)) for row in records],
    })


def column_config(lang: str) -> dict:
    """How the table's columns show: place and metric pinned, wide enough not to cut values."""
    return {
        t(lang, "place"): st.column_config.TextColumn(pinned=True),
        t(lang, "metric"): st.column_config.TextColumn(width=280, pinned=True),
        # wide enough for "as of 31 Dec 2023" and "CNY 2.14 billion"
        t(lang, "period"): st.column_config.TextColumn(width=130),
        t(lang, "value"): st.column_config.TextColumn(width=140),
        t(lang, "derived_column"): st.column_config.CheckboxColumn(width="small"),
        # the longest scope names ("national- and provincial-controlled sections") shown whole
        t(lang, "scope"): st.column_config.TextColumn(width=SCOPE_WIDTH),
        t(lang, "quote"): st.column_config.TextColumn(width="large"),
        t(lang, "note"): st.column_config.TextColumn(width="large"),
    }


# The Data export's columns: (header key, description key). The value is in each metric's own unit,
# named in the Unit column right after it: a spreadsheet of many metrics holds many units (万元 beside
# 亿元, % beside µg/m³), so no value stands without its unit (see export_value_in_unit).
DATA_COLUMNS = (
    ("place", "export_about_place"), ("metric", "export_about_metric"), ("theme", "export_about_theme"),
    ("kind", "export_about_kind"), ("data_strength", "export_about_strength"), ("period", "export_about_period"),
    ("data_period_start", "export_about_period_start"), ("data_period_end", "export_about_period_end"),
    ("comparator", "export_about_comparator"), ("export_value_in_unit", "export_about_value_in_unit"),
    ("unit", "export_about_unit"), ("derived_column", "export_about_derived"), ("formula", "export_about_formula"),
    ("scope", "export_about_scope"), ("note", "export_about_note"), ("quote", "export_about_quote"),
    ("source", "export_about_source"), ("export_published", "export_about_published"),
    ("export_sentence_link", "export_about_sentence_link"), ("data_figure_id", "export_about_figure_id"),
    ("data_source_id", "export_about_source_id"),
)


def export_table(rows: pd.DataFrame, lang: str, app_url: str = "") -> pd.DataFrame:
    """The figures for a spreadsheet: the same rows, numbers as numbers, dates as dates, every label in
    `lang`; `app_url` (the app's address) makes the links to the sentences absolute."""
    names = unit_names()
    records = rows.to_dict("records")   # one conversion: iterrows builds a Series per row, per column
    columns = [t(lang, key) for key, _ in DATA_COLUMNS]
    return pd.DataFrame(dict(zip(columns, [
        [localized(row, "place", lang) for row in records],
        [localized(row, "metric", lang) for row in records],
        [localized(row, "theme", lang) for row in records],
        [t(lang, kind) for kind in rows.kind],
        [_strength(strength, lang) for strength in rows.strength],
        [period_text(label, lang) for label in rows.period_label],
        [as_date(day) for day in rows.period_start],
        [as_date(day) for day in rows.period_end],
        [COMPARATOR_SYMBOLS.get(c or "=", "").strip() for c in rows.comparator],
        [_number(value) for value in rows.value_std],
        [unit_name(unit, lang, names) or t(lang, "index_unit") for unit in rows.unit_std],
        [t(lang, "data_yes" if derived else "data_no") for derived in rows.is_derived],
        [_text(formula) for formula in rows.formula],
        [_text(localized(row, "scope", lang)) for row in records],
        [_text(localized(row, "note", lang)) for row in records],
        list(rows.quote),
        [localized(row, "source_title", lang) for row in records],
        [as_date(day) for day in rows.published],
        [absolute(sentence_url(source, figure, lang), app_url) for source, figure in zip(rows.source_id, rows.figure_id)],
        list(rows.figure_id),
        list(rows.source_id),
    ])), columns=columns)


def data_export_columns(lang: str) -> list[ColumnNote]:
    return [column_note(lang, key, about) for key, about in DATA_COLUMNS]


def as_date(value) -> date | None:
    """A calendar date for a spreadsheet cell (None for a missing one)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return pd.Timestamp(value).date()


def absolute(link: str, app_url: str) -> str:
    """A link of the app made absolute with the app's address (left relative without one)."""
    return f"{app_url.rstrip('/')}/{link}" if app_url else link


# --- what a spreadsheet says about itself ------------------------------------------------------------


@dataclass(frozen=True)
class ColumnNote:
    """A column of an export: its header, the same header in the other language, what it holds."""
    header: str
    other_header: str
    description: str


def column_note(lang: str, key: str, about: str, **values) -> ColumnNote:
    """`values` fill both headers' placeholders; a value given as {lang: text} is taken per language."""
    def filled(language: str) -> dict:
        return {name: value[language] if isinstance(value, dict) else value for name, value in values.items()}

    other = next(language for language in LANGUAGES if language != lang)
    return ColumnNote(t(lang, key, **filled(lang)), t(other, key, **filled(other)), t(lang, about, **filled(lang)))


@dataclass
class Export:
    """A table for CSV and Excel: its rows, its columns described, and the reports the rows come from."""
    frame: pd.DataFrame
    columns: list[ColumnNote]
    source_ids: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class About:
    """The second sheet of a workbook: when it was made, the link that reopens the view, the columns
    and the sources."""
    lang: str
    columns: list[ColumnNote]
    sources: pd.DataFrame           # rows of export_sources
    link: str = ""
    day: date | None = None
    notes: tuple[str, ...] = ()


def export_sources(source_ids) -> pd.DataFrame:
    """Title, issuer and publication date of each report among `source_ids`, oldest first."""
    return run_query_uncached("export_sources", sources=sorted({str(s) for s in source_ids if isinstance(s, str)}))


def about_of(export: Export, lang: str, link: str, day: date | None = None) -> About:
    return About(lang, export.columns, export_sources(export.source_ids), link, day or date.today(), export.notes)


def write_about(workbook: Workbook, about: About) -> None:
    """The workbook's second sheet, in the reader's language, every header also in the other."""
    lang = about.lang
    sheet = workbook.create_sheet(t(lang, "export_about_sheet")[:31])
    for letter, width in zip("ABCD", (28, 28, 90, 24)):
        sheet.column_dimensions[letter].width = width

    def bold(*texts: str) -> list[WriteOnlyCell]:
        cells = [WriteOnlyCell(sheet, value=text) for text in texts]
        for cell in cells:
            cell.font = Font(bold=True)
        return cells

    sheet.append(bold(t(lang, "export_about_title")))
    sheet.append([t(lang, "export_exported_on"), _cell(sheet, about.day or date.today())])
    if about.link:
        link = WriteOnlyCell(sheet, value=about.link)
        link.data_type = "s"
        link.hyperlink = about.link
        link.style = "Hyperlink"
        sheet.append([t(lang, "export_view_link"), link])
    for note in about.notes:
        sheet.append([t(lang, "note"), _cell(sheet, note)])
    sheet.append([])
    sheet.append(bold(t(lang, "export_columns_header")))
    sheet.append(bold(t(lang, "export_column"), t(lang, "export_column_other"), t(lang, "export_description")))
    for column in about.columns:
        sheet.append([_cell(sheet, column.header), _cell(sheet, column.other_header), _cell(sheet, column.description)])
    sheet.append([])
    sheet.append(bold(t(lang, "export_sources_header")))
    sheet.append(bold(t(lang, "export_report"), t(lang, "export_issuer"), t(lang, "export_published"),
                      t(lang, "data_source_id")))
    for row in about.sources.to_dict("records"):
        sheet.append([_cell(sheet, localized(row, "title", lang)), _cell(sheet, _text(localized(row, "issuer", lang))),
                      _cell(sheet, as_date(row["published"])), _cell(sheet, row["source_id"])])


def guarded(value):
    """A text cell that a spreadsheet would read as a formula, with the usual leading apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 with a byte-order mark, which Excel needs to read Chinese correctly."""
    return frame.map(guarded).to_csv(index=False).encode("utf-8-sig")


def text_width(value) -> int:
    """Characters a cell needs; a Chinese character takes two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in str(value))


# Column widths are set before the first row is written (a streamed sheet cannot go back), from the
# header and this many of the first rows.
WIDTH_SAMPLE_ROWS = 200


DATE_FORMAT = "yyyy-mm-dd"


def _cell(sheet, value):
    """A value for a streamed sheet: empty for a missing number; a date as an Excel date; text that
    starts like a formula stays text (openpyxl would otherwise store it as a formula)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATE_FORMAT
        return cell
    if isinstance(value, str) and value.startswith("="):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell
    return value


def write_sheet(workbook: Workbook, frames: Iterable[pd.DataFrame], sheet_name: str) -> None:
    """Rows of `frames` (pieces of one table) into a new sheet of a write-only workbook, with a bold,
    frozen header: the rows go to disk as they come, whatever their number."""
    sheet = workbook.create_sheet(sheet_name[:31])
    for number, frame in enumerate(frames):
        if number == 0:
            for index, column in enumerate(frame.columns, start=1):
                longest = max(text_width(value) for value in [column, *frame[column].head(WIDTH_SAMPLE_ROWS)])
                sheet.column_dimensions[get_column_letter(index)].width = min(60, max(8, longest + 2))
            sheet.freeze_panes = "A2"
            header = [WriteOnlyCell(sheet, value=column) for column in frame.columns]
            for cell in header:
                cell.font = Font(bold=True)
            sheet.append(header)
        for values in frame.itertuples(index=False):
            sheet.append([_cell(sheet, value) for value in values])


def xlsx_bytes(frame: pd.DataFrame, sheet_name: str, about: About | None = None) -> bytes:
    """An Excel workbook of one table with a bold, frozen header (text that looks like a formula stays
    text), and with `about`, a second sheet describing it."""
    workbook = Workbook(write_only=True)
    write_sheet(workbook, [frame], sheet_name)
    if about is not None:
        write_about(workbook, about)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# Downloads of more rows than this are streamed from their own address (figure_downloads.py) rather
# than made in the server: an .xlsx of every figure of every prefecture-level city takes minutes and
# would be held in memory for as long as the session lasts.
EAGER_DOWNLOAD_ROWS = 20_000
# Rows the table shows at most; the downloads hold them all. A table of every figure of every city is
# read by downloading it, and drawing it costs minutes and gigabytes.
MAX_SHOWN_ROWS = 5_000


@dataclass
class DataView:
    """What the Data page lays out: the table and its downloads, or why there is nothing to show."""
    table: pd.DataFrame
    caption: str
    empty_message: str | None
    csv: bytes                # empty when the download is streamed (see EAGER_DOWNLOAD_ROWS)
    export: pd.DataFrame | None   # the rows of both downloads; None when they are streamed
    file_stem: str
    filters: FigureFilters = FigureFilters()
    streamed: bool = False    # too many rows to make in the server: downloaded from their own address
    height: int = 0
    columns: dict | None = None
    lang: str = "en"

    def xlsx(self, link: str = "", day: date | None = None) -> bytes:
        """The Excel download, made when asked for: its second sheet holds the export date and `link`."""
        if self.export is None:
            return b""
        sources = tuple(self.export[t(self.lang, "data_source_id")])
        about = about_of(Export(self.export, data_export_columns(self.lang), sources,
                                (t(self.lang, "export_units_note"),)), self.lang, link, day)
        return xlsx_bytes(self.export, t(self.lang, "data_sheet_name"), about)


def data_view(filters: FigureFilters, choices: FilterChoices, lang: str, app_url: str = "") -> DataView:
    """The page's view; remembered per database version when `choices` are the database's own.
    `app_url`: the app's address, which makes the downloads' links to sentences absolute."""
    if choices is filter_choices():
        return _remembered_data_view(filters, lang, app_url)
    return _data_view(filters, choices, lang, app_url)


# a view holds up to 5,000 rows shown and, for up to 20,000 matching rows, the rows of both downloads
@cached_view(entries=8)
def _remembered_data_view(filters: FigureFilters, lang: str, app_url: str = "") -> DataView:
    return _data_view(filters, filter_choices(), lang, app_url)


def _data_view(filters: FigureFilters, choices: FilterChoices, lang: str, app_url: str = "") -> DataView:
    # only the rows the table shows are read; the downloads read the rest when they need them
    shown = first_figures(filters, MAX_SHOWN_ROWS)
    matching = 0 if shown.empty else int(shown.matching.iloc[0])
    total = figure_count(FigureFilters())
    if shown.empty:
        # names of places and metrics are data: escaped, as the message is shown as Markdown
        return DataView(pd.DataFrame(), "", md(empty_explanation(filters, choices, lang)), b"", None, "", lang=lang)
    streamed = matching > EAGER_DOWNLOAD_ROWS
    if streamed:
        csv, exported = b"", None
    else:
        exported = export_table(shown if matching <= MAX_SHOWN_ROWS else all_figures(filters), lang, app_url)
        csv = csv_bytes(exported)
    caption = t(lang, "data_caption", shown=matching, total=total)
    if matching > MAX_SHOWN_ROWS:
        caption += t(lang, "data_sentence_gap") + t(lang, "data_first_rows", rows=MAX_SHOWN_ROWS)
    return DataView(
        table=display_table(shown, lang),
        caption=caption,
        empty_message=None,
        csv=csv,
        export=exported,
        file_stem=t(lang, "data_file_stem"),
        filters=filters,
        streamed=streamed,
        height=table_height(min(matching, MAX_SHOWN_ROWS), max_rows=16),
        columns=column_config(lang),
        lang=lang,
    )
