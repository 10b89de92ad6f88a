"""App mode: `workbook app` serves the chapters with Voilà on 127.0.0.1, widgets
working, no code visible, and nothing requested from outside the local server.
(Who may open it is tested in tests/test_servers.py.)"""

from __future__ import annotations

import re
import secrets
import shutil
import subprocess
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from browser import free_port, new_page, screenshot
from servers import cli_environment, workbook_server

from workbook import content, paths
from workbook.journal.store import Journal
from workbook.journal.transfer import import_file
from workbook.publish.launch import app_command, app_environment

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser


@dataclass
class App:
    url: str
    token: str
    data: Path  # the app's personal data folder

    def page(self, path: str) -> str:
        return f"{self.url}{path}?token={self.token}"


@pytest.fixture(scope="module")
def app(chromium: Browser, tmp_path_factory: pytest.TempPathFactory) -> Iterator[App]:
    root = tmp_path_factory.mktemp("app")
    notebooks = root / "notebooks"
    shutil.copytree(paths.NOTEBOOKS_DIR, notebooks)
    data = root / "data"
    import_file(Journal(data / paths.JOURNAL_FILENAME), paths.SAMPLE_JOURNEY)
    port = free_port()
    # The test's own token, so it can open the pages; `workbook app` lets the
    # server make one (tests/test_servers.py starts it that way).
    token = secrets.token_hex(24)
    env = {**app_environment(cli_environment(root)), "JUPYTER_TOKEN": token}
    log = (root / "voila.log").open("wb")
    process = subprocess.Popen(
        app_command(notebooks_dir=notebooks, port=port, extra=["--no-browser"]),
        env=env, stdout=log, stderr=subprocess.STDOUT, cwd=root)
    app = App(f"http://127.0.0.1:{port}", token, data)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(app.page("/voila/tree"), timeout=2) as reply:
                    if b"Voil" in reply.read():
                        break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(
                        "Voila did not start:\n" + Path(log.name).read_text()) from None
                time.sleep(0.3)
        yield app
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def watch_outside_requests(page: Page) -> Callable[[], list[str]]:
    """What the page asked for outside 127.0.0.1 and the browser sent out.

    Chromium reports a request the page's policy refused as a failed request
    ("csp") that never reached the network. Anything else aimed outside
    127.0.0.1 is a network call the app must not make.
    """
    asked: list[str] = []
    refused: list[str] = []
    local = ("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:", "file:")
    page.on("request", lambda r: asked.append(r.url) if not r.url.startswith(local) else None)
    page.on("requestfailed", lambda r: refused.append(r.url)
            if (r.failure or "").lower() in ("csp", "net::err_blocked_by_csp") else None)
    return lambda: [url for url in asked if url not in refused]


@pytest.mark.parametrize("chapter", ["03_readiness_check_in.ipynb",
                                     "04_reflections_over_time.ipynb"])
def test_app_shows_working_widgets_and_no_code(chromium: Browser, app: App,
                                               chapter: str) -> None:
    page = new_page(chromium)
    went_out = watch_outside_requests(page)
    try:
        page.goto(app.page(f"/voila/render/{chapter}"), wait_until="domcontentloaded")
        page.locator(".widget-slider, .widget-image").first.wait_for(state="visible",
                                                                      timeout=90_000)
        text = page.inner_text("body")
        assert "import workbook" not in text and "wb." not in text
        assert "Traceback" not in text and "IntSlider(" not in text
        assert next(c.title for c in content.chapters() if c.file == chapter) in text
        # The JupyterLab start line ("press the ▶▶ button") names buttons the app lacks.
        start_line = " ".join(content.interface().notices.start_chapter.split()[:4])
        assert page.get_by_text(start_line).count() == 0 or not page.get_by_text(
            start_line).first.is_visible()
        if chapter.startswith("03"):
            # The kernel answers: moving a slider redraws the profile summary.
            readout = page.locator(".widget-slider", has_text="Fear of change").locator(
                ".widget-readout")
            readout.click()
            page.keyboard.press("Control+A")
            page.keyboard.type("10")
            page.keyboard.press("Enter")
            page.get_by_text("Most in the way today: Fear of change (10 of 10)").wait_for(
                timeout=30_000)
        else:
            page.get_by_text("Overall readiness went from").wait_for(timeout=60_000)
        screenshot(page, f"app-{chapter.removesuffix('.ipynb')}")
        assert went_out() == [], f"the app page reached outside addresses: {went_out()}"
    finally:
        page.context.close()


