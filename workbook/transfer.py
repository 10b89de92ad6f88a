"""Export the journal to CSV or JSON, and import what export writes.

Import reads and checks the whole file before it writes anything, then adds
all entries in one transaction: a bad file changes nothing. Every problem is
reported with its line and field, for example::

    line 7, field 'rating_fear': 12 is out of range. Ratings go from 0 to 10.
"""

from __future__ import annotations

import bisect
import csv
import io
import json
import json.scanner
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from . import content, legacy_forms
from .files import write_private_file as write_private_file  # its home before files.py
from .model import (
    CheckIn,
    InvalidEntry,
    Reflection,
    make_checkin,
    make_reflection,
    parse_when,
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
HOW_TO_FIX = "Import reads the CSV or JSON files that 'workbook data export' writes."


class ImportProblem(ValueError):
    """The import file has a problem; nothing was written."""

    def __init__(self, message: str, line: int | None = None, field: str | None = None) -> None:
        where = []
        if line is not None:
            where.append(f"line {line}")
        if field is not None:
            where.append(f"field '{field}'")
        super().__init__(f"{', '.join(where)}: {message}" if where else message)
        self.line = line
        self.field = field


@dataclass(frozen=True)
class ParsedImport:
    format: Format
    checkins: tuple[CheckIn, ...]
    reflections: tuple[Reflection, ...]
    settings: Mapping[str, Any] = field(default_factory=dict)


# --- export ---------------------------------------------------------------------


def checkin_record(checkin: CheckIn) -> dict[str, Any]:
    return {
        "id": checkin.uid,
        "when": checkin.when.isoformat(timespec="seconds"),
        "perspective": checkin.perspective,
        "person": checkin.person,
        "note": checkin.note,
        "ratings": dict(checkin.ratings),
    }


def reflection_record(reflection: Reflection) -> dict[str, Any]:
    return {
        "id": reflection.uid,
        "when": reflection.when.isoformat(timespec="seconds"),
        "text": reflection.text,
        "mood": reflection.mood,
        "stress": reflection.stress,
        "tags": list(reflection.tags),
        "event": reflection.event,
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
            "note": checkin.note,
        }
        row.update({RATING_PREFIX + f: r for f, r in checkin.ratings.items()})
        writer.writerow(row)
    for reflection in journal.reflections():
        writer.writerow({
            "entry": "reflection", "id": reflection.uid,
            "when": reflection.when.isoformat(timespec="seconds"),
            "text": reflection.text,
            "mood": "" if reflection.mood is None else reflection.mood,
            "stress": "" if reflection.stress is None else reflection.stress,
            "tags": TAG_SEPARATOR.join(reflection.tags), "event": reflection.event or "",
            "kind": reflection.kind or "",
            "answers": (json.dumps(dict(reflection.answers), ensure_ascii=False)
                        if reflection.answers else ""),
        })
    return buffer.getvalue()


def export_text(journal: Journal, fmt: Format) -> str:
    if fmt == "csv":
        return export_csv(journal)
    if fmt == "json":
        return export_json(journal)
    raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")


# --- import -----------------------------------------------------------------------


def read_import(path: Path) -> ParsedImport:
    """Read and check an import file; raise :class:`ImportProblem` on the first problem."""
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise ImportProblem(f"{path} does not exist. Check the file name.") from None
    except IsADirectoryError:
        raise ImportProblem(f"{path} is a folder. Give the path of an exported file.") from None
    except OSError as exc:
        raise ImportProblem(f"{path} could not be read ({exc.strerror}).") from None
    if b"\x00" in raw[:8192]:
        raise ImportProblem(f"{path} is not a text file. {HOW_TO_FIX}")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ImportProblem(f"this is not UTF-8 text. {HOW_TO_FIX}", line=line) from None
    if not text.strip():
        raise ImportProblem(f"{path} is empty. {HOW_TO_FIX}")
    suffix = Path(path).suffix.lower()
    looks_like_json = text.lstrip().startswith(("{", "["))
    if suffix == ".json" or (suffix != ".csv" and looks_like_json):
        return parse_json(text)
    return parse_csv(text)


def import_file(journal: Journal, path: Path) -> ImportSummary:
    """Check the whole file, then add its entries in one transaction."""
    parsed = read_import(path)
    return journal.import_entries(parsed.checkins, parsed.reflections, parsed.settings)


def _duplicate_check(seen: set[str], uid: str, line: int | None, field: str) -> None:
    if uid in seen:
        raise ImportProblem(f"the id {uid!r} appears twice in this file.", line, field)
    seen.add(uid)


def parse_csv(text: str) -> ParsedImport:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except csv.Error as exc:
        raise ImportProblem(f"not a CSV file we can read ({exc}). {HOW_TO_FIX}", line=1) from None
    header = [h.strip() for h in header]
    missing = [c for c in BASE_COLUMNS if c not in header]
    if missing:
        raise ImportProblem(
            f"the header is missing the column(s) {', '.join(missing)}. {HOW_TO_FIX}", line=1
        )
    known_factors = content.factor_ids()
    for name in header:
        if name in BASE_COLUMNS or name in FORM_COLUMNS:
            continue
        if name.startswith(RATING_PREFIX):
            factor_id = name[len(RATING_PREFIX):]
            if factor_id not in known_factors:
                raise ImportProblem(
                    f"{factor_id!r} is not a readiness factor. "
                    f"Known factors: {', '.join(known_factors)}.", line=1, field=name,
                )
            continue
        raise ImportProblem(
            f"unknown column. The columns are {', '.join((*BASE_COLUMNS, *FORM_COLUMNS))} and "
            f"{RATING_PREFIX}<factor>.", line=1, field=name,
        )
    duplicated = sorted({h for h in header if header.count(h) > 1})
    if duplicated:
        raise ImportProblem("the column appears twice in the header.", line=1, field=duplicated[0])

    checkins: list[CheckIn] = []
    reflections: list[Reflection] = []
    seen: set[str] = set()
    line = reader.line_num
    while True:
        start_line = line + 1
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise ImportProblem(f"this line is not valid CSV ({exc}).", line=start_line) from None
        line = reader.line_num
        if not any(v.strip() for v in values):
            continue  # blank line
        if len(values) != len(header):
            raise ImportProblem(
                f"this row has {len(values)} values but the header has {len(header)} columns.",
                line=start_line,
            )
        row = dict(zip(header, values, strict=True))
        entry = _csv_entry(row, start_line)
        _duplicate_check(seen, entry.uid, start_line, "id")
        if isinstance(entry, CheckIn):
            checkins.append(entry)
        else:
            reflections.append(entry)
    return ParsedImport("csv", tuple(checkins), tuple(reflections))


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
            _must_be_empty(row, REFLECTION_COLUMNS, "a check-in", line)
            _must_be_empty(row, tuple(c for c in FORM_COLUMNS if c in row), "a check-in", line)
            return make_checkin(
                row["perspective"].strip(), ratings, person=row["person"], note=row["note"],
                when=when, uid=row["id"],
            )
        if kind == "reflection":
            _must_be_empty(row, CHECKIN_COLUMNS, "a reflection", line)
            if ratings:
                first = next(iter(ratings))
                raise ImportProblem(
                    "a reflection row leaves the rating columns empty.", line,
                    RATING_PREFIX + first,
                )
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
    raise ImportProblem(
        f"{kind!r} is not an entry type. Use 'checkin' or 'reflection'.", line, "entry"
    )


def _csv_answers(text: str) -> Any:
    if not text.strip():
        return None
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        raise InvalidEntry("answers", 'must be a JSON object such as {"opening": "How are '
                                      'you?"}, or empty.') from None


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


def _must_be_empty(row: Mapping[str, str], columns: tuple[str, ...], what: str, line: int) -> None:
    for column in columns:
        if row[column].strip():
            raise ImportProblem(f"{what} row leaves this column empty.", line, column)


def _load_json_with_lines(text: str) -> tuple[Any, dict[int, int]]:
    """Parse JSON and remember the line on which each object starts."""
    newlines = [m.start() for m in re.finditer("\n", text)]
    lines: dict[int, int] = {}
    # parse_object, scan_once and py_make_scanner are undocumented but stable
    # parts of the standard library's json package, hence the Any.
    decoder: Any = json.JSONDecoder()
    parse_object = decoder.parse_object

    def locating_parse_object(s_and_end: tuple[str, int], *args: Any) -> tuple[Any, int]:
        obj, end = parse_object(s_and_end, *args)
        lines[id(obj)] = bisect.bisect_left(newlines, s_and_end[1]) + 1
        return obj, end

    decoder.parse_object = locating_parse_object
    # The C scanner does not call parse_object; the Python one does.
    scanner: Any = json.scanner
    decoder.scan_once = scanner.py_make_scanner(decoder)
    return decoder.decode(text), lines


def parse_json(text: str) -> ParsedImport:
    try:
        document, lines = _load_json_with_lines(text)
    except json.JSONDecodeError as exc:
        raise ImportProblem(
            f"this is not valid JSON (column {exc.colno}: {exc.msg}). {HOW_TO_FIX}", exc.lineno
        ) from None
    if not isinstance(document, dict):
        raise ImportProblem(f"the file must hold one JSON object. {HOW_TO_FIX}", 1)
    if document.get("format") != FORMAT_NAME:
        raise ImportProblem(
            f"this is not an Open Door journal export. {HOW_TO_FIX}", 1, "format"
        )
    version = document.get("version")
    if isinstance(version, bool) or version not in READS_VERSIONS:
        raise ImportProblem(
            f"version {version!r} is not one this workbook reads "
            f"(it reads versions {' and '.join(map(str, READS_VERSIONS))}).", 1, "version",
        )
    old = version == 1
    _check_keys(document, TOP_KEYS if old else TOP_KEYS_V2, set(TOP_KEYS), 1, "")
    settings = _json_settings(document.get("settings"), lines)
    checkins: list[CheckIn] = []
    reflections: list[Reflection] = []
    seen: set[str] = set()
    buckets: tuple[tuple[str, set[str], Any, list[Any]], ...] = (
        ("checkins", {"when", "perspective", "ratings"}, _json_checkin, checkins),
        ("reflections", {"when"}, _json_old_reflection if old else _json_reflection,
         reflections),
    )
    for key, required, build, bucket in buckets:
        items = document[key]
        if not isinstance(items, list):
            raise ImportProblem("must be a list.", 1, key)
        allowed = (CHECKIN_KEYS if key == "checkins"
                   else REFLECTION_KEYS if old else REFLECTION_KEYS_V2)
        for index, item in enumerate(items):
            where = f"{key}[{index}]"
            line = lines.get(id(item), 1)
            if not isinstance(item, dict):
                raise ImportProblem("must be an object { ... }.", line, where)
            _check_keys(item, allowed, required, line, where)
            try:
                entry = build(item)
            except InvalidEntry as exc:
                raise ImportProblem(exc.message, line, f"{where}.{exc.field}") from None
            _duplicate_check(seen, entry.uid, line, f"{where}.id")
            bucket.append(entry)
    return ParsedImport("json", tuple(checkins), tuple(reflections), settings)


def _check_keys(
    item: Mapping[str, Any], allowed: set[str], required: set[str], line: int, where: str
) -> None:
    prefix = f"{where}." if where else ""
    for key in item:
        if key not in allowed:
            raise ImportProblem(
                f"unknown field. Allowed fields: {', '.join(sorted(allowed))}.",
                line, f"{prefix}{key}",
            )
    for key in sorted(required):
        if key not in item:
            raise ImportProblem("this field is missing.", line, f"{prefix}{key}")


def _json_text(item: Mapping[str, Any], key: str) -> Any:
    value = item.get(key)
    if value is not None and not isinstance(value, str):
        raise InvalidEntry(key, "must be text (in quotes).")
    return value


def _json_checkin(item: Mapping[str, Any]) -> CheckIn:
    ratings = item["ratings"]
    if not isinstance(ratings, dict):
        raise InvalidEntry("ratings", 'must be an object such as {"fear": 6}.')
    for factor_id, value in ratings.items():
        if isinstance(value, bool) or not isinstance(value, int):
            raise InvalidEntry(f"ratings.{factor_id}", f"{value!r} is not a whole number 0-10.")
    when = _json_text(item, "when")
    if when is None:
        raise InvalidEntry("when", "this field is missing.")
    return make_checkin(
        item["perspective"], ratings, person=_json_text(item, "person"),
        note=_json_text(item, "note"), when=parse_when(when), uid=_json_text(item, "id"),
    )


def _json_reflection(item: Mapping[str, Any]) -> Reflection:
    tags = item.get("tags") or []
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise InvalidEntry("tags", 'must be a list of words such as ["work", "sleep"].')
    for key in ("mood", "stress"):
        value = item.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            raise InvalidEntry(key, f"{value!r} is not a whole number 0-10.")
    when = _json_text(item, "when")
    if when is None:
        raise InvalidEntry("when", "this field is missing.")
    answers = item.get("answers")
    if answers is not None and not isinstance(answers, dict):
        raise InvalidEntry("answers", 'must be an object such as {"opening": "How are you?"}.')
    for field_id, answer in (answers or {}).items():
        if not isinstance(answer, str):
            raise InvalidEntry(f"answers.{field_id}", "must be text (in quotes).")
    return make_reflection(
        _json_text(item, "text"), mood=item.get("mood"), stress=item.get("stress"),
        tags=tags, event=_json_text(item, "event"), when=parse_when(when),
        uid=_json_text(item, "id"), kind=_json_text(item, "kind"), answers=answers,
    )


def _json_old_reflection(item: Mapping[str, Any]) -> Reflection:
    return _read_old_form(_json_reflection(item))


def _json_settings(value: Any, lines: Mapping[int, int]) -> dict[str, Any]:
    """Settings from a version 2 file: only the ones export writes, each checked."""
    if value is None:
        return {}
    line = lines.get(id(value), 1)
    if not isinstance(value, dict):
        raise ImportProblem("must be an object { ... }.", line, "settings")
    _check_keys(value, set(EXPORTED_SETTINGS), set(), line, "settings")
    settings: dict[str, Any] = {}
    if PERSPECTIVE_SETTING in value:
        where = f"settings.{PERSPECTIVE_SETTING}"
        choice = value[PERSPECTIVE_SETTING]
        if not isinstance(choice, dict):
            raise ImportProblem('must be an object such as {"perspective": "supporter", '
                                '"person": "Sam"}.', line, where)
        _check_keys(choice, {"perspective", "person"}, {"perspective"}, line, where)
        try:
            settings[PERSPECTIVE_SETTING] = check_choice(choice["perspective"],
                                                         choice.get("person"))
        except InvalidEntry as exc:
            raise ImportProblem(exc.message, line, f"{where}.{exc.field}") from None
    return settings
