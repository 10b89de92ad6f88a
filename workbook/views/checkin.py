"""Views for the chapter "Readiness check-in".

One :class:`CheckInSession` per kernel holds the form, the live profile, the
safety question and the save button; the notebook shows each part in its own
step, in any order::

    wb.check_in_form()      # starts the check-in again from the journal
    wb.check_in_profile()
    wb.check_in_safety()
    wb.check_in_save()

Every call returns the same session's widgets, so re-running a cell (or the
whole chapter) never leaves a part on screen that belongs to another check-in.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping

import ipywidgets as widgets

from .. import content, surface
from ..charts import profile_chart
from ..charts.render import figure_svg
from ..content import Factor, FactorGroup, Perspective
from ..html.notices import friendly_time, safety_first_html
from ..html.reading import barriers_html, own_load_html
from ..html.style import SHADES, WIDE_LABEL, box, escape, status_html
from ..journal.model import CheckIn, InvalidEntry, make_checkin
from ..journal.perspective import load_perspective
from ..journal.store import Journal, JournalError
from ..rules.scoring import barrier_profile, readiness_stage, stage_description
from .accessible import AltText, carrier, labelled_by, speak_scale
from .controls import SaveWhenSynced, Soon, button, chapter_state, text_area
from .forms import current_perspective
from .handin import hand_in_controls

# In the exported site (no kernel) each part is its reading form: plain HTML, no control.

GROUP_ORDER: tuple[FactorGroup, ...] = ("reason", "ruler", "supporter_load")
DEFAULT_RATING = 5


class FactorSlider(widgets.VBox):
    """One factor: its question, a 0-10 slider and what the two ends mean."""

    def __init__(self, factor: Factor, value: int) -> None:
        self.factor = factor
        self.question = widgets.HTML()
        # The handle is named by the question above it, and says its value in the
        # scale's words (views/accessible.py).
        self.question_id = f"od-question-{factor.id}"
        self.slider = widgets.IntSlider(
            value=value, min=0, max=10, step=1, continuous_update=False,
            # One label width for every slider, so the tracks line up.
            description=factor.name, style={"description_width": "17em"},
            layout=widgets.Layout(width="44em", max_width="100%"),
        )
        labelled_by(self.slider, self.question_id)
        speak_scale(self.slider, f"checkin-{factor.id}", factor.scale)
        ends = (f"<span style=\"font-size: 0.9em; color: {SHADES['muted']}\">"
                f"0 = {escape(factor.scale.low)}"
                f" · 10 = {escape(factor.scale.high)}</span>")
        super().__init__([self.question, self.slider, widgets.HTML(ends)],
                         layout=widgets.Layout(margin="0 0 0.6em 0"))

    def word_for(self, perspective: Perspective, name: str | None) -> None:
        question = self.factor.question_for(
            perspective if perspective in self.factor.perspectives else "supporter", name)
        self.question.value = f"<strong id=\"{self.question_id}\">{escape(question)}</strong>"
        self.slider.tooltip = question


class CheckInSession:
    """The state of one check-in, shared by the parts the notebook shows."""

    def __init__(self, journal: Journal | None = None) -> None:
        self.journal = journal or Journal()
        words = content.checkin()
        self.words = words
        # While start_over() sets every control, the profile is drawn once, at the end.
        self._loading = False
        # Radio buttons: a screen reader hears one named group and which one is chosen.
        self.about = widgets.RadioButtons(
            options=[(label, key) for key, label in words.form.about_choices.items()],
            description=words.form.about_label, style=WIDE_LABEL,
            layout=widgets.Layout(width="auto"),
        )
        self.name = widgets.Text(description=words.form.name_label,
                                 placeholder=words.form.name_placeholder, style=WIDE_LABEL,
                                 continuous_update=False)
        self.previous: CheckIn | None = None
        self.sliders = {f.id: FactorSlider(f, DEFAULT_RATING) for f in content.factors()}
        self.groups = {group: self._group_box(group) for group in GROUP_ORDER}
        self.note = labelled_by(text_area(words.form.note_placeholder, words.form.note_label),
                                "od-checkin-note")
        self.form = widgets.VBox([
            self.about, self.name, *self.groups.values(),
            widgets.HTML(f"<h4 id=\"od-checkin-note\">{escape(words.form.note_label)}</h4>"),
            self.note, carrier(),
        ])
        # The live profile.
        self.chart = widgets.Image(format="svg+xml",
                                   layout=widgets.Layout(max_width="100%", align_self="flex-start"))
        self.chart_alt = AltText(self.chart, "checkin-profile")
        self.chart_summary = widgets.HTML()
        self.interpretation = widgets.HTML()
        self.profile = widgets.VBox([self.chart, self.chart_summary, self.interpretation,
                                     self.chart_alt.widget, carrier()])
        # The safety question.
        self.safety_answer = widgets.RadioButtons(
            options=[(words.safety.answer_no, "no"), (words.safety.answer_yes, "yes")],
            value=None, description=words.safety.question, style=WIDE_LABEL,
            layout=widgets.Layout(width="auto"),
        )
        self.safety_help = widgets.HTML()
        self.safety = widgets.VBox([self.safety_answer, self.safety_help, carrier()])
        # Saving.
        self.save_button = button(words.form.save_button)
        self.saving = SaveWhenSynced(self.save_button, self.save_checkin)
        self.status = widgets.HTML()
        self.save = widgets.VBox([self.save_button, self.saving.slot, self.status,
                                  *hand_in_controls(self.journal)])

        for factor_slider in self.sliders.values():
            factor_slider.slider.observe(self._changed, names="value")
        self.about.observe(self._reword, names="value")
        self.name.observe(self._reword, names="value")
        self.safety_answer.observe(self._answer_safety, names="value")
        # Redrawn just after a slider's message, so the kernel answers it at once.
        self._redraw_soon = Soon(self.update_profile)
        self.start_over()

    def start_over(self) -> None:
        """Begin a new check-in in the same widgets: the saved perspective, the
        last check-in's ratings as the starting point, an empty note."""
        self._loading = True
        try:
            perspective, person = self._load_choice()
            self.about.value = perspective
            self.name.value = person or ""
            self.previous = self._previous_checkin(perspective)
            start = self.previous.ratings if self.previous else {}
            for factor_id, factor_slider in self.sliders.items():
                factor_slider.slider.value = start.get(factor_id, DEFAULT_RATING)
            self.note.value = ""
            self.safety_answer.value = None
            self.status.value = status_html(self.words.form.not_saved_yet, "notice")
        finally:
            self._loading = False
        self._reword()

    # --- loading ------------------------------------------------------------------

    def _load_choice(self) -> tuple[Perspective, str | None]:
        try:
            choice = load_perspective(self.journal)
        except JournalError:
            choice = None
        if choice is None:
            return current_perspective(), None
        return choice.perspective, choice.person

    def _previous_checkin(self, perspective: Perspective) -> CheckIn | None:
        try:
            same_side = [c for c in self.journal.checkins() if c.perspective == perspective]
        except JournalError:
            return None
        return same_side[-1] if same_side else None

    def _group_box(self, group: FactorGroup) -> widgets.VBox:
        form = self.words.form
        members = [self.sliders[f.id] for f in content.factors() if f.group == group]
        return widgets.VBox([
            widgets.HTML(f"<h3 style=\"margin-bottom: 0.2em\">{escape(form.groups[group])}</h3>"
                         f"<p>{escape(form.group_help[group])}</p>"),
            *members,
        ])

    # --- reacting -----------------------------------------------------------------

    @property
    def perspective(self) -> Perspective:
        return self.about.value

    @property
    def ratings(self) -> dict[str, int]:
        """The ratings this check-in would save: only the factors asked in this perspective."""
        return {factor_id: s.slider.value for factor_id, s in self.sliders.items()
                if self.perspective in s.factor.perspectives}

    def _reword(self, _change: object = None) -> None:
        if self._loading:
            return
        name = self.name.value.strip() or None
        self.name.layout.display = None if self.perspective == "supporter" else "none"
        self.groups["supporter_load"].layout.display = (
            None if self.perspective == "supporter" else "none")
        for factor_slider in self.sliders.values():
            factor_slider.word_for(self.perspective, name)
        self.update_profile()

    def _changed(self, _change: object = None) -> None:
        if not self._loading:
            self._redraw_soon()

    def update_profile(self) -> None:
        """Redraw the profile and its reading from the current sliders."""
        ratings = self.ratings
        scores = barrier_profile(ratings)
        chart = profile_chart(scores, self.previous.ratings if self.previous else None)
        self.chart.value = figure_svg(chart.figure)
        self.chart_alt.set(chart.alt)
        text = self.words.profile
        if self.previous:
            comparison = text.previous.format(when=friendly_time(self.previous.when))
        else:
            comparison = text.first_time
        self.chart_summary.value = (f"<p><strong>{escape(chart.summary)}</strong> "
                                    f"{escape(comparison)}</p>")
        self.interpretation.value = self.interpretation_html(ratings)

    def interpretation_html(self, ratings: Mapping[str, int]) -> str:
        text = self.words.profile
        # The supporter's own load is about them, not one of the loved one's barriers.
        barrier_html = (barriers_html(ratings, self._chapter_link)
                        + own_load_html(ratings, self._chapter_link, "h4"))
        stage = readiness_stage(ratings)
        stage_html = ""
        if stage is not None:
            described = stage_description(stage, self.perspective, self.name.value.strip())
            stage_html = (f"<h4>{escape(text.stage_heading)}: {escape(stage.name.lower())}</h4>"
                          f"<p>{escape(described)}</p><p><em>{escape(text.stage_note)}</em></p>")
        return box(f"<h4 style=\"margin-top: 0\">{escape(text.barriers_heading)}</h4>"
                   f"{barrier_html}{stage_html}", "plain")

    def _chapter_link(self, factor: Factor) -> str:
        chapter = content.chapter(factor.chapter)
        label = escape(self.words.profile.read_more.format(chapter=chapter.title))
        if chapter.planned:
            return f"<em>{label}</em>"
        return f"<a href=\"{escape(chapter.file)}\">{label}</a>"

    def _answer_safety(self, _change: object = None) -> None:
        if self.safety_answer.value == "yes":
            self.safety_help.value = safety_first_html()
        elif self.safety_answer.value == "no":
            self.safety_help.value = status_html(self.words.safety.thanks, "notice")
        else:
            self.safety_help.value = ""

    # --- saving -------------------------------------------------------------------

    def save_checkin(self) -> CheckIn | None:
        try:
            checkin = make_checkin(self.perspective, self.ratings,
                                   person=self.name.value if self.perspective == "supporter"
                                   else None, note=self.note.value)
            self.journal.add_checkin(checkin)
        except (InvalidEntry, JournalError) as exc:
            self.status.value = status_html(str(exc), "problem")
            return None
        self.status.value = status_html(
            self.words.form.saved.format(when=friendly_time(checkin.when)), "success")
        return checkin


