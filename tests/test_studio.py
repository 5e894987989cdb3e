"""The curation studio's logic: drafts that survive a closed browser, files written as a person writes
them, checks worded as `validate` words them, and a publish that writes everything or nothing."""
from __future__ import annotations

import datetime as dt
import shutil
import sys
from pathlib import Path

import duckdb
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from envdash.core.problems import CurationFailed
from envdash.curation.catalog import load_catalog
from envdash.curation.records import load_curation
from envdash.curation.yaml_files import read_yaml
from envdash.store.build import validate
from envdash.studio import publish as publishing
from envdash.studio.checks import check_draft, problem_text
from envdash.studio.drafting import draft_figures
from envdash.studio.drafts import (CONFIRMED, DraftConflict, DraftError, list_drafts, load_draft, new_draft,
                                   save_draft)
from envdash.studio.editing import set_field, shown, typed_number
from envdash.studio.files import curated_text, normalised_text, source_entry_text
from envdash.studio.metric_search import matching_metrics
from envdash.studio.publish import change_count, publish, replace_entry
from envdash.studio.reopen import draft_from_published
from envdash.studio.text_view import marks, sentences, text_markdown
from envdash.studio.yaml_text import curated_file, quoted

REPO = Path(__file__).resolve().parent.parent
REPORT = "baoding_2025_midyear"
# Made up for these tests, in the style of a city bureau's half-year news.
TEXT = """保定市生态环境局召开2025年上半年工作推进会
会议通报,2025年1-6月,全市PM2.5平均浓度为31微克/立方米,同比下降6.1%。
全市空气质量优良天数比率为72.4%,同比提高1.9个百分点。
会议要求,下半年力争PM2.5平均浓度控制在33微克/立方米以下。
会议强调,要压紧压实大气污染防治责任。
"""
DETAILS = {"issuer_zh": "保定市生态环境局", "issuer_en": "Baoding Ecology and Environment Bureau",
           "title_zh": "保定市生态环境局召开2025年上半年工作推进会", "title_en": "Baoding half-year work meeting, 2025",
           "published": "2025-07-08", "period": "2025-01..2025-06", "kind": "meeting news"}
PM25 = {"place": "baoding", "metric": "pm25_annual_mean", "period": "2025-01..2025-06", "kind": "actual",
        "value": 31, "unit": "µg/m³", "change": {"value": -6.1, "unit": "%", "basis": "relative"},
        "quote": "全市PM2.5平均浓度为31微克/立方米,同比下降6.1%"}
GOOD_DAYS = {"place": "baoding", "metric": "air_good_days_ratio", "period": "2025-01..2025-06", "kind": "actual",
             "value": 72.4, "unit": "%", "change": {"value": 1.9, "unit": "pp", "basis": "absolute"},
             "quote": "全市空气质量优良天数比率为72.4%,同比提高1.9个百分点"}
TARGET = {"place": "baoding", "metric": "pm25_annual_mean", "period": "2025", "kind": "target",
          "strength": "aspirational", "value": 33, "unit": "µg/m³", "comparator": "<=",
          "quote": "下半年力争PM2.5平均浓度控制在33微克/立方米以下"}
DIRECTIVE = {"theme": "air", "quote": "要压紧压实大气污染防治责任",
             "summary_en": "Hold every level firmly responsible for air-pollution control."}
