"""URL parameters of the analysis pages, built from the choices the database offers."""
from __future__ import annotations

import pandas as pd

from envdash.analysis.comparison import WHOLE_AREA
from envdash.analysis.options import default_metric
from envdash.present.url_state import ParamSpec
from envdash.store.queries import run_query


def metric_spec(metrics: pd.DataFrame) -> ParamSpec:
    return ParamSpec("metric", tuple(metrics.metric_id), default_metric(metrics))


# Places selected when the link names none: every prefecture-level city in one chart is unreadable
# (and slow), so the first few in display order.
DEFAULT_PLACES = 8


def places_spec(places: pd.DataFrame, name: str = "places") -> ParamSpec:
    ids = tuple(places.place_id)
    return ParamSpec(name, ids, ids[:DEFAULT_PLACES], multi=True)


def scope_spec() -> ParamSpec:
    """Compare's scope: any scope of the vocabulary or the whole area; the page keeps it to the scopes
    the chosen places report (its default depends on them, so none here)."""
    return ParamSpec("scope", (WHOLE_AREA, *run_query("scope_ids").scope_id), None)


def year_spec() -> ParamSpec:
    """Compare's one year: any year a figure touches; the page keeps it to the years offered."""
    span = run_query("figure_years")
    first, last = span.first_year.iloc[0], span.last_year.iloc[0]
    years = () if pd.isna(first) else tuple(str(year) for year in range(int(first), int(last) + 1))
    return ParamSpec("year", years, None)
