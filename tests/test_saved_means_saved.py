"""Issue 11: the journal keeps exactly what the reader sees.

Each test here was written for one reported defect and fails on the code before
the fix: re-running the check-in's form cell, a save that overtakes the browser's
last changes, answers matched back by their wording, settings missing from
exports, and a summary plan taken from any reflection tagged "plan".
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import sqlite3
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import ipywidgets as widgets
import pytest

import workbook as wb
from workbook import content
from workbook.journal import store
from workbook.journal.model import make_reflection
from workbook.journal.perspective import load_perspective, save_perspective
from workbook.journal.store import Journal
from workbook.journal.transfer import export_csv, export_json, import_file
from workbook.publish import report
from workbook.views import caring as caring_gui
from workbook.views import controls
from workbook.views import support as support_gui

DATA = Path(__file__).parent / "data"
WHEN = datetime.fromisoformat("2026-03-01T19:30:00+01:00")


def descendants(root: widgets.Widget) -> Iterator[widgets.Widget]:
    yield root
    for child in getattr(root, "children", ()):
        yield from descendants(child)


def slider_named(root: widgets.Widget, name: str) -> widgets.IntSlider:
    (slider,) = [w for w in descendants(root)
                 if isinstance(w, widgets.IntSlider) and w.description == name]
    return slider


def button_in(root: widgets.Widget) -> widgets.Button:
    (found,) = [w for w in descendants(root) if isinstance(w, widgets.Button)]
    return found


def run_check_in_chapter() -> dict[str, widgets.Widget]:
    """The chapter's code cells, in order, as the notebook runs them."""
    return {"form": wb.check_in_form(), "profile": wb.check_in_profile(),
            "safety": wb.check_in_safety(), "save": wb.check_in_save()}


# --- 1. one session per chapter -------------------------------------------------------------


def test_rerunning_the_form_cell_keeps_save_bound_to_the_form_on_screen(
        data_dir: Path) -> None:
    shown = run_check_in_chapter()
    shown["form"] = wb.check_in_form()  # the reader runs the form cell again
    shame = content.factor("shame").name
    slider_named(shown["form"], shame).value = 10
    button_in(shown["save"]).click()
    (saved,) = Journal().checkins()
    assert saved.ratings["shame"] == 10
    # The profile on screen follows the same form.
    assert "Shame (10 of 10)" in shown["profile"].children[1].value


def test_running_the_whole_chapter_twice_keeps_every_part_on_one_check_in(
        data_dir: Path) -> None:
    first = run_check_in_chapter()
    second = run_check_in_chapter()
    for part in first:
        assert first[part] is second[part]
    slider_named(second["form"], content.factor("fear").name).value = 9
    button_in(first["save"]).click()  # the button left on screen from the first run
    assert Journal().checkins()[-1].ratings["fear"] == 9


def test_other_chapters_show_the_same_form_when_a_cell_runs_again(data_dir: Path) -> None:
    assert wb.plan_conversation() is wb.plan_conversation()
    assert wb.worksheet("boundaries") is wb.worksheet("boundaries")
    assert wb.question_sheet() is wb.question_sheet()
    assert wb.stress_check() is wb.stress_check()
    assert wb.choose_perspective() is wb.choose_perspective()
    assert wb.why_refuse_reflection() is wb.why_refuse_reflection()
    assert wb.add_reflection() is wb.add_reflection()


# --- 2. a save waits for the browser's pending changes ------------------------------------------


def test_a_click_shown_in_a_browser_saves_the_values_that_arrive_after_it(
        data_dir: Path) -> None:
    """The browser holds a slider's latest value while an earlier one is being handled,
    but sends a click at once. The save must wait until the held value has arrived."""
    shown = run_check_in_chapter()
    slider = slider_named(shown["form"], content.factor("shame").name)
    save_button = button_in(shown["save"])

    async def click_then_late_value() -> None:
        save_button._view_count = 1  # a page shows the button
        slider.value = 7             # the first arrow key press reached the kernel
        save_button.click()          # the click overtakes the presses held back
        await asyncio.sleep(0)
        assert Journal().checkins() == []  # not saved yet: the browser has more to send
        slider.value = 10            # the held value arrives
        for _round in range(controls.SYNC_ROUNDS):
            (marker,) = markers(shown["save"])
            marker._view_count = 1   # the browser has shown the marker
            await asyncio.sleep(0)

    asyncio.run(click_then_late_value())
    (saved,) = Journal().checkins()
    assert saved.ratings["shame"] == 10
    assert markers(shown["save"]) == []


