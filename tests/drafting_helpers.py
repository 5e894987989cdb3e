"""Shared by the drafting tests: the project's own catalogue, and the one suggestion a sentence gives."""
from __future__ import annotations

from functools import lru_cache

from envdash.core.paths import PROJECT_ROOT
from envdash.curation.catalog import Catalog, load_catalog


@lru_cache(maxsize=1)
def project_catalog() -> Catalog:
    catalog, problems = load_catalog(PROJECT_ROOT)
    assert not problems, problems
    return catalog


def only(suggestions):
    assert len(suggestions) == 1, [(s.value, s.unit, s.quote) for s in suggestions]
    return suggestions[0]
