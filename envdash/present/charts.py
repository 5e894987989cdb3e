"""Plotly figures for the pages. Data strings are escaped; sizes follow presenter mode."""
from __future__ import annotations

import math
import textwrap

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from envdash.core.formatting import format_value, period_text
from envdash.core.i18n import localized, t
from envdash.present.label_layout import (ABOVE_FIRST, LEFT_FIRST, RIGHT_FIRST, Label, Obstacles, frames,
                                          line_label_spec, place_labels, text_width)
from envdash.present.safe_text import plot_text
from envdash.present.style import FONT_FAMILY, STATUS_COLOURS, chart_sizes, place_colour

_TARGET_SYMBOLS = {"<=": "triangle-down", "<": "triangle-down", ">=": "triangle-up", ">": "triangle-up"}
_REFERENCE_DASH = {"standard": "dash", "guideline": "dot", "national_target": "dashdot"}


def base_layout(figure: go.Figure, title: str, present: bool, height: int | None = None) -> go.Figure:
    sizes = chart_sizes(present)
    figure.update_layout(
        title={"text": plot_text(title), "font": {"size": sizes.title}, "x": 0, "xanchor": "left"},
        font={"family": FONT_FAMILY, "size": sizes.base},
        height=height or sizes.height,
        margin={"l": 10, "r": 10, "t": int(sizes.title * 2.6), "b": 10},
        legend={"orientation": "h", "yanchor": "top", "y": -0.12, "x": 0, "font": {"size": sizes.base}},
        hoverlabel={"font": {"family": FONT_FAMILY, "size": sizes.base}},
        plot_bgcolor="white",
    )
    figure.update_xaxes(showgrid=True, gridcolor="#E5E8EB", title_font={"size": sizes.base},
                        tickfont={"size": sizes.base}, automargin=True)
    figure.update_yaxes(showgrid=True, gridcolor="#E5E8EB", title_font={"size": sizes.base},
                        tickfont={"size": sizes.base}, automargin=True)
    return figure


def _round_step(rough: float) -> float:
    """The smallest of 1, 2, 2.5 and 5 times a power of ten that is at least `rough`."""
    power = 10 ** math.floor(math.log10(rough))
    return next(step * power for step in (1, 2, 2.5, 5, 10) if step * power >= rough * (1 - 1e-9))


def value_range(values, from_zero: bool = True) -> list[float]:
    """The value axis of a chart, set explicitly so that its slide draws the same range.

    From zero (or the lowest value below it) to a round step above the highest value, or, with
    `from_zero` off (dot plots), a round step either side of the values.
    """
    numbers = [float(value) for value in values if value is not None and not pd.isna(value)]
    if not numbers:
        return [0.0, 1.0]
    low, high = min(numbers), max(numbers)
    if from_zero:
        low, high = min(low, 0.0), max(high, 0.0)
        span = (high - low) or 1.0
        step = _round_step(span / 10)
        return [math.floor(low / step) * step if low < 0 else 0.0, math.ceil((high + span * 0.04) / step) * step]
    pad = max((high - low) * 0.1, abs(high) * 0.01, 1e-9)
    step = _round_step((high - low + 2 * pad) / 8)
    return [math.floor((low - pad) / step) * step, math.ceil((high + pad) / step) * step]


def add_source(figure: go.Figure, source: str, present: bool, grow: bool = False) -> go.Figure:
    """The source line inside the figure, under its title, so a saved PNG says where its figures come from.

    `grow`: the figure grows by the room the source line takes (charts sized to their rows); otherwise
    the plot gives it up (charts of a fixed height that must fit the presenter's first screen).
    """
    if not source:
        return figure
    sizes = chart_sizes(present)
    size = max(sizes.base - 3, 11)
    lines = wrap_source(source)
    # the title and the source under it at the top of the image, the plot below both
    top = int(8 + sizes.title * 1.4 + len(lines) * size * 1.4 + sizes.base * 1.2)
    if grow:
        figure.update_layout(height=(figure.layout.height or sizes.height) + top - (figure.layout.margin.t or 0))
    figure.update_layout(title={"subtitle": {"text": "<br>".join(plot_text(line) for line in lines),
                                             "font": {"size": size, "color": "#444444"}},
                                "yref": "container", "y": 1, "yanchor": "top", "pad": {"t": 8}},
                         margin={"t": top})
    return figure


