"""Each way a curated file can be wrong is refused with `file:line: record: field: message`.

Every test breaks the fixture project in one way, then checks that the command line
(`python -m envdash validate`: exit 1, no traceback, every line in that form) and
`envdash.store.build.validate` (raises CurationFailed) report the same problems. `build` runs the same
checks; it is run, with validate, in new interpreters on a project with several broken files
(`test_build_refuses_...`), and so is the all-problems-at-once test.
"""
from __future__ import annotations

import re
import time
from dataclasses import dataclass

import pytest
from fixture_project import (COUNT_METRICS, FIGURES, SOURCE_ID, SOURCE_PATH, SOURCES, CommandResult,
                             add_count_metrics, figure)

from envdash.core.problems import CurationFailed
from envdash.store.build import validate

CURATED = f"data/curated/{SOURCE_ID}.yaml"
# file:line: record: field: message  (the record and field hold no colon; the message may)
PROBLEM_LINE = re.compile(r"^(?P<file>[^:\s][^:]*):(?P<line>\d+): "
                          r"(?P<record>[^:]+): (?P<field>[^:]+): (?P<message>.+)$")
SUMMARY_LINE = re.compile(r"^(\d+) problem\(s\) found; nothing was written\.$")


@dataclass(frozen=True)
class Reported:
    file: str
    line: int
    record: str
    field: str
    message: str


def _problems_in(stderr: str) -> list[Reported]:
    """The problem lines of the command's stderr; every non-progress line must be one, or the summary."""
    problems, summary = [], None
    for text in stderr.splitlines():
        if not text.strip() or text.startswith("· "):
            continue
        if match := SUMMARY_LINE.match(text):
            summary = int(match.group(1))
            continue
        match = PROBLEM_LINE.match(text)
        assert match, f"not in the form file:line: record: field: message: {text!r}\n--- stderr ---\n{stderr}"
        problems.append(Reported(match["file"], int(match["line"]), match["record"], match["field"],
                                 match["message"]))
    assert summary == len(problems), f"summary says {summary}, {len(problems)} problem lines\n{stderr}"
    return problems


def _refused_by_cli(name: str, result) -> list[Reported]:
    assert "Traceback" not in result.stderr, f"{name} crashed:\n{result.stderr}"
    assert result.returncode == 1, f"{name} exited {result.returncode}\n{result.stdout}\n{result.stderr}"
    return _problems_in(result.stderr)


def rejected(project) -> list[Reported]:
    """Validate the broken project on the command line and in process; return the problems."""
    from_cli = _refused_by_cli("validate", project.run("validate"))
    with pytest.raises(CurationFailed) as failure:
        validate(project.root)
    in_process = [Reported(p.file, p.line, p.record, p.field, p.message) for p in failure.value.problems]
    assert from_cli == in_process
    return in_process


def find(problems: list[Reported], *, file: str = CURATED, field: str, words: tuple[str, ...]) -> Reported:
    """The first problem about `field` in `file` whose message holds every word."""
    hits = [p for p in problems if p.file == file and p.field == field and all(w in p.message for w in words)]
    assert hits, f"no problem in {file} about {field} saying {words}; got:\n" + "\n".join(map(str, problems))
    return hits[0]


def test_malformed_yaml_is_reported_at_the_broken_line(project):
    project.write_raw(CURATED, "source: baoding_2024_meeting\n"
                               "figures:\n"
                               "  - place: baoding\n"
                               "    metric: pm25_annual_mean\n"
                               "   period: '2023'\n")
    problem = find(rejected(project), field="-", words=("malformed YAML",))
    assert (problem.line, problem.record) == (5, "file")


def test_unknown_place_suggests_the_nearest_place(project):
    project.write_curated(figures=[figure(place="baodin")])
    problem = find(rejected(project), field="place", words=("unknown place 'baodin'", "did you mean 'baoding'"))
    assert (problem.line, problem.record) == (project.line_of(CURATED, "place: baodin"), "figures[0]")


