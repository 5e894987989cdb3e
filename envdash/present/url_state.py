"""Page selections in the URL query string: read with fallbacks, written back for sharing."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Sequence

MAX_VALUE_LENGTH = 200


@dataclass(frozen=True)
class ParamSpec:
    """One query parameter a page reads: its allowed values and its default."""
    name: str
    choices: tuple[str, ...]
    default: str | tuple[str, ...] | None
    multi: bool = False


def _values(raw: Sequence[str] | str | None) -> list[str]:
    if raw is None:
        return []
    return [raw] if isinstance(raw, str) else list(raw)


def resolve(query: Mapping[str, Sequence[str] | str], specs: Sequence[ParamSpec]) -> tuple[dict, list[str]]:
    """Values for each spec from the query string, and the names of parameters that fell back.

    Anything not in a spec's choices is dropped; a repeated single-valued parameter keeps its last
    valid value; multi-valued parameters are comma-separated and may repeat.
    """
    values, fell_back = {}, []
    for spec in specs:
        raw = [value for value in _values(query.get(spec.name)) if isinstance(value, str)]
        if not raw:
            values[spec.name] = spec.default
            continue
        if spec.multi:
            items = [item.strip() for value in raw for item in value.split(",") if item.strip()]
            kept = tuple(dict.fromkeys(item for item in items if len(item) <= MAX_VALUE_LENGTH and item in spec.choices))
            if len(kept) != len(items) or not kept:
                fell_back.append(spec.name)
            values[spec.name] = kept if kept else spec.default
        else:
            valid = [value for value in raw if len(value) <= MAX_VALUE_LENGTH and value in spec.choices]
            if len(valid) != len(raw):
                fell_back.append(spec.name)
            values[spec.name] = valid[-1] if valid else spec.default
    return values, fell_back


def encode(values: Mapping[str, object], specs: Sequence[ParamSpec]) -> dict[str, str]:
    """The query string for `values`: every spec's value, multi-valued ones comma-joined."""
    encoded = {}
    for spec in specs:
        value = values.get(spec.name, spec.default)
        # an emptied multiselect holds a list, not a tuple; "places=" would read back as invalid
        if value is None or value == "" or (isinstance(value, (list, tuple)) and not value):
            continue
        encoded[spec.name] = ",".join(value) if spec.multi else str(value)
    return encoded
