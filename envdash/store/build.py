"""Validated curation → DuckDB, written to a temporary file and swapped in atomically."""
from __future__ import annotations

import datetime as dt
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
import pyarrow as pa

from envdash.core.attainment import attainment_status
from envdash.core.problems import CurationFailed
from envdash.curation.catalog import Catalog, load_catalog
from envdash.curation.coverage import SourceCoverage, summarise_coverage
from envdash.curation.records import Curation, Figure, load_curation
from envdash.store.derive import derive_previous_year, derive_share

# Raise when the database layout changes, so databases built by older code are rebuilt.
SCHEMA_VERSION = "4"
TABLES_SQL = Path(__file__).with_name("tables.sql")
VIEWS_SQL = Path(__file__).with_name("views.sql")


# The folders under data/ the database is built from, with the ending of the files taken from each.
INPUT_FOLDERS = (("", ".yaml"), ("metrics", ".yaml"), ("curated", ".yaml"), ("coverage_ignore", ".yaml"),
                 ("sources", ".txt"))


def input_files(root: Path) -> list[Path]:
    data = root / "data"
    return sorted(path for folder, ending in INPUT_FOLDERS
                  for path in data.glob(f"{folder}/*{ending}" if folder else f"*{ending}"))


# What each folder's files are to the build: the catalogue (reference data every record is checked
# against), curated records, coverage ignore lists, or report texts.
_ROLES = {"": "catalogue", "metrics": "catalogue", "curated": "curated", "coverage_ignore": "ignore",
          "sources": "text"}


def input_role(label: str) -> str:
    """The role of an input file named by its path relative to the project ("data/curated/x.yaml")."""
    parts = label.split("/")
    return _ROLES[parts[1] if len(parts) == 3 else ""]


def input_hashes(root: Path) -> dict[str, str]:
    """SHA-256 of every input file, by its path relative to `root`."""
    return {str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest() for path in input_files(root)}


def input_fingerprint(root: Path, hashes: dict[str, str] | None = None) -> str:
    """Hash of every input file's name and bytes, and of the schema that shapes the database."""
    hashes = input_hashes(root) if hashes is None else hashes
    digest = hashlib.sha256(SCHEMA_VERSION.encode())
    digest.update(TABLES_SQL.read_bytes())
    digest.update(VIEWS_SQL.read_bytes())
    for label in sorted(hashes):
        digest.update(f"{label}\0{hashes[label]}\0".encode())
    return digest.hexdigest()


# The code whose rules decide what a file's rows are. A rebuild reuses a file's rows from the last
# database only when this code is the same as the code that made them.
_PACKAGE = Path(__file__).resolve().parent.parent
_CODE_FOLDERS = ("core", "curation", "store")


def code_digest() -> str:
    digest = hashlib.sha256()
    for path in sorted(path for folder in _CODE_FOLDERS for path in (_PACKAGE / folder).rglob("*.py")):
        digest.update(f"{path.relative_to(_PACKAGE)}\0".encode())
        digest.update(path.read_bytes())
    digest.update(TABLES_SQL.read_bytes())
    digest.update(VIEWS_SQL.read_bytes())
    return digest.hexdigest()


def database_fingerprint(db_path: Path) -> str | None:
    """The inputs' fingerprint stored in the database file now at `db_path`.

    Read through a private in-memory instance: `duckdb.connect(path)` would hand back the instance
    this process already has open on that path, which still reads the file that was there when it
    was opened. A server waiting for the build lock while another process swapped in a new
    database would then see the old fingerprint and build again.
    """
    if not db_path.exists():
        return None
    try:
        with duckdb.connect(":memory:") as connection:
            connection.execute("ATTACH ? AS built (READ_ONLY)", [str(db_path)])
            return connection.execute("SELECT fingerprint FROM built.build_info").fetchone()[0]
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
    kind: str = "full"       # full | delta (only the changed files read again)


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


def rows_table(rows: list[dict], columns: list[str] | None = None) -> pa.Table:
    """Rows as an Arrow table (types from the values; DuckDB casts them to the table's column types).
    Arrow rather than pandas: the app's rebuild process then does not load pandas at all."""
    columns = list(rows[0]) if columns is None and rows else columns or []
    return pa.table({column: [row.get(column) for row in rows] for column in columns})


