"""Text of the overview cards, built from query results (escaped for Markdown)."""
from __future__ import annotations

from dataclasses import dataclass

from envdash.analysis.options import unit_names
from envdash.analysis.overview import PlaceCard, place_cards
from envdash.core.attainment import already_met_before
from envdash.core.formatting import format_value
from envdash.core.i18n import localized, t
from envdash.present.links import sentence_url
from envdash.present.safe_text import md
from envdash.store.queries import cached_view


@dataclass
class MetricLine:
    markdown: str


def place_heading(card: PlaceCard, lang: str) -> tuple[str, str]:
    place = card.place
    """The card's title and subtitle, as Markdown (place names are data: escaped)."""
    title = localized(place, "name", lang)
    subtitle = t(lang, f"level_{place['level']}")
    parent = place["parent_zh"] if lang == "zh" else place["parent_en"]
    if isinstance(parent, str) and parent:
        subtitle += " · " + t(lang, "part_of", parent=parent)
    return md(title), md(subtitle)


def source_lines(card: PlaceCard, lang: str) -> list[str]:
    """Markdown links to each report on the Sources page (titles wrap, unlike page links)."""
    return [f"📄 [{md(localized(row, 'title', lang))}]({sentence_url(row['source_id'], None, lang)}) "
            f"({row['published']:%Y-%m-%d})" for row in card.sources]


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


def headline_lines(card: PlaceCard, lang: str) -> list[MetricLine]:
    names = unit_names()
    lines = []
    for headline in card.headlines:
        parts = [f"**{md(headline.metric_name)}**"]
        actual, target = headline.actual, headline.target
        if actual is not None:
            value = format_value(actual["value_std"], actual["unit_std"], lang, names, actual["comparator"])
            link = sentence_url(actual["source_id"], actual["figure_id"], lang)
            parts.append(f"[{md(value)}]({link}) ({md(actual['period_label'])})")
            change = _change_text(actual, lang, names)
            if change:
                parts.append(md(change))
        if target is not None:
            value = format_value(target["target_value"], target["unit_std"], lang, names, target["comparator"])
            link = sentence_url(target["source_id"], target["target_id"], lang)
            status = t(lang, f"status_{target['status']}")
            parts.append(f"{md(t(lang, 'target_label', period=target['period_label'], value=''))}[{md(value)}]({link}) — {md(status)}")
            if already_met_before(target):
                previous = format_value(target["previous_actual_value"], target["unit_std"], lang, names)
                parts.append(md(t(lang, "already_met_by", period=target["previous_period_label"], value=previous)))
        lines.append(MetricLine(" · ".join(parts)))
    return lines


def theme_emphasis(card: PlaceCard, lang: str) -> list[str]:
    return [f"- {md(t(lang, 'directives_by_theme', theme=localized(row, 'theme', lang), count=int(row['directives'])))}"
            for row in card.themes[:5]]


@dataclass(frozen=True)
class CardText:
    """One overview card as the page lays it out (Markdown, escaped)."""
    title: str
    subtitle: str
    source_lines: list[str]
    figures: int
    directives: int
    metric_lines: list[str]     # empty when the place reports none of the headline metrics
    theme_lines: list[str]


@cached_view
def card_texts(lang: str) -> list[CardText]:
    """Every overview card, made once per database version and language (shared: read only)."""
    return [CardText(*place_heading(card, lang), source_lines(card, lang), int(card.place["figures"]),
                     int(card.place["directives"]), [line.markdown for line in headline_lines(card, lang)],
                     theme_emphasis(card, lang))
            for card in place_cards(lang)]
