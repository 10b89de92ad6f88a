"""The chapter "My summary": the personal summary page inside the notebook, and
a button that saves it as one web page to print or bring to a counselor."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import ipywidgets as widgets

from .. import content, surface
from ..html.style import status_html
from ..journal.datatools import save_new_copy
from ..journal.store import JournalError
from ..publish.report import summary_body_html, summary_html
from .controls import button
from .journal import download_link_html


class SummaryView(widgets.VBox):
    """The summary, an update button, and "save as a web page"."""

    def __init__(self) -> None:
        words = content.summary_text().headings
        self.words = words
        self.page = widgets.HTML()
        self.refresh_button = button(words["refresh_button"], "refresh", "")
        self.save = button(words["save_button"], "download")
        self.status = widgets.HTML()
        super().__init__([widgets.HBox([self.refresh_button, self.save]), self.status,
                          self.page])
        self.refresh_button.on_click(lambda _button: self.refresh())
        self.save.on_click(lambda _button: self.save_page())
        self.refresh()

    def refresh(self) -> None:
        try:
            self.page.value = summary_body_html()
        except JournalError as exc:
            self.status.value = status_html(str(exc), "problem")

    def save_page(self) -> Path | None:
        """Save the whole page to the private exports folder and offer it for download."""
        try:
            path = save_new_copy(summary_html(), f"open-door-summary-{date.today()}", "html")
        except (JournalError, OSError) as exc:
            self.status.value = status_html(str(exc), "problem")
            return None
        self.status.value = (status_html(self.words["saved_page"].format(path=path), "success")
                             + f"<p>{download_link_html(path, self.words['download'])}</p>")
        return path


def my_summary() -> SummaryView | widgets.HTML:
    """Your personal summary, with a button to save it as a web page. In the exported
    site (no kernel): the summary the page was built with, to read and print."""
    if not surface.has_kernel():
        try:
            return widgets.HTML(summary_body_html())
        except JournalError as exc:
            return widgets.HTML(status_html(str(exc), "problem"))
    return SummaryView()
