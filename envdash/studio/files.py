"""What a draft becomes on disk: the text, the sources.yaml entry and the curated file, as text."""
from __future__ import annotations

import datetime as dt

from envdash.studio.drafts import Draft
from envdash.studio.yaml_text import curated_file, source_entry

# The report's details a curator fills in; id and path follow from the report id.
DETAIL_FIELDS = ("place", "issuer_zh", "issuer_en", "title_zh", "title_en", "title_note_zh", "title_note_en",
                 "published", "published_certainty", "published_note_zh", "published_note_en", "period", "kind",
                 "script", "boilerplate")


def _typed_date(value):
    """A date typed as 2025-01-20 is written as a date, as a person writes it; anything else as typed."""
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return value
    return value


def source_fields(draft: Draft) -> dict:
    """The sources.yaml entry: id first, the details as typed, the stored text's path."""
    fields = {"id": draft.report_id}
    for name in DETAIL_FIELDS:
        value = draft.source.get(name)
        if name == "published":
            value = _typed_date(value)
        if name == "boilerplate":
            value = [line for line in (value or []) if str(line).strip()]
        if isinstance(value, str):
            value = value.strip()
        fields[name] = value if value not in ("", []) else None   # left out, as a blank is
    fields["path"] = draft.text_path or f"data/sources/{draft.report_id}.txt"
    return {name: fields[name] for name in ("id", *DETAIL_FIELDS[:-1], "path", "boilerplate")}


def source_entry_text(draft: Draft) -> str:
    return source_entry(source_fields(draft))


def curated_text(draft: Draft) -> str:
    """data/curated/<id>.yaml as it will be published: every record, as the curator has it."""
    return curated_file(draft.report_id, [record.fields for record in draft.figures],
                        [record.fields for record in draft.directives])


def normalised_text(text: str) -> str:
    """A pasted or uploaded text as it is stored: no byte-order mark, line breaks as \\n, one at the end."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return text if not text.strip() or text.endswith("\n") else text + "\n"


def stored_text(draft: Draft) -> bytes:
    """The report's text as stored under data/sources/: UTF-8, as pasted (see normalised_text)."""
    return draft.text.encode("utf-8")
