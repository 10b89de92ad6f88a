"""The journal's four guarantees (the acceptance tests of the storage issue).

1. Two processes writing at the same time both land.
2. An import is all or nothing.
3. A process killed in the middle of writing leaves a readable file that holds
   every write that had returned.
4. A corrupt or foreign file gives a clear error and is never overwritten or deleted.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import sqlite3
import stat
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from workbook import cli, paths
from workbook.journal import store
from workbook.journal.model import make_checkin, make_reflection
from workbook.journal.store import Journal, NotAJournalError
from workbook.journal.transfer import ImportProblem, export_json, import_file

# Child processes killed mid-write: slow, so outside the quick lane.
pytestmark = pytest.mark.slow


def child_env(data_dir: Path) -> dict[str, str]:
    return {**os.environ, paths.DATA_DIR_ENV: str(data_dir)}


def run_child(code: str, data_dir: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code), *args],
        env=child_env(data_dir), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True,
    )


def integrity(path: Path) -> str:
    db = sqlite3.connect(path)
    try:
        return db.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        db.close()


def all_uids(journal: Journal) -> list[str]:
    return [c.uid for c in journal.checkins()] + [r.uid for r in journal.reflections()]


# --- 1. two processes writing at the same time both land ------------------------------

WRITER = """
    import sys
    from workbook.journal.model import make_checkin
    from workbook.journal.store import Journal

    name, count = sys.argv[1], int(sys.argv[2])
    journal = Journal()
    print("ready", flush=True)
    sys.stdin.readline()  # the parent releases both writers at once
    for i in range(count):
        journal.add_checkin(make_checkin("self", {"hope": i % 11}, note=f"{name} {i}"))
    print("done", flush=True)
