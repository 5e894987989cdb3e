"""Links that open the sentence a figure or directive comes from on the Sources page."""
from __future__ import annotations

from urllib.parse import parse_qs, urlencode, urlsplit

SOURCES_PATH = "sources"


def sentence_params(source_id: str, item_id: str | None, lang: str, present: bool = False,
                    back: str | None = None) -> dict[str, str]:
    """The Sources page's parameters for one report, focused on one record; `back`: the page to return to."""
    params = {"source": source_id, "lang": lang}
    if item_id:
        params["focus"] = item_id
    if present:
        params["present"] = "1"
    if back:
        params["back"] = back
    return params


def sentence_url(source_id: str, item_id: str | None, lang: str) -> str:
    """Relative URL of the Sources page focused on one figure's or directive's quote (as tables export it)."""
    return f"{SOURCES_PATH}?" + urlencode(sentence_params(source_id, item_id, lang))


def sentence_target(url) -> tuple[str, str | None] | None:
    """(source_id, item_id) of a sentence_url, or None for anything else (an empty cell, another address)."""
    if not isinstance(url, str) or not url:
        return None
    parts = urlsplit(url)
    if parts.path != SOURCES_PATH or parts.scheme or parts.netloc:
        return None
    query = parse_qs(parts.query)
    source = query.get("source", [None])[-1]
    if not source:
        return None
    return source, query.get("focus", [None])[-1]
