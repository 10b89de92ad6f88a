"""Learner-facing content, loaded from ``data/content/*.yaml`` and validated.

Each file has a schema here (frozen dataclasses). A schema error names the
file and the field, for example::

    factors.yaml: factors[2].guidance.middle: missing

The readiness factors have one source: ``factors.yaml``. Code that needs the
list of factor ids calls :func:`factor_ids`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Protocol, TypeVar, get_args

import yaml

from .. import errors, paths
from ..surface import Surface
from .schema import SchemaError, build

Perspective = Literal["supporter", "self"]
PERSPECTIVES: tuple[Perspective, ...] = ("supporter", "self")
FactorGroup = Literal["reason", "ruler", "supporter_load"]

_ID = re.compile(r"^[a-z][a-z0-9_]*$")
# Saved forms other than the worksheets (see workbook.journal.reflections), and the question
# sheet's field for the reader's own question.
OTHER_FORMS = ("conversation_plan", "question_sheet", "why_refuse")
OWN_QUESTION = "own"


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


_Item = TypeVar("_Item", bound=_HasId)


class ContentError(ValueError):
    """A content file is missing, unreadable or does not fit its schema."""


def _check_id(value: str, field: str = "id") -> None:
    if not _ID.match(value):
        raise SchemaError(field, f"{value!r} must be lower-case letters, digits and _")


# --- chapters.yaml -----------------------------------------------------------


@dataclass(frozen=True)
class CoreIdea:
    """The one thing to take away from a chapter (a slide of its own)."""

    heading: str
    text: str


@dataclass(frozen=True)
class Chapter:
    id: str
    file: str
    # The one source of the chapter's title: the notebook's first cell must read
    # "# <title>" (tests/test_project.py checks it), and pages and slides use this.
    title: str
    summary: str
    # A chapter that is planned but not written yet is listed without a link.
    planned: bool = False
    core_idea: CoreIdea | None = None

    def check(self) -> None:
        _check_id(self.id)
        if not self.planned and self.core_idea is None:
            raise SchemaError("core_idea", "missing (every written chapter has one)")
        if not self.file.endswith(".ipynb") or "/" in self.file:
            raise SchemaError("file", f"{self.file!r} must be a notebook file name")

    @property
    def path(self) -> Path:
        return paths.NOTEBOOKS_DIR / self.file


@dataclass(frozen=True)
class ChaptersFile:
    chapters: tuple[Chapter, ...]


# --- factors.yaml -------------------------------------------------------------


@dataclass(frozen=True)
class ScaleEnds:
    """What 0 and 10 mean on a factor's slider."""

    low: str
    high: str


@dataclass(frozen=True)
class BandGuidance:
    """What may help when a rating falls in the low, middle or high band."""

    low: str
    middle: str
    high: str


@dataclass(frozen=True)
class Factor:
    id: str
    name: str
    # reason: one per reason people refuse help; ruler: importance and
    # confidence; supporter_load: the supporter's own stress and support.
    group: FactorGroup
    perspectives: tuple[Perspective, ...]
    # Keyed by perspective; the supporter wording may use {name}.
    question: dict[Perspective, str]
    scale: ScaleEnds
    high_means: Literal["barrier", "readiness"]
    guidance: BandGuidance
    chapter: str

    def check(self) -> None:
        _check_id(self.id)
        if not self.perspectives:
            raise SchemaError("perspectives", "must name at least one perspective")
        for perspective in self.perspectives:
            if perspective not in self.question:
                raise SchemaError(f"question.{perspective}", "missing")
        for perspective in self.question:
            if perspective not in self.perspectives:
                raise SchemaError(
                    f"question.{perspective}", "is given but not listed in perspectives"
                )

    def question_for(self, perspective: Perspective, name: str | None = None) -> str:
        """The question in the reader's perspective, with the person's name filled in."""
        return with_name(self.question[perspective], name)

    def barrier(self, rating: int) -> int:
        """How much this rating stands in the way, 0 (not at all) to 10."""
        return rating if self.high_means == "barrier" else 10 - rating


def with_name(text: str, name: str | None) -> str:
    """Fill in ``{name}``; without a name, use a kind default and keep sentences capitalised."""
    person = (name or "").strip() or interface().perspective.default_person
    filled = text.replace("{name}", person)
    return re.sub(r"(^|[.!?]\s+)([a-z])", lambda m: m.group(1) + m.group(2).upper(), filled)


def plural(count: int, word: str, words: str | None = None) -> str:
    """``1 check-in``, ``2,000 check-ins``; give ``words`` for irregular plurals."""
    return f"{count:,} {word if count == 1 else (words or word + 's')}"


@dataclass(frozen=True)
class FactorsFile:
    factors: tuple[Factor, ...]


# --- crisis.yaml --------------------------------------------------------------


@dataclass(frozen=True)
class CrisisService:
    name: str
    contact: str
    how: str
    for_what: str
    # Ids in facts.yaml for every number, address and name this service states.
    facts: tuple[str, ...]
    # Emergency numbers, shown first and in bold.
    emergency: bool = False
    # A number that takes text messages, not calls: its link opens a text message.
    text_only: bool = False

    def check(self) -> None:
        if not self.facts:
            raise SchemaError("facts", "give the facts.yaml id of each number it states")


@dataclass(frozen=True)
class SafetyFact:
    """A plain substance-safety fact, shown in the crisis box where the risk is met."""

    id: str
    text: str
    # Ids in facts.yaml that back this text; their sources are shown under it.
    facts: tuple[str, ...]

    def check(self) -> None:
        _check_id(self.id)
        if not self.facts:
            raise SchemaError("facts", "give the facts.yaml id that backs this text")


@dataclass(frozen=True)
class StayingSafe:
    heading: str
    intro: str
    items: tuple[SafetyFact, ...]


@dataclass(frozen=True)
class CrisisRegion:
    id: str
    name: str
    services: tuple[CrisisService, ...]

    def check(self) -> None:
        _check_id(self.id)


@dataclass(frozen=True)
class CrisisResources:
    heading: str
    danger_now: str
    regions: tuple[CrisisRegion, ...]
    elsewhere: CrisisService
    staying_safe: StayingSafe
    note: str


# --- facts.yaml ---------------------------------------------------------------

FactKind = Literal["emergency", "helpline", "directory", "programme", "medical", "safety"]
# How a fact was checked on this offline machine: a stored copy of the source's own page;
# only stored pages by others (news, partners, local branches); or not found in the stored
# pages and kept only because the project's domain notes state it.
CheckedHow = Literal["source_page", "other_pages", "domain_notes"]
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_WEB = re.compile(r"^https?://[^\s/]+\.[^\s]+$")


