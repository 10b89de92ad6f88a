"""App mode: `workbook app` serves the chapters with Voilà on 127.0.0.1, widgets
working, no code visible, and nothing requested from outside the local server. It
opens on the workbook's own contents page, and every chapter links to the previous
one, the contents and the next one, inside the app.
(Who may open it is tested in tests/test_servers.py.)"""

from __future__ import annotations

import re
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from browser import new_page, screenshot
from servers import AppServer as App
from servers import app_server, workbook_server

from workbook import content, paths

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def app(chromium: Browser, tmp_path_factory: pytest.TempPathFactory) -> Iterator[App]:
    with app_server(tmp_path_factory.mktemp("app")) as running:
        yield running


def watch_outside_requests(page: Page) -> Callable[[], list[str]]:
    """Every address the page asked the browser for that is not on 127.0.0.1.

    Strict: a request the page's policy would refuse counts too, since the page
    should not ask at all. Addresses without a host (data:, blob:) and the file
    `workbook app` opens the browser with (file:) stay on this computer.
    """
    asked: list[str] = []

    def record(url: str) -> None:
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("data", "blob", "about", "file") and parts.hostname != "127.0.0.1":
            asked.append(url)

    page.on("request", lambda request: record(request.url))
    page.on("websocket", lambda socket: record(socket.url))
    return lambda: list(asked)


# A chapter page arrives whole only once its kernel has run it (a minute or more on a
# busy 2-core machine), so navigation waits that long too.
CHAPTER_TIMEOUT = 240_000


def open_chapter(page: Page, url: str) -> None:
    page.goto(url, wait_until="domcontentloaded", timeout=CHAPTER_TIMEOUT)


def wait_for_chapter(page: Page) -> None:
    """Until Voilà has run the whole chapter and shows it (the end links come last)."""
    # Generous: on a busy 2-core machine a chapter's kernel can take a minute or more.
    page.locator("nav.od-app-nav-end").wait_for(state="visible", timeout=CHAPTER_TIMEOUT)
    page.wait_for_load_state("networkidle", timeout=120_000)


@pytest.mark.parametrize("chapter", ["03_readiness_check_in.ipynb",
                                     "04_reflections_over_time.ipynb"])
def test_app_shows_working_widgets_and_no_code(chromium: Browser, app: App,
                                               chapter: str) -> None:
    page = new_page(chromium)
    went_out = watch_outside_requests(page)
    try:
        open_chapter(page, app.page(f"/voila/render/{chapter}"))
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


def test_workbook_app_opens_on_its_contents_page(chromium: Browser, tmp_path: Path) -> None:
    # As a user meets it: `workbook app` sends the browser a local file that
    # forwards it to the app with the token; the first page is the workbook's own.
    words = content.interface()
    with workbook_server(["app"], tmp_path) as server:
        sent_to = (tmp_path / "browser-was-sent-to.txt").read_text()
        page = new_page(chromium)
        went_out = watch_outside_requests(page)
        try:
            page.goto(sent_to)
            page.wait_for_url(f"{server.origin}/voila/tree?token=*", timeout=60_000)
            assert page.evaluate("document.documentElement.lang") == words.language
            assert page.title() == words.site.title
            assert page.get_by_role("heading", level=1).inner_text() == words.site.title
            crisis = page.get_by_role("region", name=content.crisis_resources().heading)
            assert crisis.is_visible()
            assert "911" in crisis.inner_text()  # the emergency numbers, not behind a click
            chapters = page.get_by_role("navigation", name=words.contents.heading)
            items = chapters.get_by_role("listitem")
            assert items.count() == len(content.chapters())
            for item, chapter in zip(items.all(), content.chapters(), strict=True):
                assert item.is_visible()
                assert item.get_by_role("link").inner_text() == chapter.title
                assert chapter.summary in item.inner_text()
            # "Select items to open with Voilà" is gone, and with it Voilà's own scripts.
            assert "Voil" not in page.inner_text("body")
            assert page.locator("script").count() == 0
            screenshot(page, "app-contents-1280")
            page.set_viewport_size({"width": 390, "height": 844})
            assert page.evaluate("document.documentElement.scrollWidth") <= 390
            screenshot(page, "app-contents-390")
            page.set_viewport_size({"width": 1280, "height": 900})

            # A chapter opens in the same tab, inside the app, already let in by the cookie.
            first = content.chapters()[0]
            chapters.get_by_role("link", name=first.title).click()
            page.wait_for_url(f"{server.origin}/voila/render/{first.file}", wait_until="commit")
            page.get_by_role("heading", name=first.title, level=1).wait_for(
                timeout=CHAPTER_TIMEOUT)
            assert went_out() == [], f"the app page reached outside addresses: {went_out()}"
        finally:
            page.context.close()


