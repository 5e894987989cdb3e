"""Data strings shown as text: escaped for Markdown and for Plotly's HTML-like labels."""
from __future__ import annotations

import html
import re

# Everything Markdown (and Streamlit's :colour[...] directives) could read as markup.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~:$=^])")


def md(text) -> str:
    """Text safe to put inside st.markdown: every markup character escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text)).replace("\n", " ")


def plot_text(text) -> str:
    """Text safe inside Plotly titles, labels and hovers (which read <b>, <a href> and entities)."""
    return html.escape(str(text), quote=False)
