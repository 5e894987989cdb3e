"""Data strings shown as text: escaped for Markdown and for Plotly's HTML-like labels."""
from __future__ import annotations

import html

from envdash.core.safe_markdown import md

__all__ = ["md", "plot_text"]


def plot_text(text) -> str:
    """Text safe inside Plotly titles, labels and hovers (which read <b>, <a href> and entities)."""
    return html.escape(str(text), quote=False)
