"""Views for the chapter "Why people refuse help": the explorer, the story
exercise and the closing questions. Decisions live in :mod:`workbook.rules.reasons`."""

from __future__ import annotations

import ipywidgets as widgets
from IPython.display import HTML

from .. import content
from ..content import Example, Perspective, Reason
from ..html.style import PALETTE, WIDE_LABEL, box, bullet_list, escape, status_html
from ..journal.reflections import WHY_REFUSE
from ..rules.reasons import example, exercise_feedback, reason, stories_for
from .controls import button, chapter_state
from .forms import ReflectionQuestions, current_perspective

_SECTION = "<h4 style=\"margin: 0.9em 0 0.2em\">{}</h4>"
# JupyterLab right-aligns table cells by default; prose reads better left-aligned.
_CELL = "text-align: left; vertical-align: top; padding: 0.25em 1em 0.25em 0"


def _quotes(items: tuple[str, ...]) -> str:
    return "<ul>" + "".join(f"<li><em>“{escape(q)}”</em></li>" for q in items) + "</ul>"


def safety_pointer_html(note: str) -> str:
    heading = escape(content.interface().explorer.safety_heading)
    return box(f"<p style=\"margin: 0\"><strong>{heading}.</strong> {escape(note)}</p>",
               "safety", role="note")


def reason_card_html(reason_id: str, perspective: Perspective = "supporter") -> str:
    """Everything about one reason, worded for the reader's perspective."""
    item: Reason = reason(reason_id)
    text = content.interface().explorer
    stories = "".join(
        f"<li><strong>{escape(story.title)}</strong> ({escape(story.concern)}). "
        f"{escape(cue.cue)}</li>"
        for story, cue in stories_for(reason_id)
    )
    return (
        f"<h3 style=\"margin: 0.3em 0\">{escape(item.title)}</h3>"
        f"<p><strong>{escape(item.summary)}</strong></p>"
        f"{_SECTION.format(escape(text.underneath))}<p>{escape(item.underneath)}</p>"
        f"{_SECTION.format(escape(text.sounds_like))}{_quotes(item.sounds_like)}"
        f"{_SECTION.format(escape(text.stories))}<ul>{stories}</ul>"
        f"{_SECTION.format(escape(text.helps))}{bullet_list(item.helps)}"
        f"{_SECTION.format(escape(text.backfires))}{bullet_list(item.backfires)}"
        f"{_SECTION.format(escape(text.reflect))}{bullet_list(item.reflection[perspective])}"
    )


def story_html(story: Example) -> str:
    """A story as the reader meets it: who, what, and any safety pointer first."""
    safety = safety_pointer_html(story.safety_note) if story.safety_note else ""
    return (
        f"<h3 style=\"margin: 0.3em 0\">{escape(story.title)}</h3>"
        f"<p style=\"color: #444\">{escape(story.who)} · {escape(story.concern)}</p>"
        f"{safety}<p>{escape(story.story)}</p>"
    )


def example_card_html(example_id: str) -> str:
    """A story, with the reasons that may be at play folded away until asked for."""
    story = example(example_id)
    text = content.interface().explorer
    cues = "".join(
        f"<li><strong>{escape(reason(cue.reason).title)}.</strong> {escape(cue.cue)}</li>"
        for cue in story.cues
    )
    return (
        f"{story_html(story)}<details><summary style=\"cursor: pointer; font-weight: bold\">"
        f"{escape(text.story_reasons)}</summary><ul>{cues}</ul></details>"
    )


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


def reason_explorer() -> ReasonExplorer:
    """Explore the reasons people refuse help, by reason or by story."""
    return ReasonExplorer()


def exercise_feedback_html(example_id: str, picked: list[str]) -> str:
    text = content.interface().exercise
    lines = []
    for item in exercise_feedback(example_id, picked):
        if item.kind == "spotted":
            lead = f"✓ {text.spotted.format(reason=item.title)}"
        elif item.kind == "also":
            lead = text.also.format(reason=item.title)
        else:
            lines.append(f"<li>{escape(text.not_shown.format(reason=item.title))}</li>")
            continue
        lines.append(f"<li><strong>{escape(lead)}</strong> {escape(item.cue or '')}</li>")
    return box(f"<ul style=\"margin: 0\">{''.join(lines)}</ul>"
               f"<p style=\"margin: 0.5em 0 0\">{escape(text.closing)}</p>", "notice",
               role="status")


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


def reasons_exercise() -> ReasonsExercise:
    """The story exercise: which reasons may be at play?"""
    return ReasonsExercise()


def _closing_questions(perspective: Perspective) -> ReflectionQuestions:
    closing = content.reasons().closing_reflection
    return ReflectionQuestions(
        WHY_REFUSE, [(q.id, q.text) for q in closing.questions[perspective]],
        tags=["reflection", "why-refuse"], intro=closing.intro)


def why_refuse_reflection() -> ReflectionQuestions:
    """The chapter's closing questions, saved together as one reflection.

    One form per perspective in a kernel: running the cell again shows the same one.
    """
    perspective = current_perspective()
    return chapter_state(("why_refuse", perspective), lambda: _closing_questions(perspective))


def curious_questions_html() -> str:
    """For each reason: a sentence that tends to close a door, and a question to ask instead."""
    text = content.interface().swaps
    rows = "".join(
        f"<tr><th scope=\"rowgroup\" colspan=\"2\" style=\"text-align: left; padding-top: 0.8em; "
        f"color: {PALETTE['blue']}\">{escape(item.title)}</th></tr>"
        + "".join(
            f"<tr><td style=\"{_CELL}; color: #555\">{escape(swap.instead_of)}</td>"
            f"<td style=\"{_CELL}\"><strong>{escape(swap.ask)}</strong></td></tr>"
            for swap in item.swaps
        )
        for item in content.reasons().reasons
    )
    return box(
        f"<table style=\"border-collapse: collapse; width: 100%\"><thead><tr>"
        f"<th scope=\"col\" style=\"{_CELL}\">{escape(text.instead_of)}</th>"
        f"<th scope=\"col\" style=\"{_CELL}\">{escape(text.ask)}</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>", "plain",
    )


def curious_questions() -> HTML:
    """The table of curious questions to ask instead of instructions."""
    return HTML(curious_questions_html())
