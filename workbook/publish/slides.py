"""Slides of each chapter's key points, for facilitators (``workbook export --format slides``).

Every slide is built from the content files, so the slides say what the
chapters say. The decks use reveal.js shipped in ``workbook/static/reveal``
and work offline: no page loads anything from outside its folder.
"""

from __future__ import annotations

import functools
import json
import math
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from markupsafe import Markup

from .. import content, files, paths
from ..html.notices import emergency_numbers_html, service_label_html
from ..html.style import escape
from . import pages
from .site import page_name

STATIC_REVEAL = paths.STATIC_DIR / "reveal"
MAX_ITEMS = 6  # a slide stays readable from the back of a room


@dataclass(frozen=True)
class Part:
    """A piece of a slide, shown by ``templates/slides_deck.html.j2``: paragraphs,
    a list (at most MAX_ITEMS items; an ordered one numbered from ``start``), or the
    safety box's paragraphs. A text is plain text, or Markup made by our own functions
    (the crisis lines, whose phone numbers are tap-to-call links)."""

    kind: Literal["paragraphs", "items", "safety"]
    texts: tuple[str, ...]
    css: str = ""
    tag: Literal["ul", "ol"] = "ul"
    start: int = 1


@dataclass(frozen=True, init=False)
class Slide:
    title: str
    parts: tuple[Part, ...]

    def __init__(self, title: str, *parts: Part) -> None:
        object.__setattr__(self, "title", title)
        object.__setattr__(self, "parts", parts)


def _items(items: Sequence[str], ordered: bool = False, start: int = 1,
           css: str = "") -> Part:
    # A longer list goes through _item_slides, which spreads it over slides.
    assert len(items) <= MAX_ITEMS, len(items)
    return Part("items", tuple(items), css, tag="ol" if ordered else "ul", start=start)


def _item_slides(title: str, items: Sequence[str], *before: Part,
                 ordered: bool = False, css: str = "") -> list[Slide]:
    """A list over as few slides as it needs, in even parts of at most MAX_ITEMS (an
    ordered list keeps counting); ``before`` goes above the list on each slide; ``css``
    ("od-dense") sets smaller type for long items."""
    items = tuple(items)
    slides_needed = max(1, math.ceil(len(items) / MAX_ITEMS))
    size = math.ceil(len(items) / slides_needed) or 1
    return [Slide(title, *before, _items(items[at:at + size], ordered, start=at + 1, css=css))
            for at in range(0, len(items), size)]


def _paragraph(text: str, css: str = "") -> Part:
    return Part("paragraphs", (text,), css)


def _labelled(name: str, text: str) -> str:
    """``name: text``, in the words' own pattern."""
    return content.interface().site.labelled.format(name=name, text=text)


def _labelled_html(name: str, html: str) -> Markup:
    """``name: text`` with ``html`` (already safe) as the text."""
    return Markup(escape(content.interface().site.labelled).format(name=escape(name), text=html))


def _one_line_html(items: list[str]) -> str:
    """``a, b, c`` from HTML pieces (already safe), in the words' own pattern."""
    more = escape(content.interface().site.list_more)
    return functools.reduce(lambda done, item: more.format(list=done, item=item), items[1:],
                            items[0] if items else "")


def safety_slide() -> Slide:
    """Each service once ("NHS 111"), its phone number a tap-to-call link."""
    crisis = content.crisis_resources()
    lines = [_labelled_html(region.name, _one_line_html(
                 [service_label_html(s) for s in region.services if not s.emergency]))
             # A region with only an emergency number (the EU's 112) is on the line above.
             for region in crisis.regions if any(not s.emergency for s in region.services)]
    return Slide(crisis.heading,
                 Part("safety", (crisis.danger_now, Markup(emergency_numbers_html()))),
                 _items(lines), _paragraph(_labelled(crisis.elsewhere.name,
                                                     crisis.elsewhere.contact)))


def _start() -> list[Slide]:
    words = content.interface()
    return [Slide(words.site.about_slide, _paragraph(words.notices.not_a_substitute)),
            Slide(words.perspective.prompt.split(".")[0],
                  _items(list(words.perspective.choices.values())))]


def _why_refuse() -> list[Slide]:
    return [Slide(reason.title, _paragraph(reason.summary, "od-lead"), _items(reason.helps[:3]))
            for reason in content.reasons().reasons]


def _conversations() -> list[Slide]:
    safety = content.interface().safety_first
    swaps = content.interface().swaps
    slides = _item_slides(safety.heading, safety.points)
    for reason in content.reasons().reasons:
        swap = reason.swaps[0]
        slides.append(Slide(reason.title, _paragraph(swaps.instead_of, "od-small"),
                            _paragraph(swap.instead_of, "od-swap-from"),
                            _paragraph(swaps.ask, "od-small"), _paragraph(swap.ask, "od-swap-to")))
    patterns = content.conversation().patterns
    slides += _item_slides(content.conversation().practice_label,
                           [_labelled(p.name, p.rewrites[0]) for p in patterns])
    return slides


def _checkin() -> list[Slide]:
    """Each part of the check-in with its questions (as a supporter asks them, about
    "the person you care about"; the paper forms in the handouts have both wordings)."""
    checkin = content.checkin()
    slides: list[Slide] = []
    for group in ("reason", "ruler", "supporter_load"):
        questions = [f.question_for("supporter" if "supporter" in f.perspectives else "self")
                     for f in content.factors() if f.group == group]
        slides += _item_slides(checkin.form.groups[group], questions,
                               _paragraph(checkin.form.group_help[group], "od-small"))
    slides.append(Slide(checkin.safety.question, Part("safety", (checkin.safety.thanks,))))
    slides.append(Slide(checkin.profile.stage_heading,
                        _items([stage.name for stage in checkin.stages], ordered=True),
                        _paragraph(checkin.profile.stage_note, "od-small")))
    return slides


