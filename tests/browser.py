"""Helpers for real-browser tests: JupyterLab in a subprocess, driven by headless Chromium.

Typical use (see ``tests/test_browser.py``)::

    nb = "00_start_here.ipynb"
    with lab_server() as lab, browser_session() as browser:
        page = new_page(browser)
        open_notebook(page, lab, nb)
        run_all_cells(page, nb)
        assert collect_errors(page) == []
        after_kernel_round_trip(page, nb, lambda: set_widget_value(page, "Try me", 7))
        after_kernel_round_trip(page, nb, lambda: click_button(page, "Save"))
        assert any("Saved" in text for text in output_texts(page))

Everything the server writes (settings, workspaces, runtime files, the
personal data folder, the kernel's IPython profile) goes to a temporary
folder that is removed afterwards; the notebooks are a temporary copy.

Facts checked on this machine (see FIELD-NOTES.md): a Playwright browser
download fails, so Debian's Chromium is launched by path; clicking "run all"
before the kernel is ready can open a "Select Kernel" dialog, so we wait
for the kernel to be idle first and also start it automatically.
"""

from __future__ import annotations

import contextlib
import html
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from workbook import paths
from workbook.publish.launch import lab_command

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Locator, Page

REPO = Path(__file__).resolve().parent.parent
SCREENSHOT_DIR = REPO / "build" / "screenshots"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = (
    "--no-sandbox",  # we may run as root (containers, CI)
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # Without these Chromium keeps trying to reach Google's servers.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)

# JupyterLab user settings that make the page predictable for a test. They go
# in a temporary JUPYTERLAB_SETTINGS_DIR, so a developer's own settings never
# leak in and the test never changes them.
TEST_LAB_SETTINGS: dict[str, dict[str, Any]] = {
    "@jupyterlab/notebook-extension:tracker": {
        # The default ("contentVisibility") and "full"/"defer" modes keep
        # cells out of the DOM until scrolled to; "none" attaches every cell,
        # so locators and the screenshot see the whole notebook.
        "windowingMode": "none",
        # Start the notebook's kernel without asking; otherwise running
        # cells early can open a "Select Kernel" dialog and run nothing.
        "autoStartDefaultKernel": True,
    },
    "@jupyterlab/apputils-extension:notification": {
        # No "get Jupyter news?" toast over the screenshot, no update check.
        "fetchNews": "false",
        "checkForUpdates": False,
    },
}

# Timeouts (seconds). Generous: a JupyterLab page load costs about 6 s here.
SERVER_START_TIMEOUT = 60.0
PAGE_LOAD_TIMEOUT = 60.0
KERNEL_READY_TIMEOUT = 60.0
RUN_ALL_TIMEOUT = 90.0
WIDGET_SETTLE_TIMEOUT = 10.0

OUTPUT = ".jp-OutputArea-output"
ERROR_OUTPUT = '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.error"]'
STDERR_OUTPUT = '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'
WIDGET_PLACEHOLDERS = ("Error displaying widget", "Loading widget...")
STDERR_ERROR = re.compile(r"Traceback|Error")


# --- Chromium -------------------------------------------------------------------


def require_chromium() -> Path:
    """Debian's Chromium, or skip (locally) / fail (in CI) with how to get it."""
    if CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK):
        return CHROMIUM
    if os.environ.get("CI"):
        pytest.fail(
            f"{CHROMIUM} is missing. CI must install Debian's Chromium "
            "(apt-get install chromium) for the browser tests; they never skip in CI.",
            pytrace=False,
        )
    pytest.skip(
        f"{CHROMIUM} is missing; install it with `sudo apt-get install chromium` "
        "to run the browser tests."
    )


@contextlib.contextmanager
def browser_session(*, headless: bool = True) -> Iterator[Browser]:
    """Playwright driving Debian's Chromium (a Playwright browser download fails here)."""
    executable = require_chromium()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("playwright is missing: CI must install the test extras.", pytrace=False)
        pytest.skip("playwright is missing; install it with `pip install -e '.[test]'`.")

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(executable), args=list(CHROMIUM_ARGS), headless=headless
        )
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class PageLog:
    """What the page said in its console and which script errors it raised."""

    console: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def text(self) -> str:
        lines = [*self.console, *(f"[pageerror] {e}" for e in self.page_errors)]
        return "\n".join(lines) or "(nothing)"


