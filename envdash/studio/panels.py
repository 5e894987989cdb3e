"""The parts of the curation page, each drawn from the draft and its check.

Every data string is shown as escaped Markdown or as plain widget text; nothing is rendered as HTML.
Every widget writes its change into the draft file at once (session.py's callbacks).
"""
from __future__ import annotations

import datetime as dt
from functools import partial

import pandas as pd
import streamlit as st

from envdash.core.formatting import COMPARATOR_SYMBOLS, format_number, period_text
from envdash.core.i18n import t
from envdash.core.problems import Problem
from envdash.core.safe_markdown import md
from envdash.curation.catalog import Catalog
from envdash.studio import session
from envdash.studio.checks import DraftCheck, problem_text
from envdash.studio.drafts import CONFIRMED, REVISE, TO_CHECK, Draft, DraftRecord
from envdash.studio.editing import shown
from envdash.studio.metric_search import matching_metrics
from envdash.studio.publish import blockers, change_count, publish
from envdash.studio.text_view import COLOUR, record_state, sentence_markdown, sentences, text_parts

KINDS = ("meeting news", "work plan", "review and plan")
FIGURE_KINDS = ("actual", "target")
STRENGTHS = ("binding", "aspirational", "planned", "estimate")
COMPARATORS = ("=", "<=", ">=", "<", ">", "~")
BASES = ("relative", "absolute")
CERTAINTIES = ("exact", "inferred")
SCRIPTS = ("simplified", "traditional")
TEXT_HEIGHT = 640
# Static script (no data): scroll the text box so the chosen record's paragraph sits in its middle,
# and let the keyboard reach the box (Streamlit gives a scrolling container no tabindex).
SCROLL_TO_CHOSEN_SCRIPT = """
<script>
(() => {
  const bring = () => {
    const box = document.querySelector('.st-key-studio-text');
    if (box && !box.hasAttribute('tabindex')) box.setAttribute('tabindex', '0');
    const mark = document.querySelector('.st-key-studio-chosen');
    if (!box || !mark) return false;
    const shift = mark.getBoundingClientRect().top - box.getBoundingClientRect().top;
    box.scrollTop += shift - (box.clientHeight - mark.getBoundingClientRect().height) / 2;
    return true;
  };
  let tries = 0;
  const timer = setInterval(() => { if (bring() || ++tries > 20) clearInterval(timer); }, 150);
})();
</script>
"""


# --- labels -------------------------------------------------------------------------------------------

def _name(item, lang: str) -> str:
    first, second = (item.name_zh, item.name_en) if lang == "zh" else (item.name_en, item.name_zh)
    return first or second


def metric_label(catalog: Catalog, lang: str):
    def label(metric_id):
        metric = catalog.metrics.get(metric_id)
        if metric is None:
            return str(metric_id)
        other = metric.name_en if lang == "zh" else metric.name_zh
        return f"{_name(metric, lang)} · {other} ({metric_id})"
    return label


def unit_label(catalog: Catalog, lang: str):
    def label(unit_id):
        unit = catalog.units.get(unit_id)
        name = (unit.name_zh if lang == "zh" else unit.name_en) if unit else ""
        return f"{unit_id} ({name})" if name and name != unit_id else str(unit_id)
    return label


def _named(table: dict, lang: str):
    return lambda item_id: f"{_name(table[item_id], lang)} ({item_id})" if item_id in table else str(item_id)


def _options(choices, current) -> list:
    """The choices, with the current value first when it is not one of them (so it shows, and stays)."""
    choices = list(choices)
    return ([current] if current not in (None, "") and current not in choices else []) + choices


def value_text(fields: dict, catalog: Catalog, lang: str) -> str:
    value = fields.get("value")
    unit = str(fields.get("unit") or "")
    prefix = COMPARATOR_SYMBOLS.get(str(fields.get("comparator") or "="), "")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        written = format_number(float(value))
    else:
        written = shown(fields, "value") or "–"
    change = fields.get("change") if isinstance(fields.get("change"), dict) else None
    if unit in ("%", "index"):
        text = f"{prefix}{written}{'%' if unit == '%' else ''}"
    else:
        text = f"{prefix}{written}\u00a0{unit}".strip()
    if change:
        text += f" ({t(lang, 'studio_change_short')} {shown(fields, 'change.value')}{change.get('unit') or ''})"
    return text


