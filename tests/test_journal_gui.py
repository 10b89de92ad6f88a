"""Adding reflections, saving a copy and deleting, from the notebook."""

from __future__ import annotations

import base64
import re
import stat
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from helpers import visible_text

from workbook import content, paths
from workbook.journal import datatools
from workbook.journal.model import make_checkin, make_reflection
from workbook.journal.store import Journal
from workbook.journal.transfer import export_json, import_file
from workbook.publish.launch import strip_outputs_before_save
from workbook.views import journal as journal_gui


def test_a_reflection_is_saved_with_mood_stress_tags_and_event(data_dir: Path) -> None:
    heard: list[str] = []
    journal_gui.on_journal_change(lambda: heard.append("changed"))
    form = journal_gui.add_reflection()
    form.text.value = "We had a calm walk."
    form.mood.value = 7
    form.stress.value = 3
    form.tags.value = "Family, walks"
    form.event.value = "we talked about therapy"
    form.save.click()
    assert visible_text(form.status.value).startswith("Saved your reflection")
    (saved,) = Journal().reflections()
    assert (saved.text, saved.mood, saved.stress) == ("We had a calm walk.", 7, 3)
    assert saved.tags == ("family", "walks") and saved.event == "we talked about therapy"
    assert form.text.value == "" and heard == ["changed"]
    journal_gui._listeners.clear()


def test_feelings_can_be_left_out(data_dir: Path) -> None:
    form = journal_gui.add_reflection()
    form.with_feelings.value = False
    assert form.feelings.layout.display == "none"
    form.text.value = "Just a note."
    form.save.click()
    (saved,) = Journal().reflections()
    assert saved.mood is None and saved.stress is None


def test_a_bad_tag_is_explained_and_the_text_is_kept(data_dir: Path) -> None:
    form = journal_gui.add_reflection()
    form.text.value = "Long day."
    form.tags.value = "<b>"
    form.save.click()
    assert 'role="alert"' in form.status.value and "tag" in visible_text(form.status.value)
    assert form.text.value == "Long day." and Journal().reflections() == []


def test_event_suggestions_come_from_content(data_dir: Path) -> None:
    form = journal_gui.add_reflection()
    assert list(form.event.options) == list(
        content.journal_text().reflection_form.event_suggestions)
    assert not form.event.ensure_option  # the reader may type their own


def test_saving_a_copy_writes_a_private_file_and_a_download_link(data_dir: Path) -> None:
    import_file(Journal(), paths.SAMPLE_JOURNEY)
    tools = journal_gui.data_tools()
    path = tools.save_copy("json")
    assert path is not None and path.parent == paths.exports_dir()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_text() == export_json(Journal())
    link = re.search(r'href="data:application/json;base64,([^"]+)"', tools.export_status.value)
    assert link and base64.b64decode(link.group(1)).decode() == path.read_text()
    second = tools.save_copy("csv")
    assert second is not None and second.suffix == ".csv"


def test_copies_never_overwrite_each_other(data_dir: Path) -> None:
    Journal().add_checkin(make_checkin("self", {"fear": 3}))
    first = datatools.export_copy("json", today=date(2026, 3, 1))
    second = datatools.export_copy("json", today=date(2026, 3, 1))
    assert first.name == "open-door-journal-2026-03-01.json"
    assert second.name == "open-door-journal-2026-03-01-2.json"


def test_delete_needs_the_tick_then_removes_journal_and_copies(data_dir: Path) -> None:
    import_file(Journal(), paths.SAMPLE_JOURNEY)
    tools = journal_gui.data_tools()
    tools.save_copy("json")
    tools.delete.click()
    assert "Tick the box" in visible_text(tools.delete_status.value)
    assert Journal().exists()
    tools.confirm.value = True
    tools.delete.click()
    shown = visible_text(tools.delete_status.value)
    assert shown.startswith("Deleted 12 check-ins, 24 reflections and 0 saved choices")
    assert "1 saved copy" in shown
    assert not Journal().exists() and not paths.exports_dir().exists()
    tools.confirm.value = True
    tools.delete.click()
    assert visible_text(tools.delete_status.value) == (
        content.journal_text().data_tools.nothing_to_delete)