def test_unknown_metric_suggests_the_nearest_metric(project):
    project.write_curated(figures=[figure(metric="air_quality_composit_index")])
    problem = find(rejected(project), field="metric",
                   words=("unknown metric", "did you mean 'air_quality_composite_index'"))
    assert (problem.line, problem.record) == (project.line_of(CURATED, "metric: air_quality_composit_index"),
                                              "figures[0]")


def test_unknown_source_suggests_the_nearest_source(project):
    project.write_curated(source="baoding_2024_meetin", name=SOURCE_ID)
    problem = find(rejected(project), field="source",
                   words=("unknown source 'baoding_2024_meetin'", "did you mean 'baoding_2024_meeting'"))
    assert problem.line == 1


def test_unknown_source_below_a_header_comment_is_reported_at_its_own_line(project):
    # Curated and ignore files may open with a comment (data/coverage_ignore/jiaxing_review.yaml does).
    text = project.write_curated(source="baoding_2024_meetin", name=SOURCE_ID).read_text(encoding="utf-8")
    project.write_raw(CURATED, "# Curated by hand from the stored text.\n" + text)
    problem = find(rejected(project), field="source", words=("unknown source",))
    assert problem.line == project.line_of(CURATED, "source: baoding_2024_meetin")


@pytest.mark.parametrize("value, written", [(float("nan"), ".nan"), (float("inf"), ".inf")])
def test_value_that_is_not_finite_is_refused(project, value, written):
    project.write_curated(figures=[figure(value=value)])
    problem = find(rejected(project), field="value", words=("finite number",))
    assert problem.line == project.line_of(CURATED, f"value: {written}")


def test_value_written_as_text_is_refused(project):
    project.write_curated(figures=[figure(value="4.74")])
    problem = find(rejected(project), field="value", words=("must be a number", "'4.74'"))
    assert problem.line == project.line_of(CURATED, "value: '4.74'")


def test_unit_of_another_dimension_than_the_metric_is_refused(project):
    project.write_curated(figures=[figure(unit="%", change=None)])
    problem = find(rejected(project), field="unit",
                   words=("'%'", "share", "does not match", "air_quality_composite_index", "index"))
    assert problem.line == project.line_of(CURATED, "unit: '%'")


def test_percentage_above_100_is_refused(project):
    project.write_curated(figures=[figure(metric="air_good_days_ratio", value=120, unit="%", change=None)])
    problem = find(rejected(project), field="value", words=("percentage", "0–100", "120"))
    assert problem.line == project.line_of(CURATED, "value: 120")


def test_period_with_month_13_does_not_parse(project):
    project.write_curated(figures=[figure(period="2023-13")])
    problem = find(rejected(project), field="period", words=("period does not parse", "month 13"))
    assert problem.line == project.line_of(CURATED, "period: 2023-13")


def test_period_that_ends_before_it_starts_is_refused(project):
    project.write_curated(figures=[figure(period="2023..2022")])
    problem = find(rejected(project), field="period", words=("ends", "before it starts"))
    assert problem.line == project.line_of(CURATED, "period: 2023..2022")


def test_second_figure_with_same_place_metric_period_kind_and_scope_is_a_duplicate(project):
    project.write_curated(figures=[figure(), figure()])
    problem = find(rejected(project), field="-", words=("duplicate figure",))
    first, second = (project.line_of(CURATED, "- place: baoding", occurrence) for occurrence in (1, 2))
    assert problem.line == second
    assert problem.message.endswith(f"{CURATED}:{first}")


def test_same_figure_for_another_scope_is_not_a_duplicate(project):
    project.write_curated(figures=[figure(scope="urban_districts"), figure()])
    _, curation = validate(project.root)
    assert sum(f.metric == "air_quality_composite_index" for f in curation.figures) == 2


def test_misspelt_field_suggests_the_field_meant(project):
    record = {("valeu" if name == "value" else name): value for name, value in figure().items()}
    project.write_curated(figures=[record])
    problem = find(rejected(project), field="valeu", words=("unknown field", "did you mean 'value'"))
    assert (problem.line, problem.record) == (project.line_of(CURATED, "valeu:"), "figures[0]")


