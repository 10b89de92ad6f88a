"""The notices every page shows, as plain HTML: the crisis box, the safety note,
not-a-substitute, privacy, the contents and the chapter bar."""

from __future__ import annotations

from datetime import datetime

from .. import content, paths
from ..content import CrisisService
from ..journal.store import JournalError
from .style import PALETTE, box, escape

# --- crisis resources ---------------------------------------------------------


def _sentence(text: str) -> str:
    return text if text.endswith((".", "!", "?")) else text + "."


def _service_html(service: CrisisService) -> str:
    """One line per service: number first, then who runs it, how to reach it, what for."""
    return (
        f"<li><strong>{escape(service.contact)}</strong> · {escape(service.name)}. "
        f"{escape(_sentence(service.how))}<br><span>{escape(_sentence(service.for_what))}"
        "</span></li>"
    )


def crisis_resources_html(*, open_details: bool = False) -> str:
    """The crisis lines by country, as a keyboard-friendly expandable list."""
    resources = content.crisis_resources()
    regions = "".join(
        f"<p style=\"margin: 0.6em 0 0.2em\"><strong>{escape(region.name)}</strong></p>"
        f"<ul style=\"margin: 0\">{''.join(_service_html(s) for s in region.services)}</ul>"
        for region in resources.regions
    )
    elsewhere = (
        f"<p style=\"margin: 0.6em 0 0.2em\"><strong>{escape(resources.elsewhere.name)}"
        f"</strong></p><ul style=\"margin: 0\">{_service_html(resources.elsewhere)}</ul>"
    )
    summary = escape(content.interface().notices.open_resources)
    return (
        f"<details{' open' if open_details else ''}><summary style=\"cursor: pointer; "
        f"font-weight: bold\">{summary}</summary>{regions}{elsewhere}"
        f"<p style=\"margin-top: 0.6em\">{escape(resources.note)}</p></details>"
    )


def emergency_numbers_text() -> str:
    """A one-line list such as ``United States 911 · Canada 911 · ...``."""
    parts = []
    for region in content.crisis_resources().regions:
        numbers = [s.contact for s in region.services if s.emergency]
        if numbers:
            parts.append(f"{region.name} {' or '.join(numbers)}")
    return " · ".join(parts)


def safety_box_html(*, open_details: bool = False) -> str:
    resources = content.crisis_resources()
    body = (
        f"<p style=\"margin: 0 0 0.3em; font-size: 1.1em\"><strong>{escape(resources.heading)}"
        f"</strong> {escape(resources.danger_now)}</p>"
        f"<p style=\"margin: 0 0 0.3em\">{escape(emergency_numbers_text())}</p>"
        f"{crisis_resources_html(open_details=open_details)}"
    )
    return box(body, "safety", role="region", label=resources.heading)


def safety_first_html() -> str:
    text = content.interface().safety_first
    points = "".join(f"<li>{escape(point)}</li>" for point in text.points)
    return box(
        f"<p style=\"margin: 0; font-size: 1.1em\"><strong>{escape(text.heading)}</strong></p>"
        f"<ul>{points}</ul>{crisis_resources_html(open_details=True)}",
        "safety", role="region", label=text.heading,
    )


# --- notices --------------------------------------------------------------------


def not_a_substitute_html() -> str:
    return box(f"<p style=\"margin: 0\">{escape(content.interface().notices.not_a_substitute)}"
               "</p>", "notice", role="note")


def privacy_notice_html() -> str:
    text = content.interface().notices.privacy
    # The folder is inserted after escaping so it can be shown as code.
    before, _, after = text.partition("{data_dir}")
    try:
        folder = f"<code>{escape(paths.data_dir())}</code>"
    except JournalError as exc:  # WORKBOOK_DATA_DIR cannot be used: say why, here
        return box(f"<p style=\"margin: 0\">{escape(str(exc))}</p>", "problem", role="alert")
    return box(f"<p style=\"margin: 0\">{escape(before)}{folder}{escape(after)}</p>",
               "notice", role="note")


# --- contents and navigation -------------------------------------------------------


def _chapter_link(chapter: content.Chapter) -> str:
    if chapter.planned:
        planned = escape(content.interface().contents.planned)
        return f"{escape(chapter.title)} <em>({planned})</em>"
    return f"<a href=\"{escape(chapter.file)}\">{escape(chapter.title)}</a>"


def contents_html() -> str:
    items = "".join(
        f"<li style=\"margin-bottom: 0.3em\">{_chapter_link(c)}: {escape(c.summary)}</li>"
        for c in content.chapters()
    )
    heading = escape(content.interface().contents.heading)
    return box(f"<p style=\"margin: 0\"><strong>{heading}</strong></p><ol start=\"0\">{items}</ol>",
               "plain", role="navigation", label=heading)


def navigation_html(chapter_id: str) -> str:
    chapters = content.chapters()
    index = [c.id for c in chapters].index(chapter_id)
    words = content.interface().navigation
    parts = []
    if index > 0:
        parts.append(escape(words.previous).format(chapter=_chapter_link(chapters[index - 1])))
    first = chapters[0]
    if chapter_id != first.id:
        parts.append(f"<a href=\"{escape(first.file)}\">{escape(words.contents)}</a>")
    if index + 1 < len(chapters):
        parts.append(escape(words.next).format(chapter=_chapter_link(chapters[index + 1])))
    return (
        # The class lets the app hide these for the links its own pages draw.
        f"<nav class=\"workbook-chapter-nav\" aria-label=\"{escape(words.label)}\" "
        f"style=\"margin: 0.8em 0; color: {PALETTE['black']}\">"
        + " &nbsp;|&nbsp; ".join(parts) + "</nav>"
    )


def friendly_time(when: datetime) -> str:
    """A date a reader says aloud: ``Saturday 21 November 2026 at 19:30``.

    The words come from content (``interface.yaml`` ``moment``), not the machine's locale.
    """
    words = content.interface().moment
    return words.pattern.format(weekday=words.weekdays[when.weekday()], day=when.day,
                                month=words.months[when.month - 1], year=when.year,
                                time=f"{when:%H:%M}")
