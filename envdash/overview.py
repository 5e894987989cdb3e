"""The overview's cards: per place, its reports, counts and headline metrics with status."""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from envdash.i18n import localized
from envdash.queries import run_query

# The six metrics every card shows where its reports give them.
HEADLINE_METRICS = ("pm25_annual_mean", "air_good_days_ratio", "air_quality_composite_index",
                    "surface_water_good_ratio", "drinking_water_source_compliance",
                    "construction_land_safe_use_ratio")


@dataclass
class Headline:
    metric_id: str
    metric_name: str
    actual: pd.Series | None
    target: pd.Series | None


@dataclass
class PlaceCard:
    place: pd.Series
    sources: pd.DataFrame
    headlines: list[Headline] = field(default_factory=list)
    themes: pd.DataFrame | None = None


def place_cards(lang: str) -> list[PlaceCard]:
    places = run_query("places_summary")
    sources = run_query("sources_list")
    actuals = run_query("latest_actuals", metrics=list(HEADLINE_METRICS))
    targets = run_query("latest_targets", metrics=list(HEADLINE_METRICS))
    themes = run_query("directive_themes")
    cards = []
    for _, place in places.iterrows():
        place_id = place["place_id"]
        headlines = []
        for metric_id in HEADLINE_METRICS:
            actual_rows = actuals[(actuals.place_id == place_id) & (actuals.metric_id == metric_id)]
            target_rows = targets[(targets.place_id == place_id) & (targets.metric_id == metric_id)]
            if actual_rows.empty and target_rows.empty:
                continue
            # prefer the whole-area figure when several scopes are reported
            actual = actual_rows.sort_values("scope", na_position="first").iloc[0] if not actual_rows.empty else None
            target = target_rows.iloc[0] if not target_rows.empty else None
            name_row = actual if actual is not None else target
            headlines.append(Headline(metric_id, localized(name_row, "metric", lang), actual, target))
        cards.append(PlaceCard(place, sources[sources.place_id == place_id], headlines,
                               themes[themes.place_id == place_id]))
    return cards
