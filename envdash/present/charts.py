"""Plotly figures for the pages. Data strings are escaped; sizes follow presenter mode."""
from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from envdash.core.formatting import format_value
from envdash.core.i18n import localized, t
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


def trend_chart(points: pd.DataFrame, references: pd.DataFrame, title: str, unit_label: str, lang: str,
                present: bool, unit_names) -> go.Figure:
    """Actuals solid, derived values hollow and dashed, targets as ▽/△ markers, reference lines."""
    sizes = chart_sizes(present)
    figure = go.Figure()
    points = points.assign(x=points.apply(_midpoint, axis=1), hover=points.apply(_hover, axis=1, args=(lang, unit_names)),
                           label=points.apply(lambda r: format_value(r["value_std"], r["unit_std"], lang, unit_names,
                                                                     r["comparator"]), axis=1))
    for place_id, rows in points.groupby("place_id", sort=False):
        colour = place_colour(place_id)
        name = plot_text(localized(rows.iloc[0], "place", lang))
        actual = rows[rows.kind == "actual"]
        stated = actual[~actual.is_derived]
        derived = actual[actual.is_derived]
        if not actual.empty:
            # the dashed line runs through derived values, the solid one through stated values
            figure.add_trace(go.Scatter(x=actual.x, y=actual.value_std, mode="lines", showlegend=False,
                                        line={"color": colour, "width": sizes.line_width, "dash": "dash"},
                                        hoverinfo="skip", legendgroup=place_id))
        if len(stated) > 1:
            figure.add_trace(go.Scatter(x=stated.x, y=stated.value_std, mode="lines", showlegend=False,
                                        line={"color": colour, "width": sizes.line_width}, hoverinfo="skip",
                                        legendgroup=place_id))
        figure.add_trace(go.Scatter(
            x=stated.x, y=stated.value_std, mode="markers+text", name=f"{name} · {t(lang, 'actual')}",
            marker={"color": colour, "size": sizes.marker, "line": {"color": "white", "width": 1}},
            text=[plot_text(label) for label in stated.label], textposition="middle left",
            textfont={"size": sizes.base, "color": colour}, hovertext=stated.hover, hoverinfo="text",
            legendgroup=place_id, customdata=stated.figure_id))
        if not derived.empty:
            figure.add_trace(go.Scatter(
                x=derived.x, y=derived.value_std, mode="markers+text", name=f"{name} · {t(lang, 'derived')}",
                marker={"color": "white", "size": sizes.marker, "line": {"color": colour, "width": 2.5}},
                text=[plot_text(label) for label in derived.label], textposition="middle left",
                textfont={"size": sizes.base, "color": colour}, hovertext=derived.hover, hoverinfo="text",
                legendgroup=place_id, customdata=derived.figure_id))
        targets = rows[rows.kind == "target"]
        if not targets.empty:
            figure.add_trace(go.Scatter(
                x=targets.x, y=targets.value_std, mode="markers+text", name=f"{name} · {t(lang, 'target')}",
                marker={"color": colour, "size": sizes.marker + 4, "opacity": 0.85,
                        "symbol": [_TARGET_SYMBOLS.get(c, "diamond-open") for c in targets.comparator],
                        "line": {"color": colour, "width": 2}},
                text=[plot_text(label) for label in targets.label], textposition="middle right",
                textfont={"size": sizes.base, "color": colour}, hovertext=targets.hover, hoverinfo="text",
                legendgroup=place_id, customdata=targets.figure_id))
    _add_reference_lines(figure, references, lang, sizes, points)
    base_layout(figure, title, present)
    shown = [*points.value_std, *([] if references is None or references.empty else references.value)]
    figure.update_yaxes(title_text=plot_text(unit_label), range=value_range(shown))
    if not points.empty:
        # one tick per year, placed mid-year where that year's annual values sit
        low, high = points.x.min(), points.x.max()
        years = range(low.year, high.year + 1)
        figure.update_xaxes(range=[low - pd.Timedelta(days=240), high + pd.Timedelta(days=240)],
                            tickvals=[pd.Timestamp(year, 7, 2) for year in years], ticktext=[str(y) for y in years],
                            showgrid=False)
    return figure


