"""Views for the chapter "Reflections over time": adding a reflection, and
saving a copy of the journal or deleting it (the same functions as the CLI)."""

from __future__ import annotations

import base64
import inspect
import math
import re
import weakref
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import pandas as pd
from IPython.display import HTML

from .. import charts, content, surface
from ..charts import Chart
from ..charts.render import figure_svg
from ..html.notices import friendly_time
from ..html.style import WIDE_LABEL, box, bullet_list, escape, status_html
from ..journal import timeline
from ..journal.datatools import delete_everything, export_copy, has_anything, save_share_file
from ..journal.model import InvalidEntry, Reflection, make_reflection
from ..journal.store import Journal, JournalError
from ..journal.transfer import Format
from ..journal.workshop import ShareError
from .accessible import AltText, carrier, labelled_by, speak_scale
from .controls import SaveWhenSynced, button, chapter_state, text_area

# Views to refresh after a save in this kernel (the over-time charts). Views are
# held weakly, so one that is no longer shown (its cell was run again) is dropped.
_listeners: list[Callable[[], Callable[[], None] | None]] = []


def on_journal_change(callback: Callable[[], None]) -> None:
    """Call ``callback`` after anything is saved or deleted from a notebook."""
    if inspect.ismethod(callback):
        _listeners.append(weakref.WeakMethod(callback))
    else:
        _listeners.append(lambda: callback)


def journal_changed() -> None:
    for reference in list(_listeners):
        callback = reference()
        if callback is None:
            _listeners.remove(reference)
        else:
            callback()


class ReflectionForm(widgets.VBox):
    """Write a reflection, with mood, stress, tags and an event if you like."""

    def __init__(self) -> None:
        words = content.journal_text().reflection_form
        self.words = words
        self.text = labelled_by(text_area(words.text_placeholder, words.text_label, rows=4),
                                "od-reflection-text")
        self.with_feelings = widgets.Checkbox(value=True, description=words.feelings_label,
                                              indent=False)
        slider_layout = widgets.Layout(width="40em", max_width="100%")
        self.mood = widgets.IntSlider(value=5, min=0, max=10, description=words.mood_label,
                                      style=WIDE_LABEL, layout=slider_layout,
                                      continuous_update=False)
        self.stress = widgets.IntSlider(value=5, min=0, max=10, description=words.stress_label,
                                        style=WIDE_LABEL, layout=slider_layout,
                                        continuous_update=False)
        speak_scale(self.mood, "mood", words.mood_scale)
        speak_scale(self.stress, "stress", words.stress_scale)
        self.tags = widgets.Text(description=words.tags_label, placeholder=words.tags_placeholder,
                                 style=WIDE_LABEL, layout=widgets.Layout(width="36em"))
        self.event = widgets.Combobox(description=words.event_label,
                                      placeholder=words.event_placeholder,
                                      options=list(words.event_suggestions), ensure_option=False,
                                      style=WIDE_LABEL, layout=widgets.Layout(width="36em"))
        self.save = button(words.save_button)
        self.saving = SaveWhenSynced(self.save, self.save_reflection)
        self.status = widgets.HTML()
        self.feelings = widgets.VBox([self.mood, self.stress])
        super().__init__([
            widgets.HTML(f"<p style=\"margin: 0.3em 0\"><strong id=\"od-reflection-text\">"
                         f"{escape(words.text_label)}</strong></p>"),
            self.text, self.with_feelings, self.feelings, self.tags,
            widgets.HTML(f"<small>{escape(words.tags_help)}</small>"),
            self.event, self.save, self.saving.slot, self.status, carrier(),
        ])
        self.with_feelings.observe(self._show_feelings, names="value")

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


def add_reflection() -> ReflectionForm | widgets.HTML:
    """The form for a new reflection (one per kernel: running it again shows the same).
    In the exported site (no kernel): the paper reflection, lines to write on."""
    if not surface.has_kernel():
        from ..publish.paper import journal_reflection_form, reading_html

        return widgets.HTML(str(reading_html([journal_reflection_form()])))
    return chapter_state("reflection_form", ReflectionForm)


