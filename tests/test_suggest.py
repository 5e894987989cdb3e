"""Drafting a curated file for a new report: readings, guesses, the real reports, and a sixth report end to end."""
from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys

import duckdb
import pytest
import yaml
from apptest_helpers import open_page
from drafting_helpers import only, project_catalog
from fixture_project import command_env
from streamlit.testing.v1 import AppTest

from envdash.core.paths import PROJECT_ROOT
from envdash.curation.source_text import SourceText
from envdash.curation.suggest import ReportInfo, draft_yaml, report_info, simplified, suggest_figures, suggestion_stated
from envdash.store.build import validate

MINIMUM_RATE = 0.90
REVIEW_2023 = ReportInfo(dt.date(2024, 3, 28), "2023..2024", plan_only=False)
PLAN_2022 = ReportInfo(dt.date(2022, 2, 28), "2022", plan_only=True)


@pytest.fixture(scope="module")
def catalog():
    return project_catalog()


def suggest(catalog, text: str, info: ReportInfo = REVIEW_2023, place: str = "baoding"):
    return suggest_figures(text, place, catalog, info)


# --- value, unit and comparator ------------------------------------------------------------------------

@pytest.mark.parametrize("text, value, unit, comparator", [
    ("空气优良率保持在87%以上。", 87, "%", ">="),
    ("PM2.5年均浓度控制在29微克每立方米以下。", 29, "µg/m³", "<="),
    ("设区城市PM2.5浓度达到26微克/立方米及以下。", 26, "µg/m³", "<="),
    ("涉及总投资700多亿元。", 700, "亿元", ">"),
    ("支持300余个重大建设项目落地。", 300, "个", ">"),
    ("已有1.3万余家企业纳入线上监管。", 1.3, "万家", ">"),
    ("赔偿金额超1900万元。", 1900, "万元", ">"),
    ("有偿使用和交易金额约占全省21%。", 21, "%", "~"),
    ("完成1万亩污染耕地源解析。", 1, "万亩", "="),
    ("完成清淤37.09万方。", 37.09, "万方", "="),
    ("完成生态环境治理有效投资24.08亿。", 24.08, "亿元", "="),
    ("全年空气质量综合指数4.74。", 4.74, "index", "="),
    ("对25名干部职工逐一甄别查核。", 25, "人", "="),
    ("环评时效缩短为1个工作日。", 1, "个工作日", "="),
])
def test_value_unit_and_comparator_are_read_as_written(catalog, text, value, unit, comparator):
    suggestion = only(suggest(catalog, text))
    assert (suggestion.value, suggestion.unit, suggestion.comparator) == (value, unit, comparator)


def test_rank_in_chinese_numerals_is_a_rank_with_its_field_as_total(catalog):
    suggestion = only(suggest(catalog, "在全市11个市直执法部门经济发展绩效考核中排名第三。"))
    assert (suggestion.value, suggestion.unit, suggestion.total) == (3, "名", 11)


def test_count_of_years_in_chinese_numerals_is_proposed(catalog):
    suggestion = only(suggest(catalog, "连续三年获得美丽浙江考核优秀。"))
    assert (suggestion.value, suggestion.unit) == (3, "年")


def test_every_one_of_a_stated_set_gets_the_set_as_total(catalog):
    suggestion = only(suggest(catalog, "49个国省控断面水质全部达到Ⅲ类及以上。"))
    assert suggestion.total == 49


# --- what is not proposed ------------------------------------------------------------------------------

def test_dates_ordinals_and_names_are_not_proposed(catalog):
    text = "2023年3月26日,召开会议。\n1.开展PM2.5和臭氧协同治理,入选第六批试点,落实“1726”行动。"
    assert suggest(catalog, text) == []


def test_chinese_list_markers_and_meeting_numbers_are_not_proposed(catalog):
    assert suggest(catalog, "一是以市委十四届八次全会精神为指引,贯彻党的二十大精神。") == []


# --- changes ------------------------------------------------------------------------------------------

def test_relative_change_after_a_figure_is_its_change_and_extends_its_quote(catalog):
    suggestion = only(suggest(catalog, "全年空气质量综合指数4.74,同比下降1.46%,实现持续好转。"))
    assert suggestion.change == {"value": -1.46, "unit": "%", "basis": "relative"}
    assert suggestion.quote == "全年空气质量综合指数4.74,同比下降1.46%"


def test_percentage_point_change_is_absolute_in_pp(catalog):
    suggestion = only(suggest(catalog, "空气优良天数比率达到80.5%,同比提高3.1个百分点。"))
    assert suggestion.change == {"value": 3.1, "unit": "pp", "basis": "absolute"}


