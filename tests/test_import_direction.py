"""The package layout follows the pipeline: no module imports from a stage after its own."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "envdash"
STAGES = ("core", "curation", "store", "analysis", "present")
# Beside the pipeline: the curators' studio writes data, so it may use the stages that read and
# build it, and nothing (no stage, no dashboard page) may import it.
SIDE_STAGES = {"studio": ("core", "curation", "store")}


def _stage_of(module: str) -> str | None:
    """'envdash.store.build' → 'store'; None for envdash itself and modules outside it."""
    parts = module.split(".")
    known = (*STAGES, *SIDE_STAGES)
    return parts[1] if len(parts) > 1 and parts[0] == "envdash" and parts[1] in known else None


def _imported_modules(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
            # `from envdash import store` names a stage too
            if node.module == "envdash":
                found += [(node.lineno, f"envdash.{alias.name}") for alias in node.names]
    return found


def upward_imports(package: Path = PACKAGE) -> list[str]:
    problems = []
    for path in sorted(package.rglob("*.py")):
        relative = path.relative_to(package.parent)
        own = _stage_of(".".join(relative.with_suffix("").parts))
        if own is None:
            continue
        for line, module in _imported_modules(path):
            stage = _stage_of(module)
            if stage is None or stage == own:
                continue
            if own in SIDE_STAGES:
                allowed = stage in SIDE_STAGES[own]
            else:
                allowed = stage not in SIDE_STAGES and STAGES.index(stage) <= STAGES.index(own)
            if not allowed:
                problems.append(f"{relative}:{line}: the {own} stage imports {module} (stage {stage})")
    return problems


def studio_importers(project: Path = PACKAGE.parent) -> list[str]:
    """Code of the dashboard that imports the studio: the pages, its entry scripts, the command line."""
    paths = [*sorted((project / "pages").glob("*.py")), project / "app.py", project / "dashboard.py",
             project / "envdash" / "__main__.py"]
    return [f"{path.relative_to(project)}:{line}: imports {module}" for path in paths if path.is_file()
            for line, module in _imported_modules(path) if _stage_of(module) == "studio"]


def test_every_module_lives_in_a_stage():
    loose = [path.name for path in PACKAGE.glob("*.py") if path.name not in ("__init__.py", "__main__.py")]
    assert loose == []


def test_no_module_imports_from_a_later_stage():
    assert upward_imports() == []


def test_nothing_of_the_dashboard_imports_the_studio():
    assert studio_importers() == []


def test_the_studio_may_import_curation_and_store_but_no_stage_may_import_it(tmp_path):
    package = tmp_path / "envdash"
    for stage in ("store", "present", "studio"):
        (package / stage).mkdir(parents=True)
    (package / "studio" / "publish.py").write_text("from envdash.store.build import build_database\n"
                                                    "from envdash.present.charts import trend_chart\n")
    (package / "present" / "page.py").write_text("from envdash.studio.publish import publish\n")
    (package / "store" / "build.py").write_text("import envdash.studio.drafts\n")
    assert upward_imports(package) == [
        "envdash/present/page.py:1: the present stage imports envdash.studio.publish (stage studio)",
        "envdash/store/build.py:1: the store stage imports envdash.studio.drafts (stage studio)",
        "envdash/studio/publish.py:2: the studio stage imports envdash.present.charts (stage present)"]


def test_a_dashboard_page_that_imports_the_studio_is_reported(tmp_path):
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "sources.py").write_text("import streamlit as st\nfrom envdash.studio import session\n")
    assert studio_importers(tmp_path) == ["pages/sources.py:2: imports envdash.studio"]


def test_an_upward_import_is_reported_with_file_and_line(tmp_path):
    package = tmp_path / "envdash"
    (package / "core").mkdir(parents=True)
    (package / "store").mkdir()
    (package / "core" / "paths.py").write_text("import os\nfrom envdash.store.queries import run_query\n")
    (package / "store" / "queries.py").write_text("from envdash.core.paths import data_root\n")
    assert upward_imports(package) == [
        "envdash/core/paths.py:2: the core stage imports envdash.store.queries (stage store)"]


@pytest.mark.parametrize("stage", (*STAGES, *SIDE_STAGES))
def test_every_stage_says_what_it_takes_and_hands_on(stage):
    assert ast.get_docstring(ast.parse((PACKAGE / stage / "__init__.py").read_text(encoding="utf-8")))


def test_readme_layout_table_names_every_stage_folder():
    readme = (PACKAGE.parent / "README.md").read_text(encoding="utf-8")
    listed = {line.split("`")[1].strip("/").split("/")[1] for line in readme.splitlines()
              if line.startswith("| `envdash/")}
    folders = {path.name for path in PACKAGE.iterdir() if (path / "__init__.py").is_file()}
    assert listed == folders


def test_architecture_document_names_every_stage():
    architecture = (PACKAGE.parent / "docs" / "architecture.md").read_text(encoding="utf-8")
    assert all(f"`{stage}`" in architecture for stage in (*STAGES, *SIDE_STAGES))
