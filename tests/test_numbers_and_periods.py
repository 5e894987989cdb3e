"""Reading numbers as the reports write them, and periods as curators write them."""
from __future__ import annotations

from datetime import date

import pytest

from envdash.core.numbers import chinese_numeral_value, read_numbers, text_states
from envdash.core.periods import PeriodError, parse_period


def _only_number(text: str):
    [mention] = read_numbers(text)
    return mention


# --- numbers -----------------------------------------------------------------------------------

def test_1_wan_mu_states_1_in_wan_mu():
    assert text_states("完成1万亩污染耕地", 1, unit_factor=10_000)


def test_1_wan_mu_states_10000_in_mu():
    assert text_states("完成1万亩污染耕地", 10_000, unit_factor=1)


def test_1_wan_mu_does_not_state_2():
    assert not text_states("完成1万亩污染耕地", 2, unit_factor=10_000)


def test_700_duo_yi_yuan_is_700_more_than_in_units_of_1e8():
    mention = _only_number("涉及总投资700多亿元")
    assert (mention.number, mention.more_than, mention.scale) == (700, True, 100_000_000)


def test_number_without_duo_is_not_more_than():
    assert _only_number("涉及总投资700亿元").more_than is False


def test_87_percent_yishang_reads_87_and_is_not_more_than():
    # 以上 includes the number: the curator writes comparator ">=", the reader must not mark it "more than"
    mention = _only_number("空气优良率保持在87%以上")
    assert (mention.number, mention.more_than, mention.scale) == (87, False, 1)


def test_decrease_of_1_46_percent_states_the_signed_change():
    assert text_states("同比下降1.46%", -1.46)


def test_decrease_of_1_46_percent_does_not_state_1_5():
    assert not text_states("同比下降1.46%", -1.5)


def test_fullwidth_digits_read_as_ascii():
    assert _only_number("综合指数４．７４").number == 4.74


def test_thousands_separator_is_read():
    assert _only_number("共12,345家企业").number == 12345


@pytest.mark.parametrize("numeral, value", [("三", 3), ("十二", 12), ("二十", 20), ("一百零五", 105), ("两千", 2000)])
def test_chinese_numeral_value(numeral, value):
    assert chinese_numeral_value(numeral) == value


def test_text_that_is_not_a_chinese_numeral_has_no_value():
    assert chinese_numeral_value("三个") is None


def test_chinese_numeral_in_text_is_read_as_a_number():
    mention = _only_number("排名第三")
    assert (mention.number, mention.is_chinese) == (3, True)


def test_arabic_only_reading_skips_chinese_numerals():
    assert [m.text for m in read_numbers("新增试点三个,共5个", include_chinese=False)] == ["5"]


# --- periods -----------------------------------------------------------------------------------

def _span(text):
    period = parse_period(text)
    return period.start, period.end


def test_year_covers_the_calendar_year():
    assert _span("2022") == (date(2022, 1, 1), date(2022, 12, 31))


def test_year_written_as_a_number_is_read_like_text():
    assert _span(2022) == _span("2022")


def test_month_range_runs_from_the_first_to_the_last_day():
    assert _span("2025-01..2025-07") == (date(2025, 1, 1), date(2025, 7, 31))


def test_day_is_a_point_in_time():
    period = parse_period("2023-08-31")
    assert (period.start, period.end, period.is_point) == (date(2023, 8, 31), date(2023, 8, 31), True)


def test_month_to_deadline_day():
    assert _span("2023-01..2023-08-31") == (date(2023, 1, 1), date(2023, 8, 31))


def test_several_years():
    assert _span("2023..2025") == (date(2023, 1, 1), date(2025, 12, 31))


def test_february_of_a_leap_year_ends_on_the_29th():
    assert _span("2024-02") == (date(2024, 2, 1), date(2024, 2, 29))


def test_29_february_of_a_leap_year_is_a_day():
    assert _span("2024-02-29") == (date(2024, 2, 29), date(2024, 2, 29))


def test_29_february_of_a_common_year_is_refused():
    with pytest.raises(PeriodError, match="not a real date"):
        parse_period("2023-02-29")


def test_month_13_is_refused():
    with pytest.raises(PeriodError, match="month 13"):
        parse_period("2022-13")


def test_period_ending_before_it_starts_is_refused():
    with pytest.raises(PeriodError, match="before it starts"):
        parse_period("2022..2021")


@pytest.mark.parametrize("text", ["foo", "", "22", "2022/01", "2022-01-01-01"])
def test_text_that_is_not_a_period_is_refused(text):
    with pytest.raises(PeriodError):
        parse_period(text)


def test_previous_year_of_a_month_range_keeps_the_months():
    assert parse_period("2025-01..2025-07").shifted_years(-1).label == "2024-01..2024-07"


def test_previous_year_of_29_february_is_28_february():
    assert parse_period("2024-02-29").shifted_years(-1).label == "2023-02-28"
