"""The chapter "Why people refuse help" as HTML: a reason's card, a story, the story
exercise's feedback and the curious questions; and the reading edition the exported
site shows (every reason and every story on one page, and the exercise's worked
answers), where there is no kernel to answer a control. Decisions live in
:mod:`workbook.rules.reasons`."""

from __future__ import annotations

from .. import content
from ..content import Example, Perspective, Reason
from ..rules.reasons import example, exercise_feedback, reason, stories_for
from .style import PALETTE, box, bullet_list, escape

# JupyterLab right-aligns table cells by default; prose reads better left-aligned.
_CELL = "text-align: left; vertical-align: top; padding: 0.25em 1em 0.25em 0"
_LINK_LIST = "margin: 0.2em 0 0.6em"


# Headings below the chapter's own: the lab's reason card has its title at <h3> and its
# parts at <h4>; the reading edition puts them a level lower, sized as the lab's.
_TITLE_SIZE = {3: "", 4: "; font-size: 1.35em"}
_PART_SIZE = {4: "", 5: "; font-size: 1.05em; font-weight: bold"}


def _section(level: int, text: str) -> str:
    return (f"<h{level} style=\"margin: 0.9em 0 0.2em{_PART_SIZE.get(level, '')}\">"
            f"{escape(text)}</h{level}>")


def _title(level: int, text: str) -> str:
    return (f"<h{level} style=\"margin: 0.3em 0{_TITLE_SIZE.get(level, '')}\">{escape(text)}"
            f"</h{level}>")


def _quotes(items: tuple[str, ...]) -> str:
    return "<ul>" + "".join(f"<li><em>“{escape(q)}”</em></li>" for q in items) + "</ul>"


def reason_anchor(reason_id: str) -> str:
    """The id of a reason's section in the reading edition."""
    return f"od-reason-{reason_id}"


def story_anchor(example_id: str) -> str:
    """The id of a story's section in the reading edition."""
    return f"od-story-{example_id}"


def answer_anchor(example_id: str) -> str:
    """The id of a story's worked answer in the reading edition."""
    return f"od-answer-{example_id}"


def _link(anchor: str, text: str) -> str:
    return f"<a href=\"#{anchor}\">{escape(text)}</a>"


def safety_pointer_html(note: str) -> str:
    heading = escape(content.interface().explorer.safety_heading)
    return box(f"<p style=\"margin: 0\"><strong>{heading}.</strong> {escape(note)}</p>",
               "safety", role="note")


def reason_card_html(reason_id: str, perspective: Perspective = "supporter", *,
                     level: int = 3, story_links: bool = False) -> str:
    """Everything about one reason, worded for the reader's perspective: its title a
    heading of ``level``, its parts one below. ``story_links``: each story's title links
    to the story's section (the reading edition, where every story is on the page)."""
    item: Reason = reason(reason_id)
    text = content.interface().explorer

    def title(story: Example) -> str:
        return _link(story_anchor(story.id), story.title) if story_links else escape(story.title)

    stories = "".join(
        f"<li><strong>{title(story)}</strong> ({escape(story.concern)}). {escape(cue.cue)}</li>"
        for story, cue in stories_for(reason_id)
    )
    part = level + 1
    return (
        f"{_title(level, item.title)}<p><strong>{escape(item.summary)}</strong></p>"
        f"{_section(part, text.underneath)}<p>{escape(item.underneath)}</p>"
        f"{_section(part, text.sounds_like)}{_quotes(item.sounds_like)}"
        f"{_section(part, text.stories)}<ul>{stories}</ul>"
        f"{_section(part, text.helps)}{bullet_list(item.helps)}"
        f"{_section(part, text.backfires)}{bullet_list(item.backfires)}"
        f"{_section(part, text.reflect)}{bullet_list(item.reflection[perspective])}"
    )


def story_html(story: Example, *, level: int = 3) -> str:
    """A story as the reader meets it: who, what, and any safety pointer first."""
    safety = safety_pointer_html(story.safety_note) if story.safety_note else ""
    return (
        f"{_title(level, story.title)}"
        f"<p style=\"color: #444\">{escape(story.who)} · {escape(story.concern)}</p>"
        f"{safety}<p>{escape(story.story)}</p>"
    )


def _cues_html(story: Example) -> str:
    return "".join(
        f"<li><strong>{escape(reason(cue.reason).title)}.</strong> {escape(cue.cue)}</li>"
        for cue in story.cues
    )


def example_card_html(example_id: str) -> str:
    """A story, with the reasons that may be at play folded away until asked for."""
    story = example(example_id)
    text = content.interface().explorer
    return (
        f"{story_html(story)}<details><summary style=\"cursor: pointer; font-weight: bold\">"
        f"{escape(text.story_reasons)}</summary><ul>{_cues_html(story)}</ul></details>"
    )


