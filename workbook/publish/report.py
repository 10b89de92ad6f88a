"""The personal summary: one self-contained HTML page that sums up the journal.

``summary_html()`` returns a whole ``<!doctype html>`` document that prints
well; ``summary_body_html()`` the part inside it, for showing in a notebook;
``write_summary()`` saves the page to a file only its owner can read (the
``workbook report`` command calls it).

The page holds: who it is about, the notices and the safety box; where
things stand (the latest check-in against the first); charts over time;
the latest reflections; the latest plan and worksheets; and a footer.

Privacy and safety rules:

* The page is rendered from ``publish/templates/summary*.html.j2`` with
  autoescape on: everything the reader typed (reflections, notes, tags, events,
  the person's name) is escaped there; only our own HTML pieces (the notices,
  the readings) go in as ``Markup``.
* Nothing is loaded from anywhere: the style sheet (``templates/page.css.j2``)
  is inline and every chart is an ``<img>`` with a ``data:`` URI (an SVG inside an ``<img>`` runs no
  script and cannot clash with the page's ids). The full page also carries a
  Content-Security-Policy that forbids scripts and any outside resource.
* Colours come from :data:`workbook.html.style.PALETTE`; boxes keep their
  coloured borders in print even when a browser drops backgrounds.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from markupsafe import Markup

from .. import charts, content
from ..charts import Chart
from ..charts.render import figure_svg
from ..content import CrisisResources, Factor
from ..files import write_private_file
from ..html.notices import (
    emergency_numbers_text,
    friendly_time,
    not_a_substitute_html,
    safety_box_html,
)
from ..html.reading import barriers_html, own_load_html
from ..journal import timeline
from ..journal.model import CheckIn, Reflection, now
from ..journal.perspective import PerspectiveChoice, load_perspective
from ..journal.reflections import CONVERSATION_PLAN, QUESTION_SHEET, form_text
from ..journal.store import Journal
from ..rules.scoring import barrier_profile, readiness_stage, stage_description
from . import pages


def _words() -> dict[str, str]:
    """The page's own words, from data/content/summary.yaml."""
    return content.summary_text().headings


def _count(count: int, what: str) -> str:
    """``1 check-in``, ``2 check-ins``: the words ``{what}_one`` or ``{what}_many``."""
    return _words()[f"{what}_one" if count == 1 else f"{what}_many"].format(count=count)


# How many reflections "Recent reflections" shows.
RECENT_REFLECTIONS = 5
# The saved forms "Plans and worksheets" shows, in order: the form's kind, and the
# key of its heading in summary.yaml. Only the planner's own saves are the plan.
PLANS_AND_WORKSHEETS = (
    (CONVERSATION_PLAN, "conversation_plan"),
    ("boundaries", "worksheet_boundaries"),
    ("self_care_plan", "worksheet_self_care_plan"),
    ("safety_plan", "worksheet_safety_plan"),
    ("family_safety_plan", "worksheet_family_safety_plan"),
    (QUESTION_SHEET, "worksheet_questions"),
)

@dataclass(frozen=True)
class _Journey:
    """Everything the page shows, read from the journal once.

    Only the entries shown are read (the latest check-in and the first one it is
    compared with, the newest reflections, plans and worksheets), so a big
    journal makes a page as quickly as a small one.
    """

    latest: CheckIn | None
    first: CheckIn | None  # the first check-in about the same person, if not the latest
    checkin_count: int
    recent: list[Reflection]  # newest first
    plans: list[tuple[str, Reflection]]  # (heading, entry): the latest plan and worksheets
    reflection_count: int
    choice: PerspectiveChoice | None


