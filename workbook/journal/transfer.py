"""Export the journal to CSV or JSON, and import what export writes.

Import reads and checks the whole file before it writes anything, then adds
all entries in one transaction: a bad file changes nothing. The file is read in
pieces and never held whole, so memory stays flat however big it is. Every
problem is reported with its line and field, for example::

    line 7, field 'rating_fear': 12 is out of range. Ratings go from 0 to 10.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import json
import os
import re
import sqlite3
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from .. import content
from ..files import write_private_file as write_private_file  # its home before files.py
from ..regular_files import UnreadableFile, open_regular
from . import legacy_forms
from .model import (
    CheckIn,
    InvalidEntry,
    Reflection,
    make_checkin,
    make_reflection,
    parse_when,
    shown,
    without_unsavable,
)
from .perspective import SETTING_KEY as PERSPECTIVE_SETTING
from .perspective import check_choice, load_perspective
from .store import ImportSummary, Journal

Format = Literal["csv", "json"]
FORMATS: tuple[Format, ...] = ("csv", "json")
FORMAT_NAME = "open-door-journal"
# Version 2 added each reflection's form ``kind`` and ``answers`` by field id, and the
# settings (the perspective). Version 1 files still import: their form answers are
# read back from the text, as journal migration 2 does.
FORMAT_VERSION = 2
READS_VERSIONS = (1, 2)
RATING_PREFIX = "rating_"
BASE_COLUMNS = (
    "entry", "id", "when", "perspective", "person", "note",
    "text", "mood", "stress", "tags", "event",
)
# Written since version 2; a CSV file without them is read like version 1.
FORM_COLUMNS = ("kind", "answers")
CHECKIN_COLUMNS = ("perspective", "person", "note")
REFLECTION_COLUMNS = ("text", "mood", "stress", "tags", "event")
CHECKIN_KEYS = {"id", "when", "perspective", "person", "note", "ratings"}
REFLECTION_KEYS = {"id", "when", "text", "mood", "stress", "tags", "event"}
REFLECTION_KEYS_V2 = REFLECTION_KEYS | set(FORM_COLUMNS)
TOP_KEYS = {"format", "version", "checkins", "reflections"}
TOP_KEYS_V2 = TOP_KEYS | {"settings"}
# The settings an export carries: the reader's answers, not this computer's own codes.
EXPORTED_SETTINGS = (PERSPECTIVE_SETTING,)
TAG_SEPARATOR = "; "

# An import file is read in pieces and never held whole (see import_file).
READ_SIZE = 1 << 14  # bytes read at a time: a few dozen entries
# The most one entry (a JSON object, or a CSV line) may hold. The longest real one, a
# 20,000-character note written as \\u escapes, is about 130,000 characters.
MAX_ENTRY_CHARS = 1 << 20
_NOT_JSON_SPACE = re.compile(r"[^ \t\n\r]")
_DECODER = json.JSONDecoder()
# Characters from the end of the text read so far within which a JSON error may just
# be a value cut off by the end of a piece ("tr" of true, "\\u12" of an escape).
_NEAR_THE_END = 16
# A cell a spreadsheet would run as a formula starts with one of these (OWASP's list).
# Export puts an apostrophe in front, which spreadsheets take as "this is text"; a cell
# that already starts with apostrophes before one of them gets one more, so that import
# takes exactly one away and every cell comes back as it was.
_FORMULA_START = re.compile(r"'*[=+\-@\t\r]")


class ImportProblem(ValueError):
    """The import file has a problem; nothing was written."""

    def __init__(self, message: str, line: int | None = None, field: str | None = None) -> None:
        say = _say()
        where = []
        if line is not None:
            where.append(say.line.format(line=line))
        if field is not None:
            # A field name comes from the file: show it printable and short.
            name = field if field.isprintable() and len(field) <= 80 else shown(field, 80)
            where.append(say.field.format(name=name))
        super().__init__(say.where.format(where=", ".join(where), problem=message)
                         if where else message)
        self.line = line
        self.field = field


@dataclass(frozen=True)
class ParsedImport:
    format: Format
    checkins: tuple[CheckIn, ...]
    reflections: tuple[Reflection, ...]
    settings: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Record:
    """One entry read from an import file, and where it is."""

    entry: CheckIn | Reflection
    line: int
    id_field: str  # the field holding its id, for the message about an id used twice


# --- export ---------------------------------------------------------------------


def checkin_record(checkin: CheckIn) -> dict[str, Any]:
    return {
        "id": checkin.uid,
        "when": checkin.when.isoformat(timespec="seconds"),
        "perspective": checkin.perspective,
        "person": checkin.person,
        "note": without_unsavable(checkin.note),
        "ratings": dict(checkin.ratings),
    }


def reflection_record(reflection: Reflection) -> dict[str, Any]:
    return {
        "id": reflection.uid,
        "when": reflection.when.isoformat(timespec="seconds"),
        "text": without_unsavable(reflection.text),
        "mood": reflection.mood,
        "stress": reflection.stress,
        "tags": list(reflection.tags),
        "event": None if reflection.event is None else without_unsavable(reflection.event),
        "kind": reflection.kind,
        "answers": dict(reflection.answers),
    }


def exported_settings(journal: Journal) -> dict[str, Any]:
    """The settings an export carries, as the workbook reads them (a damaged one is left out)."""
    choice = load_perspective(journal)
    if choice is None:
        return {}
    return {PERSPECTIVE_SETTING: {"perspective": choice.perspective, "person": choice.person}}


def export_document(journal: Journal) -> dict[str, Any]:
    """The whole journal as plain data (what the JSON export holds)."""
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "checkins": [checkin_record(c) for c in journal.checkins()],
        "reflections": [reflection_record(r) for r in journal.reflections()],
        "settings": exported_settings(journal),
    }


def export_json(journal: Journal) -> str:
    return json.dumps(export_document(journal), indent=2, ensure_ascii=False) + "\n"


def csv_columns() -> list[str]:
    return [*BASE_COLUMNS, *FORM_COLUMNS, *(RATING_PREFIX + f for f in content.factor_ids())]


def export_csv(journal: Journal) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=csv_columns(), lineterminator="\n")
    writer.writeheader()
    for checkin in journal.checkins():
        row: dict[str, Any] = {
            "entry": "checkin", "id": checkin.uid,
            "when": checkin.when.isoformat(timespec="seconds"),
            "perspective": checkin.perspective, "person": checkin.person or "",
            "note": without_unsavable(checkin.note),
        }
        row.update({RATING_PREFIX + f: r for f, r in checkin.ratings.items()})
        writer.writerow(_cells(row))
    for reflection in journal.reflections():
        writer.writerow(_cells({
            "entry": "reflection", "id": reflection.uid,
            "when": reflection.when.isoformat(timespec="seconds"),
            "text": without_unsavable(reflection.text),
            "mood": "" if reflection.mood is None else reflection.mood,
            "stress": "" if reflection.stress is None else reflection.stress,
            "tags": TAG_SEPARATOR.join(reflection.tags),
            "event": without_unsavable(reflection.event or ""),
            "kind": reflection.kind or "",
            "answers": (json.dumps(dict(reflection.answers), ensure_ascii=False)
                        if reflection.answers else ""),
        }))
    return buffer.getvalue()


def _cells(row: Mapping[str, Any]) -> dict[str, Any]:
    return {k: _to_cell(v) if isinstance(v, str) else v for k, v in row.items()}


def export_text(journal: Journal, fmt: Format) -> str:
    if fmt == "csv":
        return export_csv(journal)
    if fmt == "json":
        return export_json(journal)
    raise ValueError(_say().unknown_format.format(format=repr(fmt), formats=", ".join(FORMATS)))


def _say() -> content.ImportFileMessages:
    return content.messages().import_file


def _with_fix(problem: str) -> str:
    """A problem with the file as a whole, and what import reads."""
    return f"{problem} {_say().how_to_fix}"


# --- import -----------------------------------------------------------------------


class _ImportFile:
    """An import file read from the start in pieces of UTF-8 text, never whole.

    Knows its format from its name, or else from its first character.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        try:
            self._file, _size = open_regular(self.path)
        except UnreadableFile as exc:
            raise ImportProblem(_say().unreadable.format(path=path, reason=exc.reason)) \
                from None
        self.identity = self._identity()
        first = next((piece.lstrip()[:1] for piece in self.pieces() if piece.strip()), "")
        if not first:
            self.close()
            raise ImportProblem(_with_fix(_say().empty.format(path=path)))
        suffix = self.path.suffix.lower()
        json_like = suffix == ".json" or (suffix != ".csv" and first in "{[")
        self.format: Format = "json" if json_like else "csv"
        # Found while the entries are read: a JSON file's version and settings.
        self.version: int | None = None
        self.settings: dict[str, Any] = {}

    def _identity(self) -> tuple[int, ...]:
        status = os.fstat(self._file.fileno())
        return status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns

    def check_unchanged(self, identity: tuple[int, ...]) -> None:
        if self._identity() != identity:
            raise ImportProblem(_say().changed.format(path=self.path))

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> _ImportFile:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def pieces(self) -> Iterator[str]:
        """The text from the start, in pieces; bytes that are not UTF-8 stop it with their line."""
        self._file.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8-sig")()
        lines_before = 0
        first = True
        while True:
            try:
                raw = self._file.read(READ_SIZE)
            except OSError as exc:
                raise ImportProblem(_say().could_not_read.format(path=self.path,
                                                                 problem=exc.strerror)) from None
            if first and b"\x00" in raw[:8192]:
                raise ImportProblem(_with_fix(_say().not_a_text_file.format(path=self.path)))
            first = False
            try:
                text = decoder.decode(raw, final=not raw)
            except UnicodeDecodeError as exc:
                # exc.object: the bytes held back from the last piece (never a line
                # break: those are whole characters) and this piece.
                line = lines_before + exc.object[: exc.start].count(b"\n") + 1
                raise ImportProblem(_with_fix(_say().not_utf8), line=line) from None
            lines_before += raw.count(b"\n")
            if text:
                yield text
            if not raw:
                return

    def records(self, version: int | None = None) -> Iterator[Record]:
        """Every entry in the file, each checked as it is read, with its line.

        ``version``: a JSON file's version if known already (from a first reading).
        """
        if self.format == "json":
            return _json_records(_JsonReader(self.pieces()), self, version)
        return _csv_records(_csv_lines(self.pieces()))


