"""The exported site in Chromium, as a reader with no kernel meets it (issue 14).

Two checks over every page (the contents page and one per written chapter), on the
sample site, one browser and one tab per page:

* **axe-core** finds no serious or critical violation (``tests/axe.py``); a failure
  names the page, the rule and where.
* **No dead controls.** Every enabled control a reader can reach (buttons, inputs,
  selects, sliders, a ``<details>``' summary, elements with a control's role, links to
  a place on the same page) is operated as a reader would (click, arrow key, typing,
  choosing), and something visible must change: the page's visible text, a control's
  value or state, what is open, or where the page is scrolled to; when none of those
  changed, a picture of the window before and after. A failure names the page and the
  control. Links to other sites and tel:/sms: links are not followed, only checked to
  have an address. No page shows a save button (the labels are read from the content
  files): without a kernel nothing can be saved.

Run just these: ``pytest tests/test_site_browser.py -o addopts=""``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import yaml
from axe import audit_context, violations

from workbook import content, paths
from workbook.publish.site import export_site, page_name

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

pytestmark = pytest.mark.browser

CHAPTERS = [c for c in content.chapters() if not c.planned]
PAGES = ["index.html", *(page_name(c) for c in CHAPTERS)]
VIEW = "div.jupyter-widgets.jp-OutputArea-output"  # where nbconvert puts each widget
CONTENT_DIR = paths.REPO_DIR / "data" / "content"
# Content keys whose words label a button that saves to the journal.
SAVE_KEYS = ("save_button", "planner_button")


@dataclass(frozen=True)
class Site:
    out: Path


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    out = tmp_path_factory.mktemp("site-browser") / "site"
    report = export_site(out, "sample", progress=lambda _message: None)
    assert report.ok, report.failures
    return Site(out)


@pytest.fixture(scope="module")
def context(chromium: Browser) -> Iterator[BrowserContext]:
    made = audit_context(chromium, viewport={"width": 1280, "height": 900})
    yield made
    made.close()


def open_page(context: BrowserContext, site: Site, name: str) -> Page:
    """The page with its widgets drawn and the accessible-names script run."""
    page = context.new_page()
    page.goto((site.out / name).as_uri())
    page.wait_for_load_state("load")
    page.wait_for_function(
        f"() => document.querySelectorAll('{VIEW} > .widget-subarea > .lm-Widget')"
        f".length === document.querySelectorAll('{VIEW}').length", timeout=30_000)
    page.wait_for_function("() => document.fonts.status === 'loaded'")
    page.wait_for_timeout(300)  # the accessible-names script's observer
    return page


# --- axe-core ------------------------------------------------------------------------


@pytest.mark.parametrize("name", PAGES)
def test_axe_finds_nothing_serious_on_the_site_page(context: BrowserContext, site: Site,
                                                     name: str) -> None:
    page = open_page(context, site, name)
    try:
        found = violations(page)
    finally:
        page.close()
    assert not found, f"{name}: axe-core finds serious or critical problems:\n" + "\n".join(
        f"  {name}: {v}" for v in found)


# --- every control does something -----------------------------------------------------


def save_labels() -> set[str]:
    """Every save button's words, from the English content files and their translations."""
    labels: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if key in SAVE_KEYS and isinstance(item, str):
                    labels.add(item.strip())
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for path in sorted(CONTENT_DIR.rglob("*.yaml")):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return labels


def test_the_save_labels_are_found() -> None:
    # Eight worksheets, check-ins and choices save, and the conversation planner.
    assert len(save_labels()) >= 7, save_labels()


# Marks every control on the page (data-od-control="n") and describes the new ones.
_CONTROLS_JS = """
() => {
  const selector = [
    'button', 'input', 'select', 'textarea', 'summary', 'a[href]',
    '[role=button]', '[role=slider]', '[role=tab]', '[role=checkbox]', '[role=radio]',
    '[role=switch]', '[role=menuitem]', '[role=option]', '[contenteditable=true]',
  ].join(',');
  const visible = (el) => {
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    return box.width > 0 && box.height > 0 && style.visibility !== 'hidden'
      && !el.closest('[hidden], [aria-hidden=true]');
  };
  const nameOf = (el) => {
    const by = (el.getAttribute('aria-labelledby') || '').split(' ')
      .map((id) => document.getElementById(id)).filter((e) => e)
      .map((e) => e.innerText || e.textContent).join(' ');
    const label = (el.labels && el.labels[0] && el.labels[0].innerText.trim()) ||
      el.closest('.lm-Widget')?.querySelector(':scope > .widget-label')?.innerText;
    const own = el.matches('select') ? el.selectedOptions[0]?.innerText
      : (el.matches('input, textarea') ? '' : el.innerText);
    const text = (el.getAttribute('aria-label') || by || own || label ||
                  el.getAttribute('title') || el.getAttribute('placeholder') || el.value ||
                  '').trim();
    return text.replace(/\\s+/g, ' ').slice(0, 80);
  };
  window.__odControls = window.__odControls || 0;
  const found = [];
  for (const el of document.querySelectorAll(selector)) {
    if (el.hasAttribute('data-od-control')) continue;
    if (el.matches('input[type=hidden]') || el.closest('.od-topbar')) continue;
    // A control inside another (the input inside a label-like role) is operated through it.
    if (!visible(el)) continue;
    if (el.disabled || el.getAttribute('aria-disabled') === 'true') continue;
    const id = String(++window.__odControls);
    el.setAttribute('data-od-control', id);
    const role = el.getAttribute('role') || '';
    const tag = el.tagName.toLowerCase();
    const type = (el.getAttribute('type') || '').toLowerCase();
    const href = el.getAttribute('href') || '';
    const editable = el.isContentEditable && !el.matches('input, textarea');
    found.push({id, tag, role, type, href, editable, name: nameOf(el), readonly: !!el.readOnly,
                checked: !!el.checked, selected: el.getAttribute('aria-selected') === 'true'});
  }
  return found;
}
"""