def _change_part(name: str):
    return lambda figure: getattr(figure.change, name) if figure.change else None


_TEXT, _DAY, _NUMBER, _WHOLE, _FLAG = pa.string(), pa.date32(), pa.float64(), pa.int64(), pa.bool_()

# Each column of the figures table, where a Figure holds it, and its type.
FIGURE_COLUMNS = {
    "figure_id": (attrgetter("figure_id"), _TEXT), "source_id": (attrgetter("source_id"), _TEXT),
    "place_id": (attrgetter("place"), _TEXT), "metric_id": (attrgetter("metric"), _TEXT),
    "kind": (attrgetter("kind"), _TEXT), "is_derived": (attrgetter("is_derived"), _FLAG),
    "derived_from": (attrgetter("derived_from"), _TEXT), "formula": (attrgetter("formula"), _TEXT),
    "period_label": (attrgetter("period.label"), _TEXT), "period_start": (attrgetter("period.start"), _DAY),
    "period_end": (attrgetter("period.end"), _DAY), "value": (attrgetter("value"), _NUMBER),
    "unit": (attrgetter("unit"), _TEXT), "comparator": (attrgetter("comparator"), _TEXT),
    "strength": (attrgetter("strength"), _TEXT), "value_std": (attrgetter("value_in_metric_unit"), _NUMBER),
    "change_value": (_change_part("value"), _NUMBER), "change_unit": (_change_part("unit"), _TEXT),
    "change_basis": (_change_part("basis"), _TEXT), "change_versus": (_change_part("versus"), _TEXT),
    "total": (attrgetter("total"), _NUMBER), "scope": (attrgetter("scope"), _TEXT),
    "note_zh": (attrgetter("note_zh"), _TEXT), "note_en": (attrgetter("note_en"), _TEXT),
    "quote": (attrgetter("quote"), _TEXT), "quote_start": (attrgetter("quote_start"), _WHOLE),
    "quote_end": (attrgetter("quote_end"), _WHOLE), "file": (attrgetter("file"), _TEXT),
    "line": (attrgetter("line"), _WHOLE),
}


def _figure_rows(figures: list[Figure]) -> pa.Table:
    # column by column, straight into Arrow arrays of the column's type: pandas would look at every
    # value of every column to find its type and convert the text columns once more
    return pa.table({column: pa.array(list(map(value_of, figures)), type=kind)
                     for column, (value_of, kind) in FIGURE_COLUMNS.items()})


# Dimensions whose values are levels (a state at a time), not amounts added over a period: only a
# level reached earlier can already meet a later target ("PM2.5 26 in 2022 meets ≤ 26 for 2023";
# 440 km of rivers built in 2022 says nothing about 340 km to build in 2023).
LEVEL_DIMENSIONS = {"share", "concentration", "index", "score", "rank"}


def _attainment_rows(catalog: Catalog, figures: list[Figure]) -> pa.Table:
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
        # ties (two derived values of one period, two periods ending on one day) are settled by the
        # figures themselves, not by the order they were read in: a rebuild of a few files gives
        # the same rows as a full build
        same_period = sorted((a for a in candidates if (a.period.start, a.period.end) == (target.period.start, target.period.end)),
                             key=lambda a: (a.is_derived, a.figure_id))
        earlier = sorted((a for a in candidates if a.period.end < target.period.start),
                         key=lambda a: (a.period.end, not a.is_derived, a.period.start, a.figure_id))
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
    return rows_table(rows, columns)