class _SeenIds:
    """The ids met so far in an import file.

    Kept in a temporary SQLite database (on disk, deleted when closed; ids only), so that
    a file of millions of entries does not fill memory.
    """

    def __enter__(self) -> _SeenIds:
        self._db = sqlite3.connect("", isolation_level=None)
        self._db.execute("PRAGMA journal_mode = OFF")
        self._db.execute("CREATE TABLE seen (uid TEXT PRIMARY KEY) WITHOUT ROWID")
        self._db.execute("BEGIN")
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._db.close()

    def add(self, record: Record) -> None:
        uid = record.entry.uid
        try:
            self._db.execute("INSERT INTO seen VALUES (?)", (uid,))
        except sqlite3.IntegrityError:
            raise ImportProblem(
                _say().id_twice.format(uid=repr(uid)), record.line, record.id_field
            ) from None


def _checked_entries(source: _ImportFile) -> Iterator[CheckIn | Reflection]:
    """Every entry of the file, checked; an id used twice is refused."""
    with _SeenIds() as seen:
        for record in source.records():
            seen.add(record)
            yield record.entry
    source.check_unchanged(source.identity)


def read_import(path: Path) -> ParsedImport:
    """Read and check an import file, keeping its entries: for small files such as the
    sample. Raises :class:`ImportProblem` on the first problem. :func:`import_file`
    keeps none of them."""
    with _ImportFile(path) as source:
        entries = list(_checked_entries(source))
    return ParsedImport(
        source.format,
        tuple(e for e in entries if isinstance(e, CheckIn)),
        tuple(e for e in entries if isinstance(e, Reflection)),
        source.settings,
    )


