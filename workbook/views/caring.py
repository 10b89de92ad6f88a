"""Views for the chapter "Caring for yourself": the stress check and the
worksheets, whose answers are saved to the journal and shown again next time."""

from __future__ import annotations

import ipywidgets as widgets
from IPython.display import HTML

from .. import content, surface
from ..content import Perspective, Worksheet
from ..html.notices import field_lines_html, friendly_time
from ..html.style import box as boxed
from ..html.style import escape, status_html
from ..journal.model import CheckIn, InvalidEntry, Reflection, make_checkin, make_reflection
from ..journal.reflections import WORKSHEET_TAG, latest_answers
from ..journal.store import Journal, JournalError
from ..publish.paper import reading_form_html, worksheet_form
from ..rules.scoring import readiness_profile
from .accessible import carrier
from .checkin import FactorSlider
from .controls import SaveWhenSynced, button, chapter_state
from .forms import ReflectionQuestions, current_choice

SUPPORTER_LOAD = ("stress", "support", "boundaries")


class WorksheetForm(ReflectionQuestions):
    """A worksheet: saved as one reflection (its kind is the worksheet's id), and
    filled in again from the latest one, field by field id. Its intro and examples
    follow the reader's perspective; the answers are the same form on both paths."""

    def __init__(self, worksheet: Worksheet, perspective: Perspective = "supporter") -> None:
        words = content.caring()
        self.worksheet = worksheet
        self.perspective = perspective
        super().__init__(
            worksheet.id, [(field.id, field.label) for field in worksheet.fields],
            [WORKSHEET_TAG, worksheet.id], intro=worksheet.intro_for(perspective),
            placeholders=[field.placeholder_for(perspective) for field in worksheet.fields],
            save_label=worksheet.save_button, saved=words.worksheet_saved,
            empty=words.worksheet_empty, numbered=False,
            notes=[field_lines_html(field) for field in worksheet.fields],
        )
        self.reload()

    def reload(self) -> Reflection | None:
        """Fill the boxes from the latest saved copy of this worksheet, if there is one."""
        try:
            latest = latest_answers(self.kind)
        except JournalError as exc:
            self.status.value = status_html(str(exc), "problem")
            return None
        if latest is None:
            return None
        for field_id, box in self.fields.items():
            box.value = latest.answers.get(field_id, "")
        self.status.value = status_html(content.caring().worksheet_last_saved.format(
            when=friendly_time(latest.when)), "notice")
        return latest


def other_path_html(sheet: Worksheet) -> str:
    """What a reader sees in place of a worksheet written for the other path."""
    return boxed(f"<p style=\"margin: 0\"><strong>{escape(sheet.title)}</strong></p>"
               f"<p style=\"margin: 0.3em 0 0\">{escape(sheet.other_path or '')}</p>",
               "notice", role="note")


def worksheet(worksheet_id: str) -> WorksheetForm | widgets.HTML | HTML:
    """One of the workbook's worksheets, by id (``boundaries``, ``self_care_plan``,
    ``safety_plan``, ``family_safety_plan``).

    One per kernel and perspective: running the cell again shows the same form,
    filled in again from the journal. A worksheet written for one path (a safety
    plan) shows the other path's reader a note instead, saying who it is for.
    The exported site, where nothing can be saved or changed, shows every worksheet's
    paper form to print and fill in by hand; its subtitle says which path a plan is for
    (the note would offer a change of path the site cannot make).
    """
    sheets = {sheet.id: sheet for sheet in content.caring().worksheets}
    if worksheet_id not in sheets:
        raise KeyError(worksheet_id)
    sheet = sheets[worksheet_id]
    perspective = current_choice().perspective
    if not surface.has_kernel():
        return HTML(reading_form_html(worksheet_form(sheet)))
    if not sheet.is_for(perspective):
        return widgets.HTML(other_path_html(sheet))
    return chapter_state((WORKSHEET_TAG, sheet.id, perspective),
                         lambda: WorksheetForm(sheet, perspective), WorksheetForm.reload)


class StressCheck(widgets.VBox):
    """Quick questions about the reader's own load, with what may help: stress, support
    and limits for a supporter; stress alone on the self path."""

    def __init__(self) -> None:
        words = content.caring().stress_check
        self.words = words
        choice = current_choice()
        self.perspective = choice.perspective
        self.person = choice.person
        asked = SUPPORTER_LOAD if self.perspective == "supporter" else ("stress",)
        self.sliders = {factor_id: FactorSlider(content.factor(factor_id), 5)
                        for factor_id in asked}
        for factor_slider in self.sliders.values():
            factor_slider.word_for("supporter", self.person)
            factor_slider.slider.observe(self._advise, names="value")
        self.advice = widgets.HTML()
        self.save = button(words.save_button)
        self.saving = SaveWhenSynced(self.save, self.save_check)
        self.status = widgets.HTML()
        super().__init__([widgets.HTML(f"<p>{escape(words.intro_for(self.perspective))}</p>"),
                          *self.sliders.values(), self.advice, self.save, self.saving.slot,
                          self.status, carrier()])
        self._advise()

    @property
    def ratings(self) -> dict[str, int]:
        return {factor_id: s.slider.value for factor_id, s in self.sliders.items()}

    def _advise(self, _change: object = None) -> None:
        items = "".join(
            f"<li><strong>{escape(score.factor.name)}</strong> ({score.rating} of 10). "
            f"{escape(score.guidance)}</li>"
            for score in readiness_profile(self.ratings)
        )
        self.advice.value = f"<ul>{items}</ul>"

    def save_check(self) -> CheckIn | Reflection | None:
        """Supporters save a small check-in; the self path saves a note with the stress level."""
        journal = Journal()
        entry: CheckIn | Reflection
        try:
            if self.perspective == "supporter":
                entry = journal.add_checkin(make_checkin("supporter", self.ratings,
                                                         person=self.person))
            else:
                entry = journal.add_reflection(make_reflection(
                    stress=self.ratings["stress"], tags=["stress-check"]))
        except (InvalidEntry, JournalError) as exc:
            self.status.value = status_html(str(exc), "problem")
            return None
        self.status.value = status_html(self.words.saved.format(when=friendly_time(entry.when)),
                                        "success")
        return entry


def stress_check() -> StressCheck | widgets.HTML:
    """A quick check of your own stress, support and boundaries.

    One per kernel and perspective: running the cell again shows the same one. In the
    exported site (no kernel): the paper stress check, to print.
    """
    choice = current_choice()
    if not surface.has_kernel():
        from ..publish.paper import reading_html, stress_check_form

        return widgets.HTML(str(reading_html([stress_check_form(choice.perspective)])))
    return chapter_state(("stress_check", choice.perspective, choice.person), StressCheck)
