"""URL parameters: anything a link carries falls back to a valid value, never raises."""
from hypothesis import given, settings
from hypothesis import strategies as st

from envdash.present.url_state import MAX_VALUE_LENGTH, ParamSpec, encode, resolve

SPECS = (ParamSpec("metric", ("pm25_annual_mean", "air_good_days_ratio"), "pm25_annual_mean"),
         ParamSpec("places", ("ningbo", "jiaxing", "cixi"), ("ningbo", "jiaxing", "cixi"), multi=True),
         ParamSpec("present", ("0", "1"), "0"))

hostile_text = st.one_of(
    st.text(max_size=300),
    st.sampled_from(["'; DROP TABLE facts;--", "<script>alert(1)</script>", "x" * 5000, "\x00\x1f\u202e",
                     "ningbo,ningbo,jiaxing", ",,,", "999999999999", "-1", "1e308", "NaN", "[x](javascript:alert(1))",
                     ":red[x]", "ningbo' OR '1'='1"]))


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(st.sampled_from(["metric", "places", "present", "other"]),
                       st.lists(hostile_text, min_size=1, max_size=4)))
def test_any_query_resolves_to_allowed_values(query):
    values, fell_back = resolve(query, SPECS)
    assert values["metric"] in SPECS[0].choices
    assert set(values["places"]) <= set(SPECS[1].choices) and values["places"]
    assert values["present"] in ("0", "1")
    for name in fell_back:
        assert name in {spec.name for spec in SPECS}


def test_unknown_value_falls_back_to_default_and_is_reported():
    values, fell_back = resolve({"metric": ["nope"]}, SPECS)
    assert values["metric"] == "pm25_annual_mean" and fell_back == ["metric"]


def test_repeated_single_parameter_keeps_the_last_valid_value():
    values, fell_back = resolve({"metric": ["pm25_annual_mean", "air_good_days_ratio"]}, SPECS)
    assert values["metric"] == "air_good_days_ratio" and fell_back == []


def test_multi_parameter_drops_unknown_items_and_reports_it():
    values, fell_back = resolve({"places": ["ningbo,evil,jiaxing"]}, SPECS)
    assert values["places"] == ("ningbo", "jiaxing") and fell_back == ["places"]


def test_overlong_value_is_refused_even_if_it_starts_like_a_valid_one():
    values, fell_back = resolve({"metric": ["pm25_annual_mean" + "x" * MAX_VALUE_LENGTH]}, SPECS)
    assert values["metric"] == "pm25_annual_mean" and fell_back == ["metric"]


def test_encode_round_trips_through_resolve():
    wanted = {"metric": "air_good_days_ratio", "places": ("cixi", "ningbo"), "present": "1"}
    encoded = encode(wanted, SPECS)
    values, fell_back = resolve({key: [value] for key, value in encoded.items()}, SPECS)
    assert values == wanted and fell_back == []
