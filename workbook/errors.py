"""The errors that carry a message for the reader: what went wrong and how to fix it.

They live here, below ``paths`` and ``store``, so the data folder's checks in
``paths`` raise the same family the notebooks and the command already catch.

The base modules (``paths``, ``regular_files``) may not import ``content``, where
every learner word lives, so they raise with a message id and its values instead of
words; ``content`` registers the function that words them (:func:`use_wording`) when
it is first imported, and ``str()`` of the error gives the words from then on.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

# (section, message id, values) -> the words. Set by workbook.content on import.
Wording = Callable[[str, str, Mapping[str, object]], str]


def _unworded(section: str, message_id: str, values: Mapping[str, object]) -> str:
    # Only seen if content was never imported (a bare script using paths alone).
    shown = ", ".join(f"{key}={value}" for key, value in values.items())
    return f"{section}.{message_id} ({shown})"


_wording: Wording = _unworded


def use_wording(wording: Wording) -> None:
    """Word the errors raised by id with ``wording`` (called by workbook.content)."""
    global _wording
    _wording = wording


def worded(section: str, message_id: str, values: Mapping[str, object]) -> str:
    """The words for a message of ``data/content/messages.yaml``'s ``section``."""
    return _wording(section, message_id, values)


class JournalError(Exception):
    """Something went wrong with the journal file; the message says what to do."""


class DataFolderError(JournalError):
    """The data folder cannot be used (relative, inside the repository, a file, shared,
    or cannot be created); nothing was written.

    Raised with words (``DataFolderError(text)``) above the base, or by message id
    (:meth:`about`) in the base modules, which cannot read content.
    """

    SECTION = "data_folder"

    def __init__(self, text: str = "", *, message_id: str = "",
                 values: Mapping[str, object] | None = None) -> None:
        super().__init__(text or message_id)
        self.message_id = message_id
        self.values = dict(values or {})

    @classmethod
    def about(cls, message_id: str, **values: object) -> DataFolderError:
        """The error for ``messages.yaml``'s ``data_folder.<message_id>``."""
        return cls(message_id=message_id, values=values)

    def __str__(self) -> str:
        if self.message_id:
            return worded(self.SECTION, self.message_id, self.values)
        return super().__str__()
