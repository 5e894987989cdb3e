"""The first draft of a report's figures, from `suggest`, as records of a studio draft."""
from __future__ import annotations

from envdash.curation.catalog import Catalog
from envdash.curation.suggest import Suggestion, report_info, simplified, suggest_figures
from envdash.studio.drafts import DRAFTED, Draft


def suggestion_fields(suggestion: Suggestion) -> dict:
    """A suggestion as the record a curator would write, blanks left for what suggest could not tell."""
    guess = suggestion.metric
    fields = {"place": suggestion.place, "metric": guess.metric if guess and guess.metric else "",
              "period": suggestion.period, "kind": suggestion.kind, "value": suggestion.value,
              "unit": suggestion.unit or ""}
    if suggestion.comparator != "=":
        fields["comparator"] = suggestion.comparator
    if suggestion.strength:
        fields["strength"] = suggestion.strength
    if suggestion.change:
        fields["change"] = dict(suggestion.change)
    if suggestion.total is not None:
        fields["total"] = suggestion.total
    fields["quote"] = suggestion.quote
    return {name: value for name, value in fields.items() if value is not None}


def draft_figures(draft: Draft, catalog: Catalog) -> int:
    """Add a drafted record for every figure-like number of the text; `catalog` holds the report
    (DraftCheck.catalog), so the drafter reads its date, period and kind. Returns how many were added."""
    place = str(draft.source.get("place") or "")
    info = report_info(catalog, draft.report_id, simplified(draft.text))
    suggestions = suggest_figures(draft.text, place, catalog, info)
    for suggestion in suggestions:
        candidates = [metric_id for metric_id, _ in suggestion.metric.candidates] if suggestion.metric else []
        draft.add("figures", suggestion_fields(suggestion), origin=DRAFTED, candidates=candidates)
    draft.drafted = True
    return len(suggestions)
