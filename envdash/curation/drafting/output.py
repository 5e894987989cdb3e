"""The draft curated file: each suggestion written as a YAML record marked `draft: true`."""
from __future__ import annotations

import json

from envdash.curation.drafting.figures import Suggestion
from envdash.curation.drafting.metric_match import MetricGuess


HEADER = """\
# DRAFT curation of {source_id}, written by `python -m envdash suggest` from {text_path}.
# Every record is a machine guess marked `draft: true`; drafts never enter the database.
# For each record, read its quote in the text, then:
#   - fix what is wrong: metric (a blank one lists the closest candidates), period, kind,
#     strength, value, unit, comparator, change; add `total`, `scope` (an id of data/scopes.yaml)
#     and `note_zh` with `note_en` where they help;
#   - delete records that are not figures (or list the number in data/coverage_ignore/{source_id}.yaml
#     with a reason), and add figures the drafter missed;
#   - remove the line `draft: true`.
# `python -m envdash validate` checks the confirmed records and names files that still hold drafts;
# `python -m envdash coverage` lists numbers of the text that no record accounts for.
# Reading rules: docs/curation.md. Directives (commitments without numbers) are not drafted.
"""


def _number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _metric_line(guess: MetricGuess | None) -> str:
    candidates = ", ".join(f"{metric_id} ({name})" for metric_id, name in (guess.candidates if guess else ()))
    if guess and guess.metric:
        return f"    metric: {guess.metric}  # matched “{guess.matched}”"
    return f"    metric:  # fill in; closest: {candidates}" if candidates else "    metric:  # fill in; no close name in the catalogue"


def record_yaml(suggestion: Suggestion) -> str:
    """One draft record, fields in the order docs/curation.md lists them."""
    lines = [f"  # line {suggestion.line}", f"  - place: {suggestion.place}", _metric_line(suggestion.metric),
             f"    period: {_quoted(suggestion.period)}", f"    kind: {suggestion.kind}"]
    if suggestion.strength:
        lines.append(f"    strength: {suggestion.strength}")
    if suggestion.value is not None:
        lines.append(f"    value: {_number_text(suggestion.value)}")
    lines.append(f"    unit: {_quoted(suggestion.unit)}" if suggestion.unit else "    unit:  # fill in: not recognised")
    if suggestion.comparator != "=":
        lines.append(f"    comparator: {_quoted(suggestion.comparator)}")
    if suggestion.change:
        parts = [f"value: {_number_text(suggestion.change['value'])}", f"unit: {_quoted(suggestion.change['unit'] or '')}",
                 f"basis: {suggestion.change['basis']}"]
        if "versus" in suggestion.change:
            parts.append(f"versus: {_quoted(suggestion.change['versus'])}")
        lines.append("    change: {" + ", ".join(parts) + "}")
    if suggestion.total is not None:
        lines.append(f"    total: {_number_text(suggestion.total)}")
    lines += [f"    quote: {_quoted(suggestion.quote)}", "    draft: true"]
    return "\n".join(lines)


def draft_yaml(source_id: str, text_path: str, suggestions: list[Suggestion]) -> str:
    header = HEADER.format(source_id=source_id, text_path=text_path)
    if not suggestions:
        return header + f"source: {source_id}\nfigures: []\n"
    records = "\n".join(record_yaml(suggestion) for suggestion in suggestions)
    return f"{header}source: {source_id}\nfigures:\n{records}\n"

