"""Data strings shown as Markdown text: every markup character escaped, bare addresses defused."""
from __future__ import annotations

import re

# Everything Markdown (and Streamlit's :colour[...] directives) could read as markup; & starts an
# HTML entity.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~:$=^&])")
# Bare addresses that the Markdown renderer would turn into links even when escaped: a word
# joiner after their first word keeps them text.
_AUTOLINK_STARTS = re.compile(r"(?i)(www(?=\.)|https?(?=:)|ftp(?=:)|mailto(?=:)|xmpp(?=:)|(?=@))")
_WORD_JOINER = "\u2060"


def md(text) -> str:
    """Text safe to put inside st.markdown: every markup character escaped, bare links defused."""
    defused = _AUTOLINK_STARTS.sub(lambda match: match.group(0) + _WORD_JOINER, str(text))
    return _MARKDOWN_SPECIAL.sub(r"\\\1", defused).replace("\n", " ")
