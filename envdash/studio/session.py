"""The studio's session: its language, the draft the page works on, and every change to it.

The draft file is the only state that matters: each change reads it, applies the change and saves
it at once (callbacks below), and each run of a page reads it afresh. Closing the browser therefore
loses nothing, and a second window on the same draft sees the first one's work on its next run.
"""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from envdash.core.i18n import LANGUAGES, language_from_locale, t
from envdash.core.paths import PROJECT_ROOT, data_root, database_path
from envdash.curation.suggest import simplified
from envdash.studio.checks import DraftCheck, check_draft
from envdash.studio.drafting import draft_figures
from envdash.studio.drafts import (CONFIRMED, TO_CHECK, Draft, DraftError, check_report_id, discard_draft,
                                   draft_exists, load_draft, new_draft, save_draft)
from envdash.studio.editing import set_field
from envdash.studio.files import normalised_text
from envdash.studio.reopen import draft_from_published, published_ids
from envdash.studio.text_view import sentences

PAGE_ICON = PROJECT_ROOT / "envdash" / "present" / "page_icon.png"
LANGUAGE_KEY = "studio.lang"
REPORT_PARAM = "report"
MESSAGE_KEY = "studio.message"      # (kind, text) shown once at the top of the next run
CHOSEN_PREFIX = "studio.chosen."    # + report id: the record the editor shows
_CHECK_KEY = "studio.check"
_LANGUAGE_LABELS = {"zh": "中文", "en": "English"}


def root() -> Path:
    return data_root()


def database() -> Path:
    return database_path()


# --- language ---------------------------------------------------------------------------------------

def settle_language() -> str:
    """The session's language: the link's ?lang=, else the session's, else the browser's."""
    asked = st.query_params.get("lang")
    if asked in LANGUAGES and st.session_state.get("studio.url_lang") != asked:
        st.session_state[LANGUAGE_KEY] = asked
        st.session_state["studio.url_lang"] = asked
    if st.session_state.get(LANGUAGE_KEY) not in LANGUAGES:
        st.session_state[LANGUAGE_KEY] = language_from_locale(st.context.locale)
    return st.session_state[LANGUAGE_KEY]


def language_control(lang: str) -> None:
    st.segmented_control(t(lang, "language"), LANGUAGES, key=LANGUAGE_KEY, required=True,
                         format_func=_LANGUAGE_LABELS.get)


def say(kind: str, text: str) -> None:
    """A message for the top of the next run (after a callback, or across a page switch)."""
    st.session_state[MESSAGE_KEY] = (kind, text)


def show_message() -> None:
    kind, text = st.session_state.pop(MESSAGE_KEY, (None, None))
    if kind == "success":
        st.success(text, icon=":material/check_circle:")
    elif kind == "error":
        st.error(text, icon=":material/error:")
    elif kind == "info":
        st.info(text, icon=":material/info:")


# --- the draft ----------------------------------------------------------------------------------------

def report_from_url() -> str | None:
    report_id = st.query_params.get(REPORT_PARAM)
    return report_id if isinstance(report_id, str) and draft_exists(root(), report_id) else None


def current_draft() -> Draft | None:
    report_id = report_from_url()
    if report_id is None:
        return None
    try:
        return load_draft(root(), report_id)
    except DraftError as error:
        st.error(str(error), icon=":material/error:")
        return None


def draft_check(draft: Draft) -> DraftCheck:
    """The draft's check, worked out once per saved version of it."""
    key = (str(root()), draft.report_id, draft.revision, draft.updated)
    cached = st.session_state.get(_CHECK_KEY)
    if cached and cached[0] == key:
        return cached[1]
    check = check_draft(root(), draft)
    st.session_state[_CHECK_KEY] = (key, check)
    return check


def edit(report_id: str, change) -> bool:
    """Read the draft, apply `change(draft)`, save it; a failure is said at the top of the page."""
    try:
        draft = load_draft(root(), report_id)
        if change(draft) is False:
            return False
        save_draft(root(), draft)
        return True
    except (DraftError, OSError) as error:
        say("error", str(error))
        return False


def widget_key(report_id: str, *parts: str) -> str:
    return ".".join(("studio", report_id, *parts))


def seed(key: str, value) -> str:
    """A widget's key, its state filled from the draft the first time the widget is drawn."""
    if key not in st.session_state:
        st.session_state[key] = value
    return key


def chosen_key(report_id: str) -> str:
    return CHOSEN_PREFIX + report_id


def chosen(draft: Draft) -> str | None:
    """The record the editor shows: the one chosen, else the first still to check, else the first."""
    key = st.session_state.get(chosen_key(draft.report_id))
    if key and draft.record(key):
        return key
    records = [*draft.figures, *draft.directives]
    first = next((record for record in records if record.status != CONFIRMED), records[0] if records else None)
    return first.key if first else None


def choose(report_id: str, key: str | None) -> None:
    st.session_state[chosen_key(report_id)] = key


# --- callbacks ----------------------------------------------------------------------------------------

def set_detail(report_id: str, name: str, key: str) -> None:
    value = st.session_state.get(key)
    if name == "published" and value is not None and hasattr(value, "isoformat"):
        value = value.isoformat()
    if name == "boilerplate":
        value = [line for line in str(value or "").splitlines() if line.strip()]
    edit(report_id, lambda draft: draft.source.__setitem__(name, value))


def _looks_traditional(text: str) -> bool:
    """Whether a pasted text is in Traditional script: enough of its characters change in Simplified."""
    changed = sum(a != b for a, b in zip(text, simplified(text)))
    return changed >= 5 and changed * 50 >= sum("\u4e00" <= char <= "\u9fff" for char in text)


