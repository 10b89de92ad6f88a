"""Saving the answers to one of the workbook's forms (a chapter's questions, a
worksheet, the conversation plan) as one journal reflection, and reading them back.

Answers are kept by the form's stable field ids (``kind`` names the form), so
rewording a question in the content files never loses what was saved. The
reflection's ``text`` holds the same answers as readable text, under the
labels the reader saw, for the timeline, the table and exports.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from .. import content
from .model import Reflection, make_reflection
from .store import Journal

# The kinds of form answers, besides one per worksheet (named by the worksheet's id).
CONVERSATION_PLAN = "conversation_plan"
QUESTION_SHEET = "question_sheet"
WHY_REFUSE = "why_refuse"
# Every worksheet's answers are tagged with this and the worksheet's id; the question
# sheet with this and "questions".
WORKSHEET_TAG = "worksheet"
QUESTION_SHEET_TAGS = (WORKSHEET_TAG, "questions")


def answers_text(labels: Mapping[str, str], answers: Mapping[str, str]) -> str:
    """Each answered field's label followed by its answer, in the order of ``labels``."""
    blocks = [f"{labels[field_id]}\n{answers[field_id].strip()}" for field_id in labels
              if answers.get(field_id, "").strip()]
    return "\n\n".join(blocks)


def save_form(
    kind: str,
    labels: Mapping[str, str],
    answers: Mapping[str, str],
    tags: Iterable[str] = (),
    journal: Journal | None = None,
) -> Reflection | None:
    """Save one form's answers (``{field_id: answer}``); ``None`` if nothing was answered.

    ``labels`` maps each field id to the words shown for it, in the order shown.
    """
    clean = {field_id: answers[field_id].strip() for field_id in labels
             if answers.get(field_id, "").strip()}
    if not clean:
        return None
    reflection = make_reflection(answers_text(labels, clean), tags=list(tags), kind=kind,
                                 answers=clean)
    return (journal or Journal()).add_reflection(reflection)


def latest_answers(kind: str, journal: Journal | None = None) -> Reflection | None:
    """The newest saved answers to the form ``kind``."""
    return (journal or Journal()).latest_of_kind(kind)


def form_labels(kind: str) -> dict[str, str]:
    """Today's words for each field of the form ``kind``, by field id, in order."""
    if kind == CONVERSATION_PLAN:
        return {f.id: f.label for f in content.conversation().planner_fields}
    if kind == QUESTION_SHEET:
        words = content.support()
        return {**{q.id: q.question for q in words.therapist_questions},
                content.OWN_QUESTION: words.own_question_label}
    if kind == WHY_REFUSE:
        questions = content.reasons().closing_reflection.questions
        return {q.id: q.text for q in questions["supporter"]}
    try:
        sheet = content.by_id(content.caring().worksheets, kind)
    except KeyError:
        return {}
    return {f.id: f.label for f in sheet.fields}


def form_text(reflection: Reflection) -> str:
    """Saved form answers as readable text, under today's words for each field.

    An answer whose field is no longer asked is still shown, under its id.
    A reflection that is not a form's answers keeps its own text.
    """
    if reflection.kind is None or not reflection.answers:
        return reflection.text
    if reflection.kind == QUESTION_SHEET:
        # Each answer is the question as it was printed.
        return "\n".join(reflection.answers.values())
    labels = form_labels(reflection.kind)
    labels.update({field_id: field_id for field_id in reflection.answers
                   if field_id not in labels})
    return answers_text(labels, reflection.answers)
