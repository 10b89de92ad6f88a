"""App mode: `workbook app` serves the chapters with Voilà on 127.0.0.1, widgets
working, no code visible, and nothing requested from outside the local server."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from browser import browser_session, free_port, new_page, screenshot

from workbook import content, paths
from workbook.lab import app_command, app_environment
from workbook.store import Journal
from workbook.transfer import import_file

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    with browser_session() as browser:
        yield browser


@pytest.fixture(scope="module")
def app_url(chromium: Browser, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("app")
    notebooks = root / "notebooks"
    shutil.copytree(paths.NOTEBOOKS_DIR, notebooks)
    data = root / "data"
    import_file(Journal(data / paths.JOURNAL_FILENAME), paths.SAMPLE_JOURNEY)
    port = free_port()
    env = app_environment({**os.environ, paths.DATA_DIR_ENV: str(data),
                           "JUPYTER_RUNTIME_DIR": str(root / "runtime")})
    log = (root / "voila.log").open("wb")
    process = subprocess.Popen(
        app_command(notebooks_dir=notebooks,
                    extra=["--no-browser", f"--port={port}", "--Voila.port_retries=0"]),
        env=env, stdout=log, stderr=subprocess.STDOUT, cwd=root)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(url, timeout=2) as reply:
                    if b"Voil" in reply.read():
                        break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(
                        "Voila did not start:\n" + Path(log.name).read_text()) from None
                time.sleep(0.3)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@pytest.mark.parametrize("chapter", ["03_readiness_check_in.ipynb",
                                     "04_reflections_over_time.ipynb"])
def test_app_shows_working_widgets_and_no_code(chromium: Browser, app_url: str,
                                               chapter: str) -> None:
    page = new_page(chromium)
    # Chromium reports a request the page's policy refused as a failed request
    # ("csp") that never reached the network. Anything else
    # aimed outside 127.0.0.1 is a network call the app must not make.
    asked: list[str] = []
    refused: list[str] = []
    local = ("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:")
    page.on("request", lambda r: asked.append(r.url) if not r.url.startswith(local) else None)
    page.on("requestfailed", lambda r: refused.append(r.url)
            if (r.failure or "").lower() in ("csp", "net::err_blocked_by_csp") else None)
    try:
        page.goto(f"{app_url}/voila/render/{chapter}", wait_until="domcontentloaded")
        page.locator(".widget-slider, .widget-image").first.wait_for(state="visible",
                                                                      timeout=90_000)
        text = page.inner_text("body")
        assert "import workbook" not in text and "wb." not in text
        assert "Traceback" not in text and "IntSlider(" not in text
        assert next(c.title for c in content.chapters() if c.file == chapter) in text
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
        went_out = [url for url in asked if url not in refused]
        assert went_out == [], f"the app page reached outside addresses: {went_out}"
    finally:
        page.context.close()
