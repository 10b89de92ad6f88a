"""The parts of every chapter notebook that come from content, not from an author.

A chapter opened in JupyterLab shows nothing from its code cells until they run, so
the crisis box (the same HTML as ``wb.safety_box()``, from ``crisis.yaml``) and
one line on how to start (from ``interface.yaml``) are markdown cells right after
the title. Code inputs are collapsed, so a reader sees prose and widgets. The
notebook is marked as a workbook chapter, which is how the pre-save hook knows which
notebooks to strip (see ``workbook/publish/launch.py``).

Where a chapter calls ``wb.how_to_use()``, JupyterLab's wording of it (from
``interface.yaml``'s ``surfaces``) is a markdown cell just above the call, so it shows
before anything runs; the call then shows the app's or the site's wording there.

Regenerate after editing the crisis lines or those words::

    python -m workbook.publish.chapter_cells          # rewrite the notebooks
    python -m workbook.publish.chapter_cells --check  # exit 1 if any is out of date
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .. import content, files, paths
from ..html.notices import safety_box_html
from ..html.style import escape
from .launch import CHAPTER_MARK

# Cell metadata that marks the generated cells. The start line is only for
# JupyterLab: the site drops cells tagged "remove-cell", the app's template hides them.
CRISIS_CELL_METADATA = {"open_door": {"generated": "crisis"}}
START_CELL_METADATA = {"open_door": {"generated": "start"}, "tags": ["remove-cell"]}
HOW_TO_CELL_METADATA = {"open_door": {"generated": "how_to_use"}, "tags": ["remove-cell"]}
HOW_TO_CALL = "wb.how_to_use()"
REGENERATE = "python -m workbook.publish.chapter_cells"


def crisis_cell_source() -> str:
    """Markdown for the top of a chapter: the crisis box."""
    return f"{safety_box_html()}\n"


def start_cell_source() -> str:
    """Markdown under the crisis box: how to start the chapter in JupyterLab."""
    return f"{escape(content.interface().notices.start_chapter)}\n"


def how_to_cell_source() -> str:
    """Markdown of "how to use" for JupyterLab: one point a line, its first words in bold."""
    points = content.interface().surfaces.how_to_use.lab
    return "".join(f"- **{escape(p.name)}** {escape(p.text)}\n" for p in points)


def _is_generated(cell: dict[str, Any]) -> bool:
    mark = cell.get("metadata", {}).get("open_door", {})
    return isinstance(mark, dict) and "generated" in mark


def with_generated_cells(notebook: dict[str, Any]) -> dict[str, Any]:
    """``notebook`` with the crisis cell after its title, code inputs collapsed, marked."""
    result = json.loads(json.dumps(notebook))
    cells = [c for c in result["cells"] if not _is_generated(c)]
    cells[1:1] = [
        {"cell_type": "markdown", "id": f"open-door-{name}", "metadata": metadata,
         "source": source.splitlines(keepends=True)}
        for name, metadata, source in (
            ("crisis", CRISIS_CELL_METADATA, crisis_cell_source()),
            ("start", START_CELL_METADATA, start_cell_source()),
        )
    ]
    for at in reversed(range(len(cells))):
        if cells[at]["cell_type"] == "code" and "".join(cells[at]["source"]).strip() == HOW_TO_CALL:
            cells.insert(at, {"cell_type": "markdown", "id": f"open-door-how-to-use-{at}",
                              "metadata": HOW_TO_CELL_METADATA,
                              "source": how_to_cell_source().splitlines(keepends=True)})
    for cell in cells:
        if cell["cell_type"] == "code":
            jupyter = cell.setdefault("metadata", {}).setdefault("jupyter", {})
            jupyter["source_hidden"] = True
    result["cells"] = cells
    result.setdefault("metadata", {})[CHAPTER_MARK] = {"chapter": True}
    return result


def _text(notebook: dict[str, Any]) -> str:
    # nbformat's own layout (indent 1, keys sorted), so a save from JupyterLab matches.
    return json.dumps(notebook, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def stale_notebooks(notebooks: Sequence[Path]) -> list[Path]:
    """The notebooks whose generated parts differ from what the content gives."""
    stale = []
    for path in notebooks:
        notebook = json.loads(path.read_text(encoding="utf-8"))
        if with_generated_cells(notebook) != notebook:
            stale.append(path)
    return stale


def update_notebooks(notebooks: Sequence[Path]) -> list[Path]:
    """Rewrite the stale ones among ``notebooks``; returns those it rewrote."""
    changed = stale_notebooks(notebooks)
    for path in changed:
        notebook = json.loads(path.read_text(encoding="utf-8"))
        files.write_file(path, _text(with_generated_cells(notebook)), overwrite=True)
    return changed


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    notebooks = sorted(paths.NOTEBOOKS_DIR.glob("*.ipynb"))
    if args == ["--check"]:
        stale = stale_notebooks(notebooks)
        for path in stale:
            print(f"{path.name}: generated cells are out of date; run `{REGENERATE}`")
        return 1 if stale else 0
    if args:
        print(f"usage: {REGENERATE} [--check]")
        return 1
    for path in update_notebooks(notebooks):
        print(f"updated {path.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
