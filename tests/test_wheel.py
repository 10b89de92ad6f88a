"""The workbook installed from its wheel, as a reader without the repository gets it.

The wheel is built from this checkout (``pip wheel``; hatchling comes from the test
extras, so the build downloads nothing). A fresh venv is made in a temporary folder
outside the repository, and the wheel is installed there with its dependencies from
the configured package index, by this environment's pip (``pip --python``, so the
venv needs no pip of its own) with ``--no-compile`` (Python writes the bytecode on
first import anyway; compiling some hundred packages up front doubles the time).
Every command then runs from that venv, in a home folder of its own, with no
``WORKBOOK_*`` variable set, so the default folders are the ones in use.

Checked: the wheel carries each chapter exactly as ``notebooks/`` has it;
``workbook export`` builds the site; ``workbook lab`` opens the first chapter (in
Chromium) from the reader's working copy; after an upgrade, ``workbook app``
serves the new chapters, keeps a chapter the reader edited beside the new one and
leaves the entries as they were. Nothing is ever written into site-packages (bar
the bytecode caches Python itself writes).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from browser import free_port, new_page, screenshot
from servers import workbook_server

from workbook import content, paths
from workbook.publish import working_copy

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parent.parent
# What a wheel is built from (hatch_build.py copies notebooks/ in).
SOURCES = ("pyproject.toml", "README.md", "LICENSE", "hatch_build.py", "workbook",
           "data/content", "data/sample", "notebooks")
INSTALL_TIMEOUT = 600
# Variables of this test run that would point the installed workbook somewhere else.
UNSET = (paths.DATA_DIR_ENV, paths.CHAPTERS_DIR_ENV, "PYTHONPATH", "PYTHONHOME",
         "VIRTUAL_ENV", "JUPYTER_PATH", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME")
NEW_CELL = "A sentence that only the upgraded chapters have."
READER_NOTE = "A note the reader wrote into the chapter."


@dataclass
class Installed:
    root: Path  # the temporary folder everything lives in, outside the repository
    venv: Path
    site_packages: Path
    home: Path

    @property
    def workbook(self) -> str:
        return str(self.venv / "bin" / "workbook")

    @property
    def data_folder(self) -> Path:
        return self.home / ".local" / "share" / paths.APP_NAME

    @property
    def chapters_folder(self) -> Path:
        return self.home / ".local" / "share" / paths.CHAPTERS_APP_NAME

    def env_changes(self) -> dict[str, str | None]:
        """For ``workbook_server``: a reader's environment with this venv first on PATH."""
        return {**dict.fromkeys(UNSET), "HOME": str(self.home),
                "PATH": f"{self.venv / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}"}

    def env(self) -> dict[str, str]:
        base = {k: v for k, v in os.environ.items() if k not in UNSET}
        changes = self.env_changes()
        return {**base, **{k: v for k, v in changes.items() if v is not None},
                "JUPYTER_CONFIG_DIR": str(self.root / "jupyter-config"),
                "JUPYTER_RUNTIME_DIR": str(self.root / "jupyter-runtime")}

    def run(self, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        return subprocess.run([self.workbook, *args], cwd=self.home, env=self.env(),
                              capture_output=True, text=True, timeout=timeout, check=False)


def _pip(*args: str) -> None:
    # Quiet unless it fails: the index configuration here warns about every package.
    result = subprocess.run([sys.executable, "-m", "pip", "--quiet", *args],
                            capture_output=True, text=True, timeout=INSTALL_TIMEOUT, check=False)
    assert result.returncode == 0, f"pip {' '.join(args)} failed:\n{result.stderr}"


def build_wheel(source: Path, out: Path) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    _pip("wheel", "--no-deps", "--no-build-isolation", "--wheel-dir", str(out), str(source))
    (wheel,) = out.glob("*.whl")
    return wheel


def pip_install(venv: Path, wheel: Path, *, deps: bool = True) -> None:
    _pip("--python", str(venv / "bin" / "python"), "install", "--no-compile",
         *([] if deps else ["--no-deps"]), str(wheel))


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file under ``folder`` (bytecode caches left out) with its size and mtime."""
    found = {}
    for path in folder.rglob("*"):
        if "__pycache__" in path.parts or not path.is_file():
            continue
        info = path.stat()
        found[path.relative_to(folder).as_posix()] = (info.st_size, info.st_mtime_ns)
    return found


def written_chapters() -> list[str]:
    return [c.file for c in content.chapters() if not c.planned]


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Installed]:
    root = tmp_path_factory.mktemp("installed")
    assert REPO not in root.resolve().parents
    started = time.perf_counter()
    wheel = build_wheel(REPO, root / "dist")
    built = time.perf_counter()
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    pip_install(venv, wheel)
    (site_packages,) = (venv / "lib").glob("python3*/site-packages")
    home = root / "home"
    home.mkdir(mode=0o700)
    print(f"wheel built in {built - started:.1f} s, venv made and installed in "
          f"{time.perf_counter() - built:.1f} s")
    yield Installed(root, venv, site_packages, home)


def test_the_wheel_carries_each_chapter_as_notebooks_has_it(installed: Installed) -> None:
    (wheel,) = (installed.root / "dist").glob("*.whl")
    prefix = "workbook/_chapters/"
    with zipfile.ZipFile(wheel) as archive:
        shipped = {name.removeprefix(prefix): archive.read(name)
                   for name in archive.namelist() if name.startswith(prefix)}
    assert sorted(shipped) == sorted(written_chapters())
    for name, data in shipped.items():
        assert data == (REPO / "notebooks" / name).read_bytes(), name
        assert (installed.site_packages / prefix / name).read_bytes() == data


def test_workbook_export_works_from_the_installed_package(installed: Installed) -> None:
    before = snapshot(installed.site_packages)
    out = installed.root / "site"
    result = installed.run("export", "--out", str(out))
    assert result.returncode == 0, result.stderr
    pages = {p.name for p in out.glob("*.html")}
    assert pages == {"index.html", *(Path(f).with_suffix(".html").name
                                     for f in written_chapters())}
    first = (out / Path(paths.FIRST_NOTEBOOK.name).with_suffix(".html").name).read_text()
    assert content.crisis_resources().danger_now in first
    assert snapshot(installed.site_packages) == before
    # The export reads the package's own chapters; it makes no working copy.
    assert not installed.chapters_folder.exists()


@pytest.mark.browser
def test_workbook_lab_opens_the_first_chapter_from_the_readers_copy(
    installed: Installed, chromium: Browser
) -> None:
    before = snapshot(installed.site_packages)
    with workbook_server(["lab", f"--port={free_port()}"], installed.root / "lab",
                         program=[installed.workbook], env=installed.env_changes()) as server:
        assert server.opened_path.startswith(f"/lab/tree/{paths.FIRST_NOTEBOOK.name}?")
        folder = installed.chapters_folder
        assert str(folder) in server.log()
        assert folder.stat().st_mode & 0o777 == 0o700
        for name in written_chapters():
            assert (folder / name).read_bytes() == (REPO / "notebooks" / name).read_bytes()
        reply = server.request(f"/api/contents/{paths.FIRST_NOTEBOOK.name}", token=True)
        assert reply.status == 200
        assert json.loads(reply.body)["content"]["metadata"]["open_door"] == {"chapter": True}

        page = new_page(chromium)
        try:
            page.goto(server.opened, timeout=120_000)
            # The box's element can be there a moment before its words (a slow machine).
            danger_now = content.crisis_resources().danger_now
            box = page.locator(".jp-MarkdownOutput .workbook-safety", has_text=danger_now)
            box.first.wait_for(state="visible", timeout=120_000)
            print(f"screenshot: {screenshot(page, 'wheel-lab-00')}")
        finally:
            page.context.close()
    assert snapshot(installed.site_packages) == before


def _upgrade_wheel(installed: Installed) -> Path:
    """A wheel of the next version, whose chapters 00, 01 and 02 have one more cell."""
    source = installed.root / "upgrade-source"
    for name in SOURCES:
        origin = REPO / name
        if origin.is_dir():
            shutil.copytree(origin, source / name, ignore=shutil.ignore_patterns(
                "__pycache__", ".ipynb_checkpoints"))
        else:
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(origin, source / name)
    project = source / "pyproject.toml"
    version = working_copy._version()
    text = project.read_text()
    assert f'version = "{version}"' in text
    project.write_text(text.replace(f'version = "{version}"', f'version = "{version}.post1"'))
    for name in written_chapters()[:3]:
        _add_cell(source / "notebooks" / name, NEW_CELL)
    return build_wheel(source, installed.root / "dist-upgrade")


def _add_cell(notebook: Path, text: str) -> None:
    data = json.loads(notebook.read_text())
    cell = {"cell_type": "markdown", "metadata": {}, "source": [text]}
    if any("id" in c for c in data["cells"]):
        cell["id"] = f"added-{len(data['cells'])}"
    data["cells"].append(cell)
    notebook.write_text(json.dumps(data, indent=1) + "\n")


def _run_and_save(notebook: Path) -> None:
    """What running a chapter and saving it does: outputs and counts, no new words."""
    data = json.loads(notebook.read_text())
    for number, cell in enumerate(c for c in data["cells"] if c["cell_type"] == "code"):
        cell["execution_count"] = number + 1
        cell["outputs"] = [{"output_type": "stream", "name": "stdout", "text": ["ran\n"]}]
    data["metadata"]["language_info"] = {"name": "python", "version": "3.11"}
    notebook.write_text(json.dumps(data, indent=2))


def _entries(installed: Installed) -> str:
    result = installed.run("data", "export", "--format", "json")
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_an_upgrade_refreshes_the_chapters_and_keeps_entries_and_edits(
    installed: Installed
) -> None:
    # The reader's copy as `workbook lab` or `app` makes it (the test above may have).
    made = subprocess.run(
        [str(installed.venv / "bin" / "python"), "-c",
         "from workbook.publish.working_copy import refresh; print(refresh().folder)"],
        env=installed.env(), cwd=installed.home, capture_output=True, text=True, check=True)
    folder = installed.chapters_folder
    assert made.stdout.strip() == str(folder)
    imported = installed.run("data", "import", str(REPO / "data" / "sample" / "journey.json"))
    assert imported.returncode == 0, imported.stderr
    entries = _entries(installed)
    assert json.loads(entries)["checkins"]
    first, edited, ran = written_chapters()[:3]
    _add_cell(folder / edited, READER_NOTE)
    _run_and_save(folder / ran)

    # The next version needs the same dependencies, already installed: only ours changes.
    started = time.perf_counter()
    pip_install(installed.venv, _upgrade_wheel(installed), deps=False)
    print(f"upgrade built and installed in {time.perf_counter() - started:.1f} s")
    data_before = snapshot(installed.data_folder)
    with workbook_server(["app", f"--port={free_port()}"], installed.root / "app",
                         program=[installed.workbook], env=installed.env_changes()) as server:
        # The chapters were refreshed before the server started; no page has run yet.
        assert snapshot(installed.data_folder) == data_before
        for name in (first, edited, ran):
            assert NEW_CELL in (folder / name).read_text(), name
        kept = folder / f"{Path(edited).stem}{working_copy.EDITED_SUFFIX}.ipynb"
        assert READER_NOTE in kept.read_text() and NEW_CELL not in kept.read_text()
        assert sorted(p.name for p in folder.glob("*.ipynb")) == sorted(
            [*written_chapters(), kept.name])
        say = content.messages().servers
        assert say.kept_edits.format(chapter=edited, copy=kept.name) in server.log()

        page = server.request(f"/voila/render/{first}", token=True)
        assert page.status == 200, server.log()
        body = page.body.decode()
        assert NEW_CELL in body and content.crisis_resources().danger_now in body
        # Our Voilà template (its page policy), found in the installed package.
        assert 'http-equiv="Content-Security-Policy"' in body
        assert "Traceback" not in server.log()
    assert _entries(installed) == entries
