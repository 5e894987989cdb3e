"""Exported decks keep what the page says: every box inside the slide, the page's series, reference
lines and value-axis range, legible markers, the caveats, and the "no actual yet" marking of targets."""
import io
from functools import lru_cache

import duckdb
import pandas as pd
import pytest
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE, XL_MARKER_STYLE
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.oxml.ns import qn

from envdash.analysis.options import options
from envdash.analysis.targets import STATUSES
from envdash.core.formatting import period_text
from envdash.core.i18n import t
from envdash.present.compare_view import comparison_deck, comparison_view
from envdash.present.deck import (MARKER_PT, MIN_MARKER_PT, PLOT_BOXES, ChartSlide, Deck, Note, Series, deck_bytes,
                                  text_height)
from envdash.present.slides import TARGETS_PER_SLIDE, targets_slides
from envdash.present.targets_view import targets_deck, targets_view
from envdash.present.trend_view import trend_deck, trend_view

LANGS = ["zh", "en"]
ALL_PLACES = ["ningbo", "cixi", "jiaxing", "baoding"]


def slides_of(deck: bytes):
    presentation = Presentation(io.BytesIO(deck))
    return presentation, list(presentation.slides)


def chart_frame(slide):
    return next(shape for shape in slide.shapes if shape.has_chart)


def footnote_of(slide) -> str:
    return next(shape.text_frame.text for shape in slide.shapes if shape.name == "Footnote")


def caveats_of(slide) -> list[str]:
    shapes = sorted((shape for shape in slide.shapes if shape.name.startswith("Caveat")), key=lambda s: s.name)
    return [shape.text_frame.text for shape in shapes]


def slide_rows(slide) -> list[str]:
    """The names beside a dot plot's rows, top to bottom."""
    shapes = sorted((shape for shape in slide.shapes if shape.name.startswith("Row label")), key=lambda s: s.top)
    return [shape.text_frame.text for shape in shapes]


def x_values(series) -> list[float]:
    """The X values of an XY chart's series (python-pptx reads only the Y values)."""
    return [float(point.find(qn("c:v")).text) for point in series._element.xVal.iter(qn("c:pt"))]


def hidden_entries(chart) -> set[int]:
    """Series left out of the legend: the white centres that make a marker hollow."""
    legend = chart._chartSpace.chart.legend
    if legend is None:
        return set()
    return {int(entry.find(qn("c:idx")).get("val")) for entry in legend.findall(qn("c:legendEntry"))
            if entry.find(qn("c:delete")) is not None and entry.find(qn("c:delete")).get("val") == "1"}


def visible_series(chart) -> dict:
    hidden = hidden_entries(chart)
    return {series.name: series for index, series in enumerate(chart.plots[0].series) if index not in hidden}


def trend(lang, metric="pm25_annual_mean", places=("jiaxing", "cixi", "baoding", "ningbo")):
    return trend_view(options().metric(metric), list(places), lang, present=False)


@lru_cache(maxsize=2)
def decks(lang) -> dict[str, bytes]:
    """Every kind of deck on the seed data, the way the pages make them."""
    return {
        "trend-pm25": trend_deck(trend(lang), lang, "http://localhost:8501/trends?metric=pm25_annual_mean"),
        "trend-index": trend_deck(trend(lang, "air_quality_composite_index", ("baoding", "jiaxing")), lang),
        "compare-water": comparison_deck(comparison_view(options().metric("surface_water_good_ratio"), None, lang,
                                                         False), lang),
        "compare-pm25": comparison_deck(comparison_view(options().metric("pm25_annual_mean"), None, lang, False), lang),
        "targets": targets_deck(targets_view(ALL_PLACES, None, list(STATUSES), lang, False), lang),
    }


# --- layout ------------------------------------------------------------------------------------


def assert_inside(presentation, slide, name):
    for shape in slide.shapes:
        where = f"{name}: {shape.name}"
        if shape.shape_type == MSO_SHAPE_TYPE.LINE or shape.name.startswith("Reference line"):
            assert shape.width > 0 or shape.height > 0, f"{where} has no length"
        else:
            assert shape.width > 0 and shape.height > 0, f"{where} has no size"
        assert shape.left >= 0 and shape.top >= 0, f"{where} starts outside the slide"
        assert shape.left + shape.width <= presentation.slide_width, f"{where} runs off the right edge"
        assert shape.top + shape.height <= presentation.slide_height, f"{where} runs off the bottom"


