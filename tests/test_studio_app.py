"""The curation studio under AppTest: a made-up report curated end to end in a copy of a project, and
the Sources page of the dashboard showing what the publish recorded."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from streamlit.testing.v1 import AppTest

from apptest_helpers import open_page, texts
from envdash.studio.drafts import load_draft
from test_studio import DETAILS, REPORT, TEXT

STUDIO = str(Path(__file__).resolve().parent.parent / "studio" / "studio_app.py")
KEY = f"studio.{REPORT}."


@pytest.fixture
def studio_project(project, monkeypatch):
    """The fixture project as the studio's data, its database built."""
    monkeypatch.setenv("ENVDASH_ROOT", str(project.root))
    monkeypatch.setenv("ENVDASH_DB", str(project.db_path))
    from envdash.store.build import build_database
    build_database(project.root, project.db_path)
    return project


def studio(lang: str = "en", page: str | None = None, **params) -> AppTest:
    app = AppTest.from_file(STUDIO, default_timeout=90)
    app.query_params["lang"] = lang
    for name, value in params.items():
        app.query_params[name] = value
    if page:
        app.switch_page(page)
    app.run()
    assert not app.exception, [error.value for error in app.exception]
    return app


def run(app: AppTest) -> AppTest:
    app.run()
    assert not app.exception, [error.value for error in app.exception]
    return app


def shown(app: AppTest) -> str:
    return texts(app)


def start_report(app: AppTest) -> AppTest:
    app.text_input(key="studio.new.id").input(REPORT)
    app.selectbox(key="studio.new.place").select("baoding")
    app.get("form_submit_button")[0].click()
    return run(app)


def fill_in(app: AppTest) -> AppTest:
    app.text_area(key=KEY + "text").input(TEXT)
    run(app)
    for name in ("issuer_zh", "issuer_en", "title_zh", "title_en", "period"):
        app.text_input(key=KEY + f"source.{name}").input(DETAILS[name])
        run(app)
    app.date_input(key=KEY + "source.published").set_value(dt.date.fromisoformat(DETAILS["published"]))
    app.selectbox(key=KEY + "source.kind").select(DETAILS["kind"])
    return run(app)


def record_keys(project) -> list[str]:
    draft = load_draft(project.root, REPORT)
    return [record.key for record in [*draft.figures, *draft.directives]]


def test_the_studio_opens_on_its_reports_page_in_either_language(studio_project):
    assert "Start a new report" in shown(studio(lang="en"))
    assert "新建报告" in shown(studio(lang="zh"))


def test_starting_a_report_opens_it_and_saves_its_draft(studio_project):
    app = start_report(studio())
    assert app.title[0].value == f"Curating {REPORT}"
    assert load_draft(studio_project.root, REPORT).source["place"] == "baoding"


def test_missing_details_are_named_at_their_fields_as_validate_names_them(studio_project):
    app = start_report(studio())
    app.text_area(key=KEY + "text").input(TEXT)
    run(app)
    errors = [error.value.replace("\\", "") for error in app.error]
    assert "issuer_en: required field is missing" in errors and "kind: required field is missing" in errors
    assert app.button(key=KEY + "draft").disabled