@dataclass(frozen=True)
class Fact:
    """One checked fact: a number, programme, directory or medical fact the workbook states."""

    id: str
    kind: FactKind
    # The fact in plain words.
    what: str
    # The exact numbers, web addresses, names and key words that content may state
    # on the strength of this fact (tests/test_facts.py ties every mention to one).
    names: tuple[str, ...]
    # Who the reader should check with, and where.
    source: str
    address: str
    # The day it was checked (YYYY-MM-DD), how, and the stored pages it was checked against.
    checked: str
    how: CheckedHow
    checked_against: tuple[str, ...]
    # What could not be confirmed, if anything.
    note: str | None = None

    def check(self) -> None:
        _check_id(self.id)
        if not self.names:
            raise SchemaError("names", "give at least one number, address or name")
        if not _WEB.match(self.address):
            raise SchemaError("address", f"{self.address!r} must be a web address (https://...)")
        if not _ISO_DAY.match(self.checked):
            raise SchemaError("checked", f"{self.checked!r} must be a day written YYYY-MM-DD")
        if not self.checked_against:
            raise SchemaError("checked_against", "say what it was checked against")
        if self.how == "domain_notes" and "DOMAIN-NOTES.md" not in self.checked_against:
            raise SchemaError("checked_against", "a fact kept from the domain notes names "
                              "DOMAIN-NOTES.md")

    @property
    def short_address(self) -> str:
        """The address as a reader types it: ``samaritans.org``."""
        host = self.address.split("://", 1)[1].split("/", 1)[0]
        return host.removeprefix("www.").removeprefix("www2.")


@dataclass(frozen=True)
class FactsFile:
    # May use {source} and {address}.
    check_at: str
    # May use {day}, {month} and {year}.
    date_pattern: str
    # May use {date}.
    checked_on: str
    facts: tuple[Fact, ...]


# --- reasons.yaml ---------------------------------------------------------------


def _check_perspective_lists(mapping: dict[Perspective, tuple[str, ...]], field: str) -> None:
    for perspective in PERSPECTIVES:
        if not mapping.get(perspective):
            raise SchemaError(f"{field}.{perspective}", "missing (give at least one)")


@dataclass(frozen=True)
class CuriousSwap:
    """An instruction that tends to close a door, and a curious question to ask instead."""

    instead_of: str
    ask: str


@dataclass(frozen=True)
class Reason:
    # The same id as the readiness factor it explains.
    id: str
    title: str
    summary: str
    # What may be going on underneath: resistance as self-protection.
    underneath: str
    sounds_like: tuple[str, ...]
    helps: tuple[str, ...]
    backfires: tuple[str, ...]
    # Curious questions instead of instructions, for the conversations chapter.
    swaps: tuple[CuriousSwap, ...]
    # Reflection questions keyed by perspective.
    reflection: dict[Perspective, tuple[str, ...]]

    def check(self) -> None:
        _check_id(self.id)
        for field in ("sounds_like", "helps", "backfires"):
            if len(getattr(self, field)) < 2:
                raise SchemaError(field, "give at least two")
        if not self.swaps:
            raise SchemaError("swaps", "give at least one")
        _check_perspective_lists(self.reflection, "reflection")


@dataclass(frozen=True)
class ReflectionQuestion:
    """One question; its answer is saved under ``id``, so the words may change later."""

    id: str
    text: str

    def check(self) -> None:
        _check_id(self.id)


@dataclass(frozen=True)
class ChapterReflection:
    """Questions at the end of a chapter, whose answers can be saved as a reflection.

    The same question asked in other words for each perspective shares its id.
    """

    intro: str
    questions: dict[Perspective, tuple[ReflectionQuestion, ...]]

    def check(self) -> None:
        for perspective in PERSPECTIVES:
            asked = self.questions.get(perspective)
            if not asked:
                raise SchemaError(f"questions.{perspective}", "missing (give at least one)")
            ids = [question.id for question in asked]
            for i, question_id in enumerate(ids):
                if question_id in ids[:i]:
                    raise SchemaError(f"questions.{perspective}[{i}].id",
                                      f"{question_id!r} is used twice")


@dataclass(frozen=True)
class ReasonsFile:
    reasons: tuple[Reason, ...]
    closing_reflection: ChapterReflection


# --- examples.yaml ---------------------------------------------------------------


@dataclass(frozen=True)
class Cue:
    """A reason that may be at play in a story, and what in the story hints at it."""

    reason: str
    cue: str


@dataclass(frozen=True)
class Example:
    id: str
    title: str
    # Who is who, briefly: "A woman, 52, about her husband".
    who: str
    relationship: Literal["partner", "parent", "child", "sibling", "friend", "self", "other"]
    # Plain words for what they face: "drinking", "low mood", "hoarding".
    concern: str
    story: str
    cues: tuple[Cue, ...]
    # A story with a safety risk points the reader to the safety box.
    safety_note: str | None = None

    def check(self) -> None:
        _check_id(self.id)
        if not self.cues:
            raise SchemaError("cues", "give at least one reason with its cue")


@dataclass(frozen=True)
class ExamplesFile:
    examples: tuple[Example, ...]


# --- conversation.yaml -------------------------------------------------------------


@dataclass(frozen=True)
class PressurePattern:
    """A way of speaking that tends to raise defences, and how to find it in a sentence."""

    id: str
    name: str
    # Regular expressions, matched case-insensitively against what the reader types.
    match: tuple[str, ...]
    why: str
    rewrites: tuple[str, ...]
    # Something a person might say that the pattern finds: the exported site's worked
    # example (tests/test_conversation.py checks that it is found).
    example: str

    def check(self) -> None:
        _check_id(self.id)
        for i, pattern in enumerate(self.match):
            try:
                re.compile(pattern)
            except re.error as exc:
                raise SchemaError(f"match[{i}]", f"not a valid pattern ({exc})") from None
        if not self.rewrites:
            raise SchemaError("rewrites", "give at least one")


@dataclass(frozen=True)
class PlannerField:
    # The plan's answer to this field is saved under this id.
    id: str
    label: str
    placeholder: str

    def check(self) -> None:
        _check_id(self.id)


@dataclass(frozen=True)
class ConversationFile:
    patterns: tuple[PressurePattern, ...]
    practice_label: str
    practice_button: str
    practice_empty: str
    practice_no_flags: str
    practice_found: str
    # The exported site, above the worked examples that stand in for the practice box.
    practice_site: str
    planner_fields: tuple[PlannerField, ...]
    planner_button: str
    planner_saved: str
    planner_empty: str
    try_instead: str


# --- checkin.yaml ---------------------------------------------------------------


@dataclass(frozen=True)
class CheckInFormText:
    about_label: str
    about_choices: dict[Perspective, str]
    name_label: str
    name_placeholder: str
    groups: dict[FactorGroup, str]
    group_help: dict[FactorGroup, str]
    note_label: str
    note_placeholder: str
    save_button: str
    # May use {when}.
    saved: str
    not_saved_yet: str
    site_forms_intro: str
    site_save_note: str


@dataclass(frozen=True)
class SafetyQuestionText:
    question: str
    # Not "yes"/"no": YAML reads those keys as true and false.
    answer_yes: str
    answer_no: str
    thanks: str


