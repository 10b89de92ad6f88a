"""Slides of each chapter's key points: built from content, offline, and shown by reveal.js."""

from __future__ import annotations

import html
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
            if re.fullmatch(r"(?:tel|sms):\+?[0-9]+", target):
                continue  # a crisis line's number: a phone calls it, nothing is loaded
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
        for _ in range(3):  # the title, the crisis lines, the core idea
            page.keyboard.press("ArrowRight")
        assert page.evaluate("() => Reveal.getState().indexh") == 3
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
    texts = [re.sub(r"<[^>]+>", "", str(text)) for part in safety.parts for text in part.texts]
    region = crisis.regions[0]
    services = [s for s in region.services if not s.emergency]
    assert f"{region.name} — " + " / ".join(
        s.name if s.contact in s.name else f"{s.name} ({s.contact})" for s in services
    ) in [html.unescape(t) for t in texts]
    assert f"{crisis.elsewhere.name} — {crisis.elsewhere.contact}" in texts
    patterns = content.conversation().patterns
    practice = [s for s in slides.KEY_POINTS["conversations"]()
                if s.title == content.conversation().practice_label]
    assert f"{patterns[0].name} — {patterns[0].rewrites[0]}" in practice[0].parts[0].texts


# --- issue 14: slides that carry the chapter -------------------------------------------


def _deck_text(deck_folder: Path, chapter_id: str) -> str:
    page = (deck_folder / site.page_name(content.chapter(chapter_id))).read_text()
    page = re.sub(r"</?a\b[^>]*>", "", page)  # links sit inside sentences
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def _texts(slide: slides.Slide) -> list[str]:
    return [str(text) for part in slide.parts for text in part.texts]


def test_no_list_is_cut_short_every_ground_rule_is_there(deck_folder: Path) -> None:
    guide = _deck_text(deck_folder, "facilitator")
    for rule in content.facilitator().ground_rules:
        assert rule in guide
    assert "Safety comes first. If someone is in danger, we stop and get help." in guide
    for chapter in CHAPTERS:
        for slide in slides.deck_slides(chapter):
            for part in slide.parts:
                assert len(part.texts) <= slides.MAX_ITEMS or part.kind != "items"
    # A list spread over two slides keeps counting.
    page = (deck_folder / site.page_name(content.chapter("facilitator"))).read_text()
    assert '<ol start="5">' in page


def test_the_check_in_slides_show_every_question(deck_folder: Path) -> None:
    deck = _deck_text(deck_folder, "checkin")
    for factor in content.factors():
        perspective = "supporter" if "supporter" in factor.perspectives else "self"
        assert factor.question_for(perspective) in deck, factor.id
    assert content.checkin().safety.question in deck


def test_no_slide_is_about_the_data_tools(deck_folder: Path) -> None:
    tools = content.journal_text().data_tools
    for chapter in CHAPTERS:
        deck = _deck_text(deck_folder, chapter.id)
        for words in (tools.export_label, tools.export_json, tools.export_csv,
                      tools.delete_button):
            assert words not in deck, (chapter.id, words)


def test_each_deck_has_its_chapter_core_idea_on_a_slide_of_its_own() -> None:
    for chapter in CHAPTERS:
        assert chapter.core_idea is not None
        deck = slides.deck_slides(chapter)
        idea = [s for s in deck if s.title == chapter.core_idea.heading]
        assert len(idea) == 1 and _texts(idea[0]) == [chapter.core_idea.text]
    why = content.chapter("why_refuse").core_idea
    assert why is not None and "stay safe" in why.heading


def test_each_crisis_service_is_printed_once(deck_folder: Path) -> None:
    deck = _deck_text(deck_folder, "why_refuse")
    assert "NHS 111" in deck and "111 111" not in re.sub(r"\s+", " ", deck)
    assert "988 988" not in re.sub(r"\s+", " ", deck)
    crisis = content.crisis_resources()
    lines = [html.unescape(re.sub(r"<[^>]+>", "", t)) for t in _texts(slides.safety_slide())]
    for region in crisis.regions:
        others = [s for s in region.services if not s.emergency]
        named = [t for t in lines if t.startswith(region.name + ":")]
        if not others:
            # A region with only an emergency number (the EU's 112) has no line of its
            # own; its number is among the emergency numbers.
            assert not named and region.name in " ".join(lines)
            continue
        (line,) = named
        for service in others:
            assert line.count(service.contact) == 1, (line, service.name)


def test_the_crisis_numbers_are_tap_to_call_links(deck_folder: Path) -> None:
    page = (deck_folder / site.page_name(content.chapter("start"))).read_text()
    for href in ("tel:911", "tel:988", "tel:18006624357", "tel:116123", "tel:111",
                 "tel:131114", "tel:000", "tel:999"):
        assert f'href="{href}"' in page, href
    assert 'href="tel:findahelpline' not in page


def test_the_phone_and_email_scripts_are_on_slides(deck_folder: Path) -> None:
    deck = _deck_text(deck_folder, "finding_support")
    support = content.support()
    for line in [*support.call_script.splitlines(), *support.email_script.splitlines()]:
        assert line in deck


def test_an_exercise_introduces_its_people_before_its_steps_name_them() -> None:
    deck = slides.deck_slides(content.chapter("facilitator"))
    for exercise in content.facilitator().exercises:
        story = content.by_id(content.examples(), exercise.example)
        titled = [s for s in deck if s.title == exercise.title]
        first = " ".join(_texts(titled[0]))
        assert story.who in first and story.story in first
    jamal = [s for s in deck if any("Jamal" in t for t in _texts(s))]
    assert "Jamal, 28, about his friend Kwame, 27" in " ".join(_texts(jamal[0]))
