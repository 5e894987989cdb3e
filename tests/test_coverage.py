"""Coverage: every number in a stored text is curated, set aside by rule, ignored with a reason, or listed."""
from __future__ import annotations

import pytest
from fixture_project import FIGURES, SOURCE_ID, add_count_metrics

from envdash.core.problems import CurationFailed
from envdash.curation.coverage import source_coverage
from envdash.store.build import validate

IGNORE = f"data/coverage_ignore/{SOURCE_ID}.yaml"
ATTENDANCE = {"number": "2300", "context": "共计2300余人参加会议", "reason": "Attendance at the meeting itself."}


def status_of(project, number: str, line: int) -> str:
    """The coverage status of `number` on `line` of the fixture source text."""
    catalog, curation = validate(project.root)
    statuses = [item.status for item in source_coverage(catalog, curation, SOURCE_ID).numbers
                if item.number == number and item.line == line]
    assert len(statuses) == 1, f"{number!r} occurs {len(statuses)} time(s) on line {line}"
    return statuses[0]


def test_number_stated_by_a_figure_is_accounted(project):
    assert status_of(project, "4.74", 2) == "accounted"


def test_change_stated_by_a_figure_is_accounted(project):
    assert status_of(project, "1.46", 2) == "accounted"


def test_number_whose_figure_is_removed_is_unaccounted(project):
    project.write_curated(figures=[record for record in FIGURES if record["metric"] != "pm25_annual_mean"
                                   or record["kind"] != "actual"])
    assert status_of(project, "26", 2) == "unaccounted"


def test_year_is_set_aside_as_a_date(project):
    assert status_of(project, "2023", 2) == "set aside: date"


def test_month_of_a_deadline_is_set_aside_as_a_date(project):
    assert status_of(project, "8", 10) == "set aside: date"


def test_list_ordinal_at_line_start_is_set_aside(project):
    assert status_of(project, "1", 7) == "set aside: list ordinal"


def test_number_inside_pm25_is_set_aside_as_part_of_a_name(project):
    assert status_of(project, "2.5", 2) == "set aside: part of a name"


def test_coverage_command_lists_the_uncurated_number_with_its_line(project):
    result = project.run("coverage")
    assert result.returncode == 0, result.stderr
    assert "  line 11: 2300  …" in result.stdout
    assert f"{SOURCE_ID}: 20 numbers — 11 curated, 8 set aside by rule, 0 ignored with a reason, 1 unaccounted" \
        in result.stdout
    assert result.stdout.rstrip().endswith("1 number(s) unaccounted for in all sources.")


def test_coverage_strict_exits_1_while_a_number_is_unaccounted(project):
    assert project.run("coverage", "--strict").returncode == 1


def test_number_in_an_ignore_entry_is_ignored(project):
    project.write_ignore([ATTENDANCE])
    assert status_of(project, "2300", 11) == "ignored"


def test_coverage_command_does_not_list_an_ignored_number(project):
    project.write_ignore([ATTENDANCE])
    result = project.run("coverage", "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 ignored with a reason, 0 unaccounted" in result.stdout
    assert "2300" not in result.stdout


def test_ignore_entry_whose_context_is_not_in_the_text_is_a_problem(project):
    project.write_ignore([dict(ATTENDANCE, context="共计2300余人参会")])
    with pytest.raises(CurationFailed) as failure:
        validate(project.root)
    [problem] = failure.value.problems
    assert (problem.file, problem.line, problem.record, problem.field) == \
        (IGNORE, project.line_of(IGNORE, "context:"), "ignore[0]", "context")
    assert "not found verbatim" in problem.message


def test_ignore_entry_whose_context_lacks_the_number_is_a_problem(project):
    project.write_ignore([dict(ATTENDANCE, number="2301")])
    with pytest.raises(CurationFailed) as failure:
        validate(project.root)
    [problem] = failure.value.problems
    assert (problem.line, problem.field) == (project.line_of(IGNORE, "number:"), "number")
    assert "does not contain the number 2301" in problem.message


# --- numbers written in Chinese numerals -------------------------------------------------------------

# Appended to the fixture report (11 lines), so these stand on lines 12–15.
CHINESE_LINES = ("连续三年获评优秀,统一部署一批项目。\n"
                 "建立“三个一”联挂机制,深入贯彻中央八项规定精神。\n"
                 "会议以市委十四届八次全会精神为指引,落实兴水治水五年规划。\n"
                 "全年查处案件排名全省第四,进一步推进“十四五”规划。\n")
STREAK = {"place": "baoding", "metric": "excellent_years", "period": "2023", "kind": "actual", "value": 3,
          "unit": "年", "quote": "连续三年获评优秀"}


def _chinese_statuses(project) -> dict[str, str]:
    catalog, curation = validate(project.root)
    return {f"{item.line}:{item.number}": item.status
            for item in source_coverage(catalog, curation, SOURCE_ID).numbers if item.line >= 12}


def test_a_count_in_chinese_numerals_that_no_record_states_is_unaccounted(project):
    add_count_metrics(project, CHINESE_LINES)
    assert _chinese_statuses(project)["12:三"] == "unaccounted"


def test_a_count_in_chinese_numerals_stated_by_a_record_is_accounted(project):
    add_count_metrics(project, CHINESE_LINES)
    project.write_curated(extra_figures=[STREAK])
    assert _chinese_statuses(project)["12:三"] == "accounted"


def test_a_rank_in_chinese_numerals_is_a_number(project):
    add_count_metrics(project, CHINESE_LINES)
    assert _chinese_statuses(project)["15:四"] == "unaccounted"


@pytest.mark.parametrize("where, rule", [("13:三", "name in quotation marks"), ("13:八", "set phrase"),
                                         ("14:八", "meeting number"), ("14:五", "plan name")])
def test_chinese_numerals_inside_names_are_set_aside_by_rule(project, where, rule):
    add_count_metrics(project, CHINESE_LINES)
    assert _chinese_statuses(project)[where] == f"set aside: {rule}"


def test_words_containing_numeral_characters_are_not_counted_as_numbers(project):
    add_count_metrics(project, CHINESE_LINES)
    # 统一, 一批, 十四届, 进一步, 十四五: none of them is listed at all
    assert sorted(_chinese_statuses(project)) == ["12:三", "13:三", "13:八", "14:五", "14:八", "15:四"]


def test_coverage_command_lists_an_unaccounted_chinese_numeral_with_its_line(project):
    add_count_metrics(project, CHINESE_LINES)
    result = project.run("coverage")
    assert result.returncode == 0, result.stderr
    assert "  line 12: 三  …" in result.stdout