def wrap_source(source: str, width: int = 120) -> list[str]:
    """The source line broken between reports ("; ") into lines of about `width` Latin characters."""
    lines: list[str] = []
    for part in source.split("; "):
        if lines and _text_width(lines[-1]) + _text_width(part) + 2 <= width:
            lines[-1] += "; " + part
        else:
            lines.append(part)
    return lines


def _text_width(text: str) -> int:
    return sum(2 if ord(char) > 0x2E80 else 1 for char in text)


def chart_config(title: str) -> dict:
    """Plotly modebar: a 2× PNG named after the chart; no logo, no cloud links."""
    filename = "".join(char if char.isalnum() or char in "-_ " else "_" for char in title).strip().replace(" ", "_")
    return {"displaylogo": False, "toImageButtonOptions": {"format": "png", "filename": filename[:80] or "chart",
                                                           "scale": 2},
            "modeBarButtonsToRemove": ["lasso2d", "select2d"]}


def _midpoint(row) -> pd.Timestamp:
    start, end = pd.Timestamp(row["period_start"]), pd.Timestamp(row["period_end"])
    return start + (end - start) / 2


def _hover(row, lang: str, unit_names) -> str:
    kind = t(lang, "target") if row["kind"] == "target" else t(lang, "actual")
    if row["is_derived"]:
        kind += f" ({t(lang, 'derived')}: {row['formula']})"
    value = format_value(row["value_std"], row["unit_std"], lang, unit_names, row["comparator"])
    source = f"{localized(row, 'source_title', lang)} ({pd.Timestamp(row['published']):%Y-%m-%d})"
    lines = [f"<b>{plot_text(localized(row, 'place', lang))}</b>", plot_text(value),
             f"{t(lang, 'period')}: {plot_text(row['period_label'])}", f"{t(lang, 'kind')}: {plot_text(kind)}"]
    if isinstance(row.get("scope"), str):
        lines.append(f"{t(lang, 'scope')}: {plot_text(localized(row, 'scope', lang))}")
    lines.append(f"{t(lang, 'source')}: {plot_text(source)}")
    return "<br>".join(lines)


def _days(moment) -> float:
    """A date as days since 1970: the label layout's x coordinate."""
    return (pd.Timestamp(moment) - _EPOCH) / pd.Timedelta(days=1)


_EPOCH = pd.Timestamp(1970, 1, 1)
# the colour of a value label that stands for several places' markers
_SHARED_LABEL = "#444444"
# Room left and right of the chart's first and last year: the axis runs from mid-November of the
# year before to early March of the year after
_X_MARGIN = pd.Timedelta(days=58)