def test_quote_not_found_verbatim_in_the_source_text_is_refused(project):
    project.write_curated(figures=[figure(quote="全年空气质量综合指数为4.74,同比下降1.46%")])
    problem = find(rejected(project), field="quote", words=("not found verbatim", SOURCE_PATH))
    assert problem.line == project.line_of(CURATED, "quote: 全年空气质量综合指数为4.74")


def test_quote_that_differs_only_in_whitespace_is_accepted(project):
    project.write_curated(figures=[figure(quote="全年空气质量综合指数 4.74,\n同比下降 1.46%")])
    _, curation = validate(project.root)
    assert [f.value for f in curation.figures if f.metric == "air_quality_composite_index"] == [4.74]


def test_value_missing_from_its_quote_is_refused(project):
    project.write_curated(figures=[figure(value=4.75)])
    problem = find(rejected(project), field="value", words=("quote does not contain the number 4.75",))
    assert problem.line == project.line_of(CURATED, "value: 4.75")


def test_change_missing_from_its_quote_is_reported_at_the_change_line(project):
    project.write_curated(figures=[figure(change={"value": -1.5, "unit": "%", "basis": "relative"})])
    problem = find(rejected(project), field="change.value", words=("quote does not contain the number -1.5",))
    # the `change:` key or the `value:` under it; not the first line of the record
    change_line = project.line_of(CURATED, "change:")
    assert problem.line in (change_line, change_line + 1)


def test_empty_file_is_refused(project):
    project.write_raw(CURATED, "")
    problem = find(rejected(project), field="-", words=("the file is empty",))
    assert (problem.line, problem.record) == (1, "file")


def test_file_that_is_not_utf8_is_refused_at_the_bad_line(project):
    project.write_raw(CURATED, "source: baoding_2024_meeting\n"
                               "figures:\n"
                               "  - place: baoding\n"
                               "    note: café au lait\n".encode("latin-1"))
    problem = find(rejected(project), field="-", words=("not UTF-8",))
    assert (problem.line, problem.record) == (4, "file")


def test_yaml_tag_that_would_run_a_command_is_refused_and_never_run(project, tmp_path):
    marker = tmp_path / "hacked"
    project.write_raw(CURATED, "source: baoding_2024_meeting\n"
                               "figures:\n"
                               "  - place: baoding\n"
                               f"    value: !!python/object/apply:os.system [\"touch {marker}\"]\n")
    problem = find(rejected(project), field="-", words=("YAML tag not allowed",))
    assert problem.line == 4
    assert not marker.exists(), "the YAML tag ran a shell command"


def test_alias_bomb_is_refused_within_seconds(project):
    levels = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for previous, name in zip("abcdefgh", "bcdefghi"):
        levels.append(f"{name}: &{name} [{', '.join(['*' + previous] * 9)}]")
    project.write_raw(CURATED, "source: baoding_2024_meeting\n" + "\n".join(levels) + "\n")
    started = time.perf_counter()
    result = project.run("validate", timeout=30)
    seconds = time.perf_counter() - started
    assert seconds < 5, f"validate took {seconds:.1f} s on a billion-laughs file"
    assert result.returncode == 1 and "Traceback" not in result.stderr
    started = time.perf_counter()
    with pytest.raises(CurationFailed) as failure:
        validate(project.root)
    assert time.perf_counter() - started < 5
    [problem] = failure.value.problems
    assert "anchors and aliases" in problem.message
    # at the anchor that is reused, or at its first reuse
    assert problem.line in (project.line_of(CURATED, "a: &a"), project.line_of(CURATED, "b: &b"))


def test_deeply_nested_yaml_is_refused_without_a_traceback(project):
    project.write_raw(CURATED, "source: baoding_2024_meeting\nfigures: " + "[" * 2000 + "]" * 2000 + "\n")
    problems = rejected(project)
    assert problems and all(p.file == CURATED for p in problems)


