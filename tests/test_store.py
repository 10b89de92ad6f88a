"""The journal API (``workbook.journal.store``): entries, settings, migrations, deletion."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from workbook import content, paths
from workbook.errors import DataFolderError, JournalError
from workbook.journal import store
from workbook.journal.model import make_checkin, make_reflection
from workbook.journal.store import DeleteSummary, Journal, NotAJournalError

PARIS = timezone(timedelta(hours=1))
TOKYO = timezone(timedelta(hours=9))
NEW_YORK = timezone(timedelta(hours=-5))


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def pragma(path: Path, name: str) -> int:
    """Read a PRAGMA from the file without going through the store."""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return db.execute(f"PRAGMA {name}").fetchone()[0]
    finally:
        db.close()


# --- check-ins and reflections ------------------------------------------------------


def test_checkin_fields_round_trip(fresh_journal: Journal) -> None:
    when = datetime(2026, 3, 1, 19, 30, tzinfo=PARIS)
    checkin = make_checkin(
        "supporter", {"hope": 7, "fear": 3, "shame": 0}, person="Sam",
        note='He said "no" again, then — later — "maybe".\nSecond line.', when=when,
    )
    returned = fresh_journal.add_checkin(checkin)
    assert returned is checkin

    [saved] = fresh_journal.checkins()
    assert saved.uid == checkin.uid
    assert saved.when == when
    assert saved.when.utcoffset() == timedelta(hours=1)  # the offset it was entered in
    assert saved.perspective == "supporter"
    assert saved.person == "Sam"
    assert saved.note == 'He said "no" again, then — later — "maybe".\nSecond line.'
    assert saved.ratings == {"fear": 3, "hope": 7, "shame": 0}
    # Content order (fear before hope before shame), whatever order they were given in.
    assert list(saved.ratings) == ["fear", "hope", "shame"]
    assert saved == checkin


def test_checkin_without_person_or_note(fresh_journal: Journal) -> None:
    when = datetime(2026, 3, 2, 8, 0, tzinfo=NEW_YORK)
    fresh_journal.add_checkin(make_checkin("self", {"importance": 9}, when=when))
    [saved] = fresh_journal.checkins()
    assert saved.perspective == "self"
    assert saved.person is None
    assert saved.note == ""
    assert saved.ratings == {"importance": 9}
    assert saved.when.utcoffset() == timedelta(hours=-5)


def test_reflection_fields_round_trip(fresh_journal: Journal) -> None:
    when = datetime(2026, 3, 3, 22, 15, tzinfo=TOKYO)
    reflection = make_reflection(
        "Talked for an hour.\nJosé — ça va?", mood=6, stress=8,
        tags=["Work", "sleep", "family", "work"], event="Visit to the GP", when=when,
    )
    assert fresh_journal.add_reflection(reflection) is reflection

    [saved] = fresh_journal.reflections()
    assert saved == reflection
    assert saved.when.utcoffset() == timedelta(hours=9)
    assert saved.text == "Talked for an hour.\nJosé — ça va?"
    assert (saved.mood, saved.stress) == (6, 8)
    assert saved.tags == ("work", "sleep", "family")  # order kept, repeats dropped
    assert saved.event == "Visit to the GP"


def test_reflection_without_mood_or_stress_keeps_none(fresh_journal: Journal) -> None:
    fresh_journal.add_reflection(make_reflection("Only words today."))
    fresh_journal.add_reflection(make_reflection(mood=0))
    text_only, mood_only = sorted(fresh_journal.reflections(), key=lambda r: r.text == "")
    assert text_only.text == "Only words today."
    assert (text_only.mood, text_only.stress) == (None, None)
    assert text_only.tags == ()
    assert text_only.event is None
    assert mood_only.text == ""
    assert (mood_only.mood, mood_only.stress) == (0, None)


def _three_times(journal: Journal) -> tuple[str, str, str]:
    """Add entries at 01:00, 02:00 and 05:00 UTC, out of order and in three offsets.

    Sorted by their local clock times they would come out the other way round.
    """
    at_two = make_checkin("self", {"fear": 2}, when=datetime(2026, 3, 1, 2, 0, tzinfo=UTC))
    at_five = make_checkin("self", {"fear": 5}, when=datetime(2026, 3, 1, 0, 0, tzinfo=NEW_YORK))
    at_one = make_checkin("self", {"fear": 1}, when=datetime(2026, 3, 1, 10, 0, tzinfo=TOKYO))
    for checkin in (at_two, at_five, at_one):
        journal.add_checkin(checkin)
    for hour, tz in ((2, UTC), (0, NEW_YORK), (10, TOKYO)):
        journal.add_reflection(make_reflection(f"{hour} {tz}", when=datetime(
            2026, 3, 1, hour, 0, tzinfo=tz)))
    return at_one.uid, at_two.uid, at_five.uid


def test_entries_come_back_oldest_first(fresh_journal: Journal) -> None:
    one, two, five = _three_times(fresh_journal)
    assert [c.uid for c in fresh_journal.checkins()] == [one, two, five]
    assert [r.when.astimezone(UTC).hour for r in fresh_journal.reflections()] == [1, 2, 5]


def test_date_range_is_start_inclusive_end_exclusive_across_offsets(
    fresh_journal: Journal,
) -> None:
    one, two, five = _three_times(fresh_journal)
    # 03:00+01:00 is 02:00 UTC (included); 00:00-05:00 is 05:00 UTC (excluded).
    start = datetime(2026, 3, 1, 3, 0, tzinfo=PARIS)
    end = datetime(2026, 3, 1, 0, 0, tzinfo=NEW_YORK)
    assert [c.uid for c in fresh_journal.checkins(start, end)] == [two]
    assert [r.when.astimezone(UTC).hour for r in fresh_journal.reflections(start, end)] == [2]
    assert [c.uid for c in fresh_journal.checkins(start=start)] == [two, five]
    assert [c.uid for c in fresh_journal.checkins(end=end)] == [one, two]
    # An end equal to the first entry's time excludes it; the same start includes it.
    first = datetime(2026, 3, 1, 10, 0, tzinfo=TOKYO)
    assert fresh_journal.checkins(end=first) == []
    assert [c.uid for c in fresh_journal.checkins(start=first, end=first + timedelta(
        seconds=1))] == [one]
    assert fresh_journal.checkins(datetime(2026, 3, 2, tzinfo=UTC)) == []


def test_counts(fresh_journal: Journal) -> None:
    assert fresh_journal.counts() == {"checkins": 0, "reflections": 0, "settings": 0}
    fresh_journal.add_checkin(make_checkin("self", {"hope": 4}))
    fresh_journal.add_checkin(make_checkin("supporter", {"fear": 4}, person="Ana"))
    fresh_journal.add_reflection(make_reflection("hello"))
    fresh_journal.set_setting("perspective", "self")
    assert fresh_journal.counts() == {"checkins": 2, "reflections": 1, "settings": 1}


def test_settings_set_get_overwrite_default(fresh_journal: Journal) -> None:
    assert fresh_journal.setting("perspective") is None
    assert fresh_journal.setting("perspective", "supporter") == "supporter"
    fresh_journal.set_setting("perspective", "self")
    fresh_journal.set_setting("person", "José")
    fresh_journal.set_setting("layout", {"charts": [1, 2], "dark": True, "scale": None})
    assert fresh_journal.setting("perspective", "supporter") == "self"
    assert fresh_journal.setting("person") == "José"
    assert fresh_journal.setting("layout") == {"charts": [1, 2], "dark": True, "scale": None}
    fresh_journal.set_setting("perspective", "supporter")
    assert fresh_journal.setting("perspective") == "supporter"
    assert fresh_journal.setting("missing", 42) == 42
    assert fresh_journal.counts()["settings"] == 3


def test_reading_an_absent_journal_creates_nothing(data_dir: Path) -> None:
    journal = Journal()
    assert journal.path == data_dir / paths.JOURNAL_FILENAME
    assert not journal.exists()
    assert journal.checkins() == []
    assert journal.reflections() == []
    assert journal.counts() == {"checkins": 0, "reflections": 0, "settings": 0}
    assert journal.setting("perspective", "self") == "self"
    journal.check()
    assert not data_dir.exists()


# --- privacy -------------------------------------------------------------------------


@pytest.fixture
def open_umask():
    """Let the test create files under the most permissive umask."""
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


@pytest.mark.usefixtures("open_umask")
def test_new_folder_is_0700_and_journal_0600(data_dir: Path) -> None:
    journal = Journal()
    journal.add_checkin(make_checkin("self", {"hope": 5}))
    assert mode(data_dir) == 0o700
    assert mode(journal.path) == 0o600
    journal.add_reflection(make_reflection("more"))
    journal.set_setting("a", 1)
    journal.import_entries([make_checkin("self", {"fear": 1})], [make_reflection("x")])
    files = sorted(data_dir.iterdir())
    assert files == [journal.path]
    assert {f.name: mode(f) for f in files} == {paths.JOURNAL_FILENAME: 0o600}


@pytest.mark.usefixtures("open_umask")
def test_an_existing_open_folder_is_refused_and_left_as_it_is(data_dir: Path) -> None:
    """A folder the workbook did not create is never chmodded (issue 10, part 8)."""
    data_dir.mkdir(mode=0o755)
    os.chmod(data_dir, 0o755)
    with pytest.raises(DataFolderError, match=r"chmod 700 .* or set WORKBOOK_DATA_DIR"):
        Journal().set_setting("a", 1)
    assert mode(data_dir) == 0o755
    assert list(data_dir.iterdir()) == []


@pytest.mark.parametrize("operation", ["counts", "checkins", "add_reflection"])
def test_journal_readable_by_others_is_tightened_on_open(
    fresh_journal: Journal, operation: str
) -> None:
    fresh_journal.add_checkin(make_checkin("self", {"hope": 5}))
    os.chmod(fresh_journal.path, 0o644)
    if operation == "add_reflection":
        fresh_journal.add_reflection(make_reflection("x"))
    else:
        getattr(fresh_journal, operation)()
    assert mode(fresh_journal.path) == 0o600


# --- migrations ----------------------------------------------------------------------


def test_fresh_journal_is_at_latest_version_and_marked_as_ours(fresh_journal: Journal) -> None:
    fresh_journal.set_setting("a", 1)
    assert pragma(fresh_journal.path, "user_version") == len(store.MIGRATIONS)
    assert pragma(fresh_journal.path, "application_id") == store.APPLICATION_ID


def test_an_appended_migration_upgrades_an_existing_journal_keeping_its_data(
    fresh_journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    checkin = fresh_journal.add_checkin(make_checkin("supporter", {"fear": 8}, person="Kim"))
    reflection = fresh_journal.add_reflection(make_reflection("before", tags=["a"]))
    fresh_journal.set_setting("kept", [1, 2])
    before = len(store.MIGRATIONS)

    def add_colour(db: sqlite3.Connection) -> None:
        db.execute("ALTER TABLE checkins ADD COLUMN colour TEXT NOT NULL DEFAULT 'blue'")

    monkeypatch.setattr(store, "MIGRATIONS", [*store.MIGRATIONS, add_colour])
    assert fresh_journal.checkins() == [checkin]
    assert pragma(fresh_journal.path, "user_version") == before + 1
    db = sqlite3.connect(fresh_journal.path)
    try:
        assert db.execute("SELECT uid, colour FROM checkins").fetchall() == [
            (checkin.uid, "blue")
        ]
    finally:
        db.close()
    assert fresh_journal.reflections() == [reflection]
    assert fresh_journal.setting("kept") == [1, 2]
    fresh_journal.add_checkin(make_checkin("self", {"hope": 1}))
    assert fresh_journal.counts()["checkins"] == 2


def test_a_failing_migration_changes_nothing(
    fresh_journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    checkin = fresh_journal.add_checkin(make_checkin("self", {"fear": 2}))
    before = digest(fresh_journal.path)

    def half_done(db: sqlite3.Connection) -> None:
        db.execute("ALTER TABLE checkins ADD COLUMN colour TEXT")
        raise RuntimeError("migration failed half way")

    monkeypatch.setattr(store, "MIGRATIONS", [*store.MIGRATIONS, half_done])
    with pytest.raises(RuntimeError, match="half way"):
        fresh_journal.add_checkin(make_checkin("self", {"fear": 3}))
    assert digest(fresh_journal.path) == before
    monkeypatch.undo()
    assert fresh_journal.checkins() == [checkin]


def test_creating_a_journal_is_all_or_nothing(
    fresh_journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first schema is created in the same transaction that marks the file as ours."""

    def broken(db: sqlite3.Connection) -> None:
        raise RuntimeError("second step failed")

    monkeypatch.setattr(store, "MIGRATIONS", [*store.MIGRATIONS, broken])
    with pytest.raises(RuntimeError, match="second step"):
        fresh_journal.set_setting("a", 1)
    db = sqlite3.connect(fresh_journal.path)
    try:
        assert db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0
        assert db.execute("PRAGMA user_version").fetchone()[0] == 0
    finally:
        db.close()
    # With the broken step gone the same (still empty) file becomes a journal.
    monkeypatch.undo()
    fresh_journal.set_setting("a", 1)
    assert fresh_journal.setting("a") == 1


