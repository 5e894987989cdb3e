"""The opt-in timing of script runs (ENVDASH_RUN_TIMES), read by the cluster's load benchmark."""
from __future__ import annotations

import json
import os

import pytest
from apptest_helpers import open_page

from envdash.present.run_times import RUN_TIMES_ENV, timed_script_run


def _records(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_each_run_of_a_page_appends_one_line_naming_the_page_and_its_duration(tmp_path, monkeypatch):
    times = tmp_path / "runs.jsonl"
    monkeypatch.setenv(RUN_TIMES_ENV, str(times))

    app = open_page("targets")
    app.run()

    records = _records(times)
    assert [record["page"] for record in records] == ["targets", "targets"]
    assert all(record["ending"] == "done" and 0 < record["seconds"] < 60 for record in records)
    assert {record["pid"] for record in records} == {os.getpid()}


def test_nothing_is_written_without_the_setting(tmp_path, monkeypatch):
    monkeypatch.delenv(RUN_TIMES_ENV, raising=False)
    monkeypatch.chdir(tmp_path)

    open_page("targets")

    assert list(tmp_path.iterdir()) == []


def test_a_run_ended_by_an_exception_is_recorded_with_how_it_ended_and_the_exception_goes_on(tmp_path, monkeypatch):
    times = tmp_path / "runs.jsonl"
    monkeypatch.setenv(RUN_TIMES_ENV, str(times))

    class RerunException(Exception):   # named as Streamlit's page switch is
        pass

    with pytest.raises(RerunException):
        with timed_script_run(lambda: "home"):
            raise RerunException()
    with pytest.raises(ValueError):
        with timed_script_run(lambda: None):
            raise ValueError("broken page")

    assert [(record["page"], record["ending"]) for record in _records(times)] == [("home", "rerun"), (None, "error")]
