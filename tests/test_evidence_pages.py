"""Trends and Targets under AppTest, in both languages, on the seed data: the places without figures are
named, the metric is defined, and a target with no actual for its own year says so wherever it appears."""
from __future__ import annotations

import base64
import json
import re

import numpy as np
import pytest
from apptest_helpers import open_page, page_links, texts

from envdash.core.i18n import t

FOUR_PLACES = ["jiaxing", "cixi", "baoding", "ningbo"]
# what the pages said before: an earlier value worded as meeting a later target
MET_WORDS = {"en": re.compile(r"\b(met by|already meets|which meets|already met)\b"),
             "zh": re.compile(r"已达到2023|已达成2023|已达标|已达成该|已达到该")}


def _decoded(value):
    """Plotly's JSON writes number arrays as {"dtype", "bdata"} (base64); read them back as lists."""
    if isinstance(value, dict) and set(value) >= {"dtype", "bdata"}:
        return np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"])).tolist()
    if isinstance(value, dict):
        return {key: _decoded(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_decoded(item) for item in value]
    return value


def figure_of(app, index: int = 0) -> dict:
    return _decoded(json.loads(app.get("plotly_chart")[index].proto.spec))


@pytest.mark.parametrize("lang, missing, definition", [
    ("en", "Baoding and Ningbo report no figure for this metric.",
     "Definition: Mean concentration of fine particulate matter (PM2.5) over the year or period."),
    ("zh", "保定市和宁波市未报告该指标的数据。", "定义：细颗粒物(PM2.5)浓度的年(或期间)平均值。"),
])
def test_trends_names_the_places_without_figures_and_defines_the_metric(lang, missing, definition):
    shown = texts(open_page("trends", lang, metric="pm25_annual_mean", places=FOUR_PLACES))
    assert missing in shown
    assert definition in shown


def test_trends_says_nothing_is_missing_when_every_place_reports_the_metric():
    shown = texts(open_page("trends", "en", metric="pm25_annual_mean", places=["jiaxing", "cixi"]))
    assert "report no figure" not in shown and "reports no figure" not in shown


@pytest.mark.parametrize("lang, headline", [
    ("en", "Jiaxing's PM2.5 annual mean: no 2023 figure yet; the 2022 value, 26 µg/m³, is already at the 2023 "
           "target level (≤ 26 µg/m³)."),
    ("zh", "嘉兴市PM2.5年均浓度：尚无2023年数据；2022年为26微克/立方米，已处于2023年目标水平（≤26微克/立方米）。"),
])
def test_trends_headline_on_the_seed_says_there_is_no_2023_figure(lang, headline):
    shown = texts(open_page("trends", lang, metric="pm25_annual_mean", places=FOUR_PLACES))
    assert headline in shown
    assert not MET_WORDS[lang].search(shown)


def test_trends_chart_spans_its_years_and_keeps_the_national_average_to_them():
    figure = figure_of(open_page("trends", "en", metric="pm25_annual_mean", places=FOUR_PLACES))
    years = [int(text) for text in figure["layout"]["xaxis"]["ticktext"]]
    assert years == [2022, 2023]
    for shape in figure["layout"]["shapes"]:
        assert shape["x0"].startswith("2022-01-01") and shape["x1"].startswith("2023-12-31")
    average = next(trace for trace in figure["data"] if trace.get("name") == "National average")
    assert [x[:4] for x in average["x"]] == ["2022", "2023"]


@pytest.mark.parametrize("lang, status, note", [
    ("en", "No actual reported yet", "the 2022 value, 26 µg/m³, is already at this target level"),
    ("zh", "尚无实际值", "2022年为26微克/立方米，已处于该目标水平"),
])
def test_targets_keeps_no_actual_yet_for_jiaxings_pm25_and_says_where_2022_stood(lang, status, note):
    app = open_page("targets", lang, places="jiaxing")
    table = app.dataframe[1].value
    metric = "PM2.5 annual mean" if lang == "en" else "PM2.5年均浓度"
    row = table[table.iloc[:, 1] == metric].iloc[0]
    status_text = row[t(lang, "status")].replace("\u00a0", " ")
    assert status_text.startswith(status) and note in status_text
    assert row[t(lang, "actual")] == "–", "no actual is shown for 2023"
    assert not MET_WORDS[lang].search(texts(app))


@pytest.mark.parametrize("lang, legend, label, row", [
    ("en", "No actual for the target's period yet: latest earlier value", "2022 value",
     "Jiaxing · PM2.5 annual mean · target 2023"),
    ("zh", "目标期尚无实际值：此前最新数值", "2022年数值", "嘉兴市 · PM2.5年均浓度 · 2023年目标"),
])
def test_targets_chart_shows_an_earlier_value_as_such(lang, legend, label, row):
    figure = figure_of(open_page("targets", lang, places="jiaxing"))
    earlier = [trace for trace in figure["data"] if trace.get("name") == legend]
    assert len(earlier) == 1
    trace = earlier[0]
    assert figure["layout"]["showlegend"] is True
    assert trace["marker"]["symbol"] == "circle-open"
    position = trace["y"].index(row)
    assert trace["text"][position] == label
    assert trace["x"][position] == pytest.approx(100.0)     # 26 of ≤ 26
    # no other trace draws a result for that target
    assert not [t for t in figure["data"] if t is not trace and row in t.get("y", [])]


@pytest.mark.parametrize("lang, expected", [
    ("en", "with no actual for their own period yet (3 of these already at the target level by an earlier figure)"),
    ("zh", "项本期尚无实际值（其中3项此前的数值已处于目标水平）"),
])
def test_targets_headline_counts_earlier_values_apart_from_met(lang, expected):
    shown = texts(open_page("targets", lang, places="jiaxing"))
    assert expected in shown


@pytest.mark.parametrize("lang, note", [
    ("en", "the 2022 value, 26 µg/m³, is already at this target level"),
    ("zh", "2022年为26微克/立方米，已处于该目标水平"),
])
def test_overview_card_keeps_no_actual_yet_and_says_where_2022_stood(lang, note):
    app = open_page(None, lang)
    lines = [label for label, _, _ in page_links(app)]
    pm25 = [line.replace("\\", "").replace("\u00a0", " ") for line in lines if "2023" in line and "26" in line
            and ("PM2.5" in line or "≤" in line)]
    assert any(note in line for line in pm25), pm25
    assert not MET_WORDS[lang].search(texts(app))
