"""Slides of each chapter's key points: built from content, offline, and shown by reveal.js."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from browser import new_page, screenshot

from workbook import cli, content
from workbook.html.style import escape
from workbook.publish import site, slides

if TYPE_CHECKING:
    from playwright.sync_api import Browser

CHAPTERS = [c for c in content.chapters() if not c.planned]


@pytest.fixture(scope="module")
def deck_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("slides")
    assert cli.main(["export", "--format", "slides", "--out", str(out)]) == 0
    return out


def test_every_written_chapter_has_a_deck_with_title_and_safety(deck_folder: Path) -> None:
    for chapter in CHAPTERS:
        page = (deck_folder / site.page_name(chapter)).read_text()
        assert page.count("<section>") >= 3
        assert f"<h2>{escape(chapter.title)}</h2>" in page
        assert content.crisis_resources().heading in page and "988" in page
    index = (deck_folder / "index.html").read_text()
    assert all(site.page_name(c) in index for c in CHAPTERS)


def test_key_points_come_from_content(deck_folder: Path) -> None:
    why = (deck_folder / "01_why_people_refuse_help.html").read_text()
    for reason in content.reasons().reasons:
        assert escape(reason.summary) in why
    talk = (deck_folder / "02_conversations_that_open_doors.html").read_text()
    assert escape(content.reasons().reasons[0].swaps[0].ask) in talk


def test_decks_reference_nothing_outside_their_folder(deck_folder: Path) -> None:
    for page in deck_folder.glob("*.html"):
        text = page.read_text()
        for target in re.findall(r'(?:src|href)="([^"]+)"', text):
            assert not re.match(r"[a-z]+:", target), f"{page.name}: {target}"
            assert (deck_folder / target.split("#")[0]).exists(), f"{page.name}: {target}"
    css = (deck_folder / "static" / "reveal" / "slides.css").read_text()
    assert "@import" not in css and "http" not in css


@pytest.mark.browser
def test_a_deck_runs_offline_in_chromium(chromium: Browser, deck_folder: Path) -> None:
    page = new_page(chromium)
    outside: list[str] = []

    def block(route) -> None:
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    try:
        page.route("**/*", block)
        page.goto((deck_folder / "01_why_people_refuse_help.html").as_uri())
        page.wait_for_function("() => window.Reveal && Reveal.isReady()", timeout=15_000)
        total = page.evaluate("() => Reveal.getTotalSlides()")
        assert total == len(slides.deck_slides(CHAPTERS[1])) + 1
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowRight")
        assert page.evaluate("() => Reveal.getState().indexh") == 2
        visible = page.locator(".reveal .slides section.present")
        assert content.reasons().reasons[0].title in visible.inner_text()
        screenshot(page, "slides-01_why_people_refuse_help")
        assert outside == []
    finally:
        page.context.close()


def test_the_safety_slide_joins_names_in_the_content_words(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 12: "name: contact" and the list's commas are interface.yaml's."""
    original = content.interface()
    site = replace(original.site, labelled="{name} — {text}", service="{name} ({contact})",
                   list_more="{list} / {item}")
    changed = replace(original, site=site)
    monkeypatch.setattr(content, "interface", lambda: changed)
    crisis = content.crisis_resources()
    safety = slides.safety_slide()
    texts = [text for part in safety.parts for text in part.texts]
    region = crisis.regions[0]
    services = [s for s in region.services if not s.emergency]
    assert f"{region.name} — " + " / ".join(f"{s.name} ({s.contact})" for s in services) in texts
    assert f"{crisis.elsewhere.name} — {crisis.elsewhere.contact}" in texts
    patterns = content.conversation().patterns
    practice = slides.KEY_POINTS["conversations"]()[-1]
    assert f"{patterns[0].name} — {patterns[0].rewrites[0]}" in practice.parts[0].texts
