"""Page pieces shared by the chart pages: headline with source line, and the slide download."""
from __future__ import annotations

import streamlit as st

from envdash.i18n import t
from envdash.safe_text import md

PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


def headline(text: str, source: str) -> None:
    """The chart's finding in a sentence, and the reports it rests on."""
    if text:
        st.subheader(md(text), anchor=False)
    if source:
        st.caption(md(source))


def slides_button(lang: str, make_deck, file_stem: str, key: str) -> None:
    """Download the current view as an editable .pptx (built only when asked for)."""
    st.download_button(t(lang, "export_slides"), data=make_deck, file_name=f"{file_stem}.pptx", mime=PPTX_MIME,
                       key=key, icon="📊", on_click="ignore")