def state_label(state: str, lang: str) -> str:
    return t(lang, f"studio_state_{state}")


def record_line(number: int, section: str, record: DraftRecord, check: DraftCheck, catalog: Catalog, lang: str) -> str:
    """"#3 · PM2.5年均浓度 · 26 µg/m³ · to check": the record in the chooser."""
    fields = record.fields
    if section == "figures":
        metric = fields.get("metric")
        what = _name(catalog.metrics[metric], lang) if metric in catalog.metrics else t(lang, "studio_no_metric")
        quote = str(fields.get("quote") or "")
        body = f"{what} · {value_text(fields, catalog, lang)} · {quote[:28]}{'…' if len(quote) > 28 else ''}"
    else:
        theme = fields.get("theme")
        what = _name(catalog.themes[theme], lang) if theme in catalog.themes else t(lang, "studio_no_theme")
        quote = str(fields.get("quote") or "")
        body = f"{t(lang, 'studio_directive')} · {what} · {quote[:28]}{'…' if len(quote) > 28 else ''}"
    return f"#{number} · {body} · {state_label(record_state(record, check), lang)}"


# --- the page's head ----------------------------------------------------------------------------------

def header(draft: Draft, check: DraftCheck, lang: str) -> None:
    title = str(draft.source.get("title_zh") or "") or draft.report_id
    st.title(t(lang, "studio_curate_title", report=draft.report_id), anchor=False)
    mode = t(lang, "studio_mode_revise" if draft.mode == REVISE else "studio_mode_new")
    records = len(draft.figures) + len(draft.directives)
    st.caption(md(f"{title} · {mode} · " + t(lang, "studio_saved", time=draft.updated.replace("T", " ")[:19],
                                                     records=records, to_check=draft.to_check)))


def _problems(problems: list[Problem]) -> None:
    for problem in problems:
        st.error(md(problem_text(problem)), icon=":material/error:")


# --- 1. the report's details --------------------------------------------------------------------------

_DETAIL_ROWS = (("place", "kind", "script"), ("published", "published_certainty", "period"),
                ("issuer_zh", "issuer_en"), ("title_zh", "title_en"), ("title_note_zh", "title_note_en"),
                ("published_note_zh", "published_note_en"))


def _detail_widget(draft: Draft, catalog: Catalog, name: str, lang: str) -> None:
    report = draft.report_id
    key = session.widget_key(report, "source", name)
    value = draft.source.get(name)
    label = t(lang, f"studio_field_{name}")
    change = {"on_change": session.set_detail, "args": (report, name, key)}
    if name == "published":
        try:
            typed = dt.date.fromisoformat(str(value)) if value else None
        except ValueError:
            typed = None
        st.date_input(label, key=session.seed(key, typed), min_value=dt.date(1990, 1, 1),
                      max_value=dt.date(2100, 12, 31), format="YYYY-MM-DD", **change)
        return
    choices = {"place": list(catalog.places), "kind": KINDS, "published_certainty": CERTAINTIES, "script": SCRIPTS}
    if name in choices:
        formats = {"place": _named(catalog.places, lang),
                   "kind": lambda kind: t(lang, "src_kind_" + kind.replace(" ", "_")) if kind in KINDS else kind,
                   "published_certainty": lambda value: t(lang, f"src_certainty_{value}"),
                   "script": lambda value: t(lang, f"src_script_{value}")}
        st.selectbox(label, _options(choices[name], value), key=session.seed(key, value or None),
                     format_func=formats[name], index=None, placeholder=t(lang, "studio_choose"), **change)
        return
    help_key = f"studio_help_{name}"
    st.text_input(label, key=session.seed(key, str(value or "")),
                  help=t(lang, help_key) if _has(lang, help_key) else None, **change)


def _has(lang: str, key: str) -> bool:
    try:
        t(lang, key)
        return True
    except KeyError:
        return False