def test_every_app_page_stays_on_this_computer(chromium: Browser, app: App) -> None:
    """The contents page and each chapter, run to the end: not one request leaves
    127.0.0.1 (not even one the page policy would refuse)."""
    page = new_page(chromium)
    went_out = watch_outside_requests(page)
    try:
        page.goto(app.page("/voila/tree"))
        page.wait_for_load_state("networkidle")
        for chapter in (c for c in content.chapters() if not c.planned):
            open_chapter(page, app.page(f"/voila/render/{chapter.file}"))
            wait_for_chapter(page)
            assert page.evaluate("document.documentElement.lang") == (
                content.interface().language), chapter.file
            assert went_out() == [], f"{chapter.file} reached outside addresses: {went_out()}"
    finally:
        page.context.close()


# What only JupyterLab has: keys, menus, a terminal and its commands (workbook/surface.py).
LAB_ONLY = re.compile(r"Shift \+|Shift\+Enter|\bRun menu\b|\bRun All\b|Kernel menu|terminal"
                      r"|workbook data |workbook workshop |Run the cell", re.IGNORECASE)
WRITTEN = [c for c in content.chapters() if not c.planned]


def wait_for_chapter_widgets(page: Page, title: str) -> None:
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
        wait_for_chapter_widgets(page, chapter.title)
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


def test_each_chapter_links_to_its_neighbours_and_the_contents(chromium: Browser,
                                                               app: App) -> None:
    words = content.interface().navigation
    chapters = [c for c in content.chapters() if not c.planned]
    page = new_page(chromium)
    try:
        open_chapter(page, app.page(f"/voila/render/{chapters[3].file}"))
        wait_for_chapter(page)
        top = page.get_by_role("navigation", name=words.top_label, exact=True)
        end = page.get_by_role("navigation", name=words.end_label, exact=True)
        for nav in (top, end):
            assert nav.get_by_role("link").all_inner_texts() == [
                words.previous.format(chapter=chapters[2].title), words.contents,
                words.next.format(chapter=chapters[4].title)]
        # The chapter's own last-cell links (whose "Contents" is chapter 00) give way.
        assert not page.locator(".workbook-chapter-nav").first.is_visible()
        # The first thing the keyboard reaches is the link back.
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.textContent")
        assert focused == words.previous.format(chapter=chapters[2].title)
        # It fits a phone: the links wrap inside 390 px, none cut off.
        page.set_viewport_size({"width": 390, "height": 844})
        for link in top.get_by_role("link").all():
            box = link.bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390
            assert box["height"] >= 24  # big enough to tap (WCAG 2.5.8)
        screenshot(page, "app-chapter-links-390")
        page.set_viewport_size({"width": 1280, "height": 900})
        # Next, by keyboard: Tab twice more, then Enter.
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(re.escape(f"/voila/render/{chapters[4].file}") + "$"),
                          wait_until="commit")
        page.get_by_role("heading", name=chapters[4].title, level=1).wait_for(
            timeout=CHAPTER_TIMEOUT)
        # Contents leads back to the app's contents page; the first and last chapters
        # link only the way there is.
        page.get_by_role("navigation", name=words.top_label, exact=True).get_by_role(
            "link", name=words.contents).click()
        page.wait_for_url(re.compile(r"/voila/tree$"), timeout=60_000)
        page.get_by_role("heading", name=content.interface().site.title, level=1).wait_for()
        for chapter, expected in ((chapters[0], [words.contents, words.next.format(
                chapter=chapters[1].title)]), (chapters[-1], [words.previous.format(
                    chapter=chapters[-2].title), words.contents])):
            open_chapter(page, app.page(f"/voila/render/{chapter.file}"))
            wait_for_chapter(page)
            assert page.get_by_role("navigation", name=words.top_label, exact=True).get_by_role(
                "link").all_inner_texts() == expected
    finally:
        page.context.close()


@pytest.mark.parametrize("chapter", ["00_start_here.ipynb", "04_reflections_over_time.ipynb"])
def test_app_data_tools_are_buttons_and_delete_asks_first(chromium: Browser, app: App,
                                                          chapter: str) -> None:
    words = content.journal_text().data_tools
    page = new_page(chromium)
    try:
        page.goto(app.page(f"/voila/render/{chapter}"), wait_until="domcontentloaded")
        wait_for_chapter_widgets(page, content.chapter(
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
