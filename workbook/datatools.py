"""Saving a copy of the journal and deleting it: one set of functions for the
``workbook data`` commands and the notebooks."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from . import paths
from .store import Journal
from .transfer import Format, export_text, write_private_file


def plural(count: int, word: str, words: str | None = None) -> str:
    """``1 check-in``, ``2 check-ins``; give ``words`` for irregular plurals."""
    return f"{count} {word if count == 1 else (words or word + 's')}"


def describe_counts(counts: dict[str, int]) -> str:
    """``12 check-ins, 24 reflections and 1 saved choice``."""
    return (f"{plural(counts['checkins'], 'check-in')}, "
            f"{plural(counts['reflections'], 'reflection')} and "
            f"{plural(counts['settings'], 'saved choice')}")


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
    raise FileExistsError(f"too many copies in {target}; delete some first")


def export_copy(fmt: Format, journal: Journal | None = None,
                folder: Path | None = None, today: date | None = None) -> Path:
    """Write the whole journal to a new private file in the exports folder; return its path."""
    stem = f"open-door-journal-{(today or date.today()).isoformat()}"
    return save_new_copy(export_text(journal or Journal(), fmt), stem, fmt, folder)


@dataclass(frozen=True)
class Deleted:
    what: str
    files: tuple[Path, ...]


def has_anything(journal: Journal | None = None) -> bool:
    """True if there is a journal or a saved copy to delete."""
    exports = paths.exports_dir()
    return (journal or Journal()).exists() or (exports.is_dir() and any(exports.iterdir()))


def delete_everything(journal: Journal | None = None) -> Deleted:
    """Delete the journal and the copies saved from the notebooks.

    Refuses (NotAJournalError) a journal file that is not ours, before deleting anything.
    """
    journal = journal or Journal()
    what = describe_counts(journal.counts())
    removed = list(journal.delete_everything().files)
    exports = paths.exports_dir()
    if exports.is_dir():
        for copy in sorted(exports.iterdir()):
            if copy.is_file():
                copy.unlink()
                removed.append(copy)
        with contextlib.suppress(OSError):
            exports.rmdir()
    with contextlib.suppress(OSError):
        paths.data_dir().rmdir()  # only if nothing else is in it
    copies = sum(p.parent == exports for p in removed)
    if copies:
        what += f", and {plural(copies, 'saved copy', 'saved copies')}"
    return Deleted(what, tuple(removed))
