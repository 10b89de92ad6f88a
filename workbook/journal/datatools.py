"""Saving a copy of the journal and deleting it: one set of functions for the
``workbook data`` commands and the notebooks."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .. import content, files, paths
from ..content import plural
from ..errors import DataFolderError, JournalError
from ..files import write_private_file
from .store import Journal
from .transfer import Format, export_text
from .workshop import share_text


def _say() -> content.DataToolMessages:
    return content.messages().data_tools


def _counted(count: int, word: content.Plural) -> str:
    return plural(count, word.one, word.other)


def describe_counts(counts: dict[str, int]) -> str:
    """``12 check-ins, 24 reflections and 1 saved choice``."""
    say = _say()
    return say.counts.format(checkins=_counted(counts["checkins"], say.checkin),
                             reflections=_counted(counts["reflections"], say.reflection),
                             settings=_counted(counts["settings"], say.setting))


def save_new_copy(text: str, stem: str, suffix: str, folder: Path | None = None) -> Path:
    """Write ``text`` to a new private file ``stem.suffix`` (``stem-2.suffix``...) in exports."""
    target = paths.ensure_private_dir(folder or paths.exports_dir())
    for number in range(1, 1000):
        path = target / (f"{stem}.{suffix}" if number == 1 else f"{stem}-{number}.{suffix}")
        try:
            write_private_file(path, text)
        except FileExistsError:
            continue
        return path
    raise FileExistsError(_say().too_many_copies.format(folder=target))


def export_copy(fmt: Format, journal: Journal | None = None,
                folder: Path | None = None, today: date | None = None) -> Path:
    """Write the whole journal to a new private file in the exports folder; return its path."""
    stem = f"open-door-journal-{(today or date.today()).isoformat()}"
    return save_new_copy(export_text(journal or Journal(), fmt), stem, fmt, folder)


def save_share_file(journal: Journal | None = None, folder: Path | None = None,
                    today: date | None = None) -> Path:
    """Write a share file of the latest check-in (see ``workshop``) to a new file in exports.

    Raises ShareError when there is no check-in to share.
    """
    stem = f"open-door-share-{(today or date.today()).isoformat()}"
    return save_new_copy(share_text(journal or Journal()), stem, "json", folder)


# In a scratch folder: folders outside the data folder that hold personal pages while
# they are built (a site of "mine" is built beside its target), one path a line.
OUTSIDE_RECORD = "outside-folders"


@contextlib.contextmanager
def scratch_folder(prefix: str) -> Iterator[Path]:
    """A private folder for temporary copies of the journal, inside the data folder.

    Removed on any exit that runs Python's cleanup. What a killed run left (its
    process is gone) is removed here, on the next run, and by
    :func:`delete_everything` (see :func:`leftovers`).
    """
    scratch = paths.ensure_private_dir(paths.scratch_dir())
    for run in sorted(scratch.iterdir()):
        if not _is_running(run):
            for left in _leftovers_of(run):
                shutil.rmtree(left, ignore_errors=True)
    try:
        with tempfile.TemporaryDirectory(prefix=f"{prefix}{os.getpid()}-",
                                         dir=scratch) as name:
            yield Path(name)
    finally:
        with contextlib.suppress(OSError):
            scratch.rmdir()  # only if no other export is running


def _is_running(run: Path) -> bool:
    """True if the process that made the scratch folder ``run`` may still be running."""
    parts = run.name.split("-")
    if len(parts) < 3 or not parts[1].isdigit():
        return False
    try:
        os.kill(int(parts[1]), 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # another user's process with that number: leave it
    return True


def note_outside_folder(scratch: Path, folder: Path) -> None:
    """Record ``folder`` (personal, outside the data folder) before it is created."""
    fd = os.open(scratch / OUTSIDE_RECORD, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(fd, "a", encoding="utf-8") as record:
        record.write(f"{folder}\n")
        record.flush()
        os.fsync(record.fileno())


def _leftovers_of(run: Path) -> list[Path]:
    found: list[Path] = []
    record = run / OUTSIDE_RECORD
    with contextlib.suppress(OSError):
        for line in record.read_text(encoding="utf-8").splitlines():
            folder = Path(line)
            if (folder.is_absolute() and files.is_leftover_name(folder)
                    and folder.is_dir() and not folder.is_symlink()):
                found.append(folder)
    return [*found, run]


def leftovers() -> list[Path]:
    """What stopped exports left: their scratch folders and the partial sites they recorded."""
    scratch = paths.scratch_dir()
    if not scratch.is_dir():
        return []
    return [left for run in sorted(scratch.iterdir()) for left in _leftovers_of(run)]


def _check_deletable(folders: list[Path]) -> None:
    """Refuse before deleting anything if a folder would refuse a deletion."""
    for folder in folders:
        if folder.is_dir() and not os.access(folder, os.W_OK | os.X_OK):
            raise DataFolderError(_say().read_only.format(folder=folder))


@dataclass(frozen=True)
class Deleted:
    what: str
    files: tuple[Path, ...]


def has_anything(journal: Journal | None = None) -> bool:
    """True if there is a journal or a saved copy to delete."""
    exports = paths.exports_dir()
    return ((journal or Journal()).exists() or (exports.is_dir() and any(exports.iterdir()))
            or bool(leftovers()))


def delete_everything(journal: Journal | None = None) -> Deleted:
    """Delete the journal and the copies saved from the notebooks.

    Refuses (NotAJournalError) a journal file that is not ours, before deleting anything.
    """
    journal = journal or Journal()
    what = describe_counts(journal.counts())
    exports = paths.exports_dir()
    left = leftovers()
    _check_deletable([journal.path.parent, exports, paths.scratch_dir(),
                      *(p.parent for p in left)])
    removed: list[Path] = []
    try:
        removed += journal.delete_everything().files
        if exports.is_dir():
            for copy in sorted(exports.iterdir()):
                if copy.is_file():
                    copy.unlink()
                    removed.append(copy)
            with contextlib.suppress(OSError):
                exports.rmdir()
        for folder in left:
            shutil.rmtree(folder)
            removed.append(folder)
        with contextlib.suppress(OSError):
            paths.scratch_dir().rmdir()
    except OSError as exc:
        say = _say()
        # Content strips each text, so the space before the next sentence is added here.
        done = say.deleted_so_far.format(files=", ".join(map(str, removed))) + " " if removed \
            else ""
        raise JournalError(say.could_not_delete.format(
            file=exc.filename or say.a_file, problem=exc.strerror, done=done)) from None
    with contextlib.suppress(OSError):
        paths.data_dir().rmdir()  # only if nothing else is in it
    copies = sum(p.parent == exports for p in removed)
    say = _say()
    if copies:
        what = say.and_more.format(what=what, more=_counted(copies, say.copy))
    runs = sum(p.parent == paths.scratch_dir() for p in left)
    if runs:
        what = say.and_more.format(what=what, more=_counted(runs, say.leftover))
    return Deleted(what, tuple(removed))