def test_change_without_a_level_is_a_change_only_record(catalog):
    suggestion = only(suggest(catalog, "市局中层干部平均年龄较2021年年轻2岁。"))
    assert (suggestion.value, suggestion.unit) == (None, "岁")
    assert suggestion.change == {"value": -2, "unit": "岁", "basis": "absolute", "versus": "2021"}


# --- period, kind, strength ---------------------------------------------------------------------------

def test_month_span_of_a_past_period_is_an_actual_for_that_span(catalog):
    info = ReportInfo(dt.date(2025, 8, 1), "2025-01..2025-07", plan_only=False)
    suggestion = only(suggest(catalog, "1-7月全市入库重点项目286个。", info, "ningbo"))
    assert (suggestion.period, suggestion.kind) == ("2025-01..2025-07", "actual")


def test_review_passage_gives_actuals_of_its_year(catalog):
    suggestion = only(suggest(catalog, "会议指出,2023年,全市共谋划实施减排项目136个。"))
    assert (suggestion.period, suggestion.kind, suggestion.strength) == ("2023", "actual", None)


def test_plan_passage_with_queren_gives_a_binding_target(catalog):
    suggestion = only(suggest(catalog, "2022年,确保PM2.5年均浓度控制在29微克每立方米以下。", PLAN_2022, "cixi"))
    assert (suggestion.period, suggestion.kind, suggestion.strength) == ("2022", "target", "binding")


def test_lizheng_makes_an_aspirational_target(catalog):
    suggestion = only(suggest(catalog, "力争本年度入网申报企业数量实现4000家。", PLAN_2022, "cixi"))
    assert (suggestion.kind, suggestion.strength) == ("target", "aspirational")


def test_deadline_within_the_year_ends_the_period(catalog):
    info = ReportInfo(dt.date(2023, 5, 18), "2022..2023", plan_only=False)
    text = "2023年工作要点。确保2023年8月底前获评A、B级和引领性的企业达到8%。"
    suggestion = only(suggest(catalog, text, info, "jiaxing"))
    assert suggestion.period == "2023-01..2023-08-31"


def test_running_total_in_a_review_is_a_stock_at_the_end_of_the_year(catalog):
    suggestion = only(suggest(catalog, "2023年,累计引进项目8个。"))
    assert suggestion.period == "2023-12-31"


# --- metrics ------------------------------------------------------------------------------------------

def test_metric_is_guessed_from_a_synonym(catalog):
    suggestion = only(suggest(catalog, "空气优良率保持在87%以上。", PLAN_2022, "cixi"))
    assert suggestion.metric.metric == "air_good_days_ratio"


def test_traditional_text_matches_simplified_names_and_keeps_its_quote(catalog):
    suggestion = only(suggest(catalog, "空氣優良率保持在87%以上。", PLAN_2022, "cixi"))
    assert suggestion.metric.metric == "air_good_days_ratio"
    assert suggestion.quote == "空氣優良率保持在87%以上"


def test_unmatched_metric_is_left_blank_with_three_candidates(catalog):
    suggestion = only(suggest(catalog, "有力支持保障长城汽车等300余个重大建设项目落地。"))
    assert suggestion.metric.metric is None
    assert len(suggestion.metric.candidates) == 3
    assert "major_projects_supported" in dict(suggestion.metric.candidates)


def test_numbers_listed_together_take_the_names_beside_them(catalog):
    first, second = suggest(catalog, "设置125个工业园区监测断面、252个镇(街道)监测断面。")
    assert (first.metric.metric, second.metric.metric) == ("park_water_monitoring_sections",
                                                           "township_water_monitoring_sections")


def test_simplified_view_keeps_offsets():
    text = "省生態環境廳召開月度工作例會"
    assert len(simplified(text)) == len(text)
    assert simplified(text) == "省生态环境厅召开月度工作例会"


# --- the draft file -----------------------------------------------------------------------------------

def test_draft_file_marks_every_record_as_draft_and_quotes_verbatim(catalog):
    text = "全年空气质量综合指数4.74,同比下降1.46%。有力支持保障长城汽车等300余个重大建设项目落地。"
    suggestions = suggest(catalog, text)
    written = draft_yaml("baoding_2024_meeting", "data/sources/x.txt", suggestions)
    data = yaml.safe_load(written)
    assert written.startswith("# DRAFT")
    assert [record["draft"] for record in data["figures"]] == [True, True]
    assert all(SourceText(text).contains(record["quote"]) for record in data["figures"])
    assert data["figures"][1]["metric"] is None and "closest: major_projects_supported" in written


# --- the loader and drafts ------------------------------------------------------------------------------

