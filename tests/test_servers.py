"""`workbook app` and `workbook lab` serve only the person who started them.

Each server is started through the CLI's ``main`` and the real Jupyter server,
Voilà and JupyterLab, then attacked the ways the issue describes: a page on
another site that rebinds its domain to 127.0.0.1 (wrong Host header, and a
WebSocket to a kernel), a page of another site using the owner's cookie, and
another local user (uid 65534) without the token.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import free_port
from servers import CLI, RunningServer, cli_environment, is_refusal, workbook_server

from workbook import cli, content, paths

pytestmark = pytest.mark.slow

CHAPTER = paths.FIRST_NOTEBOOK.name
EVIL = "evil.example"
NOBODY = 65534
# An image next to the chapters (a chart someone saved, say).
IMAGE = "my-chart.png"

# Routes that hand out the chapters, the journal (through a kernel) or files; the
# owner gets each of them.
ROUTES = {
    "app": [f"/voila/render/{CHAPTER}", "/voila/tree", "/voila/api/contents/",
            "/api/kernels", "/api/contents", "/api/sessions"],
    "lab": [f"/lab/tree/{CHAPTER}", "/api/kernels", "/api/contents",
            f"/api/contents/{CHAPTER}", "/api/sessions", "/files/" + CHAPTER,
            "/files/" + IMAGE],
}
# Routes no one needs, which only must not answer anyone else.
ROUTES_REFUSED_TO_OTHERS = {
    "app": [*ROUTES["app"], f"/voila/files/{IMAGE}"],
    "lab": ROUTES["lab"],
}


@pytest.fixture(scope="module", params=["app", "lab"])
def server(request: pytest.FixtureRequest,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    tmp = tmp_path_factory.mktemp(request.param)
    chapters = tmp / "notebooks"
    shutil.copytree(paths.NOTEBOOKS_DIR, chapters)
    (chapters / IMAGE).write_bytes(b"\x89PNG\r\n\x1a\n")
    # No --port: these must also run on a workbook whose --port option is broken.
    with workbook_server([request.param, f"--ServerApp.root_dir={chapters}"], tmp) as running:
        yield running


def _kernel(server: RunningServer) -> str:
    """The id of a running kernel, started the way the server's own pages start one."""
    if server.command == "app":
        page = server.request(f"/voila/render/{CHAPTER}", token=True)
        assert page.status == 200, page.status
        match = re.search(rb'"kernelId": "([0-9a-f-]+)"', page.body)
        assert match, "the chapter page names no kernel"
        return match.group(1).decode()
    reply = server.request("/api/kernels", method="POST", token=True)
    assert reply.status == 201, (reply.status, reply.body)
    return str(json.loads(reply.body)["id"])


def test_the_browser_opens_with_a_token_that_lets_the_owner_in(server: RunningServer) -> None:
    assert server.opened.startswith(f"http://127.0.0.1:{server.port}/")
    assert len(server.token) >= 32, f"the browser was sent to {server.opened}"
    first_page = {"app": "/voila/tree", "lab": f"/lab/tree/{CHAPTER}"}[server.command]
    assert server.opened.split("?")[0].endswith(first_page)
    for path in ROUTES[server.command]:
        reply = server.request(path, token=True)
        assert reply.status == 200, (path, reply.status)
        # "localhost" is this computer too.
        reply = server.request(path, token=True, host=f"localhost:{server.port}")
        assert reply.status == 200, (path, reply.status)


def test_without_the_token_every_route_is_refused(server: RunningServer) -> None:
    answered = {path: reply.status for path in ROUTES_REFUSED_TO_OTHERS[server.command]
                if not (reply := server.request(path)).refused}
    assert answered == {}, f"answered without the token: {answered}"


def test_a_rebinding_page_is_refused_even_with_the_token(server: RunningServer) -> None:
    # A page on evil.example whose name now points at 127.0.0.1: the browser sends
    # "Host: evil.example:PORT". Even if it knew the token, the server must refuse.
    answered = {path: reply.status for path in ROUTES_REFUSED_TO_OTHERS[server.command]
                if (reply := server.request(path, host=f"{EVIL}:{server.port}",
                                            token=True)).status != 403}
    assert answered == {}, f"answered a page on {EVIL}: {answered}"


def test_a_rebinding_page_cannot_connect_to_a_kernel(server: RunningServer) -> None:
    channels = f"/api/kernels/{_kernel(server)}/channels"
    own = server.websocket(channels, origin=server.origin, token=True)
    assert own.status == 101, f"the owner's own page was refused ({own.status})"
    rebound = server.websocket(channels, host=f"{EVIL}:{server.port}",
                               origin=f"http://{EVIL}:{server.port}", token=True)
    assert rebound.status == 403, f"a rebinding page reached the kernel ({rebound.status})"