def test_field_written_twice_in_one_record_is_refused(project):
    # A copied-and-edited record with two `value:` lines must not silently keep the last one
    # (2.5 is in the quote "PM2.5浓度26微克/立方米", so no other check would catch it).
    text = project.write_curated(figures=[FIGURES[1]]).read_text(encoding="utf-8")
    project.write_raw(CURATED, text.replace("  value: 26\n", "  value: 26\n  value: 2.5\n", 1))
    problems = rejected(project)
    assert any(p.line in (project.line_of(CURATED, "value: 26"), project.line_of(CURATED, "value: 2.5"))
               for p in problems), problems


def test_misspelt_change_versus_is_refused(project):
    # docs/curation.md: versus is previous_year, previous_period or a year; a typo would silently
    # stop the previous year's value from being derived.
    project.write_curated(figures=[figure(change={"value": -1.46, "unit": "%", "basis": "relative",
                                                  "versus": "previous_yaer"})])
    problems = rejected(project)
    assert any(p.field in ("change", "change.versus") and "previous_yaer" in p.message for p in problems), problems


def test_every_problem_in_a_file_is_listed_at_once(project):
    misspelt = {("valeu" if name == "value" else name): value for name, value in figure(period="2021").items()}
    project.write_curated(figures=[figure(place="baodin"), figure(period="2022-13"), misspelt])
    problems = rejected(project)
    assert _refused_by_cli("python -m envdash validate", project.run_python("validate")) == problems
    assert {(p.line, p.record, p.field) for p in problems} == {
        (project.line_of(CURATED, "place: baodin"), "figures[0]", "place"),
        (project.line_of(CURATED, "period: 2022-13"), "figures[1]", "period"),
        (project.line_of(CURATED, "valeu:"), "figures[2]", "valeu"),
    }


def test_build_refuses_a_broken_curation_with_the_same_problems_as_validate(project):
    misspelt = {("valeu" if name == "value" else name): value for name, value in figure(period="2021").items()}
    project.write_curated(figures=[figure(place="baodin"), figure(period="2022-13"), misspelt])
    project.write_ignore([{"number": "2300", "context": "共计2300余人参会", "reason": "Attendance at the meeting."}])
    building, validating = project.start("build"), project.start("validate")
    results = {}
    for name, process in (("build", building), ("validate", validating)):
        stdout, stderr = process.communicate(timeout=60)
        results[name] = _refused_by_cli(f"python -m envdash {name}", CommandResult(process.returncode, stdout, stderr))
    assert results["build"] == results["validate"]
    assert {p.file for p in results["build"]} == {CURATED, f"data/coverage_ignore/{SOURCE_ID}.yaml"}
    assert len(results["build"]) == 4
    assert not project.db_path.exists(), "a refused build wrote a database"


# --- scope vocabulary, notes in both languages --------------------------------------------------------


def test_scope_outside_the_vocabulary_is_refused_with_the_nearest_id(project):
    project.write_curated(figures=[figure(scope="urban districts")])
    problem = find(rejected(project), field="scope", words=("unknown scope 'urban districts'",
                                                             "did you mean 'urban_districts'"))
    assert (problem.line, problem.record) == (project.line_of(CURATED, "scope: urban districts"), "figures[0]")


def test_scope_from_the_vocabulary_is_accepted(project):
    project.write_curated(figures=[figure(scope="national_provincial_sections")])
    validate(project.root)


def test_note_in_one_language_only_is_refused(project):
    project.write_curated(figures=[figure(note_zh="全年数据。")])
    problem = find(rejected(project), field="note_zh", words=("note_zh needs note_en",))
    assert problem.line == project.line_of(CURATED, "note_zh:")


def test_a_note_without_its_language_is_an_unknown_field(project):
    project.write_curated(figures=[figure(note="Whole year.")])
    problem = find(rejected(project), field="note", words=("unknown field",))
    assert problem.line == project.line_of(CURATED, "note: Whole year.")


def test_source_note_in_one_language_only_is_refused(project):
    sources = [dict(SOURCES[0], published_note_zh="页面未注明日期。"), SOURCES[1]]
    project.write_yaml("data/sources.yaml", {"sources": sources})
    problem = find(rejected(project), file="data/sources.yaml", field="published_note_zh",
                   words=("published_note_zh needs published_note_en",))
    assert problem.line == project.line_of("data/sources.yaml", "published_note_zh:")


