"""The workbook's Jupyter settings apply wherever Jupyter starts, not only in `workbook lab`.

Plain `jupyter lab` and `jupyter server` are started on a copy of the chapters with
none of the workbook's options (user settings in an empty temporary folder), so all
they get is what the package installed under ``sys.prefix``: news and update checks
off, kernels shut down with their tab, outputs stripped from chapters (and only from
chapters) before save, and Voilà pages with the workbook's page policy.
"""

from __future__ import annotations

import json
import sys
import tomllib
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from browser import LabServer, lab_server

from workbook import content, paths
from workbook.publish import launch

pytestmark = pytest.mark.slow

INSTALL_HINT = "run `make setup` (it calls workbook.publish.launch.install_jupyter_settings)"


def _get(server: LabServer, path: str, timeout: float = 60) -> Any:
    with urllib.request.urlopen(f"{server.url}{path}", timeout=timeout) as response:
        body = response.read().decode("utf-8")
    return json.loads(body) if "json" in response.headers.get("Content-Type", "") else body


def _setting(server: LabServer, plugin: str, key: str) -> Any:
    """A setting as the page sees it: the user's value, else the default with overrides."""
    answer = _get(server, f"/lab/api/settings/{plugin}")
    return answer["settings"].get(key, answer["schema"]["properties"][key].get("default"))


def _put_notebook(server: LabServer, name: str, notebook: dict[str, Any]) -> None:
    body = json.dumps({"type": "notebook", "format": "json", "content": notebook}).encode()
    request = urllib.request.Request(f"{server.url}/api/contents/{name}", data=body,
                                     method="PUT", headers={"Content-Type": "application/json"})
    urllib.request.urlopen(request, timeout=60).close()


def _with_output(notebook: dict[str, Any]) -> dict[str, Any]:
    cell = next(c for c in notebook["cells"] if c["cell_type"] == "code")
    cell["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "Sam drinks\n"}]
    cell["execution_count"] = 1
    notebook["metadata"]["widgets"] = {"state": {"secret": "my reflection"}}
    return notebook


def test_the_package_ships_the_settings_files_it_installs() -> None:
    shared = tomllib.loads((paths.REPO_DIR / "pyproject.toml").read_text())["tool"]["hatch"][
        "build"]["targets"]["wheel"]["shared-data"]
    settings_dir = launch.JUPYTER_SETTINGS_DIR.relative_to(paths.REPO_DIR).as_posix()
    expected = {f"{settings_dir}/{name}": target
                for name, target in launch.JUPYTER_SETTINGS_FILES.items()}
    template = (launch.SHARE_DIR / "voila" / "templates" / launch.VOILA_TEMPLATE)
    expected[template.relative_to(paths.REPO_DIR).as_posix()] = launch.VOILA_TEMPLATE_TARGET
    assert shared == expected
    for name, target in launch.JUPYTER_SETTINGS_FILES.items():
        installed = Path(sys.prefix) / target
        assert installed.is_file(), f"{installed} is missing: {INSTALL_HINT}"
        ours = json.loads((launch.JUPYTER_SETTINGS_DIR / name).read_text())
        there = json.loads(installed.read_text())
        assert all(there.get(k) == v for k, v in ours.items()), f"{installed}: {INSTALL_HINT}"


def test_installing_keeps_other_packages_lab_overrides(tmp_path: Path) -> None:
    overrides = tmp_path / launch.JUPYTER_SETTINGS_FILES["overrides.json"]
    overrides.parent.mkdir(parents=True)
    overrides.write_text(json.dumps({"@jupyterlab/apputils-extension:themes": {"theme": "Dark"},
                                     "@jupyterlab/notebook-extension:tracker": {"a": 1}}))
    launch.install_jupyter_settings(tmp_path)
    merged = json.loads(overrides.read_text())
    assert merged["@jupyterlab/apputils-extension:themes"] == {"theme": "Dark"}
    assert merged["@jupyterlab/notebook-extension:tracker"] == {"a": 1, "kernelShutdown": True}
    assert (tmp_path / launch.VOILA_TEMPLATE_TARGET / "page-policy.html").is_file()


def test_plain_jupyter_lab_gets_the_workbooks_settings() -> None:
    with lab_server(settings={}, plain="jupyterlab") as lab:
        notification = "@jupyterlab/apputils-extension:notification"
        assert _setting(lab, notification, "fetchNews") == "false"
        assert _setting(lab, notification, "checkForUpdates") is False
        assert _setting(lab, "@jupyterlab/notebook-extension:tracker", "kernelShutdown") is True
        # Lab's "Render with Voilà" opens this page: the workbook's policy, no CDN.
        page = _get(lab, f"/voila/render/{paths.FIRST_NOTEBOOK.name}", timeout=180)
        assert "Content-Security-Policy" in page and "default-src 'self'" in page
        assert "cdn.jsdelivr.net/npm/mathjax" not in page.split("Content-Security-Policy")[0]
        # The line on starting the chapter in JupyterLab is hidden in the app.
        assert ".celltag_remove-cell { display: none !important; }" in page
        assert "celltag_remove-cell" in page.split("</head>", 1)[1]
        # The workbook's server extension is loaded too: the chapter links are there,
        # and Voilà's folder page is the workbook's contents page.
        assert 'class="od-app-nav od-app-nav-top"' in page
        tree = _get(lab, "/voila/tree")
        assert f"<title>{content.interface().site.title}</title>" in tree
        assert "Select items" not in tree
        assert f'href="/voila/render/{paths.FIRST_NOTEBOOK.name}"' in tree
        # Any other folder keeps Voila's own list, still under the workbook's page policy.
        (lab.root_dir / "other-folder").mkdir()
        other = _get(lab, "/voila/tree/other-folder")
        assert 'id="voila-tree-main"' in other and "default-src 'self'" in other


@pytest.mark.parametrize("app", ["jupyterlab", "jupyter_server"])
def test_plain_jupyter_strips_outputs_from_chapters_only(app: str) -> None:
    with lab_server(settings={}, plain=app) as server:
        chapter = json.loads((server.root_dir / paths.FIRST_NOTEBOOK.name).read_text())
        _put_notebook(server, paths.FIRST_NOTEBOOK.name, _with_output(chapter))
        saved = json.loads((server.root_dir / paths.FIRST_NOTEBOOK.name).read_text())
        assert all(c.get("outputs", []) == [] for c in saved["cells"])
        assert "widgets" not in saved["metadata"]
        # The user's own notebook in the same folder keeps what they ran.
        theirs = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
            {"cell_type": "code", "id": "a1", "metadata": {}, "source": "print(1)",
             "outputs": [], "execution_count": None}]}
        _put_notebook(server, "mine.ipynb", _with_output(theirs))
        kept = json.loads((server.root_dir / "mine.ipynb").read_text())
        assert "".join(kept["cells"][0]["outputs"][0]["text"]) == "Sam drinks\n"
        assert kept["metadata"]["widgets"] == {"state": {"secret": "my reflection"}}
