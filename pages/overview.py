"""Overview: one card per place with its reports, counts and headline metrics."""
import streamlit as st

from envdash.analysis.overview import part_bounds, parts
from envdash.present.cards import card_texts
from envdash.present.page import prepare_page, start_page
from envdash.present.url_state import ParamSpec
from envdash.store.queries import run_query

prepare_page()

totals = run_query("places_summary")
part_values = parts(len(totals))
# the part picker (and its URL parameter) only when the cards do not fit on one screen
page = start_page("overview", (ParamSpec("part", part_values, "0"),) if len(part_values) > 1 else ())
st.title(page.t("overview_title"))
st.caption(page.t("overview_intro", places=len(totals), figures=int(totals.figures.sum()),
                  derived=int(totals.derived.sum()), directives=int(totals.directives.sum())))

cards = card_texts(page.lang)
first, last = 0, len(cards)
if len(part_values) > 1:
    part = st.selectbox(page.t("overview_part"), part_values, key=page.key("part"),
                        format_func=lambda value: page.t("overview_part_range", total=len(cards),
                                                         first=part_bounds(int(value), len(cards))[0] + 1,
                                                         last=part_bounds(int(value), len(cards))[1]))
    first, last = part_bounds(int(part), len(cards))
columns = st.columns(2 if page.present else 3, gap="medium")
for index, card in enumerate(cards[first:last]):
    with columns[index % len(columns)].container(border=True):
        st.subheader(card.title, anchor=False)
        st.caption(card.subtitle)
        for line in card.source_lines:
            st.markdown(line)
        st.markdown(f"**{page.t('figures_count', figures=card.figures, directives=card.directives)}**")
        if card.metric_lines:
            for line in card.metric_lines:
                st.markdown(line)
        elif card.figures == 0:
            st.caption(page.t("no_figures_place"))
            for line in card.theme_lines:
                st.markdown(line)
        else:
            st.caption(page.t("no_headline"))
page.finish()
