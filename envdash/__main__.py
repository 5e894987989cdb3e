"""Command line: python -m envdash build | validate | coverage | suggest | studio."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from envdash.core.paths import PROJECT_ROOT, data_root, database_path
from envdash.core.problems import CurationFailed
from envdash.store.build import build_database, print_progress, validate
from envdash.store.child_build import result_line

# coverage and suggest are imported by their commands: the app starts `build` in a new process for
# every rebuild, and that start is part of the wait for the new database


def _print_problems(error: CurationFailed) -> int:
    for problem in error.problems:
        print(problem, file=sys.stderr)
    print(f"\n{len(error.problems)} problem(s) found; nothing was written.", file=sys.stderr)
    return 1


def _build(args) -> int:
    if args.result_line:
        # run by the app as its child: it reads the problems from the last line, not from the text
        try:
            summary = build_database(args.root, args.db, progress=print_progress, full=args.full)
        except CurationFailed as error:
            print(result_line(error.problems))
            return 1
        print(result_line([]))
        return 0
    summary = build_database(args.root, args.db, progress=print_progress, full=args.full)
    how = "" if summary.kind == "full" else " (only the changed files read again)"
    print(f"Built {args.db}{how} in {summary.seconds:.1f} s: {summary.figures} figures "
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
    from envdash.curation.coverage import coverage_report
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


def _suggest(args) -> int:
    from envdash.curation.suggest import draft_report, source_is_listed
    text_path = args.text if args.text.exists() or args.text.is_absolute() else args.root / args.text
    draft, suggestions = draft_report(args.root, text_path, args.place, args.source_id)
    if args.out is None:
        sys.stdout.write(draft)
        return 0
    if not suggestions:
        print(f"No figure-like numbers in {args.text}; nothing written (curate its directives by hand).")
        return 0
    if args.out.exists():
        print(f"error: {args.out} exists; suggest never overwrites a curated file", file=sys.stderr)
        return 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(draft, encoding="utf-8")
    guessed = sum(1 for suggestion in suggestions if suggestion.metric and suggestion.metric.metric)
    print(f"Wrote {len(suggestions)} draft record(s) to {args.out} ({guessed} with a metric guessed); "
          f"confirm them, then run `python -m envdash validate`.")
    if not source_is_listed(args.root, args.source_id):
        print(f"note: {args.source_id} is not in data/sources.yaml yet; add it before validating.", file=sys.stderr)
    return 0


STUDIO_SCRIPT = PROJECT_ROOT / "studio" / "studio_app.py"
STUDIO_PORT = 8502   # the dashboard keeps Streamlit's 8501


def studio_command(args) -> list[str]:
    """The Streamlit command that serves the studio, bound to `args.address` (loopback by default)."""
    return [sys.executable, "-m", "streamlit", "run", str(STUDIO_SCRIPT), "--server.address", args.address,
            "--server.port", str(args.port), "--server.headless", "true"]


def _studio(args) -> int:
    env = {**os.environ, "ENVDASH_ROOT": str(args.root), "ENVDASH_DB": str(args.db)}
    print(f"envdash studio on http://{args.address}:{args.port} (data: {args.root / 'data'}); Ctrl+C stops it.",
          flush=True)
    # Streamlit takes this process's place, so Ctrl+C and a stop signal reach the server itself
    os.chdir(PROJECT_ROOT)
    os.execve(sys.executable, studio_command(args), env)
    return 0   # not reached


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m envdash", description="Build and check the envdash data.")
    parser.add_argument("--root", type=Path, default=None, help="project folder holding data/ (default: this project)")
    parser.add_argument("--db", type=Path, default=None, help="database file (default: data/envdash.duckdb)")
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="validate the curation and write the DuckDB database")
    build.add_argument("--result-line", action="store_true", help=argparse.SUPPRESS)
    build.add_argument("--full", action="store_true",
                       help="read every file again, even those unchanged since the last build")
    commands.add_parser("validate", help="check the curation without writing anything")
    coverage = commands.add_parser("coverage", help="list numbers in the reports that no record accounts for")
    coverage.add_argument("--strict", action="store_true", help="exit 1 when any number is unaccounted for")
    coverage.add_argument("--verbose", action="store_true", help="also list accounted and set-aside numbers")
    suggest = commands.add_parser("suggest", help="draft a curated file (records marked draft: true) from a report's text")
    suggest.add_argument("text", type=Path, help="the stored report text, e.g. data/sources/NEW.txt")
    suggest.add_argument("--place", required=True, help="place id from data/places.yaml")
    suggest.add_argument("--source-id", required=True, help="the report's id (as in data/sources.yaml)")
    suggest.add_argument("--out", type=Path, default=None, help="write the draft here (default: print it)")
    studio = commands.add_parser("studio", help="serve the curation studio, where curators add and revise reports")
    studio.add_argument("--address", default="127.0.0.1",
                        help="address to listen on (default 127.0.0.1: this machine only; the studio writes data)")
    studio.add_argument("--port", type=int, default=STUDIO_PORT, help=f"port (default {STUDIO_PORT})")
    args = parser.parse_args(argv)
    args.root = (args.root or data_root()).resolve()
    args.db = (args.db or (database_path() if args.root == data_root() else args.root / "data" / "envdash.duckdb")).resolve()
    handlers = {"build": _build, "validate": _validate, "coverage": _coverage, "suggest": _suggest,
                "studio": _studio}
    try:
        return handlers[args.command](args)
    except CurationFailed as error:
        return _print_problems(error)
    except (OSError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
