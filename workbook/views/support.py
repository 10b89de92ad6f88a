"""Views for the chapter "Finding support": where to look, questions to ask a
therapist (as a printable sheet), first-contact scripts, support for supporters."""

from __future__ import annotations

import ipywidgets as widgets
from IPython.display import HTML

from .. import content, surface
from ..content import SupportPlace
from ..html.notices import checked_on_text, friendly_time, source_line_html
from ..html.style import WIDE_LABEL, box, escape, status_html
from ..journal.model import InvalidEntry, Reflection, make_reflection
from ..journal.reflections import QUESTION_SHEET, QUESTION_SHEET_TAGS, latest_answers
from ..journal.store import Journal, JournalError
from .controls import SaveWhenSynced, button, chapter_state

_PRE = "white-space: pre-wrap; font-family: inherit; margin: 0.3em 0"


def _places_html(places: tuple[SupportPlace, ...]) -> str:
    return "<ul>" + "".join(
        f"<li style=\"margin-bottom: 0.4em\"><strong>{escape(place.name)}</strong>: "
        f"{escape(place.what)} <em>{escape(place.how)}</em>{source_line_html(place.facts)}</li>"
        for place in places
    ) + "</ul>"


def _checked_on_html(places: tuple[SupportPlace, ...]) -> str:
    text = checked_on_text(fact_id for place in places for fact_id in place.facts)
    return f"<p style=\"font-size: 0.9em\">{escape(text)}</p>" if text else ""


def where_to_look_html() -> str:
    words = content.support()
    regions = "".join(
        f"<h4 style=\"margin-bottom: 0.2em\">{escape(region.name)}</h4>"
        f"{_places_html(region.places)}"
        for region in words.regions
    )
    shown = words.everywhere + tuple(p for region in words.regions for p in region.places)
    return box(f"<p>{escape(words.where_to_look_intro)}</p>{_places_html(words.everywhere)}"
               f"{regions}{_checked_on_html(shown)}", "plain")


def where_to_look() -> HTML:
    """Where to look for help: anywhere, and by country."""
    return HTML(where_to_look_html())


def first_contact_html() -> str:
    words = content.support()
    return box(
        f"<p>{escape(words.script_intro)}</p>"
        f"<h4>{escape(words.call_heading)}</h4>"
        f"<div style=\"{_PRE}\">{escape(words.call_script)}</div>"
        f"<h4>{escape(words.email_heading)}</h4>"
        f"<div style=\"{_PRE}\">{escape(words.email_script)}</div>", "plain",
    ) + box(f"<p style=\"margin: 0\">{escape(words.not_a_commitment)}</p>"
            f"<p style=\"margin: 0.4em 0 0\">{escape(words.small_win)}</p>", "notice",
            role="note")


def first_contact() -> HTML:
    """What to say in a first call or email, and why it is not a commitment."""
    return HTML(first_contact_html())


def support_for_supporters_html() -> str:
    words = content.support()
    reasons = "".join(f"<li>{escape(reason)}</li>" for reason in words.why_help_yourself)
    return box(f"<p>{escape(words.supporter_intro)}</p><ul>{reasons}</ul>"
               f"{_places_html(words.supporter_programs)}"
               f"{_checked_on_html(words.supporter_programs)}", "plain")


def support_for_supporters() -> HTML:
    """Groups and programmes for families and friends, and why they matter."""
    return HTML(support_for_supporters_html())


def if_they_say_no_html() -> str:
    words = content.support()
    steps = "".join(f"<li style=\"margin-bottom: 0.3em\">{escape(step)}</li>"
                    for step in words.if_no_steps)
    return box(f"<p>{escape(words.if_no_intro)}</p><ol>{steps}</ol>", "plain")


def if_they_say_no() -> HTML:
    """What to do next if they say no, and how to bring it up again gently."""
    return HTML(if_they_say_no_html())


def question_sheet_html(questions: list[str]) -> str:
    """The printable sheet: numbered questions with room to write the answers."""
    words = content.support()
    items = "".join(
        f"<li style=\"margin-bottom: 1.6em; break-inside: avoid\">{escape(q)}"
        "<div style=\"border-bottom: 1px solid #999; height: 1.4em\"></div></li>"
        for q in questions
    )
    return box(f"<h3 style=\"margin-top: 0\">{escape(words.sheet_title)}</h3><ol>{items}</ol>"
               f"<p style=\"font-size: 0.9em\">{escape(words.print_hint)}</p>", "plain",
               label=words.sheet_title)


class QuestionSheet(widgets.VBox):
    """Tick the questions to ask a therapist, add your own, and get a sheet to print.

    Saved as the form ``question_sheet``: each ticked question under its id (with
    its words), the reader's own question under ``own``.
    """

    def __init__(self) -> None:
        words = content.support()
        self.words = words
        self.ticks = {
            q.id: widgets.Checkbox(value=False, description=f"{q.topic}: {q.question}",
                                   indent=False, layout=widgets.Layout(width="auto"))
            for q in words.therapist_questions
        }
        self.own = widgets.Text(description=words.own_question_label, style=WIDE_LABEL,
                                layout=widgets.Layout(width="44em", max_width="100%"))
        self.make = button(words.sheet_button, "print")
        self.saving = SaveWhenSynced(self.make, self.make_sheet)
        self.status = widgets.HTML()
        self.sheet = widgets.HTML()
        super().__init__([widgets.HTML(f"<p>{escape(words.questions_intro)}</p>"),
                          *self.ticks.values(), self.own, self.make, self.saving.slot,
                          self.status, self.sheet])
        self.reload()

    @property
    def chosen(self) -> dict[str, str]:
        """The sheet's questions by field id, in the order printed."""
        questions = {q.id: q.question for q in self.words.therapist_questions
                     if self.ticks[q.id].value}
        own = " ".join(self.own.value.split())
        return {**questions, content.OWN_QUESTION: own} if own else questions

    def reload(self) -> Reflection | None:
        """Tick again what the latest saved sheet asked, and show that sheet."""
        try:
            latest = latest_answers(QUESTION_SHEET)
        except JournalError as exc:
            self.status.value = status_html(str(exc), "problem")
            return None
        if latest is None:
            return None
        for question_id, tick in self.ticks.items():
            tick.value = question_id in latest.answers
        self.own.value = latest.answers.get(content.OWN_QUESTION, "")
        self.sheet.value = question_sheet_html(list(self.chosen.values()))
        return latest

    def make_sheet(self) -> Reflection | None:
        """Show the printable sheet and save its questions to the journal."""
        questions = self.chosen
        if not questions:
            self.status.value = status_html(self.words.sheet_empty, "problem")
            return None
        try:
            saved = Journal().add_reflection(make_reflection(
                "\n".join(questions.values()), tags=list(QUESTION_SHEET_TAGS), kind=QUESTION_SHEET,
                answers=questions))
        except (InvalidEntry, JournalError) as exc:
            self.status.value = status_html(str(exc), "problem")
            return None
        self.sheet.value = question_sheet_html(list(questions.values()))
        self.status.value = status_html(
            self.words.sheet_saved.format(when=friendly_time(saved.when)), "success")
        return saved


def question_sheet() -> QuestionSheet | widgets.HTML:
    """The checklist that makes a printable "my questions to ask" sheet (one per kernel).
    In the exported site (no kernel): the paper question sheet, boxes to tick."""
    if not surface.has_kernel():
        from ..publish.paper import question_sheet_form, reading_html

        return widgets.HTML(str(reading_html([question_sheet_form()])))
    return chapter_state("question_sheet", QuestionSheet, QuestionSheet.reload)