def download_link_html(path: Path, label: str) -> str:
    """A link that downloads the file without a server: the data travels in the link."""
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    kind = {".json": "application/json", ".csv": "text/csv",
            ".html": "text/html"}.get(path.suffix, "application/octet-stream")
    return (f"<a download=\"{escape(path.name)}\" href=\"data:{kind};base64,{data}\">"
            f"{escape(label)}</a>")


class DataTools(widgets.VBox):
    """Save a copy of everything, make a share file, or delete everything: buttons
    with the same functions as the ``workbook data`` commands."""

    def __init__(self) -> None:
        words = content.journal_text().data_tools
        self.words = words
        self.export_json = button(words.export_json, "download", "")
        self.export_csv = button(words.export_csv, "download", "")
        self.export_status = widgets.HTML()
        self.share = button(words.share_button, "users", "")
        self.share_status = widgets.HTML()
        self.confirm = widgets.Checkbox(value=False, description=words.delete_confirm,
                                        indent=False, layout=widgets.Layout(width="auto"))
        self.delete = button(words.delete_button, "trash", "danger")
        self.delete_status = widgets.HTML()
        super().__init__([
            widgets.HTML(f"<p style=\"margin: 0.3em 0\"><strong>{escape(words.export_label)}"
                         "</strong></p>"),
            widgets.HBox([self.export_json, self.export_csv]), self.export_status,
            widgets.HTML(f"<p style=\"margin: 0.3em 0\"><strong>{escape(words.share_label)}"
                         "</strong></p>"),
            self.share, self.share_status,
            self.confirm, self.delete, self.delete_status,
        ])
        self.share.on_click(lambda _button: self.save_share())
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

    def save_share(self) -> Path | None:
        try:
            path = save_share_file()
        except (ShareError, JournalError, OSError) as exc:
            self.share_status.value = status_html(str(exc), "problem")
            return None
        self.share_status.value = (
            status_html(self.words.shared.format(path=path), "success")
            + f"<p>{download_link_html(path, self.words.download_share)}</p>"
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


def data_tools() -> DataTools | HTML:
    """Buttons to save a copy of the journal, or delete it for good.

    The exported site has no kernel, so a button there would do nothing: it says
    what the tools are and where to find them instead.
    """
    if not surface.has_kernel():
        return HTML(data_tools_reading_html())
    return DataTools()


def data_tools_reading_html() -> str:
    """The data tools described in words, for a page with no kernel behind it."""
    words = content.journal_text().data_tools
    return box(f"<p style=\"margin: 0.3em 0\"><strong>{escape(words.site_heading)}</strong></p>"
               f"{bullet_list(words.site_points)}", "notice", role="note")


def entries_table_html(table: pd.DataFrame, total: int, first: int = 1) -> str:
    """The entries as an accessible HTML table; everything the reader wrote is escaped.

    ``first`` is the place of the table's first row among all ``total`` entries
    (1 = the newest), for the line that says which are shown.
    """
    words = content.journal_text().over_time
    columns = words.table_columns
    head = "".join(f"<th scope=\"col\" style=\"{_CELL}\">{escape(label)}</th>" for label in (
        columns.when, columns.kind, columns.summary, columns.mood, columns.stress, columns.tags,
        columns.event))
    rows = []
    records: list[dict[str, Any]] = table.to_dict("records")  # type: ignore[assignment]
    for row in records:
        cells = [friendly_time(row["when"].to_pydatetime()), row["kind"], row["summary"],
                 _number(row["mood"]), _number(row["stress"]), row["tags"], row["event"]]
        rows.append("<tr>" + "".join(f"<td style=\"{_CELL}\">{escape(c)}</td>" for c in cells)
                    + "</tr>")
    more = ""
    if total > len(table):
        shown = words.table_paging.showing.format(first=f"{first:,}",
                                                  last=f"{first + len(table) - 1:,}",
                                                  total=f"{total:,}")
        more = f"<p>{escape(shown)}</p>"
    # The box scrolls, so it takes keyboard focus (arrow keys scroll it) and has a name.
    return (f"<div tabindex=\"0\" role=\"region\" aria-label=\"{escape(words.table_heading)}\" "
            f"style=\"max-height: 28em; overflow: auto\"><table style=\"border-collapse: "
            f"collapse\"><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
            f"</div>{more}")


def _slug(text: str) -> str:
    """Letters, digits and dashes only: safe in an element id and a class name."""
    return re.sub(r"[^A-Za-z0-9-]+", "-", text).strip("-").lower() or "chart"


def _number(value: Any) -> str:
    return "" if value is None or pd.isna(value) else str(value)


_CELL = "text-align: left; vertical-align: top; padding: 0.25em 0.8em 0.25em 0"


class ChartView(widgets.VBox):
    """One chart: a heading, the picture, and its one-sentence summary beside it."""

    def __init__(self, heading: str, note: str = "", *extra: widgets.Widget) -> None:
        # A note under the heading says what the chart's number means; ``extra``
        # widgets (the calendar's page buttons) go between the heading and the picture.
        note_html = f"<p>{escape(note)}</p>" if note else ""
        self.heading = widgets.HTML(f"<h3>{escape(heading)}</h3>{note_html}")
        # flex-start: a flex box would otherwise stretch small charts to the full width.
        self.image = widgets.Image(format="svg+xml",
                                   layout=widgets.Layout(max_width="100%", align_self="flex-start"))
        self.alt = AltText(self.image, _slug(heading))
        self.summary = widgets.HTML()
        super().__init__([self.heading, *extra, self.image, self.summary, self.alt.widget,
                          carrier()])

    def show(self, chart: Chart) -> None:
        self.image.value = figure_svg(chart.figure)
        self.alt.set(chart.alt)
        self.summary.value = f"<p><strong>{escape(chart.summary)}</strong></p>"


class Pager(widgets.HBox):
    """"Earlier" and "later" buttons for something shown a page at a time.

    Page 0 is the newest. The buttons are hidden when everything fits on one
    page; ``on_page`` is called after a button changed the page.
    """

    def __init__(self, words: content.PagingText, on_page: Callable[[], None]) -> None:
        self.page = 0
        self.pages = 1
        self.earlier = button(words.earlier, "arrow-left", "")
        self.later = button(words.later, "arrow-right", "")
        self._on_page = on_page
        super().__init__([self.earlier, self.later])
        self.earlier.on_click(lambda _button: self.turn(1))
        self.later.on_click(lambda _button: self.turn(-1))
        self.set_pages(1)

    def set_pages(self, pages: int) -> None:
        """Say how many pages there are now (the page is kept if it still exists)."""
        self.pages = max(1, pages)
        self.page = min(self.page, self.pages - 1)
        self.earlier.disabled = self.page >= self.pages - 1
        self.later.disabled = self.page == 0
        self.layout.display = None if self.pages > 1 else "none"

    def turn(self, by: int) -> None:
        """Go ``by`` pages back in time (or forward, if negative), then redraw."""
        page = min(max(0, self.page + by), self.pages - 1)
        if page != self.page:
            self.page = page
            self.set_pages(self.pages)
            self._on_page()


# Rows in one page of the entries table.
TABLE_PAGE = 50


class OverTimeView(widgets.VBox):
    """Charts and a table of the journal, for a chosen span of time."""

    def __init__(self) -> None:
        words = content.journal_text().over_time
        self.words = words
        self.span = widgets.Dropdown(
            options=[(label, key) for key, label in words.ranges.items()], value="all",
            description=words.range_label, style=WIDE_LABEL,
        )
        self.refresh_button = button(words.refresh_button, "refresh", "")
        self.empty = widgets.HTML()
        self.readiness = ChartView(words.readiness_heading,
                                   content.checkin().readiness.explanation)
        self.factors = ChartView(words.factors_heading)
        self.stress = ChartView(words.stress_heading)
        self.calendar_pager = Pager(words.calendar_paging, self.show_calendar)
        self.calendar = ChartView(words.calendar_heading, "", self.calendar_pager)
        self.table = widgets.HTML()
        self.table_pager = Pager(words.table_paging, self.show_table)
        self.charts = widgets.VBox([self.readiness, self.factors, self.stress, self.calendar,
                                    widgets.HTML(f"<h3>{escape(words.table_heading)}</h3>"),
                                    self.table, self.table_pager])
        self._counts = pd.DataFrame()  # entries per day, read by refresh()
        self._entries = 0
        super().__init__([widgets.HBox([self.span, self.refresh_button]), self.empty,
                          self.charts])
        self.span.observe(lambda _change: self.refresh(), names="value")
        self.refresh_button.on_click(lambda _button: self.refresh())
        on_journal_change(self.refresh)
        self.refresh()

    def _range(self) -> tuple[datetime | None, datetime | None]:
        return timeline.date_range_options()[self.span.value]

    def refresh(self) -> None:
        """Read the journal again and redraw everything for the chosen span."""
        journal = Journal()
        start, end = self._range()
        try:
            self._entries = timeline.entry_count(journal, start, end)
        except JournalError as exc:
            self.empty.value = status_html(str(exc), "problem")
            self.charts.layout.display = "none"
            return
        if not self._entries:
            self.empty.value = status_html(self.words.empty, "notice")
            self.charts.layout.display = "none"
            return
        self.empty.value = ""
        self.charts.layout.display = None
        frames = timeline.read_frames(journal, start, end)
        drawn = charts.over_time_charts(frames)
        self.readiness.show(drawn.readiness)
        self.factors.show(drawn.factors)
        self.stress.show(drawn.stress)
        self._counts = frames.counts
        # New entries or another span: back to the latest weeks and the newest entries.
        self.calendar_pager.page = 0
        self.calendar_pager.set_pages(charts.calendar_pages(frames.counts))
        self.calendar.show(drawn.calendar)
        self.table_pager.page = 0
        self.table_pager.set_pages(math.ceil(self._entries / TABLE_PAGE))
        self.show_table()

    def show_calendar(self) -> None:
        """Draw the calendar page the pager points at."""
        self.calendar.show(charts.entry_calendar(self._counts, page=self.calendar_pager.page))

    def show_table(self) -> None:
        """Read and show the page of the entries table the pager points at."""
        start, end = self._range()
        offset = self.table_pager.page * TABLE_PAGE
        try:
            table = timeline.entries_table(Journal(), start, end, limit=TABLE_PAGE,
                                           offset=offset)
        except JournalError as exc:
            self.empty.value = status_html(str(exc), "problem")
            return
        self.table.value = entries_table_html(table, self._entries, first=offset + 1)


def over_time() -> OverTimeView | widgets.HTML:
    """Your check-ins and reflections over time: charts and a table. In the exported
    site (no kernel): every entry's charts drawn once, with no span to choose."""
    if not surface.has_kernel():
        return widgets.HTML(over_time_reading_html())
    return OverTimeView()


def _chart_html(heading: str, chart: Chart, note: str = "") -> str:
    """A chart as an image with its alt text and one-sentence summary, under a heading."""
    data = base64.b64encode(figure_svg(chart.figure)).decode("ascii")
    note_html = f"<p>{escape(note)}</p>" if note else ""
    return (f"<h3>{escape(heading)}</h3>{note_html}"
            f"<img src=\"data:image/svg+xml;base64,{data}\" alt=\"{escape(chart.alt)}\" "
            f"style=\"max-width: 100%\"><p><strong>{escape(chart.summary)}</strong></p>")


def over_time_reading_html() -> str:
    """The charts and the newest entries of the whole journal, as plain HTML."""
    words = content.journal_text().over_time
    journal = Journal()
    try:
        count = timeline.entry_count(journal, None, None)
        if not count:
            return status_html(words.empty, "notice")
        drawn = charts.over_time_charts(timeline.read_frames(journal, None, None))
        table = timeline.entries_table(journal, None, None, limit=TABLE_PAGE, offset=0)
    except JournalError as exc:
        return status_html(str(exc), "problem")
    return (_chart_html(words.readiness_heading, drawn.readiness,
                        content.checkin().readiness.explanation)
            + _chart_html(words.factors_heading, drawn.factors)
            + _chart_html(words.stress_heading, drawn.stress)
            + _chart_html(words.calendar_heading, drawn.calendar)
            + f"<h3>{escape(words.table_heading)}</h3>{entries_table_html(table, count)}")
