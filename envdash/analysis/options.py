"""Choices the analysis pages offer, read from the database (so the URL can only pick these)."""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from envdash.core.i18n import localized
from envdash.store.queries import cached_view, run_query


@dataclass(frozen=True)
class Options:
    metrics: pd.DataFrame
    places: pd.DataFrame
    # labels by (kind, lang), made once: widgets ask for every option's label on every rerun
    labels: dict = field(default_factory=dict, compare=False, repr=False)

    def metric_label(self, metric_id: str, lang: str) -> str:
        if ("metric", lang) not in self.labels:
            self.labels[("metric", lang)] = {
                row["metric_id"]: f"{localized(row, 'theme', lang)} · {localized(row, 'name', lang)}"
                for row in self.metrics.to_dict("records")}
        return self.labels[("metric", lang)][metric_id]

    def place_label(self, place_id: str, lang: str) -> str:
        if ("place", lang) not in self.labels:
            self.labels[("place", lang)] = {row["place_id"]: localized(row, "name", lang)
                                            for row in self.places.to_dict("records")}
        return self.labels[("place", lang)][place_id]

    def metric(self, metric_id: str) -> pd.Series:
        return self.metrics[self.metrics.metric_id == metric_id].iloc[0]


@cached_view
def options() -> Options:
    """What the analysis pages offer; shared by all sessions until the database changes (read only)."""
    return Options(run_query("metrics_with_figures"), run_query("places_with_figures"))


def default_metric(metrics: pd.DataFrame) -> str | None:
    """PM2.5 when it is reported, else the metric with the most actuals."""
    if (metrics.metric_id == "pm25_annual_mean").any():
        return "pm25_annual_mean"
    if metrics.empty:
        return None
    return metrics.sort_values("actuals", ascending=False).metric_id.iloc[0]


def unit_names() -> dict[str, tuple[str, str]]:
    """Each unit id's name in Chinese and English."""
    units = run_query("units")
    return {row.unit_id: (row.name_zh, row.name_en) for row in units.itertuples()}
