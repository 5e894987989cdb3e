"""Text of the overview cards, built from query results (escaped for Markdown)."""
from __future__ import annotations

from dataclasses import dataclass

from envdash.analysis.headlines import earlier_value_note
from envdash.analysis.options import unit_names
from envdash.analysis.overview import PlaceCard, place_cards
from envdash.analysis.targets import evidence_from_row
from envdash.core.formatting import format_value
from envdash.core.i18n import localized, t
from envdash.present.safe_text import md
from envdash.store.queries import cached_view


@dataclass(frozen=True)
class CardLink:
    """A line of a card that opens a sentence (or a whole report) on the Sources page."""
    label: str                  # Markdown, escaped
    source_id: str
    record_id: str | None = None


def place_heading(card: PlaceCard, lang: str) -> tuple[str, str]:
    place = card.place
    """The card's title and subtitle, as Markdown (place names are data: escaped)."""
    title = localized(place, "name", lang)
    subtitle = t(lang, f"level_{place['level']}")
    parent = place["parent_zh"] if lang == "zh" else place["parent_en"]
    if isinstance(parent, str) and parent:
        subtitle += " · " + t(lang, "part_of", parent=parent)
    return md(title), md(subtitle)


def source_lines(card: PlaceCard, lang: str) -> list[CardLink]:
    """A link to each report on the Sources page: its title and date."""
    return [CardLink(f"{md(localized(row, 'title', lang))} ({row['published']:%Y-%m-%d})", row["source_id"])
            for row in card.sources]


def _change_text(actual, lang: str, names) -> str:
    if actual is None or actual.get("change_value") is None or actual["change_value"] != actual["change_value"]:
        return ""
    value = actual["change_value"]
    unit = actual["change_unit"]
    sign = "+" if value > 0 else "−"
    amount = format_value(abs(value), unit, lang, names)
    return t(lang, "change_vs_previous", change=f"{sign}{amount}", period=_previous_label(actual))


def _previous_label(actual) -> str:
    start = actual["period_start"]
    return str(start.year - 1) if hasattr(start, "year") else ""


def headline_lines(card: PlaceCard, lang: str) -> list[tuple[CardLink, ...]]:
    """Per headline metric, its actual and its target, each a link to its own sentence.

    The metric's name leads the first link; a change, and for a target with no actual for its own
    period where its latest earlier value stands, follow the value they belong to.
    """
    names = unit_names()
    lines = []
    for headline in card.headlines:
        actual, target = headline.actual, headline.target
        links = []
        name = f"**{md(headline.metric_name)}**"
        if actual is not None:
            value = format_value(actual["value_std"], actual["unit_std"], lang, names, actual["comparator"])
            parts = [name, f"{md(value)} ({md(actual['period_label'])})"]
            change = _change_text(actual, lang, names)
            if change:
                parts.append(md(change))
            links.append(CardLink(" · ".join(parts), actual["source_id"], actual["figure_id"]))
        if target is not None:
            value = format_value(target["target_value"], target["unit_std"], lang, names, target["comparator"])
            status = t(lang, f"status_{target['status']}")
            parts = [] if links else [name]
            parts.append(f"{md(t(lang, 'target_label', period=target['period_label'], value=value))} — {md(status)}")
            note = earlier_value_note(evidence_from_row(target), lang, names)
            if note:
                parts.append(md(note))
            links.append(CardLink(" · ".join(parts), target["source_id"], target["target_id"]))
        lines.append(tuple(links))
    return lines


def theme_emphasis(card: PlaceCard, lang: str) -> list[str]:
    return [f"- {md(t(lang, 'directives_by_theme', theme=localized(row, 'theme', lang), count=int(row['directives'])))}"
            for row in card.themes[:5]]


@dataclass(frozen=True)
class CardText:
    """One overview card as the page lays it out (Markdown, escaped)."""
    title: str
    subtitle: str
    source_lines: list[CardLink]
    figures: int
    directives: int
    metric_lines: list[tuple[CardLink, ...]]     # empty when the place reports none of the headline metrics
    theme_lines: list[str]


@cached_view
def card_texts(lang: str) -> list[CardText]:
    """Every overview card, made once per database version and language (shared: read only)."""
    return [CardText(*place_heading(card, lang), source_lines(card, lang), int(card.place["figures"]),
                     int(card.place["directives"]), headline_lines(card, lang),
                     theme_emphasis(card, lang))
            for card in place_cards(lang)]
