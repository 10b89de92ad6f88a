"""Accessible widgets in JupyterLab and in the app (Voilà), checked in Debian's Chromium.

* axe-core finds no serious or critical problem inside the workbook's output area of
  any chapter, in either surface (what JupyterLab's own page has is printed, not counted);
* every slider is named by its question and says its value in the scale's words;
* the perspective and safety choices are radio groups that say which one is chosen;
* a keyboard focus ring is at least 2 px wide, in a colour with 3:1 contrast;
* chart images carry their alt text;
* at 390 px wide a slider's label sits above a track as wide as the output.

Run with ``-s`` to see the table of counts per chapter.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest
from axe import Audit, audit
from browser import (
    LabServer,
    explain_failure,
    lab_server,
    new_page,
    open_notebook,
    run_all_cells,
    screenshot,
)
from servers import AppServer as App
from servers import app_server

from workbook import content, paths
from workbook.content import Factor
from workbook.journal.store import Journal
from workbook.journal.transfer import import_file
from workbook.rules.scales import value_text

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

CHAPTERS = [c.file for c in content.chapters() if not c.planned]
PHONE = {"width": 390, "height": 844}


# --- the two surfaces -----------------------------------------------------------------


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[App]:
    with app_server(tmp_path_factory.mktemp("a11y-app")) as running:
        yield running


@pytest.fixture(scope="module")
def lab() -> Iterator[LabServer]:
    with lab_server() as running:
        import_file(Journal(running.data_dir / paths.JOURNAL_FILENAME), paths.SAMPLE_JOURNEY)
        yield running


def settle(page: Page, *, quiet_ms: int = 1500, timeout: float = 90.0) -> None:
    """Wait until no widget is still loading and the page has stopped changing."""
    page.wait_for_function(
        """([quietMs]) => {
          const w = window.__settle || (window.__settle = { n: -1, since: performance.now() });
          const busy = document.body.innerText.includes('Loading widget')
            || document.querySelector('.jupyter-widgets.widget-loading, #loading');
          const n = document.getElementsByTagName('*').length;
          if (busy || n !== w.n) { w.n = n; w.since = performance.now(); return false; }
          return performance.now() - w.since > quietMs;
        }""",
        arg=[quiet_ms], timeout=timeout * 1000, polling=250)


def open_in_app(page: Page, app: App, chapter: str) -> None:
    page.goto(app.page(f"/voila/render/{chapter}"), wait_until="domcontentloaded",
              timeout=90_000)
    page.locator(".jp-Cell").first.wait_for(state="attached", timeout=90_000)
    settle(page)


def open_in_lab(page: Page, lab: LabServer, chapter: str) -> None:
    open_notebook(page, lab, chapter)
    run_all_cells(page, chapter)
    settle(page)


# --- axe-core on every chapter ------------------------------------------------------------

AUDITS: dict[tuple[str, str], Audit] = {}


def _print_table() -> None:
    print("\naxe-core, serious + critical (workbook output area / JupyterLab's page around it)")
    print(f"{'chapter':42} {'JupyterLab':>14} {'app':>10}")
    for chapter in CHAPTERS:
        cells = []
        for surface in ("lab", "app"):
            found = AUDITS.get((surface, chapter))
            cells.append("-" if found is None else
                         f"{len(found.counted())} / {len(found.counted(inside=False))}")
        print(f"{chapter:42} {cells[0]:>14} {cells[1]:>10}")


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_axe_finds_nothing_serious_in_the_app(chromium: Browser, app: App,
                                              chapter: str) -> None:
    page = new_page(chromium)
    try:
        open_in_app(page, app, chapter)
        found = audit(page)
        AUDITS[("app", chapter)] = found
        print(f"\n--- app {chapter}\n{found.report()}")
        # In the app the whole page is the workbook's: nothing is left out.
        assert found.counted() == [] and found.counted(inside=False) == [], found.report()
    finally:
        page.context.close()


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_axe_finds_nothing_serious_in_jupyterlab_outputs(chromium: Browser, lab: LabServer,
                                                         chapter: str) -> None:
    page = new_page(chromium)
    try:
        with explain_failure(page, lab, f"a11y-{chapter}"):
            open_in_lab(page, lab, chapter)
            found = audit(page)
            AUDITS[("lab", chapter)] = found
            print(f"\n--- JupyterLab {chapter}\n{found.report()}")
            if chapter == CHAPTERS[-1]:
                _print_table()
            assert found.counted() == [], found.report()
    finally:
        page.context.close()


# --- what a screen reader hears, the focus ring, the phone layout ---------------------------

CHECKIN = "03_readiness_check_in.ipynb"

_CONTROLS_JS = """() => {
  const nameOf = (el) => {
    const ids = el.getAttribute('aria-labelledby');
    if (ids) return ids.split(' ').map((id) => document.getElementById(id).textContent.trim())
      .join(' ');
    return el.getAttribute('aria-label');
  };
  return {
    sliders: Array.from(document.querySelectorAll('[role="slider"]')).map((h) => ({
      name: nameOf(h), now: h.getAttribute('aria-valuenow'),
      text: h.getAttribute('aria-valuetext') })),
    groups: Array.from(document.querySelectorAll('[role="radiogroup"]')).map((g) => ({
      name: nameOf(g),
      checked: Array.from(g.querySelectorAll('input[type="radio"]'))
        .filter((r) => r.checked).map((r) => r.parentElement.textContent.trim()) })),
    images: Array.from(document.querySelectorAll('img.widget-image'))
      .map((i) => i.getAttribute('alt')),
  };
}"""


def _check_controls(page: Page) -> None:
    """Every slider named by its question, saying its value in the scale's words; the
    perspective and safety choices named radio groups; the chart with its alt text."""
    controls = page.evaluate(_CONTROLS_JS)
    # Each factor's questions, with any name in them.
    questions = [(re.compile(re.escape(q).replace(re.escape("{name}"), ".+") + "$"), f)
                 for f in content.factors() for q in f.question.values()]

    def factor_asking(name: str | None) -> Factor | None:
        return next((f for pattern, f in questions if name and pattern.match(name)), None)

    shown = [s for s in controls["sliders"] if factor_asking(s["name"])]
    assert len(shown) >= 10, controls["sliders"]
    for handle in shown:
        factor = factor_asking(handle["name"])
        assert factor is not None
        value = round(float(handle["now"]))
        assert handle["text"] == value_text(value, 0, 10, factor.scale), handle
    words = content.checkin()
    group_names = [g["name"] for g in controls["groups"]]
    assert words.form.about_label in group_names and words.safety.question in group_names
    about = next(g for g in controls["groups"] if g["name"] == words.form.about_label)
    assert len(about["checked"]) == 1, about
    assert controls["images"] and all(alt and len(alt) > 20 for alt in controls["images"])


def _move_first_slider_by_keyboard(page: Page) -> None:
    """Arrow keys on a handle: its spoken value follows, and the focus ring shows."""
    handle = page.locator('.widget-slider [role="slider"]').first
    handle.focus()
    before = round(float(handle.get_attribute("aria-valuenow") or "0"))
    page.keyboard.press("ArrowRight")
    page.wait_for_function(
        """([before]) => { const h = document.querySelector('.widget-slider [role="slider"]');
          return Math.round(parseFloat(h.getAttribute('aria-valuenow'))) === before + 1
            && h.getAttribute('aria-valuetext').startsWith((before + 1) + ' of 10'); }""",
        arg=[before], timeout=10_000)
    ring = handle.evaluate("""(h) => { const s = getComputedStyle(h);
      return [s.outlineStyle, parseFloat(s.outlineWidth), s.outlineColor]; }""")
    assert ring[0] == "solid" and ring[1] >= 2, ring
    # The ring's colour against the white page: at least 3:1.
    rgb = [int(c) for c in ring[2][ring[2].index("(") + 1:ring[2].index(")")].split(",")[:3]]
    assert _contrast(rgb, [255, 255, 255]) >= 3, ring


def _contrast(a: list[int], b: list[int]) -> float:
    def luminance(rgb: list[int]) -> float:
        channels = [c / 255 for c in rgb]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    light, dark = sorted([luminance(a), luminance(b)], reverse=True)
    return (light + 0.05) / (dark + 0.05)


_PHONE_LAYOUT_JS = """() => Array.from(document.querySelectorAll('.widget-slider'))
  .filter((w) => w.offsetParent !== null).map((w) => {
    const label = w.querySelector(':scope > .widget-label').getBoundingClientRect();
    const track = w.querySelector('.slider-container').getBoundingClientRect();
    const box = w.getBoundingClientRect();
    return { label_bottom: label.bottom, track_top: track.top, track: track.width,
             widget: box.width, right: box.right };
  })"""


def _check_phone_layout(page: Page) -> None:
    sliders = page.evaluate(_PHONE_LAYOUT_JS)
    assert sliders, "no slider on the page"
    for s in sliders:
        assert s["label_bottom"] <= s["track_top"] + 1, s  # the label above the track
        # The track fills the row beside its number (the readout, about 5 em).
        assert s["track"] >= 0.6 * s["widget"], s
        assert s["right"] <= PHONE["width"] + 1, s  # nothing runs off the screen


def test_checkin_controls_speak_in_the_app(chromium: Browser, app: App) -> None:
    page = new_page(chromium)
    try:
        open_in_app(page, app, CHECKIN)
        _check_controls(page)
        _move_first_slider_by_keyboard(page)
    finally:
        page.context.close()


def test_checkin_controls_speak_in_jupyterlab(chromium: Browser, lab: LabServer) -> None:
    page = new_page(chromium)
    try:
        with explain_failure(page, lab, "a11y-controls"):
            open_in_lab(page, lab, CHECKIN)
            _check_controls(page)
            _move_first_slider_by_keyboard(page)
    finally:
        page.context.close()


def test_checkin_on_a_phone_in_the_app(chromium: Browser, app: App) -> None:
    page = new_page(chromium, **PHONE)
    try:
        open_in_app(page, app, CHECKIN)
        _check_phone_layout(page)
        screenshot(page, "app-03-phone")
        assert audit(page).counted() == []
    finally:
        page.context.close()


def test_checkin_on_a_phone_in_jupyterlab(chromium: Browser, lab: LabServer) -> None:
    page = new_page(chromium, **PHONE)
    try:
        with explain_failure(page, lab, "a11y-phone"):
            open_in_lab(page, lab, CHECKIN)
            # At 390 px JupyterLab opens with its file browser over most of the width
            # (its own layout, not the workbook's): close it, as a reader would.
            page.evaluate("() => window.jupyterapp.shell.collapseLeft()")
            page.wait_for_timeout(500)
            _check_phone_layout(page)
            screenshot(page, "lab-03-phone")
            assert audit(page).counted() == []
    finally:
        page.context.close()
