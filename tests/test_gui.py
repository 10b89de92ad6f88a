"""Widgets and notices, tested without a browser: set values, press buttons,
read what the reader would see."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import visible_text

from workbook import content, paths
from workbook.html import notices as html_notices
from workbook.journal.perspective import load_perspective, save_perspective
from workbook.journal.store import Journal
from workbook.views import forms as forms
from workbook.views import notices as notices
from workbook.views import start as start

# --- safety box and notices -------------------------------------------------------------


def test_safety_box_shows_emergency_numbers_and_every_crisis_line() -> None:
    html_text = html_notices.safety_box_html()
    # What is read: tags out (a number may be a link, "112 or 999" two of them).
    shown = visible_text(html_text)
    for region in content.crisis_resources().regions:
        assert region.name in shown
        for service in region.services:
            assert service.contact in shown
    assert "findahelpline.com" in html_text
    # Emergency numbers are visible without opening anything.
    visible_part = html_text.split("<details")[0]
    for number in ("911", "999", "000"):
        assert number in visible_part
    assert "<details>" in html_text and "<summary" in html_text
    assert "<details open>" in html_notices.safety_box_html(open_details=True)


def test_notices_say_what_the_workbook_is_not_and_where_data_lives(data_dir: Path) -> None:
    assert "not treatment" in html_notices.not_a_substitute_html()
    assert str(data_dir) in visible_text(html_notices.privacy_notice_html())


def test_privacy_notice_escapes_the_folder_name(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(tmp_path / "<b>odd</b>"))
    html_text = html_notices.privacy_notice_html()
    assert "<b>odd" not in html_text and "&lt;b&gt;odd" in html_text


def test_contents_links_written_chapters_only() -> None:
    html_text = html_notices.contents_html()
    for chapter in content.chapters():
        assert chapter.title in html_text
        link = f'href="{chapter.file}"'
        assert (link in html_text) is (not chapter.planned), chapter.id


def test_navigation_points_to_neighbours() -> None:
    chapters = content.chapters()
    words = content.interface().navigation
    previous, _, _ = words.previous.partition("{")
    next_, _, _ = words.next.partition("{")
    first = html_notices.navigation_html(chapters[0].id)
    assert previous not in first and chapters[1].title in first
    last = html_notices.navigation_html(chapters[-1].id)
    assert next_ not in last and chapters[-2].title in last and words.contents in last


# --- perspective chooser ---------------------------------------------------------------------


def test_chooser_starts_empty_and_says_nothing_is_saved(data_dir: Path) -> None:
    chooser = start.choose_perspective()
    assert chooser.choice.value is None
    assert "Nothing is saved" in visible_text(chooser.status.value)
    assert not Journal().exists()


def test_saving_without_a_choice_asks_for_one(data_dir: Path) -> None:
    chooser = start.choose_perspective()
    chooser.save.click()
    assert 'role="alert"' in chooser.status.value
    assert "pick one" in visible_text(chooser.status.value).lower()
    assert load_perspective() is None


def test_saving_a_supporter_choice_confirms_and_is_remembered(data_dir: Path) -> None:
    chooser = start.choose_perspective()
    chooser.choice.value = "supporter"
    chooser.name.value = "  Sam  "
    chooser.save.click()
    message = visible_text(chooser.status.value)
    assert message.startswith("Saved.") and "Sam" in message
    assert 'role="status"' in chooser.status.value
    saved = load_perspective()
    assert saved is not None and (saved.perspective, saved.person) == ("supporter", "Sam")
    # Reopening the chapter shows the saved choice.
    again = start.choose_perspective()
    assert (again.choice.value, again.name.value) == ("supporter", "Sam")
    assert "current choice" in visible_text(again.status.value)


def test_a_bad_name_is_explained_and_the_saved_choice_is_kept(data_dir: Path) -> None:
    save_perspective("supporter", "Sam")
    chooser = start.choose_perspective()
    chooser.name.value = "Sam <script>"
    chooser.save.click()
    assert "letters only" in visible_text(chooser.status.value)
    assert load_perspective().person == "Sam"
    chooser.name.value = "A" * 40
    chooser.save.click()
    assert "too long" in visible_text(chooser.status.value)
    assert load_perspective().person == "Sam"


def test_the_self_path_hides_and_drops_the_name(data_dir: Path) -> None:
    chooser = start.choose_perspective()
    chooser.choice.value = "self"
    assert chooser.name.layout.display == "none"
    chooser.name.value = "Sam"
    chooser.save.click()
    assert load_perspective().person is None
    chooser.choice.value = "supporter"
    assert chooser.name.layout.display is None


def test_chooser_explains_a_damaged_journal_instead_of_crashing(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    Journal().path.write_bytes(b"this is not a database")
    chooser = start.choose_perspective()
    assert "has not been changed" in visible_text(chooser.status.value)
    chooser.choice.value = "self"
    chooser.save.click()
    assert "has not been changed" in visible_text(chooser.status.value)
    assert Journal().path.read_bytes() == b"this is not a database"


def test_controls_have_plain_labels(data_dir: Path) -> None:
    chooser = start.choose_perspective()
    assert chooser.choice.description and chooser.name.description
    assert chooser.save.description == content.interface().perspective.save_button
    assert [label for label, _ in chooser.choice.options] == list(
        content.interface().perspective.choices.values()
    )


# --- practice slider ----------------------------------------------------------------------------


@pytest.mark.parametrize("value", [0, 7, 10])
def test_practice_slider_answers_and_saves_nothing(data_dir: Path, value: int) -> None:
    practice = start.practice_slider()
    practice.slider.value = value
    assert f"You picked {value}." in visible_text(practice.reply.value)
    assert not Journal().exists()
