"""Drafting on phrasings real reports use: units as pages write them, comparison years, targets under
headings, lists written with 分别, changes before levels, and metric names in their many spellings."""
from __future__ import annotations

import datetime as dt

import pytest
from drafting_helpers import only, project_catalog

from envdash.curation.catalog import Catalog, Unit
from envdash.curation.drafting.context import ReportInfo, described_report, section_heading
from envdash.curation.drafting.figures import suggest_figures
from envdash.curation.drafting.readings import unit_vocabulary
from envdash.curation.drafting.text import matching_forms, simplified, split_items

REVIEW_2023 = ReportInfo(dt.date(2024, 1, 20), "2023", plan_only=False)
NOTICE_2023 = ReportInfo(dt.date(2023, 6, 30), "2023", plan_only=False)


@pytest.fixture(scope="module")
def catalog():
    return project_catalog()


def suggest(catalog, text: str, info: ReportInfo = REVIEW_2023):
    return suggest_figures(text, "testplace", catalog, info)


def metric_of(suggestion) -> str | None:
    return suggestion.metric.metric if suggestion.metric else None


# --- units as pages write them ------------------------------------------------------------------------------

@pytest.mark.parametrize("written, value, unit", [
    ("35μg/m3", 35, "µg/m³"), ("35µg/m3", 35, "µg/m³"), ("35ug/m3", 35, "µg/m³"), ("35UG/M3", 35, "µg/m³"),
    ("35μg/m³", 35, "µg/m³"), ("35 μg/m3", 35, "µg/m³"), ("35微克每立方米", 35, "µg/m³"),
    ("35微克/立方米", 35, "µg/m³"), ("1.1mg/m3", 1.1, "毫克/立方米"), ("1.1mg/m³", 1.1, "毫克/立方米"),
    ("1.1毫克每立方米", 1.1, "毫克/立方米"),
])
def test_concentration_units_are_read_in_every_spelling(catalog, written, value, unit):
    suggestion = only(suggest(catalog, f"二氧化氮平均浓度为{written}。"))
    assert (suggestion.value, suggestion.unit) == (value, unit)


def test_the_digit_of_m3_is_not_a_figure(catalog):
    assert [s.value for s in suggest(catalog, "臭氧浓度为166ug/m3,一氧化碳浓度为0.9mg/m3。")] == [166, 0.9]


def test_unit_spellings_come_from_the_catalogue(tmp_path):
    catalog = Catalog(tmp_path, units={"µg/m³": Unit(id="µg/m³", name_zh="微克/立方米", name_en="µg/m³",
                                                       dimension="concentration", factor=1, written=["ugm"])})
    assert unit_vocabulary(catalog) == {"µg/m³": "µg/m³", "微克/立方米": "µg/m³", "ugm": "µg/m³"}


# --- bounds -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, comparator", [
    ("PM2.5年均浓度控制在27微克/立方米以内。", "<="),
    ("完成年度目标(PM2.5≤30微克/立方米)。", "<="),
    ("优良天数比例距年度目标(≥87%)尚有差距。", ">="),
    ("特征污染物浓度低于0.05mg/m3。", "<"),
])
def test_bound_words_and_signs_give_the_comparator(catalog, text, comparator):
    assert only(suggest(catalog, text)).comparator == comparator


def test_numbers_in_corner_quotes_are_names(catalog):
    suggestion = only(suggest(catalog, "京津冀及周边地区「2+26」城市PM2.5平均浓度为44微克/立方米。"))
    assert suggestion.value == 44


# --- the year a figure is for, not the one it is compared with ------------------------------------------------

def test_comparison_year_opening_a_sentence_is_not_the_period(catalog):
    first, second = suggest(catalog, "与2022年同期相比,全市PM2.5平均浓度为31μg/m3,下降3.1%;优良天数比例为84.4%,"
                                     "上升1.9个百分点。")
    assert (first.period, second.period) == ("2023", "2023")
    assert first.change == {"value": -3.1, "unit": "%", "basis": "relative", "versus": "2022"}
    assert second.change == {"value": 1.9, "unit": "pp", "basis": "absolute", "versus": "2022"}


def test_year_compared_with_after_words_between_is_not_the_period(catalog):
    suggestion = only(suggest(catalog, "全市PM2.5平均浓度为36μg/m³,较疫情前的2019年下降16.7%。"))
    assert suggestion.period == "2023"
    assert suggestion.change["versus"] == "2019"


def test_year_held_level_with_is_not_the_period(catalog):
    suggestion = only(suggest(catalog, "与2022年持平的是,全市劣Ⅴ类断面比例为0.7%。"))
    assert suggestion.period == "2023"


def test_a_year_named_plainly_is_still_the_period(catalog):
    suggestion = only(suggest(catalog, "督察发现,2021年全市PM2.5平均浓度为45微克/立方米。", NOTICE_2023))
    assert (suggestion.period, suggestion.kind) == ("2021", "actual")


