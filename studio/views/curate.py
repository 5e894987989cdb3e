"""Studio: one report's details, text and records, checked as they are typed, and publishing."""
import streamlit as st

from envdash.core.i18n import t
from envdash.studio import panels, session

lang = session.settle_language()
draft = session.current_draft()
if draft is None:
    st.title(t(lang, "studio_nav_curate"), anchor=False)
    st.info(t(lang, "studio_no_draft"), icon=":material/info:")
    st.page_link("views/reports.py", label=t(lang, "studio_nav_reports"), icon=":material/library_books:")
    st.stop()

check = session.draft_check(draft)
chosen = session.chosen(draft)
panels.header(draft, check, lang)
session.show_message()
panels.details_panel(draft, check, lang)
panels.text_input_panel(draft, check, lang)
if draft.text.strip() and (draft.figures or draft.directives or draft.drafted):
    text_column, records_column = st.columns([5, 6], gap="medium")
    with text_column:
        panels.text_panel(draft, check, lang, chosen)
    with records_column:
        panels.records_panel(draft, check, lang, chosen)
        panels.editor_panel(draft, check, lang, chosen)
    panels.coverage_panel(draft, check, lang)
    panels.add_panel(draft, check, lang)
panels.publish_panel(draft, check, lang)
