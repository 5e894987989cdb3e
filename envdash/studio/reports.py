"""The studio's first page: a new report, the drafts in progress, a published report to revise."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from envdash.core.i18n import t
from envdash.curation.yaml_files import read_yaml
from envdash.studio import session
from envdash.studio.drafts import REVISE, list_drafts
from envdash.studio.reopen import published_labels

CURATE_PAGE = "views/curate.py"


def _places(lang: str) -> dict[str, str]:
    """Place id → "宁波市 (ningbo)" for the new-report form, read from data/places.yaml."""
    path = session.root() / "data" / "places.yaml"
    document, _ = read_yaml(path, "data/places.yaml") if path.is_file() else (None, [])
    records = document.data.get("places") if document is not None and isinstance(document.data, dict) else []
    return {str(place["id"]): f"{place.get('name_zh' if lang == 'zh' else 'name_en') or place['id']} ({place['id']})"
            for place in records or [] if isinstance(place, dict) and place.get("id")}


def open_draft(report_id: str | None) -> None:
    if report_id:
        st.switch_page(CURATE_PAGE, query_params={session.REPORT_PARAM: report_id})


def new_report_form(lang: str) -> None:
    places = _places(lang)
    with st.form("studio-new", border=True):
        st.subheader(t(lang, "studio_new_title"), anchor=False)
        st.caption(t(lang, "studio_new_intro"))
        st.text_input(t(lang, "studio_report_id"), key="studio.new.id", placeholder="suzhou_2024_review",
                      help=t(lang, "studio_report_id_help"))
        st.selectbox(t(lang, "place"), list(places), key="studio.new.place", format_func=places.get, index=None,
                     placeholder=t(lang, "studio_choose"), help=t(lang, "studio_new_place_help"))
        started = st.form_submit_button(t(lang, "studio_start"), type="primary", icon=":material/note_add:")
    if started:
        open_draft(session.start_new(lang, "studio.new.id", "studio.new.place"))
        session.show_message()


def revise_form(lang: str) -> None:
    labels = published_labels(session.root(), lang)
    ids = list(labels)
    with st.container(border=True):
        st.subheader(t(lang, "studio_revise_title"), anchor=False)
        st.caption(t(lang, "studio_revise_intro"))
        st.selectbox(t(lang, "studio_report"), ids, key="studio.revise.id", index=None, format_func=labels.get,
                     placeholder=t(lang, "studio_choose"))
        if st.button(t(lang, "studio_open"), icon=":material/edit:", disabled=not ids, key="studio.revise.open"):
            picked = st.session_state.get("studio.revise.id")
            if picked:
                open_draft(session.open_published(picked))
            session.show_message()


def drafts_table(lang: str) -> None:
    drafts = list_drafts(session.root())
    st.subheader(t(lang, "studio_drafts_title", count=len(drafts)), anchor=False)
    if not drafts:
        st.caption(t(lang, "studio_no_drafts"))
        return
    st.dataframe(pd.DataFrame({
        t(lang, "studio_report_id"): [draft.report_id for draft in drafts],
        t(lang, "studio_field_title_zh"): [draft.title for draft in drafts],
        t(lang, "studio_kind_of_draft"): [t(lang, "studio_mode_revise" if draft.mode == REVISE else "studio_mode_new")
                                          for draft in drafts],
        t(lang, "studio_records"): [draft.records for draft in drafts],
        t(lang, "studio_state_to_check"): [draft.to_check for draft in drafts],
        t(lang, "studio_saved_at"): [draft.updated.replace("T", " ")[:19] for draft in drafts],
    }), hide_index=True, width="stretch")
    for draft in drafts:
        st.page_link(CURATE_PAGE, label=t(lang, "studio_resume", report=draft.report_id), icon=":material/edit_note:",
                     query_params={session.REPORT_PARAM: draft.report_id})
