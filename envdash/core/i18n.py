"""User-visible strings in Simplified Chinese and English, from envdash/locales/*.yaml."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

LANGUAGES = ("zh", "en")
DEFAULT_LANGUAGE = "en"
_LOCALES = Path(__file__).with_name("locales")


@lru_cache(maxsize=None)
def strings(lang: str) -> dict[str, str]:
    """All strings of a language: envdash/locales/<lang>/*.yaml merged (one file per page or area)."""
    merged: dict[str, str] = {}
    for path in sorted((_LOCALES / lang).glob("*.yaml")):
        with open(path, encoding="utf-8") as handle:
            for key, value in (yaml.safe_load(handle) or {}).items():
                if key in merged:
                    raise ValueError(f"{path}: key {key!r} is defined twice for {lang}")
                merged[key] = value
    return merged


def t(lang: str, key: str, **values) -> str:
    """The string for `key` in `lang`, with {placeholders} filled in."""
    text = strings(lang if lang in LANGUAGES else DEFAULT_LANGUAGE)[key]
    return text.format(**values) if values else text


def language_from_locale(locale: str | None) -> str:
    """Chinese for any zh* browser language, else English."""
    return "zh" if locale and locale.lower().startswith("zh") else "en"


def localized(row, field: str, lang: str) -> str:
    """row[field_zh] or row[field_en], whichever the language wants, falling back to the other."""
    first, second = (f"{field}_zh", f"{field}_en") if lang == "zh" else (f"{field}_en", f"{field}_zh")
    value = row.get(first) if hasattr(row, "get") else row[first]
    return value if isinstance(value, str) and value else row[second]