# --- stocks are dated at publication or on the day their sentence names -------------------------------

STOCK_LINES = "截至2023年底,全市累计建成监测站点12个;其中城区5个。\n现有监测站点15个。\n"


def _stations(period: str, value: int, quote: str) -> dict:
    return {"place": "baoding", "metric": "monitoring_stations", "period": period, "kind": "actual",
            "value": value, "unit": "个", "quote": quote}


def test_one_day_period_that_is_neither_publication_nor_named_is_refused(project):
    add_count_metrics(project, STOCK_LINES)
    project.write_curated(extra_figures=[_stations("2023-12-31", 15, "现有监测站点15个")])
    problem = find(rejected(project), field="period", words=("publication date, 2024-03-28", "2023-12-31",
                                                              "names its own day"))
    assert (problem.line, problem.record) == (project.line_of(CURATED, "period: '2023-12-31'"), "figures[8]")


def test_stock_dated_at_publication_is_accepted(project):
    add_count_metrics(project, STOCK_LINES)
    project.write_curated(extra_figures=[_stations("2024-03-28", 15, "现有监测站点15个")])
    validate(project.root)


def test_stock_dated_on_the_day_its_sentence_names_is_accepted_across_a_semicolon(project):
    add_count_metrics(project, STOCK_LINES)
    project.write_curated(extra_figures=[_stations("2023-12-31", 5, "其中城区5个")])
    validate(project.root)


# --- a zero written in words ------------------------------------------------------------------------


def test_zero_written_as_未发生_is_a_value_the_quote_states(project):
    add_count_metrics(project, "全年未发生较大及以上突发环境事件。\n")
    project.write_curated(extra_figures=[
        {"place": "baoding", "metric": "major_emergencies", "period": "2023", "kind": "actual", "value": 0,
         "unit": "起", "quote": "未发生较大及以上突发环境事件"}])
    validate(project.root)


def test_zero_in_a_quote_that_neither_writes_nor_says_it_is_refused(project):
    add_count_metrics(project)
    project.write_curated(extra_figures=[
        {"place": "baoding", "metric": "major_emergencies", "period": "2023", "kind": "actual", "value": 0,
         "unit": "起", "quote": "全年空气质量综合指数4.74"}])
    find(rejected(project), field="value", words=("does not contain the number 0",))


# --- which share a count feeds -----------------------------------------------------------------------


def _counts_with(share_metric: str) -> list[dict]:
    return [dict(metric, share_metric=share_metric) if metric["id"] == "sections_class_i_iii_count" else metric
            for metric in COUNT_METRICS]


def test_count_feeding_an_unknown_share_metric_is_refused(project):
    project.write_yaml("data/metrics/counts.yaml", {"metrics": _counts_with("surface_water_good_rati")})
    problem = find(rejected(project), file="data/metrics/counts.yaml", field="share_metric",
                   words=("unknown metric 'surface_water_good_rati'", "did you mean 'surface_water_good_ratio'"))
    assert problem.line == project.line_of("data/metrics/counts.yaml", "share_metric: surface_water_good_rati")


def test_count_feeding_a_metric_that_is_not_a_share_is_refused(project):
    project.write_yaml("data/metrics/counts.yaml", {"metrics": _counts_with("monitoring_stations")})
    find(rejected(project), file="data/metrics/counts.yaml", field="share_metric",
         words=("'monitoring_stations'", "not a share"))


def test_an_empty_unit_spelling_is_refused(project):
    units = (project.root / "data" / "units.yaml").read_text(encoding="utf-8")
    project.write_raw("data/units.yaml", units.replace('written: [百分点]', 'written: ["", 百分点]'))
    problem = find(rejected(project), file="data/units.yaml", field="written.0", words=("at least 1 character",))
    assert problem.line == project.line_of("data/units.yaml", 'written: ["", 百分点]')
