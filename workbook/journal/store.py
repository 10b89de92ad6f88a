"""The journal: one SQLite file in the user's data folder.

Guarantees (each has a test in ``tests/test_store_guarantees.py``):

* Writers in several kernels or processes at once all land: every write is
  one ``BEGIN IMMEDIATE`` transaction and waits for the lock instead of failing.
* An import is all or nothing: one transaction.
* A process killed mid-write leaves a readable file with every write that had
  returned: SQLite's rollback journal with ``synchronous=FULL``.
* A file that is not ours (corrupt, foreign, or from a newer version) raises
  :class:`NotAJournalError` and is never written, overwritten or deleted.

A connection is opened per operation. That costs well under a millisecond and
means a journal deleted from the command line is never written to through a
stale handle held by a kernel.
The integrity check (``PRAGMA quick_check``, which reads every page) runs when
a file is opened for the first time in a process, or after another process
changed it (its size, times or inode differ from when it last passed).
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from .. import content, paths
from ..errors import DataFolderError
from ..errors import JournalError as JournalError  # re-exported: its home before errors.py
from . import legacy_forms
from .model import CheckIn, Reflection, as_utc

# "ODJ1" as a 32-bit integer: marks a SQLite file as an Open Door journal.
APPLICATION_ID = 0x4F444A31
SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 60_000
# The last state (device, inode, size, times) of each journal file that passed
# PRAGMA quick_check in this process: a file unchanged since then is not checked
# again (the check reads every page: 0.7 s for a 10 MB journal).
_CHECKED: dict[Path, tuple[int, ...]] = {}
# SQLite's words for "the disk or folder refused the write", as opposed to a damaged file.
_CANNOT_WRITE = ("disk is full", "disk i/o error", "readonly", "read-only", "unable to open")


def _say() -> content.JournalFileMessages:
    return content.messages().journal_file


def _execute_script(db: sqlite3.Connection, script: str) -> None:
    """Run each statement of ``script`` inside the caller's open transaction.

    ``Connection.executescript`` would first COMMIT the open transaction, so a
    migration would no longer be all or nothing.
    """
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            db.execute(statement)
            statement = ""
    if statement.strip():
        db.execute(statement)


def _schema_v1(db: sqlite3.Connection) -> None:
    _execute_script(
        db,
        """
        CREATE TABLE checkins (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            at TEXT NOT NULL,       -- ISO 8601 with the offset it was entered in
            at_utc TEXT NOT NULL,   -- the same instant in UTC, for order and ranges
            perspective TEXT NOT NULL CHECK (perspective IN ('supporter', 'self')),
            person TEXT,
            note TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX checkins_by_time ON checkins (at_utc);
        CREATE TABLE ratings (
            checkin_id INTEGER NOT NULL REFERENCES checkins (id) ON DELETE CASCADE,
            factor TEXT NOT NULL,
            rating INTEGER NOT NULL CHECK (rating BETWEEN 0 AND 10),
            PRIMARY KEY (checkin_id, factor)
        ) WITHOUT ROWID;
        CREATE TABLE reflections (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            at TEXT NOT NULL,
            at_utc TEXT NOT NULL,
            text TEXT NOT NULL DEFAULT '',
            mood INTEGER CHECK (mood BETWEEN 0 AND 10),
            stress INTEGER CHECK (stress BETWEEN 0 AND 10),
            tags TEXT NOT NULL DEFAULT '[]',   -- JSON list, order kept
            event TEXT
        );
        CREATE INDEX reflections_by_time ON reflections (at_utc);
        CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        """
    )


def _schema_v2(db: sqlite3.Connection) -> None:
    """Answers to the workbook's forms by field id, and which form (``kind``).

    Form answers saved before now are read back from their text with the labels
    of that time (:mod:`workbook.journal.legacy_forms`); their text is kept as it was.
    """
    _execute_script(
        db,
        """
        ALTER TABLE reflections ADD COLUMN kind TEXT;
        ALTER TABLE reflections ADD COLUMN answers TEXT NOT NULL DEFAULT '{}';  -- JSON object
        CREATE INDEX reflections_by_kind ON reflections (kind, at_utc);
        """,
    )
    rows = db.execute("SELECT id, text, tags FROM reflections").fetchall()
    for row_id, text, tags in rows:
        found = legacy_forms.read_form(text, json.loads(tags))
        if found is not None:
            db.execute("UPDATE reflections SET kind = ?, answers = ? WHERE id = ?",
                       (found[0], json.dumps(found[1], ensure_ascii=False), row_id))


# Migration N takes a journal from schema version N-1 to N. Append, never edit.
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_schema_v1, _schema_v2]


class NotAJournalError(JournalError):
    """The file is corrupt, foreign or from a newer version; it was left untouched."""


@dataclass(frozen=True)
class ImportSummary:
    checkins_added: int
    reflections_added: int
    already_present: int


@dataclass(frozen=True)
class DeleteSummary:
    checkins: int
    reflections: int
    settings: int
    files: tuple[Path, ...]


def _iso(value: datetime) -> str:
    return value.isoformat(timespec="seconds")


class Journal:
    """The personal journal. ``Journal()`` uses the data folder's journal file."""

    def __init__(self, path: Path | str | None = None) -> None:
        self.path = Path(path) if path is not None else paths.journal_path()

    def __repr__(self) -> str:
        return f"Journal({str(self.path)!r})"

    # --- opening -----------------------------------------------------------

    def exists(self) -> bool:
        return self.path.exists()

    def _refuse(self, why: str) -> NotAJournalError:
        return NotAJournalError(_say().refused.format(path=self.path, why=why))

    def _check_header(self) -> bool:
        """True if the file is new (absent or empty); raise if it is not SQLite."""
        try:
            with open(self.path, "rb") as fh:
                head = fh.read(len(SQLITE_HEADER))
        except FileNotFoundError:
            return True
        except IsADirectoryError:
            raise self._refuse(_say().is_folder) from None
        except NotADirectoryError:
            raise DataFolderError(_say().folder_is_file.format(
                folder=self.path.parent, variable=paths.DATA_DIR_ENV)) from None
        except OSError as exc:
            raise JournalError(_say().could_not_read.format(path=self.path,
                                                            problem=exc.strerror)) from None
        if not head:
            return True
        if head != SQLITE_HEADER:
            raise self._refuse(_say().not_sqlite)
        return False

    def _create_file(self) -> None:
        paths.ensure_private_dir(self.path.parent)
        try:
            fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
            os.close(fd)
        except FileExistsError:
            pass  # another process created it first; it is checked like any file

    @contextlib.contextmanager
    def _connect(self, *, create: bool) -> Iterator[sqlite3.Connection | None]:
        """Open the journal, checking it is ours and bringing its schema up to date.

        With ``create=False`` a missing journal yields ``None`` (nothing saved yet).
        """
        is_new = self._check_header()
        if is_new and not self.path.exists():
            if not create:
                yield None
                return
            self._create_file()
        try:
            db = sqlite3.connect(
                f"file:{self.path}?mode=rw", uri=True, isolation_level=None,
                timeout=BUSY_TIMEOUT_MS / 1000,
            )
        except sqlite3.Error as exc:
            raise JournalError(_say().could_not_open.format(path=self.path, problem=exc)) from None
        try:
            db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            db.execute("PRAGMA foreign_keys = ON")
            db.execute("PRAGMA synchronous = FULL")
            self._check_identity(db)
            self._check_intact(db)
            # SQLite gives its side files (the rollback journal) the main file's mode.
            # Only once the file is known to be ours: a file that is not is left as it is.
            if self.path.stat().st_mode & 0o077:
                os.chmod(self.path, 0o600)
            self._migrate(db)
            yield db
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, sqlite3.IntegrityError):
                raise
            problem = str(exc).lower()
            if "locked" in problem or "busy" in problem:
                raise JournalError(_say().busy.format(
                    path=self.path, seconds=BUSY_TIMEOUT_MS // 1000)) from None
            if any(word in problem for word in _CANNOT_WRITE):
                raise JournalError(_say().could_not_save.format(path=self.path,
                                                                problem=exc)) from None
            raise self._refuse(_say().unreadable.format(problem=exc)) from None
        finally:
            db.close()

    def _check_identity(self, db: sqlite3.Connection) -> None:
        app_id = db.execute("PRAGMA application_id").fetchone()[0]
        if app_id == APPLICATION_ID:
            return
        tables = db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if app_id == 0 and tables == 0:
            return  # an empty database: _migrate claims it inside its transaction
        raise self._refuse(_say().other_program)

    def _file_state(self) -> tuple[int, ...] | None:
        try:
            info = self.path.stat()
        except OSError:
            return None
        return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)

    def _remember_checked(self) -> None:
        state = self._file_state()
        if state is not None:
            _CHECKED[self.path.absolute()] = state

    def _check_intact(self, db: sqlite3.Connection) -> None:
        # A damaged page may not be touched by a given query, so without this
        # check a damaged journal could still be read in part and written to.
        # It reads the whole file, so it runs when the file is new to this process
        # or was changed by another one since it last passed.
        state = self._file_state()
        if state is not None and _CHECKED.get(self.path.absolute()) == state:
            return
        result = db.execute("PRAGMA quick_check(1)").fetchone()[0]
        if result != "ok":
            raise self._refuse(_say().damaged.format(problem=result))
        if state is not None:
            _CHECKED[self.path.absolute()] = state

    def _migrate(self, db: sqlite3.Connection) -> None:
        latest = len(MIGRATIONS)
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version == latest:
            return
        if version > latest:
            raise self._refuse(_say().newer.format(version=version, latest=latest))
        db.execute("BEGIN IMMEDIATE")
        try:
            # Read again under the write lock: another process may have migrated it.
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version == 0:
                if db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
                    raise self._refuse(_say().other_program_short)
                db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            for step in MIGRATIONS[version:]:
                step(db)
            db.execute(f"PRAGMA user_version = {latest}")
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:  # SQLite may already have rolled back (e.g. disk full)
                db.execute("ROLLBACK")
            raise

    @contextlib.contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; taken at once so concurrent writers queue, not fail."""
        with self._connect(create=True) as db:
            assert db is not None
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
                db.execute("COMMIT")
                self._remember_checked()  # checked at open, then only our write changed it
            except BaseException:
                if db.in_transaction:  # SQLite may already have rolled back (e.g. disk full)
                    db.execute("ROLLBACK")
                raise

    @contextlib.contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection | None]:
        with self._connect(create=False) as db:
            yield db

    def check(self) -> None:
        """Raise :class:`NotAJournalError` if the file exists but is damaged or not ours."""
        with self._reading() as db:
            if db is None:
                return
            result = db.execute("PRAGMA quick_check").fetchone()[0]
            if result != "ok":
                raise self._refuse(_say().damaged.format(problem=result))

    # --- writing -------------------------------------------------------------

    def add_checkin(self, checkin: CheckIn) -> CheckIn:
        with self._writing() as db:
            self._insert_checkin(db, checkin)
        return checkin

    def add_reflection(self, reflection: Reflection) -> Reflection:
        with self._writing() as db:
            self._insert_reflection(db, reflection)
        return reflection

    def import_entries(
        self, checkins: Sequence[CheckIn], reflections: Sequence[Reflection],
        settings: Mapping[str, object] | None = None,
    ) -> ImportSummary:
        """Add entries in one transaction; ones whose id is already saved are skipped.

        ``settings`` (such as the perspective) fill in only what this journal has
        not set: an import never changes a choice already made here.
        """
        with self._writing() as db:
            self._import_settings(db, settings)
            known_checkins = {r[0] for r in db.execute("SELECT uid FROM checkins")}
            known_reflections = {r[0] for r in db.execute("SELECT uid FROM reflections")}
            new_checkins = [c for c in checkins if c.uid not in known_checkins]
            new_reflections = [r for r in reflections if r.uid not in known_reflections]
            for checkin in new_checkins:
                self._insert_checkin(db, checkin)
            for reflection in new_reflections:
                self._insert_reflection(db, reflection)
        skipped = len(checkins) - len(new_checkins) + len(reflections) - len(new_reflections)
        return ImportSummary(len(new_checkins), len(new_reflections), skipped)

    def import_stream(
        self, entries: Iterable[CheckIn | Reflection],
        settings: Mapping[str, object] | None = None,
    ) -> ImportSummary:
        """Add entries as they come, in one transaction; ones whose id is saved are skipped.

        Nothing is collected, so memory stays flat however many entries there are. If
        ``entries`` raises (a problem further on in a file), nothing is saved.
        ``settings`` are kept as :meth:`import_entries` keeps them.
        """
        added = {CheckIn: 0, Reflection: 0}
        skipped = 0
        with self._writing() as db:
            self._import_settings(db, settings)
            for entry in entries:
                table = "checkins" if isinstance(entry, CheckIn) else "reflections"
                if db.execute(f"SELECT 1 FROM {table} WHERE uid = ?", (entry.uid,)).fetchone():
                    skipped += 1
                    continue
                if isinstance(entry, CheckIn):
                    self._insert_checkin(db, entry)
                else:
                    self._insert_reflection(db, entry)
                added[type(entry)] += 1
        return ImportSummary(added[CheckIn], added[Reflection], skipped)

    @staticmethod
    def _import_settings(db: sqlite3.Connection, settings: Mapping[str, object] | None) -> None:
        for key, value in (settings or {}).items():
            db.execute("INSERT INTO settings (key, value) VALUES (?, ?) "
                       "ON CONFLICT (key) DO NOTHING",
                       (key, json.dumps(value, ensure_ascii=False)))

    @staticmethod
    def _insert_checkin(db: sqlite3.Connection, checkin: CheckIn) -> None:
        cursor = db.execute(
            "INSERT INTO checkins (uid, at, at_utc, perspective, person, note) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (
                checkin.uid, _iso(checkin.when), _iso(as_utc(checkin.when)),
                checkin.perspective, checkin.person, checkin.note,
            ),
        )
        db.executemany(
            "INSERT INTO ratings (checkin_id, factor, rating) VALUES (?, ?, ?)",
            [(cursor.lastrowid, f, r) for f, r in checkin.ratings.items()],
        )

    @staticmethod
    def _insert_reflection(db: sqlite3.Connection, reflection: Reflection) -> None:
        db.execute(
            "INSERT INTO reflections (uid, at, at_utc, text, mood, stress, tags, event, kind, "
            "answers) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                reflection.uid, _iso(reflection.when), _iso(as_utc(reflection.when)),
                reflection.text, reflection.mood, reflection.stress,
                json.dumps(list(reflection.tags), ensure_ascii=False), reflection.event,
                reflection.kind, json.dumps(dict(reflection.answers), ensure_ascii=False),
            ),
        )

    def set_setting(self, key: str, value: object) -> None:
        with self._writing() as db:
            db.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, json.dumps(value, ensure_ascii=False)),
            )

    def setting(self, key: str, default: object = None) -> object:
        with self._reading() as db:
            if db is None:
                return default
            row = db.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return default if row is None else json.loads(row[0])

    # --- reading -------------------------------------------------------------

    @staticmethod
    def _range_clause(start: datetime | None, end: datetime | None) -> tuple[str, list[str]]:
        clauses, params = [], []
        if start is not None:
            clauses.append("at_utc >= ?")
            params.append(_iso(as_utc(start)))
        if end is not None:
            clauses.append("at_utc < ?")
            params.append(_iso(as_utc(end)))
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params

    @staticmethod
    def _uid_clause(where: str, params: list[str],
                    uids: Collection[str] | None) -> tuple[str, list[str]]:
        if uids is None:
            return where, params
        marks = ", ".join("?" for _ in uids)
        return (f"{where} AND uid IN ({marks})" if where else f" WHERE uid IN ({marks})",
                [*params, *uids])

    def checkins(
        self, start: datetime | None = None, end: datetime | None = None, *,
        uids: Collection[str] | None = None,
    ) -> list[CheckIn]:
        """Check-ins from ``start`` (inclusive) to ``end`` (exclusive), oldest first;
        only those with these ``uids`` if given (to read a few without reading all)."""
        where, params = self._uid_clause(*self._range_clause(start, end), uids)
        with self._reading() as db:
            if db is None:
                return []
            rows = db.execute(
                "SELECT id, uid, at, perspective, person, note FROM checkins"
                f"{where} ORDER BY at_utc, uid",
                params,
            ).fetchall()
            ratings: dict[int, dict[str, int]] = {row[0]: {} for row in rows}
            for checkin_id, factor, rating in db.execute(
                "SELECT checkin_id, factor, rating FROM ratings "
                f"JOIN checkins ON checkins.id = ratings.checkin_id{where}",
                params,
            ):
                if checkin_id in ratings:
                    ratings[checkin_id][factor] = rating
        # Ratings come back in content order (the order of the sliders and exports).
        order = {factor_id: i for i, factor_id in enumerate(content.factor_ids())}

        def in_content_order(by_factor: dict[str, int]) -> dict[str, int]:
            return dict(sorted(by_factor.items(), key=lambda kv: (order.get(kv[0], len(order)),
                                                                 kv[0])))

        return [
            CheckIn(
                when=datetime.fromisoformat(at), perspective=perspective,
                ratings=in_content_order(ratings[row_id]), person=person, note=note, uid=uid,
            )
            for row_id, uid, at, perspective, person, note in rows
        ]

    def reflections(
        self, start: datetime | None = None, end: datetime | None = None, *,
        uids: Collection[str] | None = None,
    ) -> list[Reflection]:
        """Reflections from ``start`` (inclusive) to ``end`` (exclusive), oldest first;
        only those with these ``uids`` if given."""
        where, params = self._uid_clause(*self._range_clause(start, end), uids)
        with self._reading() as db:
            if db is None:
                return []
            rows = db.execute(
                "SELECT uid, at, text, mood, stress, tags, event, kind, answers FROM reflections"
                f"{where} ORDER BY at_utc, uid",
                params,
            ).fetchall()
        return [
            Reflection(
                when=datetime.fromisoformat(at), text=text, mood=mood, stress=stress,
                tags=tuple(json.loads(tags)), event=event, uid=uid, kind=kind,
                answers=json.loads(answers),
            )
            for uid, at, text, mood, stress, tags, event, kind, answers in rows
        ]

    def latest_of_kind(self, kind: str) -> Reflection | None:
        """The newest answers to the form ``kind`` (``conversation_plan``, a worksheet id...)."""
        with self._reading() as db:
            if db is None:
                return None
            row = db.execute(
                "SELECT uid, at, text, mood, stress, tags, event, answers FROM reflections "
                "WHERE kind = ? ORDER BY at_utc DESC, uid DESC LIMIT 1", (kind,)).fetchone()
        if row is None:
            return None
        uid, at, text, mood, stress, tags, event, answers = row
        return Reflection(when=datetime.fromisoformat(at), text=text, mood=mood, stress=stress,
                          tags=tuple(json.loads(tags)), event=event, uid=uid, kind=kind,
                          answers=json.loads(answers))

    def counts(self) -> dict[str, int]:
        """How many check-ins, reflections and settings are saved."""
        with self._reading() as db:
            if db is None:
                return {"checkins": 0, "reflections": 0, "settings": 0}
            return {
                table: db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                for table in ("checkins", "reflections", "settings")
            }

    # --- deleting ------------------------------------------------------------

    def delete_everything(self) -> DeleteSummary:
        """Remove the journal file and its side files. Refuses a file that is not ours."""
        counts = self.counts()  # raises NotAJournalError for a file that is not ours
        removed: list[Path] = []
        for candidate in self._files():
            with contextlib.suppress(FileNotFoundError):
                candidate.unlink()
                removed.append(candidate)
        with contextlib.suppress(OSError):
            self.path.parent.rmdir()  # only if nothing else is in it
        return DeleteSummary(
            counts["checkins"], counts["reflections"], counts["settings"], tuple(removed)
        )

    def _files(self) -> Iterable[Path]:
        yield self.path
        for suffix in ("-journal", "-wal", "-shm"):
            yield self.path.with_name(self.path.name + suffix)
