"""Issue 10: nobody else gets in, and no fault loses a file.

Every file is written whole or not at all, never into another user's file; the
data folder is one absolute folder outside the repository, used as it is; no
copy of the journal is left outside it; pages are never writable by others.
Some cases need root (a small tmpfs for a full disk, files of another user):
CI runs as root.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from workbook import cli, content, paths
from workbook.errors import DataFolderError
from workbook.html import notices as html_notices
from workbook.journal import store
from workbook.journal.model import make_checkin, make_reflection
from workbook.journal.store import Journal
from workbook.journal.transfer import import_file
from workbook.views import forms as forms
from workbook.views import notices as notices
from workbook.views import start as start

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
needs_root = pytest.mark.skipif(not IS_ROOT, reason="needs root to mount a tmpfs or chown "
                                "a file to another user (CI runs as root)")
OTHER_UID = 1002


def mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def tree(folder: Path) -> dict[str, bytes | None]:
    """Every entry under ``folder`` with its bytes (None for a folder)."""
    return {str(p.relative_to(folder)): (None if p.is_dir() else p.read_bytes())
            for p in sorted(folder.rglob("*"))}


@pytest.fixture
def sample_journal(data_dir: Path) -> Journal:
    journal = Journal()
    import_file(journal, paths.SAMPLE_JOURNEY)
    return journal


@contextlib.contextmanager
def small_disk(folder: Path, size: str = "2m") -> Iterator[Path]:
    folder.mkdir(mode=0o700)
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs",
                    str(folder)], check=True)
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=True)


def fill(disk: Path) -> Path:
    """Write a filler file until the disk is full; return it."""
    filler = disk / "filler"
    with open(filler, "wb", buffering=0) as fh, contextlib.suppress(OSError):
        while True:
            fh.write(b"\0" * 4096)
    return filler


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """Make ``folder`` read-only even for root: a tmpfs remounted read-only (as root),
    or mode 0500 (anyone else). ``folder`` must be a fresh mount point for root."""
    if IS_ROOT:
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        try:
            yield
        finally:
            subprocess.run(["mount", "-o", "remount,rw", str(folder)], check=True)
    else:
        os.chmod(folder, 0o500)
        try:
            yield
        finally:
            os.chmod(folder, 0o700)


@contextlib.contextmanager
def writable_folder(folder: Path) -> Iterator[Path]:
    """A folder that :func:`read_only` can make read-only."""
    if IS_ROOT:
        with small_disk(folder, "4m"):
            yield folder
    else:
        folder.mkdir(mode=0o700)
        yield folder


# --- 2. a full disk never destroys a file --------------------------------------------


COMMANDS = {
    "data export --force": ["data", "export", "--force", "--out"],
    "data export": ["data", "export", "--out"],
    "report --force": ["report", "--force", "--out"],
    "report": ["report", "--out"],
    "data share --force": ["data", "share", "--force", "--out"],
}


@needs_root
@pytest.mark.slow
@pytest.mark.parametrize("command", list(COMMANDS))
def test_a_full_disk_leaves_the_old_file_or_no_file(
    command: str, sample_journal: Journal, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with small_disk(tmp_path / "disk") as disk:
        out = disk / "backup.json"
        old = b'{"a good backup": true}\n'
        if "--force" in command:
            out.write_bytes(old)
        filler = fill(disk)
        before = tree(disk)

        assert cli.main([*COMMANDS[command], str(out)]) == 1
        error = capsys.readouterr().err
        words = content.messages().files
        left = words.unchanged if "--force" in command else words.not_written
        assert words.could_not_write.format(out=out, problem="No space left on device",
                                            left=left) in error
        assert tree(disk) == before  # the old file whole, or no file; no partial file
        assert "Traceback" not in error

        # With space again, the same command works: no "already exists" from a stub.
        filler.unlink()
        assert cli.main([*COMMANDS[command], str(out)]) == 0
        assert out.read_bytes() != old and mode(out) == 0o600
        assert sorted(p.name for p in disk.iterdir()) == ["backup.json"]


# --- 7. --force replaces the path, never writes into another user's file ----------------


@needs_root
def test_force_never_writes_into_another_users_file(
    sample_journal: Journal, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "backup.json"
    out.write_text("their file")
    os.chown(out, OTHER_UID, OTHER_UID)
    os.chmod(out, 0o666)
    theirs = tmp_path / "their-link.json"  # the other user keeps a hard link to it
    os.link(out, theirs)

    assert cli.main(["data", "export", "--out", str(out), "--force"]) == 0
    assert content.messages().files.only_you in capsys.readouterr().err
    info = out.stat()
    assert (info.st_uid, stat.S_IMODE(info.st_mode)) == (os.getuid(), 0o600)
    assert '"checkins"' in out.read_text()
    assert theirs.read_text() == "their file"
    assert theirs.stat().st_uid == OTHER_UID


def test_force_replaces_a_symlink_not_its_target(
    sample_journal: Journal, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("not a backup")
    out = tmp_path / "backup.json"
    out.symlink_to(elsewhere)
    assert cli.main(["data", "export", "--out", str(out), "--force"]) == 0
    assert not out.is_symlink() and mode(out) == 0o600
    assert elsewhere.read_text() == "not a backup"


# --- 3. one data folder: relative or inside the repository is refused ---------------------


@pytest.mark.parametrize("value", ["reldata", "notebooks/reldata"])
def test_a_relative_data_folder_is_refused(
    value: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(paths.DATA_DIR_ENV, value)
    assert cli.main(["data", "where"]) == 1
    assert cli.main(["data", "import", str(paths.SAMPLE_JOURNEY)]) == 1
    error = capsys.readouterr().err
    assert f"{paths.DATA_DIR_ENV} is set to '{value}', which is not a full path" in error
    assert list(tmp_path.iterdir()) == []
    # In the notebooks: the same words where the folder is shown, and where a save fails.
    with pytest.raises(DataFolderError, match="not a full path"):
        Journal().counts()
    assert "not a full path" in html_notices.privacy_notice_html()
    chooser = start.choose_perspective()
    chooser.choice.value = "self"
    chooser.save.click()
    assert "not a full path" in chooser.status.value
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(not (paths.REPO_DIR / ".git").exists(), reason="runs from a clone only")
def test_a_data_folder_inside_the_repository_is_refused(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    inside = paths.NOTEBOOKS_DIR / "reldata-test"
    assert not inside.exists()
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(inside))
    try:
        assert cli.main(["data", "import", str(paths.SAMPLE_JOURNEY)]) == 1
        assert "inside the workbook's own folder" in capsys.readouterr().err
        assert not inside.exists()
    finally:
        shutil.rmtree(inside, ignore_errors=True)  # what a failing version wrote


# --- 5. clear messages, not tracebacks ------------------------------------------------------


def test_a_data_folder_that_is_a_file_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    a_file = tmp_path / "notes.txt"
    a_file.write_text("my notes")
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(a_file))
    for argv in (["data", "where"], ["data", "export"], ["data", "delete", "--yes"],
                 ["data", "import", str(paths.SAMPLE_JOURNEY)]):
        assert cli.main(argv) == 1, argv
        assert "which is a file, not a folder" in capsys.readouterr().err, argv
    assert a_file.read_text() == "my notes"
    chooser = start.choose_perspective()
    chooser.choice.value = "self"
    chooser.save.click()
    assert "which is a file, not a folder" in chooser.status.value


def test_a_data_folder_that_cannot_be_created_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with writable_folder(tmp_path / "parent") as parent, read_only(parent):
        monkeypatch.setenv(paths.DATA_DIR_ENV, str(parent / "data"))
        assert cli.main(["data", "import", str(paths.SAMPLE_JOURNEY)]) == 1
        error = capsys.readouterr().err
        assert f"Could not create the folder {parent / 'data'}" in error
        assert "Nothing was saved" in error
        chooser = start.choose_perspective()
        chooser.choice.value = "self"
        chooser.save.click()
        assert "Could not create the folder" in chooser.status.value
        assert list(parent.iterdir()) == []


def test_delete_in_a_read_only_folder_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with writable_folder(tmp_path / "data") as folder:
        monkeypatch.setenv(paths.DATA_DIR_ENV, str(folder))
        import_file(Journal(), paths.SAMPLE_JOURNEY)
        (folder / "exports").mkdir(mode=0o700)
        (folder / "exports" / "copy.json").write_text("{}")
        before = tree(folder)
        with read_only(folder):
            assert cli.main(["data", "delete", "--yes"]) == 1
            error = capsys.readouterr().err
            assert f"The folder {folder} is read-only" in error
            assert "Nothing was deleted" in error
            assert tree(folder) == before


# --- 8. honest folders and modes -------------------------------------------------------------


def test_a_shared_folder_is_not_chmodded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o1777)
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(shared))
    assert cli.main(["data", "import", str(paths.SAMPLE_JOURNEY)]) == 1
    error = capsys.readouterr().err
    assert "Other people on this computer may open the folder" in error
    assert f"chmod 700 '{shared}'" in error
    assert mode(shared) == 0o1777
    assert list(shared.iterdir()) == []


@pytest.fixture
def open_umask() -> Iterator[None]:
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


def assert_not_writable_by_others(folder: Path) -> None:
    entries = [folder, *folder.rglob("*")]
    assert len(entries) > 5
    for entry in entries:
        wanted = 0o755 if entry.is_dir() else 0o644
        assert mode(entry) == wanted, f"{entry}: {oct(mode(entry))}"


@pytest.mark.usefixtures("open_umask")
def test_slides_under_an_open_umask_are_not_writable_by_others(tmp_path: Path) -> None:
    from workbook.publish.slides import export_slides

    export_slides(tmp_path / "slides")
    assert_not_writable_by_others(tmp_path / "slides")


@pytest.mark.usefixtures("open_umask")
@pytest.mark.slow
def test_a_site_under_an_open_umask_is_not_writable_by_others(tmp_path: Path) -> None:
    from workbook.publish.site import export_site

    report = export_site(tmp_path / "site", "blank", jobs=2, progress=lambda _m: None)
    assert report.ok, report.failures
    assert_not_writable_by_others(tmp_path / "site")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_slides_never_replace_a_folder_of_other_files(tmp_path: Path) -> None:
    from workbook.publish.site import ExportError
    from workbook.publish.slides import export_slides

    photos = tmp_path / "photos"
    photos.mkdir()
    (photos / "index.html").write_text("my own page")
    with pytest.raises(ExportError, match="already holds other files"):
        export_slides(photos)
    assert tree(photos) == {"index.html": b"my own page"}


def _count_quick_checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Spy on the journal's connections: the integrity checks they run."""
    seen: list[str] = []
    real_connect = sqlite3.connect

    def connect(*args: object, **kwargs: object) -> sqlite3.Connection:
        db = real_connect(*args, **kwargs)  # type: ignore[arg-type]
        db.set_trace_callback(lambda sql: seen.append(sql) if "quick_check" in sql else None)
        return db

    monkeypatch.setattr(store.sqlite3, "connect", connect)
    return seen


