"""axe-core finds no critical or serious accessibility problem on any page, in either language,
with presenter mode on or off."""
from __future__ import annotations

import pytest

from axe_audit import AXE_SCRIPT, audit, blocking
from browser_support import NORMAL_VIEWPORT, PAGES, PRESENTER_VIEWPORT, SIDEBAR, unavailable

pytestmark = pytest.mark.browser

LOOKS = [pytest.param(lang, present, id=f"{lang}-{'present' if present else 'plain'}")
         for lang in ("zh", "en") for present in (False, True)]


@pytest.fixture(scope="module")
def axe_installed():
    if not AXE_SCRIPT.exists():
        unavailable(f"{AXE_SCRIPT} not found: run `npm ci` at the project root")


@pytest.mark.parametrize(("lang", "present"), LOOKS)
@pytest.mark.parametrize("name", list(PAGES))
def test_page_has_no_critical_or_serious_accessibility_violation(browse, axe_installed, name, lang, present):
    query = f"lang={lang}" + ("&present=1" if present else "")
    page = browse.open(PAGES[name], query, viewport=PRESENTER_VIEWPORT if present else NORMAL_VIEWPORT)
    if present:
        page.locator(SIDEBAR).wait_for(state="hidden", timeout=10_000)
    violations = audit(page)
    for violation in violations:   # all of them in the log; only the blocking ones fail the test
        print(f"{name} {lang} {'present' if present else 'plain'}: {violation.describe()}")
    found = blocking(violations)
    assert not found, f"{len(found)} critical/serious axe rule(s) broken on {page.url}:\n" + \
        "\n".join(violation.describe() for violation in found)
