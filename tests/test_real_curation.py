"""The real curation in data/: it validates, every stored figure is quoted from its report, and
every number in the reports is accounted for. Builds into a temporary database; data/ is not touched."""
from __future__ import annotations

import subprocess
import sys

import duckdb
import pytest
from fixture_project import REPO_ROOT, command_env

from envdash.analysis.overview import HEADLINE_METRICS
from envdash.core.problems import CurationFailed
from envdash.curation.catalog import load_catalog
from envdash.curation.records import load_curation
from envdash.curation.source_text import squeeze
from envdash.store.build import validate


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "envdash", *args], cwd=REPO_ROOT, env=command_env(),
                          capture_output=True, text=True, timeout=120)


def _rows(connection, sql: str) -> list[dict]:
    cursor = connection.execute(sql)
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


@pytest.fixture(scope="module")
def real_curation():
    """The catalogue and the valid records of the real data (records with problems are left out)."""
    catalog, _ = load_catalog(REPO_ROOT)
    return catalog, load_curation(catalog)


@pytest.fixture(scope="module")
def real_database(tmp_path_factory):
    db_path = tmp_path_factory.mktemp("real") / "envdash.duckdb"
    result = _run("--db", str(db_path), "build")
    if result.returncode != 0:
        pytest.fail(f"the real data does not build:\n{result.stderr}", pytrace=False)
    with duckdb.connect(str(db_path), read_only=True) as connection:
        yield connection


def test_real_curation_validates():
    try:
        validate(REPO_ROOT)
    except CurationFailed as failure:
        pytest.fail("\n".join(map(str, failure.problems)), pytrace=False)


def test_every_stated_figure_quotes_its_source_text(real_database):
    texts = {row["source_id"]: squeeze((REPO_ROOT / row["path"]).read_text(encoding="utf-8"))
             for row in _rows(real_database, "SELECT source_id, path FROM sources")}
    stated = _rows(real_database, "SELECT figure_id, source_id, file, line, quote FROM facts WHERE NOT is_derived")
    assert stated
    unquoted = [f"{row['file']}:{row['line']}: {row['quote']!r}" for row in stated
                if not (row["quote"] or "").strip() or squeeze(row["quote"]) not in texts[row["source_id"]]]
    assert unquoted == []


def test_every_derived_figure_has_a_formula_and_comes_from_a_stored_figure(real_database):
    facts = _rows(real_database, "SELECT figure_id, is_derived, derived_from, formula, file, line FROM facts")
    stated_ids = {row["figure_id"] for row in facts if not row["is_derived"]}
    derived = [row for row in facts if row["is_derived"]]
    assert derived
    broken = [f"{row['file']}:{row['line']}" for row in derived
              if not (row["formula"] or "").strip() or row["derived_from"] not in stated_ids]
    assert broken == []


def test_the_six_headline_metrics_are_in_the_catalogue(real_curation):
    catalog, _ = real_curation
    assert len(set(HEADLINE_METRICS)) == 6
    assert [metric for metric in HEADLINE_METRICS if metric not in catalog.metrics] == []


def test_every_source_has_a_figure_or_a_directive(real_curation):
    catalog, curation = real_curation
    curated = {record.source_id for record in [*curation.figures, *curation.directives]}
    assert sorted(set(catalog.sources) - curated) == []


def test_jiangsu_has_directives_and_no_figures(real_curation):
    _, curation = real_curation
    assert [figure.figure_id for figure in curation.figures if figure.place == "jiangsu"] == []
    assert any(directive.place == "jiangsu" for directive in curation.directives)


def test_coverage_finds_no_unaccounted_number_in_the_real_reports():
    result = _run("coverage")
    assert result.returncode == 0, f"coverage could not run:\n{result.stderr}"
    last_line = result.stdout.rstrip().splitlines()[-1]
    assert last_line == "0 number(s) unaccounted for in all sources.", result.stdout
