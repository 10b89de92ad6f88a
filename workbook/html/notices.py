"""The notices every page shows, as plain HTML: the crisis box, the safety note,
not-a-substitute, privacy, the contents and the chapter bar."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime

from .. import content, paths
from ..content import CrisisRegion, CrisisService, StayingSafe, WorksheetField
from ..journal.store import JournalError
from .style import PALETTE, box, escape

# --- where to check a stated fact (facts.yaml) ---------------------------------------


def where_to_check(fact_ids: Iterable[str]) -> str:
    """``Check at samaritans.org.`` for each distinct address behind ``fact_ids``."""
    register = content.facts_register()
    seen: list[str] = []
    sentences = []
    for fact_id in fact_ids:
        fact = content.fact(fact_id)
        if fact.short_address not in seen:
            seen.append(fact.short_address)
            sentences.append(register.check_at.format(address=fact.short_address,
                                                      source=fact.source))
    return " ".join(sentences)


def checked_on_text(fact_ids: Iterable[str]) -> str:
    """When the facts behind a list were checked (the earliest day), in words."""
    days = sorted(content.fact(fact_id).checked for fact_id in fact_ids)
    if not days:
        return ""
    year, month, day = (int(part) for part in days[0].split("-"))
    register = content.facts_register()
    when = register.date_pattern.format(day=day, month=content.interface().moment.months[month - 1],
                                        year=year)
    return register.checked_on.format(date=when)


def source_line_html(fact_ids: Iterable[str]) -> str:
    """A small line under a stated fact that says where to check it."""
    text = where_to_check(fact_ids)
    return f"<br><span style=\"font-size: 0.9em\">{escape(text)}</span>" if text else ""


# --- crisis resources ---------------------------------------------------------


def sentence(text: str) -> str:
    """``text`` closed as a sentence: a full stop added unless it ends with one, ! or ?."""
    return text if text.endswith((".", "!", "?")) else text + "."


# A contact made of digits, spaces and dashes (an optional + first) is a phone number.
_PHONE = re.compile(r"\+?[0-9](?:[0-9 -]*[0-9])?")
# One number inside a contact of several ("112 or 999").
_NUMBER_IN_TEXT = re.compile(r"(?<![\w.+])\+?[0-9](?:[0-9 -]*[0-9])?(?![\w.])")


def phone_href(contact: str, text_only: bool = False) -> str | None:
    """``tel:988`` for a phone number, so a phone calls it with one tap (``sms:50808``
    for a number that takes texts, not calls); else None."""
    if not _PHONE.fullmatch(contact.strip()):
        return None
    return ("sms:" if text_only else "tel:") + re.sub(r"[ -]", "", contact.strip())


def _link(number: str, text_only: bool) -> str:
    href = phone_href(number, text_only) or ""
    return (f"<a href=\"{escape(href)}\" style=\"color: inherit; text-decoration: underline\">"
            f"{escape(number)}</a>")


def contact_html(contact: str, text_only: bool = False) -> str:
    """A contact as HTML: a tap-to-call link when it is a phone number, one link per
    number when it names several ("112 or 999"), a text-message link for a number that
    takes texts only. The link is underlined in the text's own colour (inline, as the
    notebooks have no stylesheet of ours), so it reads as a link on every background
    without relying on colour."""
    if phone_href(contact) is not None:
        return _link(contact.strip(), text_only)
    pieces = []
    last = 0
    for found in _NUMBER_IN_TEXT.finditer(contact):
        pieces += [escape(contact[last:found.start()]), _link(found.group(), text_only)]
        last = found.end()
    return "".join(pieces) + escape(contact[last:])


def service_label(service: CrisisService) -> str:
    """The service's name with its contact, each said once: "NHS 111", not "NHS 111 111"."""
    if service.contact in service.name:
        return service.name
    return content.interface().site.service.format(name=service.name, contact=service.contact)


def service_label_html(service: CrisisService) -> str:
    """:func:`service_label` as HTML, its phone numbers tap-to-call links."""
    if service.contact in service.name:
        before, _, after = service.name.partition(service.contact)
        return (f"{escape(before)}{contact_html(service.contact, service.text_only)}"
                f"{escape(after)}")
    return escape(content.interface().site.service).format(
        name=escape(service.name), contact=contact_html(service.contact, service.text_only))


