"""`workbook app` and `workbook lab` started the way a user starts them, through the
CLI's ``main``, with a stand-in browser that records the address it was sent to.

The server runs in a subprocess of its own session, with every Jupyter folder
and the personal data folder in a temporary directory; it is stopped (with its
kernels) when the block ends.
"""

from __future__ import annotations

import base64
import contextlib
import html
import http.client
import os
import re
import secrets
import shlex
import signal
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from browser import free_port

from workbook import paths

START_TIMEOUT = 120.0
# Runs the CLI exactly as the `workbook` script does.
CLI = "import sys; from workbook.cli import main; sys.exit(main(sys.argv[1:]))"
# The stand-in browser: writes the address it is asked to open into a file.
RECORD = "import pathlib, sys; pathlib.Path(sys.argv[2]).write_text(sys.argv[1])"


@dataclass
class Reply:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def refused(self) -> bool:
        return is_refusal(self.status, self.headers.get("Location", ""))


def is_refusal(status: int, location: str) -> bool:
    """403, or sent to the page that asks for the token (and shows nothing else)."""
    return status == 403 or (status in (302, 303, 307)
                             and urllib.parse.urlsplit(location).path.endswith("/login"))


@dataclass
class RunningServer:
    command: str  # "app" or "lab"
    process: subprocess.Popen[bytes]
    opened: str  # the address the browser was sent to
    log_path: Path

    @property
    def opened_path(self) -> str:
        """The opened address without scheme and host, token included."""
        return urllib.parse.urlsplit(self.opened)._replace(scheme="", netloc="").geturl()

    @property
    def port(self) -> int:
        return urllib.parse.urlsplit(self.opened).port or 80

    @property
    def token(self) -> str:
        return urllib.parse.parse_qs(urllib.parse.urlsplit(self.opened).query).get(
            "token", [""])[0]

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def request(self, path: str, *, method: str = "GET", host: str | None = None,
                token: bool = False, headers: Mapping[str, str] | None = None) -> Reply:
        """One HTTP request to the server; redirects are not followed."""
        if token:
            path += ("&" if "?" in path else "?") + urllib.parse.urlencode(
                {"token": self.token})
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        try:
            connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
            connection.putheader("Host", host or f"127.0.0.1:{self.port}")
            for name, value in (headers or {}).items():
                connection.putheader(name, value)
            connection.putheader("Content-Length", "2" if method == "POST" else "0")
            connection.endheaders(b"{}" if method == "POST" else None)
            response = connection.getresponse()
            # A 101 (WebSocket accepted) has no body to read.
            body = b"" if response.status == 101 else response.read()
            return Reply(response.status, response.headers, body)
        finally:
            connection.close()

    def websocket(self, path: str, *, origin: str, host: str | None = None,
                  token: bool = False, cookie: str = "") -> Reply:
        """A browser's WebSocket opening handshake: 101 if accepted."""
        headers = {
            "Upgrade": "websocket", "Connection": "Upgrade", "Sec-WebSocket-Version": "13",
            "Sec-WebSocket-Key": base64.b64encode(secrets.token_bytes(16)).decode(),
            "Origin": origin,
        }
        if cookie:
            headers["Cookie"] = cookie
        return self.request(path, host=host, token=token, headers=headers)

    def login_cookie(self) -> str:
        """The cookies a browser keeps after opening the address it was sent to."""
        reply = self.request(self.opened_path)
        assert reply.status == 200, (reply.status, self.log())
        return "; ".join(value.split(";", 1)[0]
                         for value in reply.headers.get_all("Set-Cookie") or [])


def _address_in(recorded: str) -> str:
    """The address the browser would show: Jupyter sends it a local file that redirects."""
    if not recorded.startswith("file://"):
        return recorded
    page = Path(urllib.parse.unquote(urllib.parse.urlsplit(recorded).path)).read_text()
    match = re.search(r'http-equiv="refresh" content="\d+;url=([^"]+)"', page)
    assert match, f"no address in the page the browser was sent to:\n{page}"
    return html.unescape(match.group(1))


def _wait_for_browser(process: subprocess.Popen[bytes], record: Path, log: Path) -> str:
    deadline = time.monotonic() + START_TIMEOUT
    while not (record.exists() and record.read_text()):
        if process.poll() is not None or time.monotonic() > deadline:
            raise AssertionError("The server opened no browser:\n" + log.read_text())
        time.sleep(0.3)
    return _address_in(record.read_text().strip())


def _stop(process: subprocess.Popen[bytes]) -> None:
    # The CLI and the server it started share the session we made; SIGTERM lets the
    # server shut its kernels down.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=30)
        time.sleep(1)  # the server is the CLI's child and may take a moment longer
    except subprocess.TimeoutExpired:
        pass
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)


