"""The chapter "Why people refuse help": its content, the story exercise and its views."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from helpers import visible_text

from workbook import content, paths
from workbook.journal.perspective import save_perspective
from workbook.journal.store import Journal
from workbook.rules.reasons import exercise_feedback, stories_for
from workbook.views import reasons as reasons_gui

REASON_IDS = [r.id for r in content.reasons().reasons]
LABELS = re.compile(r"\b(denial|addicts?|alcoholics?|crazy|junkies?|psycho)\b", re.I)



# --- content -------------------------------------------------------------------------------


def test_there_is_one_reason_per_reason_factor_in_the_same_order() -> None:
    assert [f.id for f in content.factors() if f.group == "reason"] == REASON_IDS
    assert set(REASON_IDS) >= {"fear", "hope", "insight", "own_solution", "judgment",
                               "past_experience", "seriousness", "opening_up", "shame",
                               "practical"}


@pytest.mark.parametrize("reason_id", REASON_IDS)
def test_every_reason_has_every_part(reason_id: str) -> None:
    reason = reasons_gui.reason(reason_id)
    for part in (reason.title, reason.summary, reason.underneath):
        assert part.strip()
    assert len(reason.sounds_like) >= 2
    assert len(reason.helps) >= 2 and len(reason.backfires) >= 2
    assert reason.swaps
    assert reason.reflection["supporter"] and reason.reflection["self"]
    assert len(stories_for(reason_id)) >= 2, f"{reason_id} needs at least two stories"


def test_own_solution_covers_reintroducing_help_gently() -> None:
    reason = reasons_gui.reason("own_solution")
    text = " ".join([reason.underneath, *reason.helps, *reason.backfires]).lower()
    assert "gently" in text and ("again" in text or "later" in text)
    assert "told you so" in text  # named as what backfires


def test_fear_covers_its_forms() -> None:
    text = reasons_gui.reason("fear").underneath.lower()
    for form in ("known", "look closely", "expect"):
        assert form in text


def _story_text(example_id: str) -> str:
    story = reasons_gui.example(example_id)
    return f"{story.who} {story.concern} {story.story}".lower()


# The three situations from the first source article, retold in our own words.
ARTICLE_SITUATIONS = {
    "partner_drinking": ("partner", ["drink|beer", "no problem|not have a problem"]),
    "mother_clutter": ("parent", ["76", "boxes|piles", "stop coming|visit"]),
    "friend_withdrawn": ("friend", ["job|laid off", "dated|girlfriend|broke up", "fine", "weight"]),
}


@pytest.mark.parametrize("example_id", list(ARTICLE_SITUATIONS))
def test_the_three_situations_from_the_article_are_retold(example_id: str) -> None:
    relationship, signs = ARTICLE_SITUATIONS[example_id]
    story = reasons_gui.example(example_id)
    assert story.relationship == relationship
    for sign in signs:
        assert re.search(sign, _story_text(example_id)), f"{example_id}: {sign}"
    assert story.safety_note, f"{example_id} carries a safety risk and needs a safety note"


@pytest.mark.parametrize("concern", ["anxi", "trauma|army|military|accident|assault", "eat|meal",
                                     "gambl|bet", "cannabis|teen|15"])
def test_examples_widen_the_range(concern: str) -> None:
    assert any(re.search(concern, _story_text(e.id)) for e in content.examples()), concern


def test_examples_cover_many_relationships_and_the_self_path() -> None:
    relationships = {e.relationship for e in content.examples()}
    assert {"partner", "parent", "child", "friend", "self"} <= relationships


def test_no_content_labels_a_person() -> None:
    for filename in ("reasons.yaml", "examples.yaml", "factors.yaml", "interface.yaml"):
        text = (paths.CONTENT_DIR / filename).read_text()
        assert not LABELS.search(text), f"{filename}: {LABELS.search(text).group(0)!r}"
    conversation = yaml.safe_load((paths.CONTENT_DIR / "conversation.yaml").read_text())
    for pattern in conversation["patterns"]:
        for field in ("name", "why", *[f"rewrites[{i}]" for i in range(len(pattern["rewrites"]))]):
            value = pattern[field] if "[" not in field else pattern["rewrites"][int(field[9:-1])]
            assert not LABELS.search(value), f"{pattern['id']}.{field}"


# --- the exercise ----------------------------------------------------------------------------


def test_feedback_explains_spotted_and_missed_cues_first() -> None:
    story = content.examples()[0]
    cued = [c.reason for c in story.cues]
    uncued = next(r for r in REASON_IDS if r not in cued)
    feedback = exercise_feedback(story.id, [cued[0], uncued])
    kinds = [(f.reason_id, f.kind) for f in feedback]
    assert kinds[0] == (cued[0], "spotted")
    assert {(r, "also") for r in cued[1:]} <= set(kinds)
    assert kinds[-1] == (uncued, "not_shown")
    assert all(f.cue for f in feedback if f.kind != "not_shown")


def test_feedback_refuses_an_unknown_reason() -> None:
    with pytest.raises(KeyError):
        exercise_feedback(content.examples()[0].id, ["stubbornness"])


def test_exercise_widget_asks_for_a_pick_then_explains(data_dir: Path) -> None:
    exercise = reasons_gui.reasons_exercise()
    exercise.check.click()
    assert "Pick at least one" in visible_text(exercise.feedback.value)
    story = content.examples()[1]
    exercise.story_choice.value = story.id
    assert story.title in visible_text(exercise.story.value)
    first = story.cues[0].reason
    exercise.reason_boxes[first].value = True
    exercise.check.click()
    shown = visible_text(exercise.feedback.value)
    assert "You spotted this one" in shown and story.cues[0].cue[:40] in shown
    assert "not labels" in shown
    # A new story starts clean.
    exercise.story_choice.value = content.examples()[2].id
    assert exercise.picked == [] and exercise.feedback.value == ""


def test_stories_with_a_risk_point_to_the_safety_box() -> None:
    risky = [e for e in content.examples() if e.safety_note]
    assert risky
    html_text = reasons_gui.story_html(risky[0])
    assert "workbook-safety" in html_text and "Safety first" in html_text


# --- the explorer -----------------------------------------------------------------------------


def test_explorer_shows_a_reason_then_a_story(data_dir: Path) -> None:
    explorer = reasons_gui.reason_explorer()
    reason = reasons_gui.reason("shame")
    explorer.reason_choice.value = "shame"
    shown = visible_text(explorer.card.value)
    for part in (reason.title, reason.sounds_like[0], reason.helps[0], reason.backfires[0],
                 reason.reflection["supporter"][0]):
        assert visible_text(reasons_gui.escape(part)) in shown
    explorer.mode.value = "example"
    assert explorer.reason_choice.layout.display == "none"
    story = content.examples()[0]
    assert story.title in visible_text(explorer.card.value)
    assert "<details>" in explorer.card.value  # cues folded away until asked for


def test_explorer_uses_the_self_wording_on_the_self_path(data_dir: Path) -> None:
    save_perspective("self")
    explorer = reasons_gui.reason_explorer()
    explorer.reason_choice.value = "fear"
    question = reasons_gui.reason("fear").reflection["self"][0]
    assert visible_text(reasons_gui.escape(question)) in visible_text(explorer.card.value)


# --- closing reflection -------------------------------------------------------------------------


def test_closing_questions_save_one_reflection(data_dir: Path) -> None:
    questions = reasons_gui.why_refuse_reflection()
    questions.save.click()
    assert "at least one question" in visible_text(questions.status.value)
    assert not Journal().exists()
    questions.answers[1].value = "Maybe fear <of> what people think."
    questions.save.click()
    assert "Saved to your journal" in visible_text(questions.status.value)
    (saved,) = Journal().reflections()
    assert saved.tags == ("reflection", "why-refuse")
    assert questions.questions[1] in saved.text and "<of>" in saved.text
    assert questions.questions[0] not in saved.text  # unanswered questions are left out


def test_curious_questions_table_lists_every_swap() -> None:
    shown = visible_text(reasons_gui.curious_questions_html())
    for reason in content.reasons().reasons:
        for swap in reason.swaps:
            assert visible_text(reasons_gui.escape(swap.ask)) in shown
