"""The reader's working copy of an installed package's chapters.

A wheel carries the chapters read-only inside the package (``paths.NOTEBOOKS_DIR``,
in site-packages, where nothing may be written). Before JupyterLab or the app starts,
:func:`refresh` copies them into the user's chapters folder (``paths.chapters_dir()``)
and brings that copy up to date after an upgrade:

* a chapter that is missing is copied;
* a chapter the reader has not edited is replaced by the package's new version;
* a chapter the reader edited is left as it is until the package brings a new
  version of it; then the reader's copy is kept beside the new version as
  ``<name>-your-edits.ipynb`` (``-your-edits-2`` and so on if that name is taken),
  and the command says so in one line.

"Edited" means a cell's text or kind differs from the version that was copied:
running a chapter and saving it changes outputs, execution counts and metadata,
which are not the reader's words. What was copied is recorded in ``MANIFEST`` in
that folder. Nothing here reads or writes the data folder, so entries are never
touched. In a clone the chapters are opened where they are and nothing is copied.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from .. import files, paths

MANIFEST = ".open-door-chapters.json"
EDITED_SUFFIX = "-your-edits"
DISTRIBUTION = "open-door-workbook"


@dataclass(frozen=True)
class Refreshed:
    """What :func:`refresh` did to the working copy in ``folder``."""

    folder: Path
    copied: tuple[str, ...] = ()  # chapters written: new, or a newer version
    kept: tuple[tuple[str, str], ...] = ()  # (chapter, the reader's edited copy's name)


def fingerprint(path: Path) -> str | None:
    """A hash of the cells' kinds and text: what a reader edits. ``None`` if unreadable."""
    try:
        cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
        words = [(cell.get("cell_type"), _text(cell.get("source", ""))) for cell in cells]
    except (OSError, UnicodeDecodeError, ValueError, AttributeError):
        return None
    return hashlib.sha256(json.dumps(words).encode()).hexdigest()


def _text(source: Any) -> str:
    # nbformat allows a cell's source as one string or a list of lines; JupyterLab
    # may save either.
    return "".join(source) if isinstance(source, list) else str(source)


def _version() -> str:
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return "unknown"


def _read_manifest(folder: Path) -> dict[str, str]:
    try:
        recorded = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))["chapters"]
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    return {k: v for k, v in recorded.items() if isinstance(k, str) and isinstance(v, str)}


def _free_name(folder: Path, stem: str) -> Path:
    candidate = folder / f"{stem}{EDITED_SUFFIX}.ipynb"
    number = 2
    while os.path.lexists(candidate):
        candidate = folder / f"{stem}{EDITED_SUFFIX}-{number}.ipynb"
        number += 1
    return candidate


def _copy(source: Path, target: Path) -> None:
    # Written whole and renamed into place: JupyterLab never reads half a chapter.
    files.write_file(target, source.read_bytes(), overwrite=True)


def refresh(source: Path | None = None, folder: Path | None = None) -> Refreshed:
    """Bring the working copy in ``folder`` up to date with the chapters in ``source``.

    Defaults: the package's chapters and ``paths.chapters_dir()``. In a clone (the
    chapters are opened in place) nothing is done. A new folder is made private
    (0700): a reader may write their own words into a chapter.
    """
    if source is None and folder is None and not paths.chapters_installed():
        return Refreshed(paths.chapters_dir())
    source = source or paths.NOTEBOOKS_DIR
    folder = folder or paths.chapters_dir()
    if not folder.is_dir():
        paths.ensure_private_dir(folder)
    recorded = _read_manifest(folder)
    copied: list[str] = []
    kept: list[tuple[str, str]] = []
    shipped: dict[str, str] = {}
    for chapter in sorted(source.glob("*.ipynb")):
        name = chapter.name
        new = fingerprint(chapter)
        if new is None:
            continue
        shipped[name] = new
        target = folder / name
        if not os.path.lexists(target):
            _copy(chapter, target)
            copied.append(name)
            continue
        have = fingerprint(target)
        if have == new:
            continue  # current already (perhaps run and saved since)
        if recorded.get(name) == new:
            continue  # the same version as last time, which the reader has edited
        if have is not None and have == recorded.get(name):
            _copy(chapter, target)  # an older version the reader never edited
            copied.append(name)
            continue
        # The reader's own words (or a file we did not write): keep them beside it.
        edited = _free_name(folder, chapter.stem)
        os.replace(target, edited)
        _copy(chapter, target)
        copied.append(name)
        kept.append((name, edited.name))
    for name, old in recorded.items():
        # A chapter a newer package no longer ships goes, unless the reader edited it.
        if name not in shipped and fingerprint(folder / name) == old:
            with contextlib.suppress(OSError):
                (folder / name).unlink()
    if shipped != recorded or copied:
        files.write_file(folder / MANIFEST, json.dumps(
            {"package_version": _version(), "chapters": shipped}, indent=1) + "\n",
            overwrite=True)
    return Refreshed(folder, tuple(copied), tuple(kept))
