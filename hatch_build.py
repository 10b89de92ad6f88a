"""Wheel build hook: the chapters ship inside the package as ``workbook/_chapters/``.

The repository's ``notebooks/`` stays the only copy anyone edits; this copies it into
the wheel at build time. Only the notebooks marked as workbook chapters (metadata
``{"open_door": {"chapter": true}}``, written by ``workbook/publish/chapter_cells.py``)
are taken, so a stray notebook, a checkpoint folder or a journal file left in
``notebooks/`` never ends up in a wheel (hatch's force-include would take them all).
An editable install reads ``notebooks/`` itself and gets no copy.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

CHAPTERS_IN_WHEEL = "workbook/_chapters"


def is_chapter(path: Path) -> bool:
    metadata = json.loads(path.read_text(encoding="utf-8")).get("metadata", {})
    mark = metadata.get("open_door") if isinstance(metadata, dict) else None
    return isinstance(mark, dict) and mark.get("chapter") is True


class ChaptersHook(BuildHookInterface):  # type: ignore[type-arg]
    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        for notebook in sorted(Path(self.root, "notebooks").glob("*.ipynb")):
            if is_chapter(notebook):
                build_data["force_include"][str(notebook)] = (
                    f"{CHAPTERS_IN_WHEEL}/{notebook.name}")
