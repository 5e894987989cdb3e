"""The places a map of one metric shows: every place with a report, the figure it has (if any),
and where that figure lies between the worst and the best of them."""
from __future__ import annotations

import pandas as pd

# Drawn in this order, so a county lies on its city and a city on its province.
LEVEL_ORDER = {"province": 0, "prefecture": 1, "county": 2}
_FIGURE_COLUMNS = ("figure_id", "value_std", "unit_std", "comparator", "period_label", "scope", "scope_zh", "scope_en",
                   "source_id", "source_title_zh", "source_title_en", "published")


# Why a place on the map has no figure: none of the metric at all, only in another scope than the
# one compared, or none for the year asked for.
ABSENCES = ("silent", "other_scope", "other_year")


def absences(evidence) -> dict[str, str]:
    """Each chosen place without a bar, by why it has none (a ComparisonEvidence; {} for None)."""
    if evidence is None:
        return {}
    return {**{place: "silent" for place in evidence.silent},
            **{place: "other_scope" for place in evidence.other_scope},
            **{place: "other_year" for place in evidence.other_year}}


def places_on_map(rows: pd.DataFrame, places: pd.DataFrame, why_absent: dict[str, str] | None = None) -> pd.DataFrame:
    """`places` (rows of places_summary) with the figure `rows` give each (one per place; the first
    is kept if there are more), province first, county last.

    `has_figure` says whether a place has one (its figure columns are empty otherwise), and
    `absence` why not, from `why_absent` ("silent" where it does not say).
    """
    columns = [column for column in _FIGURE_COLUMNS if column in rows.columns]
    figures = rows.drop_duplicates("place_id")[["place_id", *columns]] if not rows.empty else \
        pd.DataFrame(columns=["place_id", *columns])
    shown = places[["place_id", "name_zh", "name_en", "level"]].merge(figures, on="place_id", how="left")
    shown["has_figure"] = shown["value_std"].notna() if "value_std" in shown else False
    shown["absence"] = [None if has else (why_absent or {}).get(place, "silent")
                        for place, has in zip(shown.place_id, shown.has_figure)]
    shown["level_order"] = shown["level"].map(LEVEL_ORDER).fillna(len(LEVEL_ORDER))
    return shown.sort_values("level_order", kind="stable").drop(columns="level_order").reset_index(drop=True)


def goodness(values: pd.Series, direction: str) -> pd.Series:
    """Each value's place between the worst (0) and the best (1) of `values`, so that one end of a
    colour scale always means "better"; for a neutral metric 1 is the highest. All equal (or one
    value): 0.5, since nothing is compared. Missing values stay missing."""
    numbers = pd.to_numeric(values, errors="coerce")
    low, high = numbers.min(), numbers.max()
    if pd.isna(low) or high == low:
        return numbers.where(numbers.isna(), 0.5)
    share = (numbers - low) / (high - low)
    return 1 - share if direction == "lower_better" else share
