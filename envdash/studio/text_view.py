"""The report's text as the studio shows it: every record's numbers marked, the chosen record's quote
set off, the numbers no record accounts for greyed, as escaped Markdown with Streamlit's
`:colour-background[…]` marks (the report's words are never read as Markdown or HTML)."""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from envdash.core.numbers import mention_states, quantity_mentions
from envdash.core.safe_markdown import md
from envdash.curation.records import sentence_around
from envdash.curation.source_text import SourceText
from envdash.studio.checks import DraftCheck, NumberMark
from envdash.studio.drafts import CONFIRMED, Draft, DraftRecord

# Marks, weakest first: where marks overlap, the stronger one shows.
MARKS = ("directive", "chosen", "unaccounted", "to_check", "confirmed", "problem", "chosen_number")
COLOUR = {"directive": "violet", "chosen": "blue", "unaccounted": "gray", "to_check": "orange",
          "confirmed": "green", "problem": "red", "chosen_number": "blue"}
_STRENGTH = {name: rank for rank, name in enumerate(("plain", *MARKS))}
SENTENCE_STOPS = "。！？!?\n"


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    kind: str


def _number(value) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def stated_values(fields: dict) -> list[float]:
    """The numbers a record says its quote states: value, change, total, a directive's numbers."""
    values = [_number(fields.get("value")), _number(fields.get("total"))]
    change = fields.get("change")
    if isinstance(change, dict):
        values.append(_number(change.get("value")))
    numbers = fields.get("numbers")
    if isinstance(numbers, list):
        values += [_number(number) for number in numbers]
    return [value for value in values if value is not None]


def quote_spans(source: SourceText, record: DraftRecord) -> list[tuple[int, int]]:
    quote = record.fields.get("quote")
    return source.find_all(quote) if isinstance(quote, str) and quote.strip() else []


def number_spans(text: str, span: tuple[int, int], values: list[float]) -> list[tuple[int, int]]:
    """Where, inside the quote at `span`, the numbers `values` stand."""
    start, end = span
    return [(start + mention.start, start + mention.end) for mention in quantity_mentions(text[start:end])
            if any(mention_states(mention, value) for value in values)]


def record_state(record: DraftRecord, check: DraftCheck) -> str:
    if check.problems_of(record.key):
        return "problem"
    return "confirmed" if record.status == CONFIRMED else "to_check"


def marks(draft: Draft, check: DraftCheck, chosen: str | None) -> list[Mark]:
    source = SourceText(draft.text)
    found = [Mark(number.start, number.end, "unaccounted") for number in check.unaccounted]
    for section in ("figures", "directives"):
        for record in draft.records(section):
            spans = quote_spans(source, record)[:1]
            if section == "directives":
                found += [Mark(start, end, "directive") for start, end in spans]
            if record.key == chosen:
                found += [Mark(start, end, "chosen") for start, end in spans]
            kind = "chosen_number" if record.key == chosen else record_state(record, check)
            for span in spans:
                numbers = number_spans(draft.text, span, stated_values(record.fields))
                found += [Mark(start, end, kind) for start, end in numbers]
    return found


def _pieces(text: str, found: list[Mark]) -> list[tuple[str, str]]:
    """The text cut at every mark's edge, each piece with its strongest mark."""
    found = [mark for mark in found if 0 <= mark.start < mark.end <= len(text)]
    cuts = sorted({0, len(text), *(mark.start for mark in found), *(mark.end for mark in found)})
    pieces: list[tuple[str, str]] = []
    for start, end in zip(cuts, cuts[1:]):
        kind = max((mark.kind for mark in found if mark.start <= start and end <= mark.end),
                   key=_STRENGTH.__getitem__, default="plain")
        if pieces and pieces[-1][1] == kind:
            pieces[-1] = (pieces[-1][0] + text[start:end], kind)
        else:
            pieces.append((text[start:end], kind))
    return pieces


def _piece_markdown(text: str, kind: str) -> str:
    core = text.strip()
    if kind == "plain" or not core:
        return md(text)
    lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()):]
    return f"{md(lead)}:{COLOUR[kind]}-background[{md(core)}]{md(trail)}"


