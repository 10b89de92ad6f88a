"""Starting JupyterLab or the Voilà app on the workbook: for this computer's owner only,
with nothing that reaches the network.

Both run as a Jupyter server on 127.0.0.1 that asks for a fresh random token on
every request (pages, the API and kernel connections alike), refuses Host headers
other than this computer's own names (so a web page that rebinds its domain to
127.0.0.1 gets nothing) and refuses kernel connections from pages of other sites.
The server makes the token itself and opens the browser with it through a file
only its owner can read; it is never on the command line, which other users can read.
"""

from __future__ import annotations

import errno
import os
import socket
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from .. import paths

# JupyterLab fetches a news feed, checks PyPI for updates and lists extensions
# from PyPI unless told not to. The workbook promises no network calls.
NO_NETWORK_OPTIONS = (
    "--LabApp.news_url=None",
    "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    "--LabApp.extension_manager=readonly",
)

# Given on the command line so that no Jupyter config file can loosen them.
OWNER_ONLY_OPTIONS = (
    "--ServerApp.ip=127.0.0.1",
    # Only loopback addresses and "localhost" are accepted as the Host header.
    "--ServerApp.allow_remote_access=False",
    "--ServerApp.local_hostnames=localhost",
    # Kernel connections and API calls only from pages of this server.
    "--ServerApp.allow_origin=",
    "--ServerApp.disable_check_xsrf=False",
)

# Where jupyter_server takes a token from before making its own.
TOKEN_VARIABLES = ("JUPYTER_TOKEN", "JUPYTER_TOKEN_FILE")
LAB_PORT = 8888
APP_PORT = 8866


def server_environment(base: Mapping[str, str]) -> dict[str, str]:
    """``base`` without a preset token, so the server makes a fresh random one.

    A token left in the environment (a container's fixed one, say) could be known
    to others. The server's own token is 48 random hex digits; it prints the
    address with it in this terminal and opens the browser with it.
    """
    return {k: v for k, v in base.items() if k not in TOKEN_VARIABLES}


