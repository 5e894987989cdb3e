"""Chart images say where their figures come from, and charts draw an explicit value-axis range that
their slides repeat."""
import html

import pandas as pd
import pytest

from envdash.analysis.options import options
from envdash.analysis.targets import STATUSES
from envdash.core.i18n import t
from envdash.present.charts import value_range, wrap_source
from envdash.present.compare_view import comparison_view
from envdash.present.targets_view import targets_view
from envdash.present.trend_view import trend_view

LANGS = ["zh", "en"]


def views(lang: str, present: bool):
    """(figure, rows with source_id, title_* and published) of each chart that has a source line."""
    trend = trend_view(options().metric("pm25_annual_mean"), ["jiaxing", "cixi"], lang, present)
    compare = comparison_view(options().metric("surface_water_good_ratio"), None, lang, present)
    targets = targets_view(["jiaxing", "cixi", "baoding"], None, list(STATUSES), lang, present)
    return {"trends": (trend.figure, trend.points), "compare": (compare.figure, compare.rows),
            "targets": (targets.figure, targets.rows)}


@pytest.mark.parametrize("present", [False, True], ids=["page", "presenting"])
@pytest.mark.parametrize("lang", LANGS)
def test_each_chart_image_carries_the_title_and_date_of_every_report_it_draws_on(lang, present):
    for name, (figure, rows) in views(lang, present).items():
        # the subtitle is drawn into the figure, so the modebar's PNG holds it
        subtitle = html.unescape(figure.layout.title.subtitle.text).replace("<br>", " ")
        assert subtitle.startswith(t(lang, "source_line", sources="")), name
        reports = rows.drop_duplicates("source_id")
        assert len(reports) >= 1
        for _, report in reports.iterrows():
            assert report[f"source_title_{lang}"] in subtitle, (name, report["source_id"])
            assert f"{pd.Timestamp(report['published']):%Y-%m-%d}" in subtitle, (name, report["source_id"])


def test_the_source_line_sits_in_the_top_margin_under_the_title():
    figure, _ = views("en", False)["trends"]
    lines = figure.layout.title.subtitle.text.count("<br>") + 1
    assert figure.layout.title.yref == "container" and figure.layout.title.y == 1
    assert figure.layout.margin.t >= 18 * 1.4 + lines * 11 * 1.4, "room for the title and every source line"


def test_a_long_source_line_breaks_between_reports():
    source = "Source: " + "; ".join(f"Report {i} of a city's ecology bureau (2023-05-18)" for i in range(6))
    lines = wrap_source(source, width=120)
    assert "; ".join(lines) == source
    assert len(lines) > 1 and all(len(line) <= 120 for line in lines)
    assert all(line.rstrip().endswith(")") for line in lines), "a line ends where a report does"


def test_value_axis_starts_at_zero_and_ends_a_round_step_above_the_highest_value():
    assert value_range([26, 29, 35, 15, 5]) == [0.0, 40.0]
    assert value_range([100, 85]) == [0.0, 110.0]
    assert value_range([4.81, 4.74, 3.49]) == [0.0, 5.5]


def test_value_axis_reaches_below_zero_for_negative_values():
    low, high = value_range([-12, 30])
    assert low <= -12 and low % 5 == 0 and high >= 30


def test_a_dot_plot_axis_holds_its_values_and_the_target_line_with_room_either_side():
    low, high = value_range([100, 100, 105.26, 100.0], from_zero=False)
    assert low < 100 < 105.26 < high
    assert (low, high) == (98.0, 107.0)
