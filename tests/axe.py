"""axe-core (Deque's accessibility engine) in a real page: the WCAG 2.0-2.2 A and AA rules
and axe's best practices, and what they find.

axe-core's script comes with the test extra ``axe-playwright-python`` (the file it
ships, ``axe.min.js``); it is injected into the page as it is, so any page can be
audited, also one whose Content-Security-Policy forbids scripts (open it in a context
made with ``bypass_csp=True``, see :func:`audit_context`). Only ``serious`` and
``critical`` findings are counted (axe's two highest impacts).

Two ways to ask:

* :func:`violations` for a page the workbook writes whole (site, slides, report,
  handouts): every serious or critical violation on it, or inside a selector.
* :func:`audit` for a chapter shown in JupyterLab or the app, where each finding is
  sorted by where it sits: **inside** a chapter's output area (a code cell's outputs
  and the rendered text cells: what the workbook draws), or **around** it
  (JupyterLab's own menus, side bars and status bar: listed, never counted).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import axe_playwright_python

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

AXE_JS = Path(axe_playwright_python.__file__).parent / "axe.min.js"
# WCAG 2.0-2.2 A and AA, and axe's best practices.
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
SERIOUS = ("serious", "critical")
COUNTED_IMPACTS = SERIOUS
# A code cell's outputs and a rendered text cell, in JupyterLab and in Voila's lab template.
WORKBOOK_AREA = ".jp-OutputArea, .jp-RenderedMarkdown, .jp-MarkdownOutput"


def axe_source() -> Path:
    return AXE_JS


def _inject(page: Page) -> None:
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=AXE_JS.read_text(encoding="utf-8"))


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
    _inject(page)
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


# --- chapters in JupyterLab or the app: inside the output area, or around it ---


@dataclass
class Finding:
    rule: str
    impact: str
    help: str
    target: str
    html: str
    inside: bool

    def line(self) -> str:
        return f"{self.impact:8} {self.rule}: {self.help} -- {self.target} {self.html[:160]}"


@dataclass
class Audit:
    findings: list[Finding] = field(default_factory=list)

    def counted(self, *, inside: bool = True) -> list[Finding]:
        return [f for f in self.findings if f.inside == inside and f.impact in COUNTED_IMPACTS]

    def summary(self, *, inside: bool = True) -> dict[str, int]:
        counts: dict[str, int] = {}
        for finding in self.counted(inside=inside):
            counts[finding.rule] = counts.get(finding.rule, 0) + 1
        return counts

    def report(self) -> str:
        inside = self.counted(inside=True)
        around = self.counted(inside=False)
        lines = [f"workbook output area: {len(inside)} serious or critical"]
        lines += [f"  {f.line()}" for f in inside]
        lines.append(f"around it (JupyterLab's own page, not counted): {len(around)}")
        lines += [f"  {f.line()}" for f in around]
        return "\n".join(lines)


_RUN_JS = """
async ([tags, area]) => {
  const results = await axe.run(document, {
    runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'],
  });
  const found = [];
  for (const rule of results.violations) {
    for (const node of rule.nodes) {
      // A target is a list of selectors (more than one for an iframe or shadow root);
      // the first one is in this document.
      const selector = node.target[0];
      const element = typeof selector === 'string' ? document.querySelector(selector) : null;
      found.push({
        rule: rule.id, impact: node.impact || rule.impact || 'minor', help: rule.help,
        target: JSON.stringify(node.target), html: node.html,
        inside: !!(element && element.closest(area)),
      });
    }
  }
  return found;
}
"""


def audit(page: Page, *, area: str = WORKBOOK_AREA) -> Audit:
    """Run axe-core on the whole page; each finding says whether it is inside ``area``."""
    _inject(page)
    found: list[dict[str, Any]] = page.evaluate(_RUN_JS, [TAGS, area])
    return Audit([Finding(**f) for f in found])


def as_json(audits: dict[str, Audit]) -> str:
    """Counts per page for a test's output: {page: {"workbook": n, "around": n}}."""
    return json.dumps({name: {"workbook": len(a.counted(inside=True)),
                              "around": len(a.counted(inside=False))}
                       for name, a in audits.items()}, indent=1)
