"""Validated curation → DuckDB, written to a temporary file and swapped in atomically."""
from __future__ import annotations

import gc
import hashlib
import os
import sys
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from operator import attrgetter
from pathlib import Path

import duckdb
import pandas as pd

from envdash.core.attainment import attainment_status
from envdash.core.problems import CurationFailed
from envdash.curation.catalog import Catalog, load_catalog
from envdash.curation.coverage import SourceCoverage, summarise_coverage
from envdash.curation.records import Curation, Figure, load_curation
from envdash.store.derive import derive_previous_year, derive_share

# Raise when the database layout changes, so databases built by older code are rebuilt.
SCHEMA_VERSION = "3"
TABLES_SQL = Path(__file__).with_name("tables.sql")
VIEWS_SQL = Path(__file__).with_name("views.sql")


# The folders under data/ the database is built from, with the ending of the files taken from each.
INPUT_FOLDERS = (("", ".yaml"), ("metrics", ".yaml"), ("curated", ".yaml"), ("coverage_ignore", ".yaml"),
                 ("sources", ".txt"))


def input_files(root: Path) -> list[Path]:
    data = root / "data"
    return sorted(path for folder, ending in INPUT_FOLDERS
                  for path in data.glob(f"{folder}/*{ending}" if folder else f"*{ending}"))


def input_fingerprint(root: Path) -> str:
    """Hash of every input file's name and bytes, and of the code that shapes the database."""
    digest = hashlib.sha256(SCHEMA_VERSION.encode())
    digest.update(TABLES_SQL.read_bytes())
    digest.update(VIEWS_SQL.read_bytes())
    for path in input_files(root):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def database_fingerprint(db_path: Path) -> str | None:
    if not db_path.exists():
        return None
    try:
        with duckdb.connect(str(db_path), read_only=True) as connection:
            return connection.execute("SELECT fingerprint FROM build_info").fetchone()[0]
    except duckdb.Error:
        return None


@dataclass
class BuildSummary:
    figures: int
    derived: int
    directives: int
    per_place: list[tuple[str, int, int, int]]   # place, figures, derived, directives
    drafts: dict[str, int]
    seconds: float


def validate(root: Path, progress=None) -> tuple[Catalog, Curation]:
    """Read and check everything; raise CurationFailed listing every problem."""
    report = progress or (lambda message: None)
    report("reading the catalogue (places, themes, units, metrics, sources)")
    catalog, problems = load_catalog(root)
    report("reading curated figures and directives")
    curation = load_curation(catalog, report)
    problems = problems + curation.problems
    if problems:
        raise CurationFailed(problems)
    return catalog, curation


def _with_derived(catalog: Catalog, figures: list[Figure]) -> list[Figure]:
    result = list(figures)
    for figure in figures:
        if figure.total is not None:   # a count with its whole may imply a share
            share_metric = catalog.metrics[figure.metric].share_metric
            if share_metric is not None and (share := derive_share(figure, share_metric)) is not None:
                result.append(share)
        if figure.change is None:
            continue   # only a stated change implies an earlier value; most figures have none
        metric_factor = catalog.unit_factor(catalog.metrics[figure.metric].unit)
        derived = derive_previous_year(figure, metric_factor, catalog.unit_factor(figure.unit))
        if derived is not None:
            result.append(derived)
    return result


def _change_part(name: str):
    return lambda figure: getattr(figure.change, name) if figure.change else None


# Each column of the figures table and where a Figure holds it.
FIGURE_COLUMNS = {
    "figure_id": attrgetter("figure_id"), "source_id": attrgetter("source_id"), "place_id": attrgetter("place"),
    "metric_id": attrgetter("metric"), "kind": attrgetter("kind"), "is_derived": attrgetter("is_derived"),
    "derived_from": attrgetter("derived_from"), "formula": attrgetter("formula"),
    "period_label": attrgetter("period.label"), "period_start": attrgetter("period.start"),
    "period_end": attrgetter("period.end"), "value": attrgetter("value"), "unit": attrgetter("unit"),
    "comparator": attrgetter("comparator"), "strength": attrgetter("strength"),
    "value_std": attrgetter("value_in_metric_unit"), "change_value": _change_part("value"),
    "change_unit": _change_part("unit"), "change_basis": _change_part("basis"),
    "change_versus": _change_part("versus"), "total": attrgetter("total"), "scope": attrgetter("scope"),
    "note_zh": attrgetter("note_zh"), "note_en": attrgetter("note_en"), "quote": attrgetter("quote"), "quote_start": attrgetter("quote_start"),
    "quote_end": attrgetter("quote_end"), "file": attrgetter("file"), "line": attrgetter("line"),
}