@dataclass(frozen=True)
class ProfileText:
    heading: str
    previous: str
    first_time: str
    barriers_heading: str
    no_big_barriers: str
    read_more: str
    # May use {factor} and {barrier}.
    summary_most: str
    # May use {others}.
    summary_then: str
    summary_nothing: str
    summary_empty: str
    own_load_heading: str
    # May use {factor} and {rating}.
    own_load_item: str
    stage_heading: str
    stage_note: str
    site_sample_note: str


@dataclass(frozen=True)
class ReadinessText:
    """Overall readiness: its name, how its value reads, and a one-line explanation."""

    name: str
    # May use {name} and {value}.
    value: str
    explanation: str


StageId = Literal["not_yet", "thinking", "preparing", "acting"]


@dataclass(frozen=True)
class Stage:
    """A stage of change in plain words; shown as a description, never as a label."""

    id: StageId
    name: str
    # Keyed by perspective; the supporter text may use {name}.
    description: dict[Perspective, str]

    def check(self) -> None:
        for perspective in PERSPECTIVES:
            if perspective not in self.description:
                raise SchemaError(f"description.{perspective}", "missing")


@dataclass(frozen=True)
class CheckInFile:
    form: CheckInFormText
    safety: SafetyQuestionText
    profile: ProfileText
    readiness: ReadinessText
    stages: tuple[Stage, ...]

    def check(self) -> None:
        ids = [stage.id for stage in self.stages]
        if sorted(ids) != sorted(get_args(StageId)):
            raise SchemaError("stages", f"must describe each stage once: {get_args(StageId)}")


# --- journal.yaml ----------------------------------------------------------------


@dataclass(frozen=True)
class ReflectionFormText:
    text_label: str
    text_placeholder: str
    feelings_label: str
    mood_label: str
    mood_scale: ScaleEnds  # what 0 and 10 mean, said with the slider's value
    stress_label: str
    stress_scale: ScaleEnds
    tags_label: str
    tags_placeholder: str
    tags_help: str
    event_label: str
    event_placeholder: str
    event_suggestions: tuple[str, ...]
    save_button: str
    # May use {when}.
    saved: str


RangeId = Literal["weeks_4", "weeks_12", "year", "all"]


@dataclass(frozen=True)
class TableColumns:
    when: str
    kind: str
    summary: str
    mood: str
    stress: str
    tags: str
    event: str


@dataclass(frozen=True)
class EventGroupsText:
    """Words for event lines grouped per period, when there are too many to name."""

    # May use {count} and {period}: "1,200 events, grouped by month".
    grouped: str
    week: str
    month: str
    year: str
    # May use {years}.
    years: str
    # May use {day}.
    week_of: str
    # May use {first} and {last} (years).
    year_span: str


@dataclass(frozen=True)
class PagingText:
    """Buttons to page back and forth, and a line that says what is shown."""

    earlier: str
    later: str
    # May use {first} and {last}, and {total} for the table.
    showing: str


@dataclass(frozen=True)
class OverTimeText:
    range_label: str
    ranges: dict[RangeId, str]
    refresh_button: str
    empty: str
    readiness_heading: str
    factors_heading: str
    stress_heading: str
    calendar_heading: str
    table_heading: str
    table_columns: TableColumns
    event_groups: EventGroupsText
    calendar_paging: PagingText
    table_paging: PagingText

    def check(self) -> None:
        for range_id in get_args(RangeId):
            if range_id not in self.ranges:
                raise SchemaError(f"ranges.{range_id}", "missing")


@dataclass(frozen=True)
class DataToolsText:
    export_label: str
    export_json: str
    export_csv: str
    # May use {path}.
    exported: str
    download: str
    delete_confirm: str
    delete_button: str
    delete_first_tick: str
    nothing_to_delete: str
    # May use {what}.
    deleted: str
    share_button: str
    download_share: str
    share_label: str
    # May use {path}.
    shared: str
    # In the exported site, instead of the buttons (which need the workbook running).
    site_heading: str
    site_points: tuple[str, ...]


@dataclass(frozen=True)
class DateWords:
    """How dates read in the charts: month names and patterns for str.format."""

    months: tuple[str, ...]
    # May use {day}, {month} and {year}.
    day: str
    day_year: str
    # May use {month} and {year}.
    month_year: str
    # May use {hour} and {minute}.
    time: str

    def check(self) -> None:
        if len(self.months) != 12:
            raise SchemaError("months", "give the 12 months, January first")


@dataclass(frozen=True)
class JournalFile:
    reflection_form: ReflectionFormText
    over_time: OverTimeText
    data_tools: DataToolsText
    dates: DateWords


# --- guides.yaml -----------------------------------------------------------------------


@dataclass(frozen=True)
class GuideSection:
    heading: str
    text: str
    # Words the reader might use; the pressure check must pass them.
    say: tuple[str, ...] = ()
    # Ids in facts.yaml for any programme, number or medical fact the part names.
    facts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Guide:
    """A few headed parts of plain advice, shown in one chapter."""

    id: str
    chapter: str
    title: str
    intro: str
    sections: tuple[GuideSection, ...]

    def check(self) -> None:
        _check_id(self.id)
        if not self.sections:
            raise SchemaError("sections", "give at least one")


@dataclass(frozen=True)
class GuidesFile:
    # Before a part's suggested words.
    say_label: str
    guides: tuple[Guide, ...]


# --- caring.yaml and support.yaml ------------------------------------------------------


@dataclass(frozen=True)
class WorksheetField:
    id: str
    label: str
    placeholder: str
    # The example shown on the self path, when the supporter's one is about someone else.
    self_placeholder: str | None = None
    # Lines to call shown under the label (a safety plan's step): every crisis line of
    # crisis.yaml, or just the emergency numbers; and lines of the field's own, by country.
    shows: Literal["crisis_lines", "emergency_numbers"] | None = None
    helplines: tuple[CrisisRegion, ...] = ()

    def placeholder_for(self, perspective: Perspective) -> str:
        return (self.self_placeholder if perspective == "self" else None) or self.placeholder

    def check(self) -> None:
        _check_id(self.id)


@dataclass(frozen=True)
class Worksheet:
    """A set of questions whose answers are saved together and shown again next time."""

    id: str
    title: str
    intro: str
    fields: tuple[WorksheetField, ...]
    save_button: str
    # The intro on the self path, when the supporter's one is about someone else.
    self_intro: str | None = None
    # The one reader a worksheet is for (the safety plans), or None for both. The other
    # reader sees other_path in its place, which says who it is for and how to switch.
    perspective: Perspective | None = None
    other_path: str | None = None
    # The chapter id (chapters.yaml) that shows it.
    chapter: str = "caring_for_yourself"

    def intro_for(self, perspective: Perspective) -> str:
        return (self.self_intro if perspective == "self" else None) or self.intro

    def is_for(self, perspective: Perspective) -> bool:
        return self.perspective is None or self.perspective == perspective

    def check(self) -> None:
        _check_id(self.id)
        if not self.fields:
            raise SchemaError("fields", "give at least one")
        if self.perspective is not None and not self.other_path:
            raise SchemaError("other_path", "say what the other reader sees in its place")
        ids = [field.id for field in self.fields]
        for i, field_id in enumerate(ids):
            if field_id in ids[:i]:
                raise SchemaError(f"fields[{i}].id", f"{field_id!r} is used twice")


