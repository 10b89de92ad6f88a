"""Views for the chapter "Conversations that open doors": practising words
and planning a talk. The pressure check itself is :mod:`workbook.conversation`."""

from __future__ import annotations

import ipywidgets as widgets

from . import content
from .conversation import PressureFlag, find_pressure, highlight_html
from .gui import friendly_time
from .model import InvalidEntry, Reflection
from .reflections import save_answers
from .store import JournalError
from .style import box, escape, status_html

PLAN_TAGS = ("plan", "conversation")


def _flag_html(flag: PressureFlag) -> str:
    rewrites = "".join(f"<li>{escape(r)}</li>" for r in flag.rewrites)
    return (
        f"<li style=\"margin-bottom: 0.6em\"><strong>{escape(flag.name)}</strong>: "
        f"<mark>{escape(flag.matched)}</mark><br>{escape(flag.why)}"
        f"<br>Try instead:<ul style=\"margin: 0.2em 0\">{rewrites}</ul></li>"
    )


def pressure_report_html(text: str) -> str:
    """What the reader would see after pressing "Check my words"."""
    words = content.conversation()
    if not text.strip():
        return status_html(words.practice_empty, "notice")
    flags = find_pressure(text)
    if not flags:
        return status_html(words.practice_no_flags, "success")
    return box(
        f"<p style=\"margin: 0 0 0.5em\">{escape(words.practice_found)}"
        f"</p><blockquote style=\"margin: 0 0 0.6em; padding-left: 0.8em; border-left: 3px solid "
        f"#999\">{highlight_html(text, flags)}</blockquote><ul>"
        + "".join(_flag_html(flag) for flag in flags) + "</ul>",
        "notice", role="status",
    )


class PracticeWhatToSay(widgets.VBox):
    """Type what you might say; see what may sound like pressure and what to try."""

    def __init__(self) -> None:
        words = content.conversation()
        self.text = widgets.Textarea(
            placeholder=words.practice_label, tooltip=words.practice_label, rows=3,
            layout=widgets.Layout(width="100%", max_width="48em"),
        )
        self.check = widgets.Button(description=words.practice_button, button_style="primary",
                                    icon="search", tooltip=words.practice_button,
                                    layout=widgets.Layout(width="auto", align_self="flex-start"))
        self.report = widgets.HTML()
        super().__init__([
            widgets.HTML(f"<p style=\"margin: 0.3em 0\"><strong>{escape(words.practice_label)}"
                         "</strong></p>"),
            self.text, self.check, self.report,
        ])
        self.check.on_click(lambda _button: self.check_words())

    def check_words(self) -> list[PressureFlag]:
        self.report.value = pressure_report_html(self.text.value)
        return find_pressure(self.text.value)


def practice_what_to_say() -> PracticeWhatToSay:
    """The practice box for what you might say."""
    return PracticeWhatToSay()


class ConversationPlanner(widgets.VBox):
    """Plan a talk: when and where, how to open, what to listen for, and after."""

    def __init__(self) -> None:
        words = content.conversation()
        self.words = words
        self.fields = {
            field.id: widgets.Textarea(placeholder=field.placeholder, tooltip=field.label,
                                       rows=2, layout=widgets.Layout(width="100%",
                                                                     max_width="48em"))
            for field in words.planner_fields
        }
        self.save = widgets.Button(description=words.planner_button, button_style="primary",
                                   icon="check", tooltip=words.planner_button,
                                   layout=widgets.Layout(width="auto", align_self="flex-start"))
        self.status = widgets.HTML()
        rows: list[widgets.Widget] = []
        for field in words.planner_fields:
            rows += [widgets.HTML(f"<p style=\"margin: 0.6em 0 0.2em\"><strong>"
                                  f"{escape(field.label)}</strong></p>"), self.fields[field.id]]
        super().__init__([*rows, self.save, self.status])
        self.save.on_click(lambda _button: self.save_plan())

    def save_plan(self) -> Reflection | None:
        pairs = [(field.label, self.fields[field.id].value)
                 for field in self.words.planner_fields]
        try:
            saved = save_answers(pairs, PLAN_TAGS)
        except (InvalidEntry, JournalError) as exc:
            self.status.value = status_html(str(exc), "problem")
            return None
        if saved is None:
            self.status.value = status_html(self.words.planner_empty, "problem")
            return None
        self.status.value = status_html(
            self.words.planner_saved.format(when=friendly_time(saved.when)), "success")
        return saved


def plan_conversation() -> ConversationPlanner:
    """The conversation planner, saved to the journal as a reflection tagged "plan"."""
    return ConversationPlanner()
