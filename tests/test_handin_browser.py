"""The hand-in button in the app (Voilà) on a phone-sized screen, in a real browser:
chapter 3 with a drop folder set, 390 px wide. It fits, it hands in, it says so, and
its words read like the page's other paragraphs."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from browser import new_page, screenshot
from servers import app_server

from workbook import content, paths

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
CHAPTER_TIMEOUT = 240_000
WORDS = content.messages().hand_in


def test_hand_in_fits_a_phone_and_hands_in(chromium: Browser, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    drop = tmp_path / "drop"
    drop.mkdir()
    # app_server's environment starts from this one.
    monkeypatch.setenv(paths.HANDIN_DIR_ENV, str(drop))
    with app_server(tmp_path / "app", sample=False) as app:
        page = new_page(chromium, **PHONE)
        try:
            page.goto(app.page("/voila/render/03_readiness_check_in.ipynb"),
                      wait_until="domcontentloaded", timeout=CHAPTER_TIMEOUT)
            page.locator("nav.od-app-nav-end").wait_for(state="visible",
                                                        timeout=CHAPTER_TIMEOUT)
            box = page.locator(".open-door-hand-in")
            hand_in = box.get_by_role("button", name=WORDS.button)
            hand_in.scroll_into_view_if_needed()
            place = hand_in.bounding_box()
            assert place and place["x"] >= 0 and place["x"] + place["width"] <= PHONE["width"]
            assert place["height"] >= 24  # WCAG 2.2 target size
            assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
            # The intro is a paragraph, not double spaced like a row of controls.
            size, line = page.evaluate(
                "(p) => [parseFloat(getComputedStyle(p).fontSize),"
                " parseFloat(getComputedStyle(p).lineHeight)]",
                box.locator("p").first.element_handle())
            assert 1.3 <= line / size <= 1.7, (size, line)
            page.get_by_role("button", name=content.checkin().form.save_button).click()
            page.get_by_text(content.checkin().form.save_button).first.wait_for()
            page.locator(".workbook-success").first.wait_for(timeout=60_000)
            hand_in.click()
            box.get_by_role("status").get_by_text(WORDS.done).wait_for(timeout=60_000)
            (handed,) = drop.iterdir()
            assert handed.name.startswith("share-")
            assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
            screenshot(page, "app-hand-in-390")
        finally:
            page.context.close()
