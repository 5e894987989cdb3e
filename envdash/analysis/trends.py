"""The evidence behind a trend: one metric's figures, references and targets for chosen places."""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from envdash.store.queries import run_query


@dataclass
class TrendEvidence:
    points: pd.DataFrame        # rows of trend_points: actuals, derived values and targets
    references: pd.DataFrame    # rows of metric_references: standards, guidelines, national values
    targets: pd.DataFrame       # rows of attainment_list for this metric and these places
    places_without_figures: list[str] = field(default_factory=list)   # chosen places with no figure, in order


def trend_evidence(metric_id: str, places: list[str]) -> TrendEvidence:
    points = run_query("trend_points", metric=metric_id, places=places)
    reported = set(points.place_id)
    missing = [place for place in places if place not in reported]
    if points.empty:
        return TrendEvidence(points, pd.DataFrame(), pd.DataFrame(), missing)
    targets = run_query("attainment_list", places=places)
    return TrendEvidence(points, run_query("metric_references", metric=metric_id),
                         targets[targets.metric_id == metric_id], missing)
