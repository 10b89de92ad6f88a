"""Paper forms: the check-in, reflections, worksheets and safety plans, planner, question
sheet and crisis card as pages to print and fill in by hand.

Each form is built here from the content files as a :class:`PaperForm` (plain records, no
HTML) and shown by the macros in ``templates/paper_forms.html.j2`` with the stylesheet
``templates/paper.css.j2``. The handouts pack (:mod:`workbook.publish.handouts`) prints
them one form per page; a reading edition of a chapter can show the same form with
:func:`form_html`. Every word comes from content (``paper.yaml`` and the files that hold
each form's questions).

On paper nothing may be cut in two: each question with its boxes, each field with its
lines, and the crisis card is one block that the stylesheet keeps on one page
(``break-inside: avoid``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from markupsafe import Markup

from .. import content
from ..content import Factor, FactorGroup, Perspective
from ..html.notices import emergency_numbers_html, phone_href, sentence
from . import pages

PAPER_CSS = "paper.css.j2"
FORMS_TEMPLATE = "paper_forms.html.j2"
GROUP_ORDER: tuple[FactorGroup, ...] = ("reason", "ruler", "supporter_load")
# Lines to write on: a long answer, a short one, a name or a date.
LINES_LONG = 4
LINES_SHORT = 3


@dataclass(frozen=True)
class Scale:
    """A question answered by circling one of the boxes 0 to 10, with the end words."""

    question: str
    low: str
    high: str
    kind: Literal["scale"] = "scale"


@dataclass(frozen=True)
class Lines:
    """A question (or a field's label) with lines to write on; ``hint`` is an example.
    A safety plan's step may list lines to call above its lines to write on: the
    emergency numbers and crisis lines by country (``calls``)."""

    label: str
    lines: int = LINES_SHORT
    hint: str = ""
    emergency: Markup | None = None
    calls: tuple[CrisisRegion, ...] = ()
    kind: Literal["lines"] = "lines"


@dataclass(frozen=True)
class Blank:
    """A short label with one line beside it: a date, a first name."""

    label: str
    kind: Literal["blank"] = "blank"


@dataclass(frozen=True)
class Ticks:
    """A question whose answers are boxes to tick (the safety question's yes and no)."""

    question: str
    options: tuple[str, ...]
    note: str = ""
    kind: Literal["ticks"] = "ticks"


@dataclass(frozen=True)
class Tick:
    """One box to tick beside a choice (a question to ask a therapist), with its topic."""

    text: str
    topic: str = ""
    kind: Literal["tick"] = "tick"


@dataclass(frozen=True)
class Script:
    """Words to read out, line by line (the phone script)."""

    heading: str
    intro: str
    lines: tuple[str, ...]
    kind: Literal["script"] = "script"


Item = Scale | Lines | Blank | Ticks | Tick | Script


@dataclass(frozen=True)
class Section:
    heading: str
    intro: str
    items: tuple[Item, ...]


@dataclass(frozen=True)
class CrisisLine:
    """One service on the crisis card, its number said once: ``before`` + the number (a
    tap-to-call link on screen) + ``after`` is its name ("NHS 111"), or the number then
    the name ("116 123 Samaritans"), closed by ``end`` (a full stop, unless the name
    ends a sentence itself: "Need to talk?"); then how to reach it, as a sentence."""

    before: str
    contact: str
    after: str
    end: str
    how: str
    href: str | None


def _crisis_line(service: content.CrisisService, *, named: bool = True) -> CrisisLine:
    if service.contact in service.name:
        before, _, after = service.name.partition(service.contact)
    else:
        before, after = "", f" {service.name}" if named else ""
    said = f"{before}{service.contact}{after}"
    return CrisisLine(before, service.contact, after, sentence(said)[len(said):],
                      sentence(service.how), phone_href(service.contact, service.text_only))


@dataclass(frozen=True)
class CrisisRegion:
    name: str
    lines: tuple[CrisisLine, ...]


@dataclass(frozen=True)
class CrisisCard:
    title: str
    heading: str
    danger_now: str
    emergency: Markup
    regions: tuple[CrisisRegion, ...]
    note: str
    cut: str


@dataclass(frozen=True)
class PaperForm:
    """One form: printed on its own page(s), with the crisis lines on top."""

    id: str
    title: str
    subtitle: str
    intro: str
    sections: tuple[Section, ...]
    # The top lines: a date, and a first name when the form is about someone else.
    blanks: tuple[Blank, ...] = ()
    crisis_card: CrisisCard | None = None


# --- the forms ------------------------------------------------------------------------


def _words() -> content.PaperText:
    return content.paper()


def _scale(factor: Factor, perspective: Perspective) -> Scale:
    return scale_item(factor.question_for(perspective), factor.scale.low, factor.scale.high)


def checkin_form(perspective: Perspective) -> PaperForm:
    """The readiness check-in on paper: every question the chapter asks in this
    perspective, the safety question, and room for a note."""
    words, checkin = _words(), content.checkin()
    sections = []
    for group in GROUP_ORDER:
        factors = [f for f in content.factors()
                   if f.group == group and perspective in f.perspectives]
        if factors:
            sections.append(Section(
                checkin.form.groups[group],
                words.group_help.get(group, checkin.form.group_help[group]),
                tuple(_scale(f, perspective) for f in factors)))
    safety = checkin.safety
    sections.append(Section("", "", (
        Ticks(safety.question, (safety.answer_yes, safety.answer_no), words.safety_note),
        Lines(checkin.form.note_label, LINES_LONG, checkin.form.note_placeholder))))
    blanks = [Blank(words.date_label)]
    if perspective == "supporter":
        blanks.append(Blank(checkin.form.name_label))
    return PaperForm(f"checkin-{perspective}", words.checkin_title[perspective],
                     words.perspective_heading[perspective], words.checkin_intro,
                     tuple(sections), tuple(blanks))


def reflection_form(perspective: Perspective) -> PaperForm:
    """Chapter 01's closing reflection, in this perspective's words."""
    words = _words()
    reflection = content.reasons().closing_reflection
    questions = tuple(Lines(q.text, LINES_LONG) for q in reflection.questions[perspective])
    return PaperForm(f"reflection-{perspective}", words.reflection_title,
                     words.perspective_heading[perspective], reflection.intro,
                     (Section("", "", questions),), (Blank(words.date_label),))


def journal_reflection_form() -> PaperForm:
    """A reflection for the journal (chapter 04): a note, mood, stress, tags, an event."""
    words, form = _words(), content.journal_text().reflection_form
    items: tuple[Item, ...] = (
        Lines(form.text_label, LINES_LONG + 2, form.text_placeholder),
        Scale(form.mood_label, "", ""),
        Scale(form.stress_label, "", ""),
        Lines(form.tags_label, 1, form.tags_placeholder),
        Lines(form.event_label, 1),
    )
    return PaperForm("journal-reflection", words.journal_title,
                     content.chapter("over_time").title, "", (Section("", "", items),),
                     (Blank(words.date_label),))


def stress_check_form(perspective: Perspective) -> PaperForm:
    """The stress check of "Caring for yourself": stress, support and limits for a
    supporter, stress alone on the self path."""
    words, check = _words(), content.caring().stress_check
    asked = [f for f in content.factors() if f.group == "supporter_load"
             and (perspective == "supporter" or f.id == "stress")]
    return PaperForm(f"stress-check-{perspective}", content.chapter("caring_for_yourself").title,
                     words.perspective_heading[perspective], check.intro_for(perspective),
                     (Section("", "", tuple(_scale(f, "supporter") for f in asked)),),
                     (Blank(words.date_label),))


def _calls(field: content.WorksheetField) -> tuple[CrisisRegion, ...]:
    """The lines a field lists to call, by country: every crisis line, or its own."""
    regions: list[CrisisRegion] = []
    if field.shows == "crisis_lines":
        regions += crisis_card().regions
    regions += [CrisisRegion(region.name, tuple(_crisis_line(s) for s in region.services))
                for region in field.helplines]
    return tuple(regions)


def _worksheet_field(field: content.WorksheetField, perspective: Perspective) -> Lines:
    emergency = (Markup(emergency_numbers_html()) if field.shows == "emergency_numbers"
                 else None)
    return Lines(field.label, LINES_SHORT, field.placeholder_for(perspective), emergency,
                 _calls(field))


def worksheet_form(sheet: content.Worksheet) -> PaperForm:
    """One worksheet on paper. A plan for one path is printed in that path's words,
    under its heading."""
    perspective: Perspective = sheet.perspective or "supporter"
    subtitle = (_words().perspective_heading[sheet.perspective] if sheet.perspective
                else content.chapter(sheet.chapter).title)
    return PaperForm(
        f"worksheet-{sheet.id.replace('_', '-')}", sheet.title, subtitle,
        sheet.intro_for(perspective),
        (Section("", "", tuple(_worksheet_field(f, perspective) for f in sheet.fields)),),
        (Blank(_words().date_label),))


def worksheet_forms(chapter: str | None = None) -> list[PaperForm]:
    """Every worksheet (or those ``chapter`` shows): "Caring for yourself" and the safety
    plans."""
    return [worksheet_form(sheet) for sheet in content.caring().worksheets
            if chapter is None or sheet.chapter == chapter]


def planner_form() -> PaperForm:
    """The conversation planner of "Conversations that open doors"."""
    words = _words()
    fields = tuple(Lines(f.label, LINES_SHORT, f.placeholder)
                   for f in content.conversation().planner_fields)
    return PaperForm("conversation-plan", words.planner_title,
                     content.chapter("conversations").title, words.planner_intro,
                     (Section("", "", fields),), (Blank(words.date_label),))


def question_sheet_form() -> PaperForm:
    """The questions to ask a therapist, to tick, with room for one's own and the phone
    script to read from."""
    words, support = _words(), content.support()
    questions = tuple(Tick(q.question, q.topic) for q in support.therapist_questions)
    own = Lines(support.own_question_label, LINES_SHORT)
    script = Script(support.call_heading, support.script_intro,
                    tuple(support.call_script.splitlines()))
    return PaperForm("question-sheet", support.sheet_title,
                     content.chapter("finding_support").title, words.question_sheet_intro,
                     (Section("", "", (*questions, own)), Section("", "", (script,))))


def crisis_card() -> CrisisCard:
    """Every crisis line, phone numbers as tap-to-call links on screen."""
    crisis, words = content.crisis_resources(), _words()
    regions = tuple(CrisisRegion(region.name, tuple(_crisis_line(s) for s in region.services))
                    for region in crisis.regions)
    # The region's heading already names the directory.
    regions += (CrisisRegion(crisis.elsewhere.name,
                             (_crisis_line(crisis.elsewhere, named=False),)),)
    return CrisisCard(words.crisis_card_title, crisis.heading, crisis.danger_now,
                      Markup(emergency_numbers_html()), regions, crisis.note,
                      words.crisis_card_cut)


def crisis_card_form() -> PaperForm:
    words = _words()
    return PaperForm("crisis-card", words.crisis_card_title, "", words.crisis_card_cut, (),
                     crisis_card=crisis_card())


def all_forms() -> list[PaperForm]:
    """Every paper form, in the order of the chapters that use them."""
    return [
        reflection_form("supporter"), reflection_form("self"),
        planner_form(),
        *worksheet_forms("conversations"),
        checkin_form("supporter"), checkin_form("self"),
        journal_reflection_form(),
        *worksheet_forms("caring_for_yourself"),
        question_sheet_form(),
        crisis_card_form(),
    ]


# --- HTML -------------------------------------------------------------------------------


def stylesheet() -> Markup:
    """The paper forms' stylesheet, screen and print (colours from html/style.py)."""
    return Markup(pages.stylesheet_file(PAPER_CSS))


def form_html(form: PaperForm, *, level: int = 2) -> Markup:
    """One form as HTML, for a page that carries :func:`stylesheet`; its title is a
    heading of ``level`` (2: an <h2>), its sections' one level below."""
    macros = pages.environment().get_template(FORMS_TEMPLATE).module
    # The crisis lines on top of every form come from the card: its heading, what to do
    # now, and the emergency numbers as tap-to-call links.
    return Markup(macros.paper_form(form, _words(), crisis_card(), level))  # type: ignore[attr-defined]


def reading_form_html(form: PaperForm, *, level: int = 3) -> str:
    """A form inside a chapter of the exported site, where nothing can be typed or saved:
    the paper form to print and fill in by hand (the site's stylesheet carries
    :func:`stylesheet`). ``level`` 3: under the chapter's own sections (<h2>)."""
    macros = pages.environment().get_template(FORMS_TEMPLATE).module
    return str(macros.reading_form(form, _words(), crisis_card(), level))  # type: ignore[attr-defined]


def items_html(items: tuple[Item, ...]) -> str:
    """A few paper items on their own (a 0-10 scale to circle, lines to write on), for a
    page that carries :func:`stylesheet`."""
    macros = pages.environment().get_template(FORMS_TEMPLATE).module
    return str(macros.reading_items(items))  # type: ignore[attr-defined]


def scale_item(question: str, low: str, high: str) -> Scale:
    """A 0-10 scale to circle, with its end words as the paper forms write them."""
    end = _words().scale_end
    return Scale(question, end.format(number=0, words=low), end.format(number=10, words=high))


def reading_html(forms: list[PaperForm], *, level: int = 3) -> Markup:
    """Forms shown in a chapter of the reading edition (the exported site, no kernel):
    the paper stylesheet and the forms in one block, to print or copy by hand."""
    shown = Markup("").join(form_html(form, level=level) for form in forms)
    return Markup('<div class="od-paper od-reading-forms"><style>{}</style>{}</div>').format(
        stylesheet(), shown)
