"""Hand in without a terminal: chapter 3's button that adds the anonymous share file to
the facilitator's drop folder on a hub (``WORKBOOK_HANDIN_DIR``, deploy/jupyterhub/)."""

from __future__ import annotations

import ipywidgets as widgets

from .. import content, paths, surface
from ..html.style import escape, status_html
from ..journal.store import Journal, JournalError
from ..journal.workshop import HandInError, hand_in
from .controls import button


class HandInBox(widgets.VBox):
    """The hand-in button and what happened; it only reads the journal."""

    def __init__(self, journal: Journal) -> None:
        self.words = content.messages().hand_in
        self.journal = journal
        self.button = button(self.words.button, icon="paper-plane")
        self.status = widgets.HTML()
        self.button.on_click(lambda _button: self.hand_in())
        super().__init__([widgets.HTML(f"<p>{escape(self.words.intro)}</p>"), self.button,
                          self.status])
        self.add_class("open-door-hand-in")

    def hand_in(self) -> None:
        folder = paths.handin_dir()
        if folder is None:  # unset since this box was shown
            return
        try:
            hand_in(folder, self.journal)
        except (HandInError, JournalError) as exc:
            self.status.value = status_html(str(exc), "problem")
            return
        self.status.value = status_html(self.words.done, "success")


def hand_in_controls(journal: Journal) -> list[widgets.Widget]:
    """The hand-in box where a drop folder is set and buttons work; otherwise nothing."""
    if paths.handin_dir() is None or not surface.has_kernel():
        return []
    return [HandInBox(journal)]