def _over_time() -> list[Slide]:
    over_time = content.journal_text().over_time
    form = content.journal_text().reflection_form
    return [Slide(form.text_label,
                  _items([form.feelings_label, form.mood_label, form.stress_label,
                          form.tags_label, form.event_label])),
            Slide(over_time.table_heading,
                  _items([over_time.readiness_heading, over_time.factors_heading,
                          over_time.stress_heading, over_time.calendar_heading]))]


def _caring() -> list[Slide]:
    caring = content.caring()
    slides = [Slide(content.chapter("caring_for_yourself").title,
                    _paragraph(caring.stress_check.intro))]
    for sheet in (s for s in caring.worksheets if s.chapter == "caring_for_yourself"):
        slides += _item_slides(sheet.title, [f.label for f in sheet.fields],
                               _paragraph(sheet.intro, "od-small"))
    return slides


def _script(heading: str, script: str, *after: Part) -> Slide:
    return Slide(heading, Part("paragraphs", tuple(script.splitlines()), "od-script"), *after)


def _finding_support() -> list[Slide]:
    support = content.support()
    return [
        *_item_slides(content.chapter("finding_support").title,
                      [p.name for p in support.everywhere],
                      _paragraph(support.where_to_look_intro, "od-small")),
        *_item_slides(support.sheet_title, [q.question for q in support.therapist_questions]),
        _script(support.call_heading, support.call_script,
                _paragraph(support.not_a_commitment, "od-small")),
        _script(support.email_heading, support.email_script),
        *_item_slides(support.supporter_intro.split(".")[0],
                      [p.name for p in support.supporter_programs]),
        *_item_slides(support.if_no_intro.split(".")[0], support.if_no_steps, ordered=True),
    ]


def _summary() -> list[Slide]:
    words = content.summary_text().headings
    return [Slide(words["title"], _items([words["where_things_stand"], words["over_time"],
                                          words["recent_reflections"], words["plans"]]))]


def _facilitator() -> list[Slide]:
    """The ground rules, each exercise with the story it is built on (so the people in it
    are introduced before a step names them), and when to pause and refer."""
    guide = content.facilitator()
    slides = _item_slides(content.chapter("facilitator").title, guide.ground_rules,
                          ordered=True)
    for exercise in guide.exercises:
        story = content.by_id(content.examples(), exercise.example)
        slides.append(Slide(exercise.title, _paragraph(_labelled(story.title, story.who),
                                                       "od-lead"),
                            _paragraph(story.story, "od-small")))
        slides += _item_slides(exercise.title, exercise.steps,
                               _paragraph(_labelled(story.title, story.who), "od-small"),
                               ordered=True, css="od-dense")
    return [*slides, *_item_slides(guide.labels.pause_and_refer, guide.distress.pause_and_refer)]


KEY_POINTS: dict[str, Callable[[], list[Slide]]] = {
    "start": _start,
    "why_refuse": _why_refuse,
    "conversations": _conversations,
    "checkin": _checkin,
    "over_time": _over_time,
    "caring_for_yourself": _caring,
    "finding_support": _finding_support,
    "summary": _summary,
    "facilitator": _facilitator,
}


def core_idea_slide(chapter: content.Chapter) -> list[Slide]:
    idea = chapter.core_idea
    return [Slide(idea.heading, _paragraph(idea.text, "od-lead"))] if idea else []


def deck_slides(chapter: content.Chapter) -> list[Slide]:
    """Title, safety, the chapter's core idea, then its key points (none yet for a
    chapter we don't know)."""
    points = KEY_POINTS.get(chapter.id, list)()
    return [Slide(chapter.title, _paragraph(chapter.summary, "od-lead")), safety_slide(),
            *core_idea_slide(chapter), *points]


def deck_html(chapter: content.Chapter, following: content.Chapter | None) -> str:
    return pages.render("slides_deck.html.j2", title=chapter.title, csp=None,
                        slides=deck_slides(chapter), site=content.interface().site,
                        following=following,
                        following_file=page_name(following) if following else "")


def index_html(chapters: list[content.Chapter]) -> str:
    site = content.interface().site
    return pages.render("slides_index.html.j2", title=site.title, csp=None,
                        decks=[(page_name(c), c) for c in chapters])


def export_slides(out: Path) -> list[Path]:
    """Write one deck per written chapter, an index, and the reveal.js files; return pages.

    ``out`` must be new, empty, or an earlier export: like the site, the decks are
    built in a folder beside it and take its place only once complete
    (:class:`~workbook.publish.site.ExportError` otherwise). Pages are readable by
    everyone and writable by no one else, whatever the umask.
    """
    from .site import MARKER, check_out_folder

    out = Path(out).expanduser().resolve()
    check_out_folder(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    chapters = [c for c in content.chapters() if not c.planned]
    names = ["index.html", *(page_name(c) for c in chapters)]
    with files.staging_folder(files.staging_path(out)) as staging:
        shutil.copytree(STATIC_REVEAL, staging / "static" / "reveal")
        files.write_file(staging / "static" / "reveal" / "slides.css",
                         pages.stylesheet_file(pages.SLIDES_CSS))
        files.write_file(staging / "index.html", index_html(chapters))
        for number, chapter in enumerate(chapters):
            following = chapters[number + 1] if number + 1 < len(chapters) else None
            files.write_file(staging / page_name(chapter), deck_html(chapter, following))
        files.write_file(staging / MARKER, json.dumps({"generator": "workbook.slides"}) + "\n")
        files.set_tree_modes(staging, private=False)
        check_out_folder(out)  # nothing changed our mind while the decks were written
        files.publish_folder(staging, out)
    return [out / name for name in names]
