"""The trend chart's reference lines span exactly its years, and no value label sits on another label,
a marker, a reference line or its label, at any plot size the layout is made for."""
from __future__ import annotations

import itertools

import pandas as pd
import pytest

from envdash.present.charts import trend_chart
from envdash.present.label_layout import (Box, Frame, annotation_box, frames, text_box)
from envdash.present.style import chart_sizes

UNITS = {"µg/m³": ("微克/立方米", "µg/m³")}
NAMES = {"jiaxing": ("嘉兴市", "Jiaxing"), "cixi": ("慈溪市", "Cixi"), "ningbo": ("宁波市", "Ningbo"),
         "baoding": ("保定市", "Baoding")}


def point(place: str, year: int, value: float, kind: str = "actual", comparator: str = "=", derived: bool = False,
          scope: str | None = None) -> dict:
    return {"figure_id": f"{place}-{year}-{kind}-{value}-{scope}", "place_id": place, "place_zh": NAMES[place][0],
            "place_en": NAMES[place][1], "kind": kind, "period_label": str(year),
            "period_start": pd.Timestamp(year, 1, 1), "period_end": pd.Timestamp(year, 12, 31), "value_std": value,
            "unit_std": "µg/m³", "comparator": comparator, "is_derived": derived, "formula": None, "scope": scope, "scope_zh": scope, "scope_en": scope,
            "source_title_zh": "报告", "source_title_en": "Report", "published": pd.Timestamp(2023, 5, 18)}


def references(averages: dict[int, float]) -> pd.DataFrame:
    rows = [{"kind": "standard", "value": 35.0, "year": None, "label_zh": "国家二级标准",
             "label_en": "National Grade II standard", "source": "GB 3095-2012"},
            {"kind": "standard", "value": 15.0, "year": None, "label_zh": "国家一级标准",
             "label_en": "National Grade I standard", "source": "GB 3095-2012"},
            {"kind": "guideline", "value": 5.0, "year": None, "label_zh": "世卫组织指导值", "label_en": "WHO guideline",
             "source": "WHO 2021"}]
    rows += [{"kind": "national_average", "value": value, "year": year, "label_zh": "全国平均",
              "label_en": "National average", "source": "MEE"} for year, value in averages.items()]
    frame = pd.DataFrame(rows)
    frame["year"] = frame["year"].astype("Int64")
    return frame


# The seed data's PM2.5 view: Cixi's 2022 target (≤ 29) sits on the 2022 national average (29).
SEED_POINTS = pd.DataFrame([point("cixi", 2022, 29.0, "target", "<="), point("jiaxing", 2022, 26.0),
                            point("jiaxing", 2023, 26.0, "target", "<=")])
SEED_REFERENCES = references({2022: 29.0, 2023: 30.0, 2024: 29.3, 2025: 28.0})


def chart(points=SEED_POINTS, refs=SEED_REFERENCES, lang="en", present=False):
    return trend_chart(points, refs, "PM2.5", "µg/m³", lang, present, UNITS)


def _days(moment) -> float:
    return (pd.Timestamp(moment) - pd.Timestamp(1970, 1, 1)) / pd.Timedelta(days=1)


def layout_frames(figure) -> list[Frame]:
    x_range = tuple(_days(x) for x in figure.layout.xaxis.range)
    present = figure.layout.height == chart_sizes(True).height
    return frames(x_range, tuple(figure.layout.yaxis.range), figure.layout.height, present)


def drawn_labels(figure, frame: Frame) -> list[tuple[str, str, Box]]:
    """(trace name, text, box) of every value label as the figure places it."""
    labels = []
    for trace in figure.data:
        if trace.mode != "markers+text":
            continue
        positions = trace.textposition if isinstance(trace.textposition, tuple) else [trace.textposition] * len(trace.x)
        for x, y, text, position in zip(trace.x, trace.y, trace.text, positions):
            if text:
                px, py = frame.px(_days(x), y)
                labels.append((trace.name, text, text_box(position, px, py, text.replace("&amp;", "&"),
                                                          trace.textfont.size, trace.marker.size)))
    return labels


def reference_labels(figure, frame: Frame) -> list[Box]:
    return [annotation_box(frame, _days(a.x), a.y, a.text, a.font.size, a.xanchor, a.yanchor, a.yshift)
            for a in figure.layout.annotations if (a.name or "").startswith("reference:")]


def markers(figure, frame: Frame) -> list[tuple[str, Box]]:
    boxes = []
    for trace in figure.data:
        if "markers" not in (trace.mode or ""):
            continue
        for x, y in zip(trace.x, trace.y):
            px, py = frame.px(_days(x), y)
            half = trace.marker.size / 2
            boxes.append((trace.name, Box(px - half, py - half, px + half, py + half)))
    return boxes


