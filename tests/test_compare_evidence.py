"""Compare: the default scope and its ties, the shared year, who does not report, ranks with ties and
direction, and the sentences about them in both languages, from small frames made here."""
from __future__ import annotations

import pandas as pd
import pytest

from envdash.analysis.comparison import (NAMES_LISTED, WHOLE_AREA, ComparisonEvidence, comparison_caveats,
                                         evidence_from, in_default_scopes, name_list, ordinal, rank_text,
                                         rank_values, reporting_note, scope_options, year_options)
from envdash.analysis.headlines import comparison_headline
from envdash.core.i18n import t

PLACES = {"hebei": ("河北省", "Hebei", 0), "baoding": ("保定市", "Baoding", 3), "jiaxing": ("嘉兴市", "Jiaxing", 4),
          "ningbo": ("宁波市", "Ningbo", 5), "cixi": ("慈溪市", "Cixi", 6)}
PLACE_NAMES = {place: (zh, en) for place, (zh, en, _) in PLACES.items()}
SCOPE_NAMES = {"national_controlled_sections": ("国控断面", "national-controlled sections"),
               "provincial_controlled_sections": ("省控断面", "provincial-controlled sections"),
               "city_controlled_sections": ("市控断面", "city-controlled sections"),
               "urban_districts": ("市区(设区城市)", "urban districts")}


def actual(place: str, value: float, year: int = 2023, scope: str | None = None, period: str | None = None,
           derived: bool = False) -> dict:
    """One row as compare_actuals returns it."""
    zh, en, order = PLACES[place]
    period = period or str(year)
    start = pd.Timestamp(f"{period.split('..')[0]}-01-01") if len(period.split("..")[0]) == 4 else \
        pd.Timestamp(f"{period.split('..')[0]}-01")
    scope_zh, scope_en = SCOPE_NAMES.get(scope, (None, None))
    return {"figure_id": f"fig-{place}-{scope}-{period}", "place_id": place, "place_zh": zh, "place_en": en,
            "sort_order": order, "level": "prefecture", "scope": scope, "scope_zh": scope_zh, "scope_en": scope_en,
            "year": year, "period_label": period, "period_start": start, "period_end": pd.Timestamp(f"{year}-12-31"),
            "value_std": float(value), "unit_std": "%", "comparator": "=", "is_derived": derived, "formula": None,
            "metric_id": "share", "source_id": "report"}


def frame(*rows: dict) -> pd.DataFrame:
    return pd.DataFrame(list(rows))


def evidence(rows: pd.DataFrame, direction: str = "higher_better", scope: str | None = None,
             year: int | None = None, same_year: bool = False,
             places: tuple[str, ...] = ("baoding", "jiaxing", "ningbo", "cixi")) -> ComparisonEvidence:
    return evidence_from(rows, "share", direction, places, PLACE_NAMES, scope, year, same_year)


# --- the default scope ---------------------------------------------------------------------------

def test_default_scope_is_the_one_most_places_report():
    rows = frame(actual("baoding", 100, scope="national_controlled_sections"),
                 actual("jiaxing", 90, 2022, scope="national_controlled_sections"),
                 actual("jiaxing", 95, 2024, scope="city_controlled_sections"))
    options = scope_options(rows)
    assert [(o.scope, o.places) for o in options] == [("national_controlled_sections", 2),
                                                      ("city_controlled_sections", 1)]


def test_scope_tie_goes_to_the_scope_with_the_newest_figure():
    rows = frame(actual("baoding", 100, 2023, scope="national_controlled_sections"),
                 actual("jiaxing", 100, 2022, scope="city_controlled_sections"))
    assert scope_options(rows)[0].scope == "national_controlled_sections"
    rows = frame(actual("baoding", 100, 2021, scope="national_controlled_sections"),
                 actual("jiaxing", 100, 2022, scope="city_controlled_sections"))
    assert scope_options(rows)[0].scope == "city_controlled_sections"


