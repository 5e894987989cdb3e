"""Whether a target was met, from the target, its comparator, the metric's direction and the actual."""
from __future__ import annotations

import pytest

from envdash.core.attainment import MET, MISSED, NO_ACTUAL, NOT_ASSESSED, attainment_status


def test_target_at_most_29_is_met_by_26():
    result = attainment_status(29, "<=", "lower_better", 26)
    assert (result.status, result.gap) == (MET, -3)


def test_target_at_most_29_is_met_by_exactly_29():
    assert attainment_status(29, "<=", "lower_better", 29).status == MET


def test_target_at_most_29_is_missed_by_30():
    assert attainment_status(29, "<=", "lower_better", 30).status == MISSED


def test_target_at_least_95_is_met_by_100():
    assert attainment_status(95, ">=", "higher_better", 100).status == MET


def test_target_at_least_95_is_missed_by_94_9():
    assert attainment_status(95, ">=", "higher_better", 94.9).status == MISSED


def test_keep_100_percent_is_missed_by_99_with_gap_minus_1():
    # "保持100%": a bare target read by direction (higher_better) — 99 falls short by 1 point, 1 %
    result = attainment_status(100, "=", "higher_better", 99)
    assert (result.status, result.gap, result.gap_percent) == (MISSED, -1, -1)


def test_keep_100_percent_is_met_by_100():
    assert attainment_status(100, "=", "higher_better", 100).status == MET


def test_bare_lower_better_target_is_met_below_it():
    assert attainment_status(4.6, "=", "lower_better", 4.5).status == MET


def test_bare_lower_better_target_is_missed_above_it():
    assert attainment_status(4.6, "=", "lower_better", 4.7).status == MISSED


def test_more_than_target_is_not_met_by_the_number_itself():
    assert attainment_status(87, ">", "higher_better", 87).status == MISSED


def test_more_than_target_is_met_just_above():
    assert attainment_status(87, ">", "higher_better", 87.1).status == MET


def test_less_than_target_is_not_met_by_the_number_itself():
    assert attainment_status(35, "<", "lower_better", 35).status == MISSED


def test_bare_neutral_target_is_met_only_when_reached():
    assert (attainment_status(700, "=", "neutral", 700).status,
            attainment_status(700, "=", "neutral", 690).status) == (MET, MISSED)


def test_about_neutral_target_is_met_within_five_percent():
    assert (attainment_status(700, "~", "neutral", 680).status,
            attainment_status(700, "~", "neutral", 600).status) == (MET, MISSED)


def test_estimate_is_not_assessed():
    result = attainment_status(700, "=", "neutral", 700, strength="estimate")
    assert (result.status, result.gap) == (NOT_ASSESSED, None)


def test_target_without_a_value_is_not_assessed():
    assert attainment_status(None, "=", "higher_better", 90).status == NOT_ASSESSED


def test_target_without_an_actual_has_no_actual():
    result = attainment_status(29, "<=", "lower_better", None)
    assert (result.status, result.gap, result.gap_percent) == (NO_ACTUAL, None, None)


def test_gap_percent_is_relative_to_the_target():
    assert attainment_status(80, ">=", "higher_better", 88).gap_percent == pytest.approx(10)


def test_zero_target_has_no_gap_percent():
    result = attainment_status(0, "<=", "lower_better", 2)
    assert (result.status, result.gap, result.gap_percent) == (MISSED, 2, None)