def test_file_of_only_drafts_with_blanks_validates_and_counts_its_drafts(project):
    draft = {"place": "baoding", "metric": None, "period": "2023", "kind": "actual", "value": 4.74,
             "unit": None, "quote": "全年空气质量综合指数4.74", "draft": True}
    path = project.write_curated(figures=[draft, dict(draft, value=1.46)], directives=[])
    catalog, curation = validate(project.root)
    assert curation.drafts == {str(path.relative_to(project.root)): 2}
    assert all(figure.source_id != "baoding_2024_meeting" for figure in curation.figures)


# --- the command line refuses plainly -------------------------------------------------------------------

@pytest.mark.parametrize("args, message", [
    (["data/sources/001_396b5dfcc4d9a12c.txt", "--place", "baodin", "--source-id", "x"],
     "error: unknown place 'baodin' (did you mean 'baoding'?); add it to data/places.yaml first"),
    (["data/sources/no_such_report.txt", "--place", "baoding", "--source-id", "x"], "error: no file at "),
], ids=["unknown place", "missing file"])
def test_suggest_refuses_with_one_line_and_exit_1(args, message, tmp_path):
    result = _envdash(PROJECT_ROOT, "suggest", *args, "--out", str(tmp_path / "x.yaml"))
    assert result.returncode == 1
    assert result.stderr.startswith(message) and result.stderr.count("\n") == 1, result.stderr
    assert not (tmp_path / "x.yaml").exists()


def test_suggest_never_overwrites_a_file(tmp_path):
    out = tmp_path / "curated.yaml"
    out.write_text("kept", encoding="utf-8")
    result = _envdash(PROJECT_ROOT, "suggest", "data/sources/001_396b5dfcc4d9a12c.txt", "--place", "baoding",
                      "--source-id", "baoding_2024_meeting", "--out", str(out))
    assert result.returncode == 1 and "exists" in result.stderr
    assert out.read_text(encoding="utf-8") == "kept"


# --- accuracy on the real reports ---------------------------------------------------------------------

def _overlaps(suggestion, spans) -> bool:
    return any(suggestion.start < end and start < suggestion.end for start, end in spans)


def test_suggestions_find_at_least_90_percent_of_the_curated_figures(record_property, capsys):
    """For each stated curated figure: a suggestion over its quote with the same value, unit and comparator."""
    catalog, curation = validate(PROJECT_ROOT)
    by_source, found, missed = {}, 0, []
    figures = [figure for figure in curation.figures if not figure.is_derived]
    for figure in figures:
        if figure.source_id not in by_source:
            text = catalog.source_texts[figure.source_id]
            info = report_info(catalog, figure.source_id, simplified(text))
            by_source[figure.source_id] = suggest_figures(text, catalog.sources[figure.source_id].place, catalog, info)
        spans = SourceText(catalog.source_texts[figure.source_id]).find_all(figure.quote)
        if any(_overlaps(suggestion, spans) and suggestion_stated(suggestion, figure.value)
               and (suggestion.unit, suggestion.comparator) == (figure.unit, figure.comparator)
               for suggestion in by_source[figure.source_id]):
            found += 1
        else:
            missed.append(f"{figure.file}:{figure.line} {figure.value} {figure.unit} {figure.comparator}")
    rate = found / len(figures)
    record_property("suggestion_rate", f"{found}/{len(figures)}")
    with capsys.disabled():
        print(f"\nsuggestion rate: {found}/{len(figures)} = {rate:.1%} (value, unit and comparator right)")
    assert rate >= MINIMUM_RATE, (rate, missed)


# --- a sixth report, end to end -----------------------------------------------------------------------

SIXTH_TEXT = """蘇州市生態環境局2024年工作總結和2025年工作要點
2024年,全市PM2.5年均濃度28微克/立方米,同比下降3.4%;空氣質量優良天數比率達到82.5%,同比提高1.2個百分點。全年查處環境違法案件320件,處罰款4500萬元。
2025年工作要點:力爭PM2.5年均濃度控制在27微克/立方米以下。
"""
SIXTH_SOURCE = """  - id: suzhou_2024_review
    place: suzhou
    issuer_zh: 苏州市生态环境局
    issuer_en: Suzhou Ecology and Environment Bureau
    title_zh: 苏州市生态环境局2024年工作总结和2025年工作要点
    title_en: Suzhou 2024 work review and 2025 work plan
    published: 2025-01-20
    published_certainty: exact
    period: 2024..2025
    kind: review and plan
    script: traditional
    path: data/sources/suzhou_2024_review.txt
"""
SIXTH_PLACE = """  - id: suzhou
    name_zh: 苏州市
    name_en: Suzhou
    level: prefecture
    parent: jiangsu
"""
# What the confirmed figures say: (metric, kind, period, value) in the report's units.
SIXTH_FIGURES = {("pm25_annual_mean", "actual", "2024", 28.0), ("air_good_days_ratio", "actual", "2024", 82.5),
                 ("environmental_violation_cases", "actual", "2024", 320.0),
                 ("environmental_fines", "actual", "2024", 4500.0), ("pm25_annual_mean", "target", "2025", 27.0)}