def assert_apart(upper, lower, what):
    assert upper.top + upper.height <= lower.top, f"{what}: {upper.name} overlaps {lower.name}"


@pytest.mark.parametrize("lang", LANGS)
def test_every_box_of_every_deck_lies_inside_its_slide_with_a_real_size(lang):
    for name, deck in decks(lang).items():
        presentation, slides = slides_of(deck)
        for number, slide in enumerate(slides):
            assert_inside(presentation, slide, f"{name} slide {number + 1}")


@pytest.mark.parametrize("lang", LANGS)
def test_title_slide_stacks_title_subtitle_date_and_link_without_overlap(lang):
    presentation, slides = slides_of(decks(lang)["trend-pm25"])
    first = slides[0]
    title, subtitle = first.shapes.title, first.placeholders[1]
    date_box = next(shape for shape in first.shapes if shape.name == "Date")
    link = next(shape for shape in first.shapes if shape.name == "Link")
    assert title.text_frame.text == t(lang, "app_title")
    assert title.top > presentation.slide_height // 8, "the title is not pushed to the slide's top edge"
    # each box as tall as its text needs at its own size
    size = title.text_frame.paragraphs[0].runs[0].font.size.pt
    assert title.height >= text_height(title.text_frame.text, title.width, size, spacing=1.2, bold=True)
    assert_apart(title, subtitle, "title slide")
    assert_apart(subtitle, date_box, "title slide")
    assert_apart(date_box, link, "title slide")
    assert link.text_frame.paragraphs[-1].runs[0].hyperlink.address == \
        "http://localhost:8501/trends?metric=pm25_annual_mean"


@pytest.mark.parametrize("lang", LANGS)
def test_chart_slides_stack_title_chart_caveats_and_footnote_without_overlap(lang):
    for name, deck in decks(lang).items():
        _, slides = slides_of(deck)
        for slide in slides[1:]:
            boxes = [slide.shapes.title, chart_frame(slide),
                     *sorted((shape for shape in slide.shapes if shape.name.startswith("Caveat")), key=lambda s: s.name),
                     next(shape for shape in slide.shapes if shape.name == "Footnote")]
            for upper, lower in zip(boxes, boxes[1:]):
                assert_apart(upper, lower, name)


def test_a_long_headline_and_many_caveats_still_fit_the_slide():
    long = "宁波市慈溪市嘉兴市保定市 " * 12 + "A very long English headline that goes on and on " * 3
    spec = ChartSlide(long, "line", ["2022", "2023"], [Series("a", [1.0, 2.0], "0072B2")], "Source: " + "report; " * 60,
                      notes=[Note("caveat " * 40, warning=True), Note("注意" * 60)])
    presentation, slides = slides_of(deck_bytes(Deck(long, long, [spec])))
    for slide in slides:
        assert_inside(presentation, slide, "long texts")
    title = slides[1].shapes.title
    assert title.text_frame.paragraphs[0].runs[0].font.size.pt < 28, "a long headline is set smaller"


# --- what the charts draw ----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_trend_slide_draws_the_pages_reference_lines_across_its_years(lang, built_database):
    view = trend(lang)
    _, slides = slides_of(trend_deck(view, lang))
    chart = chart_frame(slides[1]).chart
    series = visible_series(chart)
    categories = list(chart.plots[0].categories)
    references = view.references
    for _, reference in references[references.kind != "national_average"].iterrows():
        label = f"{reference['label_' + lang]} {reference['value']:g}"
        assert label in series, f"{label} missing from {list(series)}"
        assert list(series[label].values) == [reference["value"]] * len(categories), "spans exactly the chart's years"
    average = series[references[references.kind == "national_average"].iloc[0]["label_" + lang]]
    with duckdb.connect(str(built_database), read_only=True) as connection:
        by_year = dict(connection.execute("SELECT year, value FROM metric_references WHERE metric_id = "
                                          "'pm25_annual_mean' AND kind = 'national_average'").fetchall())
    years = [int(label[:4]) for label in categories]
    assert list(average.values) == [by_year.get(year) for year in years]
    assert max(by_year) > max(years), "the data has later averages, which the slide leaves out"


