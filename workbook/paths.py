"""Every path the workbook uses, resolved in one place.

Personal data lives in one folder per user, outside the git tree:
``WORKBOOK_DATA_DIR`` if set, otherwise the platform's user-data folder
(for example ``~/.local/share/open-door`` on Linux). Content and sample data
come from the repository's ``data/`` folder, or from the copy a wheel carries.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "open-door"
DATA_DIR_ENV = "WORKBOOK_DATA_DIR"
JOURNAL_FILENAME = "journal.sqlite3"

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
NOTEBOOKS_DIR = REPO_DIR / "notebooks"
FIRST_NOTEBOOK = NOTEBOOKS_DIR / "00_start_here.ipynb"


def data_dir() -> Path:
    """The folder that holds this user's personal entries.

    Read on every call, so a test or a kernel that sets ``WORKBOOK_DATA_DIR``
    is honoured at once.
    """
    override = os.environ.get(DATA_DIR_ENV, "").strip()
    if override:
        return Path(override).expanduser().resolve()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)).resolve()


def journal_path() -> Path:
    """The SQLite file that holds check-ins, reflections and settings."""
    return data_dir() / JOURNAL_FILENAME


def exports_dir() -> Path:
    """Where copies saved from the notebooks go (inside the private data folder)."""
    return data_dir() / "exports"


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) so that only the owner can enter it."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    # mkdir's mode is filtered by the umask and ignored for existing folders.
    os.chmod(path, 0o700)
    return path
