"""Every page, opened with hostile URL parameters, falls back with a notice and never fails."""
import pytest
from apptest_helpers import open_page
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

PAGE_PARAMETERS = {
    None: [],
    "trends": ["metric", "places", "tab"],
    "targets": ["places", "theme", "status"],
    "compare": ["metric", "places", "scope", "same_year", "year", "view", "focus_place", "focus_theme", "tab"],
    "sources": ["source", "focus"],
    "data": ["place", "metric", "theme", "kind", "derived", "period_from", "period_to"],
}
GLOBAL = ["lang", "present"]

hostile = st.one_of(
    st.text(alphabet=st.characters(codec="utf-8"), max_size=40),
    st.sampled_from(["'; DROP TABLE facts;--", "<script>alert(1)</script>", "x" * 3000, "\x00", "-1",
                     "99999999999999999999", "ningbo,ningbo", "[a](javascript:alert(1))", ":red[x]", "%00", "../app.py"]))


@pytest.mark.parametrize("page", list(PAGE_PARAMETERS))
@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_page_survives_hostile_parameters(page, data):
    names = PAGE_PARAMETERS[page] + GLOBAL
    params = data.draw(st.dictionaries(st.sampled_from(names), hostile, min_size=1, max_size=3))
    app = open_page(page, params.pop("lang", "en"), **params)  # asserts no exception
    assert app.title