def markers(root: widgets.Widget) -> list[widgets.Widget]:
    """The hidden widgets whose views the browser counts (the save's round trip)."""
    return [w for w in descendants(root)
            if isinstance(w, widgets.HTML) and w._view_count is not None]


def test_a_click_with_no_browser_waits_at_most_the_timeout(
        data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(controls, "SYNC_TIMEOUT_S", 0.05)
    shown = run_check_in_chapter()
    save_button = button_in(shown["save"])

    async def click_and_wait() -> None:
        save_button._view_count = 1
        save_button.click()
        await asyncio.sleep(0.3)

    asyncio.run(click_and_wait())
    assert len(Journal().checkins()) == 1


# --- 3. answers by id ------------------------------------------------------------------------


def reworded(monkeypatch: pytest.MonkeyPatch, sheet_id: str, field_id: str) -> None:
    """Reword one worksheet question, as an edit to caring.yaml would."""
    words = content.caring()
    sheets = tuple(
        dataclasses.replace(sheet, fields=tuple(
            dataclasses.replace(f, label=f"{f.label}, in new words") if f.id == field_id else f
            for f in sheet.fields)) if sheet.id == sheet_id else sheet
        for sheet in words.worksheets)
    changed = dataclasses.replace(words, worksheets=sheets)
    monkeypatch.setattr(content, "caring", lambda: changed)


def test_rewording_a_worksheet_question_keeps_its_saved_answer(
        data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sheet = wb.worksheet("boundaries")
    sheet.fields["mine"].value = "My own health."
    sheet.save.click()
    reworded(monkeypatch, "boundaries", "mine")
    new_words = content.by_id(content.caring().worksheets, "boundaries")
    reopened = caring_gui.WorksheetForm(new_words)
    assert reopened.fields["mine"].value == "My own health."
    (saved,) = Journal().reflections()
    assert saved.kind == "boundaries" and saved.answers == {"mine": "My own health."}


def test_the_question_sheet_reloads_by_question_id(data_dir: Path) -> None:
    sheet = wb.question_sheet()
    sheet.ticks["fees"].value = True
    sheet.own.value = "Do you see families?"
    sheet.make.click()
    (saved,) = Journal().reflections()
    assert saved.kind == "question_sheet"
    assert set(saved.answers) == {"fees", "own"}
    again = support_gui.QuestionSheet()
    assert again.ticks["fees"].value and again.own.value == "Do you see families?"
    assert not again.ticks["insurance"].value


def test_closing_questions_and_plans_are_saved_by_field_id(data_dir: Path) -> None:
    questions = wb.why_refuse_reflection()
    questions.fields["underneath"].value = "Fear of being judged."
    questions.save.click()
    planner = wb.plan_conversation()
    planner.fields["opening"].value = "How have you been?"
    planner.save.click()
    by_kind = {r.kind: dict(r.answers) for r in Journal().reflections()}
    assert by_kind == {"why_refuse": {"underneath": "Fear of being judged."},
                       "conversation_plan": {"opening": "How have you been?"}}


def test_content_ids_are_checked_for_repeats() -> None:
    from workbook.content import ChapterReflection, ReflectionQuestion, Worksheet, WorksheetField
    from workbook.content.schema import SchemaError
    twice = (ReflectionQuestion("a", "One?"), ReflectionQuestion("a", "Two?"))
    with pytest.raises(SchemaError, match="used twice"):
        ChapterReflection("x", {"supporter": twice, "self": twice[:1]}).check()
    fields = (WorksheetField("a", "One", ""), WorksheetField("a", "Two", ""))
    with pytest.raises(SchemaError, match="used twice"):
        Worksheet("w", "W", "", fields, "Save").check()


def test_the_perspective_is_exported_and_comes_back(data_dir: Path, tmp_path: Path) -> None:
    save_perspective("supporter", "Sam")
    path = tmp_path / "backup.json"
    path.write_text(export_json(Journal()), encoding="utf-8")
    assert json.loads(path.read_text())["settings"] == {
        "perspective": {"perspective": "supporter", "person": "Sam"}}
    other = Journal(tmp_path / "other" / "journal.sqlite3")
    import_file(other, path)
    choice = load_perspective(other)
    assert choice is not None and (choice.perspective, choice.person) == ("supporter", "Sam")


def test_an_import_never_changes_a_perspective_already_chosen(
        data_dir: Path, tmp_path: Path) -> None:
    save_perspective("supporter", "Sam")
    path = tmp_path / "backup.json"
    path.write_text(export_json(Journal()), encoding="utf-8")
    save_perspective("self")
    import_file(Journal(), path)
    choice = load_perspective()
    assert choice is not None and choice.perspective == "self"


@pytest.mark.parametrize("name", ["export-v1.json", "export-v1.csv"])
def test_version_1_exports_still_import_with_their_answers_by_id(
        data_dir: Path, name: str) -> None:
    summary = import_file(Journal(), DATA / name)
    assert (summary.checkins_added, summary.reflections_added) == (1, 5)
    assert wb.worksheet("boundaries").fields["say_it"].value == "Gently.\n\nAnd once."
    sheet = wb.question_sheet()
    assert sheet.ticks["fees"].value and sheet.ticks["confidentiality"].value
    assert sheet.own.value == "Do you see families together?"
    by_kind = {r.kind: r for r in Journal().reflections()}
    assert by_kind["conversation_plan"].answers == {"opening": "How have you been sleeping?",
                                                    "after": "Walk with Dana."}
    assert by_kind["why_refuse"].answers == {"underneath": "Fear of being judged."}
    # The diary note tagged "plan" by hand stays an ordinary reflection.
    assert by_kind[None].tags == ("plan",)


def test_version_2_exports_round_trip_answers_and_kinds(data_dir: Path, tmp_path: Path) -> None:
    import_file(Journal(), DATA / "export-v1.json")
    for fmt, text in (("json", export_json(Journal())), ("csv", export_csv(Journal()))):
        path = tmp_path / f"again.{fmt}"
        path.write_text(text, encoding="utf-8")
        other = Journal(tmp_path / fmt / "journal.sqlite3")
        import_file(other, path)
        assert other.reflections() == Journal().reflections()


def test_migration_2_reads_old_worksheet_answers_back_by_todays_labels(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    db = sqlite3.connect(path, isolation_level=None)
    db.execute(f"PRAGMA application_id = {store.APPLICATION_ID}")
    store.MIGRATIONS[0](db)
    db.execute("PRAGMA user_version = 1")
    rows = [
        ("w1", "What I will do\nDrive him.\n\nWhat is mine to carry\nMy sleep.",
         ["worksheet", "boundaries"]),
        ("p1", "When and where\nSunday walk.", ["plan", "conversation"]),
        ("n1", "My plan for Sunday: wait for a calm moment.", ["plan", "conversation"]),
        ("q1", "How much does each session cost?\nCan I bring my sister?",
         ["worksheet", "questions"]),
    ]
    for uid, text, tags in rows:
        db.execute("INSERT INTO reflections (uid, at, at_utc, text, tags) VALUES (?, ?, ?, ?, ?)",
                   (uid, WHEN.isoformat(), WHEN.isoformat(), text, json.dumps(tags)))
    db.close()
    migrated = {r.uid: r for r in Journal(path).reflections()}
    assert migrated["w1"].kind == "boundaries"
    assert migrated["w1"].answers == {"will_do": "Drive him.", "mine": "My sleep."}
    assert migrated["p1"].kind == "conversation_plan"
    assert migrated["n1"].kind is None and migrated["n1"].answers == {}
    assert migrated["q1"].answers == {"fees": "How much does each session cost?",
                                      "own": "Can I bring my sister?"}
    assert migrated["w1"].text == rows[0][1]  # the text is kept as it was


# --- 5. the summary's plan ----------------------------------------------------------------------


def test_the_summary_plan_is_the_planners_latest_shown_once(fresh_journal: Journal) -> None:
    planner = wb.plan_conversation()
    planner.fields["opening"].value = "What worries you most about seeing someone?"
    planner.save.click()
    (plan,) = fresh_journal.reflections()
    fresh_journal.add_reflection(make_reflection(
        "Diary: he smiled today.", tags=["plan"], when=plan.when + timedelta(hours=1)))
    page = report.summary_html(fresh_journal)
    plans_part = page.split('id="od-plans"')[1]
    assert "What worries you most about seeing someone?" in plans_part
    assert "Diary: he smiled today." not in plans_part
    assert page.count("What worries you most about seeing someone?") == 1
    assert page.count("Diary: he smiled today.") == 1
