"""The YAML a curator writes by hand: a curated file, a sources.yaml entry, a change-log entry.

Written as text, not dumped, so the files look like the ones people keep: fields in the order
docs/curation.md lists them, ids and words plain, free text, periods and comparators in double
quotes, a change as one flow mapping. Every scalar is checked to read back as itself.
"""
from __future__ import annotations

import datetime as dt
import json
import re

import yaml

# Field order of a figure and of a directive (docs/curation.md, "Figure fields"); a field not listed
# (which validation then names) comes after them, so nothing typed is lost.
FIGURE_FIELDS = ("place", "metric", "period", "kind", "value", "unit", "comparator", "strength", "change",
                 "total", "scope", "note_zh", "note_en", "quote", "draft")
DIRECTIVE_FIELDS = ("theme", "quote", "summary_en", "summary_zh", "place", "deadline", "numbers", "draft")
CHANGE_FIELDS = ("value", "unit", "basis", "versus")
SOURCE_FIELDS = ("id", "place", "issuer_zh", "issuer_en", "title_zh", "title_en", "title_note_zh", "title_note_en",
                 "published", "published_certainty", "published_note_zh", "published_note_en", "period", "kind",
                 "script", "path", "boilerplate")
CHANGE_LOG_FIELDS = ("at", "curator", "source", "added", "changed", "removed")

# Written in double quotes whatever they hold, as the curated files do (sources.yaml and the change
# log quote only what would not read back as written).
CURATED_QUOTED = frozenset({"period", "deadline", "comparator", "quote", "summary_en", "summary_zh", "note_zh",
                            "note_en"})
# Characters PyYAML refuses in a stream or reads as line breaks inside quotes: written as escapes.
_ESCAPE = re.compile("[^\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")


def quoted(text: str) -> str:
    """`text` as a YAML double-quoted scalar that reads back exactly, line breaks and all."""
    body = json.dumps(str(text), ensure_ascii=False)[1:-1]
    return '"' + _ESCAPE.sub(_escape_char, body) + '"'


def _escape_char(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def number_text(value) -> str:
    """26 → "26", 4.74 → "4.74", -1.46 → "-1.46"; a whole float is written without ".0"."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return str(int(value)) if float(value).is_integer() and abs(value) < 1e15 else repr(float(value))


def _reads_back_plain(text: str) -> bool:
    if not text or text != text.strip() or "\n" in text or "#" in text or ": " in text:
        return False
    try:
        return yaml.safe_load(f"k: {text}\n") == {"k": text}
    except yaml.YAMLError:
        return False


def scalar(field: str, value, always_quoted=CURATED_QUOTED) -> str:
    """One value as a curator writes it."""
    if value is None:
        return "null"
    if isinstance(value, bool) or isinstance(value, (int, float)):
        return number_text(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, dt.date):
        return quoted(value.isoformat()) if field in always_quoted else value.isoformat()
    text = str(value)
    if field in always_quoted or not _reads_back_plain(text):
        return quoted(text)
    return text


def _flow(field: str, value) -> str:
    """A mapping or list on one line: change: {value: -1.46, unit: "%", basis: relative}; numbers: [6]."""
    if isinstance(value, dict):
        keys = [key for key in CHANGE_FIELDS if key in value] + [key for key in value if key not in CHANGE_FIELDS]
        return "{" + ", ".join(f"{key}: {_flow_scalar(key, value[key])}" for key in keys) + "}"
    return "[" + ", ".join(_flow_scalar(field, item) for item in value) + "]"


def _flow_scalar(field: str, value) -> str:
    if isinstance(value, (dict, list)):
        return _flow(field, value)
    text = scalar(field, value)
    # inside braces and brackets a plain scalar may not hold , [ ] { }
    return quoted(str(value)) if not text.startswith('"') and re.search(r"[,\[\]{}]", text) else text


def _ordered(record: dict, order: tuple[str, ...]) -> list[str]:
    return [key for key in order if key in record] + [key for key in record if key not in order]


def record_lines(record: dict, order: tuple[str, ...], always_quoted=CURATED_QUOTED, indent: str = "  ") -> list[str]:
    """One list item: `- first: …` and its other fields indented under it. Empty fields are left out."""
    lines = []
    for key in _ordered(record, order):
        value = record[key]
        if value is None or value == "" or value == [] or value == {}:
            continue
        if isinstance(value, dict) or (isinstance(value, list) and key != "boilerplate"):
            text = f"{key}: {_flow(key, value)}"
        elif isinstance(value, list):
            text = f"{key}:\n" + "\n".join(f"{indent}    - {quoted(item)}" for item in value)
        else:
            text = f"{key}: {scalar(key, value, always_quoted)}"
        lines.append(f"{indent}{'- ' if not lines else '  '}{text}")
    return lines


def curated_file(source_id: str, figures: list[dict], directives: list[dict]) -> str:
    """data/curated/<source_id>.yaml: the source, its figures and its directives."""
    parts = [f"source: {scalar('source', source_id)}"]
    if figures:
        parts.append("figures:")
        parts += [line for record in figures for line in record_lines(record, FIGURE_FIELDS)]
    else:
        parts.append("figures: []")
    if directives:
        parts.append("directives:")
        parts += [line for record in directives for line in record_lines(record, DIRECTIVE_FIELDS)]
    return "\n".join(parts) + "\n"


def source_entry(fields: dict) -> str:
    """One report's entry of data/sources.yaml, indented as a record of `sources:`."""
    return "\n".join(record_lines(fields, SOURCE_FIELDS, frozenset())) + "\n"


def change_log_entry(fields: dict) -> str:
    """One publish's record of data/changelog.yaml."""
    return "\n".join(record_lines(fields, CHANGE_LOG_FIELDS, frozenset())) + "\n"
