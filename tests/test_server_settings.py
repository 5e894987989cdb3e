"""Server settings for a shared intranet server, and no raw HTML with data anywhere."""
import ast
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
    offenders += [name for name in ("app.py", "dashboard.py")
                  if re.search(r"unsafe_allow_html\s*=\s*True", (ROOT / name).read_text(encoding="utf-8"))]
    assert offenders == []


def _string_constants() -> set[str]:
    """Names bound at module level, anywhere in the package, to a plain string literal (no f-string)."""
    names = set()
    for path in (ROOT / "envdash").rglob("*.py"):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if (isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
                    and isinstance(node.value.value, str)):
                names.update(target.id for target in node.targets if isinstance(target, ast.Name))
    return names


def _st_html_arguments() -> list[tuple[str, ast.expr]]:
    calls = []
    for path in [*(ROOT / "envdash").rglob("*.py"), *(ROOT / "pages").rglob("*.py"), ROOT / "app.py", ROOT / "dashboard.py"]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "html"
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "st"):
                calls.append((path.name, node.args[0]))
    return calls


def test_st_html_is_only_given_constant_stylesheets_and_scripts():
    """st.html renders raw HTML: it may only ever receive module-level string constants of CSS or script."""
    constants = _string_constants()
    calls = _st_html_arguments()
    assert calls, "the check found no st.html call at all: it is looking in the wrong place"
    for file_name, argument in calls:
        assert isinstance(argument, ast.Name), f"{file_name}: st.html({ast.unparse(argument)})"
        assert re.fullmatch(r"_?[A-Z_]+_(CSS|SCRIPT)", argument.id), f"{file_name}: st.html({argument.id})"
        assert argument.id in constants, f"{file_name}: {argument.id} is not a string literal"


def test_queries_never_format_values_into_sql():
    """SQL text comes from queries/*.sql; values are bound as parameters, never pasted in."""
    source = (ROOT / "envdash" / "store" / "queries.py").read_text(encoding="utf-8")
    assert "execute(query_text(name), bound)" in source
    for path in (ROOT / "envdash").rglob("*.py"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if "execute(f" in line:
                assert path.name == "build.py", f"{path.name}: {line.strip()}"
