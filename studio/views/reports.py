"""Studio: start a report, resume a draft, or reopen a published report to revise it."""
import streamlit as st

from envdash.core.i18n import t
from envdash.studio import session
from envdash.studio.reports import drafts_table, new_report_form, revise_form

lang = session.settle_language()
st.title(t(lang, "studio_reports_title"), anchor=False)
st.caption(t(lang, "studio_reports_intro"))
session.show_message()

new_column, revise_column = st.columns(2, gap="large")
with new_column:
    new_report_form(lang)
with revise_column:
    revise_form(lang)
drafts_table(lang)