@dataclass(frozen=True)
class StressCheckText:
    intro: str
    save_button: str
    # May use {when}.
    saved: str
    # Shown instead of intro on the self path (perspective "self").
    self_intro: str

    def intro_for(self, perspective: Perspective) -> str:
        return self.self_intro if perspective == "self" else self.intro


@dataclass(frozen=True)
class CaringFile:
    stress_check: StressCheckText
    worksheets: tuple[Worksheet, ...]
    # May use {when}.
    worksheet_saved: str
    worksheet_empty: str
    # May use {when}.
    worksheet_last_saved: str


@dataclass(frozen=True)
class SupportPlace:
    """Somewhere to look for help: a directory, a helpline, a doctor, a programme."""

    name: str
    what: str
    how: str
    # Ids in facts.yaml for every number, address and programme it names; the
    # general places (a family doctor, a faith group) name none.
    facts: tuple[str, ...] = ()


@dataclass(frozen=True)
class SupportRegion:
    id: str
    name: str
    places: tuple[SupportPlace, ...]

    def check(self) -> None:
        _check_id(self.id)


@dataclass(frozen=True)
class TherapistQuestion:
    id: str
    topic: str
    question: str

    def check(self) -> None:
        _check_id(self.id)


@dataclass(frozen=True)
class SupportFile:
    where_to_look_intro: str
    everywhere: tuple[SupportPlace, ...]
    regions: tuple[SupportRegion, ...]
    questions_intro: str
    therapist_questions: tuple[TherapistQuestion, ...]
    own_question_label: str
    sheet_button: str
    sheet_title: str
    sheet_empty: str
    # May use {when}.
    sheet_saved: str
    print_hint: str
    script_intro: str
    call_heading: str
    call_script: str
    email_heading: str
    email_script: str
    not_a_commitment: str
    # After the scripts: reaching out is a win worth noticing.
    small_win: str
    supporter_intro: str
    supporter_programs: tuple[SupportPlace, ...]
    why_help_yourself: tuple[str, ...]
    if_no_intro: str
    if_no_steps: tuple[str, ...]


# --- facilitator.yaml ----------------------------------------------------------------------


@dataclass(frozen=True)
class PlanStep:
    minutes: int
    activity: str
    # The chapter this step uses, if any (a chapter id).
    chapter: str | None = None


@dataclass(frozen=True)
class SessionPlan:
    id: str
    title: str
    minutes: int
    goal: str
    steps: tuple[PlanStep, ...]

    def check(self) -> None:
        _check_id(self.id)
        total = sum(step.minutes for step in self.steps)
        if total != self.minutes:
            raise SchemaError("steps", f"add up to {total} minutes, not {self.minutes}")


@dataclass(frozen=True)
class SeriesWeek:
    week: int
    title: str
    chapters: tuple[str, ...]
    focus: str
    home_practice: str


@dataclass(frozen=True)
class ChapterPrompts:
    chapter: str
    prompts: tuple[str, ...]


@dataclass(frozen=True)
class GroupExercise:
    id: str
    title: str
    minutes: int
    # An example id from examples.yaml that the exercise is built on.
    example: str
    steps: tuple[str, ...]

    def check(self) -> None:
        _check_id(self.id)


@dataclass(frozen=True)
class DistressGuide:
    intro: str
    steps: tuple[str, ...]
    what_to_say: tuple[str, ...]
    pause_and_refer: tuple[str, ...]


@dataclass(frozen=True)
class GroupReportText:
    title: str
    intro: str
    # May use {count} and {minimum}.
    too_few: str
    # May use {count}.
    people: str
    duplicates: str
    rejected: str
    barriers_heading: str
    no_barriers: str
    # May use {factor}, {count} and {people}.
    barrier_item: str
    spread_heading: str
    # May use {factor}, {count} and {people}.
    spread_summary: str
    spread_none: str
    table_factor: str
    # The band labels may use {range} ("0-3"), from workbook.rules.scoring.
    table_small: str
    table_some: str
    table_big: str
    own_load_heading: str
    own_load_intro: str
    load_light: str
    load_some: str
    load_heavy: str
    privacy: str
    # The guide notebook's upload box.
    upload_label: str
    upload_empty: str


@dataclass(frozen=True)
class FacilitatorLabels:
    time: str
    activity: str
    chapter: str
    minutes: str
    # May use {week}.
    week: str
    between_sessions: str
    what_to_say: str
    pause_and_refer: str
    # May use {name}.
    share_not_text: str


@dataclass(frozen=True)
class FacilitatorFile:
    intro: str
    ground_rules: tuple[str, ...]
    session_plans: tuple[SessionPlan, ...]
    series_intro: str
    series: tuple[SeriesWeek, ...]
    prompts: tuple[ChapterPrompts, ...]
    exercises: tuple[GroupExercise, ...]
    distress: DistressGuide
    privacy_talk: tuple[str, ...]
    group_report: GroupReportText
    labels: FacilitatorLabels


# --- summary.yaml ---------------------------------------------------------------------

SUMMARY_KEYS = (
    "title",
    "made_on",
    "about",
    "about_named",
    "about_someone",
    "about_me",
    "empty",
    "where_things_stand",
    "no_checkins",
    "checkin_dates",
    "only_checkin",
    "compared",
    "first_checkin_label",
    "only_one_compared",
    "latest_note",
    "over_time",
    "nothing_over_time",
    "recent_reflections",
    "no_reflections",
    "reflections_shown",
    "mood",
    "stress",
    "out_of_ten",
    "tags",
    "event",
    "plans",
    "conversation_plan",
    "worksheet_boundaries",
    "worksheet_self_care_plan",
    "worksheet_safety_plan",
    "worksheet_family_safety_plan",
    "worksheet_questions",
    "saved_on",
    "no_plans",
    "made_how",
    "checkins_one",
    "checkins_many",
    "reflections_one",
    "reflections_many",
    "keep_safe",
    "refresh_button",
    "save_button",
    "saved_page",
    "download",
)


@dataclass(frozen=True)
class SummaryText:
    """The words of the personal summary page, by key."""

    headings: dict[str, str]

    def check(self) -> None:
        for key in SUMMARY_KEYS:
            if key not in self.headings:
                raise SchemaError(f"headings.{key}", "missing")


# --- charts.yaml -----------------------------------------------------------------

# How often a chart has a point: one per entry, or an average per day, week, month, year.
PERIODS = ("entry", "day", "week", "month", "year")


def _check_keys(mapping: dict[str, str], keys: tuple[str, ...], field: str) -> None:
    for key in keys:
        if key not in mapping:
            raise SchemaError(f"{field}.{key}", "missing")
    for key in mapping:
        if key not in keys:
            raise SchemaError(f"{field}.{key}", f"unknown; use one of {', '.join(keys)}")


