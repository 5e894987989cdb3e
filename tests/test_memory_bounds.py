"""What keeps the server's memory bounded with every prefecture-level city: byte-sized caches, narrow reads."""
import io

import pandas as pd

from envdash.core.paths import database_path
from envdash.present import data_table
from envdash.present.data_table import FigureFilters, all_figures, figure_count, first_figures
from envdash.present.figure_downloads import csv_pieces
from envdash.store import db
from envdash.store.result_cache import byte_bounded_cache, frame_bytes


def _frame(rows: int) -> pd.DataFrame:
    return pd.DataFrame({"value": [1.0] * rows})


def test_results_beyond_the_byte_budget_evict_the_least_recently_used():
    calls = []
    budget = frame_bytes(_frame(100)) * 2 + 1

    @byte_bounded_cache(budget)
    def result(key: str) -> pd.DataFrame:
        calls.append(key)
        return _frame(100)

    result("a"), result("b"), result("a"), result("c")   # "b" is the least recently used when "c" arrives
    result("a"), result("b")
    assert calls == ["a", "b", "c", "b"]
    assert result.cache_bytes() <= budget


def test_a_result_larger_than_the_whole_budget_is_returned_but_not_kept():
    calls = []

    @byte_bounded_cache(frame_bytes(_frame(10)))
    def result(rows: int) -> pd.DataFrame:
        calls.append(rows)
        return _frame(rows)

    assert len(result(1000)) == len(result(1000)) == 1000
    assert calls == [1000, 1000] and result.cache_bytes() == 0


def test_the_app_connection_limits_duckdbs_memory():
    cursor = db.connection(database_path())
    try:
        limit = cursor.execute("SELECT current_setting('memory_limit')").fetchone()[0]
    finally:
        cursor.close()
    assert limit == "488.2 MiB"   # 512 MB as DuckDB states it


def test_the_first_rows_carry_the_count_of_every_figure_the_filters_keep():
    everything = all_figures(FigureFilters())
    first = first_figures(FigureFilters(), 5)
    assert len(everything) > 5
    assert list(first.figure_id) == list(everything.figure_id[:5])
    assert figure_count(FigureFilters()) == first.matching.iloc[0] == len(everything)


def test_a_filter_that_keeps_nothing_counts_zero():
    assert figure_count(FigureFilters(kind="target", year_from=2999)) == 0


def test_the_data_table_reads_only_the_rows_it_shows_and_streams_a_large_download(monkeypatch):
    monkeypatch.setattr(data_table, "MAX_SHOWN_ROWS", 7)
    monkeypatch.setattr(data_table, "EAGER_DOWNLOAD_ROWS", 10)
    total = figure_count(FigureFilters())
    view = data_table._data_view(FigureFilters(), data_table.filter_choices(), "en")
    assert len(view.table) == 7 and f"{total:,}" in view.caption.replace("\u00a0", "")
    # more rows than are made in the server: downloaded from their own address, nothing held
    assert view.streamed and view.csv == view.xlsx() == b"" and view.export is None
    streamed = b"".join(csv_pieces(view.filters, "en"))
    assert len(pd.read_csv(io.BytesIO(streamed), encoding="utf-8-sig")) == total


def test_a_focus_is_accepted_for_a_curated_record_and_nothing_else():
    from envdash.present.source_reader import source_specs
    from envdash.store.queries import run_query
    focus = source_specs()[1]
    source_id = run_query("sources_list").source_id.iloc[0]
    record_id = run_query("quoted_records", source=source_id).record_id.iloc[0]
    assert record_id in focus.choices
    assert "no_such_record" not in focus.choices and None not in focus.choices


def test_a_view_keeps_at_most_its_entries_the_least_recently_used_going_first(tmp_path, monkeypatch):
    from envdash.store.queries import cached_view
    database = tmp_path / "envdash.duckdb"
    database.write_bytes(b"a build")
    monkeypatch.setenv("ENVDASH_DB", str(database))
    calls = []

    @cached_view(entries=2)
    def view(place: str) -> str:
        calls.append(place)
        return place

    for place in ("a", "b", "a", "c", "a", "b"):
        view(place)
    assert calls == ["a", "b", "c", "b"]


def test_a_rebuilt_database_frees_the_views_of_the_old_one(tmp_path, monkeypatch):
    import os
    import weakref

    from envdash.store.queries import cached_view
    database = tmp_path / "envdash.duckdb"
    database.write_bytes(b"first build")
    monkeypatch.setenv("ENVDASH_DB", str(database))

    class View:
        pass

    @cached_view
    def view(place: str) -> View:
        return View()

    old = weakref.ref(view("ningbo"))
    rebuilt = tmp_path / "rebuilt"
    rebuilt.write_bytes(b"second build")
    os.replace(rebuilt, database)
    view("ningbo")
    assert old() is None


def test_downloads_made_with_the_view_hold_every_matching_row_not_only_those_shown(monkeypatch):
    monkeypatch.setattr(data_table, "MAX_SHOWN_ROWS", 7)
    view = data_table._data_view(FigureFilters(), data_table.filter_choices(), "en")
    assert isinstance(view.csv, bytes) and len(view.table) == 7
    assert len(pd.read_csv(io.BytesIO(view.csv), encoding="utf-8-sig")) == figure_count(FigureFilters())


def test_a_download_read_in_pieces_holds_what_one_read_of_every_figure_gives(monkeypatch):
    from envdash.store.queries import run_query_uncached
    whole = run_query_uncached("facts_table", **FigureFilters().query_params(), row_limit=None, row_offset=0)
    monkeypatch.setattr(data_table, "DOWNLOAD_PIECE_ROWS", 7)
    assert len(whole) % 7 and len(whole) > 14
    # a piece whose column is all empty comes as None rather than NaN: the download reads both as blank
    for lang in ("en", "zh"):
        pd.testing.assert_frame_equal(data_table.export_table(all_figures(FigureFilters()), lang),
                                      data_table.export_table(whole, lang))
