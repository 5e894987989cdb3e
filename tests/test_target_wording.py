"""Sentences about a target say what its evidence says, in both languages, for every status, direction
and comparator: the numbers and years of the evidence, its status word, and never "met" unless met."""
from __future__ import annotations

import math
import re
from dataclasses import replace

import pandas as pd
import pytest

from envdash.analysis.headlines import (earlier_value_note, places_without_figures_note, target_clause,
                                        target_sentence, targets_headline, trend_headline)
from envdash.analysis.targets import TargetEvidence, assess_target, evidence_from_row, with_evidence
from envdash.core.attainment import AT_LEVEL_EARLIER, EVIDENCE_STATUSES, MET, MISSED, NO_ACTUAL, NOT_ASSESSED
from envdash.core.formatting import format_number, format_value

UNITS = {"µg/m³": ("微克/立方米", "µg/m³"), "%": ("%", "%")}
PLACE = ("嘉兴市", "Jiaxing")
METRIC = ("PM2.5年均浓度", "PM2.5 annual mean")
TARGET = 26.0
COMPARATORS = ("<=", "<", ">=", ">", "=")
DIRECTIONS = ("lower_better", "higher_better")
LANGS = ("zh", "en")

# Words that say a target was met; none may appear unless the evidence's status is MET.
MET_WORDS = {"en": re.compile(r"\b(met|meets|meeting|achieved|achieves)\b", re.IGNORECASE),
             "zh": re.compile(r"已达到|已达成|已达标|已完成")}
# The words each status must be worded with (target year 2023).
STATUS_WORDS = {
    MET: {"en": ["meeting the 2023 target"], "zh": ["已达成2023年目标"]},
    MISSED: {"en": ["so the target was missed"], "zh": ["未达成目标"]},
    NO_ACTUAL: {"en": ["no 2023 figure yet"], "zh": ["尚无2023年数据"]},
    AT_LEVEL_EARLIER: {"en": ["no 2023 figure yet", "already at the 2023 target level"],
                       "zh": ["尚无2023年数据", "已处于2023年目标水平"]},
    NOT_ASSESSED: {"en": ["is an estimate, so it is not assessed"], "zh": ["为预计值，不作评估"]},
}


def good_side(comparator: str, direction: str) -> int:
    """+1 where values above the target meet it, −1 where values below do (written out, not the rule's code)."""
    if comparator in ("<=", "<"):
        return -1
    if comparator in (">=", ">"):
        return 1
    return -1 if direction == "lower_better" else 1


def shown(value: float, unit: str, lang: str, comparator: str = "=") -> str:
    """A value as the sentences write it (Chinese without spaces)."""
    text = format_value(value, unit, lang, UNITS, comparator)
    return text.replace("\u00a0", "") if lang == "zh" else text


def evidence_cases():
    """(case id, evidence) for every status × direction × comparator, with and without an earlier value."""
    for comparator in COMPARATORS:
        for direction in DIRECTIONS:
            side = good_side(comparator, direction)
            good, bad = TARGET + 2 * side, TARGET - 3 * side

            def make(own=None, earlier=None, strength=None):
                return assess_target(PLACE, METRIC, "2023", TARGET, comparator, "µg/m³", direction, own, earlier,
                                     strength)

            combo = f"{comparator}-{direction}"
            yield f"met-{combo}", MET, make(own=(good, "2023"))
            yield f"missed-{combo}", MISSED, make(own=(bad, "2023"))
            yield f"at-level-earlier-{combo}", AT_LEVEL_EARLIER, make(earlier=(good, "2022"))
            yield f"no-actual-earlier-off-level-{combo}", NO_ACTUAL, make(earlier=(bad, "2022"))
            yield f"no-actual-{combo}", NO_ACTUAL, make()
            yield f"not-assessed-{combo}", NOT_ASSESSED, make(strength="estimate")
            yield f"not-assessed-with-actual-{combo}", NOT_ASSESSED, make(own=(good, "2023"), strength="estimate")
            if comparator in ("<", ">"):
                # level with a strict target: missed, and not "at" it
                yield f"missed-level-{combo}", MISSED, make(own=(TARGET, "2023"))
                yield f"no-actual-earlier-level-{combo}", NO_ACTUAL, make(earlier=(TARGET, "2022"))


CASES = list(evidence_cases())


def test_the_cases_cover_every_status_direction_and_comparator():
    covered = {(status, evidence.comparator, evidence.direction) for _, status, evidence in CASES}
    assert covered == {(s, c, d) for s in EVIDENCE_STATUSES for c in COMPARATORS for d in DIRECTIONS}