def test_scope_tie_in_the_same_year_goes_to_the_whole_area_then_to_the_scope_id():
    rows = frame(actual("baoding", 4.7, 2023), actual("jiaxing", 3.5, 2023, scope="urban_districts"))
    assert [o.scope for o in scope_options(rows)] == [WHOLE_AREA, "urban_districts"]
    rows = frame(actual("jiaxing", 100, 2022, scope="provincial_controlled_sections"),
                 actual("jiaxing", 100, 2022, scope="national_controlled_sections"),
                 actual("jiaxing", 100, 2022, scope="city_controlled_sections"))
    assert [o.scope for o in scope_options(rows)] == sorted(SCOPE_NAMES.keys() - {"urban_districts"})


def test_scope_order_does_not_depend_on_the_order_of_the_rows():
    rows = [actual("baoding", 100, 2023, scope="national_controlled_sections"),
            actual("jiaxing", 100, 2023, scope="city_controlled_sections"),
            actual("ningbo", 100, 2023),
            actual("cixi", 100, 2023, scope="city_controlled_sections")]
    orders = {tuple(o.scope for o in scope_options(frame(*rows[i:], *rows[:i]))) for i in range(len(rows))}
    assert orders == {("city_controlled_sections", WHOLE_AREA, "national_controlled_sections")}


def test_whole_area_is_named_in_both_languages():
    [option] = scope_options(frame(actual("baoding", 4.7)))
    assert (option.scope, option.name_zh, option.name_en) == (WHOLE_AREA, t("zh", "scope_whole_area"),
                                                              t("en", "scope_whole_area"))


def test_a_scope_not_offered_falls_back_to_the_default():
    rows = frame(actual("baoding", 100, scope="national_controlled_sections"))
    assert evidence(rows, scope="city_controlled_sections").scope == "national_controlled_sections"


# --- the shared year -------------------------------------------------------------------------------

def test_default_year_is_the_one_most_places_share_not_the_latest():
    rows = frame(actual("baoding", 80, 2022), actual("baoding", 82, 2023), actual("jiaxing", 85, 2022))
    assert [(o.year, o.places) for o in year_options(rows, WHOLE_AREA)] == [(2022, 2), (2023, 1)]


def test_year_tie_goes_to_the_latest_year_and_the_others_follow_newest_first():
    rows = frame(actual("baoding", 80, 2021), actual("baoding", 82, 2023), actual("jiaxing", 85, 2022))
    assert [o.year for o in year_options(rows, WHOLE_AREA)] == [2023, 2022, 2021]


def test_years_are_counted_within_the_chosen_scope():
    rows = frame(actual("baoding", 80, 2022), actual("jiaxing", 85, 2023, scope="urban_districts"),
                 actual("ningbo", 85, 2023, scope="urban_districts"))
    assert [(o.year, o.places) for o in year_options(rows, WHOLE_AREA)] == [(2022, 1)]
    assert [(o.year, o.places) for o in year_options(rows, "urban_districts")] == [(2023, 2)]


def test_same_year_shows_the_default_year_and_names_the_places_without_it():
    rows = frame(actual("baoding", 80, 2022), actual("baoding", 82, 2023), actual("jiaxing", 85, 2022),
                 actual("ningbo", 70, 2021))
    chosen = evidence(rows, same_year=True)
    assert chosen.year == 2022
    assert list(chosen.rows.place_id) == ["jiaxing", "baoding"]
    assert list(chosen.rows.value_std) == [85, 80]
    assert chosen.other_year == ("ningbo",) and chosen.silent == ("cixi",)
    assert chosen.mixed_years == []


def test_same_year_takes_the_year_the_reader_picked():
    rows = frame(actual("baoding", 80, 2022), actual("baoding", 82, 2023), actual("jiaxing", 85, 2022))
    chosen = evidence(rows, same_year=True, year=2023)
    assert (chosen.year, list(chosen.rows.place_id), chosen.other_year) == (2023, ["baoding"], ("jiaxing",))


def test_without_same_year_each_place_shows_its_newest_value_and_the_years_are_mixed():
    rows = frame(actual("baoding", 80, 2022), actual("baoding", 82, 2023), actual("jiaxing", 85, 2022))
    chosen = evidence(rows, year=2022)
    assert chosen.year is None
    assert dict(zip(chosen.rows.place_id, chosen.rows.value_std)) == {"baoding": 82, "jiaxing": 85}
    assert chosen.mixed_years == [2022, 2023]


# --- who reports --------------------------------------------------------------------------------