def new_page(browser: Browser, *, width: int = 1280, height: int = 900) -> Page:
    """A page in a fresh browser context (no shared storage), with a ``PageLog``.

    The log is at ``page_log(page)``. Closing the page's context is up to the caller.
    """
    context = browser.new_context(viewport={"width": width, "height": height})
    context.set_default_timeout(30_000)
    page = context.new_page()
    log = PageLog()
    page.on("console", lambda msg: log.console.append(f"[{msg.type}] {msg.text}"))
    page.on("pageerror", lambda exc: log.page_errors.append(str(exc)))
    page._workbook_log = log  # type: ignore[attr-defined]
    return page


def page_log(page: Page) -> PageLog:
    return getattr(page, "_workbook_log", PageLog())


# --- JupyterLab server ------------------------------------------------------------


@dataclass
class LabServer:
    """A running JupyterLab started by :func:`lab_server`."""

    process: subprocess.Popen[bytes]
    port: int
    root_dir: Path  # the temporary copy of the notebooks
    data_dir: Path  # WORKBOOK_DATA_DIR of the server and its kernels
    log_path: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def notebook_url(self, notebook: str) -> str:
        # ?reset: start from an empty workspace, not the tabs an earlier page left open.
        return f"{self.url}/lab/tree/{notebook}?reset"

    def clear_data_dir(self) -> None:
        """Delete everything the kernels saved (the journal), keeping the folder."""
        for entry in self.data_dir.iterdir():
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()

    def shutdown_kernels(self) -> None:
        """End every kernel session, so the next page starts from a fresh kernel."""
        with urllib.request.urlopen(f"{self.url}/api/sessions", timeout=10) as response:
            sessions = json.load(response)
        for session in sessions:
            request = urllib.request.Request(
                f"{self.url}/api/sessions/{session['id']}", method="DELETE"
            )
            with contextlib.suppress(urllib.error.HTTPError):
                urllib.request.urlopen(request, timeout=30).close()

    def log(self) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            return f"(no server log: {exc})"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def write_lab_settings(settings_dir: Path, settings: dict[str, dict[str, Any]]) -> None:
    """Write user settings the way JupyterLab stores them (one file per plugin)."""
    for plugin_id, values in settings.items():
        package, plugin = plugin_id.split(":")
        target = settings_dir / package / f"{plugin}.jupyterlab-settings"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(values, indent=2), encoding="utf-8")


def _page_config(body: str) -> dict[str, Any]:
    match = re.search(
        r'<script id="jupyter-config-data" type="application/json">(.*?)</script>',
        body,
        re.DOTALL,
    )
    return json.loads(html.unescape(match.group(1))) if match else {}


def _wait_until_serving(server: LabServer, timeout: float, *, lab: bool = True) -> None:
    """Poll until *this* server answers: process alive, page is JupyterLab on our root.

    A bare Jupyter server (``lab=False``) has no page: it must list our root's first chapter.
    """
    deadline = time.monotonic() + timeout
    last = "no answer yet"
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(
                f"JupyterLab exited with code {server.process.returncode} before serving."
            )
        try:
            if not lab:
                probe = f"{server.url}/api/contents/{paths.FIRST_NOTEBOOK.name}?content=0"
                with urllib.request.urlopen(probe, timeout=5):
                    return
            with urllib.request.urlopen(f"{server.url}/lab", timeout=5) as response:
                config = _page_config(response.read().decode("utf-8", "replace"))
            if config.get("appName") != "JupyterLab":
                last = f"not a JupyterLab page (appName={config.get('appName')!r})"
            elif Path(config.get("serverRoot", "")).resolve() != server.root_dir.resolve():
                # Someone else's server on the port we picked.
                last = f"a server for another folder ({config.get('serverRoot')!r})"
            else:
                return
        except (OSError, urllib.error.URLError, ValueError) as exc:
            last = str(exc)
        time.sleep(0.25)
    raise RuntimeError(f"JupyterLab did not answer within {timeout:.0f} s: {last}")


def _proc_stat(pid: int | str) -> list[str] | None:
    """Fields of /proc/<pid>/stat after the command name (state, ppid, ...)."""
    try:
        # The command name is in parentheses and may hold spaces.
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None