@dataclass(frozen=True)
class Plural:
    """A word for one and for more: ``{one: entry, other: entries}``."""

    one: str
    other: str

    def count(self, count: int) -> str:
        """``1 entry``, ``1,200 entries``."""
        return f"{count:,} {self.one if count == 1 else self.other}"


@dataclass(frozen=True)
class EmptyChartText:
    checkins: str
    entries: str
    stress: str


@dataclass(frozen=True)
class ChartScales:
    readiness: ScaleEnds
    stress: ScaleEnds


@dataclass(frozen=True)
class ChartChange:
    # Each may use {subject}, {first}, {last} and {between}.
    went: str
    stayed: str
    same_ends: str


@dataclass(frozen=True)
class ChartEvents:
    key_title: str
    # May use {grouped}.
    key_title_grouped: str
    event: Plural
    # May use {count}.
    too_many: str
    # May use {listed}, and {grouped} or {count}.
    marked: str
    marked_grouped: str
    marked_count: str


@dataclass(frozen=True)
class FactorChartText:
    title: str
    legend_barrier: str
    legend_readiness: str
    factor: Plural
    rating_from_to: str
    only_one: str
    rated_once: str
    none_changed: str
    back_to_start: str
    went_from: str
    went_from_biggest: str
    alt: str


@dataclass(frozen=True)
class ReadinessChartText:
    title: str
    only_one: str
    alt: str


@dataclass(frozen=True)
class CalendarChartText:
    title: str
    weekdays: tuple[str, ...]
    legend_title: str
    entry: Plural
    day: Plural
    one_day: str
    many_days: str
    alt: str
    busiest: str

    def check(self) -> None:
        if len(self.weekdays) != 3:
            raise SchemaError("weekdays", "give three labels: Monday, Wednesday and Friday")


@dataclass(frozen=True)
class StressChartText:
    from_checkins: str
    from_reflections: str
    axis: str
    subject: str
    title: str
    only_one: str
    alt: str


@dataclass(frozen=True)
class ProfileChartText:
    today: str
    last_checkin: str
    axis: str
    title: str
    empty: str
    bar: str
    alt: str


@dataclass(frozen=True)
class GroupChartText:
    axis: str
    row: str
    alt: str


@dataclass(frozen=True)
class ChartsFile:
    empty: EmptyChartText
    scales: ChartScales
    # Keyed by period; no words for single entries.
    averages: dict[str, str]
    units: dict[str, str]
    spans: dict[str, str]
    points: dict[str, str]
    change: ChartChange
    events: ChartEvents
    factors: FactorChartText
    readiness: ReadinessChartText
    calendar: CalendarChartText
    stress: StressChartText
    profile: ProfileChartText
    group: GroupChartText

    def check(self) -> None:
        _check_keys(self.averages, PERIODS[1:], "averages")
        _check_keys(self.units, PERIODS, "units")
        _check_keys(self.spans, (*PERIODS, "entry_one_day", "day_one_day", "week_one_week"),
                    "spans")
        _check_keys(self.points, (*PERIODS, "from_to", "one"), "points")


# --- messages.yaml --------------------------------------------------------------------


@dataclass(frozen=True)
class FileMessages:
    is_folder: str
    exists: str
    could_not_write: str
    unchanged: str
    not_written: str
    only_you: str


@dataclass(frozen=True)
class ServerMessages:
    port_taken: str
    not_a_port: str
    opening: str
    lab: str
    app: str
    token: str
    no_notebooks: str
    chapters_in: str
    kept_edits: str
    could_not_copy: str


@dataclass(frozen=True)
class DataMessages:
    exported: str
    not_imported: str
    imported: str
    checkin: Plural
    reflection: Plural
    already_one: str
    already_many: str
    nothing_to_delete: str
    would_delete: str
    deleted: str
    removed: str
    shared: str


@dataclass(frozen=True)
class PageMessages:
    summary_written: str
    open_summary: str
    slides_written: str
    handouts_written: str
    mine_warning: str
    could_not_export: str
    note: str
    open_site: str


@dataclass(frozen=True)
class GroupMessages:
    left_out: str
    written: str
    too_few: str


@dataclass(frozen=True)
class ShareFileMessages:
    nothing_to_share: str
    the_file: str
    repeated_field: str
    not_json: str
    too_deep: str
    too_many_digits: str
    not_share: str
    other_version: str
    extra_fields: str
    no_code: str
    no_ratings: str
    unknown_factor: str
    not_whole: str
    invalid: str
    too_big: str
    unreadable: str
    could_not_read: str
    not_text: str


@dataclass(frozen=True)
class HandInMessages:
    """The hand-in button on a hub (chapter 3) and the drop folder in the group view."""

    button: str
    intro: str
    done: str
    # May use {folder}.
    no_folder: str
    # May use {folder} and {problem}.
    not_writable: str
    folder_button: str
    # May use {count}.
    folder_read: str
    # May use {folder} and {problem}.
    folder_unreadable: str
    no_files: str


@dataclass(frozen=True)
class EntryMessages:
    not_a_time: str
    too_far: str
    in_the_future: str
    not_a_date: str
    not_a_perspective: str
    name_too_long: str
    not_a_name: str
    many_digits: str
    out_of_range: str
    not_whole: str
    unsavable: str
    not_text: str
    text_too_long: str
    not_a_tag: str
    event_too_long: str
    not_a_form: str
    answers_not_object: str
    not_a_field: str
    not_an_id: str
    unknown_factor: str
    supporter_only: str
    no_ratings: str
    answers_without_kind: str
    empty_reflection: str


@dataclass(frozen=True)
class JournalFileMessages:
    refused: str
    is_folder: str
    folder_is_file: str
    could_not_read: str
    not_sqlite: str
    could_not_open: str
    busy: str
    could_not_save: str
    unreadable: str
    other_program: str
    damaged: str
    newer: str
    other_program_short: str


@dataclass(frozen=True)
class DataToolMessages:
    counts: str
    checkin: Plural
    reflection: Plural
    setting: Plural
    copy: Plural
    leftover: Plural
    and_more: str
    too_many_copies: str
    read_only: str
    a_file: str
    deleted_so_far: str
    could_not_delete: str


@dataclass(frozen=True)
class DataFolderMessages:
    """Why the data folder cannot be used; raised by id in ``workbook.paths``."""

    not_full_path: str
    chapters_not_full_path: str
    inside_repository: str
    set_to_a_file: str
    could_not_create: str
    could_not_open: str
    is_a_file: str
    another_owner: str
    shared: str


@dataclass(frozen=True)
class UnreadableFileMessages:
    """Why a given file cannot be read; raised by id in ``workbook.regular_files``."""

    missing: str
    could_not_read: str
    folder: str
    pipe: str
    device: str
    socket: str
    not_a_file: str


@dataclass(frozen=True)
class EntriesTableMessages:
    ratings: Plural
    about: str
    mood_and_stress_only: str
    checkin: str
    reflection: str