def test_places_not_on_the_bars_are_split_by_why():
    rows = frame(actual("baoding", 100, scope="national_controlled_sections"),
                 actual("baoding", 100, scope="city_controlled_sections"),
                 actual("jiaxing", 100, 2022, scope="city_controlled_sections"),
                 actual("ningbo", 90, scope="national_controlled_sections"))
    chosen = evidence(rows, scope="city_controlled_sections", places=("hebei", "baoding", "jiaxing", "ningbo", "cixi"))
    assert chosen.reporting == ("baoding", "jiaxing")
    assert chosen.other_scope == ("ningbo",) and chosen.silent == ("hebei", "cixi") and chosen.other_year == ()


def test_no_place_reporting_leaves_no_scope_and_names_everyone_silent():
    chosen = evidence(frame(actual("baoding", 1)).head(0))
    assert chosen.scope is None and chosen.rows.empty and chosen.silent == ("baoding", "jiaxing", "ningbo", "cixi")


@pytest.mark.parametrize("lang, expected", [
    ("en", "2 of the 4 chosen places report this metric (city-controlled sections); Ningbo reports it only for "
           "other scopes; Cixi does not report it."),
    ("zh", "所选4个地区中有2个填报了该指标(市控断面);宁波市仅填报了其他范围的数值;慈溪市未填报该指标。"),
])
def test_reporting_note_counts_the_places_and_names_the_others(lang, expected):
    rows = frame(actual("baoding", 100, scope="city_controlled_sections"),
                 actual("jiaxing", 100, scope="city_controlled_sections"),
                 actual("ningbo", 90, scope="national_controlled_sections"))
    chosen = evidence(rows, scope="city_controlled_sections")
    assert reporting_note(chosen, lang) == expected


@pytest.mark.parametrize("lang, expected", [
    ("en", "1 of the 4 chosen places reports this metric (whole area, 2022); Baoding has no 2022 figure for it; "
           "Ningbo and Cixi do not report it."),
    ("zh", "所选4个地区中有1个填报了该指标(全域,2022年);保定市没有2022年的数值;宁波市和慈溪市未填报该指标。"),
])
def test_reporting_note_with_one_year_names_the_places_without_that_year(lang, expected):
    rows = frame(actual("baoding", 80, 2023), actual("jiaxing", 85, 2022))
    chosen = evidence(rows, same_year=True, year=2022)
    assert reporting_note(chosen, lang) == expected


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_reporting_note_when_every_place_reports(lang):
    rows = frame(actual("baoding", 80), actual("jiaxing", 85))
    note = reporting_note(evidence(rows, places=("baoding", "jiaxing")), lang)
    assert note == t(lang, "compare_reporting_all", count=2, within=t(lang, "scope_whole_area")) + \
        t(lang, "compare_sentence_end")


def test_long_name_lists_end_in_a_count_of_the_rest():
    names = [f"P{i}" for i in range(NAMES_LISTED + 3)]
    assert name_list(names, "en") == ", ".join(names[:NAMES_LISTED]) + " and 3 others"
    assert name_list(names, "zh") == "、".join(names[:NAMES_LISTED]) + "等另外3个地区"
    assert name_list(["A", "B", "C"], "en") == "A, B and C" and name_list(["甲", "乙"], "zh") == "甲和乙"


# --- ranks --------------------------------------------------------------------------------------

def test_higher_is_better_ranks_high_values_first_and_ties_share_a_rank():
    assert list(rank_values(pd.Series([90.0, 100.0, 100.0, 80.0]), "higher_better")) == [3, 1, 1, 4]


def test_lower_is_better_ranks_low_values_first_and_ties_share_a_rank():
    assert list(rank_values(pd.Series([30.0, 26.0, 30.0, 41.0]), "lower_better")) == [2, 1, 2, 4]


def test_bars_are_best_first_with_ranks_and_tie_marks():
    rows = frame(actual("baoding", 30), actual("jiaxing", 26), actual("ningbo", 30), actual("cixi", 41))
    chosen = evidence(rows, direction="lower_better")
    assert list(zip(chosen.rows.place_id, chosen.rows["rank"], chosen.rows.rank_tied)) == [
        ("jiaxing", 1, False), ("baoding", 2, True), ("ningbo", 2, True), ("cixi", 4, False)]
    assert chosen.not_ranked_because is None


