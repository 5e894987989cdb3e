"""No emoji anywhere in the app: offline office PCs often lack a colour-emoji font and print boxes.

Icons come from Streamlit's bundled Material Symbols (`:material/name:`); the page icon is a local image.
"""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Characters with an emoji presentation, or an emoji variant that fonts may draw as one: the emoji
# blocks, the miscellaneous symbols and dingbats, the arrows and signs Unicode lists as emoji, and the
# selector that asks for the emoji form. Typographic signs the app uses (≤ ≥ ≈ · — → △ ▽ ◇ × ±) are not.
EMOJI = re.compile(
    "[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\uFE0F\u2139\u2194-\u2199\u21A9\u21AA\u231A\u231B"
    "\u2328\u23CF\u23E9-\u23FA\u24C2\u25AA\u25AB\u25B6\u25C0\u25FB-\u25FE\u2934\u2935\u3030\u303D\u3297\u3299"
    "\u00A9\u00AE\u203C\u2049\u2122]")


def app_files() -> list[Path]:
    """Everything the running app reads its words and icons from: code, pages, locale files, config."""
    files = [ROOT / "app.py", ROOT / "dashboard.py", *sorted((ROOT / "pages").glob("*.py")), *sorted((ROOT / "envdash").rglob("*.py")),
             *sorted((ROOT / "envdash").rglob("*.yaml")), *sorted((ROOT / ".streamlit").glob("*.toml"))]
    return [path for path in files if path.is_file()]


def test_the_pattern_catches_the_emoji_the_app_used_to_show():
    for emoji in ("🌿", "📄", "📊", "📍", "🔎", "🔢", "✖", "⬇️", "↪️", "ℹ️", "⚠️", "✓"):
        assert EMOJI.search(emoji), emoji
    assert not EMOJI.search("≤ ≥ ≈ · — → △ ▽ ◇ × ± µg/m³ 中文")


def test_no_app_file_holds_an_emoji():
    found = [f"{path.relative_to(ROOT)}:{number}: {line.strip()[:80]}"
             for path in app_files()
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
             if EMOJI.search(line)]
    assert len(app_files()) > 20
    assert found == [], "emoji in the app (use a :material/…: icon):\n" + "\n".join(found)
