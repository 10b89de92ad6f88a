"""The workbook makes no network calls and keeps entries in the private folder."""

from __future__ import annotations

import ast
import re
import socket
from pathlib import Path

import pytest

import workbook
from workbook import content, paths
from workbook.html import notices as html_notices
from workbook.journal.perspective import save_perspective
from workbook.journal.store import Journal
from workbook.journal.transfer import export_csv, export_json, import_file
from workbook.views import forms as forms
from workbook.views import notices as notices
from workbook.views import start as start

NETWORK_MODULES = {"socket", "urllib", "http", "requests", "httpx", "aiohttp", "ftplib",
                   "smtplib", "webbrowser", "urllib3"}


# The launcher may open a socket for one thing: to see whether a loopback port is free
# before it starts a local server there, so a taken port is one clear line.
LOOPBACK_PORT_CHECK = {"launch.py": "socket"}


def test_the_package_imports_no_network_module() -> None:
    package = Path(workbook.__file__).parent
    for source in sorted(package.rglob("*.py")):
        tree = ast.parse(source.read_text())
        allowed = LOOPBACK_PORT_CHECK.get(source.name)
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            for name in names:
                if name == allowed:
                    continue
                assert name.split(".")[0] not in NETWORK_MODULES, f"{source.name} imports {name}"


def test_the_launchers_socket_only_binds_a_loopback_address() -> None:
    for name in LOOPBACK_PORT_CHECK:
        source = next(Path(workbook.__file__).parent.rglob(name)).read_text()
        calls = re.findall(r"\.(bind|connect|connect_ex|sendto|create_connection)\(([^)]*)", source)
        assert calls, f"{name} no longer uses a socket; drop it from LOOPBACK_PORT_CHECK"
        for method, args in calls:
            assert method == "bind" and "127.0.0.1" in args, f"{name}: {method}({args})"


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    attempts: list[str] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(repr(args))
        raise OSError("network use is not allowed in the workbook")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return attempts


def test_the_network_guard_catches_a_connection(no_network: list[str]) -> None:
    with pytest.raises(OSError, match="not allowed"):
        socket.create_connection(("127.0.0.1", 9))
    assert len(no_network) == 1


def test_everyday_use_makes_no_network_call(no_network: list[str], data_dir: Path,
                                            tmp_path: Path) -> None:
    content.clear_cache()
    content.load_all()
    for render in (html_notices.safety_box_html, html_notices.privacy_notice_html,
                   html_notices.contents_html, html_notices.not_a_substitute_html):
        render()
    chooser = start.choose_perspective()
    chooser.choice.value = "supporter"
    chooser.save.click()
    save_perspective("self")
    import_file(Journal(), paths.SAMPLE_JOURNEY)
    (tmp_path / "copy.json").write_text(export_json(Journal()))
    export_csv(Journal())
    assert no_network == []


def test_entries_are_written_only_inside_the_data_folder(data_dir: Path, tmp_path: Path) -> None:
    before = {p for p in tmp_path.rglob("*") if p.is_file()}
    import_file(Journal(), paths.SAMPLE_JOURNEY)
    save_perspective("supporter", "Sam")
    created = {p for p in tmp_path.rglob("*") if p.is_file()} - before
    assert created and all(data_dir in p.parents for p in created)
