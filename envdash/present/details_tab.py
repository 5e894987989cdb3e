"""The details tab: what the figures of a chart mean and rest on, in the page's language."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from envdash.analysis.metric_details import metric_details
from envdash.analysis.options import unit_names
from envdash.core.formatting import format_value, unit_name
from envdash.core.i18n import localized, t
from envdash.present.page_parts import markdown_table, sentence_link
from envdash.present.safe_text import md


def unit_text(unit: str, lang: str, unit_names) -> str:
    return unit_name(unit, lang, unit_names) or t(lang, "index_unit")


def references_table(references: pd.DataFrame, unit: str, lang: str, unit_names) -> pd.DataFrame:
    """Reference values as a reader's table: label, value with unit, year (if any), source."""
    return pd.DataFrame({
        t(lang, "details_reference"): [localized(row, "label", lang) for row in references.to_dict("records")],
        t(lang, "value"): [format_value(value, unit, lang, unit_names) for value in references.value],
        t(lang, "details_year"): ["" if pd.isna(year) else str(int(year)) for year in references.year],
        t(lang, "source"): list(references.source),
    })


def report_line(report, lang: str) -> str:
    """"<issuer>, published <date> · <n> of the figures shown"."""
    date = f"{pd.Timestamp(report['published']):%Y-%m-%d}"
    key = "details_report_figures_one" if int(report["figures"]) == 1 else "details_report_line"
    return t(lang, key, issuer=localized(report, "issuer", lang), date=date, figures=int(report["figures"]))


def metric_details_section(metric, figures: pd.DataFrame, page) -> None:
    """What `figures` of `metric` mean and rest on: definition, unit, direction, scopes, reference
    values and reports, each under its label."""
    details, names = metric_details(metric, figures), unit_names()
    lang, metric = page.lang, details.metric
    st.markdown(f"**{md(page.t('details_definition'))}**  \n{md(localized(metric, 'definition', lang))}")
    colon = md(page.t("details_colon"))
    st.markdown(f"**{md(page.t('details_unit'))}**{colon}{md(unit_text(metric['unit'], lang, names))}  \n"
                f"**{md(page.t('details_direction'))}**{colon}{md(page.t('direction_' + metric['direction']))}")
    scopes = ([f"- {md(page.t('details_whole_area'))}"] if details.whole_area else []) + [
        f"- **{md(localized(row, 'name', lang))}**{colon}{md(localized(row, 'definition', lang))}"
        for row in details.scopes.to_dict("records")]
    if scopes:
        st.markdown(f"**{md(page.t('details_scopes'))}**\n\n" + "\n".join(scopes))
    st.markdown(f"**{md(page.t('details_references'))}**")
    if details.references.empty:
        st.caption(page.t("details_no_references"))
    else:
        st.table(markdown_table(references_table(details.references, metric["unit"], lang, names)),
                 border="horizontal")
    st.markdown(f"**{md(page.t('details_reports'))}**")
    if details.reports.empty:
        st.caption(page.t("details_no_reports"))
    for index, report in enumerate(details.reports.to_dict("records")):
        with st.container(key=f"details-report-{index}"):
            sentence_link(page, report["source_id"], None, label=md(localized(report, "title", lang)),
                          icon=":material/description:")
            st.caption(md(report_line(report, lang)))
