"""Values the reports imply but do not state: last year's level from a stated 同比 change, and a
share from a count stated with its whole (49个断面全部达到 → 100 %)."""
from __future__ import annotations

from functools import lru_cache

from envdash.core.periods import Period
from envdash.curation.records import Figure, stable_id


def replace(figure: Figure, **changes) -> Figure:
    """A copy of `figure` with `changes`: dataclasses.replace, without its look at every field's
    definition on every call (a build derives tens of thousands of figures)."""
    copy = object.__new__(Figure)
    copy.__dict__ = {**figure.__dict__, **changes}
    return copy


@lru_cache(maxsize=4096)
def _year_before(period: Period) -> Period:
    """The period a year earlier, once per period: figures share a handful of them."""
    return period.shifted_years(-1)


def previous_value(value: float, change: float, basis: str) -> float:
    """Level a year earlier: relative changes are percent of last year's value."""
    if basis == "relative":
        return value / (1 + change / 100)
    return value - change


def previous_value_formula(value: float, change: float, basis: str, unit: str) -> str:
    result = previous_value(value, change, basis)
    if basis == "relative":
        sign = "+" if change >= 0 else "−"
        return f"{value:g} / (1 {sign} {abs(change):g}%) = {result:.4g}"
    sign = "−" if change >= 0 else "+"
    return f"{value:g} {sign} {abs(change):g} {unit} = {result:.4g}".replace("  ", " ")


def derive_previous_year(figure: Figure, metric_unit_factor: float, unit_factor: float) -> Figure | None:
    """The year-earlier actual implied by an actual's 同比 change, or None when none is implied."""
    change = figure.change
    if change is None or figure.value is None or figure.kind != "actual" or change.versus != "previous_year":
        return None
    if change.basis == "relative" and change.value <= -100:
        return None
    value = previous_value(figure.value, change.value, change.basis)
    period = _year_before(figure.period)
    return replace(
        figure,
        figure_id=stable_id("der", figure.figure_id),
        period=period,
        value=value,
        comparator="=" if figure.comparator == "=" else "~",
        strength=None,
        change=None,
        total=None,
        value_in_metric_unit=value * unit_factor / metric_unit_factor,
        is_derived=True,
        formula=previous_value_formula(figure.value, change.value, change.basis, change.unit),
        derived_from=figure.figure_id,
    )


def share_formula(value: float, total: float) -> str:
    return f"{value:g} / {total:g} × 100% = {value / total * 100:.4g}%"


def derive_share(figure: Figure, share_metric: str) -> Figure | None:
    """The share a count stated with its whole implies (49 of 49 sections → 100 %), as a figure of
    `share_metric` with the count's place, period, kind and scope; None when no share is implied."""
    if figure.value is None or not figure.total or figure.value < 0 or figure.value > figure.total:
        return None
    share = figure.value / figure.total * 100
    return replace(
        figure,
        figure_id=stable_id("der", figure.figure_id, "share"),
        metric=share_metric,
        value=share,
        unit="%",
        change=None,
        total=None,
        value_in_metric_unit=share,
        is_derived=True,
        formula=share_formula(figure.value, figure.total),
        derived_from=figure.figure_id,
    )
