"""Trends and Compare as tabs (chart, map, table, details): the tab in the URL, only the open tab
made, the table the chart's own figures, and the details the metric's meaning and sources."""
from __future__ import annotations

import pandas as pd
import pytest
from apptest_helpers import open_page, page_links, texts

from envdash.analysis.metric_details import metric_details
from envdash.analysis.options import options
from envdash.analysis.trends import trend_evidence
from envdash.core.i18n import t
from envdash.present.compare_view import comparison_view
from envdash.present.details_tab import references_table, report_line
from envdash.present.map_tab import comparison_table
from envdash.present.safe_text import md
from envdash.store.queries import run_query

MODES = [pytest.param(lang, present, id=f"{lang}-{'present' if present == '1' else 'plain'}")
         for lang in ("zh", "en") for present in ("0", "1")]


def tab_labels(app) -> list[str]:
    return [tab.label for tab in app.tabs]


@pytest.mark.parametrize(("lang", "present"), MODES)
def test_trends_opens_on_the_chart_tab_and_makes_only_the_chart(lang, present):
    app = open_page("trends", lang, present=present)
    labels = tab_labels(app)
    assert [any(t(lang, f"tab_{name}") in label for label in labels) for name in ("chart", "table", "details")] == \
        [True, True, True]
    assert t(lang, "tab_chart") in labels[0], "the chart's tab comes first"
    assert len(app.get("plotly_chart")) == 1 and not app.dataframe and not app.table


@pytest.mark.parametrize(("lang", "present"), MODES)
def test_trends_table_tab_shows_the_charts_own_figures_with_their_sentences(lang, present):
    app = open_page("trends", lang, present=present, metric="pm25_annual_mean", places="jiaxing,cixi", tab="table")
    assert not app.get("plotly_chart")
    shown = (app.table if present == "1" else app.dataframe)[0].value
    points = trend_evidence("pm25_annual_mean", ["jiaxing", "cixi"]).points
    assert len(shown) == len(points)
    picker = app.selectbox(key="trends.table.sentence_row") if present == "1" else None
    assert picker is None or len(picker.options) == len(points), "every figure's sentence can be opened"


@pytest.mark.parametrize(("lang", "present"), MODES)
def test_trends_details_tab_gives_definition_unit_direction_references_and_reports(lang, present):
    app = open_page("trends", lang, present=present, metric="pm25_annual_mean", places="jiaxing,cixi", tab="details")
    shown = texts(app)
    metric = options().metric("pm25_annual_mean")
    assert metric[f"definition_{lang}"] in shown
    assert t(lang, "direction_lower_better") in shown
    references = app.table[0].value
    stored = run_query("metric_references", metric="pm25_annual_mean")
    assert len(references) == len(stored)
    # a static table's cells are Markdown, its data escaped
    assert sorted(references[md(t(lang, "source"))]) == sorted(md(source) for source in stored.source)
    reports = [query for label, page, query in page_links(app) if page == "sources" and "source" in query]
    assert {query["source"][0] for query in reports} == set(trend_evidence("pm25_annual_mean",
                                                                           ["jiaxing", "cixi"]).points.source_id)
    assert all(query["back"] == ["trends"] and query["lang"] == [lang] for query in reports)


def test_details_list_the_scopes_in_use_with_their_definitions():
    rows = comparison_view(options().metric("surface_water_good_ratio"), None, "en", False).rows
    details = metric_details(options().metric("surface_water_good_ratio"), rows)
    used = {scope for scope in rows.scope if isinstance(scope, str)}
    assert set(details.scopes.scope_id) == used
    assert details.whole_area == bool(rows.scope.isna().any())
    assert all(isinstance(text, str) and text for text in details.scopes.definition_en)


def test_details_count_the_figures_each_report_gives():
    points = trend_evidence("pm25_annual_mean", ["jiaxing", "cixi"]).points
    details = metric_details(options().metric("pm25_annual_mean"), points)
    counted = dict(zip(details.reports.source_id, details.reports.figures))
    assert counted == points.groupby("source_id").size().to_dict()
    first = details.reports.iloc[0]
    assert report_line(first, "en").startswith(f"{first['issuer_en']}, published {first['published']:%Y-%m-%d}")
    assert report_line(first, "zh").startswith(f"{first['issuer_zh']},{first['published']:%Y-%m-%d}发布")


def test_reference_values_keep_their_unit_year_and_source():
    references = run_query("metric_references", metric="pm25_annual_mean")
    for lang in ("zh", "en"):
        table = references_table(references, "µg/m³", lang, {"µg/m³": ("微克/立方米", "µg/m³")})
        assert list(table[t(lang, "source")]) == list(references.source)
        assert table[t(lang, "details_year")].tolist() == ["" if pd.isna(year) else str(int(year))
                                                             for year in references.year]


@pytest.mark.parametrize(("lang", "present"), MODES)
def test_compare_has_chart_map_table_and_details_tabs_and_the_map_tab_draws_the_map(lang, present):
    app = open_page("compare", lang, present=present, metric="air_quality_composite_index", tab="map")
    labels = tab_labels(app)
    assert [any(t(lang, f"tab_{name}") in label for label in labels)
            for name in ("chart", "map", "table", "details")] == [True] * 4
    charts = app.get("plotly_chart")
    assert len(charts) == 2, "the map and the policy-focus heatmap, no bars"
    assert '"place":"jiaxing"' in charts[0].proto.spec.replace(" ", "")
    assert t(lang, "map_caption") in texts(app)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_compare_table_tab_lists_the_bars_figures_best_first(lang):
    app = open_page("compare", lang, metric="construction_land_safe_use_ratio", tab="table")
    shown = app.dataframe[0].value
    view = comparison_view(options().metric("construction_land_safe_use_ratio"), None, lang, False)
    expected = comparison_table(view, lang)
    assert len(shown) == len(view.rows) == 2
    assert list(shown[t(lang, "place")]) == list(expected[t(lang, "place")])
    ascending = view.direction == "lower_better"
    order = view.rows.sort_values("value_std", ascending=ascending, kind="stable")
    assert [name for name in shown[t(lang, "place")]] == [row[f"place_{lang}"] for _, row in order.iterrows()]


def test_a_tab_named_in_the_url_is_opened_and_an_unknown_one_falls_back_to_the_chart():
    assert not open_page("trends", "en", tab="details").get("plotly_chart")
    app = open_page("trends", "en", tab="nonsense")
    assert len(app.get("plotly_chart")) == 1
    assert any("tab" in element.value for element in app.info), "the page says which setting it reset"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_compares_table_downloads_hold_the_bars_figures_as_numbers(lang):
    from envdash.present.map_tab import comparison_export

    view = comparison_view(options().metric("construction_land_safe_use_ratio"), None, lang, False)
    export = comparison_export(view, lang, "http://intranet.example/envdash")
    assert len(export.frame) == len(view.rows) == 2
    assert list(export.frame.iloc[:, 0]) == list(comparison_table(view, lang)[t(lang, "place")])
    values = [value for value in export.frame.iloc[:, 6]]
    assert values == sorted(view.rows.value_std, reverse=view.direction == "higher_better")
    assert set(export.source_ids) == set(view.rows.source_id)
