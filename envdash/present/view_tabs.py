"""A view's content as tabs (chart, map, table, details), the chosen one kept in the URL.

Only the open tab's content is made (Streamlit's stateful tabs): a table or a map that nobody
looks at costs nothing, and no chart is drawn hidden at zero width. The URL holds the tab's id
(`tab=table`), never its label, so a link made in Chinese opens the same tab in English.
"""
from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from envdash.present.style import chart_sizes
from envdash.present.url_state import ParamSpec

TREND_TABS = ("chart", "table", "details")
COMPARE_TABS = ("chart", "map", "table", "details")
# In presenter mode the tab bar takes this much of the first screen, and a full-height chart gives
# it up, so that the title line, the headline and the chart still fit 1366×768
# (tests/browser/test_presenter_layout.py).
PRESENTER_TAB_BAR_PX = 72
_ICONS = {"chart": ":material/bar_chart:", "map": ":material/map:", "table": ":material/table_rows:",
          "details": ":material/info:"}


def tab_spec(names: tuple[str, ...]) -> ParamSpec:
    """The URL parameter of a page's tabs; the chart's (the first) by default."""
    return ParamSpec("tab", names, names[0])


def tab_label(name: str, page) -> str:
    return f"{_ICONS[name]} {page.t('tab_' + name)}"


class ViewTabs:
    """The tabs of one view; `open(name)` is the tab's container when it is the chosen one, else None."""

    def __init__(self, page, names: tuple[str, ...]):
        self.names = names
        state_key = page.key("tab")
        chosen = st.session_state[state_key]
        labels = {name: tab_label(name, page) for name in names}
        by_label = {label: name for name, label in labels.items()}
        # one widget per language: a label of the other language is no choice of this one
        widget_key = f"{page.page_id}.tabs.{page.lang}"

        def take_choice() -> None:
            label = st.session_state.get(widget_key)
            if label in by_label:
                st.session_state[state_key] = by_label[label]

        containers = st.tabs(list(labels.values()), default=labels[chosen], key=widget_key, on_change=take_choice)
        self.chosen = chosen
        self.containers = dict(zip(names, containers))

    def open(self, name: str):
        container = self.containers[name]
        return container if container.open else None


def fitted_chart(figure: go.Figure, present: bool) -> go.Figure:
    """`figure` as drawn under the tab bar: in presenter mode a full-height chart is made shorter by
    the bar's height (on a copy: views are shared between sessions)."""
    full = chart_sizes(True).height
    if not present or figure is None or (figure.layout.height or full) < full:
        return figure
    return go.Figure(figure).update_layout(height=(figure.layout.height or full) - PRESENTER_TAB_BAR_PX)
