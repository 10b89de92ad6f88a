"""Saved means saved, in a real browser (issue 11).

In JupyterLab: run the check-in chapter, run its form cell again, move a
slider with the arrow keys and press Enter on Save at once; the journal must
keep the value on screen. The same in the app (Voilà). Before the fix the
re-run form lost its link to the Save button, and a quick Enter saved the
value of the first key press only (the browser holds a slider's later values
back while the kernel handles the first, but sends a click at once).

Run just these: ``pytest tests/test_save_browser.py -o addopts=""``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from browser import (
    LabServer,
    after_kernel_round_trip,
    explain_failure,
    lab_server,
    new_page,
    open_notebook,
    run_all_cells,
    screenshot,
)
from servers import app_server

from workbook import content, paths
from workbook.journal.store import Journal

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

NOTEBOOK = "03_readiness_check_in.ipynb"
PRESSES = 5  # from the starting 5 to 10
SAVED_TIMEOUT_MS = 60_000


@pytest.fixture(scope="module")
def lab(chromium: Browser) -> Iterator[LabServer]:
    with lab_server(paths.NOTEBOOKS_DIR) as server:
        yield server


def arrow_keys_then_enter_on_save(page: Page, root: str) -> None:
    """Shame up with the arrow keys, then Enter on Save with no pause in between."""
    handle = page.locator(f"{root} .widget-slider", has_text=content.factor("shame").name
                          ).locator(".noUi-handle").first
    handle.scroll_into_view_if_needed()
    handle.focus()
    for _ in range(PRESSES):
        page.keyboard.press("ArrowRight")
    save = page.locator(f"{root} button.jupyter-button",
                        has_text=content.checkin().form.save_button).first
    save.focus()
    page.keyboard.press("Enter")


def saved_shame(data_dir: Path) -> list[int]:
    return [c.ratings["shame"] for c in Journal(data_dir / paths.JOURNAL_FILENAME).checkins()]


def run_cell_with(page: Page, notebook: str, code: str) -> None:
    """Run the one code cell whose source is ``code``, as Shift+Enter on it would."""
    page.evaluate(
        """([path, code]) => {
          const panel = window.jupyterapp.shell.currentWidget;
          const cells = panel.content.widgets;
          const index = cells.findIndex((c) => c.model.sharedModel.getSource().trim() === code);
          if (index < 0) throw new Error('no cell ' + code + ' in ' + path);
          panel.content.activeCellIndex = index;
          return window.jupyterapp.commands.execute('notebook:run-cell');
        }""",
        [notebook, code],
    )


def test_rerun_form_and_quick_save_keep_what_jupyterlab_shows(chromium: Browser,
                                                              lab: LabServer) -> None:
    page = new_page(chromium)
    try:
        with explain_failure(page, lab, "03_check_in-rerun-save"):
            open_notebook(page, lab, NOTEBOOK)
            run_all_cells(page, NOTEBOOK)
            after_kernel_round_trip(page, NOTEBOOK,
                                    lambda: run_cell_with(page, NOTEBOOK, "wb.check_in_form()"))
            arrow_keys_then_enter_on_save(page, ".jp-OutputArea-output")
            page.get_by_text("Saved your check-in from").first.wait_for(timeout=SAVED_TIMEOUT_MS)
            readout = page.locator(".widget-slider", has_text=content.factor("shame").name
                                   ).locator(".widget-readout").first
            assert readout.inner_text().strip() == "10"
            assert saved_shame(lab.data_dir) == [10]
            # The profile on screen follows the same form (it redraws just after a change).
            page.get_by_text("Shame (10 of 10)").first.wait_for(timeout=30_000)
            screenshot(page, "03_check_in-rerun-save")
    finally:
        page.context.close()
        lab.shutdown_kernels()
        lab.clear_data_dir()


@pytest.fixture(scope="module")
def app(chromium: Browser, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """``workbook app`` with an empty data folder, started as tests/test_app.py starts
    it: (the chapter's address with its token, data folder)."""
    with app_server(tmp_path_factory.mktemp("save-app"), sample=False) as running:
        yield running.page(f"/voila/render/{NOTEBOOK}"), running.data


def test_quick_save_keeps_what_the_app_shows(chromium: Browser, app: tuple[str, Path]) -> None:
    url, data = app
    page = new_page(chromium)
    try:
        page.goto(url, wait_until="domcontentloaded")
        page.get_by_text(content.checkin().form.not_saved_yet).first.wait_for(timeout=120_000)
        page.locator(".widget-image").first.wait_for(state="visible", timeout=60_000)
        arrow_keys_then_enter_on_save(page, "body")
        page.get_by_text("Saved your check-in from").first.wait_for(timeout=SAVED_TIMEOUT_MS)
        readout = page.locator(".widget-slider", has_text=content.factor("shame").name
                               ).locator(".widget-readout").first
        assert readout.inner_text().strip() == "10"
        assert saved_shame(data) == [10]
        screenshot(page, "app-03_check_in-quick-save")
    finally:
        page.context.close()
