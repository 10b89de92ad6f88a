"""The safety plans in the app (Voilà, a real kernel, Chromium): the supporter's family
plan is saved from the page and shown again when the chapter is opened afresh; on the
self path the same chapter shows the personal plan, with the crisis lines in its step 5."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from browser import new_page
from servers import app_server

from workbook import content, paths
from workbook.journal.perspective import save_perspective
from workbook.journal.store import Journal

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Locator, Page

CHAPTER = "02_conversations_that_open_doors.ipynb"
CHAPTER_TIMEOUT = 240_000


def _open(page: Page, url: str) -> None:
    page.goto(url, wait_until="domcontentloaded", timeout=CHAPTER_TIMEOUT)
    page.locator("nav.od-app-nav-end").wait_for(state="visible", timeout=CHAPTER_TIMEOUT)
    page.wait_for_load_state("networkidle", timeout=120_000)


def _plan(page: Page, sheet: content.Worksheet) -> Locator:
    """The plan's widget box: the one that holds its save button."""
    return page.locator(".widget-vbox", has=page.get_by_role(
        "button", name=sheet.save_button)).last


def _picture(plan: Locator, name: str) -> None:
    shots = Path("build/screenshots")
    shots.mkdir(parents=True, exist_ok=True)
    plan.scroll_into_view_if_needed()
    plan.screenshot(path=str(shots / f"{name}.png"))


@pytest.mark.browser
def test_each_path_sees_its_plan_and_a_saved_plan_comes_back(chromium: Browser,
                                                             tmp_path: Path) -> None:
    sheets = {s.id: s for s in content.caring().worksheets}
    family, personal = sheets["family_safety_plan"], sheets["safety_plan"]
    with app_server(tmp_path, sample=False) as app:
        app.data.mkdir(mode=0o700, exist_ok=True)
        journal = Journal(app.data / paths.JOURNAL_FILENAME)
        save_perspective("supporter", journal=journal)
        # Tall enough that a whole plan is drawn in one element screenshot.
        page = new_page(chromium, height=3400)
        try:
            _open(page, app.page(f"/voila/render/{CHAPTER}"))
            # The supporter sees the family plan and, in place of the personal one, a note.
            assert page.get_by_text(personal.other_path or "").count() == 1
            plan = _plan(page, family)
            box = plan.get_by_role("textbox", name=family.fields[0].label)
            box.fill("My neighbor's house, two doors down.")
            box.blur()
            plan.get_by_role("button", name=family.save_button).click()
            plan.get_by_text(content.caring().worksheet_saved.split("(")[0].strip()).wait_for(
                timeout=60_000)
            _picture(plan, "safety-family-plan-app")
            saved = journal.latest_of_kind(family.id)
            assert saved is not None
            assert saved.answers == {"safe_place": "My neighbor's house, two doors down."}

            # A fresh page (a new kernel) fills the plan in again from the journal.
            _open(page, app.page(f"/voila/render/{CHAPTER}"))
            again = _plan(page, family).get_by_role("textbox", name=family.fields[0].label)
            assert again.input_value() == "My neighbor's house, two doors down."

            # On the self path the same chapter shows the personal plan instead.
            save_perspective("self", journal=journal)
            _open(page, app.page(f"/voila/render/{CHAPTER}"))
            assert page.get_by_text(family.other_path or "").count() == 1
            plan = _plan(page, personal)
            assert plan.get_by_role("textbox").count() == len(personal.fields)
            step5 = plan.inner_text()
            assert all(r.name in step5 for r in content.crisis_resources().regions)
            _picture(plan, "safety-personal-plan-app")
        finally:
            page.context.close()