def import_file(journal: Journal, path: Path) -> ImportSummary:
    """Check the whole file, then add its entries in one transaction.

    The file is read twice and never held whole: first every entry is checked and
    nothing is written (so a bad file changes nothing, and creates no journal), then the
    entries are added as they are read again. Should the file change in between,
    the transaction is rolled back.
    """
    with _ImportFile(path) as first:
        for _entry in _checked_entries(first):
            pass
    with _ImportFile(path) as second:
        second.check_unchanged(first.identity)
        return journal.import_stream(
            _entries_of_unchanged(second, first.identity, first.version), first.settings
        )


def _entries_of_unchanged(
    source: _ImportFile, identity: tuple[int, ...], version: int | None
) -> Iterator[CheckIn | Reflection]:
    for record in source.records(version):
        yield record.entry
    source.check_unchanged(identity)


# --- CSV ---------------------------------------------------------------------------


def _to_cell(value: str) -> str:
    """A CSV cell a spreadsheet shows as text instead of running it (see _FORMULA_START)."""
    return "'" + value if _FORMULA_START.match(value) else value


def _from_cell(value: str) -> str:
    return value[1:] if value[:1] == "'" and _FORMULA_START.match(value, 1) else value


def _csv_lines(pieces: Iterator[str]) -> Iterator[str]:
    """Lines with their endings (\\r\\n, \\r or \\n), as csv.reader wants them."""
    rest = ""
    lines = 0
    for piece in pieces:
        text = rest + piece
        # Up to the last line end; a \r that ends the text waits: a \n may follow it.
        cut = max(text.rfind("\n"), text.rfind("\r", 0, len(text) - 1)) + 1
        for line in io.StringIO(text[:cut], newline=""):
            lines += 1
            yield line
        rest = text[cut:]
        if len(rest) > MAX_ENTRY_CHARS:
            raise ImportProblem(
                _with_fix(_say().line_too_long.format(most=f"{MAX_ENTRY_CHARS:,}")),
                line=lines + 1,
            )
    if rest:
        yield rest