# What a curator writes by hand for the records above.
HAND_WRITTEN = '''source: baoding_2025_midyear
figures:
  - place: baoding
    metric: pm25_annual_mean
    period: "2025-01..2025-06"
    kind: actual
    value: 31
    unit: µg/m³
    change: {value: -6.1, unit: "%", basis: relative}
    quote: "全市PM2.5平均浓度为31微克/立方米,同比下降6.1%"
  - place: baoding
    metric: air_good_days_ratio
    period: "2025-01..2025-06"
    kind: actual
    value: 72.4
    unit: "%"
    change: {value: 1.9, unit: pp, basis: absolute}
    quote: "全市空气质量优良天数比率为72.4%,同比提高1.9个百分点"
  - place: baoding
    metric: pm25_annual_mean
    period: "2025"
    kind: target
    value: 33
    unit: µg/m³
    comparator: "<="
    strength: aspirational
    quote: "下半年力争PM2.5平均浓度控制在33微克/立方米以下"
directives:
  - theme: air
    quote: "要压紧压实大气污染防治责任"
    summary_en: "Hold every level firmly responsible for air-pollution control."
'''
HAND_WRITTEN_ENTRY = '''  - id: baoding_2025_midyear
    place: baoding
    issuer_zh: 保定市生态环境局
    issuer_en: Baoding Ecology and Environment Bureau
    title_zh: 保定市生态环境局召开2025年上半年工作推进会
    title_en: Baoding half-year work meeting, 2025
    published: 2025-07-08
    published_certainty: exact
    period: 2025-01..2025-06
    kind: meeting news
    script: simplified
    path: data/sources/baoding_2025_midyear.txt
'''
WHEN = dt.datetime(2025, 7, 9, 10, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def a_draft(*figures, directives=(), confirmed=True):
    draft = new_draft(REPORT, "baoding")
    draft.text = TEXT
    draft.source.update(DETAILS)
    for fields in figures:
        draft.add("figures", fields)
    for fields in directives:
        draft.add("directives", fields)
    for record in [*draft.figures, *draft.directives]:
        record.status = CONFIRMED if confirmed else record.status
    return draft


def add_entry(project, draft) -> None:
    """The draft's entry appended to the project's sources.yaml, indented as that file's entries are."""
    existing = project.path("data/sources.yaml").read_text(encoding="utf-8")
    project.write_raw("data/sources.yaml", existing + publishing.in_file_style(existing, "sources",
                                                                                source_entry_text(draft)))


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under data/ except drafts and the database, by path."""
    return {str(path.relative_to(root)): path.read_bytes() for path in sorted((root / "data").rglob("*"))
            if path.is_file() and "drafts" not in path.parts and "envdash.duckdb" not in path.name}


# --- drafts: saved as the curator goes, resumed as left ---------------------------------------------------

def test_a_saved_draft_reopens_with_everything_typed_including_what_is_not_valid_yet(project):
    draft = a_draft(PM25, directives=[DIRECTIVE], confirmed=False)
    set_field(draft.figures[0].fields, "value", "3l")        # a slip of the finger is kept as typed
    draft.curator = "王芳"
    save_draft(project.root, draft)
    reopened = load_draft(project.root, REPORT)
    assert reopened.figures[0].fields["value"] == "3l"
    assert reopened.text == TEXT and reopened.source == draft.source and reopened.curator == "王芳"
    assert [record.fields for record in reopened.directives] == [DIRECTIVE]
    assert reopened.figures[0].status == "to_check"


def test_the_draft_file_lies_under_data_drafts_and_outside_the_build_inputs(project):
    from envdash.store.build import input_files
    save_draft(project.root, a_draft(PM25))
    assert (project.data / "drafts" / f"{REPORT}.yaml").is_file()
    assert not any("drafts" in path.parts for path in input_files(project.root))


def test_a_save_from_a_stale_window_is_refused_and_the_newer_work_kept(project):
    first_window = a_draft(PM25)
    save_draft(project.root, first_window)
    second_window = load_draft(project.root, REPORT)
    second_window.figures[0].fields["note_en"] = "typed in the second window"
    save_draft(project.root, second_window)
    first_window.figures[0].fields["value"] = 32
    with pytest.raises(DraftConflict):
        save_draft(project.root, first_window)
    assert load_draft(project.root, REPORT).figures[0].fields["note_en"] == "typed in the second window"


def test_the_drafts_in_progress_are_listed_with_what_is_left_to_check(project):
    save_draft(project.root, a_draft(PM25, GOOD_DAYS, confirmed=False))
    [summary] = list_drafts(project.root)
    assert (summary.report_id, summary.records, summary.to_check) == (REPORT, 2, 2)


@pytest.mark.parametrize("report_id", ["../escape", "Baoding", "2025_report", "a b", ""])
def test_a_report_id_that_could_name_another_file_is_refused(report_id):
    with pytest.raises(DraftError, match="lower-case letters"):
        new_draft(report_id, "baoding")


def test_a_pasted_text_is_stored_with_plain_line_breaks_and_no_byte_order_mark():
    assert normalised_text("\ufeff第一行\r\n第二行") == "第一行\n第二行\n"


# --- what a typed field becomes --------------------------------------------------------------------------

@pytest.mark.parametrize("typed, value", [("26", 26), ("4.74", 4.74), ("1,234", 1234), (" 72.4 ", 72.4),
                                          ("", None), ("3l", "3l")])
def test_a_typed_number_becomes_a_number_or_stays_as_typed(typed, value):
    assert typed_number(typed) == value and type(typed_number(typed)) is type(value)


def test_a_change_is_built_from_its_parts_and_left_out_when_every_part_is_blank():
    fields = {}
    set_field(fields, "change.value", "-6.1")
    set_field(fields, "change.unit", "%")
    set_field(fields, "change.basis", "relative")
    assert fields["change"] == {"value": -6.1, "unit": "%", "basis": "relative"}
    for part in ("value", "unit", "basis"):
        set_field(fields, f"change.{part}", "")
    assert "change" not in fields


def test_a_field_at_its_default_or_blank_is_left_out_as_people_leave_it_out():
    fields = {"comparator": "<=", "note_en": "x"}
    set_field(fields, "comparator", "=")
    set_field(fields, "note_en", "  ")
    assert fields == {}
    assert shown({"value": 26.0}, "value") == "26" and shown({"numbers": [3, 5]}, "numbers") == "3, 5"


# --- the YAML written is the YAML a person writes -----------------------------------------------------------

def test_the_curated_file_is_written_exactly_as_by_hand():
    draft = a_draft({**PM25, "value": 31.0}, GOOD_DAYS, TARGET, directives=[DIRECTIVE])
    assert curated_text(draft) == HAND_WRITTEN


def test_the_sources_entry_is_written_exactly_as_by_hand():
    assert source_entry_text(a_draft()) == HAND_WRITTEN_ENTRY


def test_the_written_files_read_back_through_the_loader_as_the_records_typed(project):
    draft = a_draft(PM25, GOOD_DAYS, TARGET, directives=[DIRECTIVE])
    project.write_raw(f"data/sources/{REPORT}.txt", TEXT)
    add_entry(project, draft)
    project.write_raw(f"data/curated/{REPORT}.yaml", curated_text(draft))
    catalog, curation = validate(project.root)
    source = catalog.sources[REPORT]
    assert (source.published, source.period, source.kind, source.title_zh) == (
        dt.date(2025, 7, 8), "2025-01..2025-06", "meeting news", DETAILS["title_zh"])
    figures = [figure for figure in curation.figures if figure.source_id == REPORT]
    assert [(f.metric, f.period.label, f.kind, f.value, f.unit, f.comparator, f.strength) for f in figures] == [
        ("pm25_annual_mean", "2025-01..2025-06", "actual", 31, "µg/m³", "=", None),
        ("air_good_days_ratio", "2025-01..2025-06", "actual", 72.4, "%", "=", None),
        ("pm25_annual_mean", "2025", "target", 33, "µg/m³", "<=", "aspirational")]
    assert figures[0].change.model_dump() == {"value": -6.1, "unit": "%", "basis": "relative",
                                             "versus": "previous_year"}
    [directive] = [d for d in curation.directives if d.source_id == REPORT]
    assert (directive.theme, directive.quote, directive.summary_en) == (
        "air", DIRECTIVE["quote"], DIRECTIVE["summary_en"])


@pytest.mark.parametrize("path", sorted((REPO / "data" / "curated").glob("*.yaml")), ids=lambda path: path.stem)
def test_every_real_curated_file_rewritten_by_the_studio_loads_as_the_same_records(tmp_path, path):
    root = tmp_path / "copy"
    shutil.copytree(REPO / "data", root / "data", ignore=shutil.ignore_patterns("envdash.duckdb*", "*.lock", "drafts"))
    before = load_curation(load_catalog(root)[0])
    document, _ = read_yaml(path, path.name)
    data = document.data
    (root / "data" / "curated" / path.name).write_text(
        curated_file(data["source"], data.get("figures") or [], data.get("directives") or []), encoding="utf-8")
    after = load_curation(load_catalog(root)[0])
    assert after.problems == []

    def records(curation):
        return ([{**vars(f), "file": None, "line": None, "period": f.period.label} for f in curation.figures],
                [{**vars(d), "file": None, "line": None, "deadline": d.deadline.label if d.deadline else None}
                 for d in curation.directives])
    assert records(after) == records(before)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_written_in_quotes_reads_back_exactly(text):
    assert yaml.safe_load(f"quote: {quoted(text)}\n") == {"quote": text}


# --- checks worded as validate words them ---------------------------------------------------------------------

def test_a_record_s_problems_are_worded_as_validate_words_them_in_the_published_file(project):
    broken = {**PM25, "value": 32, "metric": "pm25_anual_mean"}
    draft = a_draft(broken, GOOD_DAYS)
    check = check_draft(project.root, draft)
    shown_problems = [problem_text(problem) for problem in check.problems_of(draft.figures[0].key)]
    assert check.problems_of(draft.figures[1].key) == []
    project.write_raw(f"data/sources/{REPORT}.txt", TEXT)
    add_entry(project, draft)
    project.write_raw(f"data/curated/{REPORT}.yaml", curated_text(draft))
    with pytest.raises(CurationFailed) as failed:
        validate(project.root)
    assert sorted(shown_problems) == sorted(problem_text(problem) for problem in failed.value.problems)
    assert "metric: unknown metric 'pm25_anual_mean' (did you mean 'pm25_annual_mean'?)" in shown_problems


def test_a_missing_detail_is_named_at_its_field_and_records_wait_for_the_details(project):
    draft = a_draft(PM25)
    del draft.source["issuer_en"]
    check = check_draft(project.root, draft)
    assert [(problem.field, problem.message) for problem in check.source_problems] == [
        ("issuer_en", "required field is missing")]
    assert not check.records_checked


def test_an_id_already_in_sources_yaml_is_a_problem_of_the_id(project):
    draft = new_draft("baoding_2024_meeting", "baoding")
    draft.text, draft.source = TEXT, {**draft.source, **DETAILS}
    check = check_draft(project.root, draft)
    assert [problem_text(problem) for problem in check.source_problems] == ["id: duplicate id 'baoding_2024_meeting'"]


def test_numbers_no_record_accounts_for_are_listed_until_one_does(project):
    bare = check_draft(project.root, a_draft())
    assert {mark.number for mark in bare.unaccounted} == {"31", "6.1", "72.4", "1.9", "33"}
    covered = check_draft(project.root, a_draft(PM25, GOOD_DAYS, TARGET))
    assert covered.unaccounted == []


# --- drafting, searching, marking ----------------------------------------------------------------------------

def test_drafting_adds_a_record_for_each_figure_like_number_to_be_checked(project):
    draft = a_draft()
    check = check_draft(project.root, draft)
    added = draft_figures(draft, check.catalog)
    assert added == len(draft.figures) > 0
    assert all(record.status == "to_check" and record.origin == "drafted" for record in draft.figures)
    assert {typed_number(record.fields.get("value")) for record in draft.figures} >= {31, 72.4, 33}


@pytest.mark.parametrize("query", ["PM2.5年均", "pm2.5 annual", "pm25_annual_mean", "PM2.5年均濃度"])
def test_a_metric_is_found_by_any_of_its_names_in_either_script_or_english(project, query):
    catalog, _ = load_catalog(project.root)
    assert matching_metrics(catalog, query)[0] == "pm25_annual_mean"


def test_a_traditional_query_finds_a_simplified_synonym_of_the_real_catalogue():
    catalog, _ = load_catalog(REPO)
    assert "pm25_annual_mean" in matching_metrics(catalog, "細顆粒物")
    assert "drinking_water_source_compliance" in matching_metrics(catalog, "飲用水")


def test_each_record_s_numbers_are_marked_in_the_text_by_its_state(project):
    draft = a_draft(PM25, GOOD_DAYS, confirmed=False)
    draft.figures[0].status = CONFIRMED
    set_field(draft.figures[1].fields, "value", "99")
    check = check_draft(project.root, draft)
    found = {(draft.text[mark.start:mark.end], mark.kind) for mark in marks(draft, check, None)}
    # the broken record's own numbers show its problem; the number it no longer states is unaccounted
    assert {("31", "confirmed"), ("6.1", "confirmed"), ("1.9", "problem"), ("72.4", "unaccounted"),
            ("33", "unaccounted")} <= found


def test_the_text_is_shown_escaped_so_a_report_cannot_inject_markup(project):
    draft = a_draft()
    draft.text = "PM2.5为**31**<b>微克</b>[链接](http://x)。\n"
    shown_text = text_markdown(draft, check_draft(project.root, draft), None)
    assert "<b>" not in shown_text and "**31**" not in shown_text and "](" not in shown_text


def test_a_sentence_lists_the_numbers_in_it_that_are_not_yet_accounted_for(project):
    draft = a_draft(PM25)
    found = {sentence.text: [mark.number for mark in sentence.unaccounted]
             for sentence in sentences(draft.text, check_draft(project.root, draft))}
    assert found["全市空气质量优良天数比率为72.4%,同比提高1.9个百分点。"] == ["72.4", "1.9"]
    assert found["会议通报,2025年1-6月,全市PM2.5平均浓度为31微克/立方米,同比下降6.1%。"] == []


# --- publishing: everything or nothing ------------------------------------------------------------------------

def test_publishing_writes_the_files_validates_builds_and_removes_the_draft(project):
    draft = a_draft(PM25, GOOD_DAYS, TARGET, directives=[DIRECTIVE])
    save_draft(project.root, draft)
    sources = project.path("data/sources.yaml").read_text(encoding="utf-8")
    result = publish(project.root, project.db_path, draft, "王芳", at=WHEN)
    assert result.published, (result.blockers, result.problems)
    assert project.path(f"data/sources/{REPORT}.txt").read_text(encoding="utf-8") == TEXT
    assert project.path(f"data/curated/{REPORT}.yaml").read_text(encoding="utf-8") == curated_text(draft)
    # appended as the file's own entries are indented (this one writes "- id:" at the margin)
    assert project.path("data/sources.yaml").read_text(encoding="utf-8") == sources + "\n".join(
        line[2:] for line in HAND_WRITTEN_ENTRY.splitlines()) + "\n"
    assert not (project.data / "drafts" / f"{REPORT}.yaml").exists()
    validate(project.root)
    with duckdb.connect(str(project.db_path), read_only=True) as connection:
        assert connection.execute("SELECT count(*) FROM figures WHERE source_id = ? AND NOT is_derived",
                                  [REPORT]).fetchone()[0] == 3


def test_the_published_database_is_the_one_the_inputs_describe(project):
    from envdash.store.build import database_fingerprint, input_fingerprint
    publish(project.root, project.db_path, a_draft(PM25), "王芳", at=WHEN)
    assert database_fingerprint(project.db_path) == input_fingerprint(project.root)


def test_a_broken_edit_cannot_be_published_and_nothing_is_written_or_lost(project):
    draft = a_draft(PM25, GOOD_DAYS)
    set_field(draft.figures[0].fields, "value", "32")      # not the number the quote states
    save_draft(project.root, draft)
    before, saved = snapshot(project.root), project.path(f"data/drafts/{REPORT}.yaml").read_bytes()
    result = publish(project.root, project.db_path, draft, "王芳", at=WHEN)
    assert not result.published and [blocker.code for blocker in result.blockers] == ["problems"]
    assert snapshot(project.root) == before
    assert project.path(f"data/drafts/{REPORT}.yaml").read_bytes() == saved
    assert load_draft(project.root, REPORT).figures[0].fields["value"] == 32


def test_a_problem_only_the_whole_curation_shows_stops_the_publish_with_nothing_written(project):
    # the fixture's Baoding report already states the 2023 PM2.5 actual: the same figure twice
    twice = {key: value for key, value in PM25.items() if key != "change"} | {"period": "2023"}
    draft = a_draft(twice)
    assert check_draft(project.root, draft).problem_count == 0     # this report alone is fine
    save_draft(project.root, draft)
    before = snapshot(project.root)
    result = publish(project.root, project.db_path, draft, "王芳", at=WHEN)
    assert not result.published
    assert [problem.message.split(":")[0] for problem in result.problems] == ["duplicate figure"]
    assert str(result.problems[0]).startswith(f"data/curated/{REPORT}.yaml:3: figure pm25_annual_mean 2023")
    assert snapshot(project.root) == before and load_draft(project.root, REPORT).figures[0].fields == twice


def test_a_write_that_fails_part_way_puts_back_the_files_already_written(project, monkeypatch):
    draft = a_draft(PM25)
    save_draft(project.root, draft)
    before = snapshot(project.root)
    real_write, written = publishing._atomic_write, []

    def fails_on_the_change_log(path, content):
        if path.name == "changelog.yaml":
            raise OSError("disk full")
        written.append(path.name)
        real_write(path, content)
    monkeypatch.setattr(publishing, "_atomic_write", fails_on_the_change_log)
    with pytest.raises(OSError, match="disk full"):
        publish(project.root, project.db_path, draft, "王芳", at=WHEN)
    assert written[:3] == [f"{REPORT}.txt", "sources.yaml", f"{REPORT}.yaml"]
    assert snapshot(project.root) == before
    assert load_draft(project.root, REPORT).figures[0].fields == PM25


@pytest.mark.parametrize("curator, code", [("", "no_curator"), ("王芳", None)])
def test_unconfirmed_records_and_a_missing_name_block_the_publish(project, curator, code):
    draft = a_draft(PM25, confirmed=False)
    codes = [blocker.code for blocker in publishing.blockers(project.root, draft, curator)]
    assert codes == ["to_check"] + ([code] if code else [])


# --- the change log ---------------------------------------------------------------------------------------------

def changes(project) -> list[dict]:
    return yaml.safe_load(project.path("data/changelog.yaml").read_text(encoding="utf-8"))["changes"]


def test_a_publish_appends_when_who_which_report_and_how_many_records_were_added(project):
    publish(project.root, project.db_path, a_draft(PM25, GOOD_DAYS, directives=[DIRECTIVE]), "王芳", at=WHEN)
    assert changes(project) == [{"at": WHEN, "curator": "王芳", "source": REPORT, "added": 3, "changed": 0,
                                 "removed": 0}]


def test_a_revised_report_counts_records_changed_added_and_removed(project):
    publish(project.root, project.db_path, a_draft(PM25, GOOD_DAYS, TARGET), "王芳", at=WHEN)
    draft = draft_from_published(project.root, REPORT)
    assert draft.mode == "revise" and change_count(draft) == publishing.ChangeCount(0, 0, 0)
    set_field(draft.figures[0].fields, "note_en", "Mean of January to June.")
    set_field(draft.figures[0].fields, "note_zh", "1—6月平均。")
    draft.remove(draft.figures[1].key)
    draft.add("directives", DIRECTIVE).status = CONFIRMED
    later = WHEN + dt.timedelta(days=2)
    result = publish(project.root, project.db_path, draft, "李明", at=later)
    assert result.published, (result.blockers, result.problems)
    assert changes(project)[1] == {"at": later, "curator": "李明", "source": REPORT, "added": 1, "changed": 1,
                                   "removed": 1}
    with duckdb.connect(str(project.db_path), read_only=True) as connection:
        rows = connection.execute("SELECT curator, added, changed, removed FROM changes WHERE source_id = ? "
                                  "ORDER BY changed_at", [REPORT]).fetchall()
    assert rows == [("王芳", 3, 0, 0), ("李明", 1, 1, 1)]


def test_revising_keeps_the_sources_yaml_comments_and_other_entries(project):
    publish(project.root, project.db_path, a_draft(PM25), "王芳", at=WHEN)
    sources = project.path("data/sources.yaml")
    sources.write_text("# kept\n" + sources.read_text(encoding="utf-8"), encoding="utf-8")
    draft = draft_from_published(project.root, REPORT)
    draft.source["title_en"] = "Baoding half-year meeting on ecology and environment, 2025"
    before = sources.read_text(encoding="utf-8")
    assert publish(project.root, project.db_path, draft, "王芳", at=WHEN).published
    after = sources.read_text(encoding="utf-8")
    assert after.startswith("# kept\n") and after == before.replace(DETAILS["title_en"], draft.source["title_en"])


def test_an_unchanged_revision_has_nothing_to_publish(project):
    publish(project.root, project.db_path, a_draft(PM25), "王芳", at=WHEN)
    draft = draft_from_published(project.root, REPORT)
    assert [blocker.code for blocker in publishing.blockers(project.root, draft, "王芳")] == ["unchanged"]


def test_a_curated_file_with_comments_is_not_reopened(project):
    path = project.path("data/curated/baoding_2024_meeting.yaml")
    path.write_text("# a curator's note\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(DraftError, match="comments"):
        draft_from_published(project.root, "baoding_2024_meeting")


def test_replacing_an_entry_leaves_every_other_line_as_it_was():
    text = "sources:\n  - id: a\n    kind: x\n  # about b\n  - id: b\n    kind: y\n"
    assert replace_entry(text, "a", "  - id: a\n    kind: z\n") == (
        "sources:\n  - id: a\n    kind: z\n  # about b\n  - id: b\n    kind: y\n")


@pytest.mark.parametrize("entry, message", [
    ({"source": "nowhere"}, "unknown source 'nowhere'"),
    ({"at": "2025-07-09T10:30:00"}, "the time needs its UTC offset"),
    ({"added": -1}, "greater than or equal to 0"),
])
def test_a_broken_change_log_entry_is_named_with_file_line_and_field(project, entry, message):
    record = {"at": "2025-07-09T10:30:00+08:00", "curator": "王芳", "source": "baoding_2024_meeting",
              "added": 1, "changed": 0, "removed": 0, **entry}
    text = "changes:\n  - " + "\n    ".join(f"{key}: {value}" for key, value in record.items()) + "\n"
    project.write_raw("data/changelog.yaml", text)
    with pytest.raises(CurationFailed) as failed:
        validate(project.root)
    [problem] = failed.value.problems
    field = next(iter(entry))
    assert (problem.file, problem.field, problem.line) == ("data/changelog.yaml", field, 2 + list(record).index(field))
    assert message in problem.message


# --- the command that serves the studio ----------------------------------------------------------------------

def served_with(monkeypatch, *argv) -> tuple[list[str], dict]:
    """The command `python -m envdash ... studio` hands its process to, and its environment."""
    import envdash.__main__ as command_line
    called = {}
    monkeypatch.setattr(command_line.os, "chdir", lambda folder: called.update(cwd=folder))
    monkeypatch.setattr(command_line.os, "execve",
                        lambda program, command, env: called.update(program=program, command=command, env=env))
    assert command_line.main(list(argv)) == 0
    assert called["program"] == sys.executable and called["cwd"] == REPO
    return called["command"], called["env"]


def test_the_studio_listens_on_this_machine_only_by_default_on_its_own_port(monkeypatch, project):
    command, env = served_with(monkeypatch, "--root", str(project.root), "studio")
    assert command[command.index("--server.address") + 1] == "127.0.0.1"
    assert command[command.index("--server.port") + 1] == "8502"      # the dashboard keeps 8501
    assert command[command.index("run") + 1].endswith("studio/studio_app.py")
    assert env["ENVDASH_ROOT"] == str(project.root.resolve())


def test_the_studio_address_and_port_can_be_chosen(monkeypatch, project):
    command, _ = served_with(monkeypatch, "--root", str(project.root), "studio", "--address", "10.0.0.5",
                             "--port", "9000")
    assert command[command.index("--server.address") + 1] == "10.0.0.5"
    assert command[command.index("--server.port") + 1] == "9000"


def test_the_dashboard_has_no_page_of_the_studio():
    from envdash.present.navigation import PAGES
    assert not any("studio" in entry.path for entry in PAGES)
    assert not list((REPO / "pages").glob("*studio*"))
