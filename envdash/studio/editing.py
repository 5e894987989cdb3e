"""What a curator types into a record's field, turned into the record's value.

Whatever is typed is kept: a value that does not read as a number stays text, so the draft loses
nothing and validation says what is wrong with it (`value: must be a number; got '2b'`). A blank
field is left out of the record, as a person leaves it out of the file.
"""
from __future__ import annotations

import re

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
NUMBER_FIELDS = frozenset({"value", "total", "change.value"})
CHANGE_PARTS = ("value", "unit", "basis", "versus")
DEFAULTS = {"comparator": "="}   # a field at its default is left out, as people leave it out


def typed_number(raw):
    """"26" → 26, "4.74" → 4.74, "1,234" → 1234, "" → None, anything else → the text as typed."""
    if raw is None:
        return None
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        return raw
    text = str(raw).strip().replace(",", "").replace("，", "")
    if not text:
        return None
    if _NUMBER.fullmatch(text):
        number = float(text)
        return int(number) if number.is_integer() and "." not in text and "e" not in text.lower() else number
    return str(raw).strip()


def typed_numbers(raw) -> list:
    """A directive's numbers typed as "3, 5" (or 3、5)."""
    if isinstance(raw, list):
        return raw
    parts = [part for part in re.split(r"[,，、;；\s]+", str(raw or "")) if part]
    return [typed_number(part) for part in parts]


def typed(field: str, raw):
    if field in NUMBER_FIELDS:
        return typed_number(raw)
    if field == "numbers":
        return typed_numbers(raw)
    if isinstance(raw, str):
        return raw.strip()
    return raw


def _blank(value) -> bool:
    return value is None or value == "" or value == []


def set_field(fields: dict, field: str, raw) -> None:
    """Set `field` of a record (`change.value` and the like inside its change) from what was typed."""
    value = typed(field, raw)
    if field.startswith("change."):
        part = field.split(".", 1)[1]
        change = dict(fields.get("change") or {}) if isinstance(fields.get("change"), dict) else {}
        if _blank(value):
            change.pop(part, None)
        else:
            change[part] = value
        if change:
            fields["change"] = {key: change[key] for key in (*CHANGE_PARTS, *change) if key in change}
        else:
            fields.pop("change", None)
        return
    if _blank(value) or DEFAULTS.get(field) == value:
        fields.pop(field, None)
    else:
        fields[field] = value


def shown(fields: dict, field: str) -> str:
    """A field's value as its text box shows it: 26 not 26.0, a list as "3, 5"."""
    if field.startswith("change."):
        change = fields.get("change") if isinstance(fields.get("change"), dict) else {}
        value = change.get(field.split(".", 1)[1])
    else:
        value = fields.get(field)
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list):
        return ", ".join(shown({"x": item}, "x") for item in value)
    return str(value)
