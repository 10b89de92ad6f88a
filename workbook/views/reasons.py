"""Views for the chapter "Why people refuse help": the explorer, the story
exercise and the closing questions (their HTML is :mod:`workbook.html.reasons`, and
the exported site shows its reading edition). Decisions live in
:mod:`workbook.rules.reasons`."""

from __future__ import annotations

import ipywidgets as widgets
from IPython.display import HTML

from .. import content, surface
from ..content import PERSPECTIVES, Perspective
from ..html.reasons import (
    curious_questions_html,
    example_card_html,
    exercise_answers_html,
    exercise_feedback_html,
    reason_card_html,
    reasons_reading_html,
    story_html,
)
from ..html.style import WIDE_LABEL, box, escape, status_html
from ..journal.reflections import WHY_REFUSE
from ..publish.paper import reading_form_html, reflection_form
from ..rules.reasons import example, reason
from .controls import button, chapter_state
from .forms import ReflectionQuestions, current_perspective


class ReasonExplorer(widgets.VBox):
    """Browse the reasons one by one, or the stories one by one."""

    def __init__(self) -> None:
        text = content.interface().explorer
        self.perspective = current_perspective()
        self.mode = widgets.ToggleButtons(
            options=[(text.by_reason, "reason"), (text.by_example, "example")],
            value="reason", description=text.mode_label, style=WIDE_LABEL,
        )
        self.reason_choice = widgets.Dropdown(
            options=[(r.title, r.id) for r in content.reasons().reasons],
            description=text.reason_label, style=WIDE_LABEL,
            layout=widgets.Layout(width="auto"),
        )
        self.example_choice = widgets.Dropdown(
            options=[(e.title, e.id) for e in content.examples()],
            description=text.example_label, style=WIDE_LABEL,
            layout=widgets.Layout(width="auto"),
        )
        self.card = widgets.HTML()
        super().__init__([self.mode, self.reason_choice, self.example_choice, self.card])
        for control in (self.mode, self.reason_choice, self.example_choice):
            control.observe(self._show, names="value")
        self._show()

    def _show(self, _change: object = None) -> None:
        by_reason = self.mode.value == "reason"
        self.reason_choice.layout.display = None if by_reason else "none"
        self.example_choice.layout.display = "none" if by_reason else None
        card = (reason_card_html(self.reason_choice.value, self.perspective) if by_reason
                else example_card_html(self.example_choice.value))
        self.card.value = box(card, "plain")


def reason_explorer() -> ReasonExplorer | HTML:
    """Explore the reasons people refuse help, by reason or by story.

    The exported site has no kernel to answer the choices, so it shows every reason and
    every story at once, with lists that link to each.
    """
    if not surface.has_kernel():
        return HTML(reasons_reading_html(current_perspective()))
    return ReasonExplorer()


class ReasonsExercise(widgets.VBox):
    """Read a story, pick the reasons that may be at play, and see the cues."""

    def __init__(self) -> None:
        text = content.interface().exercise
        self.text = text
        self.story_choice = widgets.Dropdown(
            options=[(e.title, e.id) for e in content.examples()],
            description=text.story_label, style=WIDE_LABEL, layout=widgets.Layout(width="auto"),
        )
        self.story = widgets.HTML()
        self.reason_boxes = {
            r.id: widgets.Checkbox(value=False, description=r.title, indent=False,
                                   layout=widgets.Layout(width="auto"))
            for r in content.reasons().reasons
        }
        self.check = button(text.check_button, "search")
        self.feedback = widgets.HTML()
        grid = widgets.GridBox(
            list(self.reason_boxes.values()),
            layout=widgets.Layout(grid_template_columns="repeat(auto-fill, minmax(20em, 1fr))",
                                  max_width="48em"),
        )
        super().__init__([
            self.story_choice, self.story,
            widgets.HTML(f"<p><strong>{escape(text.reasons_label)}</strong></p>"),
            grid, self.check, self.feedback,
        ])
        self.story_choice.observe(self._new_story, names="value")
        self.check.on_click(lambda _button: self.check_thinking())
        self._new_story()

    @property
    def picked(self) -> list[str]:
        return [reason_id for reason_id, tick in self.reason_boxes.items() if tick.value]

    def _new_story(self, _change: object = None) -> None:
        self.story.value = box(story_html(example(self.story_choice.value)), "plain")
        for tick in self.reason_boxes.values():
            tick.value = False
        self.feedback.value = ""

    def check_thinking(self) -> None:
        if not self.picked:
            self.feedback.value = status_html(self.text.pick_first, "problem")
            return
        self.feedback.value = exercise_feedback_html(self.story_choice.value, self.picked)


def reasons_exercise() -> ReasonsExercise | HTML:
    """The story exercise: which reasons may be at play?

    The exported site, where "Check my thinking" could not answer, shows each story's
    worked answer folded away until the reader opens it.
    """
    if not surface.has_kernel():
        return HTML(exercise_answers_html())
    return ReasonsExercise()


def _closing_questions(perspective: Perspective) -> ReflectionQuestions:
    closing = content.reasons().closing_reflection
    return ReflectionQuestions(
        WHY_REFUSE, [(q.id, q.text) for q in closing.questions[perspective]],
        tags=["reflection", "why-refuse"], intro=closing.intro)


def why_refuse_reflection() -> ReflectionQuestions | HTML:
    """The chapter's closing questions, saved together as one reflection.

    One form per perspective in a kernel: running the cell again shows the same one.
    The exported site, where nothing can be saved, shows them as paper forms to print
    and write on, for both perspectives.
    """
    if not surface.has_kernel():
        return HTML("".join(reading_form_html(reflection_form(perspective))
                            for perspective in PERSPECTIVES))
    perspective = current_perspective()
    return chapter_state(("why_refuse", perspective), lambda: _closing_questions(perspective))


def curious_questions() -> HTML:
    """The table of curious questions to ask instead of instructions."""
    return HTML(curious_questions_html())


__all__ = [
    "ReasonExplorer",
    "ReasonsExercise",
    "curious_questions",
    "curious_questions_html",
    "example",
    "example_card_html",
    "exercise_feedback_html",
    "reason",
    "reason_card_html",
    "reason_explorer",
    "reasons_exercise",
    "story_html",
    "why_refuse_reflection",
]
