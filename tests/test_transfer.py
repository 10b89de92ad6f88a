"""Export to CSV and JSON, and import of what export writes (``workbook.journal.transfer``)."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import resource
import stat
import subprocess
import sys
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from helpers import words

from workbook import cli, content, paths
from workbook.journal import transfer
from workbook.journal.model import CheckIn, make_checkin, make_reflection
from workbook.journal.store import ImportSummary, Journal
from workbook.journal.transfer import (
    BASE_COLUMNS,
    ImportProblem,
    csv_columns,
    export_csv,
    export_json,
    export_text,
    import_file,
    read_import,
)

# What the command adds when an import fails (messages.yaml).
NOTHING_IMPORTED = content.messages().data.not_imported.split("\n")[-1]
# Why an import was refused, and why an entry in it was (messages.yaml).
IMPORT = content.messages().import_file
ENTRY = content.messages().entry
PARIS = timezone(timedelta(hours=1))
NEW_YORK = timezone(timedelta(hours=-5))
KOLKATA = timezone(timedelta(hours=5, minutes=30))
TRICKY = 'José — ça va?\nHe said "no", then \'maybe\', then nothing;\r\nend, 100%'


@pytest.fixture
def filled(fresh_journal: Journal) -> Journal:
    """A journal with every kind of entry and awkward text."""
    j = fresh_journal
    j.add_checkin(make_checkin(
        "supporter", {"fear": 7, "hope": 3, "shame": 10, "stress": 0}, person="José",
        note=TRICKY, when=datetime(2026, 3, 1, 19, 30, tzinfo=PARIS),
    ))
    j.add_checkin(make_checkin(
        "self", {"importance": 8, "confidence": 2}, note="",
        when=datetime(2026, 3, 1, 20, 0, tzinfo=NEW_YORK),
    ))
    j.add_checkin(make_checkin(
        "supporter", {"boundaries": 5}, person="Mary-Jo", note="commas, commas, commas",
        when=datetime(2026, 3, 2, 9, 15, tzinfo=KOLKATA),
    ))
    j.add_checkin(make_checkin(
        "supporter", {"support": 4}, note="no name given",
        when=datetime(2026, 3, 2, 10, 0, tzinfo=UTC),
    ))
    j.add_reflection(make_reflection(
        TRICKY, mood=3, stress=8, tags=["work", "sleep", "family time"], event="Talked to GP",
        when=datetime(2026, 3, 1, 21, 0, tzinfo=PARIS),
    ))
    j.add_reflection(make_reflection(mood=6, when=datetime(2026, 3, 2, 7, 0, tzinfo=NEW_YORK)))
    j.add_reflection(make_reflection(
        "Only text, \"quoted\"\nand a second line", when=datetime(2026, 3, 3, tzinfo=KOLKATA),
    ))
    j.add_reflection(make_reflection(
        event="Missed the appointment", stress=9, tags="Ça, été",
        when=datetime(2026, 3, 4, 12, 0, tzinfo=PARIS),
    ))
    return j


def other_journal(tmp_path: Path, name: str = "other") -> Journal:
    return Journal(tmp_path / name / paths.JOURNAL_FILENAME)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- export ----------------------------------------------------------------------------


def test_json_export_holds_every_field(filled: Journal) -> None:
    document = json.loads(export_json(filled))
    assert document["format"] == "open-door-journal"
    assert document["version"] == 2
    assert len(document["checkins"]) == 4
    assert len(document["reflections"]) == 4
    first = document["checkins"][0]  # oldest first: 19:30+01:00 is before 20:00-05:00
    assert first["when"] == "2026-03-01T19:30:00+01:00"
    assert first["person"] == "José"
    assert first["note"] == TRICKY.strip()
    assert list(first["ratings"]) == ["fear", "hope", "shame", "stress"]
    assert document["checkins"][1]["person"] is None
    mood_only = document["reflections"][1]
    assert mood_only["text"] == "" and mood_only["mood"] == 6 and mood_only["stress"] is None
    assert mood_only["tags"] == [] and mood_only["event"] is None
    assert document["reflections"][3]["tags"] == ["ça", "été"]
    assert "José — ça va?" in export_json(filled)  # written as UTF-8, not \u escapes


def test_csv_export_has_one_row_per_entry_and_a_column_per_factor(filled: Journal) -> None:
    text = export_csv(filled)
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert list(rows[0]) == csv_columns()
    assert csv_columns() == [*BASE_COLUMNS, "kind", "answers",
                             *(f"rating_{f}" for f in content.factor_ids())]
    assert [r["entry"] for r in rows] == ["checkin"] * 4 + ["reflection"] * 4
    assert rows[0]["note"] == TRICKY.strip()
    assert rows[0]["rating_shame"] == "10" and rows[0]["rating_hope"] == "3"
    assert rows[0]["rating_importance"] == ""
    assert rows[4]["tags"] == "work; sleep; family time"
    assert rows[5]["mood"] == "6" and rows[5]["stress"] == ""


def test_export_of_an_absent_journal_is_empty_and_creates_nothing(data_dir: Path) -> None:
    assert json.loads(export_text(Journal(), "json"))["checkins"] == []
    assert export_text(Journal(), "csv") == ",".join(csv_columns()) + "\n"
    assert not data_dir.exists()


def test_export_text_refuses_an_unknown_format(fresh_journal: Journal) -> None:
    with pytest.raises(ValueError, match="xml"):
        export_text(fresh_journal, "xml")  # type: ignore[arg-type]


# --- round trips -----------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_export_import_export_gives_identical_text(
    filled: Journal, tmp_path: Path, fmt: str
) -> None:
    first = export_text(filled, fmt)  # type: ignore[arg-type]
    exported = tmp_path / f"journal.{fmt}"
    exported.write_text(first, encoding="utf-8", newline="")
    target = other_journal(tmp_path)
    summary = import_file(target, exported)
    assert summary == ImportSummary(checkins_added=4, reflections_added=4, already_present=0)
    assert export_text(target, fmt) == first  # type: ignore[arg-type]
    assert target.checkins() == filled.checkins()
    assert target.reflections() == filled.reflections()
    assert [c.when.utcoffset() for c in target.checkins()] == [
        c.when.utcoffset() for c in filled.checkins()
    ]


def test_csv_import_gives_the_same_journal_as_json(filled: Journal, tmp_path: Path) -> None:
    exported = tmp_path / "journal.csv"
    exported.write_text(export_csv(filled), encoding="utf-8", newline="")
    target = other_journal(tmp_path)
    import_file(target, exported)
    assert export_json(target) == export_json(filled)


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_importing_the_same_file_twice_adds_nothing_the_second_time(
    filled: Journal, tmp_path: Path, fmt: str
) -> None:
    exported = tmp_path / f"journal.{fmt}"
    exported.write_text(export_text(filled, fmt), encoding="utf-8", newline="")  # type: ignore[arg-type]
    target = other_journal(tmp_path)
    assert import_file(target, exported) == ImportSummary(4, 4, 0)
    assert import_file(target, exported) == ImportSummary(0, 0, 8)
    assert target.counts() == {"checkins": 4, "reflections": 4, "settings": 0}
    # Into the journal it came from: everything is already there.
    assert import_file(filled, exported) == ImportSummary(0, 0, 8)


def test_import_adds_only_the_entries_not_yet_present(filled: Journal, tmp_path: Path) -> None:
    exported = tmp_path / "journal.json"
    exported.write_text(export_json(filled), encoding="utf-8")
    target = other_journal(tmp_path)
    target.add_checkin(filled.checkins()[0])
    target.add_reflection(make_reflection("mine only"))
    assert import_file(target, exported) == ImportSummary(3, 4, 1)
    assert target.counts() == {"checkins": 4, "reflections": 5, "settings": 0}


def test_spreadsheet_csv_with_bom_and_crlf_imports(tmp_path: Path) -> None:
    text = (
        "entry,id,when,perspective,person,note,text,mood,stress,tags,event,rating_fear\r\n"
        'checkin,c1,2026-03-01 19:30,supporter,Zoë,"two\r\nlines",,,,,,6\r\n'
        "reflection,r1,2026-03-02,,,,fine,5,,Work;sleep,,\r\n"
    )
    source = tmp_path / "from-a-spreadsheet.csv"
    source.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    target = other_journal(tmp_path)
    assert import_file(target, source) == ImportSummary(1, 1, 0)
    [checkin] = target.checkins()
    assert (checkin.uid, checkin.person, checkin.ratings) == ("c1", "Zoë", {"fear": 6})
    assert checkin.note == "two\r\nlines"
    [reflection] = target.reflections()
    assert (reflection.uid, reflection.mood, reflection.tags) == ("r1", 5, ("work", "sleep"))


def test_json_is_recognised_without_a_json_suffix(filled: Journal, tmp_path: Path) -> None:
    source = tmp_path / "backup.txt"
    source.write_text(export_json(filled), encoding="utf-8")
    assert read_import(source).format == "json"
    assert import_file(other_journal(tmp_path), source) == ImportSummary(4, 4, 0)


# --- bad input -------------------------------------------------------------------------

CHECKIN = {
    "entry": "checkin", "id": "c1", "when": "2026-03-01T19:30:00+01:00",
    "perspective": "supporter", "person": "Sam", "note": "first line\nsecond line",
    "rating_fear": "6", "rating_hope": "4",
}
REFLECTION = {
    "entry": "reflection", "id": "r1", "when": "2026-03-02T08:00:00+01:00",
    "text": "a thought", "mood": "5", "tags": "work; sleep",
}
BAD_ROW_LINE = 5  # header, a check-in over two lines, a reflection, then the bad row


def csv_file(bad_row: dict[str, str] | None = None, columns: list[str] | None = None) -> str:
    """CSV with a good check-in (lines 2-3) and reflection (line 4), then ``bad_row``."""
    columns = columns or csv_columns()
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for row in (CHECKIN, REFLECTION, bad_row):
        if row is not None:
            writer.writerow(row)
    return buffer.getvalue()


def bad_checkin(**changes: str) -> dict[str, str]:
    return {**CHECKIN, "id": "c2", "note": "", **changes}


def bad_reflection(**changes: str) -> dict[str, str]:
    return {**REFLECTION, "id": "r2", **changes}


def json_document(**changes: object) -> dict[str, object]:
    """Two check-ins and one reflection; ``changes`` update the second check-in."""
    first = {"id": "c1", "when": "2026-03-01T19:30:00+01:00", "perspective": "supporter",
             "person": "Sam", "note": "hi", "ratings": {"fear": 6, "hope": 4}}
    second = {**first, "id": "c2", "person": None, "note": ""}
    second.update(changes)
    second = {k: v for k, v in second.items() if v is not REMOVE}
    return {"format": "open-door-journal", "version": 1, "checkins": [first, second],
            "reflections": [{"id": "r1", "when": "2026-03-02", "text": "x", "mood": 5,
                             "stress": None, "tags": ["work"], "event": None}]}


REMOVE = object()


def json_file(document: dict[str, object]) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def line_of_object(text: str, marker: str) -> int:
    """The line on which the JSON object containing ``marker`` opens."""
    return text[: text[: text.index(marker)].rindex("{")].count("\n") + 1


def line_of(text: str, marker: str) -> int:
    """The line on which ``marker`` first appears."""
    return text[: text.index(marker)].count("\n") + 1


SECOND_CHECKIN_LINE = line_of_object(json_file(json_document()), '"id": "c2"')


@dataclass(frozen=True)
class Bad:
    name: str
    filename: str
    data: bytes | None  # None: the file does not exist
    line: int | None
    field: str | None  # the field named in the message ("field 'x'")
    says: str  # words the message must contain


def _csv(name: str, text: str, line: int | None, field: str | None, says: str) -> Bad:
    return Bad(name, "journal.csv", text.encode(), line, field, says)


def _json(name: str, text: str, line: int | None, field: str | None, says: str) -> Bad:
    return Bad(name, "journal.json", text.encode(), line, field, says)


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00"

BAD_FILES = [
    _csv("csv missing column",
         csv_file(columns=[c for c in csv_columns() if c != "mood"]), 1, None, "mood"),
    _csv("csv unknown column", csv_file(columns=[*csv_columns(), "colour"]), 1, "colour",
         words(IMPORT.unknown_column)),
    _csv("csv unknown factor", csv_file(columns=[*csv_columns(), "rating_nonsense"]), 1,
         "rating_nonsense", words(ENTRY.unknown_factor)),
    _csv("csv duplicated column", csv_file(columns=[*csv_columns(), "note"]), 1, "note",
         IMPORT.column_twice),
    _csv("rating 11", csv_file(bad_checkin(rating_fear="11")), BAD_ROW_LINE, "rating_fear",
         words(ENTRY.out_of_range)),
    _csv("rating -1", csv_file(bad_checkin(rating_hope="-1")), BAD_ROW_LINE, "rating_hope",
         words(ENTRY.out_of_range)),
    _csv("rating seven", csv_file(bad_checkin(rating_fear="seven")), BAD_ROW_LINE,
         "rating_fear", words(ENTRY.not_whole)),
    _csv("rating --5", csv_file(bad_checkin(rating_fear="--5")), BAD_ROW_LINE, "rating_fear",
         words(ENTRY.not_whole)),
    _csv("rating 7.5", csv_file(bad_checkin(rating_fear="7.5")), BAD_ROW_LINE, "rating_fear",
         words(ENTRY.not_whole)),
    _csv("date 2026-13-45", csv_file(bad_checkin(when="2026-13-45")), BAD_ROW_LINE, "when",
         words(ENTRY.not_a_date)),
    _csv("date yesterday", csv_file(bad_reflection(when="yesterday")), BAD_ROW_LINE, "when",
         words(ENTRY.not_a_date)),
    _csv("date empty", csv_file(bad_checkin(when="")), BAD_ROW_LINE, "when",
         words(ENTRY.not_a_date)),
    _csv("date beyond what can be saved",
         csv_file(bad_checkin(when="0001-01-01T00:00:00+05:00")), BAD_ROW_LINE, "when",
         words(ENTRY.too_far)),
    _csv("unknown entry type", csv_file(bad_checkin(entry="diary")), BAD_ROW_LINE, "entry",
         words(IMPORT.not_entry_type)),
    _csv("unknown perspective", csv_file(bad_checkin(perspective="friend")), BAD_ROW_LINE,
         "perspective", words(ENTRY.not_a_perspective)),
    _csv("check-in with a mood", csv_file(bad_checkin(mood="5")), BAD_ROW_LINE, "mood",
         IMPORT.checkin_column_empty),
    _csv("reflection with a rating", csv_file(bad_reflection(rating_shame="5")), BAD_ROW_LINE,
         "rating_shame", IMPORT.ratings_not_empty),
    _csv("reflection with a person", csv_file(bad_reflection(person="Sam")), BAD_ROW_LINE,
         "person", IMPORT.reflection_column_empty),
    _csv("check-in without ratings",
         csv_file(bad_checkin(rating_fear="", rating_hope="")), BAD_ROW_LINE, "ratings",
         ENTRY.no_ratings),
    _csv("empty reflection", csv_file(bad_reflection(text="", mood="", tags="")),
         BAD_ROW_LINE, "text", ENTRY.empty_reflection),
    _csv("reflection mood 12", csv_file(bad_reflection(mood="12")), BAD_ROW_LINE, "mood",
         words(ENTRY.out_of_range)),
    _csv("bad tag", csv_file(bad_reflection(tags="ok; <script>")), BAD_ROW_LINE, "tags",
         words(ENTRY.not_a_tag)),
    _csv("person is not a name", csv_file(bad_checkin(person="Sam 2")), BAD_ROW_LINE,
         "person", words(ENTRY.not_a_name)),
    _csv("bad id", csv_file(bad_checkin(id="a b")), BAD_ROW_LINE, "id", words(ENTRY.not_an_id)),
    _csv("duplicate id in csv", csv_file(bad_checkin(id="c1")), BAD_ROW_LINE, "id",
         words(IMPORT.id_twice)),
    _csv("row too short", csv_file() + "checkin,c9,2026-03-01\n", BAD_ROW_LINE, None,
         words(IMPORT.row_length)),
    _json("json missing when", json_file(json_document(when=REMOVE)), SECOND_CHECKIN_LINE,
          "checkins[1].when", IMPORT.field_missing),
    _json("json when not text", json_file(json_document(when=20260301)), SECOND_CHECKIN_LINE,
          "checkins[1].when", IMPORT.not_text),
    _json("json unknown key", json_file(json_document(colour="blue")), SECOND_CHECKIN_LINE,
          "checkins[1].colour", words(IMPORT.unknown_field)),
    _json("json rating out of range", json_file(json_document(ratings={"fear": 12})),
          SECOND_CHECKIN_LINE, "checkins[1].ratings.fear", words(ENTRY.out_of_range)),
    _json("json rating as text", json_file(json_document(ratings={"fear": "6"})),
          SECOND_CHECKIN_LINE, "checkins[1].ratings.fear", words(IMPORT.not_whole)),
    _json("json unknown factor", json_file(json_document(ratings={"nonsense": 2})),
          SECOND_CHECKIN_LINE, "checkins[1].ratings.nonsense", words(ENTRY.unknown_factor)),
    _json("json unknown perspective", json_file(json_document(perspective="friend")),
          SECOND_CHECKIN_LINE, "checkins[1].perspective", words(ENTRY.not_a_perspective)),
    _json("json check-in with a mood", json_file(json_document(mood=5)), SECOND_CHECKIN_LINE,
          "checkins[1].mood", words(IMPORT.unknown_field)),
    _json("json duplicate id", json_file(json_document(id="c1")), SECOND_CHECKIN_LINE,
          "checkins[1].id", words(IMPORT.id_twice)),
    _json("json list not a list", json_file({**json_document(), "checkins": {}}),
          line_of(json_file(json_document()), '"checkins"'), "checkins", IMPORT.not_a_list),
    _json("json unknown top-level key", json_file({**json_document(), "colour": 1}),
          line_of(json_file({**json_document(), "colour": 1}), '"colour"'), "colour",
          words(IMPORT.unknown_field)),
    _json("json another format", json_file({**json_document(), "format": "diary"}),
          line_of(json_file(json_document()), '"format"'), "format",
          IMPORT.not_export),
    _json("json without a format", json_file({k: v for k, v in json_document().items()
                                              if k != "format"}), 1, "format",
          IMPORT.not_export),
    _json("json newer format version", json_file({**json_document(), "version": 3}),
          line_of(json_file(json_document()), '"version"'), "version",
          IMPORT.unknown_version.format(version=3, versions="1 and 2")),
    _json("json a field twice",
          json_file(json_document()).replace('"version": 1,', '"version": 1, "version": 1,'),
          line_of(json_file(json_document()), '"version"'), "version", IMPORT.field_twice),
    _json("json not an object", "[1, 2, 3]\n", 1, None, IMPORT.not_one_object),
    _json("json syntax error",
          '{\n  "format": "open-door-journal",\n  "version": 1,\n  "checkins": [],\n'
          '  "reflections": [],\n}\n', 6, None, words(IMPORT.not_json)),
    Bad("plain prose", "notes.txt",
        b"I felt better today.\nWe talked for an hour about the appointment.\n",
        1, None, words(IMPORT.missing_columns)),
    Bad("png image", "photo.png", PNG, None, None, words(IMPORT.not_a_text_file)),
    Bad("binary without NUL bytes", "data.bin", b"\x89\xfe\xff" * 40, 1, None, IMPORT.not_utf8),
    Bad("empty file", "journal.csv", b"", None, None, words(IMPORT.empty)),
    Bad("only blank lines", "journal.json", b"\n  \n\n", None, None, words(IMPORT.empty)),
    Bad("missing file", "no-such-file.json", None, None, None, "does not exist"),
]


@pytest.fixture
def journal_before(fresh_journal: Journal) -> Journal:
    fresh_journal.add_checkin(make_checkin("self", {"hope": 2}, uid="c1"))
    fresh_journal.set_setting("perspective", "self")
    return fresh_journal


@pytest.mark.parametrize("bad", BAD_FILES, ids=[b.name for b in BAD_FILES])
def test_bad_import_names_line_and_field_and_changes_nothing(
    bad: Bad, tmp_path: Path, data_dir: Path, journal_before: Journal
) -> None:
    source = tmp_path / bad.filename
    if bad.data is not None:
        source.write_bytes(bad.data)

    # Into a journal that does not exist yet: nothing is created.
    empty = other_journal(tmp_path, "empty")
    with pytest.raises(ImportProblem) as caught:
        import_file(empty, source)
    assert not empty.path.parent.exists()

    message = str(caught.value)
    assert caught.value.line == bad.line, message
    assert caught.value.field == bad.field, message
    if bad.line is not None:
        assert message.startswith(IMPORT.line.format(line=bad.line)), message
    if bad.field is not None:
        assert IMPORT.field.format(name=bad.field) in message
    assert bad.says in message

    # Into a journal with entries: not one byte changes.
    before = (digest(journal_before.path), sorted(os.listdir(data_dir)))
    with pytest.raises(ImportProblem) as again:
        import_file(journal_before, source)
    assert str(again.value) == message
    assert (digest(journal_before.path), sorted(os.listdir(data_dir))) == before


def test_json_error_points_at_the_line_where_the_bad_entry_opens(tmp_path: Path) -> None:
    document = json_document()
    document["checkins"].append(  # type: ignore[union-attr]
        {"id": "c3", "when": "2026-03-05", "perspective": "self",
         "ratings": {"hope": 2, "fear": 11}},
    )
    text = json_file(document)
    expected = line_of_object(text, '"id": "c3"')
    assert expected > 20  # well away from the top, so a default of line 1 cannot pass
    assert text.splitlines()[expected - 1].strip() == "{"
    source = tmp_path / "journal.json"
    source.write_text(text, encoding="utf-8")
    with pytest.raises(ImportProblem) as caught:
        read_import(source)
    assert caught.value.line == expected
    assert caught.value.field == "checkins[2].ratings.fear"


def test_csv_error_line_counts_notes_that_span_lines(tmp_path: Path) -> None:
    rows = [{**CHECKIN, "id": f"c{i}", "note": "a\nb\nc"} for i in range(3)]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=csv_columns(), lineterminator="\n")
    writer.writeheader()
    writer.writerows([*rows, bad_checkin(id="c9", rating_fear="99")])
    source = tmp_path / "journal.csv"
    source.write_text(buffer.getvalue(), encoding="utf-8")
    with pytest.raises(ImportProblem) as caught:
        read_import(source)
    assert caught.value.line == 1 + 3 * 3 + 1


@pytest.mark.parametrize(
    "make_source",
    [lambda p: p.mkdir(), lambda p: p.write_bytes(b"\xef\xbb\xbf")],
    ids=["a folder", "only a BOM"],
)
def test_import_of_a_folder_or_a_bare_bom_is_refused(
    tmp_path: Path, make_source: Callable[[Path], object]
) -> None:
    source = tmp_path / "journal.csv"
    make_source(source)
    with pytest.raises(ImportProblem) as caught:
        read_import(source)
    assert str(source) in str(caught.value)


# --- files written by export -------------------------------------------------------------


@pytest.mark.parametrize("name", ["journal.json", "journal.csv"])
def test_export_out_file_is_private(
    filled: Journal, tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / name
    old_umask = os.umask(0)
    try:
        assert cli.main(["data", "export", "--out", str(out)]) == 0
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    expected = export_csv(filled) if name.endswith(".csv") else export_json(filled)
    assert out.read_bytes().decode("utf-8") == expected  # \r\n inside a note kept as is
    assert str(out) in capsys.readouterr().err


def test_export_force_makes_an_open_file_private(filled: Journal, tmp_path: Path) -> None:
    out = tmp_path / "journal.json"
    out.write_text("old")
    os.chmod(out, 0o644)
    assert cli.main(["data", "export", "--out", str(out), "--force"]) == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert out.read_bytes().decode("utf-8") == export_json(filled)


# --- inputs that used to crash, hang or mislead (issue 10) ------------------------------

FAR_FUTURE = datetime(2500, 1, 1, 12, 0, tzinfo=UTC)


def cli_import(source: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """Run ``workbook data import`` in this process; its exit code and its one message."""
    code = cli.main(["data", "import", str(source)])
    captured = capsys.readouterr()
    return code, captured.err


def assert_refused(
    source: Path, journal_before: Journal, data_dir: Path, capsys: pytest.CaptureFixture[str],
    *, line: int | None, field: str | None, says: str,
) -> None:
    """The CLI import says what is wrong in one message, exits 1 and changes nothing."""
    before = (digest(journal_before.path), sorted(os.listdir(data_dir)))
    code, err = cli_import(source, capsys)
    assert code == 1, err
    assert "Traceback" not in err and NOTHING_IMPORTED in err
    where = ", ".join(([IMPORT.line.format(line=line)] if line else [])
                      + ([IMPORT.field.format(name=field)] if field else []))
    assert where in err, err
    assert says in err, err
    assert (digest(journal_before.path), sorted(os.listdir(data_dir))) == before


def test_deeply_nested_json_is_refused_with_a_message(
    tmp_path: Path, data_dir: Path, journal_before: Journal, capsys: pytest.CaptureFixture[str]
) -> None:
    text = json_file(json_document(note="NESTED"))
    text = text.replace('"NESTED"', "[" * 100_000 + "]" * 100_000)
    source = tmp_path / "journal.json"
    source.write_text(text, encoding="utf-8")
    assert_refused(source, journal_before, data_dir, capsys, line=SECOND_CHECKIN_LINE,
                   field=None, says=IMPORT.too_deep)


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_a_number_with_thousands_of_digits_is_refused_with_a_message(
    tmp_path: Path, data_dir: Path, journal_before: Journal, capsys: pytest.CaptureFixture[str],
    fmt: str,
) -> None:
    huge = "7" * 5000
    source = tmp_path / f"journal.{fmt}"
    if fmt == "json":
        text = json_file(json_document(ratings={"fear": 4242})).replace("4242", huge)
        line, field = SECOND_CHECKIN_LINE, None
    else:
        text = csv_file(bad_checkin(rating_fear=huge))
        line, field = BAD_ROW_LINE, "rating_fear"
    source.write_text(text, encoding="utf-8")
    assert_refused(source, journal_before, data_dir, capsys, line=line, field=field,
                   says=IMPORT.too_many_digits if fmt == "json" else words(ENTRY.out_of_range))


def test_a_lone_surrogate_is_refused_with_a_message(
    tmp_path: Path, data_dir: Path, journal_before: Journal, capsys: pytest.CaptureFixture[str]
) -> None:
    # JSON can spell half of a character pair (\ud800), which is not text and cannot be saved.
    text = json_file(json_document(note="HALF")).replace('"HALF"', '"half \\ud800 a pair"')
    source = tmp_path / "journal.json"
    source.write_text(text, encoding="utf-8")
    assert_refused(source, journal_before, data_dir, capsys, line=SECOND_CHECKIN_LINE,
                   field="checkins[1].note", says="U+D800")


@pytest.mark.parametrize(("column", "value"), [("text", "a\x00b"), ("event", "bell\x07")])
def test_a_control_character_in_a_csv_cell_is_refused_with_line_and_field(
    tmp_path: Path, data_dir: Path, journal_before: Journal, capsys: pytest.CaptureFixture[str],
    column: str, value: str,
) -> None:
    # Far enough into the file that a "binary file" sniff of the first bytes cannot catch it.
    rows = [{**CHECKIN, "id": f"c{i}", "note": "x" * 100} for i in range(100)]
    bad = {**REFLECTION, "id": "r9", column: value}
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=csv_columns(), lineterminator="\n")
    writer.writeheader()
    writer.writerows([*rows, bad])
    source = tmp_path / "journal.csv"
    source.write_text(buffer.getvalue(), encoding="utf-8")
    assert source.stat().st_size > 8192
    assert_refused(source, journal_before, data_dir, capsys, line=1 + 100 + 1,
                   field=column, says=words(ENTRY.unsavable))


def test_a_journal_holding_a_nul_from_an_older_version_still_restores_from_csv(
    fresh_journal: Journal, tmp_path: Path
) -> None:
    # Saved before input refused NUL (no check then): the CSV backup must still import.
    fresh_journal.add_checkin(CheckIn(when=datetime(2026, 3, 1, tzinfo=UTC),
                                      perspective="self", ratings={"hope": 3},
                                      note="before\x00after", uid="old-nul"))
    backup = tmp_path / "backup.csv"
    backup.write_text(export_csv(fresh_journal), encoding="utf-8", newline="")
    target = other_journal(tmp_path)
    assert import_file(target, backup) == ImportSummary(1, 0, 0)
    assert target.checkins()[0].note == "beforeafter"


FORMULAS = ['=HYPERLINK("http://example.com","click")', "+1 call the GP", "-5 today",
            "@home", "'=already quoted", "''=twice", "'tis fine", "a = b"]


def test_csv_cells_a_spreadsheet_would_run_are_neutralised_and_restored(
    fresh_journal: Journal, tmp_path: Path
) -> None:
    for i, text in enumerate(FORMULAS):
        fresh_journal.add_checkin(make_checkin("self", {"hope": 3}, note=text,
                                               when=datetime(2026, 3, 1, i, tzinfo=UTC)))
        fresh_journal.add_reflection(make_reflection(text, event=text, uid=f"-r{i}",
                                                     when=datetime(2026, 3, 2, i, tzinfo=UTC)))
    exported = export_csv(fresh_journal)
    cells = [cell for row in csv.reader(io.StringIO(exported, newline="")) for cell in row]
    risky = [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert risky == []
    assert "'=HYPERLINK(\"http://example.com\",\"click\")" in cells
    assert "'-r0" in cells  # an id a spreadsheet would read as a formula
    source = tmp_path / "journal.csv"
    source.write_text(exported, encoding="utf-8", newline="")
    target = other_journal(tmp_path)
    import_file(target, source)
    assert [c.note for c in target.checkins()] == FORMULAS
    assert [r.text for r in target.reflections()] == FORMULAS
    assert export_csv(target) == exported  # byte for byte


def test_a_date_far_in_the_future_is_refused_with_a_message(
    tmp_path: Path, data_dir: Path, journal_before: Journal, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "journal.csv"
    source.write_text(csv_file(bad_reflection(when="2500-01-01")), encoding="utf-8")
    assert_refused(source, journal_before, data_dir, capsys, line=BAD_ROW_LINE, field="when",
                   says=words(ENTRY.in_the_future))
    tomorrow_here = datetime.now(UTC).astimezone() + timedelta(hours=20)
    assert make_reflection("time zones differ", when=tomorrow_here).when == (
        tomorrow_here.replace(microsecond=0))


@pytest.mark.parametrize("kind", ["fifo", "dev-zero"])
def test_a_pipe_or_device_is_refused_at_once_with_a_reason(
    tmp_path: Path, data_dir: Path, kind: str
) -> None:
    source = tmp_path / "journal.json"
    if kind == "fifo":
        os.mkfifo(source)
    else:
        source.symlink_to("/dev/zero")
    # In a child process with a memory cap and a timeout: the old code waited forever for
    # a writer to the pipe, and read /dev/zero until memory ran out.
    result = run_capped(["-m", "workbook", "data", "import", str(source)], data_dir)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert "not a regular file" in result.stderr and NOTHING_IMPORTED in result.stderr
    assert not data_dir.exists()


def run_capped(args: list[str], data_dir: Path, memory: int = 1 << 30,
               timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run Python with ``args`` under an address-space cap; a hang counts as a failure."""
    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    try:
        return subprocess.run([sys.executable, *args], env={**os.environ,
                              paths.DATA_DIR_ENV: str(data_dir)}, preexec_fn=cap,
                              capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{args} did not finish within {timeout} s")


MEASURE_IMPORT = """
import re, sys, tracemalloc
from pathlib import Path
from workbook.journal.store import Journal
from workbook.journal.transfer import import_file

tracemalloc.start()
summary = import_file(Journal(Path(sys.argv[2])), Path(sys.argv[1]))
# The high-water mark of this program's memory (not counting the pytest process it was
# forked from, which ru_maxrss would).
peak_kb = re.search(r"VmHWM:\\s+(\\d+) kB", Path("/proc/self/status").read_text()).group(1)
print(summary.checkins_added + summary.reflections_added,
      tracemalloc.get_traced_memory()[1], int(peak_kb) * 1024)
"""


def write_big_export(path: Path, fmt: str, entries: int) -> None:
    """A valid export of ``entries`` check-ins with long notes, written as it is made."""
    note = "A long evening; we talked about the appointment again. " * 80
    factors = [f.id for f in content.factors() if "self" in f.perspectives]
    start = datetime(2020, 1, 1, tzinfo=UTC)
    with path.open("w", encoding="utf-8", newline="") as out:
        if fmt == "json":
            out.write('{\n  "format": "open-door-journal",\n  "version": 1,\n  "checkins": [\n')
        else:
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(csv_columns())
        for i in range(entries):
            when = (start + timedelta(minutes=i)).isoformat(timespec="seconds")
            ratings = {f: (i + n) % 11 for n, f in enumerate(factors)}
            if fmt == "json":
                record = {"id": f"big-{i}", "when": when, "perspective": "self",
                          "person": None, "note": note, "ratings": ratings}
                text = json.dumps(record, indent=2).replace("\n", "\n    ")
                out.write(("    " if i == 0 else ",\n    ") + text)
            else:
                row = {"entry": "checkin", "id": f"big-{i}", "when": when,
                       "perspective": "self", "note": note,
                       **{f"rating_{f}": r for f, r in ratings.items()}}
                writer.writerow([row.get(c, "") for c in csv_columns()])
        if fmt == "json":
            out.write('\n  ],\n  "reflections": []\n}\n')


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_a_large_import_keeps_memory_far_below_the_file_size(
    tmp_path: Path, data_dir: Path, fmt: str
) -> None:
    entries = 12_000
    source = tmp_path / f"big.{fmt}"
    write_big_export(source, fmt, entries)
    size = source.stat().st_size
    assert size > 50_000_000
    result = run_capped(["-c", MEASURE_IMPORT, str(source), str(tmp_path / "j.sqlite3")],
                        data_dir, memory=4 << 30, timeout=600)
    assert result.returncode == 0, result.stderr
    imported, python_peak, rss_peak = map(int, result.stdout.split())
    assert imported == entries
    # The old import held the file, its text and every entry at once (about 7x the size).
    # Now Python holds a piece of the file and one entry at a time (under 1% of this file);
    # the process as a whole stays near what Python and the workbook need to start.
    assert python_peak < size / 50, (python_peak, size)
    assert rss_peak < 100_000_000 + size / 10, (rss_peak, size)


@pytest.mark.parametrize("name", ["journal.json", "journal.csv"])
def test_a_file_of_only_line_breaks_is_empty_without_filling_memory(
    tmp_path: Path, name: str
) -> None:
    source = tmp_path / name
    with source.open("wb") as out:
        for _ in range(30):
            out.write(b"\n" * 1_000_000)
    tracemalloc.start()
    try:
        with pytest.raises(ImportProblem, match=re.escape(words(IMPORT.empty))):
            read_import(source)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # The old import held the bytes, the text and an index of every line break (GBs).
    assert peak < 1_000_000, peak


@pytest.mark.parametrize("piece", [1, 7, 64, 4096])
@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_entries_cut_by_the_reading_pieces_read_the_same(
    filled: Journal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, piece: int, fmt: str
) -> None:
    # The file is read in pieces; an entry, a number, "true" or a \r\n may be cut anywhere.
    source = tmp_path / f"journal.{fmt}"
    text = export_text(filled, fmt)  # type: ignore[arg-type]
    if fmt == "json":
        text = text.replace("\n", "\r\n")  # CSV has \r\n inside a note already
    source.write_text(text, encoding="utf-8", newline="")
    whole = read_import(source)
    monkeypatch.setattr(transfer, "READ_SIZE", piece)
    assert read_import(source) == whole
    assert (whole.checkins, whole.reflections) == (tuple(filled.checkins()),
                                                   tuple(filled.reflections()))


def test_an_entry_longer_than_any_real_one_is_refused_with_its_line(tmp_path: Path) -> None:
    text = json_file(json_document(note="LONG")).replace("LONG", "x" * 2_000_000)
    source = tmp_path / "journal.json"
    source.write_text(text, encoding="utf-8")
    with pytest.raises(ImportProblem, match=re.escape(words(IMPORT.entry_too_long))) as caught:
        read_import(source)
    assert caught.value.line == SECOND_CHECKIN_LINE