def test_journal_from_a_newer_version_is_refused_and_left_as_it_is(
    fresh_journal: Journal,
) -> None:
    fresh_journal.add_checkin(make_checkin("self", {"fear": 2}))
    db = sqlite3.connect(fresh_journal.path)
    db.execute(f"PRAGMA user_version = {len(store.MIGRATIONS) + 1}")
    db.close()
    before = digest(fresh_journal.path)
    calls = {
        "checkins": fresh_journal.checkins,
        "counts": fresh_journal.counts,
        "add_checkin": lambda: fresh_journal.add_checkin(make_checkin("self", {"fear": 1})),
        "set_setting": lambda: fresh_journal.set_setting("a", 1),
        "delete_everything": fresh_journal.delete_everything,
    }
    for name, call in calls.items():
        with pytest.raises(NotAJournalError) as caught:
            call()
        said = content.messages().journal_file
        why = said.newer.format(version=len(store.MIGRATIONS) + 1, latest=len(store.MIGRATIONS))
        assert str(caught.value) == said.refused.format(path=fresh_journal.path, why=why), name
    assert digest(fresh_journal.path) == before


# --- deleting ------------------------------------------------------------------------


def _fill(journal: Journal) -> None:
    journal.add_checkin(make_checkin("self", {"fear": 2}))
    journal.add_checkin(make_checkin("supporter", {"hope": 7}, person="Sam"))
    journal.add_checkin(make_checkin("self", {"shame": 4}))
    journal.add_reflection(make_reflection("one"))
    journal.add_reflection(make_reflection(mood=3))
    journal.set_setting("perspective", "self")