def _catalog_frames(catalog: Catalog) -> dict[str, pa.Table]:
    place_order = {"province": 0, "prefecture": 1, "county": 2}
    places = sorted(catalog.places.values(), key=lambda p: (place_order[p.level], p.name_en))
    return {
        "places": rows_table([{"place_id": p.id, "name_zh": p.name_zh, "name_en": p.name_en, "level": p.level,
                                 "parent_id": p.parent, "sort_order": i} for i, p in enumerate(places)]),
        "themes": rows_table([{"theme_id": t.id, "name_zh": t.name_zh, "name_en": t.name_en, "sort_order": i}
                                for i, t in enumerate(catalog.themes.values())]),
        "units": rows_table([{"unit_id": u.id, "name_zh": u.name_zh, "name_en": u.name_en,
                                "dimension": u.dimension, "factor": u.factor} for u in catalog.units.values()]),
        "metrics": rows_table([{"metric_id": m.id, "name_zh": m.name_zh, "name_en": m.name_en, "unit": m.unit,
                                  "direction": m.direction, "theme_id": m.theme, "comparable": m.comparable,
                                  "definition_zh": m.definition_zh, "definition_en": m.definition_en,
                                  "synonyms": "|".join(m.synonyms), "share_metric": m.share_metric}
                                 for m in catalog.metrics.values()]),
        "scopes": rows_table([{"scope_id": s.id, "name_zh": s.name_zh, "name_en": s.name_en,
                                 "definition_zh": s.definition_zh, "definition_en": s.definition_en}
                                for s in catalog.scopes.values()],
                               columns=["scope_id", "name_zh", "name_en", "definition_zh", "definition_en"]),
        "metric_references": rows_table([{"metric_id": m.id, "kind": r.kind, "value": r.value, "year": r.year,
                                            "label_zh": r.label_zh, "label_en": r.label_en, "source": r.source}
                                           for m in catalog.metrics.values() for r in m.references],
                                          columns=["metric_id", "kind", "value", "year", "label_zh", "label_en", "source"]),
        "sources": rows_table([{"source_id": s.id, "place_id": s.place, "issuer_zh": s.issuer_zh,
                                  "issuer_en": s.issuer_en, "title": s.title_zh, "title_zh": s.title_zh,
                                  "title_en": s.title_en, "title_note_zh": s.title_note_zh,
                                  "title_note_en": s.title_note_en, "published": s.published,
                                  "published_certainty": s.published_certainty,
                                  "published_note_zh": s.published_note_zh, "published_note_en": s.published_note_en,
                                  "period_label": s.period, "kind": s.kind, "script": s.script, "path": s.path,
                                  "text": catalog.source_texts.get(s.id, "")} for s in catalog.sources.values()]),
        "changes": rows_table([{"source_id": c.source_id, "changed_at": c.at, "curator": c.curator,
                                "added": c.added, "changed": c.changed, "removed": c.removed}
                               for c in catalog.changes],
                              columns=["source_id", "changed_at", "curator", "added", "changed", "removed"]),
    }


