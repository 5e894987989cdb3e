"""Links that open the sentence a figure or directive comes from on the Sources page."""
from __future__ import annotations

from urllib.parse import urlencode


def sentence_params(source_id: str, item_id: str | None, lang: str) -> dict[str, str]:
    params = {"source": source_id, "lang": lang}
    if item_id:
        params["focus"] = item_id
    return params


def sentence_url(source_id: str, item_id: str | None, lang: str) -> str:
    """Relative URL of the Sources page focused on one figure's or directive's quote."""
    return "sources?" + urlencode(sentence_params(source_id, item_id, lang))