def trend_chart(points: pd.DataFrame, references: pd.DataFrame, title: str, unit_label: str, lang: str,
                present: bool, unit_names) -> go.Figure:
    """Actuals solid, derived values hollow and dashed, targets as ▽/△ markers, reference lines.

    Reference lines and national averages span exactly the chart's years. Value labels are placed
    (label_layout) so that none sits on another label, a marker or a reference line.
    """
    sizes = chart_sizes(present)
    figure = go.Figure()
    points = points.assign(x=points.apply(_midpoint, axis=1), hover=points.apply(_hover, axis=1, args=(lang, unit_names)),
                           label=points.apply(lambda r: format_value(r["value_std"], r["unit_std"], lang, unit_names,
                                                                     r["comparator"]), axis=1))
    # the chart's years: those of its points' midpoints
    first, last = points.x.min().year, points.x.max().year
    span = (pd.Timestamp(first, 1, 1), pd.Timestamp(last, 12, 31))
    lines, averages = _references_in(references, first, last)
    values = [*points.value_std, *(lines.value if not lines.empty else []), *(averages.value if not averages.empty else [])]
    low = min(0.0, *values)
    high = max(values) if values else 1.0
    y_range = (low, high + 0.12 * ((high - low) or 1.0))
    x_range = (span[0] - _X_MARGIN, span[1] + _X_MARGIN)
    positions, shared, line_labels = _label_positions(points, lines, averages, sizes, span, x_range, y_range,
                                                      present)
    # only what the traces draw: every filter below copies each column it keeps
    drawn = points[["figure_id", "place_id", "place_zh", "place_en", "kind", "is_derived", "value_std", "comparator",
                    "x", "hover", "label"]]
    for place_id, rows in drawn.groupby("place_id", sort=False):
        colour = place_colour(place_id)
        name = plot_text(localized(rows.iloc[0], "place", lang))
        actual = rows[rows.kind == "actual"]
        stated = actual[~actual.is_derived]
        derived = actual[actual.is_derived]
        targets = rows[rows.kind == "target"]
        if not actual.empty:
            # the dashed line runs through derived values, the solid one through stated values
            figure.add_trace(go.Scatter(x=actual.x, y=actual.value_std, mode="lines", showlegend=False,
                                        line={"color": colour, "width": sizes.line_width, "dash": "dash"},
                                        hoverinfo="skip", legendgroup=place_id))
        if len(stated) > 1:
            figure.add_trace(go.Scatter(x=stated.x, y=stated.value_std, mode="lines", showlegend=False,
                                        line={"color": colour, "width": sizes.line_width}, hoverinfo="skip",
                                        legendgroup=place_id))
        kinds = ((stated, f"{name} · {t(lang, 'actual')}",
                  {"color": colour, "size": sizes.marker, "line": {"color": "white", "width": 1}}),
                 (derived, f"{name} · {t(lang, 'derived')}",
                  {"color": "white", "size": sizes.marker, "line": {"color": colour, "width": 2.5}}),
                 (targets, f"{name} · {t(lang, 'target')}",
                  {"color": colour, "size": sizes.marker + 4, "opacity": 0.85,
                   "symbol": [_TARGET_SYMBOLS.get(c, "diamond-open") for c in targets.comparator],
                   "line": {"color": colour, "width": 2}}))
        for subset, trace_name, marker in kinds:
            if subset.empty:
                continue
            placed = [positions.get(figure_id) for figure_id in subset.figure_id]
            figure.add_trace(go.Scatter(
                x=subset.x, y=subset.value_std, mode="markers+text", name=trace_name, marker=marker,
                text=[plot_text(label) if where else "" for label, where in zip(subset.label, placed)],
                textposition=[where or "middle right" for where in placed],
                textfont={"size": sizes.base,
                          "color": [_SHARED_LABEL if f in shared else colour for f in subset.figure_id]},
                hovertext=subset.hover, hoverinfo="text",
                legendgroup=place_id, customdata=subset.figure_id))
    _add_reference_lines(figure, lines, averages, line_labels, lang, sizes, span)
    base_layout(figure, title, present)
    figure.update_yaxes(title_text=plot_text(unit_label), range=list(y_range))
    # one tick per year, placed mid-year where that year's annual values sit
    figure.update_xaxes(range=list(x_range), tickvals=[pd.Timestamp(year, 7, 2) for year in range(first, last + 1)],
                        ticktext=[str(year) for year in range(first, last + 1)], showgrid=False)
    return figure


