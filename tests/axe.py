"""axe-core in a real page: the WCAG 2.2 A and AA rules, and what they find.

axe-core's script comes with the test extra ``axe-playwright-python`` (the file it
ships); it is injected into the page as it is, so any page can be audited, also one
whose Content-Security-Policy forbids scripts (open it in a context made with
``bypass_csp=True``, see :func:`audit_context`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import axe_playwright_python

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

AXE_JS = Path(axe_playwright_python.__file__).parent / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
SERIOUS = ("serious", "critical")


@dataclass(frozen=True)
class Violation:
    rule: str
    impact: str
    count: int
    help: str
    targets: tuple[str, ...]

    def __str__(self) -> str:
        where = ", ".join(self.targets[:3])
        return f"{self.rule} ({self.impact}, {self.count}): {self.help} at {where}"


def audit_context(browser: Browser, **options: Any) -> BrowserContext:
    """A context whose pages axe can be injected into, whatever their CSP."""
    context = browser.new_context(bypass_csp=True, **options)
    context.set_default_timeout(30_000)
    return context


def violations(page: Page, selector: str | None = None) -> list[Violation]:
    """Every serious or critical violation on the page (or inside ``selector``)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=AXE_JS.read_text(encoding="utf-8"))
    result = page.evaluate(
        """async ([selector, tags]) => {
            const context = selector ? {include: [selector]} : document;
            const r = await axe.run(context, {runOnly: {type: 'tag', values: tags},
                                              resultTypes: ['violations']});
            return r.violations.map(v => ({rule: v.id, impact: v.impact, help: v.help,
                                           targets: v.nodes.map(n => n.target.join(' '))}));
        }""",
        [selector, TAGS],
    )
    return [Violation(v["rule"], v["impact"] or "", len(v["targets"]), v["help"],
                      tuple(v["targets"]))
            for v in result if v["impact"] in SERIOUS]


def count(found: list[Violation]) -> int:
    """Serious and critical problems, counted per element as axe reports them."""
    return sum(v.count for v in found)
