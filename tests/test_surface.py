"""Where the workbook is shown (workbook/surface.py), and the words each surface gets.

The markdown of a chapter shows on every surface, so it names no key, menu or
terminal; what differs comes from content entries with one wording per surface.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from helpers import visible_text

from workbook import content, paths, surface
from workbook.content import SurfacePoints, SurfaceText
from workbook.content.schema import SchemaError, build
from workbook.journal.model import make_checkin
from workbook.journal.store import Journal
from workbook.publish import chapter_cells
from workbook.views import facilitator, start
from workbook.views import journal as journal_gui

# Words that name something only JupyterLab has: keys, menus, cells to run, a terminal.
LAB_ONLY = re.compile(r"shift|run menu|run all|kernel|terminal|workbook data|workbook workshop"
                      r"|run the cell|\bcells?\b", re.IGNORECASE)
ALL_VOILA_NAMES = ("SERVER_SOFTWARE", "SCRIPT_NAME", "QUERY_STRING", *surface.VOILA_VARIABLES)


@pytest.fixture
def shown_on(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Set the environment a kernel on ``surface`` would have."""

    def on(where: str) -> None:
        for name in (surface.SURFACE_ENV, *ALL_VOILA_NAMES):
            monkeypatch.delenv(name, raising=False)
        if where == "app":
            # What voila/handler.py puts into the environment of a page's kernel.
            monkeypatch.setenv("SERVER_SOFTWARE", "voila/0.5.13")
            monkeypatch.setenv("SCRIPT_NAME", "/voila/render/00_start_here.ipynb")
            monkeypatch.setenv("QUERY_STRING", "")
            monkeypatch.setenv("VOILA_PREHEAT", "False")
        elif where == "site":
            monkeypatch.setenv(surface.SURFACE_ENV, "site")

    return on


def test_a_kernel_with_nothing_special_is_jupyterlab() -> None:
    assert surface.current({}) == "lab"
    assert surface.current({"PATH": "/usr/bin", "JPY_SESSION_NAME": "x.ipynb"}) == "lab"


@pytest.mark.parametrize("environ", [
    {"SERVER_SOFTWARE": "voila/0.5.13", "SCRIPT_NAME": "/voila/render/a.ipynb",
     "QUERY_STRING": ""},
    # A pre-started ("preheated") kernel gets the request's variables later, over a socket.
    {"VOILA_PREHEAT": "True", "VOILA_BASE_URL": "/", "VOILA_SERVER_URL": "/"},
])
def test_voila_s_kernel_environment_means_the_app(environ: dict[str, str]) -> None:
    assert surface.current(environ) == "app"


def test_the_named_surface_wins_and_a_bad_name_is_ignored() -> None:
    assert surface.current({surface.SURFACE_ENV: "site", "SERVER_SOFTWARE": "voila/0.5"}) == "site"
    assert surface.current({surface.SURFACE_ENV: " App "}) == "app"
    assert surface.current({surface.SURFACE_ENV: "phone"}) == "lab"
    assert not surface.has_kernel("site") and surface.has_kernel("app")


def test_voila_still_sets_the_variables_the_detection_reads() -> None:
    # If a Voilà upgrade renamed them, the app would silently get JupyterLab's words.
    import voila.handler
    import voila.voila_kernel_manager

    handler = Path(voila.handler.__file__).read_text(encoding="utf-8")
    assert 'SERVER_SOFTWARE] = f"voila/' in handler
    source = handler + Path(voila.voila_kernel_manager.__file__).read_text(encoding="utf-8")
    for name in surface.VOILA_VARIABLES:
        assert f"ENV_VARIABLE.{name}]" in source, name


def test_every_surface_entry_needs_all_three_wordings() -> None:
    with pytest.raises(SchemaError, match="site: missing"):
        build(SurfaceText, {"lab": "a", "app": "b"})
    with pytest.raises(SchemaError, match="app: must list at least one point"):
        build(SurfacePoints, {"lab": [{"name": "a", "text": "b"}], "app": [], "site": [
            {"name": "a", "text": "b"}]})


def _surface_entries() -> list[SurfaceText | SurfacePoints]:
    words = content.interface().surfaces
    return [getattr(words, name) for name in words.__dataclass_fields__]


@pytest.mark.parametrize("where", ["app", "site"])
def test_app_and_site_words_name_no_key_menu_or_terminal(where: surface.Surface) -> None:
    for entry in _surface_entries():
        found = entry.on(where)
        text = found if isinstance(found, str) else " ".join(f"{p.name} {p.text}"
                                                             for p in found)
        assert not LAB_ONLY.search(text), text
    for point in content.journal_text().data_tools.site_points:
        assert not LAB_ONLY.search(point), point


