"""Opening pages with Streamlit's AppTest against the test database."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "dashboard.py")


def open_page(page: str | None, lang: str = "en", **params) -> AppTest:
    """Open pages/<page>.py through dashboard.py with `params` in the URL (None: the home page)."""
    app = AppTest.from_file(APP, default_timeout=60)
    app.query_params["lang"] = lang
    for key, value in params.items():
        app.query_params[key] = value
    if page:
        # open the page directly, as a link does: visiting the home page first would rewrite the URL
        app.switch_page(f"pages/{page}.py")
    app.run()
    assert not app.exception, [error.value for error in app.exception]
    return app


def texts(app: AppTest) -> str:
    """Everything the page shows as text, joined (titles, markdown, captions, alerts)."""
    parts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success"):
        parts.extend(str(element.value) for element in getattr(app, kind))
    parts.extend(label for label, _, _ in page_links(app))
    # markdown escapes and no-break spaces (which keep values with their units) read as plain text
    return "\n".join(parts).replace("\\", "").replace("\u00a0", " ")


def page_links(app: AppTest) -> list[tuple[str, str, dict[str, list[str]]]]:
    """Every st.page_link on the page: (label, target page, query parameters)."""
    return [(element.proto.label, element.proto.page, parse_qs(element.proto.query_string))
            for element in app.get("page_link")]
