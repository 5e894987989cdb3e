"""What places can be compared on: comparable metrics, the newest actual of each place, the years
they fall in, and the spread of each place's directives over themes."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from envdash.store.queries import cached_view, run_query


@dataclass
class ComparisonEvidence:
    rows: pd.DataFrame          # rows of compare_latest: one actual per place, best evidence first
    references: pd.DataFrame    # rows of metric_references
    years: list[int]            # the years the rows fall in, oldest first


def comparable_metrics(metrics: pd.DataFrame) -> pd.DataFrame:
    return metrics[metrics.comparable & (metrics.actuals > 0)]


@cached_view
def comparison_years(metric_id: str) -> list[int]:
    """Years with an actual of `metric_id` for some place, newest first."""
    rows = run_query("compare_latest", metric=metric_id, year=None)
    return sorted({int(year) for year in pd.to_datetime(rows.period_end).dt.year}, reverse=True)


def comparison_evidence(metric_id: str, year: int | None) -> ComparisonEvidence:
    rows = run_query("compare_latest", metric=metric_id, year=year)
    if rows.empty:
        return ComparisonEvidence(rows, pd.DataFrame(), [])
    years = sorted({int(y) for y in pd.to_datetime(rows.period_end).dt.year})
    return ComparisonEvidence(rows, run_query("metric_references", metric=metric_id), years)


@dataclass
class PolicyFocus:
    shares: pd.DataFrame        # rows of directive_themes: each place's share of directives per theme
    places: pd.DataFrame        # rows of directive_places
    themes: pd.DataFrame        # rows of themes


def policy_focus_evidence() -> PolicyFocus:
    return PolicyFocus(run_query("directive_themes"), run_query("directive_places"), run_query("themes"))