@pytest.mark.parametrize("case, status, evidence", CASES, ids=[case for case, _, _ in CASES])
def test_the_attainment_rule_gives_the_expected_status(case, status, evidence):
    assert evidence.status == status


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("case, status, evidence", CASES, ids=[case for case, _, _ in CASES])
def test_sentence_states_the_evidence(case, status, evidence, lang):
    sentence = target_sentence(evidence, lang, UNITS)
    names = 0 if lang == "zh" else 1
    assert sentence.startswith(PLACE[names]) and METRIC[names] in sentence
    assert shown(evidence.target_value, evidence.unit, lang, evidence.comparator) in sentence
    assert "2023" in sentence
    for words in STATUS_WORDS[status][lang]:
        assert words in sentence
    if evidence.actual_value is not None:
        assert shown(evidence.actual_value, evidence.unit, lang) in sentence
        assert evidence.actual_period in sentence
    else:
        assert "2022" not in sentence


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("case, status, evidence", CASES, ids=[case for case, _, _ in CASES])
def test_sentence_says_met_only_when_met(case, status, evidence, lang):
    sentence = target_sentence(evidence, lang, UNITS)
    found = MET_WORDS[lang].findall(sentence)
    if status == MET:
        assert found
        assert "missed" not in sentence and "未达成" not in sentence
    else:
        assert not found, f"{status}: {sentence}"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("case, status, evidence",
                         [c for c in CASES if c[1] == MISSED or (c[1] == NO_ACTUAL and c[2].actual_value is not None)],
                         ids=[c[0] for c in CASES if c[1] == MISSED or (c[1] == NO_ACTUAL and c[2].actual_value is not None)])
def test_an_actual_off_the_target_says_by_how_much_and_on_which_side(case, status, evidence, lang):
    sentence = target_sentence(evidence, lang, UNITS)
    gap = evidence.actual_value - evidence.target_value
    words = {"en": ("above", "below", "level with"), "zh": ("高", "低", "持平")}[lang]
    if gap > 0:
        assert words[0] in sentence and shown(gap, evidence.unit, lang) in sentence
    elif gap < 0:
        assert words[1] in sentence and shown(-gap, evidence.unit, lang) in sentence
    else:
        assert words[2] in sentence
        asks = {"en": ("asks for less", "asks for more"), "zh": ("要求更低", "要求更高")}[lang]
        assert asks[0 if evidence.comparator == "<" else 1] in sentence


def test_seed_example_in_both_languages():
    evidence = assess_target(PLACE, METRIC, "2023", 26, "<=", "µg/m³", "lower_better", earlier_actual=(26, "2022"))
    assert target_clause(evidence, "en", UNITS) == (
        "no 2023 figure yet; the 2022 value, 26\u00a0µg/m³, is already at the 2023 target level (≤\u00a026\u00a0µg/m³)")
    assert target_clause(evidence, "zh", UNITS) == "尚无2023年数据；2022年为26微克/立方米，已处于2023年目标水平（≤26微克/立方米）"


def test_gap_between_percentages_is_in_percentage_points():
    evidence = assess_target(PLACE, ("优良天数比率", "good-air days"), "2023", 87.5, ">=", "%", "higher_better",
                             own_actual=(85, "2023"))
    assert "2.5 percentage points below the 2023 target (≥\u00a087.5%)" in target_sentence(evidence, "en", UNITS)
    assert "低2.5个百分点" in target_sentence(evidence, "zh", UNITS)


def test_a_value_dated_at_a_day_reads_as_of_that_day():
    evidence = assess_target(PLACE, METRIC, "2023", 26, "<=", "µg/m³", "lower_better",
                             earlier_actual=(25, "2022-12-31"))
    assert "the value as of 31 Dec 2022, 25\u00a0µg/m³, is already at" in target_sentence(evidence, "en", UNITS)
    assert "截至2022年12月31日为25微克/立方米" in target_sentence(evidence, "zh", UNITS)


@pytest.mark.parametrize("status", [MET, MISSED])
def test_met_or_missed_cannot_rest_on_an_earlier_actual(status):
    evidence = assess_target(PLACE, METRIC, "2023", 26, "<=", "µg/m³", "lower_better", earlier_actual=(20, "2022"))
    with pytest.raises(ValueError, match="needs an actual for its own period"):
        target_clause(replace(evidence, status=status), "en", UNITS)


@pytest.mark.parametrize("lang, at_level, off_level", [
    ("en", "the 2022 value, 26\u00a0µg/m³, is already at this target level",
     "the 2022 value, 29\u00a0µg/m³, is not yet at this target level"),
    ("zh", "2022年为26微克/立方米，已处于该目标水平", "2022年为29微克/立方米，尚未达到该目标水平"),
])
def test_earlier_value_note_says_where_the_earlier_value_stands(lang, at_level, off_level):
    def note(earlier):
        return earlier_value_note(assess_target(PLACE, METRIC, "2023", 26, "<=", "µg/m³", "lower_better",
                                                earlier_actual=(earlier, "2022")), lang, UNITS)
    assert note(26) == at_level
    assert note(29) == off_level
    own = assess_target(PLACE, METRIC, "2023", 26, "<=", "µg/m³", "lower_better", own_actual=(24, "2023"))
    assert earlier_value_note(own, lang, UNITS) == ""


