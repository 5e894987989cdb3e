"""Command line: python -m envdash build | validate | coverage."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from envdash.build import build_database, print_progress, validate
from envdash.coverage import coverage_report
from envdash.paths import data_root, database_path
from envdash.problems import CurationFailed


def _print_problems(error: CurationFailed) -> int:
    for problem in error.problems:
        print(problem, file=sys.stderr)
    print(f"\n{len(error.problems)} problem(s) found; nothing was written.", file=sys.stderr)
    return 1


def _build(args) -> int:
    summary = build_database(args.root, args.db, progress=print_progress)
    print(f"Built {args.db} in {summary.seconds:.1f} s: {summary.figures} figures "
          f"({summary.derived} derived), {summary.directives} directives.")
    print(f"{'place':<12}{'figures':>9}{'derived':>9}{'directives':>12}")
    for place, figures, derived, directives in summary.per_place:
        print(f"{place:<12}{figures:>9}{derived:>9}{directives:>12}")
    for file, count in summary.drafts.items():
        print(f"{file}: {count} draft record(s) left out until a person confirms them (remove `draft: true`)")
    return 0


def _validate(args) -> int:
    catalog, curation = validate(args.root, progress=print_progress)
    print(f"OK: {len(curation.figures)} figures and {len(curation.directives)} directives "
          f"in {len(catalog.sources)} sources are valid.")
    for file, count in curation.drafts.items():
        print(f"{file}: {count} draft record(s) still to confirm")
    return 0


def _coverage(args) -> int:
    catalog, curation = validate(args.root)
    total_unaccounted = 0
    for source in coverage_report(catalog, curation):
        unaccounted = source.unaccounted
        total_unaccounted += len(unaccounted)
        print(f"{source.source_id}: {len(source.numbers)} numbers — {source.count('accounted')} curated, "
              f"{source.count('set aside')} set aside by rule, {source.count('ignored')} ignored with a reason, "
              f"{len(unaccounted)} unaccounted")
        for item in unaccounted:
            print(f"  line {item.line}: {item.number}  …{item.context}…")
        if args.verbose:
            for item in source.numbers:
                if item.status != "unaccounted":
                    print(f"  line {item.line}: {item.number}  [{item.status}]  …{item.context}…")
    print(f"{total_unaccounted} number(s) unaccounted for in all sources.")
    return 1 if total_unaccounted and args.strict else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m envdash", description="Build and check the envdash data.")
    parser.add_argument("--root", type=Path, default=None, help="project folder holding data/ (default: this project)")
    parser.add_argument("--db", type=Path, default=None, help="database file (default: data/envdash.duckdb)")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("build", help="validate the curation and write the DuckDB database")
    commands.add_parser("validate", help="check the curation without writing anything")
    coverage = commands.add_parser("coverage", help="list numbers in the reports that no record accounts for")
    coverage.add_argument("--strict", action="store_true", help="exit 1 when any number is unaccounted for")
    coverage.add_argument("--verbose", action="store_true", help="also list accounted and set-aside numbers")
    args = parser.parse_args(argv)
    args.root = (args.root or data_root()).resolve()
    args.db = (args.db or (database_path() if args.root == data_root() else args.root / "data" / "envdash.duckdb")).resolve()
    handlers = {"build": _build, "validate": _validate, "coverage": _coverage}
    try:
        return handlers[args.command](args)
    except CurationFailed as error:
        return _print_problems(error)
    except (OSError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
