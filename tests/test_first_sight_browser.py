"""What a reader sees on opening a chapter in plain `jupyter lab`, before running anything.

JupyterLab is started as someone types `jupyter lab` in the chapters' folder: none of
the workbook's options and no test settings for news (only the settings installed
with the package). In headless Chromium: the crisis box and how to start are on the
first screen, code is collapsed, no "get Jupyter news?" toast appears, and closing the
chapter's tab shuts its kernel down. ``build/screenshots/first-sight-00.png`` shows it.
"""

from __future__ import annotations

import contextlib
import json
import re
import urllib.request
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest
from browser import (
    LabServer,
    explain_failure,
    lab_server,
    new_page,
    open_notebook,
    screenshot,
)

from workbook import content, paths

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# Only what makes the page predictable; nothing about news, updates or kernels.
PLAIN_SETTINGS = {"@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"}}
NEWS_TOAST = re.compile(r"Jupyter news", re.I)
# JupyterLab asks about news a moment after the page is ready; give it time to.
TOAST_WAIT_MS = 8_000
CHAPTER = paths.FIRST_NOTEBOOK.name


@pytest.fixture(scope="module")
def lab(chromium: Browser) -> Iterator[LabServer]:
    with lab_server(settings=PLAIN_SETTINGS, plain="jupyterlab") as server:
        yield server


def _kernels(lab: LabServer) -> list[object]:
    with urllib.request.urlopen(f"{lab.url}/api/kernels", timeout=30) as response:
        return json.load(response)


def test_a_chapter_shows_the_crisis_box_and_how_to_start_before_anything_runs(
    chromium: Browser, lab: LabServer
) -> None:
    page = new_page(chromium)
    with explain_failure(page, lab, "first-sight-00"):
        open_notebook(page, lab, CHAPTER)
        crisis = content.crisis_resources()
        # JupyterLab's sanitizer keeps the box's class and style (not its role) in markdown.
        box = page.locator(".jp-MarkdownOutput .workbook-safety")
        box.first.wait_for(state="visible", timeout=30_000)
        text = box.first.inner_text()
        assert crisis.danger_now in text and "United States 911" in text
        start = content.interface().notices.start_chapter
        assert crisis.heading in text
        start_cell = page.locator(".jp-Cell:has(.workbook-safety) + .jp-Cell .jp-MarkdownOutput")
        assert " ".join(start.split()) in " ".join(start_cell.first.inner_text().split())
        # On the first screen, without scrolling.
        viewport = page.viewport_size
        for shown in (box.first, start_cell.first):
            bounds = shown.bounding_box()
            assert bounds and viewport and bounds["y"] + bounds["height"] < viewport["height"]
        # No code cell has run and no code is on show.
        assert page.locator(".jp-OutputArea-output").count() == 0
        editors = page.locator(".jp-CodeCell .jp-InputArea-editor")
        assert not [e for e in editors.all() if e.is_visible()]
        page.wait_for_timeout(TOAST_WAIT_MS)
        toasts = page.locator(".Toastify__toast, .jp-toast-message")
        assert not [t.inner_text() for t in toasts.all() if NEWS_TOAST.search(t.inner_text())]
        print(f"screenshot: {screenshot(page, 'first-sight-00')}")
    page.context.close()


def test_closing_a_chapters_tab_shuts_its_kernel_down(chromium: Browser, lab: LabServer) -> None:
    lab.shutdown_kernels()
    page = new_page(chromium)
    with explain_failure(page, lab, "close-tab-00"):
        open_notebook(page, lab, CHAPTER)
        assert len(_kernels(lab)) == 1
        page.evaluate("() => window.jupyterapp.commands.execute('application:close')")
        # The kernel writes its language_info into the notebook's metadata, so JupyterLab
        # asks whether to save; the answer does not matter here.
        discard = page.locator(".jp-Dialog button", has_text="Discard")
        with contextlib.suppress(Exception):
            discard.first.click(timeout=10_000)
        page.wait_for_function(
            "() => !Array.from(window.jupyterapp.shell.widgets('main'))"
            ".some((w) => w.context)", timeout=30_000)
        for _ in range(60):
            if not _kernels(lab):
                break
            page.wait_for_timeout(500)
        assert _kernels(lab) == []
    page.context.close()


def test_the_start_button_the_chapter_names_starts_it(chromium: Browser, lab: LabServer) -> None:
    """The line says: press ▶▶ in the bar above, then Restart. That must be true."""
    assert "▶▶" in content.interface().notices.start_chapter
    lab.shutdown_kernels()
    page = new_page(chromium)
    with explain_failure(page, lab, "start-button-00"):
        open_notebook(page, lab, CHAPTER)
        button = page.locator('.jp-NotebookPanel-toolbar [data-command="notebook:restart-run-all"]')
        button.first.click()
        page.locator(".jp-Dialog button", has_text="Restart").first.click(timeout=30_000)
        page.locator(".jp-OutputArea-output .workbook-safety").first.wait_for(
            state="visible", timeout=90_000)
        page.locator(".jp-OutputArea-output .jupyter-widgets").first.wait_for(
            state="visible", timeout=90_000)
    page.context.close()


def test_after_run_all_from_the_run_menu_the_chapter_is_at_its_top(
    chromium: Browser, lab: LabServer
) -> None:
    """JupyterLab's Run All Cells jumps to the last cell; the chapter's links (the last
    output) bring the view back to the crisis box and the first section."""
    lab.shutdown_kernels()
    page = new_page(chromium)
    with explain_failure(page, lab, "run-all-top-00"):
        open_notebook(page, lab, CHAPTER)
        page.get_by_role("menuitem", name="Run", exact=True).click()
        page.get_by_role("menuitem", name="Run All Cells").first.click()
        # The links are the last cell's output: everything above has run.
        page.wait_for_function(
            "() => { const cells = window.jupyterapp.shell.currentWidget.content.widgets;"
            " return cells[cells.length - 1].model.outputs.length > 0; }", timeout=120_000)
        page.wait_for_timeout(1_500)  # JupyterLab's own scrolling is done by now
        top = page.locator(".jp-Notebook .jp-Cell").first.bounding_box()
        assert top is not None and 0 < top["y"] < 200, top
        box = page.locator(".jp-MarkdownOutput .workbook-safety").first.bounding_box()
        viewport = page.viewport_size
        assert box and viewport and box["y"] + box["height"] < viewport["height"]
        # And it did run: the practice slider is there below.
        assert page.locator(".jp-OutputArea-output .widget-slider").count() >= 1
        print(f"screenshot: {screenshot(page, 'run-all-top-00')}")
    page.context.close()
