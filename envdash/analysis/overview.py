"""The overview's cards: per place, its reports, counts and headline metrics with status."""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from envdash.core.i18n import localized
from envdash.store.queries import run_query

# The six metrics every card shows where its reports give them.
HEADLINE_METRICS = ("pm25_annual_mean", "air_good_days_ratio", "air_quality_composite_index",
                    "surface_water_good_ratio", "drinking_water_source_compliance",
                    "construction_land_safe_use_ratio")


# Cards on one screen (three rows of three): with every prefecture-level city, the overview shows them a
# part at a time.
CARDS_PER_PART = 9


def part_bounds(part: int, places: int) -> tuple[int, int]:
    """Index of the first card of `part` and one past its last."""
    return part * CARDS_PER_PART, min((part + 1) * CARDS_PER_PART, places)


def parts(places: int) -> tuple[str, ...]:
    """The parts the overview's cards fall into, as URL values ("0", "1", …); one when they fit."""
    return tuple(str(part) for part in range(max(1, -(-places // CARDS_PER_PART))))


@dataclass
class Headline:
    metric_id: str
    metric_name: str
    actual: dict | None          # a row of latest_actuals
    target: dict | None          # a row of latest_targets


@dataclass
class PlaceCard:
    place: pd.Series
    sources: list[dict]          # rows of sources_list
    headlines: list[Headline] = field(default_factory=list)
    themes: list[dict] = field(default_factory=list)     # rows of directive_themes, most directives first


def _rows_by(frame: pd.DataFrame, *keys: str) -> dict[tuple, list[dict]]:
    """The frame's rows as dicts, grouped by `keys` in query order (one pass, not one filter per card)."""
    grouped: dict[tuple, list[dict]] = {}
    for row in frame.to_dict("records"):
        grouped.setdefault(tuple(row[key] for key in keys), []).append(row)
    return grouped


def _whole_area_first(rows: list[dict]) -> list[dict]:
    """Rows without a scope (the whole area) first, then by scope: the card prefers the whole area."""
    return sorted(rows, key=lambda row: (isinstance(row["scope"], str), row["scope"] if isinstance(row["scope"], str) else ""))


def place_cards(lang: str) -> list[PlaceCard]:
    places = run_query("places_summary")
    sources = _rows_by(run_query("sources_list"), "place_id")
    actuals = _rows_by(run_query("latest_actuals", metrics=list(HEADLINE_METRICS)), "place_id", "metric_id")
    targets = _rows_by(run_query("latest_targets", metrics=list(HEADLINE_METRICS)), "place_id", "metric_id")
    themes = _rows_by(run_query("directive_themes"), "place_id")
    cards = []
    for _, place in places.iterrows():
        place_id = place["place_id"]
        headlines = []
        for metric_id in HEADLINE_METRICS:
            actual_rows = actuals.get((place_id, metric_id), [])
            target_rows = targets.get((place_id, metric_id), [])
            if not actual_rows and not target_rows:
                continue
            actual = _whole_area_first(actual_rows)[0] if actual_rows else None
            target = target_rows[0] if target_rows else None
            name_row = actual if actual is not None else target
            headlines.append(Headline(metric_id, localized(name_row, "metric", lang), actual, target))
        cards.append(PlaceCard(place, sources.get((place_id,), []), headlines, themes.get((place_id,), [])))
    return cards
