"""Views for the chapter "Reflections over time": adding a reflection, and
saving a copy of the journal or deleting it (the same functions as the CLI)."""

from __future__ import annotations

import base64
from collections.abc import Callable
from pathlib import Path

import ipywidgets as widgets

from . import content
from .datatools import delete_everything, export_copy, has_anything
from .gui import friendly_time
from .model import InvalidEntry, Reflection, make_reflection
from .store import Journal, JournalError
from .style import WIDE_LABEL, escape, status_html
from .transfer import Format

# Views to refresh after a save in this kernel (the over-time charts).
_listeners: list[Callable[[], None]] = []


def on_journal_change(callback: Callable[[], None]) -> None:
    """Call ``callback`` after anything is saved or deleted from a notebook."""
    _listeners.append(callback)


def journal_changed() -> None:
    for callback in list(_listeners):
        callback()


class ReflectionForm(widgets.VBox):
    """Write a reflection, with mood, stress, tags and an event if you like."""

    def __init__(self) -> None:
        words = content.journal_text().reflection_form
        self.words = words
        self.text = widgets.Textarea(placeholder=words.text_placeholder,
                                     tooltip=words.text_label, rows=4,
                                     layout=widgets.Layout(width="100%", max_width="48em"))
        self.with_feelings = widgets.Checkbox(value=True, description=words.feelings_label,
                                              indent=False)
        slider_layout = widgets.Layout(width="40em", max_width="100%")
        self.mood = widgets.IntSlider(value=5, min=0, max=10, description=words.mood_label,
                                      style=WIDE_LABEL, layout=slider_layout,
                                      continuous_update=False)
        self.stress = widgets.IntSlider(value=5, min=0, max=10, description=words.stress_label,
                                        style=WIDE_LABEL, layout=slider_layout,
                                        continuous_update=False)
        self.tags = widgets.Text(description=words.tags_label, placeholder=words.tags_placeholder,
                                 style=WIDE_LABEL, layout=widgets.Layout(width="36em"))
        self.event = widgets.Combobox(description=words.event_label,
                                      placeholder=words.event_placeholder,
                                      options=list(words.event_suggestions), ensure_option=False,
                                      style=WIDE_LABEL, layout=widgets.Layout(width="36em"))
        self.save = widgets.Button(description=words.save_button, button_style="primary",
                                   icon="check", tooltip=words.save_button,
                                   layout=widgets.Layout(width="auto", align_self="flex-start"))
        self.status = widgets.HTML()
        self.feelings = widgets.VBox([self.mood, self.stress])
        super().__init__([
            widgets.HTML(f"<p style=\"margin: 0.3em 0\"><strong>{escape(words.text_label)}"
                         "</strong></p>"),
            self.text, self.with_feelings, self.feelings, self.tags,
            widgets.HTML(f"<small>{escape(words.tags_help)}</small>"),
            self.event, self.save, self.status,
        ])
        self.with_feelings.observe(self._show_feelings, names="value")
        self.save.on_click(lambda _button: self.save_reflection())

    def _show_feelings(self, _change: object = None) -> None:
        self.feelings.layout.display = None if self.with_feelings.value else "none"

    def save_reflection(self) -> Reflection | None:
        """Check and save; on a problem say what to fix and keep what was typed."""
        feelings = self.with_feelings.value
        try:
            reflection = make_reflection(
                self.text.value, mood=self.mood.value if feelings else None,
                stress=self.stress.value if feelings else None,
                tags=self.tags.value, event=self.event.value,
            )
            Journal().add_reflection(reflection)
        except (InvalidEntry, JournalError) as exc:
            self.status.value = status_html(str(exc), "problem")
            return None
        self.text.value = ""
        self.tags.value = ""
        self.event.value = ""
        self.status.value = status_html(self.words.saved.format(
            when=friendly_time(reflection.when)), "success")
        journal_changed()
        return reflection


def add_reflection() -> ReflectionForm:
    """The form for a new reflection."""
    return ReflectionForm()


def download_link_html(path: Path, label: str) -> str:
    """A link that downloads the file without a server: the data travels in the link."""
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    kind = "application/json" if path.suffix == ".json" else "text/csv"
    return (f"<a download=\"{escape(path.name)}\" href=\"data:{kind};base64,{data}\">"
            f"{escape(label)}</a>")


class DataTools(widgets.VBox):
    """Save a copy of everything, or delete everything, from the notebook."""

    def __init__(self) -> None:
        words = content.journal_text().data_tools
        self.words = words
        self.export_json = widgets.Button(description=words.export_json, icon="download",
                                          tooltip=words.export_json,
                                          layout=widgets.Layout(width="auto"))
        self.export_csv = widgets.Button(description=words.export_csv, icon="download",
                                         tooltip=words.export_csv,
                                         layout=widgets.Layout(width="auto"))
        self.export_status = widgets.HTML()
        self.confirm = widgets.Checkbox(value=False, description=words.delete_confirm,
                                        indent=False, layout=widgets.Layout(width="auto"))
        self.delete = widgets.Button(description=words.delete_button, button_style="danger",
                                     icon="trash", tooltip=words.delete_button,
                                     layout=widgets.Layout(width="auto"))
        self.delete_status = widgets.HTML()
        super().__init__([
            widgets.HTML(f"<p style=\"margin: 0.3em 0\"><strong>{escape(words.export_label)}"
                         "</strong></p>"),
            widgets.HBox([self.export_json, self.export_csv]), self.export_status,
            self.confirm, self.delete, self.delete_status,
        ])
        self.export_json.on_click(lambda _button: self.save_copy("json"))
        self.export_csv.on_click(lambda _button: self.save_copy("csv"))
        self.delete.on_click(lambda _button: self.delete_all())

    def save_copy(self, fmt: Format) -> Path | None:
        try:
            path = export_copy(fmt)
        except (JournalError, OSError) as exc:
            self.export_status.value = status_html(str(exc), "problem")
            return None
        self.export_status.value = (
            status_html(self.words.exported.format(path=path), "success")
            + f"<p>{download_link_html(path, self.words.download)}</p>"
        )
        return path

    def delete_all(self) -> bool:
        if not self.confirm.value:
            self.delete_status.value = status_html(self.words.delete_first_tick, "problem")
            return False
        try:
            if not has_anything():
                self.delete_status.value = status_html(self.words.nothing_to_delete, "notice")
                return False
            deleted = delete_everything()
        except JournalError as exc:
            self.delete_status.value = status_html(str(exc), "problem")
            return False
        self.confirm.value = False
        self.export_status.value = ""
        self.delete_status.value = status_html(self.words.deleted.format(what=deleted.what),
                                               "success")
        journal_changed()
        return True


def data_tools() -> DataTools:
    """Buttons to save a copy of the journal, or delete it for good."""
    return DataTools()
