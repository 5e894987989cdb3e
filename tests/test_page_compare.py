"""The Compare page under AppTest on the real curation: the scope picker and its default, the bars'
scope, who reports, the shared year, and the chart's own labels, in both languages."""
from __future__ import annotations

import base64
import json
import re

import duckdb
import numpy
import pandas as pd
import pytest
from apptest_helpers import open_page, texts

from envdash.analysis.comparison import (WHOLE_AREA, evidence_from, rank_text, reporting_note, scope_options,
                                         year_options)
from envdash.core.i18n import t
from envdash.present.charts import comparison_chart

SHARE = "surface_water_good_ratio"


@pytest.fixture(scope="module")
def facts(built_database):
    with duckdb.connect(str(built_database), read_only=True) as connection:
        return connection.execute("SELECT f.*, year(period_end) AS year, p.name_zh AS place_zh, p.name_en AS "
                                  "place_en, p.sort_order FROM facts f JOIN places p USING (place_id) "
                                  "WHERE kind = 'actual'").df()


@pytest.fixture(scope="module")
def place_names(built_database) -> dict[str, tuple[str, str]]:
    with duckdb.connect(str(built_database), read_only=True) as connection:
        return {place: (zh, en) for place, zh, en in connection.execute(
            "SELECT place_id, name_zh, name_en FROM places").fetchall()}


def bars(app) -> dict:
    """The Compare chart's bar trace as the browser receives it (values decoded)."""
    chart = next(chart for chart in app.get("plotly_chart")
                 if json.loads(chart.proto.spec)["data"][0].get("type") == "bar")
    trace = json.loads(chart.proto.spec)["data"][0]
    x = trace["x"]
    if isinstance(x, dict):   # plotly sends numbers as typed arrays: {"dtype": "f8", "bdata": base64}
        x = numpy.frombuffer(base64.b64decode(x["bdata"]), dtype=x["dtype"]).tolist()
    return {"x": x, "y": trace["y"], "text": trace["text"], "hovertext": trace["hovertext"]}


def scope_picker(app):
    return next(box for box in app.selectbox if box.label == t("en", "scope") or box.label == t("zh", "scope"))


def chosen_places(app) -> list[str]:
    return app.multiselect[0].value


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_scope_picker_offers_every_scope_the_places_report_and_defaults_by_the_stated_rule(lang, facts):
    app = open_page("compare", lang, metric=SHARE)
    places = chosen_places(app)
    expected = scope_options(facts[(facts.metric_id == SHARE) & facts.place_id.isin(places)])
    picker = scope_picker(app)
    assert picker.value == expected[0].scope
    assert len(picker.options) == len(expected) >= 4   # Baoding's sections and Jiaxing's three sets


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_baoding_49_of_49_sections_appear_as_a_derived_share_with_their_scope(lang):
    app = open_page("compare", lang, metric=SHARE, scope="national_provincial_sections")
    bar = bars(app)
    scope = {"zh": "国控和省控断面(省控以上)", "en": "national- and provincial-controlled sections"}[lang]
    assert bar["x"] == [100.0]
    assert bar["y"][0].startswith({"zh": "保定市", "en": "Baoding"}[lang])
    assert scope in bar["text"][0] and t(lang, "derived") in bar["text"][0]
    assert f"{t(lang, 'scope')}: {scope}" in bar["hovertext"][0] and "49 / 49" in bar["hovertext"][0]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_choosing_another_scope_shows_that_scopes_figures_and_says_who_reports_other_scopes(lang, facts,
                                                                                           place_names):
    app = open_page("compare", lang, metric=SHARE, scope="national_controlled_sections")
    bar = bars(app)
    rows = facts[(facts.metric_id == SHARE) & (facts.scope == "national_controlled_sections")]
    assert len(bar["x"]) == len(rows) and bar["y"][0].startswith({"zh": "嘉兴市", "en": "Jiaxing"}[lang])
    assert all({"zh": "国控断面", "en": "national-controlled sections"}[lang] in text for text in bar["text"])
    chosen = evidence_from(facts[(facts.metric_id == SHARE) & facts.place_id.isin(chosen_places(app))], SHARE,
                           "higher_better", tuple(chosen_places(app)),
                           place_names, "national_controlled_sections", None, False)
    note = reporting_note(chosen, lang)
    assert note in texts(app)
    assert chosen.other_scope == ("baoding",) and set(chosen.silent) == {"ningbo", "cixi"}


@pytest.mark.parametrize("lang, expected", [
    ("en", "1 of the 4 chosen places reports this metric (national-controlled sections); Baoding reports it only "
           "for other scopes; Ningbo and Cixi do not report it."),
    ("zh", "所选4个地区中有1个填报了该指标(国控断面);保定市仅填报了其他范围的数值;宁波市和慈溪市未填报该指标。"),
])
def test_the_page_names_the_places_that_do_not_report(lang, expected):
    app = open_page("compare", lang, metric=SHARE, scope="national_controlled_sections",
                    places="baoding,jiaxing,ningbo,cixi")
    assert expected in texts(app)


def test_a_scope_the_places_do_not_report_falls_back_to_the_default():
    app = open_page("compare", "en", metric="pm25_annual_mean", scope="national_controlled_sections")
    assert scope_picker(app).value == "urban_districts"
    assert "urban districts" in bars(app)["text"][0]


