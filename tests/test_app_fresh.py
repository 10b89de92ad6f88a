"""The app's warm kernels never show data older than the last save.

`workbook app` keeps a kernel started and warmed up before a page asks for one
(workbook/publish/kernel_pool.py). Here a check-in is saved in one app page while
a warm kernel waits in the pool; then chapter 03 is opened again (in that kernel,
warmed before the save) and chapter 04 after it: both show the new check-in.
"""

from __future__ import annotations

import re
import secrets
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest
from browser import new_page, screenshot
from servers import AppServer as App
from servers import app_server

from workbook import content, paths
from workbook.journal.store import Journal

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

CHECK_IN = "03_readiness_check_in.ipynb"
OVER_TIME = "04_reflections_over_time.ipynb"
WARM_KERNEL_USED = "Using a warm kernel"


@pytest.fixture(scope="module")
def app(chromium: Browser, tmp_path_factory: pytest.TempPathFactory) -> Iterator[App]:
    with app_server(tmp_path_factory.mktemp("fresh-app")) as running:
        yield running


def wait_for_idle_kernels(app: App, count: int, timeout: float = 90) -> None:
    """Until ``count`` kernels are running and idle (a pooled one has warmed up)."""
    deadline = time.monotonic() + timeout
    while True:
        kernels = app.kernels()
        if len(kernels) >= count and all(k["execution_state"] == "idle" for k in kernels):
            return
        assert time.monotonic() < deadline, f"kernels not ready: {kernels}\n{app.log()}"
        time.sleep(0.5)


def slider_readout(page: Page, factor: str) -> str:
    readout = page.locator(".widget-slider", has_text=factor).locator(".widget-readout")
    readout.wait_for(state="visible", timeout=90_000)
    return readout.inner_text().strip()


def test_a_page_opened_after_a_save_shows_it(chromium: Browser, app: App) -> None:
    fear = next(f for f in content.factors() if f.id == "fear")
    last = Journal(app.data / paths.JOURNAL_FILENAME).checkins()[-1]
    rating = 0 if last.ratings.get("fear") != 0 else 10
    note = f"fresh {secrets.token_hex(4)}"
    saved = content.checkin().form.saved.split("{when}")[0].strip()

    page = new_page(chromium)
    try:
        page.goto(app.page(f"/voila/render/{CHECK_IN}"), wait_until="domcontentloaded")
        slider_readout(page, fear.name)
        # The page took the pooled kernel; wait until the next one has started and
        # warmed up, so the page opened after the save gets a kernel warmed before it.
        wait_for_idle_kernels(app, 2)
        warm_before_save = app.log().count(WARM_KERNEL_USED)
        readout = page.locator(".widget-slider", has_text=fear.name).locator(".widget-readout")
        readout.click()
        page.keyboard.press("Control+A")
        page.keyboard.type(str(rating))
        page.keyboard.press("Enter")
        page.locator("textarea").fill(note)
        page.locator("textarea").press("Tab")
        page.locator("button.jupyter-button", has_text=content.checkin().form.save_button
                     ).click()
        page.get_by_text(saved).wait_for(timeout=30_000)
    finally:
        page.context.close()
    saved_checkin = Journal(app.data / paths.JOURNAL_FILENAME).checkins()[-1]
    assert (saved_checkin.note, saved_checkin.ratings["fear"]) == (note, rating)

    again = new_page(chromium)
    try:
        again.goto(app.page(f"/voila/render/{CHECK_IN}"), wait_until="domcontentloaded")
        # The sliders start from the last check-in: the one just saved.
        assert slider_readout(again, fear.name) == str(rating)
        assert app.log().count(WARM_KERNEL_USED) > warm_before_save, (
            "the page after the save did not get a warm kernel:\n" + app.log())
    finally:
        again.context.close()

    other = new_page(chromium)
    try:
        other.goto(app.page(f"/voila/render/{OVER_TIME}"), wait_until="domcontentloaded")
        other.get_by_text(re.compile(re.escape(note))).first.wait_for(timeout=90_000)
        screenshot(other, "app-04-after-save")
    finally:
        other.context.close()
