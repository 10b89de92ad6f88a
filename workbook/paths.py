"""Every path the workbook uses, resolved in one place.

Personal data lives in one folder per user, outside the git tree:
``WORKBOOK_DATA_DIR`` if set, otherwise the platform's user-data folder
(for example ``~/.local/share/open-door`` on Linux). Content and sample data
come from the repository's ``data/`` folder, or from the copy a wheel carries.

The chapters come from the repository's ``notebooks/`` in a clone, where JupyterLab
and the app open them in place. A wheel carries a read-only copy (``_chapters/``,
put there by ``hatch_build.py``); JupyterLab and the app open a working copy of it
in the user's own chapters folder (:func:`chapters_dir`), beside the data folder
and never inside it, so the entries folder holds entries only.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import platformdirs

from .errors import DataFolderError

APP_NAME = "open-door"
DATA_DIR_ENV = "WORKBOOK_DATA_DIR"
# The working copy of an installed package's chapters: a sibling of the data folder
# in the platform's user-data folder (``~/.local/share/open-door-chapters`` on Linux).
CHAPTERS_APP_NAME = "open-door-chapters"
CHAPTERS_DIR_ENV = "WORKBOOK_CHAPTERS_DIR"
JOURNAL_FILENAME = "journal.sqlite3"
# A facilitator's drop folder on a hub (deploy/jupyterhub/): participants add share files
# to it and cannot list or read it (mode 3733); unset, no hand-in button is shown.
HANDIN_DIR_ENV = "WORKBOOK_HANDIN_DIR"
# Inside the data folder: temporary copies of the journal (an export of "mine"), so
# they are as private as the journal and `workbook data delete` finds them.
SCRATCH_DIRNAME = "tmp"

PACKAGE_DIR = Path(__file__).resolve().parent
# In a clone (or an editable install) the repository sits one level up.
REPO_DIR = PACKAGE_DIR.parent


def _first_existing(*candidates: Path) -> Path:
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    return candidates[-1]


CONTENT_DIR = _first_existing(PACKAGE_DIR / "_content", REPO_DIR / "data" / "content")
SAMPLE_DIR = _first_existing(PACKAGE_DIR / "_sample", REPO_DIR / "data" / "sample")
SAMPLE_JOURNEY = SAMPLE_DIR / "journey.json"
# The chapters as this copy of the workbook has them: the wheel's read-only copy, or
# the repository's notebooks/ (a clone, an editable install, an unpacked archive).
SHIPPED_CHAPTERS_DIR = PACKAGE_DIR / "_chapters"
NOTEBOOKS_DIR = _first_existing(SHIPPED_CHAPTERS_DIR, REPO_DIR / "notebooks")
# Files the published pages ship (widget renderer, reveal.js, fonts), and the Voila
# template folder put first on JUPYTER_PATH for the app.
STATIC_DIR = PACKAGE_DIR / "publish" / "static"
VOILA_SHARE_DIR = PACKAGE_DIR / "publish" / "share"
# The Jinja2 templates and the stylesheet of the pages the workbook writes itself.
TEMPLATES_DIR = PACKAGE_DIR / "publish" / "templates"
FIRST_NOTEBOOK = NOTEBOOKS_DIR / "00_start_here.ipynb"


def _example_folder() -> Path:
    # The folder the messages suggest when WORKBOOK_DATA_DIR needs another value.
    return Path.home() / "open-door-data"


def _is_clone() -> bool:
    return (REPO_DIR / ".git").exists() and (REPO_DIR / "pyproject.toml").is_file()


def chapters_installed() -> bool:
    """Whether the chapters are an installed package's (opened from a working copy)."""
    return NOTEBOOKS_DIR == SHIPPED_CHAPTERS_DIR