def _current() -> CheckInSession:
    """This kernel's check-in session (one per journal file)."""
    return chapter_state("checkin", CheckInSession)


def check_in_form() -> widgets.VBox | widgets.HTML:
    """The check-in's questions; running it again starts the check-in over, in place.
    In the exported site: the paper check-in, in both perspectives, to print."""
    if not surface.has_kernel():
        return widgets.HTML(reading_form_html())
    return chapter_state("checkin", CheckInSession, CheckInSession.start_over).form


def check_in_profile() -> widgets.VBox | widgets.HTML:
    """The live profile of the check-in; in the exported site, drawn once as an image."""
    if not surface.has_kernel():
        return widgets.HTML(reading_profile_html(_current()))
    return _current().profile


def check_in_safety() -> widgets.VBox | widgets.HTML:
    """The safety question; "yes" shows the crisis lines at once. In the exported site
    the crisis lines are shown outright."""
    if not surface.has_kernel():
        question = escape(content.checkin().safety.question)
        return widgets.HTML(f"<p><strong>{question}</strong></p>{safety_first_html()}")
    return _current().safety


def check_in_save() -> widgets.VBox | widgets.HTML:
    """The button that saves the check-in, and its confirmation; in the exported site,
    a note that nothing is saved there."""
    if not surface.has_kernel():
        return widgets.HTML(box(f"<p style=\"margin: 0\">"
                                f"{escape(content.checkin().form.site_save_note)}</p>",
                                "notice", role="note"))
    return _current().save


# --- the reading edition ---------------------------------------------------------------


def reading_form_html() -> str:
    """The paper check-in for both perspectives, the shown one first."""
    from ..publish.paper import checkin_form, reading_html

    first = current_perspective()
    order: tuple[Perspective, ...] = (first, "self" if first == "supporter" else "supporter")
    intro = escape(content.checkin().form.site_forms_intro)
    return f"<p>{intro}</p>" + str(reading_html([checkin_form(p) for p in order]))


def reading_profile_html(session: CheckInSession) -> str:
    """The profile of the check-in the page was built with, as an image with its alt
    text, its one-sentence summary, its reading and how to read it."""
    ratings = session.ratings
    chart = profile_chart(barrier_profile(ratings))
    data = base64.b64encode(figure_svg(chart.figure)).decode("ascii")
    text = session.words.profile
    return (f"<p>{escape(text.site_sample_note)}</p>"
            f"<img src=\"data:image/svg+xml;base64,{data}\" alt=\"{escape(chart.alt)}\" "
            f"style=\"max-width: 100%\">"
            f"<p><strong>{escape(chart.summary)}</strong></p>"
            f"{session.interpretation_html(ratings)}")