def test_a_page_of_another_site_cannot_use_the_owners_cookie(server: RunningServer) -> None:
    # The owner has the app open, so the browser holds its login cookie; a page on
    # another site opens a WebSocket to 127.0.0.1 and the browser sends that cookie.
    cookie = server.login_cookie()
    channels = f"/api/kernels/{_kernel(server)}/channels"
    own = server.websocket(channels, origin=server.origin, cookie=cookie)
    assert own.status == 101, f"the owner's own page was refused ({own.status})"
    other = server.websocket(channels, origin=f"http://{EVIL}", cookie=cookie)
    assert other.status == 403, f"another site's page reached the kernel ({other.status})"
    nothing = server.websocket(channels, origin=server.origin)
    assert nothing.status == 403, f"a kernel answered without token or cookie ({nothing.status})"


# Run as uid 65534 ("nobody"): what another account on this computer can get.
AS_ANOTHER_USER = r"""
import http.client, json, os, sys
port, routes, server_pid = int(sys.argv[1]), json.loads(sys.argv[2]), sys.argv[3]
channels = sys.argv[4]
websocket = {"Upgrade": "websocket", "Connection": "Upgrade", "Sec-WebSocket-Version": "13",
             "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
             "Origin": f"http://127.0.0.1:{port}"}
answers = {}
for path, headers in [*((path, {}) for path in routes), (channels, websocket)]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    answers[path] = [response.status, response.getheader("Location", "")]
    connection.close()
commands = []
for pid in filter(str.isdigit, os.listdir("/proc")):
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            commands.append(f.read().decode("utf-8", "replace"))
    except OSError:
        pass
try:
    with open(f"/proc/{server_pid}/environ", "rb") as f:
        environ = f.read().decode("utf-8", "replace")
except OSError:
    environ = ""
print(json.dumps({"answers": answers, "commands": commands, "environ": environ}))
"""


def test_another_local_user_gets_nothing(server: RunningServer) -> None:
    if os.geteuid() != 0:
        pytest.skip("needs root to run a request as another user (CI runs as root)")
    result = subprocess.run(
        ["/usr/bin/python3", "-c", AS_ANOTHER_USER, str(server.port),
         json.dumps(ROUTES_REFUSED_TO_OTHERS[server.command]), str(server.process.pid),
         f"/api/kernels/{_kernel(server)}/channels"],
        user=NOBODY, group=NOBODY, extra_groups=[], cwd="/", capture_output=True,
        text=True, timeout=300, check=True)
    seen = json.loads(result.stdout)
    answered = {path: status for path, (status, location) in seen["answers"].items()
                if not is_refusal(status, location)}
    assert answered == {}, f"another user got answers (the last is a kernel): {answered}"
    # What other users can read of the running processes does not hold the token.
    assert not any(server.token in command for command in seen["commands"])
    assert server.token not in seen["environ"]


# --- options as the help says ---------------------------------------------------------


@pytest.mark.parametrize("command", ["app", "lab"])
def test_port_option_serves_on_that_port(command: str, tmp_path: Path) -> None:
    port = free_port()
    with workbook_server([command, f"--port={port}"], tmp_path) as running:
        assert running.port == port
        assert running.request(running.opened_path).status == 200


@pytest.mark.parametrize("command", ["app", "lab"])
def test_other_options_are_passed_on_to_the_server(command: str, tmp_path: Path) -> None:
    port = free_port()
    # One option of its own, one the workbook also sets (Jupyter refuses an option twice).
    with workbook_server([command, "--port", str(port), "--ServerApp.base_url=/door/",
                          "--ServerApp.port_retries=1"], tmp_path) as running:
        assert running.opened.startswith(f"http://127.0.0.1:{port}/door/")
        assert running.request(running.opened_path).status == 200


@pytest.mark.parametrize("command", ["app", "lab"])
def test_a_taken_port_is_one_clear_line(command: str,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert cli.main([command, "--no-browser", f"--port={port}"]) == 1
    assert capsys.readouterr().err == (
        "workbook: " + content.messages().servers.port_taken.format(port=port, next=port + 1)
        + "\n")


def test_cli_runs_as_the_workbook_script_does(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-c", CLI, "app", "--help"],
                            env=cli_environment(tmp_path), capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stderr
    assert "--port N" in result.stdout and "--no-browser" in result.stdout
    assert "passed on" in result.stdout
