"""Server settings for a shared intranet server, and no raw HTML with data anywhere."""
import re
from pathlib import Path

import tomllib

ROOT = Path(__file__).resolve().parent.parent


def config() -> dict:
    return tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))


def test_usage_statistics_are_off():
    assert config()["browser"]["gatherUsageStats"] is False


def test_xsrf_protection_is_on():
    assert config()["server"]["enableXsrfProtection"] is True


def test_static_file_serving_is_off():
    assert config()["server"]["enableStaticServing"] is False


def test_no_code_renders_html_unsafely():
    offenders = [str(path.relative_to(ROOT)) for folder in ("envdash", "pages") for path in (ROOT / folder).rglob("*.py")
                 if re.search(r"unsafe_allow_html\s*=\s*True", path.read_text(encoding="utf-8"))]
    offenders += ["app.py"] if re.search(r"unsafe_allow_html\s*=\s*True", (ROOT / "app.py").read_text()) else []
    assert offenders == []


def test_st_html_is_only_given_constant_stylesheets():
    """st.html renders raw HTML: it may only ever receive the module-level CSS constants."""
    for path in [*(ROOT / "envdash").rglob("*.py"), *(ROOT / "pages").rglob("*.py"), ROOT / "app.py"]:
        for call in re.findall(r"st\.html\(([^)]*)\)", path.read_text(encoding="utf-8")):
            assert re.fullmatch(r"_[A-Z_]+_CSS", call.strip()), f"{path.name}: st.html({call})"


def test_queries_never_format_values_into_sql():
    """SQL text comes from queries/*.sql; values are bound as parameters, never pasted in."""
    source = (ROOT / "envdash" / "store" / "queries.py").read_text(encoding="utf-8")
    assert "execute(query_text(name), bound)" in source
    for path in (ROOT / "envdash").rglob("*.py"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if "execute(f" in line:
                assert path.name == "build.py", f"{path.name}: {line.strip()}"
