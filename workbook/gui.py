"""What the reader sees in a notebook: notices, the safety box, and widgets.

Views only: every decision (validation, saving) is made by the model modules,
so widgets can be tested by setting ``.value`` and pressing ``.click()``.
The ``*_html`` functions return plain HTML strings (also used by exports);
the others return objects that display themselves in a notebook.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import ipywidgets as widgets
from IPython.display import HTML

from . import content, paths
from .content import CrisisService, Perspective
from .controls import SaveWhenSynced, button, chapter_state, text_area
from .model import MAX_NAME_LENGTH, InvalidEntry, Reflection
from .perspective import PerspectiveChoice, load_perspective, save_perspective
from .reflections import save_form
from .store import JournalError
from .style import PALETTE, WIDE_LABEL, box, escape, status_html

# --- crisis resources ---------------------------------------------------------


def _sentence(text: str) -> str:
    return text if text.endswith((".", "!", "?")) else text + "."


def _service_html(service: CrisisService) -> str:
    """One line per service: number first, then who runs it, how to reach it, what for."""
    return (
        f"<li><strong>{escape(service.contact)}</strong> · {escape(service.name)}. "
        f"{escape(_sentence(service.how))}<br><span>{escape(_sentence(service.for_what))}"
        "</span></li>"
    )


def crisis_resources_html(*, open_details: bool = False) -> str:
    """The crisis lines by country, as a keyboard-friendly expandable list."""
    resources = content.crisis_resources()
    regions = "".join(
        f"<p style=\"margin: 0.6em 0 0.2em\"><strong>{escape(region.name)}</strong></p>"
        f"<ul style=\"margin: 0\">{''.join(_service_html(s) for s in region.services)}</ul>"
        for region in resources.regions
    )
    elsewhere = (
        f"<p style=\"margin: 0.6em 0 0.2em\"><strong>{escape(resources.elsewhere.name)}"
        f"</strong></p><ul style=\"margin: 0\">{_service_html(resources.elsewhere)}</ul>"
    )
    summary = escape(content.interface().notices.open_resources)
    return (
        f"<details{' open' if open_details else ''}><summary style=\"cursor: pointer; "
        f"font-weight: bold\">{summary}</summary>{regions}{elsewhere}"
        f"<p style=\"margin-top: 0.6em\">{escape(resources.note)}</p></details>"
    )


def emergency_numbers_text() -> str:
    """A one-line list such as ``United States 911 · Canada 911 · ...``."""
    parts = []
    for region in content.crisis_resources().regions:
        numbers = [s.contact for s in region.services if s.emergency]
        if numbers:
            parts.append(f"{region.name} {' or '.join(numbers)}")
    return " · ".join(parts)


def safety_box_html(*, open_details: bool = False) -> str:
    resources = content.crisis_resources()
    body = (
        f"<p style=\"margin: 0 0 0.3em; font-size: 1.1em\"><strong>{escape(resources.heading)}"
        f"</strong> {escape(resources.danger_now)}</p>"
        f"<p style=\"margin: 0 0 0.3em\">{escape(emergency_numbers_text())}</p>"
        f"{crisis_resources_html(open_details=open_details)}"
    )
    return box(body, "safety", role="region", label=resources.heading)


def safety_box(*, open_details: bool = False) -> HTML:
    """The safety box: emergency numbers at a glance, crisis lines one click away."""
    return HTML(safety_box_html(open_details=open_details))


def safety_first_html() -> str:
    text = content.interface().safety_first
    points = "".join(f"<li>{escape(point)}</li>" for point in text.points)
    return box(
        f"<p style=\"margin: 0; font-size: 1.1em\"><strong>{escape(text.heading)}</strong></p>"
        f"<ul>{points}</ul>{crisis_resources_html(open_details=True)}",
        "safety", role="region", label=text.heading,
    )


def safety_first() -> HTML:
    """When to put safety ahead of any talk, with the crisis lines shown open."""
    return HTML(safety_first_html())


# --- notices --------------------------------------------------------------------


def not_a_substitute_html() -> str:
    return box(f"<p style=\"margin: 0\">{escape(content.interface().notices.not_a_substitute)}"
               "</p>", "notice", role="note")


def not_a_substitute() -> HTML:
    """The notice that this workbook is education, not treatment or diagnosis."""
    return HTML(not_a_substitute_html())


def privacy_notice_html() -> str:
    text = content.interface().notices.privacy
    # The folder is inserted after escaping so it can be shown as code.
    before, _, after = text.partition("{data_dir}")
    try:
        folder = f"<code>{escape(paths.data_dir())}</code>"
    except JournalError as exc:  # WORKBOOK_DATA_DIR cannot be used: say why, here
        return box(f"<p style=\"margin: 0\">{escape(str(exc))}</p>", "problem", role="alert")
    return box(f"<p style=\"margin: 0\">{escape(before)}{folder}{escape(after)}</p>",
               "notice", role="note")


def privacy_notice() -> HTML:
    """Where personal entries are kept on this computer."""
    return HTML(privacy_notice_html())


# --- contents and navigation -------------------------------------------------------


def _chapter_link(chapter: content.Chapter) -> str:
    if chapter.planned:
        planned = escape(content.interface().contents.planned)
        return f"{escape(chapter.title)} <em>({planned})</em>"
    return f"<a href=\"{escape(chapter.file)}\">{escape(chapter.title)}</a>"


def contents_html() -> str:
    items = "".join(
        f"<li style=\"margin-bottom: 0.3em\">{_chapter_link(c)}: {escape(c.summary)}</li>"
        for c in content.chapters()
    )
    heading = escape(content.interface().contents.heading)
    return box(f"<p style=\"margin: 0\"><strong>{heading}</strong></p><ol start=\"0\">{items}</ol>",
               "plain", role="navigation", label=heading)


def contents() -> HTML:
    """The list of chapters, each linked once it is written."""
    return HTML(contents_html())


def navigation_html(chapter_id: str) -> str:
    chapters = content.chapters()
    index = [c.id for c in chapters].index(chapter_id)
    parts = []
    if index > 0:
        parts.append(f"← Previous: {_chapter_link(chapters[index - 1])}")
    first = chapters[0]
    if chapter_id != first.id:
        parts.append(f"<a href=\"{escape(first.file)}\">Contents</a>")
    if index + 1 < len(chapters):
        parts.append(f"Next: {_chapter_link(chapters[index + 1])} →")
    return (
        f"<nav aria-label=\"Chapters\" style=\"margin: 0.8em 0; color: {PALETTE['black']}\">"
        + " &nbsp;|&nbsp; ".join(parts) + "</nav>"
    )


def navigation(chapter_id: str) -> HTML:
    """Links to the previous and next chapters and to the contents."""
    return HTML(navigation_html(chapter_id))


# --- widgets -----------------------------------------------------------------------

class PerspectiveChooser(widgets.VBox):
    """Pick "worried about someone" or "unsure about help for myself", then save."""

    def __init__(self) -> None:
        text = content.interface().perspective
        self.text = text
        self.choice = widgets.RadioButtons(
            options=[(label, key) for key, label in text.choices.items()],
            value=None, description="I am here because:", style=WIDE_LABEL,
            layout=widgets.Layout(width="auto"),
        )
        self.name = widgets.Text(
            description=f"{text.name_label}:", placeholder=text.name_placeholder,
            style=WIDE_LABEL, layout=widgets.Layout(width="24em"),
        )
        self.name_help = widgets.HTML(f"<small>{escape(text.name_help)}</small>")
        self.save = button(text.save_button)
        self.saving = SaveWhenSynced(self.save, self.save_choice)
        self.status = widgets.HTML()
        super().__init__([
            widgets.HTML(f"<p>{escape(text.prompt)}</p>"),
            self.choice, self.name, self.name_help, self.save, self.saving.slot, self.status,
        ])
        self.choice.observe(self._show_name_for_supporters, names="value")
        self.load()

    def load(self) -> None:
        """Show the saved choice (again)."""
        try:
            saved = load_perspective()
        except JournalError as exc:
            self.status.value = status_html(str(exc), "problem")
            return
        if saved is None:
            self.status.value = status_html(self.text.not_chosen_yet, "notice")
        else:
            self.choice.value = saved.perspective
            self.name.value = saved.person or ""
            label = self.text.choices[saved.perspective]
            self.status.value = status_html(self.text.current.format(choice=label), "notice")
        self._show_name_for_supporters()

    def _show_name_for_supporters(self, _change: object = None) -> None:
        display = None if self.choice.value != "self" else "none"
        self.name.layout.display = display
        self.name_help.layout.display = display

    def save_choice(self) -> PerspectiveChoice | None:
        """Save what is selected; show a confirmation, or say what to fix."""
        if self.choice.value is None:
            self.status.value = status_html(self.text.choose_first, "problem")
            return None
        try:
            choice = save_perspective(self.choice.value, self.name.value)
        except InvalidEntry as exc:
            message = (self.text.name_too_long.format(limit=MAX_NAME_LENGTH)
                       if exc.kind == "too_long" else self.text.name_not_a_name)
            self.status.value = status_html(message, "problem")
            return None
        except JournalError as exc:
            self.status.value = status_html(str(exc), "problem")
            return None
        label = self.text.choices[choice.perspective]
        if choice.person:
            message = self.text.saved_with_name.format(choice=label, name=choice.person)
        else:
            message = self.text.saved.format(choice=label)
        self.name.value = choice.person or ""
        self.status.value = status_html(message, "success")
        return choice


def choose_perspective() -> PerspectiveChooser:
    """The widget that records who the reader is here for (one per kernel)."""
    return chapter_state("perspective", PerspectiveChooser, PerspectiveChooser.load)


class PracticeSlider(widgets.VBox):
    """A harmless slider that shows how widgets respond, and that nothing is saved."""

    def __init__(self) -> None:
        text = content.interface().practice
        self.text = text
        self.slider = widgets.IntSlider(
            value=5, min=0, max=10, description=text.slider_label, style=WIDE_LABEL,
            layout=widgets.Layout(width="100%", max_width="48em"), continuous_update=False,
        )
        self.reply = widgets.HTML()
        super().__init__([self.slider, self.reply])
        self.slider.observe(self._answer, names="value")
        self._answer()

    def _answer(self, _change: object = None) -> None:
        self.reply.value = status_html(self.text.reply.format(value=self.slider.value), "notice")


def practice_slider() -> PracticeSlider:
    """A slider to try, on the first page."""
    return PracticeSlider()


def friendly_time(when: datetime) -> str:
    """A date a reader says aloud: ``Saturday 21 November 2026 at 19:30``."""
    return f"{when:%A} {when.day} {when:%B %Y} at {when:%H:%M}"


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
                 empty: str | None = None, numbered: bool = True, rows: int = 3) -> None:
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
        for number, (question, answer) in enumerate(zip(self.questions, self.answers,
                                                        strict=True), start=1):
            label = f"{number}. {question}" if numbered else question
            rows_shown += [widgets.HTML(f"<p style=\"margin: 0.6em 0 0.2em\"><strong>"
                                        f"{escape(label)}</strong></p>"), answer]
        super().__init__([*rows_shown, self.save, self.saving.slot, self.status])

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