def test_delete_refuses_a_file_that_is_not_a_journal(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    Journal().path.write_text("not a journal")
    tools = journal_gui.data_tools()
    tools.confirm.value = True
    tools.delete.click()
    assert "has not been changed" in visible_text(tools.delete_status.value)
    assert Journal().path.read_text() == "not a journal"


def test_notebooks_are_saved_without_outputs_or_widget_state() -> None:
    model = {"type": "notebook", "content": {
        "metadata": {"widgets": {"state": {"secret": "my reflection"}},
                     "open_door": {"chapter": True}},
        "cells": [{"cell_type": "code", "execution_count": 3,
                   "outputs": [{"output_type": "stream", "text": "Sam"}]},
                  {"cell_type": "markdown", "source": "# Title"}]}}
    strip_outputs_before_save(model=model, path="x.ipynb", contents_manager=None)
    assert model["content"]["cells"][0]["outputs"] == []
    assert model["content"]["cells"][0]["execution_count"] is None
    assert "widgets" not in model["content"]["metadata"]
    other = {"type": "file", "content": "text"}
    strip_outputs_before_save(model=other)
    assert other == {"type": "file", "content": "text"}


def test_over_time_view_has_a_friendly_empty_state(data_dir: Path) -> None:
    view = journal_gui.over_time()
    assert visible_text(view.empty.value) == content.journal_text().over_time.empty
    assert view.charts.layout.display == "none"


def test_over_time_view_draws_every_chart_with_a_summary(data_dir: Path) -> None:
    import_file(Journal(), paths.SAMPLE_JOURNEY)
    view = journal_gui.over_time()
    assert view.empty.value == "" and view.charts.layout.display is None
    for chart in (view.readiness, view.factors, view.stress, view.calendar):
        assert bytes(chart.image.value).startswith(b"<?xml")
        assert visible_text(chart.summary.value).endswith(".")
    assert "Overall readiness went from" in visible_text(view.readiness.summary.value)
    table = visible_text(view.table.value)
    assert "Reflection" in table and "Check-in" in table


@pytest.mark.slow
def test_over_time_view_follows_the_span_and_new_entries(data_dir: Path) -> None:
    import_file(Journal(), paths.SAMPLE_JOURNEY)  # January to March 2026
    view = journal_gui.over_time()
    view.span.value = "weeks_4"  # the sample is long past: nothing in the last 4 weeks
    assert view.charts.layout.display == "none"
    form = journal_gui.add_reflection()
    form.text.value = "A new note today."
    form.save.click()  # the view listens and redraws
    assert view.charts.layout.display is None
    assert "A new note today." in visible_text(view.table.value)


def test_typed_html_shows_as_text_in_the_table(data_dir: Path) -> None:
    form = journal_gui.add_reflection()
    form.text.value = "<script>alert('x')</script> <b>bold</b>"
    form.save.click()
    view = journal_gui.over_time()
    assert "<script>" not in view.table.value and "&lt;script&gt;" in view.table.value


def table_rows(html: str) -> int:
    return html.count("<tr>") - 1  # less the heading row


def test_the_entries_table_shows_a_page_and_pages_back_and_forth(data_dir: Path) -> None:
    start = datetime(2026, 1, 5, 20, 0, tzinfo=timezone(timedelta(hours=-5)))
    Journal().import_entries([], [
        make_reflection(f"Note number {i}.", when=start + timedelta(hours=i), uid=f"r-{i}")
        for i in range(120)
    ])
    view = journal_gui.over_time()
    assert table_rows(view.table.value) <= 50  # one page, not all 120
    page = journal_gui.TABLE_PAGE
    assert table_rows(view.table.value) == page
    assert view.table_pager.layout.display is None
    assert "Note number 119." in visible_text(view.table.value)
    assert f"Showing entries 1 to {page} of 120, newest first." in visible_text(view.table.value)
    assert view.table_pager.later.disabled and not view.table_pager.earlier.disabled
    view.table_pager.earlier.click()
    text = visible_text(view.table.value)
    assert table_rows(view.table.value) == page
    assert f"Note number {119 - page}." in text and "Note number 119." not in text
    assert f"Showing entries {page + 1} to {2 * page} of 120" in text
    view.table_pager.earlier.click()
    assert table_rows(view.table.value) == 120 - 2 * page
    assert "Note number 0." in visible_text(view.table.value)
    assert view.table_pager.earlier.disabled
    view.table_pager.later.click()
    view.table_pager.later.click()
    assert "Note number 119." in visible_text(view.table.value)


def test_a_short_journal_has_no_paging_buttons(data_dir: Path) -> None:
    import_file(Journal(), paths.SAMPLE_JOURNEY)
    view = journal_gui.over_time()
    assert view.table_pager.layout.display == "none"
    assert view.calendar_pager.layout.display == "none"
    assert table_rows(view.table.value) == 36
    assert "Showing" not in visible_text(view.table.value)


@pytest.mark.slow
def test_the_calendar_of_a_long_journal_pages_back_through_the_years(data_dir: Path) -> None:
    start = datetime(2016, 3, 7, 20, 0, tzinfo=timezone(timedelta(hours=-5)))
    Journal().import_entries([], [
        make_reflection(f"Week {i}.", when=start + timedelta(weeks=i), uid=f"w-{i}")
        for i in range(520)  # ten years, one a week
    ])
    view = journal_gui.over_time()
    pager = view.calendar_pager
    assert pager.layout.display is None and pager.pages == 10
    latest = visible_text(view.calendar.summary.value)
    assert latest.startswith("53 entries on 53 days between")
    assert latest.endswith("2026.")
    pager.earlier.click()
    earlier = visible_text(view.calendar.summary.value)
    assert earlier != latest and earlier.endswith("2025.")
    for _ in range(20):
        pager.earlier.click()
    assert pager.page == 9 and pager.earlier.disabled
    assert "7 Mar 2016" in visible_text(view.calendar.summary.value)
    view.refresh()  # a new save or another span starts again at the latest weeks
    assert pager.page == 0 and visible_text(view.calendar.summary.value) == latest
