"""Starting JupyterLab or the Voilà app on the workbook, with nothing that reaches the network."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from . import paths

# JupyterLab fetches a news feed, checks PyPI for updates and lists extensions
# from PyPI unless told not to. The workbook promises no network calls.
NO_NETWORK_OPTIONS = (
    "--LabApp.news_url=None",
    "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    "--LabApp.extension_manager=readonly",
)


def strip_outputs_before_save(model: dict[str, Any], **_kwargs: Any) -> None:
    """JupyterLab pre-save hook: save chapters without outputs or widget state.

    Outputs and widget state can hold personal entries (a reflection's text, a
    name). The journal is their only home, so a saved notebook carries none.
    """
    if model.get("type") != "notebook" or not isinstance(model.get("content"), dict):
        return
    notebook = model["content"]
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
    notebook.get("metadata", {}).pop("widgets", None)


def lab_command(
    notebook: Path | None = None,
    *,
    notebooks_dir: Path | None = None,
    extra: Sequence[str] = (),
) -> list[str]:
    """The command that opens JupyterLab on ``notebook`` (the first chapter by default)."""
    root = notebooks_dir or paths.NOTEBOOKS_DIR
    first = notebook or root / paths.FIRST_NOTEBOOK.name
    return [
        sys.executable, "-m", "jupyterlab",
        f"--ServerApp.root_dir={root}",
        f"--LabApp.default_url=/lab/tree/{first.relative_to(root).as_posix()}",
        "--ServerApp.ip=127.0.0.1",
        *NO_NETWORK_OPTIONS,
        # Outputs can hold what the reader typed; never write them into the notebooks.
        "--ContentsManager.pre_save_hook=workbook.lab.strip_outputs_before_save",
        # Containers often run as root; JupyterLab refuses that unless told.
        *(["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []),
        *extra,
    ]


# Our Voilà template (lab, plus a policy that keeps the page from loading anything
# from outside the local server) lives in the package; Voilà finds it on JUPYTER_PATH.
VOILA_TEMPLATE = "open-door"
SHARE_DIR = paths.PACKAGE_DIR / "share"


def app_command(*, notebooks_dir: Path | None = None, extra: Sequence[str] = ()) -> list[str]:
    """The command that serves the chapters with Voilà: widgets work, no code is shown."""
    return [
        sys.executable, "-m", "voila", str(notebooks_dir or paths.NOTEBOOKS_DIR),
        f"--template={VOILA_TEMPLATE}",
        "--Voila.ip=127.0.0.1",
        "--strip_sources=True",
        *extra,
    ]


def app_environment(base: Mapping[str, str]) -> dict[str, str]:
    """``base`` with our Voilà template folder first on JUPYTER_PATH."""
    env = dict(base)
    env["JUPYTER_PATH"] = os.pathsep.join(p for p in (str(SHARE_DIR), env.get("JUPYTER_PATH"))
                                          if p)
    return env
