"""Targets' progress badges and the distance to target: "better" points the same way whether the
metric should rise or fall, in both languages; badge colours are the theme's and read well."""
from __future__ import annotations

import sys
import tomllib
from pathlib import Path

import pandas as pd
import pytest
from apptest_helpers import open_page
from hypothesis import given
from hypothesis import strategies as st

from envdash.analysis.options import options, unit_names
from envdash.analysis.target_progress import (AT_LEVEL_EARLIER, BADGES, better_direction, target_badge,
                                              target_distance)
from envdash.analysis.targets import STATUSES
from envdash.core.attainment import MET, NO_ACTUAL, NOT_ASSESSED, attainment_status
from envdash.core.i18n import t
from envdash.core.paths import PROJECT_ROOT
from envdash.present.target_badges import (BADGE_STYLES, badge_markdown, distance_text, targets_with_progress,
                                           with_progress)
from envdash.present.targets_view import targets_view

sys.path.insert(0, str(Path(__file__).resolve().parent / "browser"))
from browser_support import contrast_ratio  # noqa: E402

NAMES = {"µg/m³": ("微克/立方米", "µg/m³"), "%": ("%", "%"), "个": ("个", "items")}


def attainment_row(target: float, comparator: str, direction: str, actual: float | None, unit: str = "µg/m³",
                   previous: float | None = None, previous_period: str | None = None, strength: str = "binding"):
    """One attainment row as the build writes it: status from the project's own rule."""
    status = attainment_status(target, comparator, direction, actual, strength).status
    previous_meets = None
    if previous is not None and actual is None:
        previous_meets = attainment_status(target, comparator, direction, previous).status == MET
    return {"target_value": target, "comparator": comparator, "direction": direction, "actual_value": actual,
            "status": status, "unit_std": unit, "previous_actual_value": previous,
            "previous_period_label": previous_period, "previous_meets": previous_meets}


@pytest.mark.parametrize(("comparator", "direction", "expected"), [
    ("<=", "higher_better", -1), ("<", "neutral", -1), (">=", "lower_better", 1), (">", "neutral", 1),
    ("=", "lower_better", -1), ("~", "higher_better", 1), ("=", "neutral", 0), (None, "neutral", 0)])
def test_the_targets_comparator_decides_which_way_is_better_before_the_metrics_direction(comparator, direction,
                                                                                          expected):
    assert better_direction(comparator, direction) == expected


# (target, comparator, direction, actual, unit) → the distance in English and in Chinese
DISTANCES = [
    pytest.param(29, "<=", "lower_better", 26, "µg/m³", "3 µg/m³ better than the target", "优于目标3微克/立方米",
                 id="lower-is-better-met"),
    pytest.param(29, "<=", "lower_better", 31, "µg/m³", "2 µg/m³ short of the target", "距目标尚差2微克/立方米",
                 id="lower-is-better-missed"),
    pytest.param(87.5, ">=", "higher_better", 85.4, "%", "2.1 percentage points short of the target",
                 "距目标尚差2.1个百分点", id="higher-is-better-missed"),
    pytest.param(87.5, ">=", "higher_better", 90, "%", "2.5 percentage points better than the target",
                 "优于目标2.5个百分点", id="higher-is-better-met"),
    pytest.param(26, "=", "lower_better", 24, "µg/m³", "2 µg/m³ better than the target", "优于目标2微克/立方米",
                 id="bare-target-reads-by-direction"),
    pytest.param(300, "=", "neutral", 320, "个", "20 items above the target", "高于目标20个", id="neutral-above"),
    pytest.param(300, "=", "neutral", 280, "个", "20 items below the target", "低于目标20个", id="neutral-below"),
    pytest.param(95, ">=", "higher_better", 95, "%", "exactly at the target", "与目标值持平", id="on-the-target"),
]


@pytest.mark.parametrize(("target", "comparator", "direction", "actual", "unit", "english", "chinese"), DISTANCES)
def test_distance_to_target_says_better_or_short_the_way_the_target_is_meant(target, comparator, direction, actual,
                                                                              unit, english, chinese):
    row = attainment_row(target, comparator, direction, actual, unit)
    distance = target_distance(row)
    texts = {lang: distance_text(distance, unit, lang, NAMES).replace("\u00a0", " ") for lang in ("en", "zh")}
    assert texts == {"en": english, "zh": chinese}


def test_a_target_with_no_actual_of_its_own_is_measured_from_the_earlier_actual_and_names_its_year():
    row = attainment_row(95, ">=", "higher_better", None, "%", previous=100, previous_period="2022")
    assert target_badge(row) == AT_LEVEL_EARLIER
    assert distance_text(target_distance(row), "%", "en", NAMES) == \
        "2022 value: 5 percentage points better than the target"
    assert distance_text(target_distance(row), "%", "zh", NAMES) == "按2022年数值:优于目标5个百分点"


def test_an_earlier_actual_short_of_the_target_keeps_the_plain_no_actual_badge_and_says_short():
    row = attainment_row(29, "<=", "lower_better", None, previous=31, previous_period="2022")
    assert target_badge(row) == NO_ACTUAL
    assert distance_text(target_distance(row), "µg/m³", "en", NAMES).replace("\u00a0", " ") == \
        "2022 value: 2 µg/m³ short of the target"


def test_an_estimate_is_not_assessed_and_has_no_distance():
    row = attainment_row(1600, ">", "neutral", 1700, "个", strength="estimate")
    assert target_badge(row) == NOT_ASSESSED
    assert target_distance(row) is None and distance_text(None, "个", "en", NAMES) == ""


