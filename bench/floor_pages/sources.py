"""Floor for pages/sources.py: the same charts, tables, widgets and text, from in-memory data."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _floor import render  # noqa: E402

render("sources")