def details_panel(draft: Draft, check: DraftCheck, lang: str) -> None:
    catalog = check.catalog
    incomplete = bool(check.source_problems) or not check.records_checked
    # open when the page opens on details still to fill in, then left as the curator leaves it: it
    # must not fold away under the cursor when the last required field is filled in
    opened = session.seed(session.widget_key(draft.report_id, "details_open"), incomplete)
    with st.expander(t(lang, "studio_details_title"), expanded=st.session_state[opened], icon=":material/article:",
                     key=f"studio-details-{draft.report_id}", on_change="rerun"):
        st.caption(t(lang, "studio_details_intro"))
        for row in _DETAIL_ROWS:
            for column, name in zip(st.columns(len(row)), row):
                with column:
                    _detail_widget(draft, catalog, name, lang)
                    _problems([problem for problem in check.source_problems if problem.field.split(".")[0] == name])
        key = session.widget_key(draft.report_id, "source", "boilerplate")
        st.text_area(t(lang, "studio_field_boilerplate"), help=t(lang, "studio_help_boilerplate"), height=80,
                     key=session.seed(key, "\n".join(draft.source.get("boilerplate") or [])),
                     on_change=session.set_detail, args=(draft.report_id, "boilerplate", key))
        named = {field for row in _DETAIL_ROWS for field in row}
        _problems([problem for problem in check.source_problems if problem.field.split(".")[0] not in named])
    if incomplete:
        st.info(t(lang, "studio_details_needed"), icon=":material/info:")


# --- 2. the text ----------------------------------------------------------------------------------------

def text_input_panel(draft: Draft, check: DraftCheck, lang: str) -> None:
    report = draft.report_id
    if draft.mode == REVISE:
        return
    has_records = bool(draft.figures or draft.directives)
    opened = session.seed(session.widget_key(report, "text_open"), not draft.text.strip())
    with st.expander(t(lang, "studio_text_title"), expanded=st.session_state[opened], icon=":material/content_paste:",
                     key=f"studio-text-input-{report}", on_change="rerun"):
        if has_records:
            st.warning(t(lang, "studio_text_change_warning"), icon=":material/warning:")
        text_key = session.widget_key(report, "text")
        script_key = session.widget_key(report, "source", "script")
        st.text_area(t(lang, "studio_paste"), key=session.seed(text_key, draft.text), height=220,
                     placeholder=t(lang, "studio_paste_placeholder"),
                     on_change=session.set_text, args=(report, text_key, script_key))
        upload_key = session.widget_key(report, "upload")
        st.file_uploader(t(lang, "studio_upload"), type=["txt"], key=upload_key,
                         on_change=session.upload_text, args=(report, upload_key, text_key, script_key, lang))
    if draft.text.strip() and not draft.drafted:
        ready = check.records_checked
        st.button(t(lang, "studio_draft_button"), type="primary", icon=":material/auto_awesome:", disabled=not ready,
                  key=session.widget_key(report, "draft"), on_click=session.run_drafting, args=(report, lang),
                  help=t(lang, "studio_draft_help"))
        if not ready:
            st.caption(t(lang, "studio_draft_needs_details"))


# --- 3. the text beside the records ---------------------------------------------------------------------

def legend(lang: str) -> str:
    return " ".join(f":{COLOUR[kind]}-background[{md(t(lang, f'studio_legend_{kind}'))}]"
                    for kind in ("to_check", "confirmed", "problem", "unaccounted", "directive", "chosen"))


def text_panel(draft: Draft, check: DraftCheck, lang: str, chosen: str | None) -> None:
    st.markdown(f"**{md(t(lang, 'studio_text_heading'))}** — {legend(lang)}")
    before, focused, after = text_parts(draft, check, chosen)
    with st.container(height=TEXT_HEIGHT, border=True, key="studio-text"):
        if before:
            st.markdown(before)
        if focused:
            with st.container(key="studio-chosen"):
                st.markdown(focused)
            if after:
                st.markdown(after)
    with st.container(key=f"studio-scroll-{chosen or 'none'}"):
        st.html(SCROLL_TO_CHOSEN_SCRIPT, unsafe_allow_javascript=True)


