"""Checking a draft as `validate` would, record by record, and what of its text is still unaccounted for.

The draft is written into a small temporary project (the catalogue's files linked in, a sources.yaml
holding only this report, its text and its curated file) and read by the curation's own loader, so
every problem is found and worded exactly as `python -m envdash validate` words it. Problems are then
laid back on the record, the report's details or (anything else) the draft as a whole.
"""
from __future__ import annotations

import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from envdash.core.numbers import NumberMention, quantity_mentions
from envdash.core.problems import Problem
from envdash.curation.catalog import Catalog, load_catalog
from envdash.curation.coverage import source_coverage
from envdash.curation.records import load_curation
from envdash.curation.yaml_files import read_yaml
from envdash.studio.drafts import NEW, Draft
from envdash.studio.files import curated_text, source_entry_text, stored_text

REFERENCE_FILES = ("places.yaml", "themes.yaml", "units.yaml", "scopes.yaml")
SOURCES_HEADER = "sources:\n"


@dataclass(frozen=True)
class NumberMark:
    """A number of the text and whether a record accounts for it (coverage.py's statuses)."""
    start: int
    end: int
    number: str       # as written
    value: float      # what it reads as (三 → 3)
    line: int
    context: str
    status: str       # accounted | ignored | set aside: <rule> | unaccounted


@dataclass
class DraftCheck:
    source_problems: list[Problem] = field(default_factory=list)          # the report's details
    record_problems: dict[str, list[Problem]] = field(default_factory=dict)  # by record key
    other_problems: list[Problem] = field(default_factory=list)           # the catalogue, the file as a whole
    records_checked: bool = False      # false until the details are valid: the loader needs the report first
    numbers: list[NumberMark] = field(default_factory=list)
    # the catalogue (places, metrics, units, …), holding this report once its details are valid
    catalog: Catalog | None = None

    def problems_of(self, key: str) -> list[Problem]:
        return self.record_problems.get(key, [])

    @property
    def unaccounted(self) -> list[NumberMark]:
        return [mark for mark in self.numbers if mark.status == "unaccounted"]

    @property
    def problem_count(self) -> int:
        return (len(self.source_problems) + len(self.other_problems)
                + sum(len(problems) for problems in self.record_problems.values()))


def problem_text(problem: Problem) -> str:
    """A problem as the curator reads it beside its record: field and message, as `validate` words them."""
    return f"{problem.field}: {problem.message}" if problem.field not in ("-", "") else problem.message


@contextmanager
def draft_project(root: Path, draft: Draft) -> Iterator[Path]:
    """A temporary project whose data is the catalogue of `root` and this draft's report alone."""
    with tempfile.TemporaryDirectory(prefix="envdash-studio-") as folder:
        data = Path(folder) / "data"
        data.mkdir()
        for name in REFERENCE_FILES:
            if (root / "data" / name).exists():
                (data / name).symlink_to(root / "data" / name)
        (data / "metrics").symlink_to(root / "data" / "metrics", target_is_directory=True)
        (data / "sources.yaml").write_text(SOURCES_HEADER + source_entry_text(draft), encoding="utf-8")
        (data / "sources").mkdir()
        (data / "sources" / f"{draft.report_id}.txt").write_bytes(stored_text(draft))
        (data / "curated").mkdir()
        if draft.figures or draft.directives:
            (data / "curated" / f"{draft.report_id}.yaml").write_text(curated_text(draft), encoding="utf-8")
        ignore = root / "data" / "coverage_ignore" / f"{draft.report_id}.yaml"
        if ignore.is_file():
            (data / "coverage_ignore").mkdir()
            (data / "coverage_ignore" / ignore.name).symlink_to(ignore)
        yield Path(folder)


def _record_lines(text: str) -> list[tuple[int, str, int]]:
    """(first line, section, index) of every record of a curated file's text, in order."""
    document, _ = read_yaml_text(text)
    if document is None:
        return []
    return sorted((line, section, index) for (section, index), line in document.lines.records.items())


def read_yaml_text(text: str):
    with tempfile.NamedTemporaryFile("w", suffix=".yaml", encoding="utf-8", delete=False) as handle:
        handle.write(text)
    path = Path(handle.name)
    try:
        return read_yaml(path, path.name)
    finally:
        path.unlink(missing_ok=True)


def _record_at(lines: list[tuple[int, str, int]], line: int) -> tuple[str, int] | None:
    found = None
    for first, section, index in lines:
        if first <= line:
            found = (section, index)
    return found


def _existing_ids(root: Path) -> dict[str, int]:
    """Report ids already in data/sources.yaml, with their line."""
    path = root / "data" / "sources.yaml"
    if not path.is_file():
        return {}
    document, _ = read_yaml(path, "data/sources.yaml")
    if document is None or not isinstance(document.data, dict):
        return {}
    return {record.get("id"): document.lines.field_line("sources", index, "id")
            for index, record in enumerate(document.data.get("sources") or []) if isinstance(record, dict)}


def _number_marks(text: str, statuses) -> list[NumberMark]:
    # coverage.py reads the numbers of the text in this same order, one status per number
    mentions: list[NumberMention] = quantity_mentions(text)
    return [NumberMark(mention.start, mention.end, status.number, mention.number, status.line, status.context,
                       status.status)
            for mention, status in zip(mentions, statuses)]


def check_draft(root: Path, draft: Draft) -> DraftCheck:
    """Every problem `validate` would find in the draft, and the coverage of its text."""
    check = DraftCheck()
    curated_label = f"data/curated/{draft.report_id}.yaml"
    if draft.mode == NEW and draft.report_id in (existing := _existing_ids(root)):
        check.source_problems.append(Problem("data/sources.yaml", existing[draft.report_id], "sources", "id",
                                             f"duplicate id {draft.report_id!r}"))
    with draft_project(root, draft) as project:
        catalog, catalog_problems = load_catalog(project)
        curation = load_curation(catalog) if draft.report_id in catalog.sources else None
    check.catalog = catalog
    for problem in catalog_problems:
        (check.source_problems if problem.file == "data/sources.yaml" else check.other_problems).append(problem)
    if curation is None:
        return check
    check.records_checked = True
    keys = {("figures", index): record.key for index, record in enumerate(draft.figures)}
    keys.update({("directives", index): record.key for index, record in enumerate(draft.directives)})
    lines = _record_lines(curated_text(draft)) if keys else []
    for problem in curation.problems:
        where = _record_at(lines, problem.line) if problem.file == curated_label and problem.record != "file" else None
        if where in keys:
            check.record_problems.setdefault(keys[where], []).append(problem)
        elif not (problem.file == curated_label and not keys):
            check.other_problems.append(problem)
    coverage = source_coverage(catalog, curation, draft.report_id)
    check.numbers = _number_marks(catalog.source_texts[draft.report_id], coverage.numbers)
    return check