def _add_reference_lines(figure: go.Figure, references: pd.DataFrame, lang: str, sizes, points: pd.DataFrame) -> None:
    if references is None or references.empty:
        return
    for _, reference in references[references.kind != "national_average"].iterrows():
        figure.add_hline(y=reference["value"], line={"color": "#555555", "width": 1.5,
                                                     "dash": _REFERENCE_DASH.get(reference["kind"], "dash")},
                         annotation={"text": plot_text(f"{localized(reference, 'label', lang)} {reference['value']:g}"),
                                     "font": {"size": max(sizes.base - 2, 11), "color": "#444444"}},
                         annotation_position="top left")
    averages = references[references.kind == "national_average"].dropna(subset=["year"])
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

    A target with no actual for its own period shows the latest earlier actual, hollow, so a
    plan can be read against where the place already stood.
    """
    sizes = chart_sizes(present)
    rows = rows.assign(
        shown=rows.actual_value.where(rows.actual_value.notna(), rows.previous_actual_value),
        shown_period=rows.period_label.where(rows.actual_value.notna(), rows.previous_period_label),
        is_earlier=rows.actual_value.isna())
    rows = rows[rows.shown.notna() & (rows.target_value != 0)]
    if rows.empty:
        return None
    figure = go.Figure()
    for (status, is_earlier), group in rows.groupby(["status", "is_earlier"], sort=False):
        name = t(lang, "status_" + status) if not is_earlier else t(lang, "latest_earlier_actual")
        colour = STATUS_COLOURS[status] if not is_earlier else "#555555"
        labels = [plot_text(f"{localized(r, 'place', lang)} · {localized(r, 'metric', lang)} · {r['period_label']}")
                  for _, r in group.iterrows()]
        hover = [plot_text(
            f"{localized(r, 'place', lang)} · {localized(r, 'metric', lang)} ({r['period_label']}): "
            f"{t(lang, 'target')} {format_value(r['target_value'], r['unit_std'], lang, unit_names, r['comparator'])}; "
            f"{t(lang, 'actual')} {r['shown_period']}: {format_value(r['shown'], r['unit_std'], lang, unit_names)} — "
            f"{t(lang, 'status_' + status)}") for _, r in group.iterrows()]
        figure.add_trace(go.Scatter(
            x=group.shown / group.target_value * 100, y=labels, mode="markers", name=name,
            marker={"color": colour, "size": sizes.marker + 2, "symbol": "circle-open" if is_earlier else "circle",
                    "line": {"width": 3, "color": colour}},
            hovertext=hover, hoverinfo="text", customdata=group.target_id))
    figure.add_vline(x=100, line={"color": "#333333", "width": 2}, annotation_position="bottom right",
                     annotation={"text": t(lang, "on_target"), "font": {"size": sizes.base}, "yshift": -4})
    height = max(sizes.height // 2, 120 + len(rows) * (sizes.base * 2 + 8))
    base_layout(figure, t(lang, "attainment_chart_title"), present, height)
    figure.update_xaxes(title_text=t(lang, "actual_as_percent_of_target"), ticksuffix="%",
                        range=value_range([*(rows.shown / rows.target_value * 100), 100.0], from_zero=False))
    figure.update_yaxes(autorange="reversed")
    return figure


def comparison_chart(rows: pd.DataFrame, references: pd.DataFrame, title: str, unit_label: str, direction: str,
                     lang: str, present: bool, unit_names) -> go.Figure:
    """Bars, best first by the metric's direction, each labelled with its period and level."""
    sizes = chart_sizes(present)
    ascending = direction == "lower_better"
    rows = rows.sort_values("value_std", ascending=ascending) if direction != "neutral" else rows
    labels = [plot_text(f"{localized(r, 'place', lang)}") for _, r in rows.iterrows()]
    text = [plot_text(f"{format_value(r['value_std'], r['unit_std'], lang, unit_names, r['comparator'])} · "
                      f"{r['period_label']} · {t(lang, 'level_' + r['level'])}") for _, r in rows.iterrows()]
    figure = go.Figure(go.Bar(
        x=rows.value_std, y=labels, orientation="h", marker={"color": [place_colour(p) for p in rows.place_id]},
        text=text, textposition="auto", insidetextanchor="start", textfont={"size": sizes.base},
        hovertext=[_hover_compare(r, lang, unit_names) for _, r in rows.iterrows()], hoverinfo="text",
        customdata=rows.figure_id))
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


def _hover_compare(row, lang: str, unit_names) -> str:
    return "<br>".join([f"<b>{plot_text(localized(row, 'place', lang))}</b>",
                        plot_text(format_value(row["value_std"], row["unit_std"], lang, unit_names, row["comparator"])),
                        f"{t(lang, 'period')}: {plot_text(row['period_label'])}",
                        f"{t(lang, 'source')}: {plot_text(localized(row, 'source_title', lang))}"])


def small_multiples(rows: pd.DataFrame, lang: str, present: bool, unit_names) -> go.Figure:
    """One small bar chart per comparable metric, places in the fixed order."""
    sizes = chart_sizes(present)
    metrics = list(dict.fromkeys(rows.metric_id))
    columns = 2 if present else 3
    grid_rows = max(1, -(-len(metrics) // columns))
    titles = [plot_text(localized(rows[rows.metric_id == m].iloc[0], "metric", lang)) for m in metrics]
    figure = make_subplots(rows=grid_rows, cols=columns, subplot_titles=titles, horizontal_spacing=0.12,
                           vertical_spacing=min(0.5 / grid_rows, 0.12))
    for index, metric_id in enumerate(metrics):
        data = rows[rows.metric_id == metric_id]
        figure.add_trace(go.Bar(
            x=data.value_std, y=[plot_text(localized(r, "place", lang)) for _, r in data.iterrows()], orientation="h",
            marker={"color": [place_colour(p) for p in data.place_id]},
            text=[plot_text(f"{format_value(r['value_std'], r['unit_std'], lang, unit_names, r['comparator'])} ({r['period_label']})")
                  for _, r in data.iterrows()], textposition="auto", showlegend=False,
            hovertext=[_hover_compare(r, lang, unit_names) for _, r in data.iterrows()], hoverinfo="text"),
            row=index // columns + 1, col=index % columns + 1)
    base_layout(figure, t(lang, "small_multiples_title"), present, height=max(320, grid_rows * (sizes.base * 14)))
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