def _references_in(references: pd.DataFrame, first: int, last: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The reference lines (standards, guideline, national targets) and the national averages of the chart's years."""
    if references is None or references.empty:
        return pd.DataFrame(columns=["kind", "value"]), pd.DataFrame(columns=["kind", "value", "year"])
    lines = references[references.kind != "national_average"]
    averages = references[(references.kind == "national_average") & references.year.notna()]
    averages = averages[(averages.year.astype(int) >= first) & (averages.year.astype(int) <= last)]
    return lines, averages


def _reference_text(reference, lang: str) -> str:
    return f"{localized(reference, 'label', lang)} {reference['value']:g}"


def _label_positions(points: pd.DataFrame, lines: pd.DataFrame, averages: pd.DataFrame, sizes, span, x_range,
                     y_range, present: bool) -> tuple[dict[str, str | None], set[str], list[tuple[pd.Series, str]]]:
    """Where each point's value label and each reference line's label go (label_layout).

    Targets are placed first, then stated and derived values. A value shown by several markers at
    one point (places with the same target, scopes with the same figure) is labelled once, in grey
    when places share it: the figure ids of those labels come back as the second item.
    """
    obstacles = Obstacles()
    for row in points.itertuples():
        size = sizes.marker + (4 if row.kind == "target" else 0)
        obstacles.markers.append((_days(row.x), row.value_std, size + 2))
    average_points = [(_days(pd.Timestamp(int(year), 7, 2)), value) for year, value in zip(averages.year, averages.value)]
    obstacles.markers.extend((x, y, max(sizes.marker - 4, 6) + 2) for x, y in average_points)
    obstacles.lines.extend((*a, *b) for a, b in zip(average_points, average_points[1:]))
    start, end = _days(span[0]), _days(span[1])
    obstacles.lines.extend((start, value, end, value) for value in lines.value)
    # a reference's label is placed as the longer of its two languages, so the layout holds in either
    font = max(sizes.base - 2, 11)
    labels = [Label(f"line:{index}", max(_reference_text(reference, "zh"), _reference_text(reference, "en"),
                                         key=lambda text: text_width(text, font)),
                    start, reference["value"], font, preferences=ABOVE_FIRST, x_end=end, required=True)
              for index, (_, reference) in enumerate(lines.iterrows())]
    points = points[["figure_id", "place_id", "kind", "is_derived", "x", "value_std", "label"]]
    ordered = pd.concat([points[points.kind == "target"], points[(points.kind == "actual") & ~points.is_derived],
                         points[(points.kind == "actual") & points.is_derived]])
    # one label for one value at one point, whichever places and scopes share it
    sharing = ordered.groupby(["kind", "x", "value_std", "label"], sort=False).place_id.nunique()
    shared, seen = set(), set()
    for row in ordered.itertuples():
        same = (row.kind, row.x, row.value_std, row.label)
        if same in seen:
            continue
        seen.add(same)
        if sharing[same] > 1:
            shared.add(row.figure_id)
        is_target = row.kind == "target"
        labels.append(Label(row.figure_id, row.label, _days(row.x), row.value_std, sizes.base,
                            sizes.marker + (4 if is_target else 0), RIGHT_FIRST if is_target else LEFT_FIRST))
    plot_frames = frames((_days(x_range[0]), _days(x_range[1])), y_range, sizes.height, present)
    positions = place_labels(labels, obstacles, plot_frames)
    line_labels = [(reference, positions[f"line:{index}"]) for index, (_, reference) in enumerate(lines.iterrows())]
    return positions, shared, line_labels


def _add_reference_lines(figure: go.Figure, lines: pd.DataFrame, averages: pd.DataFrame,
                         line_labels: list[tuple[pd.Series, str]], lang: str, sizes, span) -> None:
    """Standards, guideline and national targets as lines across the chart's years; national averages of those years."""
    for reference, position in line_labels:
        figure.add_shape(type="line", xref="x", yref="y", x0=span[0], x1=span[1], y0=reference["value"],
                         y1=reference["value"], line={"color": "#555555", "width": 1.5,
                                                      "dash": _REFERENCE_DASH.get(reference["kind"], "dash")})
        spec = line_label_spec(Label("", "", span[0], reference["value"], 0, x_end=span[1]), position)
        figure.add_annotation(text=plot_text(_reference_text(reference, lang)), name=f"reference:{reference['kind']}",
                              font={"size": max(sizes.base - 2, 11), "color": "#444444"}, **spec)
    if not averages.empty:
        figure.add_trace(go.Scatter(
            x=[pd.Timestamp(int(year), 7, 2) for year in averages.year], y=averages.value, mode="lines+markers",
            name=plot_text(localized(averages.iloc[0], "label", lang)),
            line={"color": "#888888", "width": max(sizes.line_width - 1, 1.5), "dash": "dot"},
            marker={"size": max(sizes.marker - 4, 6), "color": "#888888"},
            hovertext=[plot_text(f"{localized(r, 'label', lang)} {int(r['year'])}: {r['value']:g} ({r['source']})")
                       for _, r in averages.iterrows()], hoverinfo="text"))


def attainment_chart(rows: pd.DataFrame, lang: str, present: bool, unit_names) -> go.Figure | None:
    """Actual as a percent of its target (100 = on target), coloured by status.

    A target with no actual for its own period shows the latest earlier value (the evidence columns
    of analysis.targets.with_evidence), hollow and grey, labelled with that value's own period: it is
    where the place already stood, never the target period's result.
    """
    sizes = chart_sizes(present)
    rows = rows[rows.evidence_value.notna() & (rows.target_value != 0)]
    if rows.empty:
        return None
    figure = go.Figure()
    for (status, is_earlier), group in rows.groupby(["status", "evidence_is_earlier"], sort=False):
        name = t(lang, "targets_earlier_value_legend") if is_earlier else t(lang, "status_" + status)
        colour = "#555555" if is_earlier else STATUS_COLOURS[status]
        labels = [plot_text(t(lang, "targets_chart_target_row", place=localized(r, "place", lang),
                              metric=localized(r, "metric", lang), period=period_text(r["period_label"], lang)))
                  for _, r in group.iterrows()]
        hover = [plot_text(
            f"{localized(r, 'place', lang)} · {localized(r, 'metric', lang)}: "
            f"{t(lang, 'target')} {period_text(r['period_label'], lang)} "
            f"{format_value(r['target_value'], r['unit_std'], lang, unit_names, r['comparator'])}; "
            f"{period_text(r['evidence_period_label'], lang)}: "
            f"{format_value(r['evidence_value'], r['unit_std'], lang, unit_names)} — {t(lang, 'status_' + status)}")
            for _, r in group.iterrows()]
        # an earlier value carries its own period beside it, so it cannot be read as the target period's
        text = [plot_text(t(lang, "targets_chart_earlier_value", period=period_text(r["evidence_period_label"], lang)))
                for _, r in group.iterrows()] if is_earlier else None
        figure.add_trace(go.Scatter(
            x=group.evidence_value / group.target_value * 100, y=labels,
            mode="markers+text" if is_earlier else "markers", name=name, text=text, textposition="middle right",
            textfont={"size": sizes.base, "color": colour},
            marker={"color": colour, "size": sizes.marker + 2, "symbol": "circle-open" if is_earlier else "circle",
                    "line": {"width": 3, "color": colour}},
            hovertext=hover, hoverinfo="text", customdata=group.target_id))
    figure.add_vline(x=100, line={"color": "#333333", "width": 2}, annotation_position="bottom right",
                     annotation={"text": t(lang, "on_target"), "font": {"size": sizes.base}, "yshift": -4})
    # the legend is always shown: it says what a hollow dot is
    height = max(sizes.height // 2, 120 + len(rows) * (sizes.base * 2 + 8)) + 2 * sizes.base
    base_layout(figure, t(lang, "attainment_chart_title"), present, height)
    percents = [*(rows.evidence_value / rows.target_value * 100), 100.0]
    low, high = min(percents), max(percents)
    room = max(high - low, 4.0)
    # room on the right for an earlier value's "2022 value" beside its dot; the legend, always shown
    # (it says what a hollow dot is), at the figure's foot, below the axis title
    figure.update_layout(showlegend=True, legend={"yref": "container", "y": 0, "yanchor": "bottom"})
    figure.update_xaxes(title_text=t(lang, "actual_as_percent_of_target"), ticksuffix="%",
                        range=[low - 0.08 * room, high + 0.3 * room])
    figure.update_yaxes(autorange="reversed")
    return figure


def comparison_chart(rows: pd.DataFrame, references: pd.DataFrame, title: str, unit_label: str, lang: str,
                     present: bool, unit_names) -> go.Figure:
    """Bars in the order given (best first), each saying its value, period, scope and level (and
    "derived", hatched, for a value worked out by the build); beside each place's name its rank among
    the places reporting (`rank_label`, empty when not ranked)."""
    sizes = chart_sizes(present)
    ranks = rows["rank_label"] if "rank_label" in rows else pd.Series("", index=rows.index)
    labels = [plot_text(localized(r, "place", lang)) + (f"<br>{plot_text(rank)}" if rank else "")
              for (_, r), rank in zip(rows.iterrows(), ranks)]
    text = [plot_text(f"{format_value(r['value_std'], r['unit_std'], lang, unit_names, r['comparator'])} · "
                      f"{r['period_label']} · {localized(r, 'scope', lang)} · {t(lang, 'level_' + r['level'])}"
                      + (f" · {t(lang, 'derived')}" if r["is_derived"] else ""))
            for _, r in rows.iterrows()]
    colours = [place_colour(p) for p in rows.place_id]
    # a derived value (a share worked out from a stated count and its whole) is hatched
    figure = go.Figure(go.Bar(
        x=rows.value_std, y=labels, orientation="h",
        insidetextfont={"color": [_text_colour_on(colour) for colour in colours]},
        outsidetextfont={"color": "#1F1F1F"},
        marker={"color": colours,
                "pattern": {"shape": ["/" if derived else "" for derived in rows.is_derived],
                            "fgcolor": "white", "solidity": 0.25}},
        text=text, textposition="auto", insidetextanchor="start", textfont={"size": sizes.base},
        hovertext=[_hover_compare(r, lang, unit_names, rank) for (_, r), rank in zip(rows.iterrows(), ranks)],
        hoverinfo="text", customdata=rows.figure_id))
    if references is not None and not references.empty:
        for position, (_, reference) in enumerate(references[references.kind != "national_average"].iterrows()):
            # labels above the plot, alternating height so neighbouring lines' labels do not collide
            figure.add_vline(x=reference["value"], line={"color": "#555555", "width": 1.5,
                                                          "dash": _REFERENCE_DASH.get(reference["kind"], "dash")},
                             annotation={"text": plot_text(f"{localized(reference, 'label', lang)} {reference['value']:g}"),
                                         "font": {"size": max(sizes.base - 2, 11), "color": "#444444"},
                                         "yshift": 4 + (position % 2) * (sizes.base + 4)},
                             annotation_position="top")
    height = max(260, 140 + len(rows) * (sizes.marker * 4 + 10))
    base_layout(figure, title, present, height)
    drawn = [] if references is None or references.empty else references[references.kind != "national_average"].value
    figure.update_xaxes(title_text=plot_text(unit_label), range=value_range([*rows.value_std, *drawn]))
    figure.update_yaxes(autorange="reversed")
    return figure


def _text_colour_on(background: str) -> str:
    """Black or white, whichever reads better on `background` (#RRGGBB) by WCAG contrast."""
    def channel(value: int) -> float:
        value /= 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4
    red, green, blue = (channel(int(background[i:i + 2], 16)) for i in (1, 3, 5))
    luminance = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    return "#000000" if (luminance + 0.05) / 0.05 > 1.05 / (luminance + 0.05) else "#FFFFFF"


def _hover_compare(row, lang: str, unit_names, rank: str = "") -> str:
    lines = [f"<b>{plot_text(localized(row, 'place', lang))}</b>",
             plot_text(format_value(row["value_std"], row["unit_std"], lang, unit_names, row["comparator"])),
             f"{t(lang, 'period')}: {plot_text(row['period_label'])}"]
    if isinstance(localized(row, "scope", lang), str):
        lines.append(f"{t(lang, 'scope')}: {plot_text(localized(row, 'scope', lang))}")
    if rank:
        lines.append(plot_text(rank))
    if row.get("is_derived"):
        lines.append(f"{t(lang, 'derived_column')}: {plot_text(row['formula'])}")
    lines.append(f"{t(lang, 'source')}: {plot_text(localized(row, 'source_title', lang))}")
    return "<br>".join(lines)


def _small_title(metric: str, scope: str, size: int, width: int = 40) -> str:
    """A small chart's title: the metric, and under it, smaller, its scope (wrapped, never cut)."""
    scope_lines = "<br>".join(plot_text(line) for line in textwrap.wrap(scope, width, break_on_hyphens=False)) or plot_text(scope)
    return f"{plot_text(metric)}<br><span style=\"font-size:{size}px\">{scope_lines}</span>"


def small_multiples(rows: pd.DataFrame, lang: str, present: bool, unit_names) -> go.Figure:
    """One small bar chart per comparable metric, places in the fixed order; the scope of its bars
    under each chart's title and in every hover."""
    sizes = chart_sizes(present)
    metrics = list(dict.fromkeys(rows.metric_id))
    columns = 2 if present else 3
    grid_rows = max(1, -(-len(metrics) // columns))
    firsts = [rows[rows.metric_id == m].iloc[0] for m in metrics]
    scope_size = max(sizes.base - 2, 11)
    titles = [_small_title(localized(first, "metric", lang), localized(first, "scope", lang), scope_size)
              for first in firsts]
    # room above each chart for a title of up to three lines
    row_height = sizes.base * 19
    height = max(360, grid_rows * row_height + int(sizes.title * 2.6))
    figure = make_subplots(rows=grid_rows, cols=columns, subplot_titles=titles, horizontal_spacing=0.12,
                           vertical_spacing=min(sizes.base * 7.5 / height, 0.5 / grid_rows))
    for index, metric_id in enumerate(metrics):
        data = rows[rows.metric_id == metric_id]
        figure.add_trace(go.Bar(
            x=data.value_std, y=[plot_text(localized(r, "place", lang)) for _, r in data.iterrows()], orientation="h",
            marker={"color": [place_colour(p) for p in data.place_id]},
            text=[plot_text(f"{format_value(r['value_std'], r['unit_std'], lang, unit_names, r['comparator'])} "
                            f"({r['period_label']})") for _, r in data.iterrows()],
            # inside, shrunk to fit if need be: outside a bar that fills its small plot the text is cut off
            textposition="inside", insidetextanchor="start",
            insidetextfont={"color": [_text_colour_on(place_colour(p)) for p in data.place_id]}, showlegend=False,
            hovertext=[_hover_compare(r, lang, unit_names) for _, r in data.iterrows()], hoverinfo="text"),
            row=index // columns + 1, col=index % columns + 1)
    base_layout(figure, t(lang, "small_multiples_title"), present, height=height)
    figure.update_layout(margin={"t": int(sizes.title * 2.6 + sizes.base * 3)})
    figure.update_yaxes(autorange="reversed")
    figure.update_annotations(font_size=sizes.base)
    return figure


def policy_heatmap(shares: pd.DataFrame, places: pd.DataFrame, themes: pd.DataFrame, lang: str, present: bool) -> go.Figure:
    """Share of each place's directives per theme (percent); a click on a cell selects it.

    Plotly cannot select a heatmap cell: an invisible marker sits on every cell, carrying the cell's
    (place id, theme id), and any point of the plot hovers and clicks the nearest of them, which is
    the cell under the pointer.
    """
    sizes = chart_sizes(present)
    place_ids = list(places.place_id)
    theme_ids = [theme for theme in themes.theme_id if theme in set(shares.theme_id)]
    # one pass over the shares and the names, not one filter per cell (340 cities × 14 themes)
    cells: dict[tuple[str, str], float] = {}
    for place_id, theme_id, share in zip(shares.place_id, shares.theme_id, shares.share):
        cells[(place_id, theme_id)] = cells.get((place_id, theme_id), 0.0) + share
    matrix = [[float(cells.get((p, th), 0.0)) for th in theme_ids] for p in place_ids]
    theme_rows = {row["theme_id"]: row for row in themes.to_dict("records")}
    place_rows = {row["place_id"]: row for row in places.to_dict("records")}
    x = [plot_text(localized(theme_rows[th], "name", lang)) for th in theme_ids]
    y = [plot_text(localized(place_rows[p], "name", lang)) for p in place_ids]
    figure = go.Figure(go.Heatmap(
        z=matrix, x=x, y=y, colorscale="Blues", zmin=0, text=[[f"{v:.0f}%" if v else "" for v in row] for row in matrix],
        texttemplate="%{text}", textfont={"size": sizes.base}, hoverinfo="skip", colorbar={"ticksuffix": "%"}))
    figure.add_trace(go.Scatter(
        x=[x[column] for row in range(len(y)) for column in range(len(x))],
        y=[y[row] for row in range(len(y)) for column in range(len(x))],
        customdata=[[place_ids[row], theme_ids[column]] for row in range(len(y)) for column in range(len(x))],
        text=[f"{matrix[row][column]:.0f}%" for row in range(len(y)) for column in range(len(x))],
        mode="markers", marker={"size": 1, "opacity": 0}, showlegend=False,
        hovertemplate="%{y} · %{x}: %{text}<extra></extra>",
        selected={"marker": {"opacity": 0}}, unselected={"marker": {"opacity": 0}}))
    base_layout(figure, t(lang, "policy_focus_title"), present, height=max(300, 120 + len(y) * sizes.base * 4))
    figure.update_layout(hovermode="closest", hoverdistance=-1)
    figure.update_xaxes(tickangle=-30, showgrid=False)
    figure.update_yaxes(autorange="reversed", showgrid=False)
    return figure
