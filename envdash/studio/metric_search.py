"""Finding a metric by any of its names: Chinese (either script), English, id or a synonym."""
from __future__ import annotations

from envdash.curation.catalog import Catalog, Metric
from envdash.curation.suggest import simplified


def _names(metric: Metric) -> list[str]:
    return [metric.id, metric.name_zh, metric.name_en, *metric.synonyms]


def _folded(text: str) -> str:
    return simplified(str(text)).casefold().replace(" ", "")


def matching_metrics(catalog: Catalog, query: str, keep=()) -> list[str]:
    """Ids of the metrics one of whose names holds `query` (Traditional or Simplified, any case), best
    first: a name that is the query, then one that starts with it, then one that holds it. Every
    metric when the query is blank. Ids in `keep` (the record's current metric) stay in the list."""
    wanted = _folded(query)
    if not wanted:
        return list(catalog.metrics)
    ranked = []
    for metric in catalog.metrics.values():
        names = [_folded(name) for name in _names(metric)]
        if any(name == wanted for name in names):
            ranked.append((0, metric.id))
        elif any(name.startswith(wanted) for name in names):
            ranked.append((1, metric.id))
        elif any(wanted in name for name in names):
            ranked.append((2, metric.id))
    found = [metric_id for _, metric_id in sorted(ranked, key=lambda item: item[0])]
    return [*[metric_id for metric_id in keep if metric_id in catalog.metrics and metric_id not in found], *found]