def test_a_made_up_report_is_curated_end_to_end_and_published(studio_project):
    project = studio_project
    app = fill_in(start_report(studio()))
    assert not [error.value for error in app.error]
    app.button(key=KEY + "draft").click()
    run(app)
    assert "figures drafted" in shown(app)

    # each drafted record: confirm it when it is sound, delete it when it is not; the next one opens
    for _ in range(len(record_keys(project))):
        if load_draft(project.root, REPORT).to_check == 0:
            break
        confirm = app.button(key=KEY + "confirm")
        (app.button(key=KEY + "delete") if confirm.disabled else confirm).click()
        run(app)
    draft = load_draft(project.root, REPORT)
    assert draft.figures and draft.to_check == 0

    # a broken edit: the quote does not state 99; the record says why and the report cannot be published
    key = draft.figures[0].key
    app.selectbox(key=f"studio.chosen.{REPORT}").select(key)
    run(app)
    app.text_input(key=KEY + f"record.{key}.value").input("99")
    run(app)
    assert "value: the quote does not contain the number 99" in [error.value.replace("\\", "") for error in app.error]
    assert app.button(key=KEY + "publish").disabled
    assert load_draft(project.root, REPORT).figures[0].fields["value"] == 99      # kept, not lost
    original = {record.key: record.fields for record in draft.figures}[key]["value"]
    app.text_input(key=KEY + f"record.{key}.value").input(str(original))
    run(app)

    # a directive from its sentence
    sentence = TEXT.index("会议强调")
    app.toggle(key=KEY + "only_unaccounted").set_value(False)
    run(app)
    app.selectbox(key=KEY + "sentence").select(sentence)
    run(app)
    app.button(key=KEY + "add_directive").click()
    run(app)
    directive = load_draft(project.root, REPORT).directives[0]
    assert app.session_state[f"studio.chosen.{REPORT}"] == directive.key
    app.selectbox(key=KEY + f"record.{directive.key}.theme").select("air")
    run(app)
    app.text_input(key=KEY + f"record.{directive.key}.summary_en").input("Hold every level responsible for clean air.")
    run(app)
    app.button(key=KEY + "confirm").click()
    run(app)

    app.text_input(key=KEY + "curator").input("王芳")
    run(app)
    assert not app.button(key=KEY + "publish").disabled, [warning.value for warning in app.warning]
    app.button(key=KEY + "publish").click()
    run(app)
    assert f"{REPORT} is published" in shown(app)
    curated = yaml.safe_load(project.path(f"data/curated/{REPORT}.yaml").read_text(encoding="utf-8"))
    assert curated["directives"] == [{"theme": "air", "quote": "会议强调,要压紧压实大气污染防治责任",
                                      "summary_en": "Hold every level responsible for clean air."}]
    assert all("draft" not in record for record in curated["figures"])
    log = yaml.safe_load(project.path("data/changelog.yaml").read_text(encoding="utf-8"))["changes"]
    assert [(entry["curator"], entry["source"], entry["added"]) for entry in log] == [
        ("王芳", REPORT, len(curated["figures"]) + 1)]
    assert not project.path(f"data/drafts/{REPORT}.yaml").exists()


def test_reopening_the_curation_page_resumes_the_draft_where_it_was_left(studio_project):
    fill_in(start_report(studio()))
    reopened = studio(page="views/curate.py", report=REPORT)     # a new session: the browser was closed
    assert reopened.text_input(key=KEY + "source.title_en").value == DETAILS["title_en"]
    assert reopened.text_area(key=KEY + "text").value == TEXT


def test_a_published_report_reopens_for_revision_with_its_records_confirmed(studio_project):
    from envdash.studio.publish import publish
    from test_studio import PM25, WHEN, a_draft
    assert publish(studio_project.root, studio_project.db_path, a_draft(PM25), "王芳", at=WHEN).published
    app = studio()
    app.selectbox(key="studio.revise.id").select(REPORT)
    app.button(key="studio.revise.open").click()
    run(app)
    assert app.title[0].value == f"Curating {REPORT}" and "revising a published report" in shown(app)
    assert app.text_input(key=KEY + "curator").value == ""
    assert sorted(warning.value for warning in app.warning) == [
        "Enter your name for the change log.", "Nothing has changed since the report was published."]
    # its records are confirmed as published: the chosen one offers to go back to checking
    assert "Back to check" in [button.label for button in app.button]


def test_the_sources_page_shows_each_publish_of_a_report(studio_project):
    from envdash.studio.publish import publish
    from test_studio import PM25, WHEN, a_draft
    assert publish(studio_project.root, studio_project.db_path, a_draft(PM25), "王芳", at=WHEN).published
    for lang, title, curator in (("en", "Changes made in the curation studio (1)", "Curator"),
                                 ("zh", "在整理工作室中的修改记录(1)", "整理人")):
        page = open_page("sources", lang=lang, source=REPORT)
        [changes] = [expander for expander in page.expander if expander.label == title]
        table = changes.table[0].value
        assert list(table[curator]) == ["王芳"]
        assert table.iloc[0, 0].replace("\\", "") == WHEN.astimezone().strftime("%Y-%m-%d %H:%M")


def test_a_report_never_published_from_the_studio_shows_no_change_log(studio_project):
    page = open_page("sources", lang="en", source="baoding_2024_meeting")
    assert not [expander for expander in page.expander if expander.label.startswith("Changes made")]