# A control's own element, whose own change (a select's new value, a slider's number,
# a radio's dot) is not enough: something else on the page must answer. For a widget,
# the whole widget (its label and readout too); else the control and its labels.
# Check boxes and text fields are the exception: the tick or the words are the point.
_MARK_SELF_JS = """
(id) => {
  document.querySelectorAll('[data-od-self]').forEach((e) => e.removeAttribute('data-od-self'));
  const el = document.querySelector(`[data-od-control="${id}"]`);
  if (!el) return 0;
  if (el.matches('input[type=checkbox], [role=checkbox], textarea')
      || (el.matches('input') && !el.matches(
           '[type=radio], [type=range], [type=button], [type=submit], [type=reset]'))) {
    return 0;
  }
  const widget = el.closest('.lm-Widget');
  const own = widget && widget.matches('.widget-slider, .widget-dropdown, .widget-radio, '
    + '.widget-toggle-buttons, .widget-button, .widget-toggle-button, .widget-select, '
    + '.widget-inline-hbox, .widget-tab > .lm-TabBar') ? widget : null;
  const selves = own ? [own] : [el, ...(el.labels || [])];
  selves.forEach((e) => e.setAttribute('data-od-self', ''));
  return selves.length;
}
"""

# What a reader can see, apart from pixels: text, values, states, what is open, scroll;
# the operated control's own element left out (hidden from innerText for a moment).
_SNAPSHOT_JS = """
() => {
  const selves = Array.from(document.querySelectorAll('[data-od-self]'));
  const kept = selves.map((e) => e.style.visibility);
  selves.forEach((e) => { e.style.visibility = 'hidden'; });
  const outside = (el) => !el.closest('[data-od-self]');
  const parts = [document.body.innerText, 'scroll ' + window.scrollX + ',' + window.scrollY];
  selves.forEach((e, i) => { e.style.visibility = kept[i]; });
  for (const el of document.querySelectorAll('input, textarea, select')) {
    if (outside(el)) parts.push(el.value + '|' + el.checked);
  }
  for (const el of document.querySelectorAll('details')) parts.push('open ' + el.open);
  for (const el of document.querySelectorAll(
      '[aria-valuenow], [aria-checked], [aria-selected], [aria-expanded], [aria-pressed]')) {
    if (!outside(el)) continue;
    parts.push(['aria-valuenow', 'aria-checked', 'aria-selected', 'aria-expanded',
                'aria-pressed'].map((a) => el.getAttribute(a)).join(','));
  }
  for (const el of document.querySelectorAll('.noUi-origin')) {
    if (outside(el)) parts.push(el.style.transform);
  }
  for (const el of document.querySelectorAll('img, canvas, svg')) {
    if (outside(el)) parts.push((el.currentSrc || el.src || '').slice(0, 64) + el.clientHeight);
  }
  return parts.join('\\n');
}
"""

_QUIET_JS = """
() => {
  if (document.activeElement && document.activeElement.blur) document.activeElement.blur();
  if (!document.getElementById('od-test-quiet')) {
    const style = document.createElement('style');
    style.id = 'od-test-quiet';
    style.textContent = '* { caret-color: transparent !important; transition: none !important;'
      + ' animation: none !important; }';
    document.head.appendChild(style);
  }
}
"""


def _external(href: str) -> bool:
    return href.lower().startswith(("http:", "https:", "mailto:", "tel:", "sms:", "//"))


def _window_picture(page: Page) -> bytes:
    """The window, with no focus ring, caret or hover, and the operated control masked."""
    page.evaluate(_QUIET_JS)
    viewport = page.viewport_size or {"width": 1280, "height": 900}
    page.mouse.move(viewport["width"] - 1, viewport["height"] - 1)
    return page.screenshot(mask=[page.locator("[data-od-self]")])


