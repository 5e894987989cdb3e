"""The Sources page: a report's metadata, and its text with every curated quote highlighted.

The text is cut into segments at every quote boundary and rendered as escaped Markdown, with
Streamlit's own `:colour-background[...]` directives around the quoted pieces: the report's words
are never read as Markdown or HTML.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

import pandas as pd
import streamlit as st

from envdash.analysis.options import unit_names
from envdash.core.formatting import format_value, period_text
from envdash.core.i18n import localized, t
from envdash.present.links import sentence_url
from envdash.present.navigation import PAGE_IDS
from envdash.present.safe_text import md
from envdash.present.style import SCOPE_WIDTH, table_height
from envdash.present.url_state import ParamSpec
from envdash.store.queries import cached_view, run_query

# Streamlit's highlight colour for each kind of quote: figures and directives differ, and the
# focused record stands out from both (and is set in bold).
HIGHLIGHT = {"figure": "blue", "directive": "orange", "focus": "yellow"}
# Where quotes overlap, the shared piece shows the strongest kind: the focused record, then a
# figure (the narrower, number-bearing quote, usually inside a directive), then a directive.
_STRENGTH = {"plain": 0, "directive": 1, "figure": 2, "focus": 3}
_SENTENCE_ENDS = "。；;！!？?"
# The focused quote, set in bold inside its highlight (the only bold highlight), is marked so that it
# stands out on a projector: near-black navy with white text (both about 15:1 against the page and the
# other highlights' pale backgrounds) and an orange ring. Static CSS: no data in it.
FOCUS_CSS = """
<style>
.stMarkdownColoredBackground:has(> strong) { background-color: #102A43 !important; color: #FFFFFF !important;
  box-shadow: 0 0 0 3px #E69F00; border-radius: 0.2em; padding: 0 0.2em; }
.stMarkdownColoredBackground:has(> strong) strong { color: #FFFFFF !important; }
</style>
"""
# Static script (no data): make the text box reachable by keyboard (Streamlit gives a scrolling
# container no tabindex, so arrow keys could not scroll it) and scroll the box so that the focused
# quote sits in its middle. Only the box scrolls: the page stays at its top, where the way back and
# the quote in its sentence (the callout) are.
SCROLL_TO_FOCUS_SCRIPT = """
<script>
(() => {
  const bring = () => {
    const box = document.querySelector('.st-key-sources-text');
    if (box && !box.hasAttribute('tabindex')) box.setAttribute('tabindex', '0');
    const mark = document.querySelector('.st-key-sources-focus .stMarkdownColoredBackground:has(> strong)')
      || document.querySelector('.st-key-sources-focus');
    if (!box || !mark) return false;
    const shift = mark.getBoundingClientRect().top - box.getBoundingClientRect().top;
    box.scrollTop += shift - (box.clientHeight - mark.getBoundingClientRect().height) / 2;
    return true;
  };
  // the text may be drawn just after this element: try again for a moment
  let tries = 0;
  const timer = setInterval(() => { if (bring() || ++tries > 20) clearInterval(timer); }, 150);
})();
</script>
"""
# Characters of context either side of a focused quote, at most (cut at sentence ends first).
CONTEXT_REACH = 90
FOCUS_PIN = ":material/push_pin: "


@dataclass(frozen=True)
class Span:
    """Where one curated record's quote sits in the report text: [start, end)."""
    record_id: str
    kind: str            # figure | directive
    start: int
    end: int


@dataclass(frozen=True)
class Segment:
    """A run of report text with one look: plain, figure, directive or focus."""
    text: str
    kind: str


def segments(text: str, spans: Iterable[Span], focus_id: str | None = None) -> list[Segment]:
    """The text cut at every quote boundary, each piece marked with the strongest quote covering it."""
    spans = [span for span in spans if 0 <= span.start < span.end <= len(text)]
    cuts = sorted({0, len(text), *(span.start for span in spans), *(span.end for span in spans)})
    pieces: list[Segment] = []
    for start, end in zip(cuts, cuts[1:]):
        covering = ("focus" if span.record_id == focus_id else span.kind
                    for span in spans if span.start <= start and end <= span.end)
        kind = max(covering, key=_STRENGTH.__getitem__, default="plain")
        if pieces and pieces[-1].kind == kind:
            pieces[-1] = Segment(pieces[-1].text + text[start:end], kind)
        else:
            pieces.append(Segment(text[start:end], kind))
    return pieces


def lines(pieces: Iterable[Segment]) -> list[list[Segment]]:
    """The segments regrouped by line of text: a highlight cannot run across a paragraph break."""
    result: list[list[Segment]] = [[]]
    for piece in pieces:
        for index, part in enumerate(piece.text.replace("\r\n", "\n").replace("\r", "\n").split("\n")):
            if index:
                result.append([])
            if part:
                result[-1].append(Segment(part, piece.kind))
    return result


# GFM turns bare addresses into links after escapes are resolved, so backslashes cannot stop it; an
# invisible word joiner inside "www.", "https:" and "x@y" does, without changing what is shown.
def escape(text: str) -> str:
    """Report text as literal Markdown (see safe_text.md)."""
    return md(text)


def segment_markdown(segment: Segment) -> str:
    """One segment as Markdown: escaped text, highlighted unless plain; spaces stay outside the marks."""
    core = segment.text.strip()
    if segment.kind == "plain" or not core:
        return escape(segment.text)
    lead = segment.text[:len(segment.text) - len(segment.text.lstrip())]
    trail = segment.text[len(segment.text.rstrip()):]
    inner = escape(core)
    if segment.kind == "focus":
        inner = f"**{inner}**"
    return f"{escape(lead)}:{HIGHLIGHT[segment.kind]}-background[{inner}]{escape(trail)}"


def _marked(line_markdown: str) -> str:
    """A pin before the focused quote in the full text, so a reader scrolling the report finds it."""
    return line_markdown.replace(f":{HIGHLIGHT['focus']}-background[", f"{FOCUS_PIN}:{HIGHLIGHT['focus']}-background[", 1)


def text_markdown(text: str, spans: Iterable[Span], focus_id: str | None = None) -> str:
    """The whole report as Markdown paragraphs, one per non-blank line, quotes highlighted."""
    return "\n\n".join(part for part in text_parts(text, spans, focus_id) if part)


def text_parts(text: str, spans: Iterable[Span], focus_id: str | None = None) -> tuple[str, str, str]:
    """The report as Markdown in three parts: the paragraphs before the focused quote's, that paragraph
    (pinned), and those after; without a focus, everything is in the first part.

    The page draws the middle part on its own, to mark it and scroll it into view.
    """
    paragraphs = [paragraph for paragraph in ("".join(segment_markdown(piece) for piece in line).strip()
                                              for line in lines(segments(text, spans, focus_id))) if paragraph]
    marker = f":{HIGHLIGHT['focus']}-background["
    index = next((number for number, paragraph in enumerate(paragraphs) if marker in paragraph), None)
    if index is None:
        return "\n\n".join(paragraphs), "", ""
    return ("\n\n".join(paragraphs[:index]), _marked(paragraphs[index]), "\n\n".join(paragraphs[index + 1:]))


def context_bounds(text: str, start: int, end: int, reach: int = CONTEXT_REACH) -> tuple[int, int]:
    """The sentence around text[start:end], within its line and at most `reach` characters either side."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end == -1 else line_end
    begin = max(line_start, start - reach)
    sentence_start = max(text.rfind(mark, begin, start) for mark in _SENTENCE_ENDS)
    if sentence_start != -1:
        begin = sentence_start + 1
    finish = min(line_end, end + reach)
    if end > start and text[end - 1] in _SENTENCE_ENDS:
        finish = end
    else:
        sentence_ends = [found for mark in _SENTENCE_ENDS if (found := text.find(mark, end, finish)) != -1]
        if sentence_ends:
            finish = min(sentence_ends) + 1
    return begin, finish


def context_markdown(text: str, start: int, end: int, reach: int = CONTEXT_REACH) -> str:
    """The focused quote highlighted in its sentence, with "…" where the excerpt cuts the line."""
    begin, finish = context_bounds(text, start, end, reach)
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end == -1 else line_end
    pieces = [Segment(text[begin:start], "plain"), Segment(text[start:end], "focus"),
              Segment(text[end:finish], "plain")]
    body = " ".join("".join(segment_markdown(piece) for piece in line).strip() for line in lines(pieces))
    return ("…" if begin > line_start else "") + body.strip() + ("…" if finish < line_end else "")


# --- what the page reads from the database -------------------------------------------------


def quoted_record(record_id: str) -> pd.DataFrame:
    """The record with this id (one row: its report and quote offsets), or no row."""
    return run_query("quoted_record", record=record_id)


class QuotedRecordIds:
    """The ids a link may focus on: every curated record, asked of the database one id at a time.

    Stands in for a tuple of choices, which only needs `in`: with every prefecture-level city there
    are hundreds of thousands of records, tens of megabytes held for a check of one value.
    """

    def __contains__(self, record_id) -> bool:
        return isinstance(record_id, str) and not quoted_record(record_id).empty

    def __eq__(self, other) -> bool:
        return isinstance(other, QuotedRecordIds)

    def __hash__(self) -> int:
        return hash(QuotedRecordIds)


@cached_view
def source_specs() -> tuple[ParamSpec, ParamSpec, ParamSpec]:
    """The page's URL parameters; only reports and records in the database are accepted.

    `back`: the page a link to a sentence came from, offered as the way back.
    """
    sources = run_query("sources_list")
    return (ParamSpec("source", tuple(sources.source_id), None),
            ParamSpec("focus", QuotedRecordIds(), None),
            ParamSpec("back", tuple(page for page in PAGE_IDS if page != "sources"), None))


def opening_source(source_id: str | None, focus_id: str | None) -> str | None:
    """The report to open: the link's, else the focused record's, else the first report."""
    if source_id:
        return source_id
    if focus_id:
        of_focus = quoted_record(focus_id)
        if not of_focus.empty:
            return of_focus.source_id.iloc[0]
    sources = run_query("sources_list")
    return None if sources.empty else sources.source_id.iloc[0]


@cached_view
def source_ids() -> list[str]:
    return list(run_query("sources_list").source_id)


def source_label(source_id: str, lang: str) -> str:
    """"Ningbo · <title> (2025-08-01)" for the report picker."""
    return source_labels(lang)[source_id]


@cached_view
def source_labels(lang: str) -> dict[str, str]:
    """Every report's picker label, made once per database version (the picker asks for each on every rerun)."""
    return {row["source_id"]: f"{localized(row, 'place', lang)} · {localized(row, 'title', lang)} "
                              f"({row['published']:%Y-%m-%d})"
            for row in run_query("sources_list").to_dict("records")}


def forget_focus() -> None:
    """When the reader picks another report, the link's focused record no longer applies."""
    if "focus" in st.query_params:
        del st.query_params["focus"]


def open_report_of_focus(source_id: str) -> None:
    """Callback: switch the picker to the report the focused record comes from."""
    st.session_state["sources.source"] = source_id


def _source_row(source_id: str) -> pd.Series:
    sources = run_query("sources_list")
    return sources[sources.source_id == source_id].iloc[0]


def _spans(source_id: str) -> list[Span]:
    records = run_query("quoted_records", source=source_id)
    return [Span(row.record_id, row.record_kind, int(row.quote_start), int(row.quote_end))
            for row in records.itertuples()]


@dataclass
class Focus:
    """The record a link points at, as shown in the callout above the text."""
    record_id: str
    source_id: str
    headline: str            # Markdown, escaped
    context: str = ""        # Markdown, escaped, quote highlighted


@dataclass
class SourceView:
    """Everything the Sources page lays out for one report."""
    source_id: str
    title: str                              # Markdown, escaped (as are all data strings below)
    subtitle: str
    details: list[str]
    counts: list[tuple[str, int, str]]      # label, number, help
    coverage: str
    unaccounted: pd.DataFrame | None        # None when every number is accounted for
    coverage_done: str | None
    legend: str
    text_parts: tuple[str, str, str]        # Markdown, escaped, quotes highlighted: before, focused paragraph, after
    figures: pd.DataFrame | None            # None when the report states no figures
    figures_empty: str | None
    directives: pd.DataFrame | None
    directives_empty: str | None
    figures_tab: str = ""
    directives_tab: str = ""
    figures_height: int = 0
    directives_height: int = 0
    focus: Focus | None = None
    # A focused record from another report: what to say, and the report to offer instead.
    focus_elsewhere: str | None = None
    focus_source: str | None = None
    focus_source_button: str = ""
    columns: dict | None = None
    opening_tab: str = ""
    notes: list[str] = field(default_factory=list)
    changes: pd.DataFrame | None = None     # publishes from the curation studio, newest first; None when none
    changes_title: str = ""


def _detail(lang: str, key: str, value: str) -> str:
    return f"**{md(t(lang, key))}:** {md(value)}"


def _published_text(row, lang: str) -> str:
    certainty = row["published_certainty"]
    key = f"src_certainty_{certainty}"
    text = f"{row['published']:%Y-%m-%d} ({t(lang, key) if certainty in ('exact', 'inferred') else certainty})"
    return text


def _kind_text(kind: str, lang: str) -> str:
    key = "src_kind_" + str(kind).replace(" ", "_")
    try:
        return t(lang, key)
    except KeyError:
        return str(kind)


def _optional(row, field_name: str, lang: str) -> str:
    """A field written in both languages or not at all (scope, notes), in `lang`; "" when absent."""
    value = localized(row, field_name, lang)
    return value if isinstance(value, str) else ""


def _figure_headline(row, lang: str, names) -> str:
    value = format_value(row["value"], row["unit"], lang, names, row["comparator"])
    parts = [f"**{md(localized(row, 'metric', lang))}**", md(value), md(period_text(row["period_label"], lang)),
             md(t(lang, row["kind"]))]
    if scope := _optional(row, "scope", lang):
        parts.append(md(f"{t(lang, 'scope')}: {scope}"))
    if row["is_derived"]:
        parts.append(md(t(lang, "src_focus_derived", formula=row["formula"])))
    return " · ".join(parts)


def _directive_headline(row, lang: str) -> str:
    parts = [f"**{md(localized(row, 'theme', lang))}**", md(localized(row, "summary", lang))]
    if isinstance(row["deadline_label"], str) and row["deadline_label"]:
        parts.append(md(t(lang, "src_deadline", deadline=period_text(row["deadline_label"], lang))))
    return " · ".join(parts)


def _focus(focus_id: str, lang: str, text: str | None = None) -> Focus | None:
    record = quoted_record(focus_id)
    if record.empty:
        return None
    record = record.iloc[0]
    source_id = record["source_id"]
    if record["record_kind"] == "figure":
        figures = run_query("source_figures", source=source_id)
        row = figures[figures.figure_id == focus_id].iloc[0]
        headline = f"{md(t(lang, 'src_focus_figure'))} — {_figure_headline(row, lang, unit_names())}"
    else:
        directives = run_query("source_directives", source=source_id)
        row = directives[directives.directive_id == focus_id].iloc[0]
        headline = f"{md(t(lang, 'src_focus_directive'))} — {_directive_headline(row, lang)}"
    context = "" if text is None else context_markdown(text, int(record["quote_start"]), int(record["quote_end"]))
    return Focus(focus_id, source_id, headline, context)


def figures_table(source_id: str, lang: str) -> pd.DataFrame:
    """The report's figures as the reader sees them: metric, value as stated, period, kind, derived."""
    rows = run_query("source_figures", source=source_id)
    names = unit_names()
    records = rows.to_dict("records")
    return pd.DataFrame({
        t(lang, "metric"): [localized(row, "metric", lang) for _, row in rows.iterrows()],
        t(lang, "value"): [format_value(row["value"], row["unit"], lang, names, row["comparator"])
                           for _, row in rows.iterrows()],
        t(lang, "period"): [period_text(label, lang) for label in rows.period_label],
        t(lang, "kind"): [t(lang, kind) for kind in rows.kind],
        t(lang, "derived_column"): [bool(derived) for derived in rows.is_derived],
        t(lang, "src_in_text"): [sentence_url(source_id, figure_id, lang) for figure_id in rows.figure_id],
        t(lang, "scope"): [_optional(row, "scope", lang) for row in records],
        t(lang, "note"): [_optional(row, "note", lang) for row in records],
    })


def directives_table(source_id: str, lang: str) -> pd.DataFrame:
    rows = run_query("source_directives", source=source_id)
    return pd.DataFrame({
        t(lang, "theme"): [localized(row, "theme", lang) for _, row in rows.iterrows()],
        t(lang, "src_summary"): [localized(row, "summary", lang) for _, row in rows.iterrows()],
        t(lang, "src_deadline_column"): [period_text(d, lang) if isinstance(d, str) else "" for d in rows.deadline_label],
        t(lang, "src_in_text"): [sentence_url(source_id, directive_id, lang) for directive_id in rows.directive_id],
        t(lang, "quote"): list(rows.quote),
    })


def table_columns(lang: str) -> dict:
    """Column widths that let the figures table sit beside the text."""
    return {t(lang, "metric"): st.column_config.TextColumn(width=180),
            t(lang, "value"): st.column_config.TextColumn(width=120),
            t(lang, "period"): st.column_config.TextColumn(width=125),
            t(lang, "derived_column"): st.column_config.CheckboxColumn(width="small"),
            t(lang, "scope"): st.column_config.TextColumn(width=SCOPE_WIDTH),
            t(lang, "note"): st.column_config.TextColumn(width="large"),
            t(lang, "src_summary"): st.column_config.TextColumn(width="large")}


def changes_table(source_id: str, lang: str) -> pd.DataFrame | None:
    """The report's publishes from the curation studio (data/changelog.yaml), newest first; None when none."""
    rows = run_query("source_changes", source=source_id)
    if rows.empty:
        return None
    return pd.DataFrame({
        t(lang, "src_changes_when"): [f"{when:%Y-%m-%d %H:%M}" for when in rows.changed_at],
        t(lang, "src_changes_curator"): list(rows.curator),
        t(lang, "src_changes_added"): list(rows.added),
        t(lang, "src_changes_changed"): list(rows.changed),
        t(lang, "src_changes_removed"): list(rows.removed),
    })


def legend_markdown(lang: str) -> str:
    return " ".join([f":{HIGHLIGHT['figure']}-background[{md(t(lang, 'src_legend_figure'))}]",
                     f":{HIGHLIGHT['directive']}-background[{md(t(lang, 'src_legend_directive'))}]",
                     f":{HIGHLIGHT['focus']}-background[**{md(t(lang, 'src_legend_focus'))}**]"])


@cached_view
def source_view(source_id: str, focus_id: str | None, lang: str) -> SourceView:
    """The report's metadata, coverage, highlighted text and tables, focused on `focus_id` if it is in it."""
    row = _source_row(source_id)
    text = run_query("source_text", source=source_id).text.iloc[0] or ""
    spans = _spans(source_id)
    focus = focus_elsewhere = None
    if focus_id:
        in_report = any(span.record_id == focus_id for span in spans)
        focus = _focus(focus_id, lang, text) if in_report else None
        focus_elsewhere = None if in_report else _focus(focus_id, lang)

    details = [_detail(lang, "src_issuer", localized(row, "issuer", lang)),
               _detail(lang, "published", _published_text(row, lang)),
               _detail(lang, "src_period_covered", period_text(row["period_label"], lang)),
               _detail(lang, "src_document_kind", _kind_text(row["kind"], lang)),
               _detail(lang, "src_script", t(lang, f"src_script_{row['script']}")
                       if row["script"] in ("simplified", "traditional") else str(row["script"]))]
    notes = [f"{md(t(lang, 'note'))}: {md(note)}"
             for note in (_optional(row, "title_note", lang), _optional(row, "published_note", lang)) if note]

    numbers = row["numbers"]
    has_coverage = numbers == numbers and numbers is not None   # NaN when coverage was not computed
    unaccounted = int(row["unaccounted"]) if has_coverage else 0
    counts = [(t(lang, "src_count_figures"), int(row["figures"]), t(lang, "src_count_figures_help")),
              (t(lang, "src_count_derived"), int(row["derived"]), t(lang, "src_count_derived_help")),
              (t(lang, "src_count_directives"), int(row["directives"]), t(lang, "src_count_directives_help")),
              (t(lang, "src_count_unaccounted"), unaccounted, t(lang, "src_count_unaccounted_help"))]
    if has_coverage:
        coverage = t(lang, "src_coverage", numbers=int(numbers), accounted=int(row["accounted"]),
                     set_aside=int(row["set_aside"]), ignored=int(row["ignored"]), unaccounted=unaccounted)
    else:
        coverage = t(lang, "src_coverage_missing")
    unaccounted_rows = None
    if unaccounted:
        found = run_query("unaccounted_numbers", source=source_id)
        unaccounted_rows = pd.DataFrame({t(lang, "src_line"): found.line, t(lang, "src_number"): found.number,
                                         t(lang, "src_context"): found.context})

    figures = figures_table(source_id, lang) if int(row["figures"]) + int(row["derived"]) else None
    directives = directives_table(source_id, lang) if int(row["directives"]) else None
    changes = changes_table(source_id, lang)
    figures_tab = t(lang, "src_figures_tab", count=0 if figures is None else len(figures))
    directives_tab = t(lang, "src_directives_tab", count=0 if directives is None else len(directives))
    return SourceView(
        source_id=source_id,
        title=md(localized(row, "title", lang)),
        subtitle=md(localized(row, "place", lang)),
        details=details,
        counts=counts,
        coverage=coverage,
        unaccounted=unaccounted_rows,
        coverage_done=":material/check_circle: " + t(lang, "src_all_accounted") if has_coverage and not unaccounted else None,
        legend=legend_markdown(lang),
        text_parts=text_parts(text, spans, focus.record_id if focus else None),
        figures=figures,
        figures_empty=None if figures is not None else t(lang, "src_no_figures"),
        directives=directives,
        directives_empty=None if directives is not None else t(lang, "src_no_directives"),
        figures_height=table_height(0 if figures is None else len(figures)),
        directives_height=table_height(0 if directives is None else len(directives)),
        figures_tab=figures_tab,
        directives_tab=directives_tab,
        opening_tab=directives_tab if figures is None and directives is not None else figures_tab,
        focus=focus,
        focus_elsewhere=md(t(lang, "src_focus_elsewhere", record=focus_elsewhere.record_id)) if focus_elsewhere else None,
        focus_source=focus_elsewhere.source_id if focus_elsewhere else None,
        focus_source_button=md(t(lang, "src_open_focus_report", report=source_label(focus_elsewhere.source_id, lang)))
        if focus_elsewhere else "",
        columns=table_columns(lang),
        notes=notes,
        changes=changes,
        changes_title=t(lang, "src_changes_title", count=0 if changes is None else len(changes)),
    )
