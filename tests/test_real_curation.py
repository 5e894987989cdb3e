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


def test_baoding_49_of_49_sections_derive_a_class_i_iii_share_of_100_percent(real_database):
    [share] = _rows(real_database, """
        SELECT s.value, s.unit, s.scope, s.formula, s.period_label, c.metric_id AS count_metric, c.total
        FROM facts s JOIN facts c ON s.derived_from = c.figure_id
        WHERE s.place_id = 'baoding' AND s.metric_id = 'surface_water_good_ratio' AND s.is_derived""")
    assert share == {"value": 100.0, "unit": "%", "scope": "national_provincial_sections",
                     "formula": "49 / 49 × 100% = 100%", "period_label": "2023",
                     "count_metric": "surface_water_sections_class_i_iii_count", "total": 49.0}


def test_compare_query_sees_baoding_at_100_percent_for_the_class_i_iii_share(real_database):
    from envdash.store.queries import query_text
    rows = real_database.execute(query_text("compare_actuals"),
                                 {"metric": "surface_water_good_ratio", "places": ["baoding", "jiaxing"]}).df()
    baoding = rows[rows.place_id == "baoding"]
    assert list(zip(baoding.value_std, baoding.is_derived, baoding.scope_en)) == \
        [(100.0, True, "national- and provincial-controlled sections")]


def test_jiaxing_2023_zero_emergency_target_has_its_2022_actual_of_the_same_scope(real_database):
    rows = _rows(real_database, """
        SELECT kind, period_label, value, scope FROM facts
        WHERE place_id = 'jiaxing' AND metric_id = 'major_environmental_emergencies' ORDER BY period_label""")
    assert rows == [{"kind": "actual", "period_label": "2022", "value": 0.0, "scope": None},
                    {"kind": "target", "period_label": "2023", "value": 0.0, "scope": None}]


def test_each_count_metric_counts_one_kind_of_thing(real_curation):
    # 个 and 家 on one metric put projects and firms on one axis; 家 and 万家 count the same thing
    catalog, curation = real_curation
    kinds: dict[str, set[str]] = {}
    for figure in curation.figures:
        unit = catalog.units[figure.unit]
        if unit.dimension == "count":
            kinds.setdefault(figure.metric, set()).add(unit.name_en.replace("×10k", "").strip())
    assert {metric: sorted(names) for metric, names in kinds.items() if len(names) > 1} == {}


def test_every_scope_a_figure_uses_has_names_in_both_languages(real_database):
    missing = _rows(real_database, "SELECT DISTINCT scope FROM facts WHERE scope IS NOT NULL "
                                   "AND (scope_zh IS NULL OR scope_en IS NULL)")
    assert missing == []
