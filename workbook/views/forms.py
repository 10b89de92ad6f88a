"""Shared form pieces: reflection questions saved by field id, and the reader's
saved perspective."""

from __future__ import annotations

import re
from collections.abc import Sequence

import ipywidgets as widgets

from .. import content
from ..content import Perspective
from ..html.notices import (
    friendly_time,
)
from ..html.style import escape, status_html
from ..journal.model import InvalidEntry, Reflection
from ..journal.perspective import PerspectiveChoice, load_perspective
from ..journal.reflections import save_form
from ..journal.store import JournalError
from .accessible import carrier, labelled_by
from .controls import SaveWhenSynced, button, text_area


class ReflectionQuestions(widgets.VBox):
    """A few questions, a box for each answer, and one button that saves them all.

    The answers are saved as one journal reflection of ``kind``, by the
    questions' field ids (``fields`` pairs each id with the words shown). The
    words on the button and in the messages default to the chapter questions'
    and can be replaced (the conversation planner does).
    """

    def __init__(self, kind: str, fields: Sequence[tuple[str, str]], tags: Sequence[str] = (),
                 intro: str | None = None, *, placeholders: Sequence[str] | None = None,
                 save_label: str | None = None, saved: str | None = None,
                 empty: str | None = None, numbered: bool = True, rows: int = 3,
                 notes: Sequence[str] | None = None) -> None:
        text = content.interface().reflection
        self.kind = kind
        self.labels = dict(fields)
        self.questions = tuple(self.labels.values())
        self.tags = tuple(tags)
        self.saved_message = saved or text.saved
        self.empty_message = empty or text.empty
        hints = placeholders or [text.answer_placeholder] * len(self.questions)
        self.answers = [text_area(hint, question, rows=rows)
                        for question, hint in zip(self.questions, hints, strict=True)]
        self.fields = dict(zip(self.labels, self.answers, strict=True))
        self.save = button(save_label or text.save_button)
        self.saving = SaveWhenSynced(self.save, self.save_answers)
        self.status = widgets.HTML()
        rows_shown: list[widgets.Widget] = (
            [widgets.HTML(f"<p>{escape(intro)}</p>")] if intro else [])
        # HTML shown between a question and its box (a safety plan step's crisis lines).
        shown_notes = notes or [""] * len(self.questions)
        for number, (question, answer, note) in enumerate(zip(
                self.questions, self.answers, shown_notes, strict=True), start=1):
            label = f"{number}. {question}" if numbered else question
            # The box is named by the question shown above it (views/accessible.py).
            question_id = f"od-{_slug(kind)}-{number}"
            labelled_by(answer, question_id)
            rows_shown += [widgets.HTML(f"<p style=\"margin: 0.6em 0 0.2em\"><strong "
                                        f"id=\"{question_id}\">{escape(label)}</strong></p>"),
                           *([widgets.HTML(note)] if note else []), answer]
        super().__init__([*rows_shown, self.save, self.saving.slot, self.status, carrier()])

    def save_answers(self) -> Reflection | None:
        """Save what was answered; say what to fix, or confirm with the time."""
        answers = {field_id: box.value for field_id, box in self.fields.items()}
        try:
            saved = save_form(self.kind, self.labels, answers, self.tags)
        except (InvalidEntry, JournalError) as exc:
            self.status.value = status_html(str(exc), "problem")
            return None
        if saved is None:
            self.status.value = status_html(self.empty_message, "problem")
            return None
        self.status.value = status_html(
            self.saved_message.format(when=friendly_time(saved.when)), "success")
        return saved


def _slug(text: str) -> str:
    """Letters, digits and dashes only: safe in an element id and a class name."""
    return re.sub(r"[^A-Za-z0-9-]+", "-", text).strip("-") or "form"


def current_choice() -> PerspectiveChoice:
    """The saved choice, or the supporter path with no name before the reader has chosen."""
    try:
        choice = load_perspective()
    except JournalError:
        choice = None
    return choice or PerspectiveChoice("supporter")


def current_perspective() -> Perspective:
    """The saved perspective, or ``supporter`` before the reader has chosen."""
    return current_choice().perspective