def test_delete_everything_removes_the_journal_and_the_empty_folder(
    fresh_journal: Journal, data_dir: Path
) -> None:
    _fill(fresh_journal)
    summary = fresh_journal.delete_everything()
    assert summary == DeleteSummary(
        checkins=3, reflections=2, settings=1, files=(data_dir / paths.JOURNAL_FILENAME,)
    )
    assert not fresh_journal.exists()
    assert not data_dir.exists()
    assert fresh_journal.checkins() == []
    assert fresh_journal.counts() == {"checkins": 0, "reflections": 0, "settings": 0}
    # A new journal can be started afterwards.
    fresh_journal.add_reflection(make_reflection("a new start"))
    assert fresh_journal.counts()["reflections"] == 1


def test_delete_everything_keeps_other_files_in_the_folder(
    fresh_journal: Journal, data_dir: Path
) -> None:
    _fill(fresh_journal)
    other = data_dir / "my-notes.txt"
    other.write_text("mine")
    side_file = data_dir / (paths.JOURNAL_FILENAME + "-journal")
    side_file.write_bytes(b"")  # a leftover SQLite side file goes with the journal
    summary = fresh_journal.delete_everything()
    assert set(summary.files) == {fresh_journal.path, side_file}
    assert (summary.checkins, summary.reflections, summary.settings) == (3, 2, 1)
    assert sorted(p.name for p in data_dir.iterdir()) == ["my-notes.txt"]
    assert other.read_text() == "mine"


