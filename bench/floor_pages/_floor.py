"""The floor: a bare page with the same elements as an app page, drawn from in-memory data.

bench/run.py records what each app page rendered (charts with their traces and points, tables
with their rows and columns, widgets with their options, text with its length) into
$ENVDASH_BENCH_FLOOR/<page>.json; the floor page renders exactly that, with no database, no
queries and no formatting work. Its time is what Streamlit itself costs for such a page.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

_FILLER = "全市空气质量优良天数比率为87.5%,同比提高2.1个百分点。Air quality improved. "


def _text(length: int) -> str:
    return (_FILLER * (length // len(_FILLER) + 1))[:max(length, 1)]


def shape(page: str) -> dict:
    folder = os.environ.get("ENVDASH_BENCH_FLOOR")
    if not folder:
        raise RuntimeError("set ENVDASH_BENCH_FLOOR to the folder bench/run.py wrote the page shapes to")
    return json.loads((Path(folder) / f"{page}.json").read_text(encoding="utf-8"))


@st.cache_data(show_spinner=False)
def _points(count: int, seed: int) -> tuple[np.ndarray, np.ndarray, list[str]]:
    rng = np.random.default_rng(seed)
    return np.arange(count), rng.uniform(10, 90, count).round(1), [f"{_FILLER[:24]} {i}" for i in range(count)]


@st.cache_data(show_spinner=False)
def _table(rows: int, columns: int) -> pd.DataFrame:
    rng = np.random.default_rng(rows * 31 + columns)
    data = {}
    for index in range(columns):
        if index % 3 == 2:
            data[f"c{index}"] = rng.uniform(0, 100, rows).round(2)
        else:
            data[f"c{index}"] = [f"{_FILLER[:16]}{i}" for i in range(rows)]
    return pd.DataFrame(data)


def _chart(traces: list[dict]) -> go.Figure:
    figure = go.Figure()
    for number, trace in enumerate(traces):
        if trace["type"] == "heatmap":
            rows, columns = trace["rows"], max(trace["columns"], 1)
            _, values, labels = _points(rows * columns, number)
            z = values.reshape(rows, columns)
            figure.add_trace(go.Heatmap(z=z, x=[f"x{i}" for i in range(columns)], y=labels[:rows],
                                        text=[[f"{v:.0f}%" for v in row] for row in z], texttemplate="%{text}"))
            continue
        x, y, labels = _points(trace["points"], number)
        if trace["type"] == "bar":
            figure.add_trace(go.Bar(x=y, y=labels, orientation="h", text=labels, hovertext=labels, hoverinfo="text"))
        else:
            figure.add_trace(go.Scatter(x=x, y=y, mode="markers+text", text=labels, hovertext=labels,
                                        hoverinfo="text"))
    figure.update_layout(height=460, margin={"l": 10, "r": 10, "t": 40, "b": 10})
    return figure


def render(page: str) -> None:
    """Draw the elements the app page drew, in order, from in-memory data."""
    for index, element in enumerate(shape(page)["elements"]):
        kind, key = element["type"], f"floor{index}"
        if kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success"):
            getattr(st, kind)(_text(element["chars"]))
        elif kind == "html":
            st.html("<style>" + " " * element["chars"] + "</style>")
        elif kind == "plotly_chart":
            st.plotly_chart(_chart(element["traces"]), key=key, width="stretch")
        elif kind == "dataframe":
            st.dataframe(_table(element["rows"], element["columns"]), hide_index=True, width="stretch")
        elif kind == "selectbox":
            st.selectbox(key, [f"option {i}" for i in range(max(element["options"], 1))], key=key)
        elif kind == "multiselect":
            options = [f"option {i}" for i in range(max(element["options"], 1))]
            st.multiselect(key, options, default=options[:element["selected"]], key=key)
        elif kind == "radio":
            st.radio(key, [f"option {i}" for i in range(max(element["options"], 1))], key=key, horizontal=True)
        elif kind == "button_group":
            st.segmented_control(key, [f"option {i}" for i in range(max(element["options"], 1))], key=key)
        elif kind == "toggle":
            st.toggle(key, key=key)
        elif kind == "button":
            st.button(key, key=key)
        elif kind == "download_button":
            st.download_button(key, data=b"floor", key=key, on_click="ignore")
        elif kind == "metric":
            st.metric(key, 1234)
        elif kind == "code":
            st.code(_text(element["chars"]), language=None)
