"""Journal entries and the rules they follow, shared by notebooks, CLI and import.

Every rule failure raises :class:`InvalidEntry` naming the field and saying how
to fix it, in words a reader who never reads Python can act on.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import get_args

from .. import content
from ..content import Perspective

RATING_MIN, RATING_MAX = 0, 10
MAX_NAME_LENGTH = 30
MAX_TEXT_LENGTH = 20_000
MAX_TAG_LENGTH = 30
MAX_EVENT_LENGTH = 120
# How far ahead of this computer's clock a time may be: another time zone, a clock that
# is a little off. Anything later is a typing mistake that would stay "latest" for years.
FUTURE_ALLOWANCE = timedelta(days=1)
# A rating has at most this many digits (leading zeros aside): "0010" is 10, and a string
# of thousands of digits is refused as out of range without being turned into a number.
_RATING_DIGITS = 4

# Letters (any script), spaces, hyphens, apostrophes and dots: "Mary-Jo", "O'Neil", "Dr. K".
_NAME = re.compile(r"^[^\W\d_](?:[^\W\d_]|[ .'\u2019-])*$")
_ID = re.compile(r"[a-z][a-z0-9_]*")
_TAG = re.compile(r"^[^\W_](?:[\w -]*[^\W_])?$")
# Characters no entry may hold: control characters other than tab and line breaks
# (invisible, and not allowed in the SVG and XML the charts and reports are made of),
# halves of a UTF-16 pair (not text; SQLite cannot store them) and the two noncharacters
# U+FFFE and U+FFFF.
_UNSAVABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_WHOLE_NUMBER = re.compile(r"\s*(-?)0*(\d+)\s*")


class InvalidEntry(ValueError):
    """An entry breaks a rule; ``field`` names the part to fix."""

    def __init__(self, field: str, message: str, kind: str = "invalid") -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
        # A short code ("too_long", "not_a_name", ...) so a view can show its own words.
        self.kind = kind


def _say() -> content.EntryMessages:
    return content.messages().entry


def new_uid() -> str:
    return uuid.uuid4().hex


def now() -> datetime:
    """The current time with the local UTC offset, to the second."""
    return datetime.now(UTC).astimezone().replace(microsecond=0)


@dataclass(frozen=True)
class CheckIn:
    """One readiness check-in: a rating from 0 to 10 for some or all factors."""

    when: datetime
    perspective: Perspective
    ratings: Mapping[str, int]
    person: str | None = None
    note: str = ""
    uid: str = field(default_factory=new_uid)


@dataclass(frozen=True)
class Reflection:
    """A free-text reflection, with optional mood, stress, tags and event."""

    when: datetime
    text: str = ""
    mood: int | None = None
    stress: int | None = None
    tags: tuple[str, ...] = ()
    event: str | None = None
    uid: str = field(default_factory=new_uid)
    # Set for the answers to one of the workbook's forms (the conversation plan, a
    # worksheet...): which form, and its answers by the form's stable field ids.
    # ``text`` then holds the same answers as readable text. Free reflections have neither.
    kind: str | None = None
    answers: Mapping[str, str] = field(default_factory=dict)


# --- single fields -------------------------------------------------------------


def check_when(value: datetime | None, field_name: str = "when") -> datetime:
    if value is None:
        return now()
    if not isinstance(value, datetime):
        raise InvalidEntry(field_name, _say().not_a_time)
    try:
        if value.tzinfo is None:
            # A time without an offset is taken as this computer's local time.
            value = value.astimezone()
        value.astimezone(UTC)  # the journal also stores every time in UTC
    except (OverflowError, ValueError):
        raise InvalidEntry(
            field_name, _say().too_far.format(date=value.date())
        ) from None
    if value > datetime.now(UTC) + FUTURE_ALLOWANCE:
        raise InvalidEntry(
            field_name, _say().in_the_future.format(date=value.date()),
            kind="in_the_future",
        )
    return value.replace(microsecond=0)


def parse_when(text: str, field_name: str = "when") -> datetime:
    """Read a date such as ``2026-03-01`` or ``2026-03-01T19:30:00+01:00``."""
    try:
        when = datetime.fromisoformat(text.strip())
    except ValueError:
        raise InvalidEntry(
            field_name,
            _say().not_a_date.format(text=repr(text)),
        ) from None
    return check_when(when, field_name)


def check_perspective(value: object) -> Perspective:
    if value not in get_args(Perspective):
        raise InvalidEntry(
            "perspective",
            _say().not_a_perspective.format(value=repr(value)),
        )
    return value  # type: ignore[return-value]


def check_person_name(value: str | None) -> str | None:
    """A first name only, or nothing. Returns the cleaned name or ``None``."""
    if value is None:
        return None
    name = " ".join(str(value).split())
    if not name:
        return None
    if len(name) > MAX_NAME_LENGTH:
        raise InvalidEntry(
            "person",
            _say().name_too_long.format(length=len(name), most=MAX_NAME_LENGTH),
            kind="too_long",
        )
    if not _NAME.match(name):
        raise InvalidEntry(
            "person",
            _say().not_a_name.format(name=repr(name)),
            kind="not_a_name",
        )
    return name


def shown(value: object, most: int = 40) -> str:
    """``repr(value)`` cut to ``most`` characters, for a message about a bad value."""
    if isinstance(value, int) and value.bit_length() > 64:
        return _say().many_digits  # Python refuses repr() beyond 4300 digits
    text = repr(value)
    return text if len(text) <= most else text[: most - 3] + "..."


def _out_of_range(field_name: str, said: str) -> InvalidEntry:
    return InvalidEntry(
        field_name, _say().out_of_range.format(value=said, least=RATING_MIN, most=RATING_MAX)
    )


def check_rating(value: object, field_name: str) -> int:
    number: int | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, str) and (whole := _WHOLE_NUMBER.fullmatch(value)):
        sign, digits = whole.groups()
        if len(digits) > _RATING_DIGITS:
            raise _out_of_range(field_name, shown(value.strip()))
        number = int(sign + digits)
    if number is None:
        raise InvalidEntry(field_name, _say().not_whole.format(value=shown(value)))
    if not RATING_MIN <= number <= RATING_MAX:
        raise _out_of_range(field_name, shown(number))
    return number


def check_optional_rating(value: object, field_name: str) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return check_rating(value, field_name)


def check_savable(text: str, field_name: str) -> str:
    """Refuse a character that cannot be saved, saying which one and where."""
    found = _UNSAVABLE.search(text)
    if found:
        raise InvalidEntry(
            field_name,
            _say().unsavable.format(code=f"{ord(found.group()):04X}", place=found.start() + 1),
            kind="unsavable_character",
        )
    return text


def without_unsavable(text: str) -> str:
    """``text`` without the characters input refuses (for entries saved before it did)."""
    return _UNSAVABLE.sub("", text)


def check_text(value: object, field_name: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InvalidEntry(field_name, _say().not_text)
    text = check_savable(value, field_name).strip()
    if len(text) > MAX_TEXT_LENGTH:
        raise InvalidEntry(
            field_name,
            _say().text_too_long.format(length=f"{len(text):,}", most=f"{MAX_TEXT_LENGTH:,}"),
        )
    return text


def check_tags(values: Iterable[str] | str | None) -> tuple[str, ...]:
    """Clean tags: lower case, no repeats, order kept. Accepts ``"a, b"`` or a list."""
    if values is None:
        return ()
    if isinstance(values, str):
        values = re.split(r"[;,]", values)
    tags: list[str] = []
    for raw in values:
        tag = " ".join(str(raw).split()).lower()
        if not tag:
            continue
        if len(tag) > MAX_TAG_LENGTH or not _TAG.match(tag):
            raise InvalidEntry(
                "tags",
                _say().not_a_tag.format(tag=repr(tag), most=MAX_TAG_LENGTH),
            )
        if tag not in tags:
            tags.append(tag)
    return tuple(tags)


def check_event(value: str | None) -> str | None:
    if value is None:
        return None
    event = " ".join(check_savable(str(value), "event").split())
    if not event:
        return None
    if len(event) > MAX_EVENT_LENGTH:
        raise InvalidEntry(
            "event", _say().event_too_long.format(most=MAX_EVENT_LENGTH)
        )
    return event


def check_kind(value: object) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str) or not _ID.fullmatch(value.strip()):
        raise InvalidEntry("kind", _say().not_a_form.format(value=repr(value)))
    return value.strip()


def check_answers(values: Mapping[str, object] | None) -> dict[str, str]:
    """Answers by field id; empty answers are left out, text is checked like ``text``."""
    if values is None:
        return {}
    if not isinstance(values, Mapping):
        raise InvalidEntry("answers", _say().answers_not_object)
    clean: dict[str, str] = {}
    for field_id, value in values.items():
        if not isinstance(field_id, str) or not _ID.fullmatch(field_id):
            raise InvalidEntry("answers", _say().not_a_field.format(value=repr(field_id)))
        answer = check_text(value, f"answers.{field_id}")
        if answer:
            clean[field_id] = answer
    return clean


def check_uid(value: object) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        return new_uid()
    uid = str(value).strip()
    if not re.fullmatch(r"[A-Za-z0-9_-]{1,64}", uid):
        raise InvalidEntry("id", _say().not_an_id.format(value=repr(uid)))
    return uid


# --- whole entries --------------------------------------------------------------


def make_checkin(
    perspective: object,
    ratings: Mapping[str, object],
    *,
    person: str | None = None,
    note: str | None = "",
    when: datetime | None = None,
    uid: str | None = None,
) -> CheckIn:
    """Validate the parts of a check-in and return it.

    Ratings are a mapping of factor id to 0-10; factors not rated are left out.
    """
    checked_perspective = check_perspective(perspective)
    # Looked up once per check-in: an import checks hundreds of thousands of them.
    asked_of = {f.id: f.perspectives for f in content.factors()}
    clean: dict[str, int] = {}
    for factor_id, value in ratings.items():
        perspectives = asked_of.get(factor_id)
        if perspectives is None:
            raise InvalidEntry(
                f"ratings.{factor_id}",
                _say().unknown_factor.format(factor=shown(factor_id), known=", ".join(asked_of)),
            )
        if checked_perspective not in perspectives:
            raise InvalidEntry(
                f"ratings.{factor_id}",
                _say().supporter_only.format(factor=shown(factor_id)),
            )
        clean[factor_id] = check_rating(value, f"ratings.{factor_id}")
    if not clean:
        raise InvalidEntry("ratings", _say().no_ratings)
    # Keep content order so exports are stable.
    ordered = {f: clean[f] for f in asked_of if f in clean}
    return CheckIn(
        when=check_when(when),
        perspective=checked_perspective,
        ratings=ordered,
        person=check_person_name(person),
        note=check_text(note, "note"),
        uid=check_uid(uid),
    )


def make_reflection(
    text: str | None = "",
    *,
    mood: object = None,
    stress: object = None,
    tags: Iterable[str] | str | None = None,
    event: str | None = None,
    when: datetime | None = None,
    uid: str | None = None,
    kind: str | None = None,
    answers: Mapping[str, object] | None = None,
) -> Reflection:
    """Validate the parts of a reflection and return it. Something must be filled in."""
    checked_kind = check_kind(kind)
    checked_answers = check_answers(answers)
    if checked_answers and checked_kind is None:
        raise InvalidEntry("kind", _say().answers_without_kind)
    reflection = Reflection(
        when=check_when(when),
        text=check_text(text, "text"),
        mood=check_optional_rating(mood, "mood"),
        stress=check_optional_rating(stress, "stress"),
        tags=check_tags(tags),
        event=check_event(event),
        uid=check_uid(uid),
        kind=checked_kind,
        answers=checked_answers,
    )
    if not (reflection.text or reflection.event or reflection.answers) and (
        reflection.mood is None and reflection.stress is None
    ):
        raise InvalidEntry(
            "text", _say().empty_reflection
        )
    return reflection


def as_utc(value: datetime) -> datetime:
    return value.astimezone(UTC)
