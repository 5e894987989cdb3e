"""docs/data.md documents every column of every table and view in the built database."""
import re
from pathlib import Path

import duckdb

DOCS = Path(__file__).resolve().parent.parent / "docs" / "data.md"


def documented_columns() -> dict[str, set[str]]:
    """Columns named in docs/data.md, per table: `## Table x` / `## View x` sections and `table.column` rows."""
    documented: dict[str, set[str]] = {}
    current = None
    for line in DOCS.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"^## (?:Table|View) `(\w+)`", line)
        if heading:
            current = heading.group(1)
            documented.setdefault(current, set())
            continue
        if line.startswith("## "):
            current = None
        row = re.match(r"^\| ([\w.]+) \|", line)
        if row and row.group(1) not in ("column", "table.column"):
            name = row.group(1)
            if "." in name:
                table, column = name.split(".", 1)
                documented.setdefault(table, set()).add(column)
            elif current:
                documented[current].add(name)
    return documented


def test_every_database_column_is_documented(built_database):
    documented = documented_columns()
    # documented as "same columns as facts" (figures: without the metric's columns and the scope's names)
    documented["latest_actual"] = documented["facts"]
    documented["figures"] = documented["facts"] - {"unit_std", "theme_id", "direction", "comparable",
                                                   "scope_zh", "scope_en"}
    with duckdb.connect(str(built_database), read_only=True) as connection:
        columns = connection.execute(
            "SELECT table_name, column_name FROM information_schema.columns ORDER BY table_name").fetchall()
    missing = sorted(f"{table}.{column}" for table, column in columns
                     if column not in documented.get(table, set()))
    assert not missing, f"undocumented in docs/data.md: {missing}"


def test_facts_contract_columns_exist(built_database):
    required = {"place_id", "metric_id", "kind", "is_derived", "period_start", "period_end", "value", "unit",
                "comparator", "source_id", "quote"}
    with duckdb.connect(str(built_database), read_only=True) as connection:
        columns = {row[0] for row in connection.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'facts'").fetchall()}
    assert required <= columns