def _attainment_row(**values) -> dict:
    row = {"place_id": "jiaxing", "place_zh": PLACE[0], "place_en": PLACE[1], "metric_id": "pm25_annual_mean",
           "metric_zh": METRIC[0], "metric_en": METRIC[1], "period_label": "2023",
           "period_end": pd.Timestamp(2023, 12, 31), "target_value": 26.0, "comparator": "<=", "unit_std": "µg/m³",
           "direction": "lower_better", "status": NO_ACTUAL, "actual_value": math.nan, "actual_period_label": None,
           "previous_actual_value": 26.0, "previous_period_label": "2022", "previous_meets": True}
    return {**row, **values}


def test_evidence_of_a_stored_row_with_only_an_earlier_value():
    evidence = evidence_from_row(_attainment_row())
    assert (evidence.status, evidence.actual_value, evidence.actual_period, evidence.actual_is_earlier) == \
        (AT_LEVEL_EARLIER, 26.0, "2022", True)


def test_evidence_of_a_stored_row_prefers_its_own_periods_actual():
    evidence = evidence_from_row(_attainment_row(status=MISSED, actual_value=27.0, actual_period_label="2023"))
    assert (evidence.status, evidence.actual_value, evidence.actual_period, evidence.actual_is_earlier) == \
        (MISSED, 27.0, "2023", False)


def test_evidence_columns_mark_earlier_values_and_keep_the_stored_status():
    rows = with_evidence(pd.DataFrame([
        _attainment_row(),
        _attainment_row(status=MET, actual_value=25.0, actual_period_label="2023"),
        _attainment_row(previous_actual_value=math.nan, previous_period_label=None, previous_meets=None)]))
    assert list(rows.status) == [NO_ACTUAL, MET, NO_ACTUAL]
    assert list(rows.evidence_status) == [AT_LEVEL_EARLIER, MET, NO_ACTUAL]
    assert list(rows.evidence_is_earlier) == [True, False, False]
    assert list(rows.evidence_period_label[:2]) == ["2022", "2023"] and pd.isna(rows.evidence_period_label.iloc[2])
    assert rows.evidence_value.iloc[0] == 26 and rows.evidence_value.iloc[1] == 25
    assert math.isnan(rows.evidence_value.iloc[2])


@pytest.mark.parametrize("lang, expected", [
    ("en", "3 targets across 1 place: 1 met, 0 missed, 2 with no actual for their own period yet (1 of these "
           "already at the target level by an earlier figure)."),
    ("zh", "1个地区共3项目标：已达成1项，未达成0项，2项本期尚无实际值（其中1项此前的数值已处于目标水平）。"),
])
def test_targets_headline_counts_earlier_values_apart_from_met(lang, expected):
    rows = pd.DataFrame([
        _attainment_row(),
        _attainment_row(status=MET, actual_value=25.0, actual_period_label="2023", previous_meets=True),
        _attainment_row(previous_actual_value=math.nan, previous_period_label=None, previous_meets=None)])
    assert targets_headline(rows, lang) == expected


@pytest.mark.parametrize("lang, names, expected", [
    ("en", ["Baoding", "Ningbo"], "Baoding and Ningbo report no figure for this metric."),
    ("en", ["Baoding", "Ningbo", "Cixi"], "Baoding, Ningbo and Cixi report no figure for this metric."),
    ("en", ["Baoding"], "Baoding reports no figure for this metric."),
    ("zh", ["保定市", "宁波市"], "保定市和宁波市未报告该指标的数据。"),
    ("zh", ["保定市", "宁波市", "慈溪市"], "保定市、宁波市和慈溪市未报告该指标的数据。"),
    ("en", [], ""),
])
def test_places_without_figures_are_named(lang, names, expected):
    assert places_without_figures_note(names, lang) == expected


def _point(period: str, value: float, kind: str = "actual") -> dict:
    year = int(period)
    return {"place_id": "jiaxing", "place_zh": PLACE[0], "place_en": PLACE[1], "kind": kind, "period_label": period,
            "period_end": pd.Timestamp(year, 12, 31), "value_std": value, "unit_std": "µg/m³", "comparator": "=",
            "is_derived": False}


@pytest.mark.parametrize("lang", LANGS)
def test_trend_headline_rests_on_the_targets_evidence(lang):
    points = pd.DataFrame([_point("2022", 26.0), _point("2023", 26.0, "target")])
    headline = trend_headline(points, pd.DataFrame([_attainment_row()]), METRIC[0 if lang == "zh" else 1], lang, UNITS)
    evidence = evidence_from_row(_attainment_row())
    assert headline == target_sentence(evidence, lang, UNITS)
    assert not MET_WORDS[lang].search(headline)


@pytest.mark.parametrize("lang", LANGS)
def test_trend_headline_gives_a_newer_actual_before_the_target(lang):
    points = pd.DataFrame([_point("2022", 26.0), _point("2024", 24.0)])
    met_2023 = _attainment_row(status=MET, actual_value=25.0, actual_period_label="2023")
    headline = trend_headline(points, pd.DataFrame([met_2023]), METRIC[0 if lang == "zh" else 1], lang, UNITS)
    assert headline.endswith(target_sentence(evidence_from_row(met_2023), lang, UNITS))
    assert shown(24, "µg/m³", lang) in headline and "2024" in headline
    assert headline.index("2024") < headline.index(format_number(25))