def _figure_rows(figures: list[Figure]) -> pd.DataFrame:
    # column by column: a dict per row costs pandas a pass over every key of every row
    return pd.DataFrame({column: list(map(value_of, figures)) for column, value_of in FIGURE_COLUMNS.items()},
                        columns=list(FIGURE_COLUMNS))


# Dimensions whose values are levels (a state at a time), not amounts added over a period: only a
# level reached earlier can already meet a later target ("PM2.5 26 in 2022 meets ≤ 26 for 2023";
# 440 km of rivers built in 2022 says nothing about 340 km to build in 2023).
LEVEL_DIMENSIONS = {"share", "concentration", "index", "score", "rank"}


def _attainment_rows(catalog: Catalog, figures: list[Figure]) -> pd.DataFrame:
    """One row per target with its actual (same place, metric, period) and the latest earlier actual."""
    actuals: dict[tuple[str, str], list[Figure]] = {}
    for figure in figures:
        if figure.kind == "actual" and figure.value is not None:
            actuals.setdefault((figure.place, figure.metric), []).append(figure)
    rows = []
    for target in figures:
        if target.kind != "target" or target.value is None:
            continue
        direction = catalog.metrics[target.metric].direction
        candidates = [a for a in actuals.get((target.place, target.metric), []) if a.scope == target.scope]
        is_level = catalog.units[catalog.metrics[target.metric].unit].dimension in LEVEL_DIMENSIONS
        same_period = sorted((a for a in candidates if (a.period.start, a.period.end) == (target.period.start, target.period.end)),
                             key=lambda a: a.is_derived)
        earlier = sorted((a for a in candidates if a.period.end < target.period.start),
                         key=lambda a: (a.period.end, not a.is_derived))
        actual = same_period[0] if same_period else None
        previous = earlier[-1] if earlier and is_level else None
        result = attainment_status(target.value_in_metric_unit, target.comparator, direction,
                                   actual.value_in_metric_unit if actual else None, target.strength)
        previous_result = attainment_status(target.value_in_metric_unit, target.comparator, direction,
                                            previous.value_in_metric_unit if previous else None, target.strength)
        rows.append({
            "target_id": target.figure_id, "place_id": target.place, "metric_id": target.metric,
            "scope": target.scope, "period_label": target.period.label, "period_start": target.period.start,
            "period_end": target.period.end, "target_value": target.value_in_metric_unit,
            "comparator": target.comparator, "strength": target.strength, "direction": direction,
            "actual_id": actual.figure_id if actual else None,
            "actual_value": actual.value_in_metric_unit if actual else None,
            "status": result.status, "gap": result.gap, "gap_percent": result.gap_percent,
            "previous_actual_id": previous.figure_id if previous else None,
            "previous_actual_value": previous.value_in_metric_unit if previous else None,
            "previous_period_label": previous.period.label if previous else None,
            "previous_meets": previous_result.status == "met" if previous else None,
            "source_id": target.source_id,
        })
    columns = ["target_id", "place_id", "metric_id", "scope", "period_label", "period_start", "period_end",
               "target_value", "comparator", "strength", "direction", "actual_id", "actual_value", "status",
               "gap", "gap_percent", "previous_actual_id", "previous_actual_value", "previous_period_label",
               "previous_meets", "source_id"]
    return pd.DataFrame(rows, columns=columns)