@dataclass(frozen=True)
class ImportFileMessages:
    line: str
    field: str
    where: str
    how_to_fix: str
    unknown_format: str
    unreadable: str
    empty: str
    changed: str
    could_not_read: str
    not_a_text_file: str
    not_utf8: str
    id_twice: str
    line_too_long: str
    not_csv: str
    missing_columns: str
    unknown_column: str
    column_twice: str
    not_valid_csv: str
    row_length: str
    checkin_column_empty: str
    reflection_column_empty: str
    ratings_not_empty: str
    not_entry_type: str
    answers_not_json: str
    not_json: str
    expecting: str
    no_property_name: str
    extra_data: str
    too_deep: str
    too_many_digits: str
    entry_too_long: str
    not_one_object: str
    field_twice: str
    not_export: str
    unknown_field: str
    field_missing: str
    unknown_version: str
    not_a_list: str
    not_an_object: str
    not_text: str
    ratings_not_object: str
    not_whole: str
    tags_not_list: str
    perspective_not_object: str


@dataclass(frozen=True)
class SiteExportMessages:
    summary: str
    failed: str
    bad_data: str
    no_notebooks: str
    exporting: str
    no_sample: str
    no_journal: str
    could_not_open: str
    could_not_copy: str
    notebook_missing: str
    widgets_incomplete: str
    unreadable_notebook: str
    too_slow: str
    kernel_died: str
    not_html: str
    left_out: str
    out_is_file: str
    out_not_empty: str
    step: str
    step_seconds: str
    step_done: str
    step_failed: str


@dataclass(frozen=True)
class MessagesFile:
    """What the ``workbook`` command says to its user (its --help stays in cli.py)."""

    files: FileMessages
    servers: ServerMessages
    data: DataMessages
    pages: PageMessages
    group: GroupMessages
    share_file: ShareFileMessages
    hand_in: HandInMessages
    entry: EntryMessages
    journal_file: JournalFileMessages
    data_tools: DataToolMessages
    entries_table: EntriesTableMessages
    import_file: ImportFileMessages
    site_export: SiteExportMessages
    data_folder: DataFolderMessages
    unreadable_file: UnreadableFileMessages


# --- interface.yaml -----------------------------------------------------------


@dataclass(frozen=True)
class Notices:
    not_a_substitute: str
    # May use {data_dir}.
    privacy: str
    safety_banner: str
    open_resources: str
    # How to start a chapter in JupyterLab.
    start_chapter: str


@dataclass(frozen=True)
class PerspectiveText:
    here_because: str
    prompt: str
    choices: dict[Perspective, str]
    name_label: str
    name_placeholder: str
    name_help: str
    save_button: str
    # May use {choice}.
    saved: str
    saved_with_name: str
    choose_first: str
    name_too_long: str
    name_not_a_name: str
    default_person: str
    current: str
    not_chosen_yet: str
    # The exported site, in place of the chooser: which path its pages show (the
    # journal's choice, or the supporter's). May use {supporter} and {self} (the two
    # choices' words).
    site_path: dict[Perspective, str]


@dataclass(frozen=True)
class ContentsText:
    heading: str
    planned: str


@dataclass(frozen=True)
class NavigationText:
    label: str
    # The app's own links at the top and the end of a chapter.
    top_label: str
    end_label: str
    # May use {chapter}.
    previous: str
    contents: str
    next: str


@dataclass(frozen=True)
class MomentWords:
    """How a saved time reads, in full: "Saturday 21 November 2026 at 19:30"."""

    weekdays: tuple[str, ...]
    months: tuple[str, ...]
    # May use {weekday}, {day}, {month}, {year} and {time}.
    pattern: str

    def check(self) -> None:
        if len(self.weekdays) != 7:
            raise SchemaError("weekdays", "give the 7 days, Monday first")
        if len(self.months) != 12:
            raise SchemaError("months", "give the 12 months, January first")


@dataclass(frozen=True)
class PracticeText:
    slider_label: str
    scale: ScaleEnds  # what 0 and 10 mean, said with the slider's value
    reply: str


# --- words that differ by where the workbook is shown (workbook/surface.py) -----


@dataclass(frozen=True)
class SurfaceText:
    """One message, worded for JupyterLab, for the app and for the exported site."""

    lab: str
    app: str
    site: str

    def on(self, surface: Surface) -> str:
        return str(getattr(self, surface))


@dataclass(frozen=True)
class HowToPoint:
    """One point of "how to use": a few words in bold, then what to do."""

    name: str
    text: str


@dataclass(frozen=True)
class SurfacePoints:
    """A list of points, worded for each surface (the lists may differ in length)."""

    lab: tuple[HowToPoint, ...]
    app: tuple[HowToPoint, ...]
    site: tuple[HowToPoint, ...]

    def on(self, surface: Surface) -> tuple[HowToPoint, ...]:
        points: tuple[HowToPoint, ...] = getattr(self, surface)
        return points

    def check(self) -> None:
        for surface in ("lab", "app", "site"):
            if not getattr(self, surface):
                raise SchemaError(surface, "must list at least one point")


@dataclass(frozen=True)
class SurfaceWords:
    # Chapter 00's "How to use this workbook".
    how_to_use: SurfacePoints
    # Above the practice slider.
    practice: SurfaceText
    # Chapter 08: how participants make a share file.
    share_files: SurfaceText


@dataclass(frozen=True)
class ExplorerText:
    mode_label: str
    by_reason: str
    by_example: str
    reason_label: str
    example_label: str
    underneath: str
    sounds_like: str
    stories: str
    helps: str
    backfires: str
    reflect: str
    story_reasons: str
    safety_heading: str
    # The exported site shows every reason and story at once, with lists that link to them.
    site_intro: str
    # The label of the two lists (a <nav>), then each list's.
    site_lists: str
    site_reasons: str
    site_stories: str
    site_back: str


@dataclass(frozen=True)
class ExerciseText:
    story_label: str
    reasons_label: str
    check_button: str
    pick_first: str
    # May use {reason}.
    spotted: str
    also: str
    not_shown: str
    closing: str
    # The exported site: each story's worked answer, folded away until opened.
    site_intro: str
    # May use {story}.
    site_answer: str
    site_read: str


@dataclass(frozen=True)
class ReflectionText:
    answer_placeholder: str
    save_button: str
    # May use {when}.
    saved: str
    empty: str


@dataclass(frozen=True)
class SwapsText:
    instead_of: str
    ask: str


@dataclass(frozen=True)
class SafetyFirstText:
    heading: str
    points: tuple[str, ...]


@dataclass(frozen=True)
class SiteWords:
    """The words an exported site adds around the chapters."""

    title: str
    previous: str
    next: str
    contents: str
    start: str
    intro: str
    read_only: str
    no_script: str
    data_notes: dict[Literal["sample", "blank", "mine"], str]
    failed_page: str
    about_slide: str  # the heading of the slide that says what the workbook is
    page_title: str  # {chapter} · {site}
    systems: dict[Literal["linux", "macos", "windows"], str]
    data_folder: str  # {folder} ({system})
    data_folders: str  # {linux}, {macos} or {windows}
    labelled: str  # {name}: {text}
    service: str  # {name} {contact}
    list_more: str  # {list}, {item}