CURATED = "data/curated/suzhou_2024_review.yaml"


def _envdash(root, *args):
    result = subprocess.run([sys.executable, "-m", "envdash", "--root", str(root), *args], cwd=PROJECT_ROOT,
                            env=command_env(), capture_output=True, text=True, timeout=180)
    return result


def _facts(db_path, place: str) -> set[tuple]:
    with duckdb.connect(str(db_path), read_only=True) as connection:
        rows = connection.execute("SELECT metric_id, kind, period_label, value FROM facts "
                                  "WHERE place_id = ? AND NOT is_derived", [place]).fetchall()
    return set(rows)


@pytest.fixture(scope="module")
def sixth_report(tmp_path_factory):
    """A copy of the project's data with a made-up sixth report (Traditional script) and a new place."""
    root = tmp_path_factory.mktemp("sixth") / "project"
    shutil.copytree(PROJECT_ROOT / "data", root / "data", ignore=shutil.ignore_patterns("*.duckdb*", ".*.tmp"))
    (root / "data" / "sources" / "suzhou_2024_review.txt").write_text(SIXTH_TEXT, encoding="utf-8")
    with open(root / "data" / "sources.yaml", "a", encoding="utf-8") as sources:
        sources.write(SIXTH_SOURCE)
    with open(root / "data" / "places.yaml", "a", encoding="utf-8") as places:
        places.write(SIXTH_PLACE)
    return root


@pytest.fixture(scope="module")
def drafted(sixth_report):
    result = _envdash(sixth_report, "suggest", "data/sources/suzhou_2024_review.txt", "--place", "suzhou",
                      "--source-id", "suzhou_2024_review", "--out", str(sixth_report / CURATED))
    assert result.returncode == 0, result.stderr
    return yaml.safe_load((sixth_report / CURATED).read_text(encoding="utf-8"))


def test_sixth_report_is_drafted_as_draft_records(drafted):
    records = drafted["figures"]
    assert len(records) == len(SIXTH_FIGURES)
    assert all(record["draft"] is True for record in records)
    assert {(r["metric"], r["kind"], r["period"], r["value"]) for r in records} == SIXTH_FIGURES


def test_validate_names_the_file_with_drafts_and_build_leaves_them_out(sixth_report, drafted, tmp_path):
    checked = _envdash(sixth_report, "validate")
    assert checked.returncode == 0, checked.stderr
    assert f"{CURATED}: {len(SIXTH_FIGURES)} draft record(s) still to confirm" in checked.stdout
    built = _envdash(sixth_report, "--db", str(tmp_path / "drafts.duckdb"), "build")
    assert built.returncode == 0, built.stderr
    assert _facts(tmp_path / "drafts.duckdb", "suzhou") == set()


@pytest.fixture(scope="module")
def confirmed(sixth_report, drafted):
    """The drafts confirmed as a curator would: draft markers removed (every metric was guessed)."""
    records = [{key: value for key, value in record.items() if key != "draft"} for record in drafted["figures"]]
    (sixth_report / CURATED).write_text(yaml.safe_dump({"source": drafted["source"], "figures": records},
                                                       allow_unicode=True, sort_keys=False), encoding="utf-8")
    checked = _envdash(sixth_report, "validate")
    assert checked.returncode == 0, checked.stderr
    assert "draft" not in checked.stdout
    built = _envdash(sixth_report, "build")
    assert built.returncode == 0, built.stderr
    return sixth_report / "data" / "envdash.duckdb"


def test_confirmed_figures_reach_the_facts_view(confirmed):
    assert _facts(confirmed, "suzhou") == SIXTH_FIGURES


def _open(monkeypatch, root, db_path, page: str | None, **params) -> AppTest:
    monkeypatch.setenv("ENVDASH_ROOT", str(root))
    monkeypatch.setenv("ENVDASH_DB", str(db_path))
    return open_page(page, "en", **params)


def test_overview_lists_the_new_place(monkeypatch, sixth_report, confirmed):
    app = _open(monkeypatch, sixth_report, confirmed, None)
    assert "Suzhou" in [str(header.value) for header in app.subheader]


def test_data_page_shows_the_new_figures(monkeypatch, sixth_report, confirmed):
    app = _open(monkeypatch, sixth_report, confirmed, "data", places="suzhou")
    table = app.dataframe[0].value
    assert len(table) == len(SIXTH_FIGURES) + 2   # and the two years derived from the 同比 changes
    assert "全市PM2.5年均濃度28微克/立方米,同比下降3.4%" in set(table["Quote"])
    assert "28\u00a0µg/m³" in set(table["Value"])  # value and unit joined by a no-break space
