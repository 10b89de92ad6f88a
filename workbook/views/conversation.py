"""Views for the chapter "Conversations that open doors": practising words
and planning a talk. The pressure check itself is :mod:`workbook.rules.conversation`."""

from __future__ import annotations

import ipywidgets as widgets
from IPython.display import HTML

from .. import content, surface
from ..html.pressure import highlight_html
from ..html.style import box, escape, status_html
from ..journal.reflections import CONVERSATION_PLAN
from ..publish.paper import planner_form, reading_form_html
from ..rules.conversation import PressureFlag, find_pressure
from .accessible import carrier, labelled_by
from .controls import button, chapter_state, text_area
from .forms import ReflectionQuestions

# Tags the reader sees on a saved plan; what makes it a plan is its kind.
PLAN_TAGS = ("plan", "conversation")


def _flag_html(flag: PressureFlag) -> str:
    rewrites = "".join(f"<li>{escape(r)}</li>" for r in flag.rewrites)
    return (
        f"<li style=\"margin-bottom: 0.6em\"><strong>{escape(flag.name)}</strong>: "
        f"<mark>{escape(flag.matched)}</mark><br>{escape(flag.why)}"
        f"<br>{escape(content.conversation().try_instead)}"
        f"<ul style=\"margin: 0.2em 0\">{rewrites}</ul></li>"
    )


def _marked_html(text: str, flags: list[PressureFlag], margin: str) -> str:
    """The words as said, each flagged part marked, then what was found and what to try."""
    return (f"<blockquote style=\"margin: {margin}; padding-left: 0.8em; border-left: 3px solid "
            f"#999\">{highlight_html(text, flags)}</blockquote><ul>"
            + "".join(_flag_html(flag) for flag in flags) + "</ul>")


def pressure_report_html(text: str) -> str:
    """What the reader would see after pressing "Check my words"."""
    words = content.conversation()
    if not text.strip():
        return status_html(words.practice_empty, "notice")
    flags = find_pressure(text)
    if not flags:
        return status_html(words.practice_no_flags, "success")
    return box(
        f"<p style=\"margin: 0 0 0.5em\">{escape(words.practice_found)}</p>"
        + _marked_html(text, flags, "0 0 0.6em"),
        "notice", role="status",
    )


class PracticeWhatToSay(widgets.VBox):
    """Type what you might say; see what may sound like pressure and what to try."""

    def __init__(self) -> None:
        words = content.conversation()
        self.text = labelled_by(text_area(words.practice_label, words.practice_label),
                                "od-practice-what-to-say")
        self.check = button(words.practice_button, "search")
        self.report = widgets.HTML()
        super().__init__([
            widgets.HTML(f"<p style=\"margin: 0.3em 0\"><strong id=\"od-practice-what-to-say\">"
                         f"{escape(words.practice_label)}</strong></p>"),
            self.text, self.check, self.report, carrier(),
        ])
        self.check.on_click(lambda _button: self.check_words())

    def check_words(self) -> list[PressureFlag]:
        self.report.value = pressure_report_html(self.text.value)
        return find_pressure(self.text.value)


def practice_what_to_say() -> PracticeWhatToSay | HTML:
    """The practice box for what you might say.

    The exported site cannot check typed words: it shows worked examples instead, each
    pattern's example as "Check my words" would answer it (why it tends to backfire,
    and words to try instead).
    """
    if not surface.has_kernel():
        return HTML(worked_examples_html())
    return PracticeWhatToSay()


def worked_examples_html() -> str:
    """Each pressure pattern's example, marked up as the check would show it."""
    words = content.conversation()
    examples = "".join(_marked_html(pattern.example, find_pressure(pattern.example),
                                    "0.8em 0 0.3em") for pattern in words.patterns)
    return box(f"<p style=\"margin: 0 0 0.5em\">{escape(words.practice_site)}</p>{examples}",
               "plain")


class ConversationPlanner(ReflectionQuestions):
    """Plan a talk: when and where, how to open, what to listen for, and after.

    Saved as the form ``conversation_plan``, by field id; the summary shows the latest.
    """

    def __init__(self) -> None:
        words = content.conversation()
        fields = words.planner_fields
        super().__init__(
            CONVERSATION_PLAN, [(field.id, field.label) for field in fields], PLAN_TAGS,
            placeholders=[field.placeholder for field in fields],
            save_label=words.planner_button, saved=words.planner_saved,
            empty=words.planner_empty, numbered=False, rows=2,
        )


def plan_conversation() -> ConversationPlanner | HTML:
    """The conversation planner (one per kernel), saved to the journal as a plan.

    The exported site, where nothing can be saved, shows the paper form to print.
    """
    if not surface.has_kernel():
        return HTML(reading_form_html(planner_form()))
    return chapter_state("conversation_plan", ConversationPlanner)