def _table(draft: Draft, check: DraftCheck, catalog: Catalog, lang: str, section: str) -> pd.DataFrame:
    rows = []
    numbers = _numbers(draft)
    for record in draft.records(section):
        fields = record.fields
        row = {t(lang, "studio_column_number"): numbers[record.key],
               t(lang, "status"): state_label(record_state(record, check), lang)}
        if section == "figures":
            metric = fields.get("metric")
            row[t(lang, "metric")] = (_name(catalog.metrics[metric], lang) if metric in catalog.metrics
                                      else str(metric or "–"))
            row[t(lang, "value")] = value_text(fields, catalog, lang)
            row[t(lang, "period")] = period_text(str(fields.get("period") or ""), lang)
            kind = fields.get("kind")
            row[t(lang, "kind")] = t(lang, kind) if kind in FIGURE_KINDS else str(kind or "")
        else:
            theme = fields.get("theme")
            row[t(lang, "theme")] = _name(catalog.themes[theme], lang) if theme in catalog.themes else str(theme or "–")
            row[t(lang, "src_summary")] = str(fields.get("summary_en") or "")
        row[t(lang, "quote")] = str(fields.get("quote") or "")
        rows.append(row)
    return pd.DataFrame(rows)


def _numbers(draft: Draft) -> dict[str, int]:
    return {record.key: number for number, record in enumerate([*draft.figures, *draft.directives], 1)}


def _choose_from_table(report: str, section: str, table_key: str) -> None:
    rows = st.session_state[table_key].selection.rows
    if rows:
        draft = session.load_draft(session.root(), report)
        records = draft.records(section)
        if rows[0] < len(records):
            session.choose(report, records[rows[0]].key)


def records_panel(draft: Draft, check: DraftCheck, lang: str, chosen: str | None) -> None:
    catalog = check.catalog
    report = draft.report_id
    figures_tab, directives_tab = st.tabs([t(lang, "src_figures_tab", count=len(draft.figures)),
                                          t(lang, "src_directives_tab", count=len(draft.directives))])
    for tab, section in ((figures_tab, "figures"), (directives_tab, "directives")):
        with tab:
            records = draft.records(section)
            if not records:
                st.caption(t(lang, f"studio_no_{section}"))
                continue
            # a new table for every saved version and every record chosen: its selected row is the
            # record the editor shows, however it was chosen (a click, Next, Confirm)
            table_key = session.widget_key(report, "table", section, str(draft.revision), str(chosen))
            rows = [index for index, record in enumerate(records) if record.key == chosen]
            st.dataframe(_table(draft, check, catalog, lang, section), key=table_key, hide_index=True,
                         on_select=partial(_choose_from_table, report, section, table_key),
                         selection_mode="single-row", selection_default={"selection": {"rows": rows}},
                         width="stretch", height=min(320, 38 + 35 * len(records)))
    st.caption(t(lang, "studio_table_hint"))


# --- 4. the chosen record --------------------------------------------------------------------------------

def _field_key(draft: Draft, record: DraftRecord, field: str) -> str:
    return session.widget_key(draft.report_id, "record", record.key, field)


def _text_field(draft, record, field, label, lang, area=False, height=None, help_text=None, placeholder=None):
    key = _field_key(draft, record, field)
    widget = st.text_area if area else st.text_input
    extra = {"height": height} if area and height else {}
    widget(label, key=session.seed(key, shown(record.fields, field)), help=help_text, placeholder=placeholder,
           on_change=session.set_record_field, args=(draft.report_id, record.key, field, key), **extra)


def _choice_field(draft, record, field, label, choices, lang, format_func=str, help_text=None):
    key = _field_key(draft, record, field)
    current = shown(record.fields, field) if field.startswith("change.") else record.fields.get(field)
    if field == "comparator" and current in (None, ""):
        current = "="
    options = _options(choices, current)
    st.selectbox(label, options, key=session.seed(key, current if current not in ("", None) else None),
                 index=None, placeholder=t(lang, "studio_none"), format_func=format_func, help=help_text,
                 on_change=session.set_record_field, args=(draft.report_id, record.key, field, key))