def port_taken(port: int) -> bool:
    """Whether something on this computer already listens on ``port`` (127.0.0.1)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        # The server binds the same way; a port left in TIME_WAIT is still usable.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError as exc:
            return exc.errno == errno.EADDRINUSE
    return False


def _port_options(port: int | None, default: int) -> list[str]:
    # A port the user chose is used or the server stops; the default may move on
    # to the next free one.
    if port is None:
        return [f"--ServerApp.port={default}"]
    return [f"--ServerApp.port={port}", "--ServerApp.port_retries=0"]


def _root_options() -> list[str]:
    # Containers often run as root; Jupyter refuses that unless told.
    return ["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []


def _with_extra(options: Sequence[str], extra: Sequence[str]) -> list[str]:
    """``options``, then ``extra``; an ``--Name=value`` in ``extra`` replaces ours.

    Jupyter refuses an option given twice; what the user passes on wins.
    """
    given = {o.split("=", 1)[0] for o in extra if o.startswith("--") and "=" in o}
    return [o for o in options if o.split("=", 1)[0] not in given] + list(extra)


# Notebook metadata that marks a workbook chapter ({"open_door": {"chapter": true}}),
# written by workbook/publish/chapter_cells.py. A copy of a chapter keeps it.
CHAPTER_MARK = "open_door"


def is_chapter(notebook: dict[str, Any]) -> bool:
    """Whether a notebook's content (as JSON) is one of the workbook's chapters."""
    metadata = notebook.get("metadata")
    mark = metadata.get(CHAPTER_MARK) if isinstance(metadata, dict) else None
    return isinstance(mark, dict) and mark.get("chapter") is True


def strip_outputs_before_save(model: dict[str, Any], **_kwargs: Any) -> None:
    """Jupyter pre-save hook: save chapters without outputs or widget state.

    Outputs and widget state can hold personal entries (a reflection's text, a
    name). The journal is their only home, so a saved chapter carries none. The
    hook is installed for every server in this environment, so it leaves the
    user's other notebooks as they are: only notebooks marked as chapters change.
    """
    if model.get("type") != "notebook" or not isinstance(model.get("content"), dict):
        return
    notebook = model["content"]
    if not is_chapter(notebook):
        return
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
    notebook.get("metadata", {}).pop("widgets", None)


def lab_command(
    notebook: Path | None = None,
    *,
    notebooks_dir: Path | None = None,
    port: int | None = None,
    extra: Sequence[str] = (),
) -> list[str]:
    """The command that opens JupyterLab on ``notebook`` (the first chapter by default).

    Run it with :func:`server_environment`.
    """
    root = notebooks_dir or paths.chapters_dir()
    first = notebook or root / paths.FIRST_NOTEBOOK.name
    return [sys.executable, "-m", "jupyterlab", *_with_extra([
        f"--ServerApp.root_dir={root}",
        f"--LabApp.default_url=/lab/tree/{first.relative_to(root).as_posix()}",
        *OWNER_ONLY_OPTIONS,
        *_port_options(port, LAB_PORT),
        *NO_NETWORK_OPTIONS,
        # Outputs can hold what the reader typed; never write them into the notebooks.
        "--ContentsManager.pre_save_hook=workbook.publish.launch.strip_outputs_before_save",
        *_root_options(),
    ], extra)]


# Our Voilà template (lab, plus a policy that keeps the pages from loading anything
# from outside the local server) lives in the package; Voilà finds it on JUPYTER_PATH.
VOILA_TEMPLATE = "open-door"
SHARE_DIR = paths.VOILA_SHARE_DIR
# The app is Voilà inside a Jupyter server, so it gets the server's token, Host
# and origin checks (Voilà on its own has none). Only Voilà and the workbook's own
# pages around it (the contents page, the chapter links: app_pages.py) are loaded:
# no JupyterLab, no terminals.
APP_EXTENSIONS = ("voila", "workbook.publish.app_pages")
OTHER_SERVER_EXTENSIONS = ("jupyterlab", "jupyter_lsp", "jupyter_server_terminals",
                           "notebook_shim")


# A chapter opens in about a second instead of ten (benchmarks/bench_app.py): kernels
# are started and the workbook imported before a page asks (kernel_pool.py), and the
# chapter still runs when the page is opened, so it shows the journal as last saved.
APP_SPEED_OPTIONS = (
    "--ServerApp.kernel_manager_class=workbook.publish.kernel_pool.WarmKernelManager",
)


def app_command(
    *, notebooks_dir: Path | None = None, port: int | None = None, extra: Sequence[str] = ()
) -> list[str]:
    """The command that serves the chapters with Voilà: widgets work, no code is shown.

    Run it with :func:`app_environment`, which tells Voilà where our template is.
    """
    return [sys.executable, "-m", "jupyter_server", *_with_extra([
        f"--ServerApp.root_dir={notebooks_dir or paths.chapters_dir()}",
        # The contents page (app_pages.py); each chapter opens as a page with its own kernel.
        "--ServerApp.default_url=/voila/tree",
        # A bare Jupyter server does not open the browser unless told (--no-browser undoes it).
        "--ServerApp.open_browser=True",
        *(f"--ServerApp.jpserver_extensions={name}=True" for name in APP_EXTENSIONS),
        *(f"--ServerApp.jpserver_extensions={name}=False" for name in OTHER_SERVER_EXTENSIONS),
        "--ServerApp.terminals_enabled=False",
        *OWNER_ONLY_OPTIONS,
        *_port_options(port, APP_PORT),
        f"--VoilaConfiguration.template={VOILA_TEMPLATE}",
        "--VoilaConfiguration.strip_sources=True",
        # Voilà hands out the images in the chapters' folder at /voila/files/ without
        # the token or the Host check. The chapters draw their charts inline: serve none.
        "--VoilaConfiguration.file_allowlist=[]",
        *APP_SPEED_OPTIONS,
        *_root_options(),
    ], extra)]


# The workbook's Jupyter settings, installed with the package (see pyproject.toml's
# shared-data, which must list the same files) so that plain `jupyter lab`, Binder or
# a hub get them too: where each file of ``JUPYTER_SETTINGS_DIR`` goes under sys.prefix.
JUPYTER_SETTINGS_DIR = Path(__file__).resolve().parent / "jupyter"
JUPYTER_SETTINGS_FILES = {
    # Not jupyter_server_config.d/: the server reads only jpserver_extensions from there.
    "jupyter_server_config.json": "etc/jupyter/jupyter_server_config.json",
    "overrides.json": "share/jupyter/lab/settings/overrides.json",
}
VOILA_TEMPLATE_TARGET = f"share/jupyter/voila/templates/{VOILA_TEMPLATE}"


def install_jupyter_settings(prefix: Path | None = None) -> list[Path]:
    """Copy the workbook's Jupyter settings and Voilà template under ``prefix``.

    A wheel puts them there itself; an editable install (``make setup``, Binder's
    postBuild) calls this. Jupyter reads one file of each name per folder: ours are
    merged into any already there, section by section. Returns the files written.
    """
    import json
    import shutil

    root = Path(sys.prefix if prefix is None else prefix)
    written = []
    for name, target in JUPYTER_SETTINGS_FILES.items():
        path = root / target
        path.parent.mkdir(parents=True, exist_ok=True)
        ours = json.loads((JUPYTER_SETTINGS_DIR / name).read_text(encoding="utf-8"))
        if path.is_file():
            merged = json.loads(path.read_text(encoding="utf-8"))
            for section, values in ours.items():
                merged.setdefault(section, {}).update(values)
            ours = merged
        path.write_text(json.dumps(ours, indent=2) + "\n", encoding="utf-8")
        written.append(path)
    template = root / VOILA_TEMPLATE_TARGET
    shutil.copytree(SHARE_DIR / "voila" / "templates" / VOILA_TEMPLATE, template,
                    dirs_exist_ok=True)
    written.extend(sorted(p for p in template.rglob("*") if p.is_file()))
    return written


def app_environment(base: Mapping[str, str]) -> dict[str, str]:
    """:func:`server_environment` with our Voilà template folder first on JUPYTER_PATH."""
    env = server_environment(base)
    env["JUPYTER_PATH"] = os.pathsep.join(p for p in (str(SHARE_DIR), env.get("JUPYTER_PATH"))
                                          if p)
    return env
