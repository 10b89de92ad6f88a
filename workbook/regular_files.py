"""Opening files someone hands the workbook (an import file, share files), which may be
anything: only a regular file is read. A named pipe would wait forever for a writer,
a device such as ``/dev/zero`` never ends, and a folder is not a file.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)


class UnreadableFile(Exception):
    """The path cannot be read as a file; ``reason`` completes "<path> ..."."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _not_regular(mode: int) -> str | None:
    if stat.S_ISREG(mode):
        return None
    kind = next((name for test, name in _KINDS if test(mode)), "not a file")
    return f"is {kind}, not a regular file"


def open_regular(path: Path) -> tuple[BinaryIO, int]:
    """Open ``path`` to read bytes if it is a regular file (symbolic links followed).

    Returns the open file and its size. Raises :class:`UnreadableFile` otherwise,
    without opening a device (opening some devices does something).
    """
    try:
        reason = _not_regular(os.stat(path).st_mode)
        if reason:
            raise UnreadableFile(reason)
        # O_NONBLOCK: if a pipe is put in its place after the check, opening it does not
        # wait for a writer; the check below then refuses it.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise UnreadableFile("does not exist. Check the file name") from None
    except OSError as exc:
        raise UnreadableFile(f"could not be read ({exc.strerror})") from None
    status = os.fstat(fd)
    reason = _not_regular(status.st_mode)
    if reason:
        os.close(fd)
        raise UnreadableFile(reason)
    os.set_blocking(fd, True)
    return os.fdopen(fd, "rb"), status.st_size
