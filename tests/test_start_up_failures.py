"""When `workbook lab` or `workbook app` cannot start, it says why in one line and how
to fix it, and stops with an error status: never a traceback, never a server left
behind. Each case runs the real command in its own process."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from servers import CLI, cli_environment

from workbook import content, paths

pytestmark = pytest.mark.slow

COMMANDS = ["app", "lab"]


def run_workbook(args: list[str], tmp: Path, *, cwd: Path | None = None,
                 ) -> subprocess.CompletedProcess[str]:
    """``workbook ARGS`` as a user runs it (``--no-browser``: nothing to open here)."""
    return subprocess.run([sys.executable, "-c", CLI, *args, "--no-browser"],
                          env=cli_environment(tmp), cwd=cwd or tmp, capture_output=True,
                          text=True, timeout=120, check=False)


def one_clear_line(result: subprocess.CompletedProcess[str]) -> str:
    """The one line the command printed, checked to be all it said and no traceback."""
    assert result.returncode != 0, result
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.mark.parametrize("command", COMMANDS)
def test_a_taken_port_is_one_line_saying_how_to_choose_another(command: str,
                                                               tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_workbook([command, f"--port={port}"], tmp_path)
    assert one_clear_line(result) == "workbook: " + content.messages().servers.port_taken.format(
        port=port, next=port + 1)


def workbook_without_chapters(tmp: Path) -> Path:
    """A copy of the package and its content with no chapter anywhere: what an install
    that lost its notebooks looks like. Python run in the folder imports this copy."""
    where = tmp / "installed"
    shutil.copytree(paths.PACKAGE_DIR, where / "workbook",
                    ignore=shutil.ignore_patterns("*.ipynb", "__pycache__"))
    for folder in (paths.CONTENT_DIR, paths.SAMPLE_DIR):
        shutil.copytree(folder, where / "data" / folder.name)
    return where


@pytest.mark.parametrize("command", COMMANDS)
def test_missing_chapters_are_one_line_naming_the_folder(command: str, tmp_path: Path) -> None:
    installed = workbook_without_chapters(tmp_path)
    result = run_workbook([command], tmp_path, cwd=installed)
    line = one_clear_line(result)
    before_folder = content.messages().servers.no_notebooks.split("{folder}")[0]
    assert line.startswith("workbook: " + before_folder), line
    # The folder it names is the copy's, so the reader knows where it looked.
    assert str(installed) in line
