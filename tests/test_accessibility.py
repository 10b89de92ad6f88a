"""axe-core over the pages the workbook writes itself: every slide of every deck (stepped
through one by one), the summary page, the group page and every handout. No serious or
critical violation is allowed; each page's count is printed (``-s``) for the record."""

from __future__ import annotations

import random
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from axe import Violation, audit_context, count, violations

from workbook import cli, content, paths
from workbook.journal import workshop
from workbook.journal.store import Journal
from workbook.journal.transfer import import_file
from workbook.journal.workshop import MIN_GROUP, Share
from workbook.publish import group_page, report
from workbook.publish.site import page_name

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = pytest.mark.browser


def _report(found: dict[str, list[Violation]]) -> str:
    lines = [f"{name}: {count(v)}" for name, v in found.items()]
    problems = [f"  {name}: {v}" for name, vs in found.items() for v in vs]
    print("\naxe serious+critical per page:\n  " + "\n  ".join(lines))
    return "\n".join(problems)


@pytest.fixture(scope="module")
def deck_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("slides") / "slides"
    assert cli.main(["export", "--format", "slides", "--out", str(out)]) == 0
    return out


def test_every_slide_has_no_serious_axe_violation(chromium: Browser, deck_folder: Path) -> None:
    context = audit_context(chromium, viewport={"width": 1280, "height": 720})
    found: dict[str, list[Violation]] = {}
    try:
        page = context.new_page()
        decks = ["index.html", *(page_name(c) for c in content.chapters() if not c.planned)]
        for deck in decks:
            page.goto((deck_folder / deck).as_uri())
            page.wait_for_function("() => window.Reveal && Reveal.isReady()")
            total = page.evaluate("() => Reveal.getTotalSlides()")
            for number in range(total):
                page.evaluate("(n) => Reveal.slide(n)", number)
                page.wait_for_function("(n) => Reveal.getState().indexh === n", arg=number)
                found[f"{deck} slide {number + 1}"] = violations(page)
    finally:
        context.close()
    problems = _report(found)
    assert not problems, problems


def _shares() -> list[Share]:
    rng = random.Random(14)
    return [Share(f"P-TEST{n:02d}".replace("0", "A").replace("1", "B"), "supporter",
                  {f.id: rng.randint(0, 10) for f in content.factors()})
            for n in range(MIN_GROUP + 2)]


def test_summary_and_group_pages_have_no_serious_axe_violation(
        chromium: Browser, tmp_path: Path) -> None:
    journal = Journal(tmp_path / paths.JOURNAL_FILENAME)
    import_file(journal, paths.SAMPLE_JOURNEY)
    pages = {
        "summary (sample journey)": report.summary_html(journal),
        "summary (empty journal)": report.summary_html(Journal(tmp_path / "empty.sqlite3")),
        "group page": group_page.group_report_html(workshop.aggregate(_shares())),
        "group page (too few)": group_page.group_report_html(
            workshop.aggregate(_shares()[:MIN_GROUP - 1])),
    }
    context = audit_context(chromium)
    found: dict[str, list[Violation]] = {}
    try:
        page = context.new_page()
        for name, html in pages.items():
            file = tmp_path / (name.replace(" ", "_").replace("(", "").replace(")", "") + ".html")
            file.write_text(html, encoding="utf-8")
            page.goto(file.as_uri())
            found[name] = violations(page)
    finally:
        context.close()
    problems = _report(found)
    assert not problems, problems