def chapters_dir() -> Path:
    """The folder JupyterLab and the app open the chapters from.

    In a clone, the repository's ``notebooks/``. Installed from a wheel, the user's
    working copy: ``WORKBOOK_CHAPTERS_DIR`` if set (a full path), otherwise
    ``open-door-chapters`` in the platform's user-data folder. It is not inside the
    data folder, so deleting or copying the entries never takes a chapter along.
    ``workbook.publish.working_copy`` fills and refreshes it. Read on every call.
    """
    if not chapters_installed():
        return NOTEBOOKS_DIR
    override = os.environ.get(CHAPTERS_DIR_ENV, "").strip()
    if not override:
        return Path(platformdirs.user_data_dir(CHAPTERS_APP_NAME, appauthor=False)).resolve()
    given = Path(override).expanduser()
    if not given.is_absolute():
        raise DataFolderError.about("chapters_not_full_path", variable=CHAPTERS_DIR_ENV,
                                    given=override, example=Path.home() / CHAPTERS_APP_NAME)
    folder = given.resolve()
    if folder.exists() and not folder.is_dir():
        raise DataFolderError.about("set_to_a_file", variable=CHAPTERS_DIR_ENV, folder=folder)
    return folder


def data_dir() -> Path:
    """The folder that holds this user's personal entries.

    Read on every call, so a test or a kernel that sets ``WORKBOOK_DATA_DIR``
    is honoured at once. Raises :class:`DataFolderError` for a value every
    program would read differently (a relative path: the command, JupyterLab's
    kernels and the app each start in another folder), a folder inside the
    repository (git would see the entries), or a path that is a file.
    """
    override = os.environ.get(DATA_DIR_ENV, "").strip()
    if not override:
        return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)).resolve()
    given = Path(override).expanduser()
    if not given.is_absolute():
        raise DataFolderError.about("not_full_path", variable=DATA_DIR_ENV, given=override,
                                    example=_example_folder())
    folder = given.resolve()
    if _is_clone() and (folder == REPO_DIR or REPO_DIR in folder.parents):
        raise DataFolderError.about("inside_repository", variable=DATA_DIR_ENV, folder=folder,
                                    repository=REPO_DIR, example=_example_folder())
    if folder.exists() and not folder.is_dir():
        raise DataFolderError.about("set_to_a_file", variable=DATA_DIR_ENV, folder=folder)
    return folder


def handin_dir() -> Path | None:
    """The drop folder for hand-ins (``WORKBOOK_HANDIN_DIR``), or None where there is none.

    Only a full path counts: a relative one would mean a different folder for each program.
    Read on every call.
    """
    given = os.environ.get(HANDIN_DIR_ENV, "").strip()
    if not given or not Path(given).is_absolute():
        return None
    return Path(given)


def journal_path() -> Path:
    """The SQLite file that holds check-ins, reflections and settings."""
    return data_dir() / JOURNAL_FILENAME


def exports_dir() -> Path:
    """Where copies saved from the notebooks go (inside the private data folder)."""
    return data_dir() / "exports"


def scratch_dir() -> Path:
    """Where temporary copies of the journal go (not created here)."""
    return data_dir() / SCRATCH_DIRNAME


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) so that only the owner can enter it.

    A folder that already exists is never changed: one that others may read or
    enter, or that another user owns, raises :class:`DataFolderError` saying how
    to fix it. So does a folder that cannot be created.
    """
    try:
        path.mkdir(parents=True, mode=0o700)
    except FileExistsError:
        pass
    except OSError as exc:
        raise DataFolderError.about("could_not_create", folder=path, problem=exc.strerror,
                                    variable=DATA_DIR_ENV) from None
    else:
        # mkdir's mode is filtered by the umask; this folder is ours, so set it.
        os.chmod(path, 0o700)
        return path
    try:
        info = path.stat()
    except OSError as exc:
        raise DataFolderError.about("could_not_open", folder=path,
                                    problem=exc.strerror) from None
    if not stat.S_ISDIR(info.st_mode):
        raise DataFolderError.about("is_a_file", folder=path, variable=DATA_DIR_ENV)
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        raise DataFolderError.about("another_owner", folder=path, variable=DATA_DIR_ENV)
    if stat.S_IMODE(info.st_mode) & 0o077:
        raise DataFolderError.about("shared", folder=path, variable=DATA_DIR_ENV)
    return path
