"""The practice box and the conversation planner, tested without a browser."""

from __future__ import annotations

from pathlib import Path

from helpers import visible_text

from workbook import content
from workbook.journal.store import Journal
from workbook.views import conversation as conversation_gui


def test_practice_box_points_out_pressure_and_offers_rewrites(data_dir: Path) -> None:
    practice = conversation_gui.practice_what_to_say()
    practice.text.value = "You need to see someone. Why don't you just go?"
    practice.check.click()
    flags = conversation_gui.find_pressure(practice.text.value)
    shown = visible_text(practice.report.value)
    assert {f.pattern_id for f in flags} >= {"you_need_to", "why_dont_you"}
    for flag in flags:
        assert flag.name in shown and flag.rewrites[0][:30] in shown
    assert "<mark" in practice.report.value
    assert not Journal().exists()  # practising saves nothing


def test_practice_box_is_friendly_when_empty_or_clean(data_dir: Path) -> None:
    words = content.conversation()
    practice = conversation_gui.practice_what_to_say()
    practice.check.click()
    assert visible_text(practice.report.value) == words.practice_empty
    practice.text.value = "What has the last month been like for you?"
    practice.check.click()
    assert visible_text(practice.report.value) == words.practice_no_flags
    assert 'role="status"' in practice.report.value


def test_practice_box_shows_typed_html_as_text(data_dir: Path) -> None:
    practice = conversation_gui.practice_what_to_say()
    practice.text.value = "<script>alert(1)</script> You should stop."
    practice.check.click()
    assert "<script>" not in practice.report.value
    assert "&lt;script&gt;" in practice.report.value


def test_planner_saves_a_reflection_tagged_as_a_plan(data_dir: Path) -> None:
    planner = conversation_gui.plan_conversation()
    planner.save.click()
    assert visible_text(planner.status.value) == content.conversation().planner_empty
    assert not Journal().exists()
    planner.fields["when_where"].value = "Sunday, on a walk"
    planner.fields["opening"].value = "How have things felt lately?"
    planner.save.click()
    assert "Your plan is saved" in visible_text(planner.status.value)
    (plan,) = Journal().reflections()
    assert plan.tags == ("plan", "conversation")
    labels = {f.id: f.label for f in content.conversation().planner_fields}
    assert plan.text.startswith(f"{labels['when_where']}\nSunday, on a walk")
    assert labels["if_no"] not in plan.text  # empty parts are left out


def test_planner_labels_every_field_in_plain_words(data_dir: Path) -> None:
    planner = conversation_gui.plan_conversation()
    assert list(planner.fields) == ["when_where", "opening", "listen_for", "if_no", "after"]
    for field in content.conversation().planner_fields:
        assert planner.fields[field.id].tooltip == field.label
        assert field.label in visible_text(str([c.value for c in planner.children
                                                if hasattr(c, "value")]))
