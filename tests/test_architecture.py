"""The package's rooms and the one direction their imports run (docs/architecture.md)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import workbook

PACKAGE = Path(workbook.__file__).parent

# Lowest first: a module may import its own room and the rooms before it, never after.
ROOMS = ("base", "content", "rules", "journal", "html", "charts", "publish", "views", "api")
BASE_MODULES = {"paths", "errors", "files", "regular_files", "surface"}
API_MODULES = {"__init__", "__main__", "cli"}
# Only the views draw widgets; pages, charts and the command line never load them.
WIDGET_LIBRARIES = {"ipywidgets", "IPython"}


def room_of(module: str) -> str:
    """The room of a dotted module name inside the package ("journal.store" -> "journal")."""
    head = module.split(".")[0]
    if head in BASE_MODULES:
        return "base"
    if head in API_MODULES or module == "":
        return "api"
    assert head in ROOMS, f"workbook.{module} is in no room; add it to docs/architecture.md"
    return head


def modules() -> list[tuple[str, Path]]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
        if parts[-1] == "__init__" and len(parts) > 1:
            parts = parts[:-1]
        found.append((".".join(parts), path))
    return found


def imports_of(module: str, path: Path) -> list[tuple[str, int]]:
    """Every module ``module`` imports (dotted, absolute), with its line; lazy ones too."""
    is_package = path.name == "__init__.py"
    package = module if is_package else module.rpartition(".")[0]
    if module == "__init__":
        package = ""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                found.append((node.module or "", node.lineno))
                continue
            base = package.split(".") if package else []
            base = base[: len(base) - (node.level - 1)]
            target = ".".join([*base, node.module]) if node.module else ".".join(base)
            if node.module is None:  # from . import a, b: each name is a module
                found += [(f"workbook.{target}.{a.name}".replace("..", ".").strip("."),
                           node.lineno) for a in node.names]
            else:
                found.append((f"workbook.{target}".rstrip("."), node.lineno))
    return found


ALL_MODULES = modules()


@pytest.mark.parametrize(("module", "path"), ALL_MODULES, ids=[m for m, _ in ALL_MODULES])
def test_imports_run_one_way(module: str, path: Path) -> None:
    own = room_of(module)
    for imported, line in imports_of(module, path):
        if imported == "workbook" or not imported.startswith("workbook."):
            continue
        target = imported.removeprefix("workbook.")
        other = room_of(target)
        assert ROOMS.index(other) <= ROOMS.index(own), (
            f"{path.relative_to(PACKAGE.parent)}:{line} imports workbook.{target}: "
            f"the {own} room may not import the {other} room (see docs/architecture.md)"
        )


@pytest.mark.parametrize(("module", "path"), ALL_MODULES, ids=[m for m, _ in ALL_MODULES])
def test_only_views_load_widgets(module: str, path: Path) -> None:
    if room_of(module) == "views":
        return
    for imported, line in imports_of(module, path):
        assert imported.split(".")[0] not in WIDGET_LIBRARIES, (
            f"{path.relative_to(PACKAGE.parent)}:{line} imports {imported}; only views may"
        )


def test_the_command_line_never_imports_a_view() -> None:
    for imported, line in imports_of("cli", PACKAGE / "cli.py"):
        assert not imported.startswith("workbook.views"), f"cli.py:{line} imports {imported}"


def test_every_room_is_a_folder_with_a_docstring() -> None:
    for room in ROOMS:
        if room in {"base", "api"}:
            continue
        init = PACKAGE / room / "__init__.py"
        assert init.is_file(), f"workbook/{room}/ is missing"
        assert ast.get_docstring(ast.parse(init.read_text())), f"{init} needs a docstring"


def test_the_checker_sees_an_upward_import(tmp_path: Path) -> None:
    bad = tmp_path / "store.py"
    bad.write_text("from ..views.checkin import CheckInSession\nimport ipywidgets\n")
    found = dict(imports_of("journal.store", bad))
    assert "workbook.views.checkin" in found and "ipywidgets" in found
    assert ROOMS.index(room_of("views.checkin")) > ROOMS.index(room_of("journal.store"))


def test_the_public_names_are_listed_once_and_typed_where_they_live() -> None:
    """``_EXPORTS`` is the one list; the TYPE_CHECKING imports must name the same places."""
    tree = ast.parse((PACKAGE / "__init__.py").read_text())
    typed: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING":
            for statement in node.body:
                assert isinstance(statement, ast.ImportFrom)
                for alias in statement.names:
                    typed[alias.name] = statement.module or ""
    assert typed == workbook._EXPORTS
    assert workbook.__all__ == sorted(workbook._EXPORTS)
