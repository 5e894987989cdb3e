"""Choices the analysis pages offer, read from the database (so the URL can only pick these)."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from envdash.i18n import localized
from envdash.queries import run_query
from envdash.url_state import ParamSpec


@dataclass(frozen=True)
class Options:
    metrics: pd.DataFrame
    places: pd.DataFrame

    def metric_label(self, metric_id: str, lang: str) -> str:
        row = self.metrics[self.metrics.metric_id == metric_id].iloc[0]
        return f"{localized(row, 'theme', lang)} · {localized(row, 'name', lang)}"

    def place_label(self, place_id: str, lang: str) -> str:
        return localized(self.places[self.places.place_id == place_id].iloc[0], "name", lang)

    def metric(self, metric_id: str) -> pd.Series:
        return self.metrics[self.metrics.metric_id == metric_id].iloc[0]


def options() -> Options:
    return Options(run_query("metrics_with_figures"), run_query("places_with_figures"))


def default_metric(metrics: pd.DataFrame) -> str | None:
    """PM2.5 when it is reported, else the metric with the most actuals."""
    if (metrics.metric_id == "pm25_annual_mean").any():
        return "pm25_annual_mean"
    if metrics.empty:
        return None
    return metrics.sort_values("actuals", ascending=False).metric_id.iloc[0]


def metric_spec(metrics: pd.DataFrame) -> ParamSpec:
    return ParamSpec("metric", tuple(metrics.metric_id), default_metric(metrics))


def places_spec(places: pd.DataFrame, name: str = "places") -> ParamSpec:
    ids = tuple(places.place_id)
    return ParamSpec(name, ids, ids, multi=True)