def test_the_integrity_check_runs_only_when_the_file_changed(
    sample_journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    def write_as_another_process() -> None:
        other = sqlite3.connect(paths.journal_path())
        other.execute("INSERT OR REPLACE INTO settings (key, value) VALUES ('x', '1')")
        other.commit()
        other.close()

    write_as_another_process()
    checks = _count_quick_checks(monkeypatch)
    journal = Journal()
    for _ in range(3):
        journal.checkins()
        journal.counts()
    assert len(checks) == 1
    journal.add_reflection(make_reflection("our own write"))
    journal.reflections()
    assert len(checks) == 1, "our own write left a file known to be intact"
    write_as_another_process()  # the file changed, so it is checked again
    journal.checkins()
    assert len(checks) == 2
    journal.add_checkin(make_checkin("self", {"hope": 4}))
    assert len(checks) == 2


# --- 6. a killed export leaves no copy outside the data folder ------------------------------


@pytest.fixture
def system_tmp() -> Iterator[Path]:
    """A system temporary folder of our own, with a short name: the kernels' sockets
    live there, and a socket's path may not be much longer than 100 characters."""
    folder = Path(tempfile.mkdtemp(prefix="odt-", dir="/tmp"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _start_mine_export(tmp_path: Path, data_dir: Path,
                       system_tmp: Path) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        [sys.executable, "-m", "workbook", "export", "--data", "mine", "--jobs", "1",
         "--out", str(tmp_path / "site")],
        env={**os.environ, paths.DATA_DIR_ENV: str(data_dir), "TMPDIR": str(system_tmp)},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    return process


def _wait_for_personal_pages(tmp_path: Path, process: subprocess.Popen[bytes]) -> Path:
    """The partial site once it holds a chapter page (personal entries)."""
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        assert process.poll() is None, "the export ended before it could be stopped"
        for staging in tmp_path.glob(".site.building-*"):
            if list(staging.glob("0*.html")):
                return staging
        time.sleep(0.05)
    raise AssertionError("the export wrote no chapter page in 300 s")


def _journal_copies(folder: Path) -> list[Path]:
    found = []
    for path in folder.rglob("*"):
        with contextlib.suppress(OSError):
            if path.is_file() and path.read_bytes()[:16] == store.SQLITE_HEADER:
                found.append(path)
    return found


@pytest.mark.slow
def test_a_killed_export_leaves_no_copy_outside_the_data_folder(
    tmp_path: Path, sample_journal: Journal, system_tmp: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    data_dir = paths.data_dir()
    Journal().add_reflection(make_reflection("Only mine."))
    process = _start_mine_export(tmp_path, data_dir, system_tmp)
    try:
        staging = _wait_for_personal_pages(tmp_path, process)
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=60)

    assert _journal_copies(system_tmp) == []
    outside = [p for p in _journal_copies(tmp_path) if data_dir not in p.parents]
    assert outside == []
    assert staging.is_dir()  # personal pages beside the site: SIGKILL cannot be caught

    assert cli.main(["data", "delete", "--yes"]) == 0
    assert "copy left by a stopped export" in capsys.readouterr().out
    assert not staging.exists()
    assert not data_dir.exists()
    assert _journal_copies(tmp_path) == []


@pytest.mark.slow
def test_the_next_export_removes_what_a_killed_one_left(
    tmp_path: Path, sample_journal: Journal, system_tmp: Path
) -> None:
    data_dir = paths.data_dir()
    process = _start_mine_export(tmp_path, data_dir, system_tmp)
    try:
        staging = _wait_for_personal_pages(tmp_path, process)
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=60)

    again = _start_mine_export(tmp_path, data_dir, system_tmp)
    assert again.wait(timeout=600) == 0
    assert not staging.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "site"]
    assert sorted(p.name for p in data_dir.iterdir()) == [paths.JOURNAL_FILENAME]
    assert _journal_copies(system_tmp) == []