"""


def test_guarantee_1_two_processes_writing_at_once_both_land(data_dir: Path) -> None:
    per_process = 500
    writers = [run_child(WRITER, data_dir, name, str(per_process)) for name in ("A", "B")]
    try:
        for writer in writers:
            assert writer.stdout is not None
            assert writer.stdout.readline().strip() == "ready"
        # Neither writer has touched the journal yet: both also race to create it.
        assert not (data_dir / paths.JOURNAL_FILENAME).exists()
        for writer in writers:
            assert writer.stdin is not None
            writer.stdin.write("go\n")
            writer.stdin.flush()
        results = [writer.communicate(timeout=120) for writer in writers]
    finally:
        for writer in writers:
            if writer.poll() is None:
                writer.kill()
                writer.wait()
    for writer, (out, err) in zip(writers, results, strict=True):
        assert writer.returncode == 0, err
        assert out.strip() == "done"

    journal = Journal()
    checkins = journal.checkins()
    assert len(checkins) == 2 * per_process
    assert journal.counts()["checkins"] == 2 * per_process
    assert len({c.uid for c in checkins}) == 2 * per_process
    assert sorted(c.note for c in checkins) == sorted(
        f"{name} {i}" for name in ("A", "B") for i in range(per_process)
    )
    assert integrity(journal.path) == "ok"


# --- 2. an import is all or nothing ---------------------------------------------------


@pytest.fixture
def journal_with_entries(fresh_journal: Journal) -> Journal:
    fresh_journal.add_checkin(make_checkin("supporter", {"fear": 6}, person="Sam", note="old"))
    fresh_journal.add_reflection(make_reflection("earlier", mood=4, tags=["work"]))
    fresh_journal.set_setting("perspective", "supporter")
    return fresh_journal


def _snapshot(journal: Journal) -> tuple[dict[str, int], str, str]:
    return (
        journal.counts(),
        export_json(journal),
        hashlib.sha256(journal.path.read_bytes()).hexdigest(),
    )


def _import_document(count: int, bad_last: bool) -> dict[str, object]:
    checkins = [
        {
            "id": f"new-{i}", "when": f"2026-04-01T10:{i % 60:02d}:00+02:00",
            "perspective": "self", "person": None, "note": f"import {i}",
            "ratings": {"fear": i % 11, "hope": 5},
        }
        for i in range(count)
    ]
    if bad_last:
        checkins[-1]["ratings"] = {"fear": 11}
    return {"format": "open-door-journal", "version": 1, "checkins": checkins,
            "reflections": [{"id": "new-r", "when": "2026-04-02", "text": "fine"}]}


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_guarantee_2_import_with_a_bad_last_entry_changes_nothing(
    journal_with_entries: Journal, tmp_path: Path, fmt: str
) -> None:
    document = _import_document(40, bad_last=True)
    if fmt == "json":
        text = json.dumps(document, indent=2)
        bad_field = "checkins[39].ratings.fear"
    else:
        header = "entry,id,when,perspective,person,note,text,mood,stress,tags,event,rating_fear\n"
        rows = [
            f"checkin,{c['id']},{c['when']},self,,{c['note']},,,,,,{c['ratings']['fear']}\n"
            for c in document["checkins"]  # type: ignore[union-attr]
        ]
        text = header + "".join(rows)
        bad_field = "rating_fear"
    source = tmp_path / f"import.{fmt}"
    source.write_text(text, encoding="utf-8")
    before = _snapshot(journal_with_entries)

    with pytest.raises(ImportProblem) as caught:
        import_file(journal_with_entries, source)
    id_line = next(n for n, line in enumerate(text.splitlines(), 1) if "new-39" in line)
    # CSV: the row itself; JSON: the "{" that opens the entry, just above its id.
    assert caught.value.line == (id_line - 1 if fmt == "json" else id_line)
    assert caught.value.field == bad_field
    assert _snapshot(journal_with_entries) == before


def test_guarantee_2_failure_inside_the_transaction_saves_nothing(
    journal_with_entries: Journal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "import.json"
    source.write_text(json.dumps(_import_document(25, bad_last=False)), encoding="utf-8")
    before = _snapshot(journal_with_entries)
    inserted: list[str] = []
    real_insert = Journal._insert_checkin

    def counting_insert(db: sqlite3.Connection, checkin: object) -> None:
        real_insert(db, checkin)  # type: ignore[arg-type]
        inserted.append(checkin.uid)  # type: ignore[attr-defined]

    def failing_insert(db: sqlite3.Connection, reflection: object) -> None:
        raise OSError("the disk went away")

    monkeypatch.setattr(Journal, "_insert_checkin", staticmethod(counting_insert))
    monkeypatch.setattr(Journal, "_insert_reflection", staticmethod(failing_insert))
    with pytest.raises(OSError, match="disk went away"):
        import_file(journal_with_entries, source)
    assert len(inserted) == 25  # the check-ins had been written inside the transaction
    monkeypatch.undo()
    assert _snapshot(journal_with_entries) == before
    # The same file imports completely once nothing fails.
    summary = import_file(journal_with_entries, source)
    assert (summary.checkins_added, summary.reflections_added) == (25, 1)


def test_guarantee_2_id_collision_inside_one_import_saves_nothing(
    journal_with_entries: Journal,
) -> None:
    before = _snapshot(journal_with_entries)
    first = make_checkin("self", {"fear": 1}, uid="same-id")
    other = make_checkin("self", {"fear": 2})
    clash = make_checkin("self", {"fear": 3}, uid="same-id")
    with pytest.raises(sqlite3.IntegrityError):
        journal_with_entries.import_entries([first, other, clash], [make_reflection("r")])
    assert _snapshot(journal_with_entries) == before


# --- 3. a process killed mid-write loses nothing that had returned ---------------------

KILLED_WRITER = """
    import sys
    from workbook.journal.model import make_checkin, make_reflection
    from workbook.journal.store import Journal

    journal = Journal()
    i = 0
    while True:
        i += 1
        if i % 3 == 0:
            batch = [make_checkin("self", {"fear": j % 11}, note=f"batch {i}") for j in range(20)]
            journal.import_entries(batch, [make_reflection(f"batch {i}")])
            done = [c.uid for c in batch]
        elif i % 3 == 1:
            done = [journal.add_checkin(make_checkin("self", {"hope": i % 11})).uid]
        else:
            done = [journal.add_reflection(make_reflection(f"r {i}", mood=i % 11)).uid]
        print("\\n".join(done), flush=True)
