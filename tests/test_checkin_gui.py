"""The check-in chapter's widgets, driven without a browser."""

from __future__ import annotations

from pathlib import Path

from helpers import visible_text

from workbook import content
from workbook.journal.perspective import save_perspective
from workbook.journal.store import Journal
from workbook.views import checkin as checkin_gui


def new_session() -> checkin_gui.CheckInSession:
    checkin_gui.check_in_form()
    return checkin_gui._current()


def test_sliders_are_labelled_and_worded_for_the_saved_perspective(data_dir: Path) -> None:
    save_perspective("supporter", "Sam")
    session = new_session()
    fear = session.sliders["fear"]
    assert fear.slider.description == content.factor("fear").name
    assert "Sam" in visible_text(fear.question.value)
    session.about.value = "self"
    assert visible_text(fear.question.value) == content.factor("fear").question["self"]
    assert session.groups["supporter_load"].layout.display == "none"
    assert "stress" not in session.ratings


def test_moving_a_slider_redraws_the_profile(data_dir: Path) -> None:
    session = new_session()
    before = session.chart.value
    session.sliders["shame"].slider.value = 10
    assert bytes(session.chart.value) != bytes(before)
    assert bytes(session.chart.value).startswith(b"<?xml")
    assert visible_text(session.chart_summary.value).startswith(
        "Most in the way today: Shame (10 of 10)")
    shown = visible_text(session.interpretation.value)
    assert content.factor("shame").guidance.high[:40] in shown
    assert "Read more in:" in shown


def test_saving_stores_the_ratings_and_confirms(data_dir: Path) -> None:
    save_perspective("supporter", "Sam")
    session = new_session()
    session.sliders["fear"].slider.value = 8
    session.sliders["stress"].slider.value = 3
    session.note.value = "Talked a little on Sunday."
    session.save_button.click()
    assert visible_text(session.status.value).startswith("Saved your check-in")
    (saved,) = Journal().checkins()
    assert saved.perspective == "supporter" and saved.person == "Sam"
    assert saved.ratings["fear"] == 8 and saved.ratings["stress"] == 3
    assert len(saved.ratings) == len(content.factors())
    assert saved.note == "Talked a little on Sunday."


def test_the_next_check_in_starts_from_and_compares_with_the_last(data_dir: Path) -> None:
    first = new_session()
    first.sliders["fear"].slider.value = 9
    first.save_button.click()
    second = new_session()
    assert second.sliders["fear"].slider.value == 9
    assert "grey outlines show your last check-in" in visible_text(second.chart_summary.value)


def test_the_self_path_saves_only_its_own_questions(data_dir: Path) -> None:
    save_perspective("self")
    session = new_session()
    session.save_button.click()
    (saved,) = Journal().checkins()
    assert saved.perspective == "self" and saved.person is None
    assert not {"stress", "support", "boundaries"} & set(saved.ratings)


def test_a_bad_name_is_explained_and_nothing_is_saved(data_dir: Path) -> None:
    session = new_session()
    session.about.value = "supporter"
    session.name.value = "Sam <3"
    session.save_button.click()
    assert 'role="alert"' in session.status.value
    assert Journal().checkins() == []


def test_answering_yes_to_the_safety_question_shows_crisis_lines_at_once(
    data_dir: Path,
) -> None:
    session = new_session()
    assert session.safety_answer.value is None and session.safety_help.value == ""
    session.safety_answer.value = "yes"
    shown = session.safety_help.value
    assert "988" in shown and "findahelpline.com" in shown and "<details open>" in shown
    session.safety_answer.value = "no"
    assert visible_text(session.safety_help.value) == content.checkin().safety.thanks


def test_each_step_shows_a_part_of_the_same_check_in(data_dir: Path) -> None:
    form = checkin_gui.check_in_form()
    session = checkin_gui._current()
    assert checkin_gui.check_in_profile() is session.profile
    assert checkin_gui.check_in_safety() is session.safety
    assert checkin_gui.check_in_save() is session.save
    assert form is session.form