# --- targets under headings ----------------------------------------------------------------------------------

def test_figures_under_a_target_heading_before_a_colon_are_targets(catalog):
    suggestion = only(suggest(catalog, "整改目标:到2025年底,全市PM2.5平均浓度降至35微克/立方米以下。", NOTICE_2023))
    assert (suggestion.kind, suggestion.period, suggestion.comparator) == ("target", "2025", "<=")


def test_figures_under_a_target_heading_line_are_targets_until_a_review_heading(catalog):
    text = ("二、工作目标\n到2025年,全市优良天数比率稳定在90%以上,饮用水水源地水质达标率保持100%。\n"
            "三、整改进展\n2023年,全市优良天数比率为86.1%。")
    kinds = [(s.value, s.kind, s.period) for s in suggest(catalog, text, NOTICE_2023)]
    assert kinds == [(90, "target", "2025"), (100, "target", "2025"), (86.1, "actual", "2023")]


def test_a_passage_on_a_year_already_over_is_reviewed_even_under_a_plan_heading(catalog):
    text = "会议要求:持续深化污染防治。\n2023年,全市PM2.5平均浓度为35微克/立方米。"
    suggestion = only(suggest(catalog, text))
    assert (suggestion.kind, suggestion.period) == ("actual", "2023")


@pytest.mark.parametrize("sentence, section", [
    ("整改目标:到2025年底,…", "plan"), ("三、整改目标", "plan"), ("工作目标", "plan"), ("整改要求:…", "plan"),
    ("整改进展:截至目前…", "review"), ("整改完成情况:…", "review"), ("问题十二:大气污染防治推进不力", "review"),
    ("会议指出,2023年…", None), ("全市优良天数比率为86.1%", None),
])
def test_section_headings_are_read_as_plans_or_reviews(sentence, section):
    assert section_heading(sentence)[0] == section


def test_rate_as_of_a_month_end_covers_the_year_so_far(catalog):
    suggestion = only(suggest(catalog, "截至2022年8月底,全县饮用水源地水质达标率为100%。",
                              ReportInfo(dt.date(2022, 9, 15), "2022", plan_only=False)))
    assert suggestion.period == "2022-01..2022-08"


def test_count_as_of_a_month_end_is_a_stock_on_that_day(catalog):
    suggestion = only(suggest(catalog, "截至2023年10月底,全市完成燃煤锅炉淘汰56台。"))
    assert suggestion.period == "2023-10-31"


@pytest.mark.parametrize("kind, plans", [("work plan", True), ("review and plan", False), ("news", False),
                                         ("rectification notice", False)])
def test_only_a_work_plan_drafts_every_passage_as_plans(kind, plans):
    assert described_report(dt.date(2024, 1, 10), "2024", kind).plan_only is plans


# --- lists written with 分别 ----------------------------------------------------------------------------------

def test_a_list_written_with_one_unit_at_its_end_takes_it_for_every_number(catalog):
    suggestions = suggest(catalog, "全市二氧化硫、二氧化氮、细颗粒物年均浓度分别为8、29、35ug/m3。")
    assert [(s.value, s.unit) for s in suggestions] == [(8, "µg/m³"), (29, "µg/m³"), (35, "µg/m³")]
    assert [metric_of(s) for s in suggestions] == [None, None, "pm25_annual_mean"]


def test_names_before_fenbie_go_to_the_numbers_in_order(catalog):
    first, second = suggest(catalog, "PM2.5、PM10浓度分别为42μg/m³、71μg/m³。")
    assert (metric_of(first), metric_of(second)) == ("pm25_annual_mean", None)


def test_a_list_of_changes_goes_to_the_figures_before_it_in_order(catalog):
    first, second = suggest(catalog, "PM2.5、PM10浓度分别为42μg/m³、71μg/m³,同比分别下降4.5%、2.7%。")
    assert (first.change["value"], second.change["value"]) == (-4.5, -2.7)


def test_names_of_a_water_list_share_their_measure(catalog):
    first, second = suggest(catalog, "国考、省考断面水质优良率分别为90%、93.5%。")
    assert (metric_of(first), metric_of(second)) == ("surface_water_good_ratio", "surface_water_good_ratio")


# --- changes ---------------------------------------------------------------------------------------------------

def test_a_change_before_its_level_is_one_record(catalog):
    suggestion = only(suggest(catalog, "与2022年相比,2023年我区PM2.5平均浓度下降2.8%,为34微克/立方米。"))
    assert (suggestion.value, suggestion.unit, metric_of(suggestion)) == (34, "µg/m³", "pm25_annual_mean")
    assert suggestion.change == {"value": -2.8, "unit": "%", "basis": "relative", "versus": "2022"}
    assert suggestion.quote == "2023年我区PM2.5平均浓度下降2.8%,为34微克/立方米"