def _directive_frame(curation: Curation) -> pa.Table:
    columns = ["directive_id", "source_id", "place_id", "theme_id", "quote", "summary_en", "summary_zh",
               "deadline_label", "deadline", "quote_start", "quote_end", "file", "line"]
    return rows_table([{
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


def coverage_frames(catalog: Catalog, curation: Curation, report=None, only=None) -> tuple[pa.Table, pa.Table]:
    """Rows of coverage and unaccounted_numbers for every report (or those in `only`)."""
    report = report or (lambda message: None)
    report("checking every number in the reports' texts (coverage)")
    rows = summarise_coverage(catalog, curation, _coverage_rows, report, only)
    summary = rows_table([summary for summary, _ in rows],
                         columns=["source_id", "numbers", "accounted", "ignored", "set_aside", "unaccounted"])
    details = rows_table([detail for _, details in rows for detail in details],
                         columns=["source_id", "line", "number", "context"])
    return summary, details


def input_rows(hashes: dict[str, str], curation: Curation) -> pa.Table:
    """The build_inputs table: every input file's hash, its role, the report it names and its drafts."""
    labels = sorted(hashes)
    return pa.table({"path": labels, "sha256": [hashes[label] for label in labels],
                         "role": [input_role(label) for label in labels],
                         "source_id": [curation.file_sources.get(label) for label in labels],
                         "drafts": [curation.drafts.get(label, 0) for label in labels]})


def info_row(fingerprint: str, figures: int, derived: int, directives: int) -> pa.Table:
    return rows_table([{"fingerprint": fingerprint, "built_at": dt.datetime.now(dt.timezone.utc), "figures": figures,
                          "derived": derived, "directives": directives, "schema_version": SCHEMA_VERSION,
                          "code_digest": code_digest()}])


def insert(connection, frames: dict[str, pa.Table]) -> None:
    """Append the frames' rows to the typed tables of tables.sql; columns are matched by name."""
    for name, frame in frames.items():
        if len(frame) == 0:
            continue
        connection.register("incoming", frame)
        columns = ", ".join(f'"{column}"' for column in frame.column_names)  # names from code, not input
        connection.execute(f'INSERT INTO "{name}" ({columns}) SELECT {columns} FROM incoming')
        connection.unregister("incoming")


def _write(connection, frames: dict[str, pa.Table]) -> None:
    connection.execute(TABLES_SQL.read_text())
    insert(connection, frames)


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


@contextmanager
def swapped_in(db_path: Path):
    """A temporary file beside `db_path` to write the new database to; moved over `db_path` in one
    rename when the block ends without an error, removed otherwise (the old database untouched)."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    temporary = db_path.with_name(f".{db_path.name}.{os.getpid()}.tmp")
    temporary.unlink(missing_ok=True)
    try:
        yield temporary
        os.replace(temporary, db_path)
    finally:
        temporary.unlink(missing_ok=True)
        Path(str(temporary) + ".wal").unlink(missing_ok=True)


def build_database(root: Path, db_path: Path, progress=None, full: bool = False) -> BuildSummary:
    """Validate, then write the database to a temporary file and move it into place.

    When a database built from the same catalogue by the same code is there, only the curated files
    that changed (and the reports they belong to) are read again, and the new database is that one
    with their rows replaced (store/delta.py); `full` reads everything again."""
    started = time.perf_counter()
    report = progress or (lambda message: None)
    with _cycle_collector_paused():
        hashes = input_hashes(root)
        fingerprint = input_fingerprint(root, hashes)
        if not full:
            from envdash.store.delta import delta_build   # it builds on this module's parts
            summary = delta_build(root, db_path, hashes, fingerprint, report)
            if summary is not None:
                summary.seconds = time.perf_counter() - started
                return summary
        summary = _full_build(root, db_path, hashes, fingerprint, report)
    summary.seconds = time.perf_counter() - started
    return summary


def _full_build(root: Path, db_path: Path, hashes: dict[str, str], fingerprint: str, report) -> BuildSummary:
    catalog, curation = validate(root, report)
    figures = _with_derived(catalog, curation.figures)
    report(f"writing {len(figures)} figures and {len(curation.directives)} directives")
    frames = _catalog_frames(catalog)
    frames["figures"] = _figure_rows(figures)
    frames["directives"] = _directive_frame(curation)
    frames["attainment"] = _attainment_rows(catalog, figures)
    frames["coverage"], frames["unaccounted_numbers"] = coverage_frames(catalog, curation, report)
    derived = sum(f.is_derived for f in figures)
    frames["build_inputs"] = input_rows(hashes, curation)
    frames["build_info"] = info_row(fingerprint, len(figures), derived, len(curation.directives))
    with swapped_in(db_path) as temporary:
        with duckdb.connect(str(temporary)) as connection:
            _write(connection, frames)
            connection.execute(VIEWS_SQL.read_text())
            connection.execute("CREATE INDEX figures_place_metric ON figures (place_id, metric_id)")
    stated, derived_at, directives_at = Counter(), Counter(), Counter(d.place for d in curation.directives)
    for figure in figures:
        (derived_at if figure.is_derived else stated)[figure.place] += 1
    per_place = [(place, stated[place] + derived_at[place], derived_at[place], directives_at[place])
                 for place in catalog.places if stated[place] + derived_at[place] or directives_at[place]]
    return BuildSummary(len(figures), derived, len(curation.directives), per_place, curation.drafts, 0.0,
                        "full")


def print_progress(message: str) -> None:
    print(f"· {message}", file=sys.stderr, flush=True)