def _metric_field(draft: Draft, record: DraftRecord, catalog: Catalog, lang: str) -> None:
    search_key = _field_key(draft, record, "metric_search")
    search = st.text_input(t(lang, "studio_metric_search"), key=search_key,
                           placeholder=t(lang, "studio_metric_search_placeholder"),
                           help=t(lang, "studio_metric_search_help"))
    current = record.fields.get("metric") or None
    # what the search finds (the record's own metric kept, so it stays chosen); without a search,
    # the drafter's closest candidates first, then the whole catalogue
    found = matching_metrics(catalog, search, keep=[current] if current else [])
    if not search:
        found = list(dict.fromkeys([*(metric for metric in (current, *record.candidates) if metric), *found]))
    key = _field_key(draft, record, "metric")
    st.selectbox(t(lang, "metric"), _options(found, current), key=session.seed(key, current), index=None,
                 placeholder=t(lang, "studio_choose_metric"), format_func=metric_label(catalog, lang),
                 on_change=session.set_record_field, args=(draft.report_id, record.key, "metric", key))
    st.caption(t(lang, "studio_metric_matches", count=len(found)) if search else
               t(lang, "studio_metric_candidates", count=len(record.candidates)) if record.candidates and not current
               else "")


def _figure_fields(draft: Draft, record: DraftRecord, catalog: Catalog, lang: str) -> None:
    _metric_field(draft, record, catalog, lang)
    period, kind, strength = st.columns(3)
    with period:
        _text_field(draft, record, "period", t(lang, "period"), lang, help_text=t(lang, "studio_help_period"))
    with kind:
        _choice_field(draft, record, "kind", t(lang, "kind"), FIGURE_KINDS, lang,
                      lambda kind: t(lang, kind) if kind in FIGURE_KINDS else str(kind))
    with strength:
        _choice_field(draft, record, "strength", t(lang, "studio_field_strength"), STRENGTHS, lang,
                      lambda value: t(lang, f"studio_strength_{value}") if value in STRENGTHS else str(value),
                      t(lang, "studio_help_strength"))
    value, unit, comparator = st.columns(3)
    with value:
        _text_field(draft, record, "value", t(lang, "value"), lang)
    with unit:
        _choice_field(draft, record, "unit", t(lang, "unit"), list(catalog.units), lang, unit_label(catalog, lang))
    with comparator:
        _choice_field(draft, record, "comparator", t(lang, "comparator"), COMPARATORS, lang,
                      lambda value: f"{value} {t(lang, 'studio_comparator_' + value)}" if value in COMPARATORS
                      else str(value))
    change_value, change_unit, basis, versus = st.columns(4)
    with change_value:
        _text_field(draft, record, "change.value", t(lang, "studio_field_change_value"), lang,
                    help_text=t(lang, "studio_help_change"))
    with change_unit:
        _choice_field(draft, record, "change.unit", t(lang, "studio_field_change_unit"), list(catalog.units), lang,
                      unit_label(catalog, lang))
    with basis:
        _choice_field(draft, record, "change.basis", t(lang, "studio_field_change_basis"), BASES, lang,
                      lambda value: t(lang, f"studio_basis_{value}") if value in BASES else str(value))
    with versus:
        _text_field(draft, record, "change.versus", t(lang, "studio_field_change_versus"), lang,
                    placeholder="previous_year")
    total, scope = st.columns([1, 2])
    with total:
        _text_field(draft, record, "total", t(lang, "studio_field_total"), lang, help_text=t(lang, "studio_help_total"))
    with scope:
        _choice_field(draft, record, "scope", t(lang, "scope"), list(catalog.scopes), lang,
                      _named(catalog.scopes, lang))
    note_zh, note_en = st.columns(2)
    with note_zh:
        _text_field(draft, record, "note_zh", t(lang, "studio_field_note_zh"), lang, area=True, height=90)
    with note_en:
        _text_field(draft, record, "note_en", t(lang, "studio_field_note_en"), lang, area=True, height=90)
    _text_field(draft, record, "quote", t(lang, "quote"), lang, area=True, height=90,
                help_text=t(lang, "studio_help_quote"))


def _directive_fields(draft: Draft, record: DraftRecord, catalog: Catalog, lang: str) -> None:
    _choice_field(draft, record, "theme", t(lang, "theme"), list(catalog.themes), lang, _named(catalog.themes, lang))
    _text_field(draft, record, "quote", t(lang, "quote"), lang, area=True, height=90,
                help_text=t(lang, "studio_help_quote"))
    _text_field(draft, record, "summary_en", t(lang, "studio_field_summary_en"), lang)
    _text_field(draft, record, "summary_zh", t(lang, "studio_field_summary_zh"), lang)
    deadline, numbers = st.columns(2)
    with deadline:
        _text_field(draft, record, "deadline", t(lang, "src_deadline_column"), lang,
                    help_text=t(lang, "studio_help_period"))
    with numbers:
        _text_field(draft, record, "numbers", t(lang, "studio_field_numbers"), lang,
                    help_text=t(lang, "studio_help_numbers"))


