"""Opening files someone hands the workbook (an import file, share files), which may be
anything: only a regular file is read. A named pipe would wait forever for a writer,
a device such as ``/dev/zero`` never ends, and a folder is not a file.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

from .errors import worded

# What a path that is not a regular file is; each id is worded in messages.yaml's
# unreadable_file section.
_KINDS = (
    (stat.S_ISDIR, "folder"),
    (stat.S_ISFIFO, "pipe"),
    (stat.S_ISCHR, "device"),
    (stat.S_ISBLK, "device"),
    (stat.S_ISSOCK, "socket"),
)


class UnreadableFile(Exception):
    """The path cannot be read as a file; ``reason`` completes "<path> ...".

    Raised by message id (``messages.yaml``'s ``unreadable_file``): this base module
    cannot read content, so the words come when ``reason`` is asked for.
    """

    def __init__(self, message_id: str, **values: object) -> None:
        super().__init__(message_id)
        self.message_id = message_id
        self.values = values

    @property
    def reason(self) -> str:
        return worded("unreadable_file", self.message_id, self.values)

    def __str__(self) -> str:
        return self.reason


def _not_regular(mode: int) -> str | None:
    if stat.S_ISREG(mode):
        return None
    return next((kind for test, kind in _KINDS if test(mode)), "not_a_file")


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
        raise UnreadableFile("missing") from None
    except OSError as exc:
        raise UnreadableFile("could_not_read", problem=exc.strerror) from None
    status = os.fstat(fd)
    reason = _not_regular(status.st_mode)
    if reason:
        os.close(fd)
        raise UnreadableFile(reason)
    os.set_blocking(fd, True)
    return os.fdopen(fd, "rb"), status.st_size