def test_one_scope_only_is_still_named_by_the_picker():
    app = open_page("compare", "en", metric="construction_land_safe_use_ratio")
    picker = scope_picker(app)
    assert picker.options == ["whole area (2 places)"] and picker.value == WHOLE_AREA


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_mixed_years_keep_the_warning_and_the_headline_ranks_nothing(lang, facts):
    app = open_page("compare", lang, metric="construction_land_safe_use_ratio")
    years = sorted(set(facts[facts.metric_id == "construction_land_safe_use_ratio"].year))
    assert len(years) > 1
    assert any(t(lang, "compare_mixed_years", years=", ".join(map(str, years))) == w.value for w in app.warning)
    headline = app.subheader[0].value
    assert t(lang, "compare_headline_differ_periods", periods="")[:2] in headline
    assert not any(word in headline for word in ("highest", "lowest", "最高", "最低"))
    assert all("<br>" not in label for label in bars(app)["y"]), "no rank across years"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_same_year_offers_the_years_of_the_scope_and_defaults_to_the_most_shared(lang, facts):
    app = open_page("compare", lang, metric="air_quality_composite_index", same_year="1")
    scope = scope_picker(app).value
    rows = facts[facts.metric_id == "air_quality_composite_index"]
    expected = year_options(rows.assign(scope=rows.scope.where(rows.scope.notna(), None)), scope)
    year = next(box for box in app.selectbox if box.label == t(lang, "compare_year_picker"))
    assert year.value == str(expected[0].year)
    assert year.options == [t(lang, "compare_year_option_one" if o.places == 1 else "compare_year_option_many",
                              year=o.year, count=o.places) for o in expected]
    assert not app.warning


def test_the_year_from_the_url_is_kept_and_only_that_years_values_are_shown():
    app = open_page("compare", "en", metric="air_quality_composite_index", same_year="1", year="2022")
    year = next(box for box in app.selectbox if box.label == "Year")
    assert year.value == "2022"
    assert all(" · 2022 · " in text for text in bars(app)["text"])


def test_without_same_year_there_is_no_year_picker():
    app = open_page("compare", "en", metric="air_quality_composite_index", year="2022")
    assert not any(box.label == "Year" for box in app.selectbox)


def test_no_chosen_place_reporting_says_so():
    app = open_page("compare", "en", metric=SHARE, places="ningbo,cixi")
    assert any(element.value == t("en", "compare_none_reporting", total=2, metric="Share of water sections at Class I–III")
               for element in app.info)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_presenter_mode_keeps_the_pickers_in_the_change_view_menu(lang):
    app = open_page("compare", lang, metric=SHARE, present="1")
    assert scope_picker(app).value and bars(app)["text"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_chart_puts_the_rank_beside_each_place_and_the_scope_on_each_bar(lang):
    def row(place, name, value, order):
        return {"figure_id": place, "place_id": place, "place_zh": name, "place_en": name, "sort_order": order,
                "level": "prefecture", "scope": "urban_districts", "scope_zh": "市区(设区城市)",
                "scope_en": "urban districts", "year": 2023, "period_label": "2023",
                "period_start": pd.Timestamp("2023-01-01"), "period_end": pd.Timestamp("2023-12-31"),
                "value_std": value, "unit_std": "µg/m³", "comparator": "=", "is_derived": False, "formula": None,
                "source_title_zh": "报告", "source_title_en": "Report"}
    actuals = pd.DataFrame([row("a", "A", 30.0, 0), row("b", "B", 26.0, 1), row("c", "C", 30.0, 2)])
    chosen = evidence_from(actuals, "pm", "lower_better", ("a", "b", "c"), {p: (p, p) for p in "abc"},
                           None, None, False)
    ranks = [rank_text(int(r["rank"]), 3, bool(r["rank_tied"]), lang) for _, r in chosen.rows.iterrows()]
    figure = comparison_chart(chosen.rows.assign(rank_label=ranks), None, "PM", "µg/m³", lang, False, None)
    bar = figure.data[0]
    assert list(bar.y) == [f"B<br>{rank_text(1, 3, False, lang)}", f"A<br>{rank_text(2, 3, True, lang)}",
                           f"C<br>{rank_text(2, 3, True, lang)}"]
    scope = "市区(设区城市)" if lang == "zh" else "urban districts"
    assert all(scope in text for text in bar.text)
    assert all(rank in hover and scope in hover for rank, hover in zip(ranks, bar.hovertext))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_all_metrics_view_names_each_small_charts_scope(lang, facts, built_database):
    app = open_page("compare", lang, view="all")
    spec = json.loads(app.get("plotly_chart")[0].proto.spec)
    # a title's text as read: markup gone, its wrapped lines joined
    titles = [" ".join(re.sub(r"<[^>]+>", " ", annotation["text"]).split()) for annotation in spec["layout"]["annotations"]]
    with duckdb.connect(str(built_database), read_only=True) as connection:
        names = dict(connection.execute(f"SELECT metric_id, name_{lang} FROM metrics WHERE comparable").fetchall())
    comparable = facts[facts.metric_id.isin(names.keys())]
    assert len(titles) == comparable.metric_id.nunique()
    for metric_id, rows in comparable.groupby("metric_id"):
        option = scope_options(rows)[0]
        scope = option.name_zh if lang == "zh" else option.name_en
        assert f"{names[metric_id]} {scope}" in titles


def test_no_place_chosen_asks_for_one():
    app = open_page("compare", "en", metric=SHARE)
    app.multiselect[0].set_value([]).run()
    assert not app.exception
    assert any(element.value == t("en", "compare_no_places") for element in app.info)
