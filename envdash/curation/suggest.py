"""`python -m envdash suggest`: a draft curated file for a new report, every record marked `draft: true`.

The drafting itself lives in `envdash.curation.drafting` (reading numbers, the report's context,
metric matching, the draft file); this module checks the request, reads the report and hands back
the draft. Its public names are the ones callers (the command line, the tests) use.
"""
from __future__ import annotations

import re
from pathlib import Path

from envdash.core.problems import with_suggestion
from envdash.curation.catalog import Catalog, load_catalog
from envdash.curation.drafting.context import ReportInfo, described_report, report_info
from envdash.curation.drafting.figures import Suggestion, suggest_figures, suggestion_stated
from envdash.curation.drafting.output import draft_yaml
from envdash.curation.drafting.text import simplified

__all__ = ["ReportInfo", "Suggestion", "SuggestError", "check_request", "described_report", "draft_report", "draft_yaml",
           "read_report", "report_info", "simplified", "source_is_listed", "suggest_figures", "suggestion_stated"]


class SuggestError(ValueError):
    """A request the suggester cannot serve (unknown place, missing text); the message says why."""


def read_report(path: Path) -> str:
    if not path.is_file():
        raise SuggestError(f"no file at {path}")
    try:
        return path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise SuggestError(f"{path} is not UTF-8; save the report text as UTF-8") from None


def check_request(catalog: Catalog, place: str, source_id: str) -> None:
    if place not in catalog.places:
        raise SuggestError(with_suggestion(f"unknown place {place!r}", place, catalog.places)
                           + "; add it to data/places.yaml first")
    if not re.fullmatch(r"[a-z][a-z0-9_]*", source_id):
        raise SuggestError(f"source id {source_id!r} must be lower-case letters, digits and _ (e.g. suzhou_2024_review)")


def draft_report(root: Path, text_path: Path, place: str, source_id: str) -> tuple[str, list[Suggestion]]:
    """The draft curated file for the report at `text_path`, and the suggestions in it."""
    catalog, _ = load_catalog(root)   # a problem elsewhere in the catalogue need not stop a draft
    check_request(catalog, place, source_id)
    text = read_report(text_path)
    info = report_info(catalog, source_id, simplified(text))
    suggestions = suggest_figures(text, place, catalog, info)
    try:
        shown = text_path.resolve().relative_to(root.resolve())
    except ValueError:
        shown = text_path
    return draft_yaml(source_id, str(shown), suggestions), suggestions


def source_is_listed(root: Path, source_id: str) -> bool:
    catalog, _ = load_catalog(root)
    return source_id in catalog.sources
