"""axe-core, read from the pinned npm package on disk and run inside a page: no script from the network.

`npm ci` at the project root puts it in node_modules/ (package.json, package-lock.json).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from browser_support import PROJECT_ROOT

AXE_SCRIPT = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING_IMPACTS = ("critical", "serious")
# WCAG 2.0, 2.1 and 2.2 A and AA, and axe's best practices: what a public body's site is held to.
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


@dataclass(frozen=True)
class Violation:
    rule: str
    impact: str
    help: str
    targets: tuple[str, ...]
    first_failure: str = ""   # axe's account of the first node, e.g. the colours and ratio found

    def describe(self) -> str:
        shown = ", ".join(self.targets[:6]) + (f" … (+{len(self.targets) - 6})" if len(self.targets) > 6 else "")
        why = " ".join(self.first_failure.split())[:300]
        return f"{self.rule} [{self.impact}] {self.help} — {len(self.targets)} node(s): {shown}" + \
            (f"\n    first: {why}" if why else "")


@lru_cache(maxsize=1)
def axe_source() -> str:
    return AXE_SCRIPT.read_text(encoding="utf-8")


def _target(node: dict) -> str:
    # a target is a list of selectors, one per nested frame or shadow root
    return " >> ".join(part if isinstance(part, str) else " ".join(part) for part in node.get("target", []))


def audit(page) -> list[Violation]:
    """Every axe violation on the page as it is now, worst first."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(content=axe_source())
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
                           " resultTypes: ['violations']})", TAGS)
    found = [Violation(item["id"], item.get("impact") or "unknown", item["help"],
                       tuple(_target(node) for node in item["nodes"]),
                       (item["nodes"][0].get("failureSummary") or "") if item["nodes"] else "")
             for item in result["violations"]]
    order = ("critical", "serious", "moderate", "minor", "unknown")
    return sorted(found, key=lambda violation: (order.index(violation.impact), violation.rule))


def blocking(violations: list[Violation]) -> list[Violation]:
    return [violation for violation in violations if violation.impact in BLOCKING_IMPACTS]