def editor_panel(draft: Draft, check: DraftCheck, lang: str, chosen: str | None) -> None:
    catalog = check.catalog
    report = draft.report_id
    records = [(section, record) for section in ("figures", "directives") for record in draft.records(section)]
    if not records:
        return
    numbers = _numbers(draft)
    keys = [record.key for _, record in records]
    by_key = dict((record.key, (section, record)) for section, record in records)
    chooser = session.chosen_key(report)
    st.session_state[chooser] = chosen
    st.selectbox(t(lang, "studio_record"), keys, key=chooser,
                 format_func=lambda key: record_line(numbers[key], *by_key[key], check, catalog, lang))
    section, record = by_key[chosen]
    state = record_state(record, check)
    with st.container(border=True, key="studio-editor"):
        st.markdown(f"**{md(t(lang, 'studio_' + section[:-1]))} #{numbers[record.key]}** · "
                    f"{md(state_label(state, lang))} · {md(t(lang, 'studio_origin_' + record.origin))}")
        sentence = sentence_markdown(draft, record, check)
        if sentence:
            # plain text in a frame, not an alert: the marks must stand out from what is around them
            with st.container(border=True, key="studio-sentence"):
                st.markdown(f":material/format_quote: {sentence}")
        else:
            st.warning(t(lang, "studio_quote_not_in_text"), icon=":material/warning:")
        if not check.records_checked:
            st.caption(t(lang, "studio_records_wait"))
        _problems(check.problems_of(record.key))
        (_figure_fields if section == "figures" else _directive_fields)(draft, record, catalog, lang)
        with st.container(horizontal=True, gap="small"):
            if record.status == CONFIRMED:
                st.button(t(lang, "studio_unconfirm"), icon=":material/undo:",
                          key=session.widget_key(report, "unconfirm"), on_click=session.set_status,
                          args=(report, record.key, TO_CHECK))
            else:
                st.button(t(lang, "studio_confirm"), type="primary", icon=":material/check:",
                          key=session.widget_key(report, "confirm"), disabled=bool(check.problems_of(record.key))
                          or not check.records_checked, help=t(lang, "studio_confirm_help"),
                          on_click=session.set_status, args=(report, record.key, CONFIRMED))
            st.button(t(lang, "studio_previous"), icon=":material/arrow_upward:",
                      key=session.widget_key(report, "previous"), on_click=session.step,
                      args=(report, keys, record.key, -1))
            st.button(t(lang, "studio_next"), icon=":material/arrow_downward:", key=session.widget_key(report, "next"),
                      on_click=session.step, args=(report, keys, record.key, 1))
            st.button(t(lang, "studio_delete"), icon=":material/delete:", key=session.widget_key(report, "delete"),
                      on_click=session.delete_record, args=(report, record.key))


# --- 5. adding what the drafter missed, and coverage --------------------------------------------------------

def add_panel(draft: Draft, check: DraftCheck, lang: str) -> None:
    report = draft.report_id
    every = sentences(draft.text, check)
    with st.container(border=True, key="studio-add"):
        st.markdown(f"**{md(t(lang, 'studio_add_title'))}**")
        only_key = session.widget_key(report, "only_unaccounted")
        only = st.toggle(t(lang, "studio_only_unaccounted"), key=session.seed(only_key, bool(check.unaccounted)))
        shown_sentences = [sentence for sentence in every if sentence.unaccounted or not only]
        by_start = {sentence.start: sentence for sentence in shown_sentences}
        sentence_key = session.widget_key(report, "sentence")
        if st.session_state.get(sentence_key) not in by_start:
            st.session_state.pop(sentence_key, None)

        def label(start):
            sentence = by_start[start]
            numbers = "、".join(mark.number for mark in sentence.unaccounted)
            tail = f" · {t(lang, 'studio_unaccounted_in', numbers=numbers)}" if numbers else ""
            shortened = sentence.text[:70] + ("…" if len(sentence.text) > 70 else "")
            return f"{t(lang, 'src_line')} {sentence.line}: {shortened}{tail}"
        st.selectbox(t(lang, "studio_sentence"), list(by_start), key=sentence_key, format_func=label, index=None,
                     placeholder=t(lang, "studio_sentence_placeholder"))
        picked = st.session_state.get(sentence_key) is not None
        with st.container(horizontal=True, gap="small"):
            st.button(t(lang, "studio_add_figure"), icon=":material/add:", disabled=not picked,
                      key=session.widget_key(report, "add_figure"),
                      on_click=session.add_from_sentence, args=(report, "figures", sentence_key))
            st.button(t(lang, "studio_add_directive"), icon=":material/playlist_add:", disabled=not picked,
                      key=session.widget_key(report, "add_directive"),
                      on_click=session.add_from_sentence, args=(report, "directives", sentence_key))


