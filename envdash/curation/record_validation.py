"""Turning pydantic's errors into curation problems with file, line, record and field."""
from __future__ import annotations

from pydantic import ValidationError

from envdash.core.problems import Problem, with_suggestion

# pydantic's wording, said the way a curator reads it
_PLAIN = {
    "missing": "required field is missing",
    "extra_forbidden": "unknown field",
    "finite_number": "must be a finite number (not .nan or .inf)",
    "float_type": "must be a number",
    "float_parsing": "must be a number",
    "int_type": "must be a whole number",
    "bool_type": "must be true or false",
    "string_type": "must be text",
    "list_type": "must be a list",
    "dict_type": "must be a mapping of fields",
    "model_type": "must be a mapping of fields",
}


def pydantic_problems(error: ValidationError, document, section: str, index: int, model) -> list[Problem]:
    problems = []
    known_fields = list(model.model_fields)
    for detail in error.errors():
        location = [str(part) for part in detail["loc"]]
        field_name = location[0] if location else "-"
        path = ".".join(location) or "-"
        kind = detail["type"]
        message = _PLAIN.get(kind, detail["msg"])
        if kind == "extra_forbidden":
            message = with_suggestion(message, location[-1], _nested_fields(model, location) or known_fields)
        elif kind == "literal_error":
            message = f"{detail['msg'].lower()}; got {detail.get('input')!r}"
        elif kind not in ("missing", "extra_forbidden") and "input" in detail:
            message = f"{message}; got {detail['input']!r}"
        line = document.lines.field_line(section, index, field_name)
        problems.append(Problem(document.label, line, f"{section}[{index}]", path, message))
    return problems


def _nested_fields(model, location: list[str]) -> list[str]:
    """Field names of the nested model an unknown key sits in (for suggestions)."""
    current = model
    for part in location[:-1]:
        field_info = getattr(current, "model_fields", {}).get(part)
        if field_info is None:
            return []
        annotation = field_info.annotation
        candidates = [annotation, *getattr(annotation, "__args__", ())]
        current = next((c for c in candidates if hasattr(c, "model_fields")), None)
        if current is None:
            return []
    return list(getattr(current, "model_fields", {}))


def read_records(document, section: str, model, problems: list[Problem],
                 other_keys: tuple[str, ...] = (), required: bool = True,
                 check_keys: bool = True, skip=None) -> list[tuple[int, object]]:
    """Validate each record of the top-level list `section`; return (index, record) of valid ones.

    Records for which `skip(raw)` is true (unconfirmed drafts) are neither validated nor returned.
    """
    data = document.data
    if not isinstance(data, dict):
        problems.append(Problem(document.label, 1, "file", "-", "expected a mapping at the top level"))
        return []
    allowed = (section, *other_keys)
    for key in sorted(set(map(str, data)) - set(allowed)) if check_keys else ():
        problems.append(Problem(document.label, document.lines.top_line(key), "file", key,
                                with_suggestion("unknown top-level key", key, allowed)))
    records = data.get(section)
    if records is None and not required:
        return []
    if not isinstance(records, list):
        problems.append(Problem(document.label, document.lines.top_line(section), "file", section,
                                f"expected a top-level `{section}:` list"))
        return []
    valid = []
    for index, raw in enumerate(records):
        if skip is not None and skip(raw):
            continue
        if not isinstance(raw, dict):
            problems.append(Problem(document.label, document.lines.record_line(section, index),
                                    f"{section}[{index}]", "-", "expected a mapping of fields"))
            continue
        try:
            valid.append((index, model.model_validate(raw)))
        except ValidationError as error:
            problems.extend(pydantic_problems(error, document, section, index, model))
    return valid