def lines(figure, frame: Frame) -> list[tuple[float, float, float, float]]:
    """Reference lines and the national average's segments, in px."""
    segments = [(*frame.px(_days(s.x0), s.y0), *frame.px(_days(s.x1), s.y1)) for s in figure.layout.shapes]
    for trace in figure.data:
        if trace.mode == "lines+markers":
            ends = [frame.px(_days(x), y) for x, y in zip(trace.x, trace.y)]
            segments += [(*a, *b) for a, b in zip(ends, ends[1:])]
    return segments


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_reference_lines_span_exactly_the_charts_years(lang):
    figure = chart(lang=lang)
    assert len(figure.layout.shapes) == 3
    for shape in figure.layout.shapes:
        assert (pd.Timestamp(shape.x0), pd.Timestamp(shape.x1)) == (pd.Timestamp(2022, 1, 1), pd.Timestamp(2023, 12, 31))
        assert shape.xref == "x" and shape.y0 == shape.y1
    low, high = (pd.Timestamp(x) for x in figure.layout.xaxis.range)
    assert low < pd.Timestamp(2022, 1, 1) and high > pd.Timestamp(2023, 12, 31)


def test_national_average_keeps_to_the_charts_years():
    average = next(trace for trace in chart().data if trace.mode == "lines+markers")
    assert [pd.Timestamp(x).year for x in average.x] == [2022, 2023]
    assert list(average.y) == [29.0, 30.0]


def test_national_average_outside_the_charts_years_is_not_drawn():
    figure = chart(refs=references({2019: 40.0, 2025: 28.0}))
    assert not [trace for trace in figure.data if trace.mode == "lines+markers"]


@pytest.mark.parametrize("present", [False, True], ids=["normal", "presenter"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_seed_view_labels_sit_on_nothing(lang, present):
    figure = chart(lang=lang, present=present)
    assert_labels_clear(figure)


def assert_labels_clear(figure):
    for frame in layout_frames(figure):
        labels = drawn_labels(figure, frame)
        references_ = reference_labels(figure, frame)
        for (name, text, box), (other_name, other_text, other) in itertools.combinations(labels, 2):
            assert not box.overlaps(other, pad=0), f"{name} {text} on {other_name} {other_text} ({frame})"
        for name, text, box in labels:
            assert 0 <= box.left and box.right <= frame.width and 0 <= box.top and box.bottom <= frame.height, \
                f"{name} {text} outside the plot ({frame})"
            for reference in references_:
                assert not box.overlaps(reference, pad=0), f"{name} {text} on a reference label ({frame})"
            for marker_name, marker in markers(figure, frame):
                assert not box.overlaps(marker, pad=0), f"{name} {text} on a marker of {marker_name} ({frame})"
            for segment in lines(figure, frame):
                assert not box.crosses(*segment, pad=0), f"{name} {text} on a line ({frame})"
        for reference, other in itertools.combinations(references_, 2):
            assert not reference.overlaps(other, pad=0)


def test_the_seed_targets_naive_label_would_sit_on_the_national_average():
    """What the layout avoids: Cixi's label to the right of its marker lies on the national average's line."""
    figure = chart()
    frame = layout_frames(figure)[0]
    px, py = frame.px(_days(pd.Timestamp(2022, 7, 2)), 29.0)
    naive = text_box("middle right", px, py, "≤\u00a029\u00a0µg/m³", chart_sizes(False).base, chart_sizes(False).marker + 4)
    assert any(naive.crosses(*segment, pad=0) for segment in lines(figure, frame))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_one_target_value_shared_by_four_places_is_labelled_once_in_grey(lang):
    points = pd.DataFrame([point(place, 2023, 26.0, "target", "<=") for place in NAMES] +
                          [point(place, 2022, 20.0 + index * 4) for index, place in enumerate(NAMES)])
    figure = chart(points, references({2022: 29.0, 2023: 30.0}), lang)
    targets = [(text, colour) for trace in figure.data if trace.mode == "markers+text" and trace.y[0] == 26.0
               for text, colour in zip(trace.text, trace.textfont.color) if text]
    assert len(targets) == 1 and targets[0][1] == "#444444"
    actuals = [text for trace in figure.data if trace.mode == "markers+text" and trace.y[0] != 26.0
               for text in trace.text if text]
    assert len(actuals) == 4
    assert_labels_clear(figure)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_crowded_values_leave_out_a_label_rather_than_overlap(lang):
    points = pd.DataFrame([point(place, 2022, 27.0 + index * 0.5) for index, place in enumerate(NAMES)])
    figure = chart(points, references({2022: 29.0}), lang)
    drawn = [text for trace in figure.data if trace.mode == "markers+text" for text in trace.text if text]
    assert 2 <= len(drawn) < 4
    # every value stays in its marker's hover
    hovers = " ".join(text for trace in figure.data if trace.hovertext for text in trace.hovertext)
    for value in ("27", "27.5", "28", "28.5"):
        assert f"{value}\u00a0" in hovers
    assert_labels_clear_of_labels(figure)


def assert_labels_clear_of_labels(figure):
    for frame in layout_frames(figure):
        labels = drawn_labels(figure, frame)
        for (name, text, box), (other_name, other_text, other) in itertools.combinations(labels, 2):
            assert not box.overlaps(other, pad=0), f"{name} {text} on {other_name} {other_text} ({frame})"


def test_the_same_figure_in_several_scopes_is_labelled_once():
    points = pd.DataFrame([point("jiaxing", 2022, 100.0, scope=scope) for scope in ("a", "b", "c")])
    trace = next(trace for trace in chart(points, references({})).data if trace.mode == "markers+text")
    assert len(trace.x) == 3 and sum(bool(text) for text in trace.text) == 1
