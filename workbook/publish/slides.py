"""Slides of each chapter's key points, for facilitators (``workbook export --format slides``).

Every slide is built from the content files, so the slides say what the
chapters say. The decks use reveal.js shipped in ``workbook/static/reveal``
and work offline: no page loads anything from outside its folder.
"""

from __future__ import annotations

import functools
import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from .. import content, files, paths
from ..html.notices import emergency_numbers_text
from . import pages
from .site import page_name

STATIC_REVEAL = paths.STATIC_DIR / "reveal"
MAX_ITEMS = 6  # a slide stays readable from the back of a room


@dataclass(frozen=True)
class Part:
    """A piece of a slide, shown by ``templates/slides_deck.html.j2``: paragraphs,
    a list (at most MAX_ITEMS items), or the safety box's paragraphs."""

    kind: Literal["paragraphs", "items", "safety"]
    texts: tuple[str, ...]
    css: str = ""
    tag: Literal["ul", "ol"] = "ul"


@dataclass(frozen=True, init=False)
class Slide:
    title: str
    parts: tuple[Part, ...]

    def __init__(self, title: str, *parts: Part) -> None:
        object.__setattr__(self, "title", title)
        object.__setattr__(self, "parts", parts)


def _items(items: tuple[str, ...] | list[str], ordered: bool = False) -> Part:
    return Part("items", tuple(items)[:MAX_ITEMS], tag="ol" if ordered else "ul")


def _paragraph(text: str, css: str = "") -> Part:
    return Part("paragraphs", (text,), css)


def _labelled(name: str, text: str) -> str:
    """``name: text``, in the words' own pattern."""
    return content.interface().site.labelled.format(name=name, text=text)


def _one_line(items: list[str]) -> str:
    """``a, b, c``, in the words' own pattern."""
    more = content.interface().site.list_more
    return functools.reduce(lambda done, item: more.format(list=done, item=item), items[1:],
                            items[0] if items else "")


def safety_slide() -> Slide:
    crisis = content.crisis_resources()
    service = content.interface().site.service
    lines = [_labelled(region.name, _one_line([service.format(name=s.name, contact=s.contact)
                                               for s in region.services if not s.emergency]))
             # A region with only an emergency number (the EU's 112) is on the line above.
             for region in crisis.regions if any(not s.emergency for s in region.services)]
    return Slide(crisis.heading, Part("safety", (crisis.danger_now, emergency_numbers_text())),
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
    slides = [Slide(safety.heading, _items(safety.points))]
    for reason in content.reasons().reasons:
        swap = reason.swaps[0]
        slides.append(Slide(reason.title, _paragraph(swaps.instead_of, "od-small"),
                            _paragraph(swap.instead_of, "od-swap-from"),
                            _paragraph(swaps.ask, "od-small"), _paragraph(swap.ask, "od-swap-to")))
    patterns = content.conversation().patterns
    slides.append(Slide(content.conversation().practice_label,
                        _items([_labelled(p.name, p.rewrites[0]) for p in patterns])))
    return slides


def _checkin() -> list[Slide]:
    form = content.checkin().form
    stages = content.checkin().stages
    return [
        Slide(form.groups[group], _paragraph(form.group_help[group]))
        for group in ("reason", "ruler", "supporter_load")
    ] + [Slide(content.checkin().profile.stage_heading,
               _items([stage.name for stage in stages], ordered=True),
               _paragraph(content.checkin().profile.stage_note, "od-small"))]


def _over_time() -> list[Slide]:
    over_time = content.journal_text().over_time
    tools = content.journal_text().data_tools
    return [Slide(over_time.table_heading,
                  _items([over_time.readiness_heading, over_time.factors_heading,
                          over_time.stress_heading, over_time.calendar_heading])),
            Slide(tools.export_label, _items([tools.export_json, tools.export_csv,
                                             tools.delete_button]))]


def _caring() -> list[Slide]:
    caring = content.caring()
    return [Slide(content.chapter("caring_for_yourself").title,
                  _paragraph(caring.stress_check.intro))] + [
        Slide(sheet.title, _paragraph(sheet.intro), _items([f.label for f in sheet.fields]))
        for sheet in caring.worksheets
    ]


def _finding_support() -> list[Slide]:
    support = content.support()
    return [
        Slide(content.chapter("finding_support").title,
              _paragraph(support.where_to_look_intro), _items([p.name for p in
                                                                support.everywhere])),
        Slide(support.sheet_title, _items([q.question for q in support.therapist_questions])),
        Slide(support.call_heading, _paragraph(support.not_a_commitment, "od-lead")),
        Slide(support.supporter_intro.split(".")[0],
              _items([p.name for p in support.supporter_programs])),
        Slide(support.if_no_intro.split(".")[0], _items(support.if_no_steps, ordered=True)),
    ]


def _summary() -> list[Slide]:
    words = content.summary_text().headings
    return [Slide(words["title"], _items([words["where_things_stand"], words["over_time"],
                                          words["recent_reflections"], words["plans"]]))]


def _facilitator() -> list[Slide]:
    guide = content.facilitator()
    return [
        Slide(content.chapter("facilitator").title, _items(guide.ground_rules, ordered=True)),
        Slide(guide.labels.pause_and_refer, _items(guide.distress.pause_and_refer)),
    ]


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


def deck_slides(chapter: content.Chapter) -> list[Slide]:
    """Title, safety, then the chapter's key points (none yet for a chapter we don't know)."""
    points = KEY_POINTS.get(chapter.id, list)()
    return [Slide(chapter.title, _paragraph(chapter.summary, "od-lead")), safety_slide(),
            *points]


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