def cli_environment(tmp: Path, record: Path | None = None) -> dict[str, str]:
    """The environment of a CLI run that keeps every file it writes in ``tmp``."""
    env = {
        **os.environ,
        paths.DATA_DIR_ENV: str(tmp / "data"),
        "JUPYTER_CONFIG_DIR": str(tmp / "jupyter-config"),
        "JUPYTER_DATA_DIR": str(tmp / "jupyter-data"),
        "JUPYTER_RUNTIME_DIR": str(tmp / "jupyter-runtime"),
        "JUPYTERLAB_SETTINGS_DIR": str(tmp / "lab-settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(tmp / "lab-workspaces"),
        "IPYTHONDIR": str(tmp / "ipython"),
    }
    if record is not None:
        env["BROWSER"] = shlex.join([sys.executable, "-c", RECORD, "%s", str(record)])
    return env


@contextlib.contextmanager
def workbook_server(args: Sequence[str], tmp: Path, *, program: Sequence[str] | None = None,
                    env: Mapping[str, str | None] | None = None) -> Iterator[RunningServer]:
    """``workbook ARGS`` running, once it has opened the (stand-in) browser.

    ``program`` replaces this environment's CLI (an installed ``workbook`` script, say);
    ``env`` changes the environment (a value of None removes that variable).
    """
    tmp.mkdir(parents=True, exist_ok=True)
    record = tmp / "browser-was-sent-to.txt"
    log_path = tmp / "server.log"
    environment = cli_environment(tmp, record)
    for name, value in (env or {}).items():
        if value is None:
            environment.pop(name, None)
        else:
            environment[name] = value
    with log_path.open("wb") as log:
        process = subprocess.Popen([*(program or (sys.executable, "-c", CLI)), *args],
                                   env=environment, cwd=tmp,
                                   stdin=subprocess.DEVNULL, stdout=log,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    try:
        server = RunningServer(args[0], process, _wait_for_browser(process, record, log_path),
                               log_path)
        deadline = time.monotonic() + START_TIMEOUT
        while True:  # the browser may be sent before the server answers
            try:
                server.request("/api")
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError("The server did not answer:\n" + server.log()) from None
                time.sleep(0.3)
        yield server
    finally:
        _stop(process)


@dataclass
class AppServer:
    """The app's server (as `workbook app` starts it) on a copy of the chapters."""

    url: str
    token: str
    data: Path  # the app's personal data folder
    log_path: Path

    def page(self, path: str) -> str:
        """``path`` (``/voila/tree``, ``/voila/render/<file>``) with the token."""
        return f"{self.url}{path}?token={self.token}"

    def kernels(self) -> list[dict[str, str]]:
        import json
        import urllib.request

        with urllib.request.urlopen(self.page("/api/kernels"), timeout=10) as reply:
            return list(json.loads(reply.read()))

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


@contextlib.contextmanager
def app_server(root: Path, *, sample: bool = True) -> Iterator[AppServer]:
    """`workbook app`'s server (``app_command`` and ``app_environment``) on a copy of the
    chapters in ``root``, with the test's own token so it can open the pages (`workbook
    app` lets the server make one; tests/test_servers.py starts it that way). The data
    folder holds the sample journey, or nothing with ``sample=False``. Yields once the
    contents page answers; stops the server and its kernels after."""
    import shutil
    import urllib.request

    from workbook import content
    from workbook.journal.store import Journal
    from workbook.journal.transfer import import_file
    from workbook.publish.launch import app_command, app_environment

    notebooks = root / "notebooks"
    shutil.copytree(paths.NOTEBOOKS_DIR, notebooks,
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    token = secrets.token_hex(24)
    env = {**app_environment(cli_environment(root)), "JUPYTER_TOKEN": token}
    data = Path(env[paths.DATA_DIR_ENV])
    if sample:
        data.mkdir(mode=0o700)
        import_file(Journal(data / paths.JOURNAL_FILENAME), paths.SAMPLE_JOURNEY)
    port = free_port()
    log_path = root / "voila.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            app_command(notebooks_dir=notebooks, port=port, extra=["--no-browser"]),
            env=env, stdout=log, stderr=subprocess.STDOUT, cwd=root)
    app = AppServer(f"http://127.0.0.1:{port}", token, data, log_path)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            try:
                with urllib.request.urlopen(app.page("/voila/tree"), timeout=2) as reply:
                    # The app's contents page, once the server answers.
                    if content.interface().site.title.encode() in reply.read():
                        break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError("The app did not start:\n" + app.log()) from None
                time.sleep(0.3)
        yield app
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=30)