def test_delete_everything_without_a_journal_removes_nothing(
    fresh_journal: Journal, data_dir: Path
) -> None:
    summary = fresh_journal.delete_everything()
    assert summary == DeleteSummary(0, 0, 0, ())
    assert not data_dir.exists()


def test_a_delete_stopped_halfway_says_what_went_and_what_stayed(
        fresh_journal: Journal, monkeypatch: pytest.MonkeyPatch) -> None:
    from workbook.journal import datatools

    fresh_journal.add_checkin(make_checkin("supporter", {"fear": 3}))
    exports = paths.exports_dir()
    paths.ensure_private_dir(exports)
    stuck = exports / "copy.json"
    stuck.write_text("{}", encoding="utf-8")
    real_unlink = Path.unlink

    def refuse_the_copy(self: Path, missing_ok: bool = False) -> None:
        if self == stuck:
            raise PermissionError(13, "Permission denied", str(self))
        real_unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", refuse_the_copy)
    with pytest.raises(JournalError) as caught:
        datatools.delete_everything(fresh_journal)
    said = str(caught.value)
    assert said.startswith(f"Could not delete {stuck} (Permission denied). Deleted so far: ")
    assert str(fresh_journal.path) in said
    # One space between sentences: content strips its texts, the code joins them.
    assert ".Deleted" not in said and "  " not in said
    assert stuck.exists()
