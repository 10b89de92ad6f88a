"""Writing files and folders so that a failure never leaves half of one.

A file is written to a temporary file in the same folder and renamed into
place, so a full disk or a killed process leaves the old file as it was and
no partial file. Replacing (``overwrite=True``) swaps the name to a new file
owned by this user: another owner's file, or a file linked from elsewhere,
is never written into. Modes are set explicitly, so the umask cannot make a
file readable or writable by others.

A site folder is built in a hidden folder beside its target and renamed into
place the same way (:func:`staging_folder`, :func:`publish_folder`).
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700
SHARED_FILE = 0o644
SHARED_FOLDER = 0o755
# Errors from os.link on file systems without hard links (FAT on a USB stick, some shares).
_NO_HARD_LINKS = {errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EXDEV, errno.EMLINK,
                  errno.ENOSYS, errno.EACCES}


def write_file(path: Path, data: str | bytes, *, overwrite: bool = False,
               mode: int = PRIVATE_FILE) -> Path:
    """Write ``data`` (text is UTF-8) to ``path`` all at once, with ``mode``; return ``path``.

    Raises ``FileExistsError`` if ``path`` exists and ``overwrite`` is false, and
    ``OSError`` (disk full, no permission...) with ``path`` unchanged.
    """
    path = Path(path)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if not overwrite and os.path.lexists(path):
        raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(path))
    # The name is short enough for any file system and hidden from a folder listing.
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name[:64]}.", suffix=".tmp",
                                    dir=path.parent)
    tmp = Path(tmp_name)
    try:
        try:
            if hasattr(os, "fchmod"):
                os.fchmod(fd, mode)
            else:  # pragma: no cover - Windows before Python 3.13
                os.chmod(tmp, mode)
            view = memoryview(raw)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
        finally:
            os.close(fd)
        if overwrite:
            os.replace(tmp, path)
        else:
            _rename_if_absent(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise
    _sync_folder(path.parent)
    return path


def write_private_file(path: Path, text: str, *, overwrite: bool = False) -> None:
    """Write ``text`` to a file only its owner can read (0600), all at once."""
    write_file(path, text, overwrite=overwrite, mode=PRIVATE_FILE)


def _rename_if_absent(tmp: Path, path: Path) -> None:
    """Give ``tmp`` the name ``path`` unless that name is taken (FileExistsError)."""
    try:
        # A hard link fails if the name exists, with no moment where it could be replaced.
        os.link(tmp, path)
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in _NO_HARD_LINKS:
            raise
        if os.path.lexists(path):
            raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(path)) from None
        os.rename(tmp, path)
        return
    tmp.unlink()


def _sync_folder(folder: Path) -> None:
    """Make the rename itself survive a power cut (where the system supports it)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


# --- folders -----------------------------------------------------------------------


def staging_path(out: Path) -> Path:
    """The hidden folder beside ``out`` that a new ``out`` is built in."""
    return out.with_name(f".{out.name}.building-{secrets.token_hex(6)}")


def old_path(out: Path) -> Path:
    """Where an earlier ``out`` waits, for a moment, while the new one takes its name."""
    return out.with_name(f".{out.name}.old-{os.getpid()}")


def is_leftover_name(path: Path) -> bool:
    """True for the names :func:`staging_path` and :func:`old_path` give."""
    return path.name.startswith(".") and (".building-" in path.name or ".old-" in path.name)


@contextlib.contextmanager
def staging_folder(staging: Path) -> Iterator[Path]:
    """Create ``staging`` for this user only; remove it unless it was published."""
    staging.mkdir(mode=PRIVATE_FOLDER)
    try:
        yield staging
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def set_tree_modes(folder: Path, *, private: bool) -> None:
    """Give every folder and file under ``folder`` its mode, whatever the umask was:
    owner-only for personal pages, readable (never writable) by others otherwise."""
    folder_mode = PRIVATE_FOLDER if private else SHARED_FOLDER
    file_mode = PRIVATE_FILE if private else SHARED_FILE
    for root, dirs, names in os.walk(folder):
        for name in dirs:
            os.chmod(Path(root) / name, folder_mode)
        for name in names:
            os.chmod(Path(root) / name, file_mode)
    os.chmod(folder, folder_mode)


def publish_folder(staging: Path, out: Path) -> None:
    """Put the finished ``staging`` folder in place of ``out`` (absent, or replaced)."""
    if out.is_dir():
        old = old_path(out)
        out.rename(old)
        try:
            staging.rename(out)
        except BaseException:
            old.rename(out)
            raise
        shutil.rmtree(old, ignore_errors=True)
    else:
        staging.rename(out)
    _sync_folder(out.parent)
