"""Overview: one card per place with its reports, counts and headline metrics."""
import streamlit as st

from envdash.cards import headline_lines, place_heading, source_lines, theme_emphasis
from envdash.overview import place_cards
from envdash.queries import run_query
from envdash.ui import prepare_page, start_page

prepare_page()

page = start_page("overview")
st.title(page.t("overview_title"))
totals = run_query("places_summary")
st.caption(page.t("overview_intro", places=len(totals), figures=int(totals.figures.sum()),
                  derived=int(totals.derived.sum()), directives=int(totals.directives.sum())))

cards = place_cards(page.lang)
columns = st.columns(2 if page.present else 3, gap="medium")
for index, card in enumerate(cards):
    with columns[index % len(columns)].container(border=True):
        title, subtitle = place_heading(card, page.lang)
        st.subheader(title, anchor=False)
        st.caption(subtitle)
        for line in source_lines(card, page.lang):
            st.markdown(line)
        st.markdown(f"**{page.t('figures_count', figures=int(card.place.figures), directives=int(card.place.directives))}**")
        if card.headlines:
            for metric_line in headline_lines(card, page.lang):
                st.markdown(metric_line.markdown)
        elif int(card.place.figures) == 0:
            st.caption(page.t("no_figures_place"))
            for line in theme_emphasis(card, page.lang):
                st.markdown(line)
        else:
            st.caption(page.t("no_headline"))
page.finish()