@pytest.mark.parametrize("lang", LANGS)
def test_trend_slide_value_axis_is_the_pages(lang):
    view = trend(lang)
    axis = chart_frame(slides_of(trend_deck(view, lang))[1][1]).chart.value_axis
    low, high = view.figure.layout.yaxis.range
    assert (axis.minimum_scale, axis.maximum_scale) == (low, high)
    assert low == 0, "the page's PM2.5 axis starts at zero, and so does the slide's"
    assert high >= view.references.value.max(), "the highest reference line is on the chart"


@pytest.mark.parametrize("lang", LANGS)
def test_trend_slide_series_carry_the_database_values(lang, built_database):
    view = trend(lang, "air_quality_composite_index", ("baoding",))
    chart = chart_frame(slides_of(trend_deck(view, lang))[1][1]).chart
    series = visible_series(chart)
    place = view.points.iloc[0]["place_" + lang]
    with duckdb.connect(str(built_database), read_only=True) as connection:
        rows = connection.execute(
            "SELECT period_label, value_std, is_derived FROM facts WHERE place_id='baoding' "
            "AND metric_id='air_quality_composite_index' AND kind='actual' ORDER BY period_end").fetchall()
    stated = series[f"{place} · {t(lang, 'actual')}"]
    derived = series[f"{place} · {t(lang, 'derived')}"]
    assert [v for v in stated.values if v is not None] == pytest.approx([v for _, v, d in rows if not d])
    # the derived series draws its dashed line through every actual, its markers only on derived values
    marked = [value for index, value in enumerate(derived.values)
              if value is not None and derived.points[index].marker.style != XL_MARKER_STYLE.NONE]
    assert marked == pytest.approx([v for _, v, d in rows if d])


@pytest.mark.parametrize("lang", LANGS)
def test_markers_are_legible_on_a_projector(lang):
    for name, deck in decks(lang).items():
        _, slides = slides_of(deck)
        for slide in slides[1:]:
            chart = chart_frame(slide).chart
            if chart.chart_type == XL_CHART_TYPE.BAR_CLUSTERED:
                continue
            for series_name, series in visible_series(chart).items():
                if series.marker.style in (None, XL_MARKER_STYLE.NONE):
                    continue
                assert series.marker.size >= MIN_MARKER_PT, f"{name}: {series_name}"
                if not t(lang, "targets_earlier_value_legend") == series_name and "·" in series_name:
                    assert series.marker.size >= MARKER_PT, f"{name}: {series_name} is a data series"


@pytest.mark.parametrize("lang", LANGS)
def test_comparison_slide_has_the_pages_axis_reference_lines_and_order(lang):
    view = comparison_view(options().metric("pm25_annual_mean"), None, lang, False)
    _, slides = slides_of(comparison_deck(view, lang))
    frame = chart_frame(slides[1])
    axis = frame.chart.value_axis
    low, high = view.figure.layout.xaxis.range
    assert (axis.minimum_scale, axis.maximum_scale) == (low, high) and low == 0
    lines = {shape.name.split(": ", 1)[1]: shape for shape in slides[1].shapes
             if shape.name.startswith("Reference line: ")}
    drawn = view.references[view.references.kind != "national_average"]
    assert set(lines) == {f"{r['label_' + lang]} {r['value']:g}" for _, r in drawn.iterrows()}
    box = PLOT_BOXES["bar"]
    plot_left, plot_width = frame.left + frame.width * box["x"], frame.width * box["w"]
    for _, reference in drawn.iterrows():
        line = lines[f"{reference['label_' + lang]} {reference['value']:g}"]
        assert (line.left - plot_left) / plot_width == pytest.approx((reference["value"] - low) / (high - low),
                                                                     abs=0.002), "the line falls on its value"


def test_comparison_slide_lists_places_best_first_from_the_top():
    view = comparison_view(options().metric("air_quality_composite_index"), None, "en", False)
    chart = chart_frame(slides_of(comparison_deck(view, "en"))[1][1]).chart
    values = list(chart.plots[0].series[0].values)
    # a bar chart draws its first category at the bottom: read from the top, the lowest index comes first
    assert values[::-1] == sorted(values), "lower is better: the best bar is on top"
    assert chart.category_axis.reverse_order is False


