"""Speed of the app: chapter 03 in `workbook app` against stock ``voila`` on the same notebook.

Run from the repository with the project's Python:

    python benchmarks/bench_app.py                 # about 4 minutes on 2 cores
    python benchmarks/bench_app.py --repeats 2     # a quick look

Both servers run at the same time on 127.0.0.1, each on a copy of the chapters
and a temporary personal data folder (mode 0700) holding the sample journey:

* **app**: the server ``workbook app`` starts (``app_command`` and
  ``app_environment`` in ``workbook/publish/launch.py``: a Jupyter server with
  Voilà, our template and options), page ``/voila/render/03_readiness_check_in.ipynb``;
* **stock voila** (the yardstick): ``voila notebooks/03_readiness_check_in.ipynb``,
  the plain command with Voilà's defaults.

Headless Debian Chromium (Playwright) opens chapter 03 twice in a fresh browser
context: a **first visit** (nothing cached) and a **second visit** (the page's
scripts and styles cached, as when a reader goes from chapter to chapter). The
two servers take turns, with a pause between loads as a reader would read a page
(``--pause``; the app uses it to warm its next kernel). Requests outside
127.0.0.1 (stock Voilà's CDN stylesheets) are refused at once for both. A script
in the page checks on every animation frame and records, from the moment the
browser started the navigation:

* **first content**: the chapter's title heading is visible;
* **widgets usable**: all 15 check-in sliders are rendered and enabled, the
  save button (the page's last widget) is rendered and enabled, and the
  chapter links under it (the page's last output; in the app, its own chapter
  links at the end of the page, which take their place) are visible.

Medians of ``--repeats`` of each visit, as seconds and as a ratio to stock Voilà.
Targets (issue 13): first content **<= 1 s**, widgets usable **<= 3 s**. Reports
PASS or MISS, always exits 0.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from workbook import content, paths
from workbook.journal.store import Journal
from workbook.journal.transfer import import_file
from workbook.publish.launch import app_command, app_environment

CHAPTER = "03_readiness_check_in.ipynb"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
FIRST_CONTENT_TARGET = 1.0
WIDGETS_TARGET = 3.0
LOAD_TIMEOUT = 120.0
VISITS = ("first visit", "second visit")

# Runs in the page before any of its scripts, and records (in ms since the
# navigation started) when each milestone is first seen.
WATCH_JS = """
(() => {
  const title = %(title)s, sliders = %(sliders)d, save = %(save)s, nav = %(nav)s;
  const seen = window.__benchSeen = {};
  const visible = (el) => {
    if (!el || !el.isConnected) return false;
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) return false;
    return getComputedStyle(el).visibility !== 'hidden' && el.checkVisibility();
  };
  const titleVisible = () => [...document.querySelectorAll('h1')].some(
    (h) => h.textContent.trim().replace(/\\s*¶$/, '') === title && visible(h));
  const widgetsUsable = () => {
    const found = [...document.querySelectorAll('.widget-slider')];
    if (found.length < sliders) return false;
    if (!found.every((s) => visible(s) && !s.querySelector('[disabled]')
                         && s.querySelector('.widget-readout[contenteditable="true"]'))) {
      return false;
    }
    const button = [...document.querySelectorAll('button.jupyter-button')].find(
      (b) => b.textContent.trim() === save);
    if (!button || button.disabled || !visible(button)) return false;
    return [...document.querySelectorAll('nav')].some(
      (n) => nav.includes(n.getAttribute('aria-label')) && visible(n));
  };
  const check = () => {
    const now = performance.now();
    if (seen.first === undefined && titleVisible()) seen.first = now;
    if (seen.widgets === undefined && widgetsUsable()) seen.widgets = now;
    if (seen.first === undefined || seen.widgets === undefined) requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
})();
"""


@dataclass
class Server:
    name: str
    process: subprocess.Popen[bytes]
    page_url: str
    log_path: Path
    # Per visit: (first content, widgets usable) of each repetition.
    times: dict[str, list[tuple[float, float]]] = field(
        default_factory=lambda: {visit: [] for visit in VISITS})

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def private_environment(root: Path) -> dict[str, str]:
    """The environment of a server that keeps every file it writes under ``root``."""
    return {
        **os.environ,
        paths.DATA_DIR_ENV: str(root / "data"),
        "JUPYTER_CONFIG_DIR": str(root / "jupyter-config"),
        "JUPYTER_DATA_DIR": str(root / "jupyter-data"),
        "JUPYTER_RUNTIME_DIR": str(root / "jupyter-runtime"),
        "IPYTHONDIR": str(root / "ipython"),
    }


def wait_until_answering(server: Server, port: int) -> None:
    """Until the server accepts connections (a page request would start a kernel)."""
    deadline = time.monotonic() + LOAD_TIMEOUT
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=2).close()
            return
        except OSError:
            if server.process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"{server.name} did not start:\n{server.log()}") from None
            time.sleep(0.3)


@contextlib.contextmanager
def started(name: str, command: list[str], env: dict[str, str], port: int, page_url: str,
            root: Path) -> Iterator[Server]:
    log_path = root / f"{name.replace(' ', '-')}.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, env=env, cwd=root, stdin=subprocess.DEVNULL,
                                   stdout=log, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    server = Server(name, process, page_url, log_path)
    try:
        wait_until_answering(server, port)
        yield server
    finally:
        # The whole session: the server and the kernels it started.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, 15)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, 9)
            process.wait(timeout=20)


def load(context, server: Server, watch_js: str) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """One visit: (first content, widgets usable) in seconds since the navigation began."""
    page = context.new_page()
    try:
        page.goto(server.page_url, wait_until="commit", timeout=LOAD_TIMEOUT * 1000)
        page.wait_for_function(
            "() => window.__benchSeen && window.__benchSeen.first !== undefined"
            " && window.__benchSeen.widgets !== undefined",
            timeout=LOAD_TIMEOUT * 1000, polling=200)
        seen = page.evaluate("window.__benchSeen")
        # Leaving the page, as a reader does, lets Voilà shut its kernel down.
        page.goto("about:blank")
        page.wait_for_timeout(300)
        return seen["first"] / 1000, seen["widgets"] / 1000
    finally:
        page.close()


def visits(browser, server: Server, watch_js: str, pause: float) -> list[tuple[float, float]]:  # type: ignore[no-untyped-def]
    """A first visit in a fresh browser context (nothing cached), then a second one."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        context.route("**/*", lambda route: route.continue_()
                      if route.request.url.startswith(("http://127.0.0.1", "ws://127.0.0.1"))
                      else route.abort())
        context.add_init_script(watch_js)
        first = load(context, server, watch_js)
        time.sleep(pause)
        return [first, load(context, server, watch_js)]
    finally:
        context.close()


def verdict(value: float, target: float) -> str:
    return "PASS" if value <= target else "MISS"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--pause", type=float, default=5.0,
                        help="seconds between page loads (a reader reads the page)")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    words = content.interface().navigation
    watch_js = WATCH_JS % {
        "title": repr(next(c.title for c in content.chapters() if c.file == CHAPTER)),
        "sliders": len(content.factor_ids()),
        "save": repr(content.checkin().form.save_button),
        # The chapter's own links (stock voila), or the app's end-of-page links, which
        # take their place in the app.
        "nav": repr([words.label, words.end_label]),
    }
    loads: list[float] = []
    with tempfile.TemporaryDirectory(prefix="bench-app-") as tmp:
        root = Path(tmp)
        root.chmod(0o700)
        notebooks = root / "notebooks"
        shutil.copytree(paths.NOTEBOOKS_DIR, notebooks)
        data = root / "data"
        data.mkdir(mode=0o700)
        import_file(Journal(data / paths.JOURNAL_FILENAME), paths.SAMPLE_JOURNEY)

        token = secrets.token_hex(24)
        app_port, voila_port = free_port(), free_port()
        app_env = {**app_environment(private_environment(root)), "JUPYTER_TOKEN": token}
        voila_env = private_environment(root)
        voila = [str(Path(sys.executable).with_name("voila")), str(notebooks / CHAPTER),
                 "--no-browser", "--Voila.ip=127.0.0.1", f"--port={voila_port}"]
        with (started("app", app_command(notebooks_dir=notebooks, port=app_port,
                                         extra=["--no-browser"]), app_env, app_port,
                      f"http://127.0.0.1:{app_port}/voila/render/{CHAPTER}?token={token}",
                      root) as app,
              started("stock voila", voila, voila_env, voila_port, f"http://127.0.0.1:{voila_port}/",
                      root) as stock,
              sync_playwright() as playwright):
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                servers = [stock, app]
                for server in servers:  # one warm-up each: disk caches, first imports
                    visits(browser, server, watch_js, args.pause)
                    time.sleep(args.pause)
                for _ in range(args.repeats):
                    for server in servers:
                        for visit, (first, widgets) in zip(
                                VISITS, visits(browser, server, watch_js, args.pause),
                                strict=True):
                            server.times[visit].append((first, widgets))
                            print(f"  {server.name:>11}, {visit}: first content {first:5.2f} s,"
                                  f" widgets usable {widgets:5.2f} s", flush=True)
                        time.sleep(args.pause)
                    loads.append(os.getloadavg()[0])
            finally:
                browser.close()

    print(f"\nChapter 03, median of {args.repeats} of each visit ({os.cpu_count()} cores, "
          f"load average {min(loads):.1f} to {max(loads):.1f} during the run):\n")
    print("| visit | | first content | widgets usable |")
    print("| --- | --- | ---: | ---: |")
    medians: dict[tuple[str, str], tuple[float, float]] = {}
    for visit in VISITS:
        for server in servers:
            first = statistics.median(t[0] for t in server.times[visit])
            widgets = statistics.median(t[1] for t in server.times[visit])
            medians[visit, server.name] = (first, widgets)
            print(f"| {visit} | {server.name} | {first:.2f} s | {widgets:.2f} s |")
    for visit in VISITS:
        app_first, app_widgets = medians[visit, "app"]
        stock_first, stock_widgets = medians[visit, "stock voila"]
        print(f"\n{visit}: app / stock voila: first content {app_first / stock_first:.2f}x, "
              f"widgets usable {app_widgets / stock_widgets:.2f}x")
        print(f"  app first content {app_first:.2f} s <= {FIRST_CONTENT_TARGET:.0f} s: "
              f"{verdict(app_first, FIRST_CONTENT_TARGET)}; "
              f"widgets usable {app_widgets:.2f} s <= {WIDGETS_TARGET:.0f} s: "
              f"{verdict(app_widgets, WIDGETS_TARGET)}")

if __name__ == "__main__":
    main()
