"""data/changelog.yaml: what each publish from the studio changed in a report, read and checked."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from envdash.core.problems import Problem, with_suggestion
from envdash.curation.record_validation import read_records
from envdash.curation.yaml_files import read_yaml

CHANGELOG = "changelog.yaml"
SECTION = "changes"


class ChangeRecord(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    at: dt.datetime
    curator: str = Field(min_length=1)
    source: str = Field(min_length=1)
    added: int = Field(ge=0, strict=True)
    changed: int = Field(ge=0, strict=True)
    removed: int = Field(ge=0, strict=True)


@dataclass(frozen=True)
class Change:
    """One publish of a report: when, by whom, and how many records it added, changed and removed."""
    source_id: str
    at: dt.datetime
    curator: str
    added: int
    changed: int
    removed: int


def read_changelog(root: Path, source_ids, problems: list[Problem]) -> list[Change]:
    """Every recorded publish, in the order written; none when the file does not exist yet."""
    path = root / "data" / CHANGELOG
    if not path.is_file():
        return []
    document, read_problems = read_yaml(path, str(path.relative_to(root)))
    problems.extend(read_problems)
    if document is None:
        return []
    changes = []
    for index, record in read_records(document, SECTION, ChangeRecord, problems):
        if record.source not in source_ids:
            problems.append(Problem(document.label, document.lines.field_line(SECTION, index, "source"),
                                    f"{SECTION}[{index}]", "source",
                                    with_suggestion(f"unknown source {record.source!r}", record.source, source_ids)))
            continue
        if record.at.tzinfo is None:
            problems.append(Problem(document.label, document.lines.field_line(SECTION, index, "at"),
                                    f"{SECTION}[{index}]", "at",
                                    "the time needs its UTC offset (2025-06-01T10:22:03+08:00)"))
            continue
        changes.append(Change(record.source, record.at, record.curator, record.added, record.changed, record.removed))
    return changes
