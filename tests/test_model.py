"""Entry rules shared by the notebooks, the CLI and import."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from workbook import content
from workbook.journal.model import (
    InvalidEntry,
    check_person_name,
    check_tags,
    make_checkin,
    make_reflection,
)
from workbook.journal.store import Journal, JournalError

ENTRY = content.messages().entry
OUT_OF_RANGE = ENTRY.out_of_range.format(value="", least=0, most=10)


def test_supporter_only_factors_are_refused_on_the_self_path() -> None:
    with pytest.raises(InvalidEntry) as caught:
        make_checkin("self", {"fear": 3, "stress": 8})
    assert caught.value.field == "ratings.stress"
    assert make_checkin("supporter", {"fear": 3, "stress": 8}).ratings == {"fear": 3, "stress": 8}


def test_a_rating_above_ten_is_refused_in_the_words_of_content() -> None:
    with pytest.raises(InvalidEntry) as caught:
        make_checkin("supporter", {"fear": 12})
    assert str(caught.value) == "ratings.fear: " + ENTRY.out_of_range.format(
        value=12, least=0, most=10)
    assert caught.value.message == "12 is out of range. Ratings go from 0 to 10."


def test_ratings_come_back_in_factor_order() -> None:
    checkin = make_checkin("supporter", {"stress": 1, "hope": 2, "fear": 3})
    assert list(checkin.ratings) == ["fear", "hope", "stress"]


@pytest.mark.parametrize(
    ("ratings", "field"),
    [({}, "ratings"), ({"courage": 4}, "ratings.courage"), ({"fear": 11}, "ratings.fear"),
     ({"fear": "lots"}, "ratings.fear"), ({"fear": True}, "ratings.fear")],
)
def test_bad_ratings_name_the_field(ratings: dict, field: str) -> None:
    with pytest.raises(InvalidEntry) as caught:
        make_checkin("supporter", ratings)
    assert caught.value.field == field


@pytest.mark.parametrize(
    ("name", "expected"),
    [(None, None), ("   ", None), (" Mary-Jo ", "Mary-Jo"), ("O'Neil", "O'Neil"),
     ("José", "José"), ("Ana  Lucia", "Ana Lucia")],
)
def test_first_names_are_cleaned(name: str | None, expected: str | None) -> None:
    assert check_person_name(name) == expected


@pytest.mark.parametrize(("name", "kind"), [("x" * 31, "too_long"), ("Sam2", "not_a_name"),
                                            ("<b>", "not_a_name"), ("-Sam", "not_a_name")])
def test_bad_names_say_why(name: str, kind: str) -> None:
    with pytest.raises(InvalidEntry) as caught:
        check_person_name(name)
    assert caught.value.kind == kind


def test_tags_are_cleaned_and_deduplicated() -> None:
    assert check_tags("Family, self-care; family ,  ") == ("family", "self-care")
    with pytest.raises(InvalidEntry):
        check_tags(["<script>"])


def test_a_disk_error_says_nothing_was_saved(fresh_journal: Journal, monkeypatch,
                                             data_dir: Path) -> None:
    fresh_journal.add_checkin(make_checkin("self", {"fear": 2}))

    def failing_insert(*args: object) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(Journal, "_insert_checkin", staticmethod(failing_insert))
    with pytest.raises(JournalError) as caught:
        fresh_journal.add_checkin(make_checkin("self", {"fear": 5}))
    assert str(caught.value) == content.messages().journal_file.could_not_save.format(
        path=fresh_journal.path, problem="disk I/O error")
    monkeypatch.undo()
    assert [c.ratings for c in fresh_journal.checkins()] == [{"fear": 2}]


# --- characters and dates input refuses (issue 10) ------------------------------------


@pytest.mark.parametrize("bad", ["\x00", "\x07", "\x1b[31m", "\x7f", "\ud800", "\ufffe"])
@pytest.mark.parametrize("where", ["note", "text", "event"])
def test_control_characters_are_refused_with_the_field_named(bad: str, where: str) -> None:
    value = f"before{bad}after"
    with pytest.raises(InvalidEntry) as caught:
        if where == "note":
            make_checkin("self", {"hope": 2}, note=value)
        else:
            make_reflection(**{where: value})  # type: ignore[arg-type]
    assert caught.value.field == where
    assert caught.value.kind == "unsavable_character"
    assert f"U+{ord(bad[0]):04X}" in caught.value.message


def test_tabs_and_line_breaks_are_kept_in_longer_text() -> None:
    note = "first\tline\r\nsecond line\nthird"
    assert make_checkin("self", {"hope": 2}, note=note).note == note


def test_a_date_more_than_a_day_ahead_is_refused() -> None:
    with pytest.raises(InvalidEntry) as caught:
        make_checkin("self", {"hope": 2}, when=datetime(2500, 1, 1, tzinfo=UTC))
    assert (caught.value.field, caught.value.kind) == ("when", "in_the_future")
    soon = datetime.now(UTC) + timedelta(hours=23)
    assert make_reflection("a time zone ahead", when=soon).when == soon.replace(microsecond=0)


@pytest.mark.parametrize("value", ["7" * 5000, 10**5000, "-" + "1" * 400],
                         ids=["5000 digits as text", "5000 digits", "minus 400 digits"])
def test_a_rating_with_thousands_of_digits_is_out_of_range(value: object) -> None:
    with pytest.raises(InvalidEntry) as caught:
        make_reflection(mood=value)
    assert caught.value.field == "mood" and caught.value.message.endswith(OUT_OF_RANGE)
    assert len(caught.value.message) < 200
