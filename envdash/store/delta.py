"""Rebuilding after a few files changed: the last database is the store of what was validated.

The last database keeps every input file's hash (build_inputs). A rebuild compares the hashes and
reads again only the curated files that changed, with every other file of the reports they belong
to (a report's coverage and its quotes' places rest on all of its files). It checks their figures
against the others for duplicates, derives their values (a derived value rests on one figure only),
works out the attainment of the places and metrics they touch and the coverage of their reports,
and writes a copy of the last database with those rows replaced, swapped in by one rename.

A changed catalogue file (places, themes, units, scopes, metrics, sources) can change how every
record validates, what it derives and what it means, so it forces a full build; so does a database
built by other code (build_info.code_digest) or with another layout (schema_version).
"""
from __future__ import annotations

import shutil
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa

from envdash.core.periods import Period
from envdash.core.problems import CurationFailed
from envdash.curation.catalog import load_catalog
from envdash.curation.records import (Curation, add_file, check_duplicates, load_ignored, read_curated_files,
                                      source_texts)
from envdash.store.build import (SCHEMA_VERSION, BuildSummary, _attainment_rows, _directive_frame, _figure_rows,
                                 _with_derived, code_digest, coverage_frames, info_row, input_role, input_rows,
                                 insert, swapped_in)

# When more than this share of the curated files changed, reading them all again is about as quick.
MOST_FILES = 0.5


@dataclass
class _Stored:
    """A figure of the last database, with what the duplicate check and attainment read of it."""
    figure_id: str
    source_id: str
    file: str
    line: int
    place: str
    metric: str
    kind: str
    period: Period
    value: float | None
    value_in_metric_unit: float | None
    comparator: str
    strength: str | None
    scope: str | None
    is_derived: bool


_STORED_COLUMNS = ("figure_id, source_id, file, line, place_id, metric_id, kind, period_label, period_start, "
                   "period_end, value, value_std, comparator, strength, scope, is_derived")


def _stored(rows) -> list[_Stored]:
    return [_Stored(figure_id, source_id, file, line, place, metric, kind, Period(label, start, end), value,
                    value_std, comparator, strength, scope, is_derived)
            for (figure_id, source_id, file, line, place, metric, kind, label, start, end, value, value_std,
                 comparator, strength, scope, is_derived) in rows]


def _last_build(db_path: Path) -> dict[str, tuple[str, str | None, int]] | None:
    """path → (hash, report, drafts) of the files the database at `db_path` was built from, or None
    when there is none to build on (missing, unreadable, another layout or other code)."""
    if not db_path.exists():
        return None
    try:
        with duckdb.connect(str(db_path), read_only=True) as connection:
            schema, code = connection.execute("SELECT schema_version, code_digest FROM build_info").fetchall()[0]
            if (schema, code) != (SCHEMA_VERSION, code_digest()):
                return None
            rows = connection.execute("SELECT path, sha256, source_id, drafts FROM build_inputs").fetchall()
    except (duckdb.Error, TypeError):
        return None
    return {path: (sha256, source_id, drafts) for path, sha256, source_id, drafts in rows}