"""


@pytest.mark.parametrize("lines_before_kill", [1, 97, 331])
def test_guarantee_3_sigkill_mid_write_keeps_every_returned_write(
    data_dir: Path, lines_before_kill: int
) -> None:
    # A journal with entries from an earlier session, which must survive as well.
    earlier = Journal().add_checkin(make_checkin("supporter", {"fear": 9}, person="Sam"))
    writer = run_child(KILLED_WRITER, data_dir)
    assert writer.stdout is not None
    try:
        returned = [writer.stdout.readline().strip() for _ in range(lines_before_kill)]
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait(timeout=30)
    finally:
        if writer.poll() is None:
            writer.kill()
            writer.wait()
        writer.stdin.close()  # type: ignore[union-attr]
        writer.stdout.close()
        writer.stderr.close()  # type: ignore[union-attr]
    assert writer.returncode == -signal.SIGKILL
    assert all(returned), "the writer stopped before the kill"

    journal = Journal()
    journal.check()  # opens the file, rolling back a half-written transaction if any
    assert integrity(journal.path) == "ok"
    saved = set(all_uids(journal))
    assert set(returned) <= saved
    assert earlier.uid in saved
    # Still a working journal.
    after = journal.add_checkin(make_checkin("self", {"hope": 3}))
    assert after.uid in {c.uid for c in journal.checkins()}
    assert integrity(journal.path) == "ok"


PAUSED_WRITER = """
    import time
    from workbook.journal.model import make_checkin, make_reflection
    from workbook.journal.store import Journal

    journal = Journal()
    for i in range(30):
        print(journal.add_checkin(make_checkin("self", {"hope": i % 11})).uid, flush=True)

    def insert_then_wait(db, reflection):
        # A tiny page cache makes SQLite write changed pages into the journal file itself
        # before COMMIT, so the kill leaves a half-changed file to recover.
        db.execute("PRAGMA cache_size = 1")
        for i in range(40):
            Journal._insert_checkin(
                db, make_checkin("self", {"fear": 1}, note="x" * 1000, uid=f"unfinished-{i}"))
        print("inside", flush=True)
        time.sleep(120)

    Journal._insert_reflection = staticmethod(insert_then_wait)
    journal.import_entries([], [make_reflection("unfinished", uid="unfinished-r")])
"""


def test_guarantee_3_sigkill_inside_an_open_transaction_keeps_every_returned_write(
    data_dir: Path,
) -> None:
    writer = run_child(PAUSED_WRITER, data_dir)
    assert writer.stdout is not None
    try:
        returned = [writer.stdout.readline().strip() for _ in range(30)]
        assert writer.stdout.readline().strip() == "inside"
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait(timeout=30)
    finally:
        if writer.poll() is None:
            writer.kill()
            writer.wait()
        writer.stdin.close()  # type: ignore[union-attr]
        writer.stdout.close()
        writer.stderr.close()  # type: ignore[union-attr]
    assert writer.returncode == -signal.SIGKILL
    journal = Journal()
    # The killed transaction left its rollback journal behind: the file was mid-change.
    side_file = journal.path.with_name(journal.path.name + "-journal")
    assert side_file.stat().st_size > 0
    assert stat.S_IMODE(side_file.stat().st_mode) == 0o600

    journal.check()  # opening rolls the half-written transaction back
    assert not side_file.exists()
    assert integrity(journal.path) == "ok"
    assert sorted(all_uids(journal)) == sorted(returned)  # nothing of the unfinished import
    journal.add_reflection(make_reflection("still works"))
    assert journal.counts() == {"checkins": 30, "reflections": 1, "settings": 0}


# --- 4. a corrupt or foreign file is refused and left untouched ------------------------


def _real_journal_bytes(folder: Path) -> bytes:
    journal = Journal(folder / "source.sqlite3")
    start = datetime(2026, 1, 1, tzinfo=UTC)
    journal.import_entries(
        [make_checkin("self", {"fear": i % 11, "hope": 3}, note=f"note {i} " * 5,
                      when=start + timedelta(hours=i)) for i in range(300)],
        [make_reflection(f"reflection {i} " * 8, tags=["a"], when=start + timedelta(hours=i))
         for i in range(300)],
    )
    return journal.path.read_bytes()


def _sqlite_bytes(folder: Path, setup: Callable[[sqlite3.Connection], None]) -> bytes:
    path = folder / "other.sqlite3"
    db = sqlite3.connect(path)
    setup(db)
    db.commit()
    db.close()
    data = path.read_bytes()
    path.unlink()
    return data


def _garbled(folder: Path) -> bytes:
    data = bytearray(_real_journal_bytes(folder))
    page = 4096
    middle = (len(data) // page // 2) * page
    data[middle : middle + page] = b"\xff" * page
    return bytes(data)


def _foreign_tables(db: sqlite3.Connection) -> None:
    db.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
    db.execute("INSERT INTO contacts VALUES ('Ana', '555-0100')")


def _newer_version(folder: Path) -> bytes:
    data = _real_journal_bytes(folder)
    path = folder / "newer.sqlite3"
    path.write_bytes(data)
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {len(store.MIGRATIONS) + 1}")
    db.close()
    return path.read_bytes()


NOT_JOURNALS: dict[str, Callable[[Path], bytes]] = {
    "random bytes": lambda folder: random.Random(4).randbytes(6000),
    "text file": lambda folder: b"Dear diary,\nthis is my own file, not a journal.\n",
    "garbled journal": _garbled,
    "truncated journal": lambda folder: _real_journal_bytes(folder)[:20_000],
    "other program's database": lambda folder: _sqlite_bytes(folder, _foreign_tables),
    "other program's empty database": lambda folder: _sqlite_bytes(
        folder, lambda db: db.execute("PRAGMA application_id = 1234")
    ),
    "SQLite header then garbage": lambda folder: store.SQLITE_HEADER
    + random.Random(5).randbytes(9000),
    "journal from a newer version": _newer_version,
}

OPERATIONS: dict[str, Callable[[Journal], object]] = {
    "add_checkin": lambda j: j.add_checkin(make_checkin("self", {"hope": 2})),
    "add_reflection": lambda j: j.add_reflection(make_reflection("hi")),
    "checkins": lambda j: j.checkins(),
    "reflections": lambda j: j.reflections(),
    "counts": lambda j: j.counts(),
    "import_entries": lambda j: j.import_entries([make_checkin("self", {"hope": 2})], []),
    "set_setting": lambda j: j.set_setting("perspective", "self"),
    "setting": lambda j: j.setting("perspective"),
    "check": lambda j: j.check(),
    "delete_everything": lambda j: j.delete_everything(),
}


@pytest.fixture(params=list(NOT_JOURNALS))
def not_a_journal(request: pytest.FixtureRequest, data_dir: Path, tmp_path: Path) -> Path:
    """The data folder's journal file replaced by something that is not a usable journal."""
    workshop = tmp_path / "workshop"
    workshop.mkdir(mode=0o700)  # Journal() refuses to create its file in an open folder
    data = NOT_JOURNALS[request.param](workshop)
    data_dir.mkdir(mode=0o700)
    path = data_dir / paths.JOURNAL_FILENAME
    path.write_bytes(data)
    # Readable by others, as files of other programs often are; the mode must stay as it
    # is. A newer workbook writes its journal 0600 like this one does.
    os.chmod(path, 0o600 if request.param == "journal from a newer version" else 0o644)
    (data_dir / "unrelated.txt").write_text("keep me")
    return path


