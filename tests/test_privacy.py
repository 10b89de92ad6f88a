"""The workbook makes no network calls and keeps entries in the private folder."""

from __future__ import annotations

import ast
import socket
from pathlib import Path

import pytest

import workbook
from workbook import content, gui, paths
from workbook.perspective import save_perspective
from workbook.store import Journal
from workbook.transfer import export_csv, export_json, import_file

NETWORK_MODULES = {"socket", "urllib", "http", "requests", "httpx", "aiohttp", "ftplib",
                   "smtplib", "webbrowser", "urllib3"}


def test_the_package_imports_no_network_module() -> None:
    for source in sorted(Path(workbook.__file__).parent.glob("*.py")):
        tree = ast.parse(source.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            for name in names:
                assert name.split(".")[0] not in NETWORK_MODULES, f"{source.name} imports {name}"


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
    for render in (gui.safety_box_html, gui.privacy_notice_html, gui.contents_html,
                   gui.not_a_substitute_html):
        render()
    chooser = gui.choose_perspective()
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