@pytest.mark.parametrize("rows, direction, reason", [
    ([actual("baoding", 30)], "lower_better", "one_place"),
    ([actual("baoding", 30), actual("jiaxing", 26)], "neutral", "neutral"),
    ([actual("baoding", 30, 2023), actual("jiaxing", 26, 2022)], "lower_better", "periods"),
    ([actual("baoding", 30, 2023), actual("jiaxing", 26, 2023, period="2023-01..2023-06")], "lower_better", "periods"),
])
def test_values_are_not_ranked_across_periods_for_a_neutral_metric_or_alone(rows, direction, reason):
    chosen = evidence(frame(*rows), direction=direction)
    assert chosen.not_ranked_because == reason and chosen.rows["rank"].isna().all()


@pytest.mark.parametrize("number, english", [(1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"), (11, "11th"),
                                             (12, "12th"), (13, "13th"), (21, "21st"), (22, "22nd"), (111, "111th")])
def test_english_ordinals(number, english):
    assert ordinal(number, "en") == english and ordinal(number, "zh") == f"第{number}"


@pytest.mark.parametrize("lang, tied, expected", [("en", False, "2nd of 3 reporting"), ("en", True, "tied 2nd of 3 reporting"),
                                                  ("zh", False, "3个填报地区中第2"), ("zh", True, "3个填报地区中并列第2")])
def test_rank_text(lang, tied, expected):
    assert rank_text(2, 3, tied, lang) == expected


# --- headlines ------------------------------------------------------------------------------------

def headline(rows: pd.DataFrame, direction: str, lang: str, scope: str | None = None, same_year: bool = False,
             year: int | None = None) -> str:
    chosen = evidence(rows, direction=direction, scope=scope, same_year=same_year, year=year)
    return comparison_headline(chosen.rows, "Share" if lang == "en" else "比例", direction, lang, None)


@pytest.mark.parametrize("lang, expected", [
    ("en", "Jiaxing has the lowest Share (whole area, 2023) of the 3 places reporting: 26%."),
    ("zh", "在3个填报地区中,嘉兴市的比例(全域,2023年)最低,为26%。"),
])
def test_lowest_names_the_one_best_place_of_one_scope_and_year(lang, expected):
    rows = frame(actual("baoding", 30), actual("jiaxing", 26), actual("ningbo", 41))
    assert headline(rows, "lower_better", lang) == expected


@pytest.mark.parametrize("lang, expected", [
    ("en", "Ningbo has the highest Share (whole area, 2023) of the 3 places reporting: 41%."),
    ("zh", "在3个填报地区中,宁波市的比例(全域,2023年)最高,为41%。"),
])
def test_highest_follows_the_direction(lang, expected):
    rows = frame(actual("baoding", 30), actual("jiaxing", 26), actual("ningbo", 41))
    assert headline(rows, "higher_better", lang) == expected


@pytest.mark.parametrize("lang, expected", [
    ("en", "Baoding and Ningbo share the highest Share (national-controlled sections, 2023) of the 3 places "
           "reporting: 100%."),
    ("zh", "在3个填报地区中,保定市和宁波市的比例(国控断面,2023年)并列最高,均为100%。"),
])
def test_a_shared_best_value_names_every_place_that_has_it(lang, expected):
    rows = frame(*(actual(p, v, scope="national_controlled_sections")
                   for p, v in (("baoding", 100), ("jiaxing", 96), ("ningbo", 100))))
    assert headline(rows, "higher_better", lang) == expected


@pytest.mark.parametrize("lang, expected", [
    ("en", "All 2 places reporting Share (whole area, 2023) stand at the same value: 100%."),
    ("zh", "2个填报地区的比例(全域,2023年)相同,均为100%。"),
])
def test_equal_values_name_no_best_place(lang, expected):
    assert headline(frame(actual("baoding", 100), actual("jiaxing", 100)), "higher_better", lang) == expected


@pytest.mark.parametrize("lang, expected", [
    ("en", "2 places report Share, but for different periods (2022 and 2023): they are not ranked against each other."),
    ("zh", "2个地区填报了比例,但时期(2022年和2023年)不同,不作排名。"),
])
def test_different_years_are_not_ranked_and_the_sentence_says_so(lang, expected):
    rows = frame(actual("baoding", 100, 2023), actual("jiaxing", 90, 2022))
    assert headline(rows, "higher_better", lang) == expected


@pytest.mark.parametrize("lang, expected", [
    ("en", "2 places report Share, but for different scopes (whole area and urban districts) and periods "
           "(2022 and 2023): they are not ranked against each other."),
    ("zh", "2个地区填报了比例,但范围(全域和市区(设区城市))和时期(2022年和2023年)不同,不作排名。"),
])
def test_rows_of_different_scopes_are_never_ranked(lang, expected):
    # the page never puts two scopes on one chart; a copy of the rows (a slide) still reads right
    rows = pd.concat([evidence(frame(actual("baoding", 4.7, 2023))).rows,
                      evidence(frame(actual("jiaxing", 3.5, 2022, scope="urban_districts"))).rows])
    sentence = comparison_headline(rows, "Share" if lang == "en" else "比例", "lower_better", lang, None)
    assert sentence == expected


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_same_year_makes_the_years_comparable_again(lang):
    rows = frame(actual("baoding", 80, 2022), actual("baoding", 99, 2023), actual("jiaxing", 85, 2022))
    mixed = headline(rows, "higher_better", lang)
    one_year = headline(rows, "higher_better", lang, same_year=True)
    assert t(lang, "compare_headline_differ_periods", periods="")[:2] in mixed
    assert ("Jiaxing" if lang == "en" else "嘉兴市") in one_year and "85%" in one_year and "99%" not in one_year


@pytest.mark.parametrize("lang, expected", [
    ("en", "Baoding: Share (national-controlled sections) 100% (2023)."),
    ("zh", "保定市:比例(国控断面)为100%(2023年)。"),
])
def test_one_place_is_stated_with_its_scope_and_no_rank(lang, expected):
    rows = frame(actual("baoding", 100, scope="national_controlled_sections"),
                 actual("jiaxing", 100, scope="city_controlled_sections"))
    assert headline(rows, "higher_better", lang, scope="national_controlled_sections") == expected


@pytest.mark.parametrize("lang, expected", [
    ("en", "3 places report Share (whole area, 2023), from 26% to 41%; neither higher nor lower is better."),
    ("zh", "3个地区填报了比例(全域,2023年),数值从26%到41%;该指标无高低优劣之分。"),
])
def test_a_neutral_metric_gives_the_range_not_a_best_place(lang, expected):
    rows = frame(actual("baoding", 30), actual("jiaxing", 26), actual("ningbo", 41))
    assert headline(rows, "neutral", lang) == expected


# --- what a slide must carry -------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "zh"])
def test_caveats_carry_the_scope_the_mixed_years_and_who_reports(lang):
    rows = frame(actual("baoding", 82, 2023, scope="city_controlled_sections"),
                 actual("jiaxing", 85, 2022, scope="city_controlled_sections"))
    chosen = evidence(rows)
    caveats = comparison_caveats(chosen, lang)
    assert caveats == [t(lang, "compare_caveat_scope", scope=SCOPE_NAMES["city_controlled_sections"][lang == "en"]),
                       t(lang, "compare_mixed_years", years="2022, 2023"), reporting_note(chosen, lang)]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_caveats_carry_the_one_year_when_asked_for(lang):
    rows = frame(actual("baoding", 82, 2023), actual("jiaxing", 85, 2023))
    caveats = comparison_caveats(evidence(rows, same_year=True), lang)
    assert caveats[1] == t(lang, "compare_caveat_year", year=2023)


def test_small_multiples_keep_each_metric_to_its_default_scope():
    rows = pd.concat([frame(actual("baoding", 100, scope="national_controlled_sections"),
                            actual("jiaxing", 100, 2022, scope="national_controlled_sections"),
                            actual("jiaxing", 98, 2022, scope="city_controlled_sections")),
                      frame(actual("baoding", 4.7), actual("jiaxing", 3.5, scope="urban_districts"),
                            actual("ningbo", 3.9, scope="urban_districts")).assign(metric_id="index")])
    kept = in_default_scopes(rows)
    assert sorted(zip(kept.metric_id, kept.place_id, kept.scope_key)) == [
        ("index", "jiaxing", "urban_districts"), ("index", "ningbo", "urban_districts"),
        ("share", "baoding", "national_controlled_sections"), ("share", "jiaxing", "national_controlled_sections")]
