"""The errors that carry a message for the reader: what went wrong and how to fix it.

They live here, below ``paths`` and ``store``, so the data folder's checks in
``paths`` raise the same family the notebooks and the command already catch.
"""

from __future__ import annotations


class JournalError(Exception):
    """Something went wrong with the journal file; the message says what to do."""


class DataFolderError(JournalError):
    """The data folder cannot be used (relative, inside the repository, a file, shared,
    or cannot be created); nothing was written."""