def _csv_records(lines: Iterator[str]) -> Iterator[Record]:
    reader = csv.reader(lines)
    try:
        header = next(reader)
    except csv.Error as exc:
        raise ImportProblem(_with_fix(_say().not_csv.format(problem=exc)), line=1) from None
    except StopIteration:
        header = []
    header = [h.strip() for h in header]
    missing = [c for c in BASE_COLUMNS if c not in header]
    if missing:
        raise ImportProblem(
            _with_fix(_say().missing_columns.format(columns=", ".join(missing))), line=1
        )
    known_factors = content.factor_ids()
    for name in header:
        if name in BASE_COLUMNS or name in FORM_COLUMNS:
            continue
        if name.startswith(RATING_PREFIX):
            factor_id = name[len(RATING_PREFIX):]
            if factor_id not in known_factors:
                raise ImportProblem(
                    content.messages().entry.unknown_factor.format(
                        factor=shown(factor_id), known=", ".join(known_factors)),
                    line=1, field=name,
                )
            continue
        raise ImportProblem(
            _say().unknown_column.format(columns=", ".join((*BASE_COLUMNS, *FORM_COLUMNS)),
                                         prefix=RATING_PREFIX), line=1, field=name,
        )
    duplicated = sorted({h for h in header if header.count(h) > 1})
    if duplicated:
        raise ImportProblem(_say().column_twice, line=1, field=duplicated[0])

    line = reader.line_num
    while True:
        start_line = line + 1
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise ImportProblem(_say().not_valid_csv.format(problem=exc),
                                line=start_line) from None
        line = reader.line_num
        if not any(v.strip() for v in values):
            continue  # blank line
        if len(values) != len(header):
            raise ImportProblem(
                _say().row_length.format(values=len(values), columns=len(header)),
                line=start_line,
            )
        row = dict(zip(header, map(_from_cell, values), strict=True))
        yield Record(_csv_entry(row, start_line), start_line, "id")