def coverage_panel(draft: Draft, check: DraftCheck, lang: str) -> None:
    if not check.records_checked:
        return
    missing = check.unaccounted
    accounted = sum(mark.status == "accounted" for mark in check.numbers)
    set_aside = sum(mark.status.startswith("set aside") for mark in check.numbers)
    ignored = sum(mark.status == "ignored" for mark in check.numbers)
    st.caption(t(lang, "src_coverage", numbers=len(check.numbers), accounted=accounted, set_aside=set_aside,
                 ignored=ignored, unaccounted=len(missing)))
    if not missing:
        st.success(t(lang, "src_all_accounted"), icon=":material/check_circle:")
        return
    with st.expander(t(lang, "studio_unaccounted_title", count=len(missing)), icon=":material/pin:",
                     expanded=False):
        st.dataframe(pd.DataFrame({t(lang, "src_line"): [mark.line for mark in missing],
                                   t(lang, "src_number"): [mark.number for mark in missing],
                                   t(lang, "src_context"): [mark.context for mark in missing]}),
                     hide_index=True, width="stretch")
        st.caption(t(lang, "studio_unaccounted_hint"))


# --- 6. publishing ---------------------------------------------------------------------------------------

def _blocker_text(blocker, lang: str) -> str:
    return t(lang, f"studio_blocker_{blocker.code}", count=blocker.count, detail=blocker.detail)


def publish_panel(draft: Draft, check: DraftCheck, lang: str) -> None:
    report = draft.report_id
    with st.container(border=True, key="studio-publish"):
        st.subheader(t(lang, "studio_publish_title"), anchor=False)
        count = change_count(draft)
        st.caption(t(lang, "studio_publish_intro", added=count.added, changed=count.changed, removed=count.removed))
        curator_key = session.widget_key(report, "curator")
        st.text_input(t(lang, "studio_curator"), key=session.seed(curator_key, draft.curator),
                      on_change=session.set_curator, args=(report, curator_key))
        found = blockers(session.root(), draft, draft.curator, check)
        for blocker in found:
            st.warning(_blocker_text(blocker, lang), icon=":material/block:")
        _problems(check.other_problems)
        clicked = st.button(t(lang, "studio_publish"), type="primary", icon=":material/publish:", disabled=bool(found),
                            key=session.widget_key(report, "publish"))
        with st.popover(t(lang, "studio_discard"), icon=":material/delete_forever:"):
            st.caption(t(lang, "studio_discard_warning"))
            if st.button(t(lang, "studio_discard_confirm"), key=session.widget_key(report, "discard")):
                session.discard(report, lang)
                st.switch_page("views/reports.py")
    if clicked:
        with st.spinner(t(lang, "studio_publishing")):
            result = publish(session.root(), session.database(), draft, draft.curator)
        if result.published:
            session.say("success", t(lang, "studio_published", report=report, added=result.change.added,
                                     changed=result.change.changed, removed=result.change.removed,
                                     seconds=f"{result.seconds:.1f}"))
            st.switch_page("views/reports.py")
        for blocker in result.blockers:
            st.warning(_blocker_text(blocker, lang), icon=":material/block:")
        if result.problems:
            st.error(t(lang, "studio_publish_failed", count=len(result.problems)), icon=":material/error:")
            st.code("\n".join(str(problem) for problem in result.problems), language=None)