def test_a_share_change_before_its_level_takes_the_metric_named_with_the_change(catalog):
    suggestion = only(suggest(catalog, "空气质量优良率提高3.0个百分点,达到82.5%。"))
    assert (suggestion.value, metric_of(suggestion), suggestion.change["value"]) == (82.5, "air_good_days_ratio", 3.0)


@pytest.mark.parametrize("text, change", [
    ("全市空气质量综合指数为4.12,同比改善6.8%。", -6.8),     # lower is better: an improvement is a fall
    ("全市PM2.5平均浓度为31μg/m3,同比改善3.1%。", -3.1),
    ("空气质量优良天数比例为84.4%,同比改善1.9个百分点。", 1.9),  # higher is better: a rise
])
def test_an_improvement_is_signed_by_the_metric_direction(catalog, text, change):
    assert only(suggest(catalog, text)).change["value"] == change


# --- metric names in their many spellings ----------------------------------------------------------------------

@pytest.mark.parametrize("text, metric", [
    ("全市国省控断面三类水质比例为93.3%。", "surface_water_good_ratio"),
    ("全市水质优良(Ⅰ—Ⅲ类)断面比例为94.1%。", "surface_water_good_ratio"),
    ("地表水省控断面I~III类水质比例达到88.5%。", "surface_water_good_ratio"),
    ("全國Ⅰ—Ⅲ類水質斷面佔84.9%。", "surface_water_good_ratio"),
    ("县级以上集中式饮用水源地水质达标率保持100%。", "drinking_water_source_compliance"),
    ("細顆粒物(PM2.5)平均濃度為30微克/立方米。", "pm25_annual_mean"),
    ("全市PM₂.₅年均浓度为29μg/m³。", "pm25_annual_mean"),
    ("全市PM2.5累计平均浓度为33微克/立方米。", "pm25_annual_mean"),
])
def test_real_phrasings_match_the_catalogue(catalog, text, metric):
    assert metric_of(only(suggest(catalog, text))) == metric


def test_traditional_quote_stays_traditional(catalog):
    suggestion = only(suggest(catalog, "細顆粒物(PM2.5)平均濃度為30微克/立方米。"))
    assert suggestion.quote == "細顆粒物(PM2.5)平均濃度為30微克/立方米"


@pytest.mark.parametrize("text, metric", [
    ("我市8个国考断面水质均值全部达到Ⅲ类,优良率为100%。", "surface_water_good_ratio"),
    ("全年优良天数304天,优良率83.3%。", "air_good_days_ratio"),
])
def test_a_name_two_themes_share_goes_to_the_theme_of_its_sentence(catalog, text, metric):
    assert metric_of(suggest(catalog, text)[-1]) == metric


@pytest.mark.parametrize("text", ["全市近岸海域优良水质比例约为80%。", "近岸海域优良(一、二类)水质面积比例为71.3%。"])
def test_not_when_words_keep_a_metric_away(catalog, text):
    assert metric_of(only(suggest(catalog, text))) is None


def test_a_water_composite_index_is_not_the_air_one(catalog):
    assert metric_of(only(suggest(catalog, "全市河流水质综合指数为3.2。"))) is None


def test_a_number_without_a_unit_gets_no_metric(catalog):
    suggestion = only(suggest(catalog, "空气质量相对较好的前20位城市平均PM2.5浓度较低。"))
    assert suggestion.unit is None and metric_of(suggestion) is None


def test_a_name_with_too_many_words_inside_does_not_match(catalog):
    assert metric_of(only(suggest(catalog, "太湖湖体综合营养状态指数为53.2。"))) is None


# --- the matching spelling ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, with_brackets_words, without", [
    ("细颗粒物(PM2.5)平均浓度", "细颗粒物PM2.5平均浓度", "细颗粒物平均浓度"),
    ("水质优良（Ⅰ～Ⅲ类）断面比例", "水质优良Ⅰ-Ⅲ类断面比例", "水质优良断面比例"),
    ("I-III类水质", "Ⅰ-Ⅲ类水质", "Ⅰ-Ⅲ类水质"),
    ("PM 2.5浓度", "PM2.5浓度", "PM2.5浓度"),
    ("PM₂.₅浓度", "PM2.5浓度", "PM2.5浓度"),
])
def test_matching_forms_spell_names_one_way(text, with_brackets_words, without):
    assert matching_forms(simplified(text)) == (with_brackets_words, without)


def test_list_items_are_not_cut_inside_brackets():
    text = "近岸海域优良(一、二类)水质比例、入海河流"
    assert [text[start: end] for start, end in split_items(text, 0, len(text))] == ["近岸海域优良(一、二类)水质比例", "入海河流"]