def _service_html(service: CrisisService) -> str:
    """One line per service: number first, then who runs it, how to reach it, what for,
    and where to check the number."""
    return (
        f"<li><strong>{contact_html(service.contact, service.text_only)}</strong> · "
        f"{escape(sentence(service.name))} "
        f"{escape(sentence(service.how))}<br><span>{escape(sentence(service.for_what))}"
        f"</span>{source_line_html(service.facts)}</li>"
    )


def _staying_safe_html(safe: StayingSafe) -> str:
    items = "".join(f"<li style=\"margin-bottom: 0.3em\">{escape(item.text)}"
                    f"{source_line_html(item.facts)}</li>" for item in safe.items)
    return (f"<p style=\"margin: 0.8em 0 0.2em\"><strong>{escape(safe.heading)}</strong></p>"
            f"<p style=\"margin: 0 0 0.2em\">{escape(safe.intro)}</p>"
            f"<ul style=\"margin: 0\">{items}</ul>")


def crisis_fact_ids() -> list[str]:
    """Every facts.yaml id the crisis box relies on, in the order shown."""
    resources = content.crisis_resources()
    services = [s for region in resources.regions for s in region.services]
    services.append(resources.elsewhere)
    return ([fact_id for s in services for fact_id in s.facts]
            + [fact_id for item in resources.staying_safe.items for fact_id in item.facts])


def _regions_and_elsewhere() -> tuple[CrisisRegion, ...]:
    """The crisis regions, then "anywhere else" shown as a region of its own."""
    resources = content.crisis_resources()
    return (*resources.regions, CrisisRegion(
        "elsewhere", resources.elsewhere.name, (resources.elsewhere,)))


def _regions_html(regions: Iterable[CrisisRegion]) -> str:
    """Each region's name, then its services one per line."""
    return "".join(
        f"<p style=\"margin: 0.6em 0 0.2em\"><strong>{escape(region.name)}</strong></p>"
        f"<ul style=\"margin: 0\">{''.join(_service_html(s) for s in region.services)}</ul>"
        for region in regions)


def crisis_resources_html(*, open_details: bool = False) -> str:
    """The crisis lines by country and the substance-safety facts, each with where to
    check it, as a keyboard-friendly expandable list."""
    resources = content.crisis_resources()
    regions = _regions_html(_regions_and_elsewhere())
    summary = escape(content.interface().notices.open_resources)
    return (
        f"<details{' open' if open_details else ''}><summary style=\"cursor: pointer; "
        f"font-weight: bold\">{summary}</summary>{regions}"
        f"{_staying_safe_html(resources.staying_safe)}"
        f"<p style=\"margin-top: 0.6em\">{escape(checked_on_text(crisis_fact_ids()))}</p>"
        f"<p style=\"margin-top: 0.6em\">{escape(resources.note)}</p></details>"
    )


def field_lines_html(field: WorksheetField) -> str:
    """The lines to call a worksheet field shows under its label (a safety plan's step):
    the emergency numbers or every crisis line, then the field's own helplines, each with
    where to check it. Empty for a field that shows none."""
    parts = []
    if field.shows == "emergency_numbers":
        parts.append(f"<p style=\"margin: 0.2em 0\">{emergency_numbers_html()}</p>")
    elif field.shows == "crisis_lines":
        parts.append(_regions_html(_regions_and_elsewhere()))
    parts.append(_regions_html(field.helplines))
    shown = "".join(parts)
    return (f"<div class=\"od-field-lines\" style=\"margin: 0 0 0.4em; font-size: 0.95em\">"
            f"{shown}</div>") if shown else ""


def emergency_numbers_text() -> str:
    """A one-line list such as ``United States 911 · Canada 911 · ...``."""
    parts = []
    for region in content.crisis_resources().regions:
        numbers = [s.contact for s in region.services if s.emergency]
        if numbers:
            parts.append(f"{region.name} {' or '.join(numbers)}")
    return " · ".join(parts)


def emergency_numbers_html() -> str:
    """:func:`emergency_numbers_text` as HTML, each number a tap-to-call link."""
    parts = []
    for region in content.crisis_resources().regions:
        numbers = [contact_html(s.contact) for s in region.services if s.emergency]
        if numbers:
            parts.append(f"{escape(region.name)} {' or '.join(numbers)}")
    return " · ".join(parts)


def safety_box_html(*, open_details: bool = False) -> str:
    resources = content.crisis_resources()
    body = (
        f"<p style=\"margin: 0 0 0.3em; font-size: 1.1em\"><strong>{escape(resources.heading)}"
        f"</strong> {escape(resources.danger_now)}</p>"
        f"<p style=\"margin: 0 0 0.3em\">{emergency_numbers_html()}</p>"
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
