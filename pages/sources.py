"""Sources: each report's metadata and full text, with every curated quote highlighted."""
import streamlit as st

from envdash.present.page import prepare_page, start_page
from envdash.present.page_parts import back_link, markdown_table, table, table_downloads
from envdash.present.source_reader import (FOCUS_CSS, SCROLL_TO_FOCUS_SCRIPT, forget_focus, open_report_of_focus,
                                           opening_source, source_ids, source_labels, source_specs, source_view)

prepare_page()

page = start_page("sources", source_specs())
st.html(FOCUS_CSS)
controls = page.header(page.t("nav_sources"), intro=page.t("src_intro"))
if page.values["back"]:
    back_link(page, page.values["back"])

page.values["source"] = opening_source(page.values["source"], page.values["focus"])
with controls:
    source_id = st.selectbox(page.t("src_choose"), source_ids(), key=page.key("source"), on_change=forget_focus,
                             format_func=source_labels(page.lang).get)
view = source_view(source_id, page.value("focus"), page.lang)

if view.focus:
    with st.container(key="sources-callout"):
        st.info(f"{view.focus.headline}\n\n{view.focus.context}", icon=":material/format_quote:")
if view.focus_elsewhere:
    st.warning(view.focus_elsewhere, icon=":material/travel_explore:")
    st.button(view.focus_source_button, on_click=open_report_of_focus, args=(view.focus_source,),
              key="sources.open_focus_report")

st.subheader(view.title, anchor=False)
st.caption(view.subtitle)
details, numbers = st.columns([3, 2], gap="large")
with details:
    for line in view.details:
        st.markdown(line)
    for note in view.notes:
        st.caption(note)
with numbers:
    for column, (label, number, help_text) in zip(st.columns(2) * 2, view.counts):
        column.metric(label, number, help=help_text)
st.caption(view.coverage)
if view.unaccounted is not None:
    with st.expander(page.t("src_unaccounted_title", count=len(view.unaccounted)), icon=":material/pin:"):
        st.dataframe(view.unaccounted, hide_index=True, width="stretch")
        table_downloads(view.unaccounted, page.lang, f"{source_id}-unaccounted", "sources.unaccounted")
elif view.coverage_done:
    st.caption(view.coverage_done)
if view.changes is not None:
    with st.expander(view.changes_title, icon=":material/history:"):
        st.table(markdown_table(view.changes), hide_index=True)

# links within the report keep the way back to the page the reader came from (none: "")
back = page.values["back"] or ""
text_column, table_column = st.columns([5, 6], gap="medium")
with text_column:
    st.markdown(f"**{page.t('src_full_text')}** — {view.legend}")
    before, focused, after = view.text_parts
    with st.container(height=720, border=True, key="sources-text"):
        st.markdown(before)
        if focused:
            with st.container(key="sources-focus"):
                st.markdown(focused)
            st.markdown(after)
    # a new element for each focus, so that its script runs (and scrolls) again
    with st.container(key=f"sources-scroll-{view.focus.record_id if view.focus else 'none'}"):
        st.html(SCROLL_TO_FOCUS_SCRIPT, unsafe_allow_javascript=True)
with table_column:
    figures_tab, directives_tab = st.tabs([view.figures_tab, view.directives_tab], default=view.opening_tab)
    with figures_tab:
        if view.figures is not None:
            table(view.figures, page, link_column=page.t("src_in_text"), key="sources.figures", back=back,
                  width="stretch", height=view.figures_height, column_config=view.columns)
            table_downloads(view.figures, page.lang, f"{source_id}-figures", "sources.figures")
        else:
            st.info(view.figures_empty)
    with directives_tab:
        if view.directives is not None:
            table(view.directives, page, link_column=page.t("src_in_text"), key="sources.directives", back=back,
                  width="stretch", height=view.directives_height, column_config=view.columns)
            table_downloads(view.directives, page.lang, f"{source_id}-directives", "sources.directives")
        else:
            st.info(view.directives_empty)
page.finish()
