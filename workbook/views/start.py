"""Chapter 00's widgets: how to use the workbook where it is shown, the perspective
chooser and the practice slider."""

from __future__ import annotations

import ipywidgets as widgets
from IPython.display import HTML

from .. import content, surface
from ..html.style import WIDE_LABEL, box, escape, status_html
from ..journal.model import MAX_NAME_LENGTH, InvalidEntry
from ..journal.perspective import PerspectiveChoice, load_perspective, save_perspective
from ..journal.store import JournalError
from ..publish.paper import items_html, scale_item
from .accessible import carrier, speak_scale
from .controls import SaveWhenSynced, button, chapter_state
from .forms import current_choice

# --- widgets -----------------------------------------------------------------------

class PerspectiveChooser(widgets.VBox):
    """Pick "worried about someone" or "unsure about help for myself", then save."""

    def __init__(self) -> None:
        text = content.interface().perspective
        self.text = text
        self.choice = widgets.RadioButtons(
            options=[(label, key) for key, label in text.choices.items()],
            value=None, description=text.here_because, style=WIDE_LABEL,
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
            carrier(),
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


def choose_perspective() -> PerspectiveChooser | HTML:
    """The widget that records who the reader is here for (one per kernel).

    The exported site, where nothing can be chosen, says in words which path its
    chapters show and where to pick the other one.
    """
    if not surface.has_kernel():
        return HTML(perspective_reading_html())
    return chapter_state("perspective", PerspectiveChooser, PerspectiveChooser.load)


def perspective_reading_html() -> str:
    """Which path the exported site's chapters show, in words: the journal's choice, or
    the supporter's when nothing is chosen (as every chapter does)."""
    text = content.interface().perspective
    said = text.site_path[current_choice().perspective].format(**text.choices)
    return box(f"<p style=\"margin: 0\">{escape(said)}</p>", "notice", role="note")


class PracticeSlider(widgets.VBox):
    """A harmless slider that shows how widgets respond, and that nothing is saved."""

    def __init__(self) -> None:
        text = content.interface().practice
        self.text = text
        self.slider = widgets.IntSlider(
            value=5, min=0, max=10, description=text.slider_label, style=WIDE_LABEL,
            layout=widgets.Layout(width="100%", max_width="48em"), continuous_update=False,
        )
        speak_scale(self.slider, "practice", text.scale)
        self.reply = widgets.HTML()
        intro = content.interface().surfaces.practice.on(surface.current())
        super().__init__([widgets.HTML(f"<p>{escape(intro)}</p>"), self.slider, self.reply,
                          carrier()])
        self.slider.observe(self._answer, names="value")
        self._answer()

    def _answer(self, _change: object = None) -> None:
        self.reply.value = status_html(self.text.reply.format(value=self.slider.value), "notice")


def practice_slider() -> PracticeSlider | HTML:
    """A slider to try, on the first page.

    The exported site has no kernel to answer a slider: it says so, and shows the
    question as the paper forms ask it, with boxes 0 to 10 to circle.
    """
    if not surface.has_kernel():
        return HTML(practice_reading_html())
    return PracticeSlider()


def practice_reading_html() -> str:
    """The practice question for a page with no kernel behind it: 0 to 10 on paper."""
    text = content.interface().practice
    intro = content.interface().surfaces.practice.on("site")
    return (f"<p>{escape(intro)}</p>"
            + items_html((scale_item(text.slider_label, text.scale.low, text.scale.high),)))


def how_to_use_html() -> str:
    """How to use the workbook, worded for where it is shown (``workbook.surface``)."""
    points = content.interface().surfaces.how_to_use.on(surface.current())
    items = "".join(f"<li><strong>{escape(p.name)}</strong> {escape(p.text)}</li>"
                    for p in points)
    return f"<ul>{items}</ul>"


def how_to_use() -> HTML | None:
    """How to use the workbook in the app or the exported site.

    JupyterLab's wording is a markdown cell above the call (made by
    ``workbook.publish.chapter_cells``, hidden in the app and left out of the site),
    so a reader sees it before anything runs; here the call shows nothing.
    """
    if surface.current() == "lab":
        return None
    return HTML(how_to_use_html())
