"""A room on JupyterHub, for real: deploy/jupyterhub/jupyterhub_config.py on 127.0.0.1.

JupyterHub (PyPI) with configurable-http-proxy (npm) spawns each participant's server as
their own local account (useradd -m; removed afterwards). The participants' environment
is a venv from Debian's python3 outside root's home with the workbook's wheel installed
(pip's cache: nothing new is downloaded). Two participants log in through the hub's page
in Chromium, save a check-in in chapter 3 and press its hand-in button; four more save and
hand in through code run in their own kernels (the hub's REST API, a token each). Then:
the facilitator's group view counts six; participant A, in A's own kernel, can read
neither B's journal nor B's hand-in and cannot list the drop folder; a seventh
participant's file that is not a share file is refused with a message.
"""

from __future__ import annotations

import asyncio
import grp
import json
import os
import pwd
import secrets
import shutil
import stat
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from browser import free_port, new_page, open_notebook, run_all_cells
from tornado.httpclient import HTTPRequest
from tornado.websocket import websocket_connect

from workbook import content

pytestmark = [pytest.mark.slow, pytest.mark.browser]

REPO = Path(__file__).resolve().parents[1]
CONFIG = REPO / "deploy" / "jupyterhub" / "jupyterhub_config.py"
PREFIX = "odt"  # test accounts: odt-fac, odt-1 ... odt-7
PASSWORD = "open-door-" + secrets.token_hex(4)
DEBIAN_PYTHON = "/usr/bin/python3"
WORDS = content.messages().hand_in