def _children(pid: int) -> list[tuple[int, str]]:
    """(pid, start time) of the direct children of ``pid``; kernels run in their own session."""
    children = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            fields = _proc_stat(entry.name)
            if fields and fields[1] == str(pid):
                children.append((int(entry.name), fields[19]))
    return children


def _kill_if_same(pid: int, start_time: str) -> None:
    """SIGKILL ``pid`` only if it is still the process we saw (pids get reused)."""
    fields = _proc_stat(pid)
    if fields and fields[19] == start_time and fields[0] != "Z":
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def _stop(process: subprocess.Popen[bytes], timeout: float = 15.0) -> None:
    """SIGTERM lets Jupyter shut its kernels down; kill what is left of ours after that."""
    if process.poll() is not None:
        return
    kernels = _children(process.pid)
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        kernels += _children(process.pid)
        process.kill()
        process.wait(timeout=timeout)
    for pid, start_time in kernels:  # normally gone already
        _kill_if_same(pid, start_time)


@contextlib.contextmanager
def lab_server(
    notebooks_dir: Path | None = None,
    *,
    settings: dict[str, dict[str, Any]] | None = None,
    timeout: float = SERVER_START_TIMEOUT,
    attempts: int = 3,
    plain: str | None = None,
) -> Iterator[LabServer]:
    """JupyterLab on a temporary copy of ``notebooks_dir``, with the `workbook lab` options.

    ``plain="jupyterlab"`` or ``plain="jupyter_server"`` starts that module with none
    of the workbook's options, as someone who types `jupyter lab` in the folder does;
    then only the Jupyter settings installed with the package apply.

    The server, its kernels and every temporary folder are gone when the block
    ends, whether it succeeds or fails. A failure to start includes the server log.
    """
    source = notebooks_dir or paths.NOTEBOOKS_DIR
    with tempfile.TemporaryDirectory(prefix="workbook-browser-") as tmp_name:
        tmp = Path(tmp_name)
        root = tmp / "notebooks"
        shutil.copytree(
            source, root, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__")
        )
        data_dir = tmp / "data"
        data_dir.mkdir(mode=0o700)  # the workbook refuses a data folder others can open
        write_lab_settings(
            tmp / "lab-settings", TEST_LAB_SETTINGS if settings is None else settings
        )
        env = {
            **os.environ,
            paths.DATA_DIR_ENV: str(data_dir),
            "JUPYTERLAB_SETTINGS_DIR": str(tmp / "lab-settings"),
            "JUPYTERLAB_WORKSPACES_DIR": str(tmp / "lab-workspaces"),
            # Nothing from (or into) ~/.jupyter, ~/.local/share/jupyter, ~/.ipython.
            "JUPYTER_CONFIG_DIR": str(tmp / "jupyter-config"),
            "JUPYTER_DATA_DIR": str(tmp / "jupyter-data"),
            "JUPYTER_RUNTIME_DIR": str(tmp / "jupyter-runtime"),
            "IPYTHONDIR": str(tmp / "ipython"),
        }
        log_path = tmp / "server.log"
        for attempt in range(1, attempts + 1):
            port = free_port()
            test_options = [
                "--no-browser",
                f"--ServerApp.port={port}",
                "--ServerApp.port_retries=0",
                "--IdentityProvider.token=",
                "--ServerApp.password=",
                "--ServerApp.disable_check_xsrf=True",
                "--LabApp.expose_app_in_browser=True",
                "--allow-root",
            ]
            if plain:
                command = [sys.executable, "-m", plain, f"--ServerApp.root_dir={root}",
                           *test_options]
            else:
                # The same options as `workbook lab`, plus the test-only ones it lacks.
                base = lab_command(notebooks_dir=root)
                command = lab_command(
                    notebooks_dir=root, extra=[o for o in test_options if o not in base]
                )
            log_start = log_path.stat().st_size if log_path.exists() else 0
            with log_path.open("ab") as log:
                log.write(f"--- attempt {attempt}: {' '.join(command)}\n".encode())
                log.flush()
                process = subprocess.Popen(
                    command,
                    cwd=root,
                    env=env,
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            server = LabServer(process, port, root, data_dir, log_path)
            try:
                _wait_until_serving(server, timeout, lab=plain != "jupyter_server")
            except BaseException as exc:
                _stop(process)
                if not isinstance(exc, RuntimeError):
                    raise  # e.g. Ctrl-C while waiting
                # The port we picked can be taken before the server binds it: retry.
                if attempt < attempts and b"already in use" in log_path.read_bytes()[log_start:]:
                    continue
                raise RuntimeError(f"{exc}\n--- server log ---\n{server.log()}") from None
            break
        try:
            yield server
        finally:
            _stop(server.process)


# --- Notebook pages -----------------------------------------------------------------

# JavaScript run in the page. ``window.jupyterapp`` is there because of
# --LabApp.expose_app_in_browser=True.
_FIND_PANEL_JS = """
(path) => {
  for (const w of window.jupyterapp.shell.widgets('main')) {
    if (w.context && w.context.path === path && w.content && w.content.widgets) return w;
  }
  return null;
}
"""

_NOTEBOOK_STATE_JS = f"""
(path) => {{
  const panel = ({_FIND_PANEL_JS})(path);
  if (!panel) return null;
  const session = panel.sessionContext;
  const cells = panel.content.widgets.map((cell, index) => {{
    const model = cell.model;
    const prompt = cell.node.querySelector('.jp-InputPrompt');
    return {{
      index,
      type: model.type,
      empty: model.sharedModel.getSource().trim() === '',
      count: model.type === 'code' ? model.executionCount : null,
      running: model.type === 'code' &&
        (model.executionState === 'running' || (prompt && prompt.textContent.includes('*'))),
      error: model.type === 'code' &&
        model.outputs.toJSON().some((o) => o.output_type === 'error'),
    }};
  }});
  return {{
    ready: session.isReady,
    status: session.session && session.session.kernel ? session.session.kernel.status : null,
    dialog: document.querySelector('.jp-Dialog') !== null,
    cells,
  }};
}}
"""


def notebook_state(page: Page, notebook: str) -> dict[str, Any] | None:
    """Kernel status and, per cell: type, empty, execution count, running, error."""
    return page.evaluate(_NOTEBOOK_STATE_JS, notebook)


def _dialog_text(page: Page) -> str:
    dialog = page.locator(".jp-Dialog")
    return dialog.first.inner_text() if dialog.count() else ""


def open_notebook(page: Page, server: LabServer, notebook: str) -> None:
    """Load ``/lab/tree/<notebook>`` and wait until its kernel is ready and idle."""
    page.goto(server.notebook_url(notebook), timeout=PAGE_LOAD_TIMEOUT * 1000)
    page.wait_for_function(
        f"(path) => window.jupyterapp && ({_FIND_PANEL_JS})(path) !== null",
        arg=notebook,
        timeout=PAGE_LOAD_TIMEOUT * 1000,
    )
    wait_for_kernel_idle(page, notebook, timeout=KERNEL_READY_TIMEOUT)


def wait_for_kernel_idle(
    page: Page, notebook: str, *, timeout: float = KERNEL_READY_TIMEOUT
) -> None:
    """Status bar says Idle and the notebook's session is ready with an idle kernel."""
    try:
        page.locator("#jp-main-statusbar").get_by_text("Idle").first.wait_for(
            state="visible", timeout=timeout * 1000
        )
        page.wait_for_function(
            f"""(path) => {{
              const panel = ({_FIND_PANEL_JS})(path);
              const s = panel && panel.sessionContext;
              return !!(s && s.isReady && s.session && s.session.kernel &&
                        s.session.kernel.status === 'idle');
            }}""",
            arg=notebook,
            timeout=timeout * 1000,
        )
    except Exception as exc:
        raise AssertionError(
            f"The kernel of {notebook} was not idle within {timeout:.0f} s "
            f"(dialog: {_dialog_text(page)!r}; state: {notebook_state(page, notebook)})"
        ) from exc


def run_all_cells(page: Page, notebook: str, *, timeout: float = RUN_ALL_TIMEOUT) -> None:
    """Run every cell and wait until each code cell ran, or one failed, and the kernel is idle.

    Run-all stops at the first error; the cells after it keep an empty prompt.
    :func:`collect_errors` then reports the error and :func:`unexecuted_cells`
    the cells that did not run.
    """
    # The command's promise settles when every queued cell has finished (or
    # run-all stopped at an error); a cell's stored execution count from the
    # saved file can't fool this.
    page.evaluate(
        f"""(path) => {{
          const panel = ({_FIND_PANEL_JS})(path);
          window.jupyterapp.shell.activateById(panel.id);
          const run = {{ done: false, result: null, error: null }};
          panel.__runAll = run;
          window.jupyterapp.commands.execute('notebook:run-all-cells').then(
            (result) => {{ run.result = result; run.done = true; }},
            (error) => {{ run.error = String(error); run.done = true; }});
        }}""",
        notebook,
    )
    try:
        page.wait_for_function(
            f"""(path) => {{
              const panel = ({_FIND_PANEL_JS})(path);
              const state = ({_NOTEBOOK_STATE_JS})(path);
              if (state.dialog) return true;
              return panel.__runAll.done && !state.cells.some((c) => c.running) &&
                state.ready && state.status === 'idle';
            }}""",
            arg=notebook,
            timeout=timeout * 1000,
            polling=250,
        )
    except Exception as exc:
        raise AssertionError(
            f"Run all in {notebook} did not finish within {timeout:.0f} s: "
            f"{notebook_state(page, notebook)}"
        ) from exc
    error = page.evaluate(f"(path) => ({_FIND_PANEL_JS})(path).__runAll.error", notebook)
    assert error is None, f"notebook:run-all-cells failed in {notebook}: {error}"
    dialog = _dialog_text(page)
    assert not dialog, f"A dialog opened while running {notebook}: {dialog!r}"
    wait_for_widgets(page)


def unexecuted_cells(page: Page, notebook: str) -> list[int]:
    """Numbers (from 1) of the non-empty code cells without an execution count."""
    state = notebook_state(page, notebook) or {"cells": []}
    return [
        c["index"] + 1
        for c in state["cells"]
        if c["type"] == "code" and not c["empty"] and c["count"] is None
    ]


def wait_for_widgets(page: Page, *, timeout: float = WIDGET_SETTLE_TIMEOUT) -> None:
    """Give widget views a moment to replace their "Loading widget..." placeholder.

    Does not fail: :func:`collect_errors` reports placeholders that stayed.
    """
    with contextlib.suppress(Exception):
        page.wait_for_function(
            f"""() => !Array.from(document.querySelectorAll('{OUTPUT}'))
                  .some((el) => el.textContent.includes('Loading widget...'))""",
            timeout=timeout * 1000,
        )


def _cell_index(output: Locator) -> str:
    """ "cell N", counting from 1 as JupyterLab's status bar does."""
    index = output.evaluate(
        """(el) => {
          const cell = el.closest('.jp-Notebook > .jp-Cell, .jp-WindowedPanel-viewport > .jp-Cell');
          return cell ? Array.from(cell.parentElement.children)
            .filter((c) => c.classList.contains('jp-Cell')).indexOf(cell) + 1 : 0;
        }"""
    )
    return f"cell {index}"


def collect_errors(page: Page) -> list[str]:
    """Every problem a reader would see in the outputs, as ``"cell N: text"``.

    Error outputs (tracebacks), stderr output that mentions a traceback or an
    error, widget placeholders ("Error displaying widget", "Loading
    widget...") that never turned into a widget, and uncaught script errors
    in the page (reported as ``"browser: ..."``).
    """
    problems = []
    for output in page.locator(ERROR_OUTPUT).all():
        problems.append(f"{_cell_index(output)}: {output.inner_text().strip()[-2000:]}")
    for output in page.locator(STDERR_OUTPUT).all():
        text = output.inner_text().strip()
        if STDERR_ERROR.search(text):
            problems.append(f"{_cell_index(output)}: {text[-2000:]}")
    for placeholder in WIDGET_PLACEHOLDERS:
        for output in page.locator(OUTPUT).filter(has_text=placeholder).all():
            problems.append(f"{_cell_index(output)}: {output.inner_text().strip()[:500]}")
    # Uncaught script errors (a widget view that failed to render, say). Chromium's
    # harmless "ResizeObserver loop" notice is not one.
    for error in page_log(page).page_errors:
        if "ResizeObserver loop" not in error:
            problems.append(f"browser: {error}")
    return problems


def visible_widgets(page: Page) -> list[Locator]:
    """Rendered ipywidgets (outermost views only) that are visible."""
    widgets = page.locator(f"{OUTPUT} .jupyter-widgets:not(.jupyter-widgets .jupyter-widgets)")
    return [w for w in widgets.all() if w.is_visible()]


def output_texts(page: Page) -> list[str]:
    """The visible text of each cell's outputs (widgets included), in notebook order.

    One string per code cell that shows something; prompts like ``[3]:`` left out.
    """
    return page.evaluate(
        """() => Array.from(document.querySelectorAll('.jp-Cell-outputArea'))
          .map((area) => Array.from(area.querySelectorAll(
              ':scope > .jp-OutputArea-child > .jp-OutputArea-output'))
            .map((output) => output.innerText.trim())
            .filter((text) => text).join('\\n'))
          .filter((text) => text)"""
    )


# --- Interacting with widgets -----------------------------------------------------


_WATCH_KERNEL_JS = f"""
(path) => {{
  const panel = ({_FIND_PANEL_JS})(path);
  if (!panel.__kernelWatch) {{
    const watch = {{ idle: 0, changed: performance.now() }};
    const touch = () => {{ watch.changed = performance.now(); }};
    panel.sessionContext.statusChanged.connect((_, status) => {{
      touch();
      if (status === 'idle') watch.idle++;
    }});
    panel.sessionContext.iopubMessage.connect(touch);
    panel.__kernelWatch = watch;
  }}
  return panel.__kernelWatch.idle;
}}
"""

_KERNEL_QUIET_JS = f"""
([path, before, quietMs]) => {{
  const panel = ({_FIND_PANEL_JS})(path);
  const watch = panel.__kernelWatch;
  const kernel = panel.sessionContext.session.kernel;
  return watch.idle > before && kernel.status === 'idle' &&
    performance.now() - watch.changed > quietMs;
}}
"""


def wait_for_kernel_quiet(
    page: Page, notebook: str, *, quiet_ms: int = 300, timeout: float = 30.0
) -> None:
    """Wait until the kernel is idle and no message has arrived for ``quiet_ms``."""
    page.evaluate(_WATCH_KERNEL_JS, notebook)
    page.wait_for_function(
        _KERNEL_QUIET_JS, arg=[notebook, -1, quiet_ms], timeout=timeout * 1000, polling=100
    )


def after_kernel_round_trip(
    page: Page,
    notebook: str,
    action: Callable[[], None],
    *,
    quiet_ms: int = 300,
    timeout: float = 30.0,
) -> None:
    """Do ``action``, then wait until the kernel has worked and gone quiet again.

    ``action`` must make the kernel do something (a click or value change with
    a Python callback, or any widget value sync). Use it around
    :func:`click_button` or :func:`set_widget_value`, then read :func:`output_texts`::

        after_kernel_round_trip(page, nb, lambda: click_button(page, "Save"))
    """
    wait_for_kernel_quiet(page, notebook, quiet_ms=quiet_ms, timeout=timeout)
    before = page.evaluate(_WATCH_KERNEL_JS, notebook)
    action()
    try:
        page.wait_for_function(
            _KERNEL_QUIET_JS, arg=[notebook, before, quiet_ms], timeout=timeout * 1000, polling=100
        )
    except Exception as exc:
        raise AssertionError(
            f"The kernel of {notebook} did not answer within {timeout:.0f} s "
            "(did the action reach a widget with a Python callback?)"
        ) from exc
    wait_for_widgets(page)


def _exactly(text: str) -> re.Pattern[str]:
    return re.compile(rf"^\s*{re.escape(text)}\s*$")


def widget_by_label(page: Page, label: str) -> Locator:
    """The ipywidget control whose description is exactly ``label``.

    The description sits in a ``.widget-label`` beside the control, or next to
    the box for a checkbox.
    """
    return (
        page.locator(f"{OUTPUT} :is(.widget-inline-hbox, .widget-radio)")
        .filter(
            has=page.locator(
                ":scope > .widget-label, :scope > .widget-label-basic > span",
                has_text=_exactly(label),
            )
        )
        .first
    )


def click_button(page: Page, label: str) -> None:
    """Click the widget button whose visible label is exactly ``label``."""
    page.locator(f"{OUTPUT} button.jupyter-button").filter(has_text=_exactly(label)).first.click()


def choose_option(page: Page, option: str) -> None:
    """Pick the radio button labelled ``option`` (for RadioButtons without a description)."""
    page.locator(f"{OUTPUT} .widget-radio-box label").filter(
        has_text=_exactly(option)
    ).first.locator("input").check()


def set_widget_value(page: Page, label: str, value: object) -> None:
    """Set the widget described by ``label`` as a user would.

    Sliders: type into the readout and press Enter. Text boxes and number
    boxes: replace the text, press Enter (``on_submit``) then Tab (blur, for
    ``continuous_update=False``). Textareas: replace the text, then Tab.
    Dropdowns and radio buttons: choose the option with that label.
    Checkboxes: tick for a true value, untick for a false one.
    """
    widget = widget_by_label(page, label)
    widget.wait_for(state="visible")
    classes = (widget.get_attribute("class") or "").split()
    if "widget-slider" in classes:
        widget.locator(".widget-readout").click()
        page.keyboard.press("Control+A")
        page.keyboard.type(str(value))
        page.keyboard.press("Enter")
    elif "widget-dropdown" in classes:
        widget.locator("select").select_option(label=str(value))
    elif "widget-radio" in classes:
        widget.locator(".widget-radio-box label").filter(
            has_text=_exactly(str(value))
        ).first.locator("input").check()
    elif "widget-checkbox" in classes:
        widget.locator("input[type=checkbox]").set_checked(bool(value))
    elif "widget-textarea" in classes:
        box = widget.locator("textarea")
        box.fill(str(value))
        box.press("Tab")
    elif "widget-text" in classes:
        box = widget.locator("input")
        box.fill(str(value))
        box.press("Enter")
        box.press("Tab")
    else:
        raise ValueError(f"don't know how to set the widget {label!r} (classes: {classes})")


# --- Screenshots ------------------------------------------------------------------


def screenshot(page: Page, name: str, *, max_height: int = 12_000) -> Path:
    """A picture of the whole notebook at ``build/screenshots/<name>.png``.

    JupyterLab scrolls inside the notebook panel, so a plain full-page
    screenshot shows only the window; the window is made tall enough first.
    """
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOT_DIR / f"{name}.png"
    # Run-all leaves the notebook scrolled to its last cell: measure the
    # content, grow the window to fit it, then scroll back to the top.
    scroll_js = """(top) => {
      const scroller = document.querySelector('.jp-NotebookPanel .jp-WindowedPanel-outer')
        || document.querySelector('.jp-NotebookPanel .jp-Notebook');
      if (!scroller) return 0;
      if (top) scroller.scrollTop = 0;
      // Up to the last cell's bottom: skip the blank "scroll past end" space.
      const cells = scroller.querySelectorAll('.jp-Cell');
      const last = cells.length ? cells[cells.length - 1] : null;
      const bottom = last
        ? last.getBoundingClientRect().bottom - scroller.getBoundingClientRect().top
          + scroller.scrollTop + 40
        : scroller.scrollHeight;
      return Math.ceil(Math.min(bottom, scroller.scrollHeight) - scroller.clientHeight);
    }"""
    with contextlib.suppress(Exception):
        extra = page.evaluate(scroll_js, True)
        viewport = page.viewport_size
        if viewport and extra > 0:
            page.set_viewport_size(
                {
                    "width": viewport["width"],
                    "height": int(min(viewport["height"] + extra, max_height)),
                }
            )
            page.wait_for_timeout(300)  # let JupyterLab lay out again
        page.evaluate(scroll_js, True)
        page.wait_for_timeout(200)
    page.screenshot(path=str(path), full_page=True)
    return path


@contextlib.contextmanager
def explain_failure(page: Page, server: LabServer, name: str) -> Iterator[None]:
    """On any failure in the block: save a screenshot, print the browser and server logs."""
    try:
        yield
    except BaseException:
        with contextlib.suppress(Exception):
            print(f"screenshot: {screenshot(page, name + '-failed')}")
        print(f"--- browser console ---\n{page_log(page).text()}")
        log_lines = server.log().splitlines()
        print(f"--- server log (last 300 of {len(log_lines)} lines) ---")
        print("\n".join(log_lines[-300:]))
        raise