@dataclass(frozen=True)
class ScaleValueWords:
    """What a screen reader says for a slider's value: {value} of {top}, with the
    words of the end it is at or leans to ({low} or {high})."""

    at_low: str
    toward_low: str
    middle: str
    toward_high: str
    at_high: str


@dataclass(frozen=True)
class InterfaceText:
    # The words' language, as an ISO 639-1 code: <html lang="..."> on every page.
    language: str
    notices: Notices
    safety_first: SafetyFirstText
    perspective: PerspectiveText
    contents: ContentsText
    navigation: NavigationText
    moment: MomentWords
    practice: PracticeText
    explorer: ExplorerText
    exercise: ExerciseText
    reflection: ReflectionText
    swaps: SwapsText
    site: SiteWords
    scale_values: ScaleValueWords
    surfaces: SurfaceWords

    def check(self) -> None:
        if not re.fullmatch(r"[a-z]{2}", self.language):
            raise SchemaError("language", "must be a two-letter ISO 639-1 code, such as en or es")


# --- paper.yaml --------------------------------------------------------------------


@dataclass(frozen=True)
class PaperText:
    """The words of the paper forms and the handouts pack."""

    pack_title: str
    pack_intro: str
    print_hint: str
    contents_heading: str
    whole_pack: str
    perspective_heading: dict[Perspective, str]
    date_label: str
    # May use {number} and {words}.
    scale_end: str
    checkin_title: dict[Perspective, str]
    checkin_intro: str
    # Paper wording in place of checkin.yaml's group_help, for the groups it names.
    group_help: dict[FactorGroup, str]
    safety_note: str
    reflection_title: str
    journal_title: str
    planner_title: str
    planner_intro: str
    question_sheet_intro: str
    crisis_card_title: str
    crisis_card_cut: str
    yours: str

    def check(self) -> None:
        for field in ("perspective_heading", "checkin_title"):
            for perspective in PERSPECTIVES:
                if perspective not in getattr(self, field):
                    raise SchemaError(f"{field}.{perspective}", "missing")


# --- loading ------------------------------------------------------------------