def delta_build(root: Path, db_path: Path, hashes: dict[str, str], fingerprint: str, report) -> BuildSummary | None:
    """Rebuild `db_path` from the files that changed since it was built; None when a full build is
    needed instead. Raises CurationFailed with the same problems a full build would find."""
    last = _last_build(db_path)
    if last is None:
        return None
    changed = {label for label in hashes.keys() | last.keys()
               if hashes.get(label) != (last[label][0] if label in last else None)}
    if any(input_role(label) == "catalogue" for label in changed):
        report("the catalogue changed: every file is read again")
        return None
    curated_now = sorted(label for label in hashes if input_role(label) == "curated")
    changed_curated = {label for label in changed if input_role(label) == "curated"}
    if len(changed_curated) > MOST_FILES * max(1, len(curated_now)):
        return None
    report(f"{len(changed)} changed file(s): reading those again")

    catalog, problems = load_catalog(root)
    texts = source_texts(catalog)
    # reports touched: those of changed texts, and those changed or removed files named before
    reports_of_text = defaultdict(set)
    for source in catalog.sources.values():
        reports_of_text[source.path].add(source.id)
    touched: set[str] = set()
    for label in changed:
        role = input_role(label)
        if role == "text":
            touched |= reports_of_text.get(label, set())
        elif label in last and last[label][1] is not None:
            touched.add(last[label][1])
    # ignore lists are few and small: all are read, as a full build reads them
    curation = Curation()
    ignore_problems: list = []
    curation.ignored = load_ignored(catalog, texts, ignore_problems, curation.file_sources)
    touched |= {curation.file_sources[label] for label in changed
                if input_role(label) == "ignore" and curation.file_sources.get(label)}

    # read the changed files and every file of the reports touched, until no new report turns up
    files_of = defaultdict(set)
    for label, (_, source_id, _) in last.items():
        if input_role(label) == "curated" and label in hashes:
            files_of[source_id].add(label)
    read: dict[str, object] = {}
    pending = {label for label in changed_curated if label in hashes}
    while True:
        pending |= {label for source_id in touched for label in files_of[source_id]} - read.keys()
        if not pending:
            break
        for result in read_curated_files(catalog, texts, [root / label for label in sorted(pending)]):
            read[result.label] = result
            if result.source_id is not None:
                touched.add(result.source_id)
        pending = set()
    for label in sorted(read):
        add_file(curation, read[label])
    replaced = set(read) | {label for label in changed_curated if label not in hashes}

    with duckdb.connect(str(db_path), read_only=True) as connection:
        _check_duplicates_with_the_rest(connection, curation, replaced)
        problems += curation.problems + ignore_problems
        if problems:
            raise CurationFailed(problems)
        connection.register("replaced", pa.table({"file": pa.array(sorted(replaced), pa.string())}))
        figures = _with_derived(catalog, curation.figures)
        pairs = {(figure.place, figure.metric) for figure in figures} | set(connection.execute(
            "SELECT DISTINCT place_id, metric_id FROM figures WHERE file IN (SELECT file FROM replaced)").fetchall())
        pair_frame = pa.table({"place_id": pa.array([place for place, _ in sorted(pairs)], pa.string()),
                               "metric_id": pa.array([metric for _, metric in sorted(pairs)], pa.string())})
        connection.register("pairs", pair_frame)
        others = _stored(connection.execute(
            f"SELECT {_STORED_COLUMNS} FROM figures JOIN pairs USING (place_id, metric_id) "
            "WHERE file NOT IN (SELECT file FROM replaced)").fetchall())
    report(f"writing {len(figures)} figures of {len(read)} file(s)")
    attainment = _attainment_rows(catalog, figures + others)
    coverage, unaccounted = coverage_frames(catalog, curation, report, only=touched)
    texts_changed = sorted({source_id for label in changed if input_role(label) == "text"
                            for source_id in reports_of_text.get(label, ())})

    with swapped_in(db_path) as temporary:
        shutil.copyfile(db_path, temporary)
        with duckdb.connect(str(temporary)) as connection:
            connection.register("replaced", pa.table({"file": pa.array(sorted(replaced), pa.string())}))
            connection.register("pairs", pair_frame)
            connection.register("touched", pa.table({"source_id": pa.array(sorted(touched), pa.string())}))
            # the old rows go in a transaction of their own: a key inserted in the transaction that
            # deleted it may be checked against the deleted row
            connection.execute("BEGIN")
            connection.execute("DELETE FROM figures WHERE file IN (SELECT file FROM replaced)")
            connection.execute("DELETE FROM directives WHERE file IN (SELECT file FROM replaced)")
            connection.execute("DELETE FROM attainment WHERE EXISTS (SELECT 1 FROM pairs p WHERE "
                               "p.place_id = attainment.place_id AND p.metric_id = attainment.metric_id)")
            connection.execute("DELETE FROM coverage WHERE source_id IN (SELECT source_id FROM touched)")
            connection.execute("DELETE FROM unaccounted_numbers WHERE source_id IN (SELECT source_id FROM touched)")
            for source_id in texts_changed:
                connection.execute("UPDATE sources SET text = ? WHERE source_id = ?",
                                   [catalog.source_texts[source_id], source_id])
            connection.execute("DELETE FROM build_inputs")
            connection.execute("DELETE FROM build_info")
            connection.execute("COMMIT")
            all_drafts = {label: drafts for label, (_, _, drafts) in last.items()
                          if drafts and label in hashes and label not in read}
            all_drafts.update(curation.drafts)
            file_sources = {label: source_id for label, (_, source_id, _) in last.items() if label in hashes}
            file_sources.update(curation.file_sources)
            inputs = input_rows(hashes, Curation(drafts=all_drafts, file_sources=file_sources))
            insert(connection, {"figures": _figure_rows(figures), "directives": _directive_frame(curation),
                                "attainment": attainment, "coverage": coverage, "unaccounted_numbers": unaccounted,
                                "build_inputs": inputs})
            counts = connection.execute(
                "SELECT count(*), count(*) FILTER (WHERE is_derived), (SELECT count(*) FROM directives) "
                "FROM figures").fetchall()[0]
            insert(connection, {"build_info": info_row(fingerprint, *counts)})
            per_place = _per_place(connection, list(catalog.places))
            connection.execute("CHECKPOINT")
    drafts = {label: all_drafts[label] for label in sorted(all_drafts)}
    return BuildSummary(counts[0], counts[1], counts[2], per_place, drafts, 0.0, "delta")


