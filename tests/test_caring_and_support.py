"""The chapters "Caring for yourself" and "Finding support", driven without a browser."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import visible_text

from workbook import content
from workbook.journal.legacy_forms import parse_labelled
from workbook.journal.perspective import save_perspective
from workbook.journal.reflections import answers_text
from workbook.journal.store import Journal
from workbook.views import caring as caring_gui
from workbook.views import support as support_gui


def test_answers_read_back_as_written() -> None:
    labels = ["What I will do", "What I won't do any more", "What is mine to carry"]
    answers = {labels[0]: "Answer calls when\n\nyou are sober.", labels[2]: "My health."}
    text = answers_text({label: label for label in labels}, answers)
    assert parse_labelled(text, labels) == answers


# --- caring for yourself ------------------------------------------------------------------------


@pytest.mark.parametrize("sheet_id", ["boundaries", "self_care_plan"])
def test_a_worksheet_is_saved_and_filled_in_again_when_reopened(data_dir: Path,
                                                                 sheet_id: str) -> None:
    sheet = caring_gui.worksheet(sheet_id)
    first, *rest = sheet.worksheet.fields
    sheet.save.click()
    assert visible_text(sheet.status.value) == content.caring().worksheet_empty
    sheet.fields[first.id].value = "Something <true> & kind."
    sheet.save.click()
    assert 'role="status"' in sheet.status.value
    (saved,) = Journal().reflections()
    assert saved.tags == ("worksheet", sheet_id)
    reopened = caring_gui.worksheet(sheet_id)
    assert reopened.fields[first.id].value == "Something <true> & kind."
    assert all(reopened.fields[f.id].value == "" for f in rest)
    lead = content.caring().worksheet_last_saved.split("{when}")[0].strip()
    assert visible_text(reopened.status.value).startswith(lead)


def test_an_unknown_worksheet_is_an_error() -> None:
    with pytest.raises(KeyError):
        caring_gui.worksheet("taxes")


def test_stress_check_saves_a_supporter_check_in(data_dir: Path) -> None:
    save_perspective("supporter", "Ana")
    check = caring_gui.stress_check()
    assert set(check.sliders) == {"stress", "support", "boundaries"}
    assert "Ana" not in visible_text(check.sliders["stress"].question.value)  # about you
    check.sliders["stress"].slider.value = 9
    assert content.factor("stress").guidance.high[:30] in visible_text(check.advice.value)
    check.save.click()
    (saved,) = Journal().checkins()
    assert saved.ratings == {"stress": 9, "support": 5, "boundaries": 5}
    assert saved.person == "Ana"


def test_stress_check_on_the_self_path_saves_a_note(data_dir: Path) -> None:
    save_perspective("self")
    check = caring_gui.stress_check()
    assert set(check.sliders) == {"stress"}
    check.sliders["stress"].slider.value = 7
    check.save.click()
    (saved,) = Journal().reflections()
    assert saved.stress == 7 and saved.tags == ("stress-check",)
    assert Journal().checkins() == []


def test_the_chapter_speaks_to_a_reader_unsure_about_help_for_themselves(data_dir: Path) -> None:
    # Issue 15: chapter 5 said its questions were "written for people who support
    # someone else". On the self path the intro and the examples are about the reader.
    words = content.caring()
    save_perspective("self")
    check_text = visible_text(caring_gui.stress_check().children[0].value)
    assert check_text == words.stress_check.self_intro
    assert "support someone else" not in check_text
    sheet = next(s for s in words.worksheets if s.id == "boundaries")
    form = caring_gui.worksheet("boundaries")
    assert sheet.self_intro and sheet.self_intro in visible_text(form.children[0].value)
    assert [form.fields[f.id].placeholder for f in sheet.fields] == [
        f.self_placeholder or f.placeholder for f in sheet.fields]
    assert all(f.self_placeholder for f in sheet.fields)
    form.fields["will_do"].value = "Rest on Sundays."
    form.save.click()
    # One form on both paths: a reader who changes perspective keeps their answers.
    save_perspective("supporter", "Ana")
    supporter_form = caring_gui.worksheet("boundaries")
    assert supporter_form is not form
    assert supporter_form.fields["will_do"].value == "Rest on Sundays."
    assert supporter_form.fields["will_do"].placeholder == sheet.fields[0].placeholder
    assert visible_text(caring_gui.stress_check().children[0].value) == words.stress_check.intro


# --- finding support ---------------------------------------------------------------------------


def test_where_to_look_lists_every_region_and_place() -> None:
    shown = visible_text(support_gui.where_to_look_html())
    words = content.support()
    for region in words.regions:
        assert region.name in shown
        for place in region.places:
            assert place.name in shown
    for place in words.everywhere:
        assert place.name in shown


def test_question_sheet_makes_a_printable_sheet_and_remembers_it(data_dir: Path) -> None:
    words = content.support()
    sheet = support_gui.question_sheet()
    sheet.make.click()
    assert visible_text(sheet.status.value) == words.sheet_empty
    first, second = words.therapist_questions[:2]
    sheet.ticks[first.id].value = True
    sheet.own.value = "Can we meet <online>?"
    sheet.make.click()
    shown = visible_text(sheet.sheet.value)
    assert words.sheet_title in shown and first.question in shown
    assert "Can we meet <online>?" in shown and "&lt;online&gt;" in sheet.sheet.value
    assert second.question not in shown
    again = support_gui.question_sheet()
    assert again.ticks[first.id].value and not again.ticks[second.id].value
    assert again.own.value == "Can we meet <online>?"


def test_first_contact_says_it_is_not_a_commitment() -> None:
    shown = visible_text(support_gui.first_contact_html())
    words = content.support()
    assert words.not_a_commitment in shown
    assert words.small_win in shown  # issue 15: notice the small win of reaching out
    assert words.call_script.split("\n")[0] in shown


def test_support_for_supporters_and_if_they_say_no() -> None:
    words = content.support()
    shown = visible_text(support_gui.support_for_supporters_html())
    assert all(p.name in shown for p in words.supporter_programs)
    steps = visible_text(support_gui.if_they_say_no_html())
    assert all(step in steps for step in words.if_no_steps)