@dataclass
class Room:
    url: str
    token: str
    handin: Path
    root: Path

    def api(self, method: str, path: str, body: object = None, token: str | None = None,
            base: str = "/hub/api") -> object:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.url + base + path, data=data, method=method,
                                         headers={"Authorization": f"token {token or self.token}",
                                                  "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as response:
            text = response.read().decode()
        return json.loads(text) if text else None


def _run(*args: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, check=True, capture_output=True, text=True, **kwargs)  # type: ignore[call-overload]


def _participants_env(root: Path) -> Path:
    """A venv other accounts can run: Debian's python3, the wheel with its [hub] extra."""
    dist = root / "dist"
    _run(sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
         "--wheel-dir", str(dist), str(REPO))
    (wheel,) = dist.glob("*.whl")
    venv = root / "venv"
    _run(DEBIAN_PYTHON, "-m", "venv", str(venv))
    _run(str(venv / "bin" / "python"), "-m", "pip", "install", "-q", f"{wheel}[hub]")
    _run(str(venv / "bin" / "python"), "-c",
         "from workbook.publish.launch import install_jupyter_settings as i; i()")
    return venv


def _proxy_bin(root: Path) -> Path:
    found = shutil.which("configurable-http-proxy")
    if found:
        return Path(found).parent
    _run("npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix", str(root / "npm"),
         "configurable-http-proxy@5")
    return root / "npm" / "node_modules" / ".bin"


def _add_account(name: str, group: str) -> None:
    _run("useradd", "-m", "-G", group, "-s", "/bin/sh", name)
    subprocess.run(["chpasswd"], input=f"{name}:{PASSWORD}\n", text=True, check=True)


def _wait_for(url: str, timeout: float = 60) -> None:
    end = time.monotonic() + timeout
    while True:
        try:
            urllib.request.urlopen(url, timeout=5).close()
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            if time.monotonic() > end:
                raise
            time.sleep(0.3)


@pytest.fixture(scope="module")
def room() -> Iterator[Room]:
    if os.geteuid() != 0:
        pytest.fail("The hub test makes local accounts: run it as root (as CI does).")
    # Outside root's home (0700), readable by the participants' accounts.
    root = Path(tempfile.mkdtemp(prefix="open-door-hub-", dir="/tmp"))
    root.chmod(0o755)
    group = f"{PREFIX}-group"
    accounts = [f"{PREFIX}-fac", *(f"{PREFIX}-{n}" for n in range(1, 8))]
    hub = None
    try:
        venv = _participants_env(root)
        proxy = _proxy_bin(root)
        _run("groupadd", group)
        for name in accounts:
            _add_account(name, group)
        state = root / "hub"
        handin = root / "srv" / "hand-in"
        token = secrets.token_hex(16)
        port = free_port()
        overlay = root / "test_config.py"
        overlay.write_text(
            f"load_subconfig({str(CONFIG)!r})\n"
            "c.JupyterHub.services = [{'name': 'room-test', 'api_token': %r}]\n"
            "c.JupyterHub.load_roles = [{'name': 'room-test', 'services': ['room-test'],\n"
            "  'scopes': ['admin:users', 'admin:servers', 'tokens', 'access:servers',\n"
            "             'list:users', 'read:users']}]\n"
            # The browser tests reach JupyterLab's app object.
            "c.Spawner.args = ['--LabApp.expose_app_in_browser=True']\n"
            "c.JupyterHub.proxy_api_port = %d\n" % (token, free_port()))
        env = {**os.environ, "OPEN_DOOR_ACCOUNTS": "named", "OPEN_DOOR_FACILITATOR": accounts[0],
               "OPEN_DOOR_GROUP": group, "OPEN_DOOR_VENV": str(venv),
               "WORKBOOK_HANDIN_DIR": str(handin), "OPEN_DOOR_HUB_STATE": str(state),
               "OPEN_DOOR_HUB_PORT": str(port),
               "PATH": f"{proxy}{os.pathsep}{os.environ['PATH']}"}
        log = (root / "hub.log").open("wb")
        hub = subprocess.Popen([sys.executable, "-m", "jupyterhub", "-f", str(overlay)],
                               cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        _wait_for(url + "/hub/api/", timeout=60)
        yield Room(url, token, handin, root)
    finally:
        if hub is not None:
            # The hub stops the servers it started (cleanup_servers) when it stops.
            hub.terminate()
            try:
                hub.wait(30)
            except subprocess.TimeoutExpired:
                hub.kill()
        for name in accounts:
            subprocess.run(["userdel", "-r", name], check=False, capture_output=True)
        subprocess.run(["groupdel", group], check=False, capture_output=True)
        if (root / "hub.log").exists():
            print((root / "hub.log").read_text(errors="replace")[-3000:])
        shutil.rmtree(root, ignore_errors=True)


def _start_server(room: Room, name: str) -> str:
    """Start the account's server through the hub; return a token of the account's own."""
    room.api("POST", f"/users/{name}")  # known to the hub (a browser login does this)
    room.api("POST", f"/users/{name}/server")
    end = time.monotonic() + 90
    while not (room.api("GET", f"/users/{name}") or {}).get("servers", {}).get("", {}).get("ready"):  # type: ignore[union-attr]
        assert time.monotonic() < end, f"{name}'s server did not start"
        time.sleep(0.5)
    made = room.api("POST", f"/users/{name}/tokens", {"note": "room test", "expires_in": 600})
    return str(made["token"])  # type: ignore[index]


def run_in_kernel(room: Room, name: str, token: str, code: str) -> str:
    """Run code in a new kernel of the account's own server; return what it printed."""
    base = f"/user/{name}/api"
    kernel = room.api("POST", "/kernels", {"name": "python3"}, token=token, base=base)
    kernel_id = kernel["id"]  # type: ignore[index]
    try:
        # Playwright's sync API holds this thread's event loop: talk to the kernel in another.
        with ThreadPoolExecutor(1) as pool:
            return pool.submit(asyncio.run, asyncio.wait_for(
                _execute(room, f"{base}/kernels/{kernel_id}/channels", token, code),
                timeout=90)).result()
    finally:
        room.api("DELETE", f"/kernels/{kernel_id}", token=token, base=base)


async def _execute(room: Room, path: str, token: str, code: str) -> str:
    ws_url = room.url.replace("http://", "ws://") + path
    connection = await websocket_connect(HTTPRequest(
        ws_url, headers={"Authorization": f"token {token}"}))
    msg_id = uuid.uuid4().hex
    connection.write_message(json.dumps({
        "header": {"msg_id": msg_id, "msg_type": "execute_request", "username": "",
                   "session": uuid.uuid4().hex, "version": "5.3"},
        "parent_header": {}, "metadata": {}, "channel": "shell",
        "content": {"code": code, "silent": False, "store_history": False,
                    "user_expressions": {}, "allow_stdin": False}}))
    printed: list[str] = []
    while True:
        raw = await connection.read_message()
        assert raw is not None, "the kernel's connection closed"
        message = json.loads(raw)
        if message.get("parent_header", {}).get("msg_id") != msg_id:
            continue
        kind = message["header"]["msg_type"]
        if kind == "stream":
            printed.append(message["content"]["text"])
        elif kind == "error":
            printed.append("\n".join(message["content"]["traceback"]))
        elif kind == "status" and message["content"]["execution_state"] == "idle":
            connection.close()
            return "".join(printed)


SAVE_AND_HAND_IN = """
from workbook import paths
from workbook.journal.model import make_checkin
from workbook.journal.store import Journal
from workbook.journal.workshop import hand_in
journal = Journal()
journal.add_checkin(make_checkin("supporter", {{"fear": {fear}, "hope": 4, "shame": 6}}))
print("HANDED", hand_in(paths.handin_dir(), journal))
print("JOURNAL", paths.journal_path())
"""

TRY_TO_READ = """
import os
for path in {paths!r}:
    try:
        open(path, "rb").read()
        print("READ", path)
    except OSError as exc:
        print("REFUSED", path, type(exc).__name__)
try:
    print("LISTED", os.listdir({folder!r}))
except OSError as exc:
    print("NOT LISTED", type(exc).__name__)
"""


@dataclass
class _UserLab:
    """One account's JupyterLab behind the hub, as `open_notebook` wants a server."""

    room: Room
    name: str

    def notebook_url(self, notebook: str) -> str:
        return f"{self.room.url}/user/{self.name}/lab/tree/{notebook}"


def _log_in_and_run(room: Room, page, name: str, chapter: str) -> None:  # type: ignore[no-untyped-def]
    """Log in on the hub's own page as `name`, open `chapter` in their Lab and run it all."""
    page.goto(room.url + "/hub/login", timeout=60_000)
    page.fill("input[name=username]", name)
    page.fill("input[name=password]", PASSWORD)
    page.click("input[type=submit], button[type=submit]")
    page.wait_for_url(f"**/user/{name}/lab/**", timeout=120_000)
    open_notebook(page, _UserLab(room, name), chapter)  # type: ignore[arg-type]
    run_all_cells(page, chapter)


def _hand_in_in_browser(room: Room, chromium, name: str, shots: Path) -> None:  # type: ignore[no-untyped-def]
    page = new_page(chromium)
    try:
        _log_in_and_run(room, page, name, "03_readiness_check_in.ipynb")
        page.get_by_role("button", name=content.checkin().form.save_button).click()
        page.get_by_text(WORDS.button).first.wait_for(timeout=30_000)
        page.get_by_role("button", name=WORDS.button).click()
        page.get_by_text(WORDS.done).first.wait_for(timeout=30_000)
        page.screenshot(path=str(shots / f"hand-in-{name}.png"))
    finally:
        page.context.close()


def test_six_participants_hand_in_and_only_the_facilitator_reads_the_folder(
        room: Room, chromium, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    shots = REPO / "build" / "hub"
    shots.mkdir(parents=True, exist_ok=True)
    handin_mode = room.handin.stat()
    assert stat.S_IMODE(handin_mode.st_mode) == 0o3733
    assert pwd.getpwuid(handin_mode.st_uid).pw_name == f"{PREFIX}-fac"

    # Two in Chromium, through the hub's login page and chapter 3's button.
    for name in (f"{PREFIX}-1", f"{PREFIX}-2"):
        _hand_in_in_browser(room, chromium, name, shots)
    # Four through the hub's API, in their own kernels.
    printed: dict[str, str] = {}
    tokens: dict[str, str] = {}
    for number in range(3, 7):
        name = f"{PREFIX}-{number}"
        tokens[name] = _start_server(room, name)
        printed[name] = run_in_kernel(room, name, tokens[name],
                                      SAVE_AND_HAND_IN.format(fear=number))
        assert "Error" not in printed[name] and "HANDED /" in printed[name], printed[name]

    handed = sorted(room.handin.iterdir())
    assert len(handed) == 6
    for path in handed:
        info = path.stat()
        assert stat.S_IMODE(info.st_mode) == 0o640
        assert grp.getgrgid(info.st_gid).gr_name == f"{PREFIX}-fac"
    home_modes = {name: stat.S_IMODE(Path(pwd.getpwnam(name).pw_dir).stat().st_mode)
                  for name in printed}
    assert set(home_modes.values()) == {0o700}

    # A (odt-3) tries to read B's (odt-4) journal and hand-in, and to list the folder.
    a, b = f"{PREFIX}-3", f"{PREFIX}-4"
    b_journal = printed[b].split("JOURNAL", 1)[1].split()[0]
    b_handin = printed[b].split("HANDED", 1)[1].split()[0]
    assert Path(b_journal).is_file() and Path(b_handin).is_file()
    seen = run_in_kernel(room, a, tokens[a], TRY_TO_READ.format(
        paths=[b_journal, b_handin], folder=str(room.handin)))
    assert f"REFUSED {b_journal} PermissionError" in seen, seen
    assert f"REFUSED {b_handin} PermissionError" in seen, seen
    assert "NOT LISTED PermissionError" in seen, seen
    assert "READ " not in seen and "LISTED [" not in seen

    # A seventh participant drops a file that is not a share file.
    seventh = f"{PREFIX}-7"
    token = _start_server(room, seventh)
    dropped = run_in_kernel(room, seventh, token, (
        "import os\n"
        f"path = os.path.join({str(room.handin)!r}, 'my-notes.txt')\n"
        "open(path, 'w').write('not a share file')\n"
        # Readable by the facilitator's group, as a hand-in is: refused for what it is.
        "os.chmod(path, 0o640)\n"
        "print('DROPPED', path)\n"))
    assert "Error" not in dropped and "DROPPED /" in dropped, dropped

    # The facilitator opens chapter 8 in Chromium: the group view reads the folder.
    facilitator = f"{PREFIX}-fac"
    page = new_page(chromium, height=1400)
    try:
        _log_in_and_run(room, page, facilitator, "08_facilitator_guide.ipynb")
        report = content.facilitator().group_report
        people = page.get_by_text(report.people.format(count=6))
        people.first.wait_for(timeout=30_000)
        refused = content.messages().share_file.not_json.format(source="my-notes.txt")
        page.get_by_text(refused).first.wait_for(timeout=10_000)
        page.get_by_text(WORDS.folder_read.format(count=7)).first.wait_for(timeout=10_000)
        # The group view's cell (an element shot scrolls it into view).
        people.first.locator("xpath=ancestor::div[contains(@class, 'jp-Cell')][1]").screenshot(
            path=str(shots / "group-view.png"))
    finally:
        page.context.close()