@given(target=st.floats(1, 1000), actual=st.floats(0, 1200), comparator=st.sampled_from(["<=", ">=", "="]),
       direction=st.sampled_from(["lower_better", "higher_better"]))
def test_better_than_the_target_always_goes_with_met_and_short_of_it_with_missed(target, actual, comparator,
                                                                                  direction):
    row = attainment_row(target, comparator, direction, actual)
    distance = target_distance(row)
    if distance.amount == 0:
        assert row["status"] == MET
    else:
        assert distance.better == (row["status"] == MET)


def test_the_seed_targets_table_has_progress_and_distance_after_the_actual(built_database):
    for lang in ("en", "zh"):
        view = targets_view(list(options().places.place_id), None, list(STATUSES), lang, present=False)
        shown = with_progress(view.table, view.rows, lang, unit_names())
        columns = list(shown.columns)
        assert columns.index(t(lang, "targets_progress")) == columns.index(t(lang, "actual")) + 1
        assert columns.index(t(lang, "targets_distance")) == columns.index(t(lang, "actual")) + 2
        rows = view.rows.reset_index(drop=True)
        pm25 = rows.index[(rows.place_id == "jiaxing") & (rows.metric_id == "pm25_annual_mean")][0]
        assert shown[t(lang, "targets_progress")].iloc[pm25] == t(lang, "badge_at_level_earlier")
        assert shown[t(lang, "targets_distance")].iloc[pm25] == t(
            lang, "distance_earlier", period="2022" if lang == "en" else "2022年", distance=t(lang, "distance_equal"))
        land = rows.index[(rows.place_id == "jiaxing") & (rows.metric_id == "construction_land_safe_use_ratio")][0]
        assert shown[t(lang, "targets_distance")].iloc[land] == t(
            lang, "distance_earlier", period="2022" if lang == "en" else "2022年",
            distance=t(lang, "distance_better", amount=t(lang, "percentage_points", value="5")))
        estimate = rows.index[rows.status == NOT_ASSESSED][0]
        assert shown[t(lang, "targets_progress")].iloc[estimate] == t(lang, "badge_not_assessed")
        assert shown[t(lang, "targets_distance")].iloc[estimate] == ""


def test_a_table_and_its_targets_must_match_row_for_row():
    with pytest.raises(ValueError, match="3 rows for 2 targets"):
        with_progress(pd.DataFrame({"Actual": [1, 2, 3]}), pd.DataFrame({"status": [MET, MET]}), "en", NAMES)


def test_every_badge_has_words_an_icon_and_a_colour_in_both_languages():
    for badge in BADGES:
        for lang in ("en", "zh"):
            assert t(lang, f"badge_{badge}")
        markdown = badge_markdown(badge, "en")
        style = BADGE_STYLES[badge]
        assert markdown.startswith(f":{style.palette}-badge[{style.icon} ")
    assert len({style.palette for style in BADGE_STYLES.values()}) == len(BADGES), "one colour per badge"


def test_the_theme_draws_badges_in_the_badge_colours_and_their_words_read_at_4_5_to_1():
    theme = tomllib.loads((PROJECT_ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))["theme"]
    for style in BADGE_STYLES.values():
        assert theme[f"{style.palette}Color"] == style.colour
        assert theme[f"{style.palette}BackgroundColor"] == style.background
        assert theme[f"{style.palette}TextColor"] == style.text
        rgb = [tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5)) for colour in (style.text, style.background)]
        assert contrast_ratio(*rgb) >= 4.5


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_targets_page_shows_badges_as_coloured_pills_and_as_badges_when_presenting(lang):
    normal = open_page("targets", lang)
    grid = normal.dataframe[-1].value
    labels = {t(lang, f"badge_{badge}") for badge in BADGES}
    # one badge per row, as a one-item list (the pill column's cells; arrays once read back)
    assert all(len(cell) == 1 and cell[0] in labels for cell in grid[t(lang, "targets_progress")])
    summary = [element.proto.body for element in normal.markdown if "-badge[" in element.proto.body]
    assert any(t(lang, "badge_at_level_earlier") in body and ":blue-badge[" in body for body in summary)
    presenting = open_page("targets", lang, present="1")
    shown = presenting.table[-1].value
    assert shown[t(lang, "targets_progress")].str.contains(r"^:(?:green|orange|blue|gray|violet)-badge\[").all()
    table = targets_with_progress(list(options().places.place_id)[:8], None, list(STATUSES), lang, False)
    assert len(shown) == len(table)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_targets_export_carries_progress_and_distance_after_the_status_with_their_descriptions(lang):
    from envdash.present.target_badges import progress_export
    from envdash.present.targets_view import targets_export

    view = targets_view(list(options().places.place_id), None, list(STATUSES), lang, present=False)
    export = progress_export(targets_export(view, lang), view.rows, lang)
    headers = list(export.frame.columns)
    assert headers == [column.header for column in export.columns]
    at = headers.index(t(lang, "status"))
    assert headers[at + 1:at + 3] == [t(lang, "targets_progress"), t(lang, "targets_distance")]
    described = {column.header: column.description for column in export.columns}
    assert described[t(lang, "targets_progress")] == t(lang, "export_about_progress")
    assert described[t(lang, "targets_distance")] == t(lang, "export_about_distance")
    shown = with_progress(view.table, view.rows, lang, unit_names())
    assert list(export.frame[t(lang, "targets_distance")]) == list(shown[t(lang, "targets_distance")])