def _catalog_frames(catalog: Catalog) -> dict[str, pd.DataFrame]:
    place_order = {"province": 0, "prefecture": 1, "county": 2}
    places = sorted(catalog.places.values(), key=lambda p: (place_order[p.level], p.name_en))
    return {
        "places": pd.DataFrame([{"place_id": p.id, "name_zh": p.name_zh, "name_en": p.name_en, "level": p.level,
                                 "parent_id": p.parent, "sort_order": i} for i, p in enumerate(places)]),
        "themes": pd.DataFrame([{"theme_id": t.id, "name_zh": t.name_zh, "name_en": t.name_en, "sort_order": i}
                                for i, t in enumerate(catalog.themes.values())]),
        "units": pd.DataFrame([{"unit_id": u.id, "name_zh": u.name_zh, "name_en": u.name_en,
                                "dimension": u.dimension, "factor": u.factor} for u in catalog.units.values()]),
        "metrics": pd.DataFrame([{"metric_id": m.id, "name_zh": m.name_zh, "name_en": m.name_en, "unit": m.unit,
                                  "direction": m.direction, "theme_id": m.theme, "comparable": m.comparable,
                                  "definition_zh": m.definition_zh, "definition_en": m.definition_en,
                                  "synonyms": "|".join(m.synonyms), "share_metric": m.share_metric}
                                 for m in catalog.metrics.values()]),
        "scopes": pd.DataFrame([{"scope_id": s.id, "name_zh": s.name_zh, "name_en": s.name_en,
                                 "definition_zh": s.definition_zh, "definition_en": s.definition_en}
                                for s in catalog.scopes.values()],
                               columns=["scope_id", "name_zh", "name_en", "definition_zh", "definition_en"]),
        "metric_references": pd.DataFrame([{"metric_id": m.id, "kind": r.kind, "value": r.value, "year": r.year,
                                            "label_zh": r.label_zh, "label_en": r.label_en, "source": r.source}
                                           for m in catalog.metrics.values() for r in m.references],
                                          columns=["metric_id", "kind", "value", "year", "label_zh", "label_en", "source"]),
        "sources": pd.DataFrame([{"source_id": s.id, "place_id": s.place, "issuer_zh": s.issuer_zh,
                                  "issuer_en": s.issuer_en, "title": s.title_zh, "title_zh": s.title_zh,
                                  "title_en": s.title_en, "title_note_zh": s.title_note_zh,
                                  "title_note_en": s.title_note_en, "published": s.published,
                                  "published_certainty": s.published_certainty,
                                  "published_note_zh": s.published_note_zh, "published_note_en": s.published_note_en,
                                  "period_label": s.period, "kind": s.kind, "script": s.script, "path": s.path,
                                  "text": catalog.source_texts.get(s.id, "")} for s in catalog.sources.values()]),
        "changes": pd.DataFrame([{"source_id": c.source_id, "changed_at": c.at, "curator": c.curator,
                                  "added": c.added, "changed": c.changed, "removed": c.removed}
                                 for c in catalog.changes],
                                columns=["source_id", "changed_at", "curator", "added", "changed", "removed"]),
    }


def _directive_frame(curation: Curation) -> pd.DataFrame:
    columns = ["directive_id", "source_id", "place_id", "theme_id", "quote", "summary_en", "summary_zh",
               "deadline_label", "deadline", "quote_start", "quote_end", "file", "line"]
    return pd.DataFrame([{
        "directive_id": d.directive_id, "source_id": d.source_id, "place_id": d.place, "theme_id": d.theme,
        "quote": d.quote, "summary_en": d.summary_en, "summary_zh": d.summary_zh,
        "deadline_label": d.deadline.label if d.deadline else None, "deadline": d.deadline.end if d.deadline else None,
        "quote_start": d.quote_start, "quote_end": d.quote_end, "file": d.file, "line": d.line,
    } for d in curation.directives], columns=columns)


def _coverage_rows(coverage: SourceCoverage) -> tuple[dict, list[dict]]:
    """A report's row of the coverage table and its rows of unaccounted_numbers."""
    summary = {"source_id": coverage.source_id, "numbers": len(coverage.numbers),
               "accounted": coverage.count("accounted"), "ignored": coverage.count("ignored"),
               "set_aside": coverage.count("set aside"), "unaccounted": len(coverage.unaccounted)}
    details = [{"source_id": n.source_id, "line": n.line, "number": n.number, "context": n.context}
               for n in coverage.unaccounted]
    return summary, details