@pytest.mark.parametrize("lang", LANGS)
def test_comparison_slide_carries_the_pages_caveats_and_warns_of_mixed_years(lang):
    view = comparison_view(options().metric("construction_land_safe_use_ratio"), None, lang, False)
    assert view.mixed_years, "the seed data has this metric in different years"
    slide = slides_of(comparison_deck(view, lang))[1][1]
    mixed = t(lang, "compare_mixed_years", years=", ".join(map(str, view.mixed_years)))
    assert caveats_of(slide) == view.caveats and mixed in view.caveats, "scope, years and who reports"
    warning = next(shape for shape in slide.shapes if shape.has_text_frame and shape.text_frame.text == mixed)
    assert warning.text_frame.paragraphs[0].runs[0].font.bold, "set apart as the page's warning is"
    assert slide.shapes.title.text_frame.text == view.headline, "the slide says what the page says, no more"
    single = comparison_view(options().metric("pm25_annual_mean"), None, lang, False)
    assert mixed not in caveats_of(slides_of(comparison_deck(single, lang))[1][1])


@pytest.mark.parametrize("lang", LANGS)
def test_comparison_slide_names_each_bars_scope(lang):
    view = comparison_view(options().metric("surface_water_good_ratio"), None, lang, False)
    chart = chart_frame(slides_of(comparison_deck(view, lang))[1][1]).chart
    categories = [" ".join(label.split()) for label in chart.plots[0].categories]
    for _, row in view.rows.iterrows():
        scope = row["scope_" + lang] if isinstance(row["scope_" + lang], str) else row["scope_en"]
        assert any(label.startswith(row["place_" + lang]) and " ".join(scope.split()) in label
                   for label in categories), (scope, categories)


@pytest.mark.parametrize("lang", LANGS)
def test_trend_slide_names_chosen_places_without_a_figure(lang):
    view = trend(lang)
    slide = slides_of(trend_deck(view, lang))[1][1]
    assert view.missing_note and all(options().place_label(place, lang) in view.missing_note
                                     for place in ("baoding", "ningbo"))
    assert caveats_of(slide) == [view.missing_note, view.definition], "what the page says under the chart"


# --- targets -----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_targets_without_an_actual_for_their_period_stay_marked_as_such(lang):
    view = targets_view(["jiaxing"], None, list(STATUSES), lang, False)
    waiting = view.rows[view.rows.evidence_is_earlier.astype(bool) & view.rows.evidence_value.notna()]
    assert not waiting.empty, "the seed data has targets with only an earlier actual"
    slide = slides_of(targets_deck(view, lang))[1][1]
    chart = chart_frame(slide).chart
    assert chart.chart_type == XL_CHART_TYPE.XY_SCATTER
    series = visible_series(chart)
    earlier = series[t(lang, "targets_earlier_value_legend")]
    assert sorted(x_values(earlier)) == pytest.approx(sorted(waiting.evidence_value / waiting.target_value * 100))
    assert str(earlier.marker.format.fill.fore_color.rgb) == "555555", "grey"
    statuses = [t(lang, f"status_{status}") for status in STATUSES]
    assert not [name for name in series if name in statuses and name != t(lang, "status_no_actual")
                and len(series[name].values)], "no earlier actual is drawn as a met or missed result"
    # hollow: a white centre over each grey dot
    centres = [s for index, s in enumerate(chart.plots[0].series) if index in hidden_entries(chart) and s.name]
    assert [(x_values(s), list(s.values)) for s in centres] == [(x_values(earlier), list(earlier.values))]
    assert str(centres[0].marker.format.fill.fore_color.rgb) == "FFFFFF"
    assert t(lang, "deck_no_actual_yet_note") in caveats_of(slide)
    rows = slide_rows(slide)
    for _, target in waiting.iterrows():
        assert any(label.startswith(f"{target['place_' + lang]} · {target['metric_' + lang]}") for label in rows), rows
    # each grey dot's label names the period of the value it shows
    texts = [earlier.points[i].data_label.text_frame.text for i in range(len(earlier.values))]
    for _, target in waiting.iterrows():
        period = t(lang, "targets_chart_earlier_value", period=period_text(target["evidence_period_label"], lang))
        assert any(period in text for text in texts), (period, texts)