def _read_journey(journal: Journal) -> _Journey:
    # The latest answers of each form; each entry is shown once, so those are left
    # out of the recent reflections (read a few more to fill their places).
    plans = [(_words()[key], saved) for kind, key in PLANS_AND_WORKSHEETS
             if (saved := journal.latest_of_kind(kind)) is not None]
    shown_below = {saved.uid for _heading, saved in plans}
    outline = timeline.journal_outline(journal, recent=RECENT_REFLECTIONS + len(plans),
                                       tags=())
    recent = [uid for uid in outline.recent if uid not in shown_below][:RECENT_REFLECTIONS]
    latest_uid: str | None = None
    first_uid: str | None = None
    if outline.same_side:
        latest_uid, person = outline.same_side[-1]
        # The first check-in about the same person from the same side as the latest one.
        first_uid = next(uid for uid, other in outline.same_side
                         if (other or "").casefold() == (person or "").casefold())
    by_uid = {c.uid: c for c in journal.checkins(uids=[u for u in (latest_uid, first_uid) if u])}
    latest = by_uid.get(latest_uid) if latest_uid else None
    first = by_uid.get(first_uid) if first_uid and first_uid != latest_uid else None
    read = {r.uid: r for r in journal.reflections(uids=recent)}
    choice = _who(load_perspective(journal), latest)
    return _Journey(latest, first, outline.checkins, [read[u] for u in recent], plans,
                    outline.reflections, choice)


# --- public ------------------------------------------------------------------------


def summary_body_html(journal: Journal | None = None, *,
                      generated: datetime | None = None) -> str:
    """The summary without ``<html>`` and ``<head>``: a styled block for a notebook."""
    # A notebook page has its own <main>; the block is a plain <div> there.
    return pages.render("summary_block.html.j2", w=_words(),
                        page=_page(journal, generated),
                        stylesheet=pages.stylesheet(whole_page=False))


def summary_html(journal: Journal | None = None, *, generated: datetime | None = None) -> str:
    """The whole summary page: one self-contained HTML document that prints well."""
    return pages.render("summary.html.j2", title=_words()["title"], csp=pages.OFFLINE_CSP,
                        stylesheet=pages.stylesheet(whole_page=True), w=_words(),
                        page=_page(journal, generated))


def write_summary(path: Path, journal: Journal | None = None, *,
                  overwrite: bool = False) -> Path:
    """Write the summary page to ``path``, readable by its owner only; return the path.

    The page is built before the file is opened, so a journal problem leaves
    no file behind. Raises ``FileExistsError`` if ``path`` exists and
    ``overwrite`` is false.
    """
    page = summary_html(journal)
    write_private_file(Path(path), page, overwrite=overwrite)
    return Path(path)


# --- what the page shows ---------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """A chart as the page shows it (``parts.html.j2``'s ``figure``)."""

    src: str  # a data: URI of the SVG
    alt: str
    caption: str
    heading: str = ""
    note: str = ""
    css: str = ""


def figure(chart: Chart, heading: str = "", extra_caption: str = "", css: str = "",
           note: str = "") -> Figure:
    data = base64.b64encode(figure_svg(chart.figure)).decode("ascii")
    caption = chart.summary + (f" {extra_caption}" if extra_caption else "")
    return Figure(f"data:image/svg+xml;base64,{data}", chart.alt, caption, heading, note, css)


@dataclass(frozen=True)
class _Standing:
    """Where things stand: the latest check-in, against the first."""

    dates: str
    note: str
    barriers_heading: str
    barriers: Markup
    own_load: Markup
    stage_heading: str
    stage: str
    stage_note: str
    profile: Figure


@dataclass(frozen=True)
class _Entry:
    heading: str
    text: str
    details: list[tuple[str, str]]


@dataclass(frozen=True)
class _Plan:
    heading: str
    saved: str
    text: str


@dataclass(frozen=True)
class _Page:
    made_on: str
    about: str
    notices: Markup
    safety_box: Markup
    empty: bool
    stand: _Standing | None
    over_time: list[Figure]
    recent: list[_Entry]
    recent_shown: str
    plans: list[_Plan]
    made_how: str
    crisis: CrisisResources
    emergency_numbers: str


