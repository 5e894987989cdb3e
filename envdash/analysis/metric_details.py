"""What a chart's figures mean and rest on: the metric's definition, unit and direction, the scopes
they cover, the reference values with their sources, and the reports they come from."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from envdash.store.queries import run_query


@dataclass
class MetricDetails:
    metric: dict                # name, definition, unit and direction (a row of metrics_with_figures)
    scopes: pd.DataFrame        # rows of scopes_by_id: the named scopes the figures cover
    whole_area: bool            # some figures cover their place as a whole (no scope)
    references: pd.DataFrame    # rows of metric_references
    reports: pd.DataFrame       # rows of sources_by_id, with `figures`: how many of the figures each gives


def _present(values) -> list[str]:
    return list(dict.fromkeys(value for value in values if isinstance(value, str) and value))


def metric_details(metric, figures: pd.DataFrame) -> MetricDetails:
    """The details behind `figures` (rows of trend_points or compare_latest) of `metric`."""
    metric = dict(metric)
    if figures.empty:
        empty = pd.DataFrame()
        return MetricDetails(metric, empty, False, run_query("metric_references", metric=metric["metric_id"]), empty)
    scopes = figures["scope"] if "scope" in figures else pd.Series([None] * len(figures))
    scope_ids = _present(scopes)
    named = run_query("scopes_by_id", scopes=scope_ids) if scope_ids else pd.DataFrame()
    counts = figures.groupby("source_id").size()
    reports = run_query("sources_by_id", sources=list(counts.index))
    reports["figures"] = [int(counts[source]) for source in reports.source_id]
    return MetricDetails(metric, named, bool(scopes.isna().any() or (scopes == "").any()),
                         run_query("metric_references", metric=metric["metric_id"]), reports)