@pytest.mark.parametrize("lang", LANGS)
def test_targets_slide_dots_use_the_pages_axis_and_on_target_line(lang):
    view = targets_view(ALL_PLACES, None, list(STATUSES), lang, False)
    slide = slides_of(targets_deck(view, lang))[1][1]
    chart = chart_frame(slide).chart
    axis = chart.category_axis   # an XY chart's X axis
    assert (axis.minimum_scale, axis.maximum_scale) == tuple(view.figure.layout.xaxis.range)
    on_target = visible_series(chart)[t(lang, "on_target")]
    assert set(x_values(on_target)) == {100.0}, "a vertical line at 100%"
    assert sorted(on_target.values) == [0.5, len(slide_rows(slide)) + 0.5], "across every row"
    drawn = view.rows.evidence_value.notna()
    assert t(lang, "deck_targets_not_drawn", count=int((~drawn).sum()), total=len(view.rows)) in caveats_of(slide)


def _targets(count: int) -> pd.DataFrame:
    return pd.DataFrame({
        "place_id": ["p"] * count, "place_zh": ["甲地"] * count, "place_en": ["Place"] * count,
        "metric_zh": [f"指标{i}" for i in range(count)], "metric_en": [f"metric {i}" for i in range(count)],
        "period_label": ["2023"] * count, "previous_period_label": ["2022"] * count,
        "status": ["met", "missed", "no_actual"] * (count // 3) + ["met"] * (count % 3),
        "actual_value": [None if i % 3 == 2 else 90.0 + i for i in range(count)],
        "previous_actual_value": [80.0] * count, "target_value": [100.0] * count,
        "evidence_value": [80.0 if i % 3 == 2 else 90.0 + i for i in range(count)],
        "evidence_period_label": ["2022" if i % 3 == 2 else "2023" for i in range(count)],
        "evidence_is_earlier": [i % 3 == 2 for i in range(count)]})


def test_many_targets_are_spread_over_slides_of_a_readable_size():
    slides = targets_slides(_targets(20), "headline", "Source: x", "en", (60, 120))
    assert [len(slide.categories) for slide in slides] == [TARGETS_PER_SLIDE, TARGETS_PER_SLIDE, 4]
    assert [slide.headline for slide in slides] == ["headline (1/3)", "headline (2/3)", "headline (3/3)"]
    presentation, shown = slides_of(deck_bytes(Deck("t", "s", slides)))
    for slide in shown:
        assert_inside(presentation, slide, "targets")


def test_many_bars_are_spread_over_slides_on_one_axis_best_first():
    from envdash.present.slides import BARS_PER_SLIDE, comparison_slides
    count = BARS_PER_SLIDE + 5
    # in the page's order, best first: higher is better here
    rows = pd.DataFrame({"place_id": [f"p{i}" for i in range(count)], "place_en": [f"P{i}" for i in range(count)],
                         "place_zh": [f"地{i}" for i in range(count)],
                         "value_std": [float(count - i) for i in range(count)],
                         "unit_std": ["%"] * count, "comparator": ["="] * count, "period_label": ["2023"] * count})
    slides = comparison_slides(rows, pd.DataFrame(), "headline", "Source: x", "m", "%", "higher_better", "en", {},
                               (0, 25))
    assert [len(slide.categories) for slide in slides] == [BARS_PER_SLIDE, 5]
    assert {slide.value_range for slide in slides} == {(0, 25)}
    # held last to first: the best of each slide is on top
    assert slides[0].categories[-1] == "P0" and slides[1].categories[-1] == f"P{BARS_PER_SLIDE}"


def test_a_source_line_too_long_for_the_slide_is_cut_and_kept_whole_in_the_notes():
    sources = "Source: " + "; ".join(f"Report number {i} of a long list (2023-05-18)" for i in range(80))
    spec = ChartSlide("headline", "bar", ["a"], [Series("m", [1.0], "0072B2")], sources, value_range=(0, 2),
                      more_sources="… (all in the notes)")
    presentation, slides = slides_of(deck_bytes(Deck("t", "s", [spec])))
    footnote = footnote_of(slides[1])
    assert footnote.endswith("… (all in the notes)") and footnote.startswith("Source: Report number 0 ")
    assert sources in slides[1].notes_slide.notes_text_frame.text
    assert_inside(presentation, slides[1], "long sources")


@pytest.mark.parametrize("lang", LANGS)
def test_comparison_slide_of_one_year_says_so_as_the_page_does(lang):
    view = comparison_view(options().metric("construction_land_safe_use_ratio"), 2023, lang, False)
    slide = slides_of(comparison_deck(view, lang))[1][1]
    assert t(lang, "compare_caveat_year", year=2023) in caveats_of(slide)
    assert caveats_of(slide) == view.caveats