def _page(journal: Journal | None, generated: datetime | None) -> _Page:
    journal = journal or Journal()
    generated = generated or now()
    journey = _read_journey(journal)
    empty = not journey.checkin_count and not journey.reflection_count
    return _Page(
        made_on=_words()["made_on"].format(when=friendly_time(generated)),
        about=_about(journey.choice) if journey.choice else "",
        notices=pages.html(not_a_substitute_html()),
        safety_box=pages.html(safety_box_html(open_details=True)),
        empty=empty,
        stand=None if empty else _where_things_stand(journey),
        over_time=[] if empty else _over_time(journal),
        recent=[_entry(friendly_time(r.when), r) for r in journey.recent],
        recent_shown=_words()["reflections_shown"].format(shown=len(journey.recent),
                                                          total=journey.reflection_count),
        plans=[_Plan(heading, _words()["saved_on"].format(when=friendly_time(saved.when)),
                     form_text(saved)) for heading, saved in journey.plans],
        made_how=_words()["made_how"].format(checkins=_count(journey.checkin_count, "checkins"),
                                             reflections=_count(journey.reflection_count,
                                                                "reflections")),
        crisis=content.crisis_resources(),
        emergency_numbers=emergency_numbers_text(),
    )


def _who(saved: PerspectiveChoice | None, latest: CheckIn | None) -> PerspectiveChoice | None:
    """The saved choice, or else what the latest check-in was about."""
    if saved is not None:
        return saved
    if latest is not None:
        return PerspectiveChoice(latest.perspective, latest.person)
    return None


def _about(choice: PerspectiveChoice) -> str:
    if choice.perspective == "self":
        who = _words()["about_me"]
    elif choice.person:
        who = _words()["about_named"].format(name=choice.person)
    else:
        who = _words()["about_someone"]
    return _words()["about"].format(who=who)


def _where_things_stand(journey: _Journey) -> _Standing | None:
    latest, first = journey.latest, journey.first
    if latest is None:
        return None
    words = content.checkin().profile
    chart = charts.profile_chart(barrier_profile(latest.ratings),
                                 previous=first.ratings if first else None,
                                 previous_label=_words()["first_checkin_label"])
    if first is not None:
        dates = _words()["checkin_dates"].format(first=friendly_time(first.when),
                                                 latest=friendly_time(latest.when))
        comparison = _words()["compared"].format(when=friendly_time(first.when))
    else:
        dates = _words()["only_checkin"].format(when=friendly_time(latest.when))
        comparison = _words()["only_one_compared"]
    stage = readiness_stage(latest.ratings)
    return _Standing(
        dates=dates,
        note=latest.note,
        barriers_heading=words.barriers_heading,
        barriers=pages.html(barriers_html(latest.ratings, _read_more)),
        # The supporter's own load is about them, not one of the loved one's barriers.
        own_load=pages.html(own_load_html(latest.ratings, _read_more, "h3")),
        stage_heading=words.stage_heading,
        stage=(stage_description(stage, latest.perspective, latest.person)
               if stage is not None else ""),
        stage_note=words.stage_note,
        profile=figure(chart, extra_caption=comparison, css="od-profile"),
    )


def _read_more(factor: Factor) -> str:
    """Where to read more, in words: the page is read away from the notebooks."""
    title = content.chapter(factor.chapter).title
    return Markup("<em>{}</em>").format(content.checkin().profile.read_more.format(chapter=title))


def _over_time(journal: Journal) -> list[Figure]:
    words = content.journal_text().over_time
    frames = timeline.read_frames(journal, counts=False)  # the page has no calendar
    drawn = charts.over_time_charts(frames)
    # Only the charts that have something to show; the summary page skips empty ones.
    shown = (
        (frames.readiness.dropna(subset=["readiness"]), drawn.readiness, words.readiness_heading,
         content.checkin().readiness.explanation),
        (frames.factors.dropna(subset=["rating"]), drawn.factors, words.factors_heading, ""),
        (frames.stress.dropna(subset=["stress"]), drawn.stress, words.stress_heading, ""),
    )
    return [figure(chart, heading, note=note)
            for data, chart, heading, note in shown if not data.empty]


def _entry(heading: str, reflection: Reflection) -> _Entry:
    details = []
    if reflection.mood is not None:
        details.append((_words()["mood"], _words()["out_of_ten"].format(value=reflection.mood)))
    if reflection.stress is not None:
        details.append((_words()["stress"],
                        _words()["out_of_ten"].format(value=reflection.stress)))
    if reflection.tags:
        details.append((_words()["tags"], ", ".join(reflection.tags)))
    if reflection.event:
        details.append((_words()["event"], reflection.event))
    return _Entry(heading, reflection.text, details)