def _set_text(report_id: str, text: str, script_key: str) -> None:
    text = normalised_text(text)

    def change(draft: Draft):
        draft.text = text
        if text.strip():
            draft.source["script"] = "traditional" if _looks_traditional(text) else "simplified"
    if edit(report_id, change):
        st.session_state.pop(script_key, None)   # the script picker shows what was read from the text


def set_text(report_id: str, key: str, script_key: str) -> None:
    _set_text(report_id, st.session_state.get(key) or "", script_key)


def upload_text(report_id: str, key: str, text_key: str, script_key: str, lang: str) -> None:
    upload = st.session_state.get(key)
    if upload is None:
        return
    try:
        text = upload.getvalue().decode("utf-8")
    except UnicodeDecodeError:
        say("error", t(lang, "studio_upload_not_utf8", name=upload.name))
        return
    _set_text(report_id, text, script_key)
    st.session_state[text_key] = normalised_text(text)


def run_drafting(report_id: str, lang: str) -> None:
    counted = {}

    def change(draft: Draft):
        check = check_draft(root(), draft)
        if not check.records_checked:
            return False
        counted["n"] = draft_figures(draft, check.catalog)
    if edit(report_id, change):
        say("success", t(lang, "studio_drafted", count=counted.get("n", 0)))


def set_record_field(report_id: str, record_key: str, field: str, key: str) -> None:
    value = st.session_state.get(key)

    def change(draft: Draft):
        found = draft.record(record_key)
        if found is None:
            return False
        set_field(found[1].fields, field, value)
    edit(report_id, change)


def _next_to_check(records, position: int, skip: str) -> str | None:
    """The first record still to check after `position` (wrapping round), other than `skip`."""
    later = [record for record in records[position + 1:] + records[:position]
             if record.status == TO_CHECK and record.key != skip]
    return later[0].key if later else None


def set_status(report_id: str, record_key: str, status: str) -> None:
    following = {}

    def change(draft: Draft):
        found = draft.record(record_key)
        if found is None:
            return False
        found[1].status = status
        if status == CONFIRMED:
            records = [*draft.figures, *draft.directives]
            position = [record.key for record in records].index(record_key)
            following["key"] = _next_to_check(records, position, record_key) or record_key
    if edit(report_id, change) and "key" in following:
        choose(report_id, following["key"])


def delete_record(report_id: str, record_key: str) -> None:
    """Delete the record; the next one still to check opens (else its neighbour)."""
    following = {}

    def change(draft: Draft):
        records = [*draft.figures, *draft.directives]
        keys = [record.key for record in records]
        if record_key not in keys:
            return False
        position = keys.index(record_key)
        rest = keys[:position] + keys[position + 1:]
        neighbour = rest[min(position, len(rest) - 1)] if rest else None
        following["key"] = _next_to_check(records, position, record_key) or neighbour
        draft.remove(record_key)
    if edit(report_id, change):
        choose(report_id, following.get("key"))


def step(report_id: str, keys: list[str], record_key: str, by: int) -> None:
    if record_key in keys:
        choose(report_id, keys[(keys.index(record_key) + by) % len(keys)])


def add_from_sentence(report_id: str, section: str, sentence_key: str) -> None:
    start = st.session_state.get(sentence_key)
    added = {}

    def change(draft: Draft):
        found = [sentence for sentence in sentences(draft.text, draft_check(draft)) if sentence.start == start]
        if not found:
            return False
        sentence = found[0]
        if section == "figures":
            fields = {"place": draft.source.get("place", ""), "metric": "", "period": _plain_year(draft),
                      "kind": "actual"}
            if sentence.unaccounted:
                fields["value"] = _number(sentence.unaccounted[0].value)
            fields["quote"] = sentence.text.rstrip("。！？!?")
        else:
            fields = {"theme": "", "quote": sentence.text.rstrip("。！？!?"), "summary_en": ""}
        added["key"] = draft.add(section, fields).key
    if edit(report_id, change):
        choose(report_id, added["key"])


def _plain_year(draft: Draft) -> str:
    period = str(draft.source.get("period") or "")
    return period if period.isdigit() else period.split("..")[0][:4]


def _number(value: float):
    return int(value) if float(value).is_integer() else value


def set_curator(report_id: str, key: str) -> None:
    name = str(st.session_state.get(key) or "")
    edit(report_id, lambda draft: setattr(draft, "curator", name))


def start_new(lang: str, id_key: str, place_key: str) -> str | None:
    """Make a new draft from the form's id and place; the id, or None (and why) when it cannot be."""
    report_id = str(st.session_state.get(id_key) or "").strip()
    place = st.session_state.get(place_key)
    try:
        check_report_id(report_id)
    except DraftError as error:
        say("error", str(error))
        return None
    if draft_exists(root(), report_id):
        return report_id      # resume it
    if report_id in published_ids(root()):
        say("error", t(lang, "studio_id_published", report=report_id))
        return None
    try:
        save_draft(root(), new_draft(report_id, place or ""))
    except (DraftError, OSError) as error:
        say("error", str(error))
        return None
    return report_id


def open_published(report_id: str) -> str | None:
    if draft_exists(root(), report_id):
        return report_id
    try:
        save_draft(root(), draft_from_published(root(), report_id))
    except (DraftError, OSError) as error:
        say("error", str(error))
        return None
    return report_id


def discard(report_id: str, lang: str) -> None:
    discard_draft(root(), report_id)
    say("info", t(lang, "studio_discarded", report=report_id))