def _state(folder: Path) -> dict[str, tuple[str, int]]:
    return {
        p.name: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mode)
        for p in sorted(folder.iterdir())
    }


@pytest.fixture
def unchanged(not_a_journal: Path) -> Iterator[Path]:
    """Check, after the test, that the folder and the file are exactly as they were."""
    before = _state(not_a_journal.parent)
    yield not_a_journal
    assert _state(not_a_journal.parent) == before


@pytest.mark.parametrize("operation", list(OPERATIONS))
def test_guarantee_4_not_a_journal_is_refused_and_never_changed(
    unchanged: Path, operation: str
) -> None:
    with pytest.raises(NotAJournalError) as caught:
        OPERATIONS[operation](Journal())
    message = str(caught.value)
    assert str(unchanged) in message
    assert "has not been changed" in message


@pytest.mark.parametrize(
    "argv",
    [
        ["data", "delete", "--yes"],
        ["data", "delete"],
        ["data", "export"],
        ["data", "export", "--format", "csv"],
        ["data", "import", "{import_file}"],
    ],
    ids=["delete --yes", "delete", "export", "export csv", "import"],
)
def test_guarantee_4_cli_refuses_not_a_journal(
    unchanged: Path, argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import_source = tmp_path / "good.json"
    import_source.write_text(json.dumps(_import_document(2, bad_last=False)), encoding="utf-8")
    argv = [a.replace("{import_file}", str(import_source)) for a in argv]
    assert cli.main(argv) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert str(unchanged) in captured.err
    assert "has not been changed" in captured.err


def test_guarantee_4_command_line_delete_leaves_a_foreign_database(data_dir: Path) -> None:
    data_dir.mkdir(mode=0o700)
    path = data_dir / paths.JOURNAL_FILENAME
    db = sqlite3.connect(path)
    _foreign_tables(db)
    db.commit()
    db.close()
    before = _state(data_dir)
    for argv in (["data", "delete", "--yes"], ["data", "export"]):
        result = subprocess.run(
            [sys.executable, "-m", "workbook", *argv], env=child_env(data_dir),
            capture_output=True, text=True, timeout=60,
        )
        assert result.returncode == 1, result.stderr
        assert str(path) in result.stderr
        assert "has not been changed" in result.stderr
        assert "Traceback" not in result.stderr
    assert _state(data_dir) == before