def read_yaml(path: Path) -> Any:
    """Parse one YAML file, turning any failure into a :class:`ContentError`."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ContentError(f"{path.name}: file not found in {path.parent}") from None
    except UnicodeDecodeError:
        raise ContentError(f"{path.name}: not UTF-8 text") from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        raise ContentError(f"{path.name}: not valid YAML{at}: {exc}") from None


def load_file(cls: type, filename: str, content_dir: Path | None = None) -> Any:
    """Load ``filename`` from the content folder as an instance of ``cls``."""
    path = (content_dir or paths.CONTENT_DIR) / filename
    data = read_yaml(path)
    try:
        return build(cls, data)
    except SchemaError as exc:
        raise ContentError(f"{filename}: {exc}") from None


@dataclass(frozen=True)
class ContentFile:
    """One file in ``data/content/``: its schema and the cached loader that checks it."""

    filename: str
    schema: type
    load: functools._lru_cache_wrapper[Any]


# Every content file, by file name, in the order they are loaded. A new file is one
# ``@_content_file(...)`` line on its loader.
FILES: dict[str, ContentFile] = {}

_Schema = TypeVar("_Schema")
_Loaded = TypeVar("_Loaded")


def _content_file(
    filename: str, schema: type[_Schema]
) -> Callable[[Callable[[_Schema], _Loaded]], Callable[[], _Loaded]]:
    """Register a loader: it gets the file built as ``schema`` and adds cross-file checks."""

    def register(check: Callable[[_Schema], _Loaded]) -> Callable[[], _Loaded]:
        @functools.cache
        def load() -> _Loaded:
            loaded: _Schema = load_file(schema, filename)
            return check(loaded)

        functools.update_wrapper(load, check)
        FILES[filename] = ContentFile(filename, schema, load)
        return load

    return register


@_content_file("chapters.yaml", ChaptersFile)
def chapters(loaded: ChaptersFile) -> tuple[Chapter, ...]:
    _unique([c.id for c in loaded.chapters], "chapters.yaml", "chapters")
    return loaded.chapters


@_content_file("factors.yaml", FactorsFile)
def factors(loaded: FactorsFile) -> tuple[Factor, ...]:
    _unique([f.id for f in loaded.factors], "factors.yaml", "factors")
    chapter_ids = {c.id for c in chapters()}
    for i, factor in enumerate(loaded.factors):
        if factor.chapter not in chapter_ids:
            raise ContentError(
                f"factors.yaml: factors[{i}].chapter: {factor.chapter!r} is not a chapter id "
                f"in chapters.yaml ({', '.join(sorted(chapter_ids))})"
            )
    return loaded.factors


@_content_file("facts.yaml", FactsFile)
def facts_register(loaded: FactsFile) -> FactsFile:
    _unique([f.id for f in loaded.facts], "facts.yaml", "facts")
    return loaded


def fact(fact_id: str) -> Fact:
    return by_id(facts_register().facts, fact_id)


def _known_facts(fact_ids: Iterable[str], filename: str, where: str) -> None:
    known = {f.id for f in facts_register().facts}
    for fact_id in fact_ids:
        if fact_id not in known:
            raise ContentError(f"{filename}: {where}.facts: {fact_id!r} is not a fact id in "
                               "facts.yaml")


@_content_file("crisis.yaml", CrisisResources)
def crisis_resources(loaded: CrisisResources) -> CrisisResources:
    _unique([r.id for r in loaded.regions], "crisis.yaml", "regions")
    for i, region in enumerate(loaded.regions):
        for j, service in enumerate(region.services):
            _known_facts(service.facts, "crisis.yaml", f"regions[{i}].services[{j}]")
    _known_facts(loaded.elsewhere.facts, "crisis.yaml", "elsewhere")
    _unique([item.id for item in loaded.staying_safe.items], "crisis.yaml", "staying_safe.items")
    for i, item in enumerate(loaded.staying_safe.items):
        _known_facts(item.facts, "crisis.yaml", f"staying_safe.items[{i}]")
    return loaded


@_content_file("reasons.yaml", ReasonsFile)
def reasons(loaded: ReasonsFile) -> ReasonsFile:
    _unique([r.id for r in loaded.reasons], "reasons.yaml", "reasons")
    factor_ids_ = {f.id for f in factors() if f.group == "reason"}
    for i, reason in enumerate(loaded.reasons):
        if reason.id not in factor_ids_:
            raise ContentError(
                f"reasons.yaml: reasons[{i}].id: {reason.id!r} is not a reason factor in "
                f"factors.yaml ({', '.join(sorted(factor_ids_))})"
            )
    return loaded


@_content_file("examples.yaml", ExamplesFile)
def examples(loaded: ExamplesFile) -> tuple[Example, ...]:
    _unique([e.id for e in loaded.examples], "examples.yaml", "examples")
    reason_ids = {r.id for r in reasons().reasons}
    for i, example in enumerate(loaded.examples):
        for j, cue in enumerate(example.cues):
            if cue.reason not in reason_ids:
                raise ContentError(
                    f"examples.yaml: examples[{i}].cues[{j}].reason: {cue.reason!r} is not a "
                    f"reason id in reasons.yaml"
                )
    return loaded.examples


@_content_file("conversation.yaml", ConversationFile)
def conversation(loaded: ConversationFile) -> ConversationFile:
    _unique([p.id for p in loaded.patterns], "conversation.yaml", "patterns")
    _unique([f.id for f in loaded.planner_fields], "conversation.yaml", "planner_fields")
    return loaded


@_content_file("checkin.yaml", CheckInFile)
def checkin(loaded: CheckInFile) -> CheckInFile:
    return loaded


@_content_file("journal.yaml", JournalFile)
def journal_text(loaded: JournalFile) -> JournalFile:
    return loaded


@_content_file("caring.yaml", CaringFile)
def caring(loaded: CaringFile) -> CaringFile:
    _unique([w.id for w in loaded.worksheets], "caring.yaml", "worksheets")
    # A worksheet's answers are saved as the form named by its id.
    for i, sheet in enumerate(loaded.worksheets):
        if sheet.id in OTHER_FORMS:
            raise ContentError(f"caring.yaml: worksheets[{i}].id: {sheet.id!r} is the name of "
                               "another form; choose another id")
        if sheet.chapter not in {c.id for c in chapters()}:
            raise ContentError(f"caring.yaml: worksheets[{i}].chapter: {sheet.chapter!r} is "
                               "not a chapter id in chapters.yaml")
        for j, field in enumerate(sheet.fields):
            for k, region in enumerate(field.helplines):
                for m, service in enumerate(region.services):
                    _known_facts(service.facts, "caring.yaml", f"worksheets[{i}].fields[{j}]"
                                 f".helplines[{k}].services[{m}]")
    return loaded


@_content_file("guides.yaml", GuidesFile)
def guides(loaded: GuidesFile) -> GuidesFile:
    _unique([g.id for g in loaded.guides], "guides.yaml", "guides")
    chapter_ids = {c.id for c in chapters()}
    for i, guide in enumerate(loaded.guides):
        if guide.chapter not in chapter_ids:
            raise ContentError(f"guides.yaml: guides[{i}].chapter: {guide.chapter!r} is not a "
                               "chapter id in chapters.yaml")
        for j, section in enumerate(guide.sections):
            _known_facts(section.facts, "guides.yaml", f"guides[{i}].sections[{j}]")
    return loaded


def guide(guide_id: str) -> Guide:
    """The guide whose id is ``guide_id``; :class:`KeyError` if there is none."""
    return by_id(guides().guides, guide_id)


@_content_file("support.yaml", SupportFile)
def support(loaded: SupportFile) -> SupportFile:
    _unique([q.id for q in loaded.therapist_questions], "support.yaml", "therapist_questions")
    for i, question in enumerate(loaded.therapist_questions):
        if question.id == OWN_QUESTION:
            raise ContentError(f"support.yaml: therapist_questions[{i}].id: {OWN_QUESTION!r} is "
                               "kept for the reader's own question; choose another id")
    _unique([r.id for r in loaded.regions], "support.yaml", "regions")
    for i, place in enumerate(loaded.everywhere):
        _known_facts(place.facts, "support.yaml", f"everywhere[{i}]")
    for i, region in enumerate(loaded.regions):
        for j, place in enumerate(region.places):
            _known_facts(place.facts, "support.yaml", f"regions[{i}].places[{j}]")
    for i, place in enumerate(loaded.supporter_programs):
        _known_facts(place.facts, "support.yaml", f"supporter_programs[{i}]")
    return loaded


@_content_file("facilitator.yaml", FacilitatorFile)
def facilitator(loaded: FacilitatorFile) -> FacilitatorFile:
    _unique([p.id for p in loaded.session_plans], "facilitator.yaml", "session_plans")
    chapter_ids = {c.id for c in chapters()}
    example_ids = {e.id for e in examples()}
    for i, plan in enumerate(loaded.session_plans):
        for j, step in enumerate(plan.steps):
            if step.chapter is not None and step.chapter not in chapter_ids:
                raise ContentError(f"facilitator.yaml: session_plans[{i}].steps[{j}].chapter: "
                                   f"{step.chapter!r} is not a chapter id")
    for i, week in enumerate(loaded.series):
        for chapter_id in week.chapters:
            if chapter_id not in chapter_ids:
                raise ContentError(f"facilitator.yaml: series[{i}].chapters: {chapter_id!r} "
                                   "is not a chapter id")
    for i, exercise in enumerate(loaded.exercises):
        if exercise.example not in example_ids:
            raise ContentError(f"facilitator.yaml: exercises[{i}].example: "
                               f"{exercise.example!r} is not an example id")
    return loaded


@_content_file("summary.yaml", SummaryText)
def summary_text(loaded: SummaryText) -> SummaryText:
    return loaded


@_content_file("interface.yaml", InterfaceText)
def interface(loaded: InterfaceText) -> InterfaceText:
    return loaded


@_content_file("charts.yaml", ChartsFile)
def charts(loaded: ChartsFile) -> ChartsFile:
    return loaded


@_content_file("paper.yaml", PaperText)
def paper(loaded: PaperText) -> PaperText:
    return loaded


@_content_file("messages.yaml", MessagesFile)
def messages(loaded: MessagesFile) -> MessagesFile:
    return loaded


def _word_base_message(section: str, message_id: str, values: Mapping[str, object]) -> str:
    # The base modules raise by message id (they may not import content); see errors.py.
    words: str = getattr(getattr(messages(), section), message_id)
    return words.format(**values)


errors.use_wording(_word_base_message)


def factor_ids() -> tuple[str, ...]:
    """The ids of all readiness factors, in content order."""
    return tuple(f.id for f in factors())


def by_id(items: Iterable[_Item], item_id: str) -> _Item:
    """The item whose ``id`` is ``item_id``; :class:`KeyError` if there is none."""
    for item in items:
        if item.id == item_id:
            return item
    raise KeyError(item_id)


def factor(factor_id: str) -> Factor:
    return by_id(factors(), factor_id)


def chapter(chapter_id: str) -> Chapter:
    return by_id(chapters(), chapter_id)


def load_all() -> None:
    """Load and validate every content file; raise :class:`ContentError` on the first problem."""
    for entry in FILES.values():
        entry.load()


def clear_cache() -> None:
    """Forget loaded content (used by tests that point at edited copies)."""
    for entry in FILES.values():
        entry.load.cache_clear()


def _unique(ids: list[str], filename: str, field: str) -> None:
    seen: set[str] = set()
    for i, item_id in enumerate(ids):
        if item_id in seen:
            raise ContentError(f"{filename}: {field}[{i}].id: {item_id!r} is used twice")
        seen.add(item_id)