def test_workbook_app_opens_the_browser_at_the_chapter_list(chromium: Browser,
                                                            tmp_path: Path) -> None:
    # As a user meets it: `workbook app` sends the browser a local file that
    # forwards it to the app with the token; the first page lists the chapters.
    with workbook_server(["app"], tmp_path) as server:
        sent_to = (tmp_path / "browser-was-sent-to.txt").read_text()
        page = new_page(chromium)
        went_out = watch_outside_requests(page)
        try:
            page.goto(sent_to)
            page.wait_for_url(f"{server.origin}/voila/tree?token=*", timeout=60_000)
            for chapter in content.chapters():
                page.get_by_text(chapter.file).first.wait_for(timeout=60_000)
            screenshot(page, "app-first-page")
            # A chapter opens in a new tab, already let in by the cookie.
            with page.context.expect_page(timeout=60_000) as opened:
                page.get_by_text(paths.FIRST_NOTEBOOK.name).first.click()
            chapter_page = opened.value
            chapter_page.wait_for_load_state("domcontentloaded")
            title = content.chapters()[0].title
            chapter_page.get_by_text(title).first.wait_for(timeout=90_000)
            assert went_out() == [], f"the app page reached outside addresses: {went_out()}"
        finally:
            page.context.close()


# What only JupyterLab has: keys, menus, a terminal and its commands (workbook/surface.py).
LAB_ONLY = re.compile(r"Shift \+|Shift\+Enter|\bRun menu\b|\bRun All\b|Kernel menu|terminal"
                      r"|workbook data |workbook workshop |Run the cell", re.IGNORECASE)
WRITTEN = [c for c in content.chapters() if not c.planned]


def wait_for_chapter(page: Page, title: str) -> None:
    """Until the chapter has run and its widgets are drawn (their number holds for 1 s)."""
    page.get_by_role("heading", name=title).first.wait_for(state="visible", timeout=120_000)
    page.wait_for_function(
        """() => {
          const n = document.querySelectorAll('.jupyter-widgets, .widget-box').length;
          const same = window.__widgets === n;
          window.__widgets = n;
          window.__since = same ? window.__since : Date.now();
          return same && (n > 0 || Date.now() - window.__since > 4000);
        }""", polling=1_000, timeout=60_000)


@pytest.mark.parametrize("chapter", WRITTEN, ids=[c.id for c in WRITTEN])
def test_app_pages_name_no_key_menu_or_terminal(chromium: Browser, app: App,
                                                chapter: content.Chapter) -> None:
    page = new_page(chromium)
    try:
        page.goto(app.page(f"/voila/render/{chapter.file}"), wait_until="domcontentloaded")
        wait_for_chapter(page, chapter.title)
        # innerText: only what is shown (the JupyterLab start line is hidden in the app).
        shown = page.inner_text("body")
        assert "Traceback" not in shown
        assert not LAB_ONLY.findall(shown), f"{chapter.file} says {LAB_ONLY.findall(shown)}"
        if chapter.file == paths.FIRST_NOTEBOOK.name:
            # The kernel knew it runs in the app: the how-to is the app's.
            for point in content.interface().surfaces.how_to_use.app:
                assert " ".join(point.text.split()) in " ".join(shown.split())
            screenshot(page, "app-00_start_here")
    finally:
        page.context.close()


@pytest.mark.parametrize("chapter", ["00_start_here.ipynb", "04_reflections_over_time.ipynb"])
def test_app_data_tools_are_buttons_and_delete_asks_first(chromium: Browser, app: App,
                                                          chapter: str) -> None:
    words = content.journal_text().data_tools
    page = new_page(chromium)
    try:
        page.goto(app.page(f"/voila/render/{chapter}"), wait_until="domcontentloaded")
        wait_for_chapter(page, content.chapter(
            next(c.id for c in WRITTEN if c.file == chapter)).title)
        for label in (words.export_json, words.export_csv, words.share_button,
                      words.delete_button):
            page.get_by_role("button", name=label).first.wait_for(state="visible",
                                                                  timeout=30_000)
        page.get_by_role("button", name=words.export_json).first.click()
        page.get_by_text(words.exported.split("{")[0].strip()).first.wait_for(timeout=30_000)
        page.get_by_role("link", name=words.download).first.wait_for(timeout=10_000)
        # The sample journey has check-ins, so a share file can be made.
        page.get_by_role("button", name=words.share_button).first.click()
        page.get_by_text(" ".join(words.shared.split("{")[0].split())).first.wait_for(
            timeout=30_000)
        # Delete without ticking the box: nothing is deleted, the page says why.
        page.get_by_role("button", name=words.delete_button).first.click()
        page.get_by_text(words.delete_first_tick).first.wait_for(timeout=30_000)
        assert (app.data / paths.JOURNAL_FILENAME).is_file()
        screenshot(page, f"app-data-tools-{chapter.removesuffix('.ipynb')}")
    finally:
        page.context.close()