def _csv_entry(row: Mapping[str, str], line: int) -> CheckIn | Reflection:
    kind = row["entry"].strip()
    ratings = {
        name[len(RATING_PREFIX):]: value
        for name, value in row.items()
        if name.startswith(RATING_PREFIX) and value.strip()
    }
    try:
        when = parse_when(row["when"])
        if kind == "checkin":
            empty = _say().checkin_column_empty
            _must_be_empty(row, REFLECTION_COLUMNS, empty, line)
            _must_be_empty(row, tuple(c for c in FORM_COLUMNS if c in row), empty, line)
            return make_checkin(
                row["perspective"].strip(), ratings, person=row["person"], note=row["note"],
                when=when, uid=row["id"],
            )
        if kind == "reflection":
            _must_be_empty(row, CHECKIN_COLUMNS, _say().reflection_column_empty, line)
            if ratings:
                first = next(iter(ratings))
                raise ImportProblem(_say().ratings_not_empty, line, RATING_PREFIX + first)
            if "kind" not in row and "answers" not in row:
                return _read_old_form(make_reflection(
                    row["text"], mood=row["mood"], stress=row["stress"], tags=row["tags"],
                    event=row["event"], when=when, uid=row["id"],
                ))
            return make_reflection(
                row["text"], mood=row["mood"], stress=row["stress"], tags=row["tags"],
                event=row["event"], when=when, uid=row["id"], kind=row.get("kind"),
                answers=_csv_answers(row.get("answers", "")),
            )
    except InvalidEntry as exc:
        raise ImportProblem(exc.message, line, _csv_field(exc.field)) from None
    raise ImportProblem(_say().not_entry_type.format(kind=repr(kind)), line, "entry")


def _csv_answers(text: str) -> Any:
    if not text.strip():
        return None
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        raise InvalidEntry("answers", _say().answers_not_json) from None


def _read_old_form(reflection: Reflection) -> Reflection:
    """A reflection from a file written before answers had ids (version 1): form
    answers are read back from the text, as journal migration 2 does."""
    found = legacy_forms.read_form(reflection.text, reflection.tags)
    if found is None:
        return reflection
    return replace(reflection, kind=found[0], answers=found[1])


def _csv_field(model_field: str) -> str:
    if model_field.startswith("answers."):
        return "answers"
    if model_field.startswith("ratings."):
        return RATING_PREFIX + model_field.split(".", 1)[1]
    return model_field


def _must_be_empty(
    row: Mapping[str, str], columns: tuple[str, ...], problem: str, line: int
) -> None:
    for column in columns:
        if row[column].strip():
            raise ImportProblem(problem, line, column)


# --- JSON --------------------------------------------------------------------------


class _JsonReader:
    """JSON values read one at a time from pieces of text, with the line count kept.

    The standard decoder (its fast C scanner) parses each value; this only walks the
    top-level object and its two lists, so that each entry is parsed, checked and let
    go on its own.
    """

    def __init__(self, pieces: Iterator[str]) -> None:
        self._pieces = pieces
        self._text = ""
        self._pos = 0
        self._at_end = False
        self.line = 1  # of the character at _pos
        self._column = 1

    def _more(self) -> None:
        piece = next(self._pieces, None)
        if piece is None:
            self._at_end = True
        else:
            self._text = self._text[self._pos :] + piece
            self._pos = 0

    def _where(self, pos: int) -> tuple[int, int]:
        """The line and column of the character at ``pos`` (not before ``_pos``)."""
        newlines = self._text.count("\n", self._pos, pos)
        if newlines:
            return self.line + newlines, pos - self._text.rfind("\n", self._pos, pos)
        return self.line, self._column + pos - self._pos

    def _move_to(self, pos: int) -> None:
        if pos != self._pos:
            self.line, self._column = self._where(pos)
            self._pos = pos

    def not_json(self, message: str, pos: int | None = None) -> ImportProblem:
        line, column = self._where(self._pos if pos is None else pos)
        return ImportProblem(
            _with_fix(_say().not_json.format(column=column, problem=message)), line
        )

    def peek(self) -> str:
        """Skip white space; the next character, or "" at the end of the file."""
        while True:
            found = _NOT_JSON_SPACE.search(self._text, self._pos)
            if found:
                self._move_to(found.start())
                return self._text[self._pos]
            self._move_to(len(self._text))
            if self._at_end:
                return ""
            self._more()

    def take(self, expected: str, what: str) -> None:
        if self.peek() != expected:
            raise self.not_json(_say().expecting.format(what=what))
        self._move_to(self._pos + 1)

    def value(self) -> Any:
        """The next value: an entry, or a top-level field."""
        self.peek()
        while True:
            try:
                value, end = _DECODER.raw_decode(self._text, self._pos)
                if end < len(self._text) or self._at_end:  # else a number may go on
                    self._move_to(end)
                    return value
            except json.JSONDecodeError as exc:
                # An error at the end of what is read so far may only mean that the rest
                # of the value is not read yet.
                cut_short = (exc.msg.startswith("Unterminated string")
                             or len(self._text) - exc.pos < _NEAR_THE_END)
                if self._at_end or not cut_short:
                    raise self.not_json(exc.msg, exc.pos) from None
            except RecursionError:
                raise ImportProblem(_with_fix(_say().too_deep), self.line) from None
            except ValueError:  # Python's limit of 4300 digits in a number
                raise ImportProblem(_with_fix(_say().too_many_digits), self.line) from None
            if len(self._text) - self._pos > MAX_ENTRY_CHARS:
                raise ImportProblem(
                    _with_fix(_say().entry_too_long.format(most=f"{MAX_ENTRY_CHARS:,}")),
                    self.line,
                )
            self._more()