def _check_duplicates_with_the_rest(connection, curation: Curation, replaced: set[str]) -> None:
    """The duplicate check of a full build, run over the figures read again and the stored figures
    of other files that share a place, metric, period, kind and scope with one of them."""
    stored = []
    if curation.figures:
        keys = sorted({(f.place, f.metric, f.period.start, f.period.end, f.kind, f.scope) for f in curation.figures},
                      key=str)
        columns = ["place_id", "metric_id", "period_start", "period_end", "kind", "scope"]
        types = [pa.string(), pa.string(), pa.date32(), pa.date32(), pa.string(), pa.string()]
        connection.register("new_keys", pa.table({column: pa.array([key[i] for key in keys], kind)
                                                  for i, (column, kind) in enumerate(zip(columns, types))}))
        connection.register("replaced", pa.table({"file": pa.array(sorted(replaced), pa.string())}))
        stored = _stored(connection.execute(
            f"SELECT {_STORED_COLUMNS} FROM figures WHERE NOT is_derived AND file NOT IN (SELECT file FROM replaced) "
            "AND EXISTS (SELECT 1 FROM new_keys k WHERE k.place_id = figures.place_id "
            "AND k.metric_id = figures.metric_id AND k.period_start = figures.period_start "
            "AND k.period_end = figures.period_end AND k.kind = figures.kind "
            "AND k.scope IS NOT DISTINCT FROM figures.scope) ORDER BY file, line").fetchall())
        connection.unregister("new_keys")
        connection.unregister("replaced")
    # in the order a full build reads them: by file, then as each file gives them
    check_duplicates(sorted(stored + curation.figures, key=lambda figure: figure.file), curation.problems)


def _per_place(connection, place_order: list[str]) -> list[tuple[str, int, int, int]]:
    figures = {place: (count, derived) for place, count, derived in connection.execute(
        "SELECT place_id, count(*), count(*) FILTER (WHERE is_derived) FROM figures GROUP BY place_id").fetchall()}
    directives = dict(connection.execute("SELECT place_id, count(*) FROM directives GROUP BY place_id").fetchall())
    return [(place, figures.get(place, (0, 0))[0], figures.get(place, (0, 0))[1], directives.get(place, 0))
            for place in place_order if place in figures or place in directives]
