"""Reopening a published report as a draft, to revise its details and records in the studio."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from envdash.curation.yaml_files import read_yaml
from envdash.studio.drafts import CONFIRMED, PUBLISHED, REVISE, Draft, DraftError, DraftRecord, check_report_id
from envdash.studio.files import DETAIL_FIELDS, source_fields


def published_ids(root: Path) -> list[str]:
    """Ids of the reports in data/sources.yaml, in its order."""
    document, _ = read_yaml(root / "data" / "sources.yaml", "data/sources.yaml") \
        if (root / "data" / "sources.yaml").is_file() else (None, [])
    if document is None or not isinstance(document.data, dict):
        return []
    return [record["id"] for record in document.data.get("sources") or []
            if isinstance(record, dict) and isinstance(record.get("id"), str)]


def published_labels(root: Path, lang: str) -> dict[str, str]:
    """Report id → "baoding_2024_meeting · <title> (2024-03-28)", for the list of reports to revise."""
    path = root / "data" / "sources.yaml"
    document, _ = read_yaml(path, "data/sources.yaml") if path.is_file() else (None, [])
    records = document.data.get("sources") if document is not None and isinstance(document.data, dict) else []
    labels = {}
    for record in records or []:
        if isinstance(record, dict) and isinstance(record.get("id"), str):
            title = record.get("title_zh" if lang == "zh" else "title_en") or record.get("title_zh") or ""
            labels[record["id"]] = f"{record['id']} · {title} ({_as_typed(record.get('published'))})"
    return labels


def _entry(root: Path, report_id: str) -> dict:
    document, problems = read_yaml(root / "data" / "sources.yaml", "data/sources.yaml")
    if document is None:
        raise DraftError(str(problems[0]))
    for record in document.data.get("sources") or []:
        if isinstance(record, dict) and record.get("id") == report_id:
            return record
    raise DraftError(f"data/sources.yaml: no report {report_id!r}")


def _as_typed(value):
    """A value of the entry as the details form holds it: dates as 2025-01-20, lists as lists."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return [str(item) for item in value]
    return "" if value is None else str(value)


def draft_from_published(root: Path, report_id: str) -> Draft:
    """The report as published, every record confirmed, ready to be revised.

    A curated file with comments is refused: the studio writes files afresh and would drop them."""
    check_report_id(report_id)
    entry = _entry(root, report_id)
    unknown = sorted(set(entry) - {"id", "path", *DETAIL_FIELDS})
    if unknown:
        raise DraftError(f"data/sources.yaml: {report_id}: fields the studio does not edit: {', '.join(unknown)}")
    text_path = str(entry.get("path") or "")
    try:
        text = (root / text_path).read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise DraftError(f"{text_path}: the report's text cannot be read ({error})") from None
    curated = root / "data" / "curated" / f"{report_id}.yaml"
    figures, directives = [], []
    if curated.is_file():
        label = f"data/curated/{report_id}.yaml"
        raw = curated.read_text(encoding="utf-8")
        commented = [number for number, line in enumerate(raw.splitlines(), 1) if line.lstrip().startswith("#")]
        if commented:
            raise DraftError(f"{label}:{commented[0]}: the file holds comments ({len(commented)} lines), which the "
                             f"studio would not keep; revise it by hand")
        document, problems = read_yaml(curated, label)
        if document is None:
            raise DraftError(str(problems[0]))
        figures = [record for record in document.data.get("figures") or [] if isinstance(record, dict)]
        directives = [record for record in document.data.get("directives") or [] if isinstance(record, dict)]
    draft = Draft(report_id, REVISE, {name: _as_typed(entry[name]) for name in DETAIL_FIELDS if name in entry},
                  text, text_path)
    for section, records in (("figures", figures), ("directives", directives)):
        for fields in records:
            record = DraftRecord(draft.new_key(), dict(fields), CONFIRMED, PUBLISHED)
            draft.records(section).append(record)
            draft.published[record.key] = dict(fields)
    draft.published_source = source_fields(draft)
    draft.drafted = True
    draft.created = draft.updated = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    return draft