def _chosen_markdown(parts: list[tuple[str, str]]) -> str:
    """The chosen record's quote as one mark, its numbers in bold inside it; spaces at its edges outside."""
    text = "".join(part for part, _ in parts)
    if not text.strip():
        return md(text)
    lead, keep_to = len(text) - len(text.lstrip()), len(text.rstrip())
    inner, position = [], 0
    for part, kind in parts:
        piece = part[max(0, lead - position): max(0, keep_to - position)]
        position += len(part)
        if piece:
            inner.append(f"**{md(piece)}**" if kind == "chosen_number" else md(piece))
    return f"{md(text[:lead])}:{COLOUR['chosen']}-background[{''.join(inner)}]{md(text[keep_to:])}"


def _line_markdown(parts: list[tuple[str, str]]) -> str:
    out, run = [], []
    for part, kind in [*parts, ("", "plain")]:
        if kind in ("chosen", "chosen_number"):
            run.append((part, kind))
            continue
        if run:
            out.append(_chosen_markdown(run))
            run = []
        if part:
            out.append(_piece_markdown(part, kind))
    return "".join(out).strip()


def marked_paragraphs(text: str, found: list[Mark]) -> list[str]:
    """The text as Markdown paragraphs, one per non-blank line, marks drawn (never across a line break)."""
    lines: list[list[tuple[str, str]]] = [[]]
    for piece, kind in _pieces(text, found):
        for index, part in enumerate(piece.split("\n")):
            if index:
                lines.append([])
            if part:
                lines[-1].append((part, kind))
    return [paragraph for paragraph in map(_line_markdown, lines) if paragraph]


def marked_markdown(text: str, found: list[Mark]) -> str:
    return "\n\n".join(marked_paragraphs(text, found))


def text_parts(draft: Draft, check: DraftCheck, chosen: str | None) -> tuple[str, str, str]:
    """The marked text in three parts: before the chosen record's paragraph, that paragraph, after it
    (all in the first part when no record is chosen or its quote is not in the text). The page draws
    the middle part on its own, to scroll it into view."""
    paragraphs = marked_paragraphs(draft.text, marks(draft, check, chosen))
    opening = f":{COLOUR['chosen']}-background["
    index = next((number for number, paragraph in enumerate(paragraphs) if opening in paragraph), None)
    if index is None:
        return "\n\n".join(paragraphs), "", ""
    return "\n\n".join(paragraphs[:index]), paragraphs[index], "\n\n".join(paragraphs[index + 1:])


def text_markdown(draft: Draft, check: DraftCheck, chosen: str | None) -> str:
    return "\n\n".join(part for part in text_parts(draft, check, chosen) if part)


def sentence_markdown(draft: Draft, record: DraftRecord, check: DraftCheck) -> str | None:
    """The chosen record's sentence, its quote set off and its numbers marked (None: the quote is not in the text)."""
    spans = quote_spans(SourceText(draft.text), record)
    if not spans:
        return None
    start, end = spans[0]
    sentence = sentence_around(draft.text, start, end)
    begin = draft.text.find(sentence, max(0, start - len(sentence)))
    begin = begin if begin != -1 and begin <= start else start
    local = [Mark(start - begin, end - begin, "chosen")]
    local += [Mark(a - begin, b - begin, "chosen_number")
              for a, b in number_spans(draft.text, (start, end), stated_values(record.fields))]
    return marked_markdown(draft.text[begin: max(begin + len(sentence), end)], local).replace("\n\n", " ")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    line: int
    text: str
    unaccounted: tuple[NumberMark, ...]      # numbers in it that no record accounts for


def sentences(text: str, check: DraftCheck) -> list[Sentence]:
    """The text's sentences (cut at 。！？ and line breaks), for adding a record from one."""
    breaks = [index for index, char in enumerate(text) if char == "\n"]
    found, begin = [], 0
    for index in range(len(text) + 1):
        if index < len(text) and text[index] not in SENTENCE_STOPS:
            continue
        end = index + 1 if index < len(text) and text[index] != "\n" else index
        raw = text[begin:end]
        if raw.strip():
            start, stop = begin + len(raw) - len(raw.lstrip()), begin + len(raw.rstrip())
            numbers = tuple(mark for mark in check.unaccounted if start <= mark.start < stop)
            found.append(Sentence(start, stop, bisect_right(breaks, start - 1) + 1, text[start:stop], numbers))
        begin = index + 1
    return found