def test_the_chapters_markdown_names_no_key_menu_or_terminal() -> None:
    # Markdown shows in JupyterLab, the app and the site alike. The generated start
    # line (tagged remove-cell) is for JupyterLab only: the app hides it, the site drops it.
    for notebook in sorted(paths.NOTEBOOKS_DIR.glob("*.ipynb")):
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        for cell in cells:
            if cell["cell_type"] != "markdown" or "remove-cell" in cell["metadata"].get(
                    "tags", []):
                continue
            text = "".join(cell["source"])
            assert not LAB_ONLY.search(re.sub(r"<[^>]+>", " ", text)), (notebook.name, text)


def test_how_to_use_says_what_works_where_it_is_shown(shown_on) -> None:  # type: ignore[no-untyped-def]
    shown_on("lab")
    lab = visible_text(start.how_to_use_html())
    assert "Shift + Enter" in lab and "▶▶" in lab
    shown_on("app")
    app = visible_text(start.how_to_use_html())
    assert not LAB_ONLY.search(app) and "reload the page" in app
    shown_on("site")
    site = visible_text(start.how_to_use_html())
    assert not LAB_ONLY.search(site) and "read or print" in site
    assert len({lab, app, site}) == 3


def test_jupyterlab_s_how_to_is_a_markdown_cell_shown_before_anything_runs(  # type: ignore[no-untyped-def]
        shown_on, monkeypatch: pytest.MonkeyPatch) -> None:
    cells = json.loads(paths.FIRST_NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    at = next(i for i, c in enumerate(cells) if "".join(c["source"]) == chapter_cells.HOW_TO_CALL)
    above = cells[at - 1]
    # Tagged remove-cell: the site leaves it out and the app hides it, as the start line.
    assert above["metadata"] == chapter_cells.HOW_TO_CELL_METADATA
    for point in content.interface().surfaces.how_to_use.lab:
        assert point.text in "".join(above["source"])
    shown_on("lab")
    assert start.how_to_use() is None  # the markdown above already says it
    shown_on("app")
    assert start.how_to_use() is not None
    # Changed words make the notebook out of date (`make check` runs --check).
    real = chapter_cells.how_to_cell_source()
    monkeypatch.setattr(chapter_cells, "how_to_cell_source", lambda: real.replace("▶▶", ">>"))
    assert chapter_cells.stale_notebooks([paths.FIRST_NOTEBOOK]) == [paths.FIRST_NOTEBOOK]


def test_the_practice_slider_s_prompt_fits_the_site(shown_on) -> None:  # type: ignore[no-untyped-def]
    words = content.interface().surfaces.practice
    shown_on("site")
    reading = start.practice_slider()
    # No kernel: no slider, the question with boxes to circle instead.
    assert not isinstance(reading, start.PracticeSlider)
    assert words.site in visible_text(reading.data) and "<input" not in reading.data
    shown_on("app")
    assert words.app in visible_text(start.practice_slider().children[0].value)


def test_data_tools_are_buttons_with_a_kernel_and_words_without(  # type: ignore[no-untyped-def]
        shown_on, data_dir: Path) -> None:
    words = content.journal_text().data_tools
    shown_on("app")
    tools = journal_gui.data_tools()
    assert isinstance(tools, journal_gui.DataTools)
    assert {b.description for b in (tools.export_json, tools.export_csv, tools.share,
                                    tools.delete)} == {
        words.export_json, words.export_csv, words.share_button, words.delete_button}
    shown_on("site")
    reading = journal_gui.data_tools()
    assert not isinstance(reading, journal_gui.DataTools)
    text = visible_text(reading.data)
    assert words.site_heading in text and all(p in text for p in words.site_points)
    assert "<button" not in reading.data


def test_the_share_button_saves_a_share_file_of_the_latest_check_in(data_dir: Path) -> None:
    words = content.journal_text().data_tools
    tools = journal_gui.DataTools()
    tools.share.click()
    assert visible_text(tools.share_status.value) == content.messages().share_file.nothing_to_share
    Journal().add_checkin(make_checkin("self", {"fear": 3}))
    tools.share.click()
    (saved,) = paths.exports_dir().glob("open-door-share-*.json")
    assert json.loads(saved.read_text(encoding="utf-8"))["ratings"] == {"fear": 3}
    assert saved.stat().st_mode & 0o077 == 0
    assert words.shared.format(path=saved) in visible_text(tools.share_status.value)
    assert "download=" in tools.share_status.value


def test_the_group_view_has_no_upload_in_the_site(shown_on) -> None:  # type: ignore[no-untyped-def]
    words = content.interface().surfaces.share_files
    shown_on("site")
    page = facilitator.group_view()
    assert not isinstance(page, facilitator.GroupView)
    assert words.site in visible_text(page.data)
    shown_on("app")
    view = facilitator.group_view()
    assert isinstance(view, facilitator.GroupView)
    assert words.app in visible_text(view.children[0].value)