def _operate(page: Page, control: dict[str, Any]) -> None:
    element = page.locator(f'[data-od-control="{control["id"]}"]')
    tag, role, kind = control["tag"], control["role"], control["type"]
    if role == "slider" or kind == "range":
        element.focus()
        now = element.evaluate("(el) => el.getAttribute('aria-valuenow') ?? el.value")
        top = element.evaluate("(el) => el.getAttribute('aria-valuemax') ?? el.max")
        key = "ArrowLeft" if now is not None and top is not None and \
            float(now) >= float(top) else "ArrowRight"
        page.keyboard.press(key)
    elif tag == "select":
        values = element.evaluate("(el) => Array.from(el.options).map((o) => o.value)")
        current = element.input_value()
        others = [v for v in values if v != current]
        if others:
            element.select_option(others[0])
    elif control["editable"]:
        element.click()
        page.keyboard.press("Control+A")
        page.keyboard.type("7")
        page.keyboard.press("Enter")
    elif tag == "textarea" or (tag == "input" and kind in (
            "", "text", "search", "email", "url", "tel", "password", "number", "date")):
        element.fill("7" if kind == "number" else "A few words")
        element.press("Tab")
    elif tag == "input" and kind == "radio" and control["checked"]:
        # The chosen one: choose another of its group first, then this one again.
        other = element.evaluate("""(el) => {
            const group = el.name ? document.querySelectorAll(
              `input[type=radio][name="${CSS.escape(el.name)}"]`)
              : el.closest('[role=radiogroup], .widget-radio-box')
                  ?.querySelectorAll('input[type=radio]') || [];
            const o = Array.from(group).find((r) => r !== el && !r.disabled);
            if (o) { o.click(); return true; } return false; }""")
        if other:
            page.wait_for_timeout(100)
        element.click()
    elif tag == "a":
        page.evaluate("() => window.scrollTo(0, 0)")
        element.click()
    else:
        element.click()


def _describe(control: dict[str, Any]) -> str:
    what = control["role"] or (f"input type={control['type'] or 'text'}"
                               if control["tag"] == "input" else control["tag"])
    if control["editable"]:
        what = f"editable {control['tag']} (a slider's number box)"
    return f"{what} {control['name']!r}"


def _dead_controls(page: Page, name: str, saves: set[str]) -> tuple[list[str], int]:
    """The controls that change nothing, a save button, links with no address."""
    problems: list[str] = []
    operated = 0
    for _round in range(4):  # controls that operating others revealed come next round
        found = page.evaluate(_CONTROLS_JS)
        if not found:
            break
        for control in found:
            label = control["name"]
            is_button = control["tag"] == "button" or control["role"] == "button" or \
                control["type"] in ("button", "submit")
            if is_button and label in saves:
                problems.append(f"{name}: shows a save button {label!r}")
                continue
            if control["tag"] == "a":
                href = control["href"].strip()
                if not href or href == "#":
                    problems.append(f"{name}: link {label!r} has no address ({href!r})")
                    continue
                if _external(href) or not href.startswith("#"):
                    continue  # another page, another site, a phone number: not followed
            if control["readonly"]:
                continue
            element = page.locator(f'[data-od-control="{control["id"]}"]')
            if not element.is_visible():
                continue  # hidden by an earlier control (a closed panel)
            element.scroll_into_view_if_needed()
            page.evaluate(_MARK_SELF_JS, control["id"])
            before = page.evaluate(_SNAPSHOT_JS)
            picture = _window_picture(page)
            try:
                _operate(page, control)
            except Exception as exc:  # a control a reader cannot operate is dead too
                problems.append(f"{name}: {_describe(control)} cannot be operated "
                                f"({type(exc).__name__}: {str(exc).splitlines()[0][:120]})")
                continue
            operated += 1
            page.wait_for_timeout(150)
            if page.evaluate(_SNAPSHOT_JS) != before:
                continue
            if _window_picture(page) != picture:
                continue
            problems.append(f"{name}: {_describe(control)} changes nothing visible")
    return problems, operated


@pytest.fixture(scope="module")
def saves() -> set[str]:
    return save_labels()


@pytest.mark.parametrize("name", PAGES)
def test_every_control_on_the_site_page_does_something(context: BrowserContext, site: Site,
                                                       saves: set[str], name: str) -> None:
    page = open_page(context, site, name)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        problems, operated = _dead_controls(page, name, saves)
    finally:
        page.close()
    print(f"{name}: operated {operated} controls")
    errors = [e for e in errors if "ResizeObserver" not in e]
    assert not errors, f"{name}: script errors while operating its controls: {errors}"
    assert not problems, f"{len(problems)} dead controls or save buttons:\n" + "\n".join(
        problems)
