"""The build: what it prints, the tables and views it writes, derived figures, and the atomic swap."""
from __future__ import annotations

import hashlib
import math
from datetime import date

import duckdb
import pytest
from fixture_project import SOURCE_ID, SOURCE_PATH, add_count_metrics, figure, make_project

from envdash.core.problems import CurationFailed
from envdash.store.build import build_database

CURATED = f"data/curated/{SOURCE_ID}.yaml"

FACTS_CONTRACT = {
    "place_id": "VARCHAR", "metric_id": "VARCHAR", "kind": "VARCHAR", "is_derived": "BOOLEAN",
    "period_start": "DATE", "period_end": "DATE", "value": "DOUBLE", "unit": "VARCHAR",
    "comparator": "VARCHAR", "source_id": "VARCHAR", "quote": "VARCHAR",
}
SOURCES_CONTRACT = {"source_id": "VARCHAR", "place_id": "VARCHAR", "title": "VARCHAR", "published": "DATE",
                    "path": "VARCHAR"}


def _columns(connection, relation: str) -> dict[str, str]:
    return {name: kind for name, kind in connection.execute(
        f"SELECT column_name, column_type FROM (DESCRIBE {relation})").fetchall()}


def _facts(connection) -> list[dict]:
    """Rows of the facts view as plain Python values (dates stay dates, NULL stays None)."""
    cursor = connection.execute("SELECT * FROM facts")
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _files_under(folder) -> dict[str, str]:
    return {str(path.relative_to(folder)): _digest(path) for path in sorted(folder.rglob("*")) if path.is_file()}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The fixture project, built once in process; tests only read it."""
    project = make_project(tmp_path_factory.mktemp("built") / "project")
    build_database(project.root, project.db_path)
    with duckdb.connect(str(project.db_path), read_only=True) as connection:
        yield connection


def _one(facts: list[dict], **where) -> dict:
    rows = [row for row in facts if all(row[column] == value for column, value in where.items())]
    assert len(rows) == 1, f"{len(rows)} rows where {where}"
    return rows[0]


def test_build_prints_a_summary_line_per_place_with_records(project):
    result = project.run_python("build")
    assert result.returncode == 0, result.stderr
    assert "10 figures (2 derived), 3 directives." in result.stdout
    rows = {line.split()[0]: line.split()[1:] for line in result.stdout.splitlines()[2:] if line.strip()}
    assert rows == {"baoding": ["10", "2", "2"], "jiangsu": ["0", "0", "1"]}


def test_facts_view_has_the_contract_columns_and_types(built):
    columns = _columns(built, "facts")
    assert {name: columns.get(name) for name in FACTS_CONTRACT} == FACTS_CONTRACT


def test_sources_table_has_id_place_title_published_and_path(built):
    assert {name: kind for name, kind in _columns(built, "sources").items() if name in SOURCES_CONTRACT} \
        == SOURCES_CONTRACT
    row = built.execute("SELECT place_id, published, path FROM sources WHERE source_id = ?", [SOURCE_ID]).fetchone()
    assert row == ("baoding", date(2024, 3, 28), SOURCE_PATH)


def test_stated_figure_keeps_its_value_unit_comparator_and_quote(built):
    row = _one(_facts(built), metric_id="environmental_investment")
    assert (row["value"], row["unit"], row["comparator"], row["quote"], row["source_id"]) == \
        (700, "亿元", ">", "涉及总投资700多亿元", SOURCE_ID)
    assert not row["is_derived"] and row["formula"] is None


def test_value_in_a_multiple_unit_is_converted_to_the_metric_unit(built):
    row = _one(_facts(built), metric_id="polluted_farmland_safe_use_area")
    assert (row["value"], row["unit"], row["value_std"], row["unit_std"]) == (1, "万亩", 10000, "亩")


def test_relative_change_derives_the_previous_year_value(built):
    facts = _facts(built)
    stated = _one(facts, metric_id="air_quality_composite_index", period_label="2023")
    derived = _one(facts, metric_id="air_quality_composite_index", is_derived=True)
    assert math.isclose(derived["value"], 4.74 / (1 - 0.0146), rel_tol=1e-9)
    assert round(derived["value"], 4) == 4.8102
    assert (derived["period_label"], derived["period_start"], derived["period_end"]) == \
        ("2022", date(2022, 1, 1), date(2022, 12, 31))
    assert (derived["kind"], derived["derived_from"]) == ("actual", stated["figure_id"])
    assert "4.74" in derived["formula"] and "1.46" in derived["formula"]


def test_absolute_change_in_percentage_points_derives_the_previous_year_value(built):
    derived = _one(_facts(built), metric_id="air_good_days_ratio", is_derived=True)
    assert math.isclose(derived["value"], 80.5 - 3.1)
    assert derived["period_label"] == "2022"
    assert "80.5" in derived["formula"] and "3.1" in derived["formula"]


def test_target_with_a_change_derives_nothing(built):
    facts = _facts(built)
    target = _one(facts, metric_id="air_quality_composite_index", kind="target")
    assert target["change_value"] == -3
    assert [row for row in facts if row["derived_from"] == target["figure_id"]] == []
    assert sum(row["is_derived"] for row in facts) == 2


def test_figure_stating_only_a_change_is_stored_with_a_null_value(tmp_path):
    project = make_project(tmp_path / "project")
    project.write_curated(extra_figures=[figure(period="2022", value=None)])
    build_database(project.root, project.db_path)
    with duckdb.connect(str(project.db_path), read_only=True) as connection:
        values = connection.execute("SELECT value IS NULL FROM facts WHERE metric_id = ? AND period_label = '2022' "
                                    "AND NOT is_derived", ["air_quality_composite_index"]).fetchall()
    assert values == [(True,)]


def test_failed_build_leaves_the_previous_database_byte_for_byte(project):
    assert project.run("build").returncode == 0
    before = _digest(project.db_path)
    project.write_curated(figures=[figure(place="baodin")])
    result = project.run("build")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "unknown place 'baodin'" in result.stderr
    assert _digest(project.db_path) == before


def test_successful_rebuild_replaces_the_database(tmp_path):
    project = make_project(tmp_path / "project")
    build_database(project.root, project.db_path)
    project.write_curated(figures=[figure()])
    build_database(project.root, project.db_path)
    with duckdb.connect(str(project.db_path), read_only=True) as connection:
        assert connection.execute("SELECT count(*) FROM facts WHERE NOT is_derived").fetchone() == (1,)


def test_builds_leave_no_temporary_files_in_data(tmp_path):
    project = make_project(tmp_path / "project")
    inputs = set(_files_under(project.data))
    build_database(project.root, project.db_path)
    project.write_curated(figures=[figure(period="2023-13")])
    with pytest.raises(CurationFailed):
        build_database(project.root, project.db_path)
    assert set(_files_under(project.data)) - inputs == {"envdash.duckdb"}


def test_validate_writes_nothing(project):
    before = _files_under(project.root)
    result = project.run("validate")
    assert result.returncode == 0, result.stderr
    assert "OK: 8 figures and 3 directives in 2 sources are valid." in result.stdout
    assert _files_under(project.root) == before
    assert not project.db_path.exists()


# --- a count stated with its whole derives a share --------------------------------------------------

SECTIONS_LINE = "49个国省控断面水质全部达到Ⅲ类及以上,8个市控断面中6个达到Ⅲ类及以上。监测站点建成5个,共12个。\n"
ALL_SECTIONS = {"place": "baoding", "metric": "sections_class_i_iii_count", "period": "2023", "kind": "actual",
                "value": 49, "total": 49, "unit": "个", "scope": "national_provincial_sections",
                "quote": "49个国省控断面水质全部达到Ⅲ类及以上"}
SIX_OF_EIGHT = {"place": "baoding", "metric": "sections_class_i_iii_count", "period": "2023", "kind": "actual",
                "value": 6, "total": 8, "unit": "个", "scope": "city_controlled_sections",
                "quote": "8个市控断面中6个达到Ⅲ类及以上"}
FIVE_OF_TWELVE = {"place": "baoding", "metric": "monitoring_stations", "period": "2023", "kind": "actual",
                  "value": 5, "total": 12, "unit": "个", "quote": "监测站点建成5个,共12个"}


@pytest.fixture(scope="module")
def with_shares(tmp_path_factory):
    """The fixture project with two section counts stated with their whole, built once."""
    project = make_project(tmp_path_factory.mktemp("shares") / "project")
    add_count_metrics(project, SECTIONS_LINE)
    project.write_curated(extra_figures=[ALL_SECTIONS, SIX_OF_EIGHT, FIVE_OF_TWELVE])
    build_database(project.root, project.db_path)
    with duckdb.connect(str(project.db_path), read_only=True) as connection:
        yield connection


def test_count_of_49_of_49_derives_a_share_of_100_percent(with_shares):
    share = _one(_facts(with_shares), metric_id="surface_water_good_ratio", scope="national_provincial_sections")
    assert (share["value"], share["unit"], share["value_std"], share["is_derived"]) == (100, "%", 100, True)
    assert share["formula"] == "49 / 49 × 100% = 100%"


def test_derived_share_links_back_to_the_count_it_comes_from(with_shares):
    facts = _facts(with_shares)
    count = _one(facts, metric_id="sections_class_i_iii_count", scope="national_provincial_sections")
    share = _one(facts, metric_id="surface_water_good_ratio", scope="national_provincial_sections")
    assert share["derived_from"] == count["figure_id"] and share["figure_id"].startswith("der-")
    assert (share["quote"], share["source_id"]) == (count["quote"], count["source_id"])


def test_derived_share_keeps_the_count_s_place_period_kind_and_scope(with_shares):
    share = _one(_facts(with_shares), metric_id="surface_water_good_ratio", scope="city_controlled_sections")
    assert (share["place_id"], share["period_label"], share["kind"], share["scope_en"]) == \
        ("baoding", "2023", "actual", "city-controlled sections")
    assert share["value"] == 75 and share["formula"] == "6 / 8 × 100% = 75%"


def test_a_count_of_a_metric_that_feeds_no_share_derives_none(with_shares):
    from_counts = with_shares.execute(
        "SELECT d.metric_id, c.metric_id FROM facts d JOIN facts c ON d.derived_from = c.figure_id "
        "WHERE d.is_derived AND c.total IS NOT NULL ORDER BY d.value").fetchall()
    assert from_counts == [("surface_water_good_ratio", "sections_class_i_iii_count")] * 2
