"""Project-wide rules: one list of dependencies, stripped notebooks, thin cells,
chapters that match their notebooks, and the README's two commands."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

from workbook import content, paths
from workbook.publish import chapter_cells, launch

REPO = paths.REPO_DIR
NOTEBOOKS = sorted(paths.NOTEBOOKS_DIR.glob("*.ipynb"))


def _normalise(requirement: str) -> str:
    return re.sub(r"\s+", "", requirement).lower()


def test_environment_yml_names_the_same_dependencies_as_pyproject() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    wanted = {_normalise(r) for r in project["dependencies"]}
    wanted |= {_normalise(r) for r in project["optional-dependencies"]["test"]}
    environment = yaml.safe_load((REPO / "environment.yml").read_text())
    pip_sections = [d["pip"] for d in environment["dependencies"] if isinstance(d, dict)]
    assert len(pip_sections) == 1, "environment.yml needs exactly one pip: section"
    listed = {_normalise(r) for r in pip_sections[0]}
    assert listed == wanted, (
        f"only in pyproject.toml: {sorted(wanted - listed)}; "
        f"only in environment.yml: {sorted(listed - wanted)}"
    )
    conda_names = {d.split(">")[0].split("=")[0] for d in environment["dependencies"]
                   if isinstance(d, str)}
    # repo2docker cannot reach conda channels here: keep conda to python and pip.
    assert conda_names == {"python", "pip"}


def test_readme_first_screen_gives_the_two_commands() -> None:
    first_screen = "\n".join((REPO / "README.md").read_text().splitlines()[:25])
    assert "make lab" in first_screen
    assert "make test" in first_screen
    makefile = (REPO / "Makefile").read_text()
    assert re.search(r"^lab:", makefile, re.M) and re.search(r"^test:", makefile, re.M)


def _readme_safety_note() -> str:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    match = re.search(r"^> \*\*This workbook is education.*?(?=\n\n)", readme, re.M | re.S)
    assert match, "README.md has lost its safety note"
    return re.sub(r"\s*\n>\s*", " ", match.group(0))


def test_readme_safety_note_gives_only_numbers_the_crisis_box_has() -> None:
    # The README is read before anything is installed, so its short list of numbers is
    # a copy of crisis.yaml: every country it names must be in the crisis box, and every
    # number it gives must be one of that country's numbers there.
    note = _readme_safety_note()
    crisis = content.crisis_resources()
    numbers = {region.name: {re.sub(r"\D", "", part)
                             for service in region.services
                             for part in service.contact.split(" or ")}
               for region in crisis.regions}
    named = [name for name in numbers if name in note]
    assert set(named) == set(numbers), f"countries missing from README: {set(numbers) - set(named)}"
    # Each clause names its countries, then their numbers: "Ireland 112 or 999".
    for clause in re.split(r"[,;:()]", note):
        given = [re.sub(r"\D", "", n) for n in re.findall(r"\d[\d ]*\d", clause)]
        if not given:
            continue
        places = [name for name in numbers if name in clause]
        assert places, f"README gives {given} without naming a country: {clause!r}"
        for place in places:
            for digits in given:
                assert digits in numbers[place], f"README: {place} {digits} is not in crisis.yaml"


def test_the_quick_lane_is_documented_and_runs_the_fast_tests() -> None:
    developers = (REPO / "README.md").read_text().split("## For developers", 1)[1]
    assert "`make check`" in developers
    makefile = (REPO / "Makefile").read_text()
    check = re.search(r"^check:.*\n((?:\t.*\n)+)", makefile, re.M)
    assert check and 'pytest -m "not slow"' in check.group(1)


@pytest.mark.slow
def test_the_quick_lane_leaves_out_notebooks_and_browser_tests() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-m", "not slow",
         "-p", "no:cacheprovider", "notebooks/00_start_here.ipynb", "tests/test_browser.py",
         "tests/test_site.py::test_the_default_progress_goes_to_stderr"],
        cwd=REPO, capture_output=True, text=True, check=False)
    assert "deselected" in result.stdout, result.stdout + result.stderr
    assert "::" not in result.stdout, f"the quick lane kept:\n{result.stdout}"


def test_ci_runs_the_readme_test_command() -> None:
    ci = (REPO / ".ci" / "run").read_text()
    assert re.search(r"^make test$", ci, re.M)
    assert "apt-get install" in ci and "chromium" in ci


def test_gitignore_keeps_journal_files_out_of_git() -> None:
    candidates = ["journal.sqlite3", "notebooks/journal.sqlite3-journal",
                  "workbook-data/x.json", "data/personal/journal.sqlite3", "mine.db"]
    result = subprocess.run(["git", "check-ignore", "--no-index", *candidates], cwd=REPO,
                            capture_output=True, text=True, check=False)
    assert sorted(result.stdout.split()) == sorted(candidates)


def test_the_default_data_folder_is_outside_the_repository(monkeypatch) -> None:
    monkeypatch.delenv(paths.DATA_DIR_ENV, raising=False)
    folder = paths.data_dir()
    assert REPO not in folder.parents and folder != REPO


# --- notebooks ------------------------------------------------------------------


def test_there_are_notebooks() -> None:
    assert paths.FIRST_NOTEBOOK in NOTEBOOKS


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_stored_without_outputs_or_widget_state(notebook: Path) -> None:
    data = json.loads(notebook.read_text())
    assert "widgets" not in data["metadata"]
    for i, cell in enumerate(data["cells"]):
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [], f"cell {i} has outputs"
            assert cell["execution_count"] is None, f"cell {i} has an execution count"


ALLOWED_STATEMENTS = (ast.Expr, ast.Import, ast.ImportFrom)


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_code_cells_hold_only_calls_into_workbook(notebook: Path) -> None:
    """Cells read like a table of contents: no logic, loops or classes."""
    data = json.loads(notebook.read_text())
    for i, cell in enumerate(data["cells"]):
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"])
        tree = ast.parse(source)
        for node in tree.body:
            assert isinstance(node, ALLOWED_STATEMENTS), (
                f"cell {i}: {type(node).__name__} belongs in the workbook package"
            )
            if isinstance(node, ast.Import):
                assert [a.name for a in node.names] == ["workbook"], f"cell {i}"
            elif isinstance(node, ast.ImportFrom):
                assert node.module and node.module.split(".")[0] == "workbook", f"cell {i}"
            else:
                call = node.value
                assert isinstance(call, ast.Call), f"cell {i}: only calls, found {source!r}"
                target = ast.unparse(call.func)
                assert target.startswith("wb."), f"cell {i}: call {target} is not workbook's"
        for line in source.splitlines():
            assert len(line) <= 100, f"cell {i}: keep calls on one short line"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_every_notebook_reaches_crisis_resources_in_one_step(notebook: Path) -> None:
    data = json.loads(notebook.read_text())
    code_cells = ["".join(c["source"]) for c in data["cells"] if c["cell_type"] == "code"]
    assert code_cells, "a chapter needs at least its navigation"
    # The crisis box shows before anything runs: a markdown cell right after the title.
    second = data["cells"][1]
    assert second["cell_type"] == "markdown", "the crisis box follows the title"
    assert "".join(second["source"]) == chapter_cells.crisis_cell_source()
    assert "".join(data["cells"][2]["source"]) == chapter_cells.start_cell_source()
    assert "wb.navigation(" in code_cells[-1], "the last cell shows previous/next links"


def test_notebooks_generated_cells_match_the_content() -> None:
    """Crisis cell, collapsed code inputs and the chapter mark, as the content gives them."""
    stale = chapter_cells.stale_notebooks(NOTEBOOKS)
    assert not stale, (
        f"out of date: {', '.join(p.name for p in stale)}. "
        f"Run `{chapter_cells.REGENERATE}` and commit the notebooks."
    )


def test_a_crisis_line_edit_makes_the_notebooks_stale(monkeypatch) -> None:
    real = chapter_cells.crisis_cell_source()
    monkeypatch.setattr(chapter_cells, "crisis_cell_source", lambda: real.replace("988", "989"))
    assert chapter_cells.stale_notebooks(NOTEBOOKS) == NOTEBOOKS


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_code_inputs_are_collapsed_so_readers_see_prose_and_widgets(notebook: Path) -> None:
    data = json.loads(notebook.read_text())
    assert launch.is_chapter(data)
    for i, cell in enumerate(data["cells"]):
        if cell["cell_type"] == "code":
            assert cell["metadata"]["jupyter"]["source_hidden"] is True, f"cell {i}"


# --- chapters --------------------------------------------------------------------


def title_problem(notebook: Path, title: str) -> str | None:
    """What is wrong with a chapter notebook's title cell: it must read ``# <title>``,
    with the title from chapters.yaml (the one source of chapter titles)."""
    if not notebook.exists():
        return f"chapters.yaml lists {notebook.name}, which is missing"
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    markdown = "".join(cells[0]["source"]) if cells and cells[0]["cell_type"] == "markdown" \
        else ""
    first = (markdown.strip().splitlines() or [""])[0]
    if first != f"# {title}":
        return (f"{notebook.name}: the first cell must be the markdown title '# {title}' "
                f"(from chapters.yaml), not {first!r}")
    return None


def test_every_written_chapter_has_a_notebook_with_its_title() -> None:
    problems = []
    for chapter in content.chapters():
        if chapter.planned:
            if chapter.path.exists():
                problems.append(f"{chapter.file} exists: remove 'planned: true' from "
                                "chapters.yaml")
        elif (problem := title_problem(chapter.path, chapter.title)) is not None:
            problems.append(problem)
    assert not problems, "\n".join(problems)


def test_every_notebook_is_a_listed_chapter() -> None:
    listed = {c.file for c in content.chapters()}
    for notebook in NOTEBOOKS:
        assert notebook.name in listed, f"add {notebook.name} to data/content/chapters.yaml"
    numbers = [c.file.split("_")[0] for c in content.chapters()]
    assert numbers == sorted(numbers) and len(set(numbers)) == len(numbers)


@pytest.mark.parametrize("cells", [
    [],
    [{"cell_type": "markdown", "source": ["Hello"], "metadata": {}}],
    [{"cell_type": "code", "source": ["# Start here"], "metadata": {}, "outputs": []}],
    [{"cell_type": "markdown", "source": ["# Start there\n", "Hello"], "metadata": {}}],
])
def test_a_notebook_without_its_title_is_named(tmp_path: Path, cells: list[object]) -> None:
    notebook = tmp_path / "00_start_here.ipynb"
    notebook.write_text(json.dumps({"cells": cells}))
    problem = title_problem(notebook, "Start here")
    assert problem is not None and problem.startswith(
        "00_start_here.ipynb: the first cell must be the markdown title '# Start here'")
    assert title_problem(tmp_path / "missing.ipynb", "Start here") == (
        "chapters.yaml lists missing.ipynb, which is missing")


def test_every_public_name_resolves_and_every_notebook_call_is_public() -> None:
    import workbook

    assert set(workbook.__all__) == set(workbook._EXPORTS)
    for name in workbook.__all__:
        assert getattr(workbook, name) is not None, name
    for notebook in NOTEBOOKS:
        for cell in json.loads(notebook.read_text())["cells"]:
            if cell["cell_type"] != "code":
                continue
            for node in ast.walk(ast.parse("".join(cell["source"]))):
                if isinstance(node, ast.Attribute) and ast.unparse(node.value) == "wb":
                    assert node.attr in workbook.__all__, f"{notebook.name}: wb.{node.attr}"


def test_the_command_line_starts_without_loading_the_heavy_libraries() -> None:
    code = ("import sys, workbook.cli; "
            "print(sorted(m for m in ('pandas', 'matplotlib', 'ipywidgets') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "[]"


def test_the_licence_file_matches_the_licence_pyproject_declares() -> None:
    declared = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["license"]
    assert declared == "BSD-3-Clause"
    text = (REPO / "LICENSE").read_text()
    assert text.startswith("BSD 3-Clause License")
    assert "Neither the name of the copyright holder" in text  # the third clause
