"""axe-core audits of a page, split into the workbook's own output and the page around it.

axe-core (Deque's accessibility engine) comes from the PyPI package
``axe-playwright-python``, which ships ``axe.min.js``; we inject that file and
call ``axe.run`` ourselves so we can sort each finding by where it sits:

* **workbook**: inside a chapter's output area (a code cell's outputs and the
  rendered text cells): what the workbook draws, in JupyterLab or in the app.
* **around**: everything else, JupyterLab's own menus, side bars and status bar.
  Listed in the test output, never counted against the workbook.

Only ``serious`` and ``critical`` findings are counted (axe's two highest impacts).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from playwright.sync_api import Page

# A code cell's outputs and a rendered text cell, in JupyterLab and in Voilà's lab template.
WORKBOOK_AREA = ".jp-OutputArea, .jp-RenderedMarkdown, .jp-MarkdownOutput"
COUNTED_IMPACTS = ("serious", "critical")
# WCAG 2.0-2.2 A and AA, and axe's best practices.
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def axe_source() -> Path:
    import axe_playwright_python

    return Path(axe_playwright_python.__file__).with_name("axe.min.js")


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
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(axe_source()))
    found: list[dict[str, Any]] = page.evaluate(_RUN_JS, [TAGS, area])
    return Audit([Finding(**f) for f in found])


def as_json(audits: dict[str, Audit]) -> str:
    """Counts per page for a test's output: {page: {"workbook": n, "around": n}}."""
    return json.dumps({name: {"workbook": len(a.counted(inside=True)),
                              "around": len(a.counted(inside=False))}
                       for name, a in audits.items()}, indent=1)