def exercise_feedback_html(example_id: str, picked: list[str]) -> str:
    text = content.interface().exercise
    lines = []
    for item in exercise_feedback(example_id, picked):
        if item.kind == "spotted":
            lead = f"✓ {text.spotted.format(reason=item.title)}"
        elif item.kind == "also":
            lead = text.also.format(reason=item.title)
        else:
            lines.append(f"<li>{escape(text.not_shown.format(reason=item.title))}</li>")
            continue
        lines.append(f"<li><strong>{escape(lead)}</strong> {escape(item.cue or '')}</li>")
    return box(f"<ul style=\"margin: 0\">{''.join(lines)}</ul>"
               f"<p style=\"margin: 0.5em 0 0\">{escape(text.closing)}</p>", "notice",
               role="status")


def curious_questions_html() -> str:
    """For each reason: a sentence that tends to close a door, and a question to ask instead."""
    text = content.interface().swaps
    rows = "".join(
        f"<tr><th scope=\"rowgroup\" colspan=\"2\" style=\"text-align: left; padding-top: 0.8em; "
        f"color: {PALETTE['blue']}\">{escape(item.title)}</th></tr>"
        + "".join(
            f"<tr><td style=\"{_CELL}; color: #555\">{escape(swap.instead_of)}</td>"
            f"<td style=\"{_CELL}\"><strong>{escape(swap.ask)}</strong></td></tr>"
            for swap in item.swaps
        )
        for item in content.reasons().reasons
    )
    return box(
        f"<table style=\"border-collapse: collapse; width: 100%\"><thead><tr>"
        f"<th scope=\"col\" style=\"{_CELL}\">{escape(text.instead_of)}</th>"
        f"<th scope=\"col\" style=\"{_CELL}\">{escape(text.ask)}</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>", "plain",
    )


# --- the reading edition (the exported site) ---------------------------------------------

LISTS_ANCHOR = "od-explorer-lists"


def _link_list(label: str, items: list[tuple[str, str, str]]) -> str:
    """A labelled list of links within the page: (anchor, title, what it is about)."""
    links = "".join(f"<li>{_link(anchor, title)}: {escape(about)}</li>"
                    for anchor, title, about in items)
    return (f"<p style=\"margin: 0.6em 0 0\"><strong>{escape(label)}</strong></p>"
            f"<ul style=\"{_LINK_LIST}\">{links}</ul>")


def _back() -> str:
    text = content.interface().explorer
    # On paper a link back up the page means nothing (the site's stylesheet hides it).
    return (f"<p class=\"od-screen-only\" style=\"margin: 0.4em 0 1.2em\">"
            f"{_link(LISTS_ANCHOR, text.site_back)}</p>")


def _part(anchor: str, body: str) -> str:
    return f"<section id=\"{anchor}\">{body}{_back()}</section>"


def reasons_reading_html(perspective: Perspective = "supporter") -> str:
    """Every reason and every story on one page, for a page with no kernel behind it:
    lists that link to each, then a section per reason (its summary, what helps, its
    stories) and a section per story, each linking to its worked answer."""
    text = content.interface().explorer
    reasons = content.reasons().reasons
    stories = content.examples()
    exercise = content.interface().exercise
    lists = (
        f"<nav id=\"{LISTS_ANCHOR}\" aria-label=\"{escape(text.site_lists)}\">"
        + _link_list(text.site_reasons,
                     [(reason_anchor(r.id), r.title, r.summary) for r in reasons])
        + _link_list(text.site_stories,
                     [(story_anchor(s.id), s.title, s.concern) for s in stories])
        + "</nav>"
    )
    reason_parts = "".join(
        _part(reason_anchor(r.id), reason_card_html(r.id, perspective, level=4,
                                                    story_links=True))
        for r in reasons)
    story_parts = "".join(
        _part(story_anchor(s.id), story_html(s, level=4)
              + f"<p>{_link(answer_anchor(s.id), exercise.site_answer.format(story=s.title))}"
              "</p>")
        for s in stories)
    return box(
        f"<p>{escape(text.site_intro)}</p>{lists}"
        f"<h3>{escape(text.site_reasons)}</h3>{reason_parts}"
        f"<h3>{escape(text.site_stories)}</h3>{story_parts}",
        "plain")


def exercise_answers_html() -> str:
    """The story exercise for a page with no kernel behind it: each story's worked
    answer (the reasons that may be at play, and the cue for each), folded away in a
    <details> until the reader opens it, and a link back to the story."""
    text = content.interface().exercise
    answers = "".join(
        f"<details style=\"margin: 0.4em 0\">"
        f"<summary style=\"cursor: pointer; font-weight: bold\">"
        f"{escape(text.site_answer.format(story=s.title))}</summary>"
        # A link to an id inside a closed <details> opens it; to the <details>, it does not.
        f"<div id=\"{answer_anchor(s.id)}\"><p style=\"margin: 0.3em 0\">"
        f"{_link(story_anchor(s.id), text.site_read)}</p><ul>{_cues_html(s)}</ul></div>"
        "</details>"
        for s in content.examples())
    return box(f"<p>{escape(text.site_intro)}</p>{answers}"
               f"<p style=\"margin: 0.6em 0 0\">{escape(text.closing)}</p>", "plain")


__all__ = [
    "answer_anchor",
    "curious_questions_html",
    "example_card_html",
    "exercise_answers_html",
    "exercise_feedback_html",
    "reason_anchor",
    "reason_card_html",
    "reasons_reading_html",
    "safety_pointer_html",
    "story_anchor",
    "story_html",
]
