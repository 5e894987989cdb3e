"""The page icon is a small image served by the app itself, not a glyph fetched from a font host.

(Every icon inside the pages is checked in test_accessibility.py, on each page it audits.)"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from browser_support import PAGES

pytestmark = pytest.mark.browser


def test_page_icon_is_a_local_image(browse):
    page = browse.open(PAGES["trends"], "lang=en", charts=False)
    href = page.evaluate("() => document.querySelector('link[rel~=\"icon\"]').href")
    assert urlsplit(href).hostname in ("127.0.0.1", "localhost") and urlsplit(href).port == browse.server.port, href
    response = page.request.get(href)
    assert response.ok and response.headers["content-type"] == "image/png"
    assert response.body()[:8] == b"\x89PNG\r\n\x1a\n"
    assert not re.search(r"fonts\.g|gstatic", href)
    browse.assert_clean()
