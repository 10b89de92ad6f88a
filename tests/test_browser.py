"""Smoke test in a real browser: every written chapter runs in JupyterLab without errors.

Runs JupyterLab with the same options as `workbook lab` (plus test-only ones)
on a temporary copy of ``notebooks/``, opens each chapter in headless
Chromium, runs all cells and checks that widgets render and nothing fails.
A screenshot of each chapter lands in ``build/screenshots/<chapter>.png``.

Run just these: ``pytest -m browser tests/test_browser.py -o addopts=""``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest
from browser import (
    LabServer,
    after_kernel_round_trip,
    click_button,
    collect_errors,
    explain_failure,
    lab_server,
    new_page,
    open_notebook,
    output_texts,
    run_all_cells,
    screenshot,
    set_widget_value,
    unexecuted_cells,
    visible_widgets,
    wait_for_widgets,
)

from workbook import content, paths

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

# Written chapters only; a chapter leaves "planned" and is tested automatically.
CHAPTERS = [c for c in content.chapters() if not c.planned]


@pytest.fixture(scope="module")
def lab(chromium: Browser) -> Iterator[LabServer]:
    # Depends on `chromium` so a missing Chromium skips (or fails) before any server starts.
    with lab_server(paths.NOTEBOOKS_DIR) as server:
        yield server


@pytest.fixture
def page(chromium: Browser, lab: LabServer) -> Iterator[Page]:
    page = new_page(chromium)
    yield page
    page.context.close()
    # Each test gets a fresh kernel, even for a notebook an earlier test opened,
    # and an empty personal data folder.
    lab.shutdown_kernels()
    lab.clear_data_dir()


@pytest.mark.parametrize("chapter", CHAPTERS, ids=[c.file.removesuffix(".ipynb") for c in CHAPTERS])
def test_chapter_runs_in_jupyterlab(lab: LabServer, page: Page, chapter: content.Chapter) -> None:
    assert chapter.path.is_file(), f"chapters.yaml lists {chapter.file}, which is missing"
    name = chapter.path.stem
    with explain_failure(page, lab, name):
        open_notebook(page, lab, chapter.file)
        run_all_cells(page, chapter.file)

        # Give a late widget error (or a placeholder that never renders) time to show.
        page.wait_for_timeout(1_000)
        wait_for_widgets(page)
        errors = collect_errors(page)
        shot = screenshot(page, name)
        assert not errors, f"{chapter.file} shows errors (screenshot: {shot}):\n" + "\n\n".join(
            errors
        )
        assert not unexecuted_cells(page, chapter.file), (
            f"cells {unexecuted_cells(page, chapter.file)} of {chapter.file} did not run"
        )
        assert visible_widgets(page), f"no widget is visible in {chapter.file} (screenshot: {shot})"


def _ready(page: Page, lab: LabServer, notebook: str) -> None:
    open_notebook(page, lab, notebook)
    run_all_cells(page, notebook)
    wait_for_widgets(page)


def test_choosing_a_perspective_in_the_browser_saves_and_confirms(
    lab: LabServer, page: Page
) -> None:
    words = content.interface().perspective
    notebook = paths.FIRST_NOTEBOOK.name
    with explain_failure(page, lab, "00_start_here-perspective"):
        _ready(page, lab, notebook)
        set_widget_value(page, words.here_because, words.choices["supporter"])
        set_widget_value(page, f"{words.name_label}:", "Zuzanna")
        after_kernel_round_trip(page, notebook, lambda: click_button(page, words.save_button))
        shown = "\n".join(output_texts(page))
        assert f"Saved. You chose: {words.choices['supporter']}, about Zuzanna." in shown
        assert (lab.data_dir / "journal.sqlite3").exists()
        # Saving the notebook keeps personal entries out of it: no outputs, no widget state.
        saved_copy = lab.root_dir / notebook
        before = saved_copy.stat().st_mtime_ns
        page.evaluate("window.jupyterapp.commands.execute('docmanager:save')")
        page.wait_for_function(
            "() => !document.querySelector('.jp-mod-current .jp-mod-dirty')", timeout=15_000)
        assert saved_copy.stat().st_mtime_ns != before
        stored = json.loads(saved_copy.read_text())
        assert all(c.get("outputs", []) == [] for c in stored["cells"])
        assert "widgets" not in stored["metadata"]
        assert "Zuzanna" not in saved_copy.read_text()


def test_checking_words_in_the_browser_points_out_pressure(lab: LabServer, page: Page) -> None:
    words = content.conversation()
    notebook = "02_conversations_that_open_doors.ipynb"
    with explain_failure(page, lab, "02_conversations-practice"):
        _ready(page, lab, notebook)
        box = page.locator(f"textarea[placeholder='{words.practice_label}']")
        box.fill("You need to stop drinking.")
        box.press("Tab")
        after_kernel_round_trip(page, notebook, lambda: click_button(page, words.practice_button))
        shown = "\n".join(output_texts(page))
        assert " ".join(words.practice_found.split()) in " ".join(shown.split())
        assert "You need to" in shown
        screenshot(page, "02_conversations-practice")


def test_a_check_in_saved_in_the_browser_shows_up_over_time(lab: LabServer, page: Page) -> None:
    words = content.checkin().form
    checkin_notebook = "03_readiness_check_in.ipynb"
    with explain_failure(page, lab, "03_check_in-save"):
        _ready(page, lab, checkin_notebook)
        after_kernel_round_trip(
            page, checkin_notebook,
            lambda: set_widget_value(page, content.factor("fear").name, 9))
        # The profile redraws just after the slider's message, so wait for it to arrive.
        page.get_by_text("Most in the way today: Fear of change (9 of 10)").first.wait_for(
            timeout=30_000)
        after_kernel_round_trip(page, checkin_notebook,
                                lambda: click_button(page, words.save_button))
        assert "Saved your check-in from" in "\n".join(output_texts(page))
    over_time_notebook = "04_reflections_over_time.ipynb"
    with explain_failure(page, lab, "04_over_time-after-check-in"):
        _ready(page, lab, over_time_notebook)
        shown = "\n".join(output_texts(page))
        assert "Only one check-in so far" in shown
        assert "Check-in" in shown  # the table of entries
        screenshot(page, "04_over_time-after-check-in")


def test_the_over_time_chapter_with_the_sample_journey(lab: LabServer, page: Page) -> None:
    env = {**os.environ, paths.DATA_DIR_ENV: str(lab.data_dir)}
    subprocess.run([sys.executable, "-m", "workbook", "data", "import",
                    str(paths.SAMPLE_JOURNEY)], env=env, check=True, capture_output=True)
    notebook = "04_reflections_over_time.ipynb"
    with explain_failure(page, lab, "04_over_time-sample"):
        _ready(page, lab, notebook)
        assert not collect_errors(page)
        shown = "\n".join(output_texts(page))
        assert "we talked about therapy" in shown  # an event from the sample, in the table
        images = page.locator(".jp-OutputArea-output img")
        assert images.count() >= 4
        for index in range(images.count()):
            assert images.nth(index).evaluate("img => img.naturalWidth") > 100
        screenshot(page, "04_over_time-sample")
