"""URL parameters of the analysis pages, built from the choices the database offers."""
from __future__ import annotations

import pandas as pd

from envdash.analysis.options import default_metric
from envdash.present.url_state import ParamSpec


def metric_spec(metrics: pd.DataFrame) -> ParamSpec:
    return ParamSpec("metric", tuple(metrics.metric_id), default_metric(metrics))


# Places selected when the link names none: every prefecture-level city in one chart is unreadable
# (and slow), so the first few in display order.
DEFAULT_PLACES = 8


def places_spec(places: pd.DataFrame, name: str = "places") -> ParamSpec:
    ids = tuple(places.place_id)
    return ParamSpec(name, ids, ids[:DEFAULT_PLACES], multi=True)
