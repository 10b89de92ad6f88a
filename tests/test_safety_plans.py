"""The two safety plans (caring.yaml, shown in chapter 2): the personal plan on the self
path and the family plan on the supporter path. Each is saved by field id and filled in
again in a fresh view, travels through export and import, shows only to its own reader
(the other sees a note), lists the lines to call from content, and has a paper form."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from helpers import visible_text

from workbook import content, paths
from workbook.html.notices import field_lines_html
from workbook.journal import transfer
from workbook.journal.perspective import save_perspective
from workbook.journal.store import Journal
from workbook.publish import paper
from workbook.views import caring as caring_gui

PLANS = {"safety_plan": "self", "family_safety_plan": "supporter"}
OTHER = {"self": "supporter", "supporter": "self"}


def _sheet(sheet_id: str) -> content.Worksheet:
    return content.by_id(content.caring().worksheets, sheet_id)


@pytest.mark.parametrize(("sheet_id", "perspective"), PLANS.items())
def test_a_plan_is_saved_and_a_fresh_view_fills_it_in_again(
        data_dir: Path, sheet_id: str, perspective: content.Perspective) -> None:
    save_perspective(perspective)
    form = caring_gui.worksheet(sheet_id)
    assert isinstance(form, caring_gui.WorksheetForm)
    answers = {f.id: f"My answer to {f.id} <b>&</b>\nline two" for f in form.worksheet.fields}
    for field_id, value in answers.items():
        form.fields[field_id].value = value
    form.save.click()
    assert 'role="status"' in form.status.value
    (saved,) = Journal().reflections()
    assert saved.kind == sheet_id and saved.tags == ("worksheet", sheet_id)
    # Kept by the fields' stable ids, not by their wording.
    assert saved.answers == {k: v.strip() for k, v in answers.items()}
    fresh = caring_gui.WorksheetForm(_sheet(sheet_id), perspective)
    assert {f: box.value for f, box in fresh.fields.items()} == saved.answers


def test_the_personal_plan_has_the_six_steps_and_the_crisis_lines() -> None:
    sheet = _sheet("safety_plan")
    assert sheet.perspective == "self" and sheet.chapter == "conversations"
    assert [f.id for f in sheet.fields] == ["warning_signs", "cope_alone", "distractions",
                                            "people_to_ask", "professionals",
                                            "safer_surroundings"]
    lines = visible_text(field_lines_html(sheet.fields[4]))
    for region in content.crisis_resources().regions:
        assert region.name in lines
        assert all(s.contact in lines for s in region.services)
    assert all(field_lines_html(f) == "" for i, f in enumerate(sheet.fields) if i != 4)


def test_the_family_plan_names_a_safe_place_who_to_call_what_to_keep_and_when_to_leave(
        ) -> None:
    sheet = _sheet("family_safety_plan")
    assert sheet.perspective == "supporter" and sheet.chapter == "conversations"
    assert [f.id for f in sheet.fields] == ["safe_place", "who_to_call", "keep_ready",
                                            "when_to_leave", "how_to_leave"]
    call = sheet.fields[1]
    lines = visible_text(field_lines_html(call))
    emergency = [s.contact for r in content.crisis_resources().regions for s in r.services
                 if s.emergency]
    assert all(number in lines for number in emergency)
    # Every helpline it lists is in the facts register.
    register = {f.id: f for f in content.facts_register().facts}
    for region in call.helplines:
        for service in region.services:
            assert service.contact in lines
            assert any(service.contact in register[i].names for i in service.facts)


@pytest.mark.parametrize(("sheet_id", "perspective"), PLANS.items())
def test_each_reader_sees_their_own_plan_and_a_note_in_place_of_the_other(
        data_dir: Path, sheet_id: str, perspective: content.Perspective) -> None:
    save_perspective(OTHER[perspective])
    note = caring_gui.worksheet(sheet_id)
    assert not isinstance(note, caring_gui.WorksheetForm)
    text = visible_text(note.value)
    sheet = _sheet(sheet_id)
    assert sheet.title in text and (sheet.other_path or "") in text
    assert 'role="note"' in note.value
    save_perspective(perspective)
    assert isinstance(caring_gui.worksheet(sheet_id), caring_gui.WorksheetForm)


def test_plans_travel_through_export_and_import(data_dir: Path, tmp_path: Path) -> None:
    for sheet_id, perspective in PLANS.items():
        save_perspective(perspective)
        form = caring_gui.worksheet(sheet_id)
        assert isinstance(form, caring_gui.WorksheetForm)
        form.fields[form.worksheet.fields[0].id].value = f"First step of {sheet_id}"
        form.save.click()
    exported = transfer.export_json(Journal())
    out = tmp_path / "journal.json"
    out.write_text(exported, encoding="utf-8")
    document = json.loads(exported)
    kinds = {r.get("kind") for r in document["reflections"]}
    assert set(PLANS) <= kinds
    # Into an empty journal: both plans come back and fill their forms in again.
    other = tmp_path / "other"
    other.mkdir(mode=0o700)
    fresh = Journal(other / paths.JOURNAL_FILENAME)
    transfer.import_file(fresh, out)
    for sheet_id in PLANS:
        latest = fresh.latest_of_kind(sheet_id)
        assert latest is not None
        assert latest.answers == {_sheet(sheet_id).fields[0].id: f"First step of {sheet_id}"}


def test_chapter_two_shows_each_plan_once() -> None:
    nb = nbformat.read(paths.NOTEBOOKS_DIR / "02_conversations_that_open_doors.ipynb", 4)
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    for sheet_id in PLANS:
        assert code.count(f'wb.worksheet("{sheet_id}")') == 1


def test_both_plans_have_a_paper_form_with_every_step_and_the_lines() -> None:
    forms = {f.id: f for f in paper.all_forms()}
    for sheet_id, perspective in PLANS.items():
        form = forms[f"worksheet-{sheet_id.replace('_', '-')}"]
        sheet = _sheet(sheet_id)
        assert form.subtitle == content.paper().perspective_heading[perspective]
        (section,) = form.sections
        assert [item.label for item in section.items] == [f.label for f in sheet.fields]
    personal = forms["worksheet-safety-plan"].sections[0].items[4]
    assert [r.name for r in personal.calls] == [r.name for r in paper.crisis_card().regions]
    family = forms["worksheet-family-safety-plan"].sections[0].items[1]
    assert family.emergency and [r.name for r in family.calls] == [
        r.name for r in _sheet("family_safety_plan").fields[1].helplines]
