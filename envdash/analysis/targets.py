"""Which targets a reader asked for: every target of the chosen places, by theme and status."""
from __future__ import annotations

import pandas as pd

from envdash.core.attainment import MET, MISSED, NO_ACTUAL, NOT_ASSESSED
from envdash.store.queries import run_query

STATUSES = (MET, MISSED, NO_ACTUAL, NOT_ASSESSED)


def filter_targets(rows: pd.DataFrame, theme: str | None, statuses: list[str]) -> pd.DataFrame:
    if theme:
        rows = rows[rows.theme_id == theme]
    return rows[rows.status.isin(statuses)]


def chosen_targets(places: list[str], theme: str | None, statuses: list[str]) -> pd.DataFrame:
    """Rows of attainment_list for `places`, kept to `theme` (None: all) and `statuses`."""
    return filter_targets(run_query("attainment_list", places=places), theme, statuses)
