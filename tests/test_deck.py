"""Exported decks: native editable charts with the database's values, headline titles, footnotes."""
import io

import duckdb
import pytest
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE

from envdash.analysis.options import options
from envdash.analysis.targets import STATUSES
from envdash.present.compare_view import comparison_deck, comparison_view
from envdash.present.targets_view import targets_deck, targets_view
from envdash.present.trend_view import trend_deck, trend_view


def slides_of(deck: bytes):
    return list(Presentation(io.BytesIO(deck)).slides)


def chart_of(slide):
    return next(shape.chart for shape in slide.shapes if shape.has_chart)


def footnote_of(slide) -> str:
    return next(shape.text_frame.text for shape in slide.shapes if shape.name == "Footnote")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_trend_deck_has_title_slide_and_one_native_line_chart(lang):
    metric = options().metric("air_quality_composite_index")
    view = trend_view(metric, ["baoding", "jiaxing"], lang, present=False)
    slides = slides_of(trend_deck(view, lang))
    assert len(slides) == 2
    chart = chart_of(slides[1])
    assert chart.chart_type == XL_CHART_TYPE.LINE_MARKERS
    assert slides[1].shapes.title.text == view.headline
    assert footnote_of(slides[1]) == view.source_line and view.source_line


def test_trend_deck_series_carry_the_database_values(built_database):
    metric = options().metric("air_quality_composite_index")
    view = trend_view(metric, ["baoding"], "en", present=False)
    chart = chart_of(slides_of(trend_deck(view, "en"))[1])
    values = {series.name: [v for v in series.values if v is not None] for series in chart.plots[0].series}
    with duckdb.connect(str(built_database), read_only=True) as connection:
        stated = [row[0] for row in connection.execute(
            "SELECT value_std FROM facts WHERE place_id='baoding' AND metric_id='air_quality_composite_index' "
            "AND NOT is_derived AND kind='actual' ORDER BY period_end").fetchall()]
        derived = [row[0] for row in connection.execute(
            "SELECT value_std FROM facts WHERE place_id='baoding' AND metric_id='air_quality_composite_index' "
            "AND is_derived ORDER BY period_end").fetchall()]
    assert values["Baoding · Actual"] == pytest.approx(stated)
    assert values["Baoding · derived"] == pytest.approx(derived)


def test_comparison_deck_is_a_bar_chart_best_first(built_database):
    metric = options().metric("pm25_annual_mean")
    view = comparison_view(metric, None, "en", present=False)
    slides = slides_of(comparison_deck(view, "en"))
    chart = chart_of(slides[1])
    assert chart.chart_type == XL_CHART_TYPE.BAR_CLUSTERED
    with duckdb.connect(str(built_database), read_only=True) as connection:
        expected = sorted(row[0] for row in connection.execute(
            "SELECT value_std FROM latest_actual WHERE metric_id='pm25_annual_mean'").fetchall())
    assert sorted(chart.plots[0].series[0].values) == pytest.approx(expected)
    assert footnote_of(slides[1]).startswith("Source:")


def test_targets_deck_values_are_actual_as_percent_of_target(built_database):
    view = targets_view(["jiaxing"], None, list(STATUSES), "zh", present=False)
    chart = chart_of(slides_of(targets_deck(view, "zh"))[1])
    with duckdb.connect(str(built_database), read_only=True) as connection:
        expected = [row[0] for row in connection.execute(
            "SELECT coalesce(actual_value, previous_actual_value) / target_value * 100 FROM attainment "
            "WHERE place_id='jiaxing' AND coalesce(actual_value, previous_actual_value) IS NOT NULL "
            "AND target_value <> 0").fetchall()]
    assert sorted(chart.plots[0].series[0].values) == pytest.approx(sorted(expected))
    assert footnote_of(slides_of(targets_deck(view, "zh"))[1]).startswith("来源")