def _json_records(
    reader: _JsonReader, found: _ImportFile, version: int | None
) -> Iterator[Record]:
    """The entries of an export: one object holding format, version, two lists and (from
    version 2) settings. The version and settings are kept on ``found``.

    Export writes the version before the lists. In a file whose fields were put in
    another order, entries that come before the version are read by ``version`` (known
    from a first reading) or else by the newest version's rules.
    """
    top_line = reader.line
    opening = reader.peek()
    if opening != "{":
        if opening != "[":
            reader.value()  # a syntax error says what is wrong
        raise ImportProblem(_with_fix(_say().not_one_object), top_line)
    reader.take("{", "'{'")
    lines: dict[str, int] = {}  # each top-level field: its line
    while reader.peek() != "}":
        if lines:
            reader.take(",", "',' delimiter")
        if reader.peek() != '"':
            raise reader.not_json(_say().no_property_name)
        line = reader.line
        key = reader.value()
        if key in lines:
            raise ImportProblem(_say().field_twice, line, key)
        lines[key] = line
        reader.take(":", "':' delimiter")
        if key in _JSON_LISTS:
            lists = _JSON_LISTS_V1 if (found.version or version) == 1 else _JSON_LISTS
            yield from _json_list(reader, key, line, lists[key])
            continue
        value = reader.value()
        if key == "format" and value != FORMAT_NAME:
            raise ImportProblem(_with_fix(_say().not_export), line, "format")
        if key == "version":
            if isinstance(value, bool) or value not in READS_VERSIONS:
                raise _unknown_version(value, line)
            found.version = value
        if key == "settings":
            found.settings = _json_settings(value, line)
    reader.take("}", "'}'")
    if reader.peek():
        raise reader.not_json(_say().extra_data)
    if "format" not in lines:
        raise ImportProblem(_with_fix(_say().not_export), 1, "format")
    if found.version is None:
        raise _unknown_version(None, 1)
    allowed = TOP_KEYS if found.version == 1 else TOP_KEYS_V2
    unknown = [key for key in lines if key not in allowed]
    if unknown:
        raise ImportProblem(_say().unknown_field.format(fields=", ".join(sorted(allowed))),
                            lines[unknown[0]], unknown[0])
    for key in _JSON_LISTS:
        if key not in lines:
            raise ImportProblem(_say().field_missing, 1, key)


def _unknown_version(version: object, line: int) -> ImportProblem:
    return ImportProblem(
        _say().unknown_version.format(version=shown(version),
                                      versions=" and ".join(map(str, READS_VERSIONS))),
        line, "version",
    )


_ListRules = tuple[set[str], set[str], Callable[[Mapping[str, Any]], Any]]


def _json_list(
    reader: _JsonReader, key: str, key_line: int, rules: _ListRules
) -> Iterator[Record]:
    if reader.peek() != "[":
        reader.value()
        raise ImportProblem(_say().not_a_list, key_line, key)
    reader.take("[", "'['")
    if reader.peek() == "]":
        reader.take("]", "']'")
        return
    for index in itertools.count():
        line = reader.line  # where the entry opens: peek() stopped there
        yield _json_record(f"{key}[{index}]", reader.value(), line, rules)
        if reader.peek() == "]":
            reader.take("]", "']'")
            return
        reader.take(",", "',' delimiter")
        reader.peek()


def _json_record(where: str, item: object, line: int, rules: _ListRules) -> Record:
    if not isinstance(item, dict):
        raise ImportProblem(_say().not_an_object, line, where)
    allowed, required, build = rules
    _check_keys(item, allowed, required, line, where)
    try:
        entry = build(item)
    except InvalidEntry as exc:
        raise ImportProblem(exc.message, line, f"{where}.{exc.field}") from None
    return Record(entry, line, f"{where}.id")