def _coverage_frames(catalog: Catalog, curation: Curation, report=None) -> tuple[pd.DataFrame, pd.DataFrame]:
    report = report or (lambda message: None)
    report("checking every number in the reports' texts (coverage)")
    rows = summarise_coverage(catalog, curation, _coverage_rows, report)
    summary = pd.DataFrame([summary for summary, _ in rows])
    details = pd.DataFrame([detail for _, details in rows for detail in details],
                           columns=["source_id", "line", "number", "context"])
    return summary, details


def _write(connection, frames: dict[str, pd.DataFrame]) -> None:
    """Fill the typed tables of tables.sql; columns are matched by name."""
    connection.execute(TABLES_SQL.read_text())
    for name, frame in frames.items():
        connection.register("incoming", frame)
        columns = ", ".join(f'"{column}"' for column in frame.columns)  # names from code, not input
        connection.execute(f'INSERT INTO "{name}" ({columns}) SELECT {columns} FROM incoming')
        connection.unregister("incoming")


@contextmanager
def build_lock(db_path: Path):
    """One build at a time per database, across processes (the app and the command line)."""
    import fcntl
    lock_path = db_path.with_name(db_path.name + ".lock")
    with open(lock_path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def _cycle_collector_paused():
    """The build makes millions of objects that all live until it ends; Python's cycle collector
    would walk them again and again for no garbage (a third of a large build's time)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def build_database(root: Path, db_path: Path, progress=None) -> BuildSummary:
    """Validate, then write the database to a temporary file and move it into place."""
    with _cycle_collector_paused():
        return _build_database(root, db_path, progress)


def _build_database(root: Path, db_path: Path, progress=None) -> BuildSummary:
    started = time.perf_counter()
    report = progress or (lambda message: None)
    fingerprint = input_fingerprint(root)
    catalog, curation = validate(root, report)
    figures = _with_derived(catalog, curation.figures)
    report(f"writing {len(figures)} figures and {len(curation.directives)} directives")
    frames = _catalog_frames(catalog)
    frames["figures"] = _figure_rows(figures)
    frames["directives"] = _directive_frame(curation)
    frames["attainment"] = _attainment_rows(catalog, figures)
    frames["coverage"], frames["unaccounted_numbers"] = _coverage_frames(catalog, curation, report)
    derived = sum(f.is_derived for f in figures)
    frames["build_info"] = pd.DataFrame([{"fingerprint": fingerprint, "built_at": pd.Timestamp.now(tz="UTC"),
                                          "figures": len(figures), "derived": derived,
                                          "directives": len(curation.directives), "schema_version": SCHEMA_VERSION}])
    db_path.parent.mkdir(parents=True, exist_ok=True)
    temporary = db_path.with_name(f".{db_path.name}.{os.getpid()}.tmp")
    temporary.unlink(missing_ok=True)
    try:
        with duckdb.connect(str(temporary)) as connection:
            _write(connection, frames)
            connection.execute(VIEWS_SQL.read_text())
            connection.execute("CREATE INDEX figures_place_metric ON figures (place_id, metric_id)")
        os.replace(temporary, db_path)
    finally:
        temporary.unlink(missing_ok=True)
        Path(str(temporary) + ".wal").unlink(missing_ok=True)
    stated, derived_at, directives_at = Counter(), Counter(), Counter(d.place for d in curation.directives)
    for figure in figures:
        (derived_at if figure.is_derived else stated)[figure.place] += 1
    per_place = [(place, stated[place] + derived_at[place], derived_at[place], directives_at[place])
                 for place in catalog.places if stated[place] + derived_at[place] or directives_at[place]]
    return BuildSummary(len(figures), derived, len(curation.directives), per_place, curation.drafts,
                        time.perf_counter() - started)


def print_progress(message: str) -> None:
    print(f"· {message}", file=sys.stderr, flush=True)