def _check_keys(
    item: Mapping[str, Any], allowed: set[str], required: set[str], line: int, where: str
) -> None:
    prefix = f"{where}." if where else ""
    for key in item:
        if key not in allowed:
            raise ImportProblem(
                _say().unknown_field.format(fields=", ".join(sorted(allowed))),
                line, f"{prefix}{key}",
            )
    for key in sorted(required):
        if key not in item:
            raise ImportProblem(_say().field_missing, line, f"{prefix}{key}")


def _json_text(item: Mapping[str, Any], key: str) -> Any:
    value = item.get(key)
    if value is not None and not isinstance(value, str):
        raise InvalidEntry(key, _say().not_text)
    return value


def _json_checkin(item: Mapping[str, Any]) -> CheckIn:
    ratings = item["ratings"]
    if not isinstance(ratings, dict):
        raise InvalidEntry("ratings", _say().ratings_not_object)
    for factor_id, value in ratings.items():
        if isinstance(value, bool) or not isinstance(value, int):
            raise InvalidEntry(f"ratings.{factor_id}", _say().not_whole.format(value=repr(value)))
    when = _json_text(item, "when")
    if when is None:
        raise InvalidEntry("when", _say().field_missing)
    return make_checkin(
        item["perspective"], ratings, person=_json_text(item, "person"),
        note=_json_text(item, "note"), when=parse_when(when), uid=_json_text(item, "id"),
    )


def _json_reflection(item: Mapping[str, Any]) -> Reflection:
    tags = item.get("tags") or []
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise InvalidEntry("tags", _say().tags_not_list)
    for key in ("mood", "stress"):
        value = item.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            raise InvalidEntry(key, _say().not_whole.format(value=repr(value)))
    when = _json_text(item, "when")
    if when is None:
        raise InvalidEntry("when", _say().field_missing)
    answers = item.get("answers")
    if answers is not None and not isinstance(answers, dict):
        raise InvalidEntry("answers", content.messages().entry.answers_not_object)
    for field_id, answer in (answers or {}).items():
        if not isinstance(answer, str):
            raise InvalidEntry(f"answers.{field_id}", _say().not_text)
    return make_reflection(
        _json_text(item, "text"), mood=item.get("mood"), stress=item.get("stress"),
        tags=tags, event=_json_text(item, "event"), when=parse_when(when),
        uid=_json_text(item, "id"), kind=_json_text(item, "kind"), answers=answers,
    )


def _json_old_reflection(item: Mapping[str, Any]) -> Reflection:
    return _read_old_form(_json_reflection(item))


def _json_settings(value: Any, line: int) -> dict[str, Any]:
    """Settings from a version 2 file: only the ones export writes, each checked."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ImportProblem(_say().not_an_object, line, "settings")
    _check_keys(value, set(EXPORTED_SETTINGS), set(), line, "settings")
    settings: dict[str, Any] = {}
    if PERSPECTIVE_SETTING in value:
        where = f"settings.{PERSPECTIVE_SETTING}"
        choice = value[PERSPECTIVE_SETTING]
        if not isinstance(choice, dict):
            raise ImportProblem(_say().perspective_not_object, line, where)
        _check_keys(choice, {"perspective", "person"}, {"perspective"}, line, where)
        try:
            settings[PERSPECTIVE_SETTING] = check_choice(choice["perspective"],
                                                         choice.get("person"))
        except InvalidEntry as exc:
            raise ImportProblem(exc.message, line, f"{where}.{exc.field}") from None
    return settings


# What each list of a JSON export holds, by version: allowed fields, required fields,
# the reader. A version 1 file's form answers are read back from the text.
_JSON_LISTS: dict[str, _ListRules] = {
    "checkins": (CHECKIN_KEYS, {"when", "perspective", "ratings"}, _json_checkin),
    "reflections": (REFLECTION_KEYS_V2, {"when"}, _json_reflection),
}
_JSON_LISTS_V1 = {**_JSON_LISTS,
                  "reflections": (REFLECTION_KEYS, {"when"}, _json_old_reflection)}
