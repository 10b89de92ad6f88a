"""The instructor export (``workbook/site.py``): the whole workbook as an offline site.

The export runs for real here, on blank, sample and "mine" data and on a copy
of the notebooks with a broken and a hanging cell. The pages are then read as
HTML (links, scripts, styles, widget state) and, in the browser test, opened
in headless Chromium with every request that is not a local file refused.

Run just these: ``pytest tests/test_site.py -o addopts=""``.
"""

from __future__ import annotations

import json
import re
import shutil
import stat
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import nbformat
import pytest
from helpers import words

from workbook import content, paths
from workbook.journal.model import make_reflection
from workbook.journal.store import Journal
from workbook.publish import pages
from workbook.publish.site import (
    MARKER,
    STATIC_DIR,
    ExportError,
    SiteReport,
    export_site,
    page_name,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = pytest.mark.slow

# Written chapters only: a chapter leaves "planned" and is exported (and tested) at once.
CHAPTERS = [c for c in content.chapters() if not c.planned]
PLANNED = [c for c in content.chapters() if c.planned]
# What the export says when it refuses or a chapter fails (messages.yaml).
SAY = content.messages().site_export
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
# A reader may follow a plain link out of the site only to a help service named in
# the content. Today no page has one; findahelpline.com is where one would go.
CONTENT_LINK_HOSTS = {"findahelpline.com", "988lifeline.org", "samaritans.org",
                      "lifeline.org.au", "nami.org", "mind.org.uk", "beyondblue.org.au",
                      "psychologytoday.com"}
XSS = "<script>alert(1)</script>"


# --- reading pages -------------------------------------------------------------------


@dataclass
class ParsedPage:
    """The parts of a page the tests look at."""

    tags: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    scripts: list[tuple[str, str]] = field(default_factory=list)  # (type, text)
    styles: list[str] = field(default_factory=list)
    text: list[str] = field(default_factory=list)

    def with_class(self, name: str) -> list[dict[str, str]]:
        return [a for _, a in self.tags if name in a.get("class", "").split()]

    def links(self, css_class: str) -> list[str]:
        return [a.get("href", "") for t, a in self.tags
                if t == "a" and css_class in a.get("class", "").split()]

    def widget_state(self) -> dict[str, dict[str, object]]:
        found = [json.loads(text) for kind, text in self.scripts if kind == WIDGET_STATE]
        return found[0]["state"] if found else {}

    def widget_views(self) -> list[str]:
        return [json.loads(text)["model_id"] for kind, text in self.scripts if kind == WIDGET_VIEW]


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = ParsedPage()
        self._raw: tuple[str, str] | None = None  # inside <script> or <style>

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        self.page.tags.append((tag, values))
        if tag in ("script", "style"):
            self._raw = (tag, values.get("type", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._raw = None

    def handle_data(self, data: str) -> None:
        if self._raw is None:
            self.page.text.append(data)
        elif self._raw[0] == "script":
            self.page.scripts.append((self._raw[1], data))
        else:
            self.page.styles.append(data)


def parse(markup: str) -> ParsedPage:
    collector = _Collector()
    collector.feed(markup)
    collector.close()
    return collector.page


def widget_html(page: ParsedPage) -> list[str]:
    """Every string in the widget state that holds HTML (HTML widgets, labels)."""
    found: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, str):
            if "<" in value:
                found.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(page.widget_state())
    return found


# --- what may be linked -------------------------------------------------------------

# Attributes that make the browser fetch something.
FETCHING = {"script": ("src",), "link": ("href",), "img": ("src", "srcset"),
            "iframe": ("src",), "source": ("src", "srcset"), "video": ("src", "poster"),
            "audio": ("src",), "embed": ("src",), "object": ("data",), "track": ("src",),
            "image": ("href",), "use": ("href",), "input": ("src",), "form": ("action",)}
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]*)""", re.I)
CSS_IMPORT = re.compile(r"""@import\s+(?:url\()?\s*['"]?([^'");\s]+)""", re.I)
CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)


def fetched_url_problem(url: str) -> str | None:
    """Resources may come only from the site itself: a relative path, data: or #."""
    url = url.strip()
    if not url or url.startswith(("#", "data:")):
        return None
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or url.startswith("/"):
        return f"not a relative path: {url}"
    return None


def link_problem(url: str, pages: set[str]) -> str | None:
    """A plain <a> link: a page of the site, a fragment, data:, tel:, or a help service."""
    url = url.strip()
    if not url or url.startswith(("#", "data:", "tel:", "sms:")):
        return None
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname in CONTENT_LINK_HOSTS:
        return None
    if parts.scheme or parts.netloc or url.startswith("/"):
        return f"link out of the site: {url}"
    if parts.path not in pages:
        return f"link to a page that is not in the site: {url}"
    return None


def css_problems(css: str, where: str) -> list[str]:
    css = CSS_COMMENT.sub("", css)
    problems = []
    for pattern in (CSS_URL, CSS_IMPORT):
        for url in pattern.findall(css):
            problem = fetched_url_problem(url)
            if problem:
                problems.append(f"{where}: CSS {problem}")
    return problems


def url_problems(page: ParsedPage, where: str, pages: set[str]) -> list[str]:
    problems = []
    for tag, attrs in page.tags:
        for name in FETCHING.get(tag, ()):
            for url in attrs.get(name, "").split(",") if name == "srcset" else [attrs.get(name)]:
                problem = fetched_url_problem((url or "").split(" ")[0]) if url else None
                if problem:
                    problems.append(f"{where}: <{tag} {name}> {problem}")
        if tag == "a" and "href" in attrs:
            problem = link_problem(attrs["href"], pages)
            if problem:
                problems.append(f"{where}: {problem}")
        if "style" in attrs:
            problems += css_problems(attrs["style"], f"{where} <{tag} style>")
    for css in page.styles:
        problems += css_problems(css, f"{where} <style>")
    return problems


# --- fixtures --------------------------------------------------------------------------


@dataclass
class Site:
    report: SiteReport
    messages: list[str]
    # Files that building the site added, changed or removed in the notebooks folder
    # or the reader's data folder: none, ever.
    touched: list[str]

    @property
    def out(self) -> Path:
        return self.report.out

    def read(self, name: str) -> str:
        return (self.out / name).read_text(encoding="utf-8")

    def parsed(self, name: str) -> ParsedPage:
        return parse(self.read(name))


def _files_in(*folders: Path) -> dict[Path, tuple[int, int]]:
    return {path: (path.stat().st_size, path.stat().st_mtime_ns)
            for folder in folders if folder.exists() for path in folder.rglob("*")}


def build(out: Path, data: str, **kwargs: object) -> Site:
    messages: list[str] = []
    watched = (paths.NOTEBOOKS_DIR, paths.data_dir())
    before = _files_in(*watched)
    report = export_site(out, data, progress=messages.append, **kwargs)  # type: ignore[arg-type]
    after = _files_in(*watched)
    touched = sorted(str(p) for p in before.keys() | after.keys() if before.get(p) != after.get(p))
    return Site(report, messages, touched)


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return build(tmp_path_factory.mktemp("export") / "site", "sample")


@pytest.fixture(scope="module")
def blank_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return build(tmp_path_factory.mktemp("export") / "site", "blank")


@pytest.fixture(params=["sample", "blank"])
def site(request: pytest.FixtureRequest) -> Site:
    chosen: Site = request.getfixturevalue(f"{request.param}_site")
    return chosen


# --- the site -----------------------------------------------------------------------


def test_every_written_chapter_gets_a_page(site: Site) -> None:
    assert site.report.ok, site.report.failures
    assert site.report.pages == [site.out / "index.html"] + [
        site.out / page_name(c) for c in CHAPTERS]
    for page in site.report.pages:
        assert page.is_file()
    for chapter in PLANNED:
        assert not (site.out / page_name(chapter)).exists()
    assert (site.out / MARKER).is_file()
    assert not site.report.personal_data


def test_progress_names_each_chapter_with_its_time(sample_site: Site) -> None:
    total = len(CHAPTERS) + 1
    steps = [m for m in sample_site.messages if m.startswith("[")]
    assert len(steps) == total
    for chapter in CHAPTERS:
        assert any(re.fullmatch(rf"\[\d+/{total}\] {re.escape(chapter.title)} \.\.\. done "
                                r"\(\d+\.\d s\)", m) for m in steps), (chapter.title, steps)


def test_static_files_are_copied_with_their_licences(sample_site: Site) -> None:
    static = sample_site.out / "static"
    for name in ("embed-amd.js", "require.js", "site.css", "print.css",
                 "LICENSE-html-manager.txt", "LICENSE-requirejs.txt", "LICENSE-fontawesome.txt",
                 "embed-amd.js.LICENSE.txt"):
        assert (static / name).is_file(), name
    assert len(list(static.glob("*.woff2"))) == 3
    assert not (static / "README.md").exists()
    # The renderer loads its fonts by these names; all of them are shipped.
    renderer = (STATIC_DIR / "embed-amd.js").read_text(encoding="utf-8")
    wanted = set(re.findall(r"[0-9a-f]{20}\.woff2", renderer))
    assert wanted == {p.name for p in STATIC_DIR.glob("*.woff2")}


def test_index_lists_every_chapter_with_a_link(site: Site) -> None:
    page = site.parsed("index.html")
    links = {a.get("href") for t, a in page.tags if t == "a"}
    text = " ".join(page.text)
    for chapter in CHAPTERS:
        assert chapter.title in text
        assert chapter.summary in " ".join(text.split())
        assert page_name(chapter) in links
    for chapter in PLANNED:
        assert chapter.title in text  # listed, without a link
    assert content.interface().notices.not_a_substitute.split(".")[0] in text
    assert content.crisis_resources().heading in text
    assert page.links("od-next") == [page_name(CHAPTERS[0])]


def test_no_page_fetches_anything_from_another_site(site: Site) -> None:
    names = {p.name for p in site.report.pages}
    problems = []
    for name in sorted(names):
        page = site.parsed(name)
        problems += url_problems(page, name, names)
        for part in widget_html(page):
            problems += url_problems(parse(part), f"{name} (widget state)", names)
        for kind, script in page.scripts:
            if kind in ("", "text/javascript"):
                assert "://" not in script, f"{name}: an inline script names a URL"
    for css in sorted((site.out / "static").glob("*.css")):
        problems += css_problems(css.read_text(encoding="utf-8"), f"static/{css.name}")
    assert not problems, "\n".join(problems)


def test_no_code_is_shown(site: Site) -> None:
    for chapter in CHAPTERS:
        markup = site.read(page_name(chapter))
        page = parse(markup)
        for css_class in ("jp-InputArea-editor", "jp-CodeMirrorEditor", "highlight",
                          "jp-InputPrompt", "jp-OutputPrompt"):
            shown = [a for a in page.with_class(css_class) if a]
            assert not shown, f"{chapter.file}: .{css_class} in the page"
        for code in ("import workbook", "wb.", "Traceback", "IntSlider(", "VBox(children="):
            assert code not in markup, f"{chapter.file} shows {code!r}"


# What only JupyterLab has: keys, menus, a terminal and its commands (workbook/surface.py).
LAB_ONLY = re.compile(r"Shift \+|Shift\+Enter|\bRun menu\b|\bRun All\b|Kernel menu|terminal"
                      r"|workbook data |workbook workshop |Run the cell", re.IGNORECASE)


def test_pages_name_no_key_menu_or_terminal_and_data_tools_are_words(site: Site) -> None:
    for chapter in CHAPTERS:
        page = site.parsed(page_name(chapter))
        shown = " ".join([*page.text, *widget_html(page)])
        found = LAB_ONLY.findall(shown)
        assert not found, f"{chapter.file} names {found}"
    start = site.parsed(page_name(CHAPTERS[0]))
    text = " ".join(start.text)
    tools = content.journal_text().data_tools
    assert tools.site_heading in text and tools.site_points[-1] in " ".join(text.split())
    assert content.interface().surfaces.how_to_use.site[0].name in text
    # No button that would do nothing: the data tools are words, not widgets.
    labels = json.dumps([*start.widget_state().values()])
    for label in (tools.export_json, tools.delete_button, tools.share_button):
        assert label not in labels


def test_each_page_has_its_title_and_chapter_links(site: Site) -> None:
    for at, chapter in enumerate(CHAPTERS):
        markup = site.read(page_name(chapter))
        page = parse(markup)
        title = chapter.title
        assert f"<title>{title} · Open Door</title>" in markup
        assert title in " ".join(page.text)
        assert page.links("od-home") == ["index.html"]
        assert page.links("od-contents") == ["index.html"]
        before = [page_name(CHAPTERS[at - 1])] if at > 0 else []
        after = [page_name(CHAPTERS[at + 1])] if at + 1 < len(CHAPTERS) else []
        assert page.links("od-prev") == before, chapter.file
        assert page.links("od-next") == after, chapter.file
        # Links to notebooks (the chapter's own navigation, "read more" links in
        # widgets) now point at pages, in the HTML and in the widget state.
        assert not re.search(r"""href=\\?["'][^"'\\]*\.ipynb""", markup), chapter.file
        if at + 1 < len(CHAPTERS):
            assert f'href="{page_name(CHAPTERS[at + 1])}"' in markup


def _model_references(value: object) -> set[str]:
    """Every model a widget state refers to: ipywidgets stores a reference to another
    model as the string "IPY_MODEL_<id>" anywhere in a model's state."""
    if isinstance(value, str):
        return {value.removeprefix("IPY_MODEL_")} if value.startswith("IPY_MODEL_") else set()
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list):
        return set().union(*map(_model_references, value)) if value else set()
    return set()


# Chapters whose only widgets need a kernel (the facilitator's share-file upload; every
# form, choice and check of chapters 00-02): the site shows words and paper forms in
# their place (workbook/surface.py).
NO_WIDGETS_IN_THE_SITE = {"00_start_here.ipynb", "01_why_people_refuse_help.ipynb",
                          "02_conversations_that_open_doors.ipynb", "08_facilitator_guide.ipynb"}


def test_widget_state_is_complete(site: Site) -> None:
    for chapter in CHAPTERS:
        page = site.parsed(page_name(chapter))
        state = page.widget_state()
        views = page.widget_views()
        assert bool(views) != (chapter.file in NO_WIDGETS_IN_THE_SITE), (
            f"{chapter.file} shows {len(views)} widgets")
        wanted = set(views) | _model_references(state)
        assert wanted <= set(state), f"{chapter.file}: {len(wanted - set(state))} models missing"


def test_the_export_folder_never_shows(site: Site) -> None:
    """The kernels' temporary data folder is replaced by where entries really live."""
    for page in site.report.pages:
        markup = page.read_text(encoding="utf-8")
        assert "open-door-export-" not in markup, page.name
    start = site.read(page_name(CHAPTERS[0]))
    assert "<code>~/.local/share/open-door</code> (Linux)" in start


def test_sample_pages_show_the_sample_journey(sample_site: Site) -> None:
    over_time = sample_site.read("04_reflections_over_time.html")
    state = json.dumps(parse(over_time).widget_state())
    assert "Leo" in state  # the sample journey's fictional person
    assert "made-up sample journey" in over_time


def test_blank_pages_show_an_empty_journal(blank_site: Site) -> None:
    over_time = blank_site.read("04_reflections_over_time.html")
    assert "Leo" not in over_time
    assert content.journal_text().over_time.empty.split(".")[0] in json.dumps(
        parse(over_time).widget_state())


# --- the reading edition: complete without a kernel ----------------------------------

# Chapters whose every view has its reading form (workbook/surface.py: no kernel on the
# site). A chapter joins when its views do; then no page may show a button to save.
READING_EDITION = ("start", "why_refuse", "conversations")


def _save_and_check_labels() -> set[str]:
    """Every label of a button that saves or checks something in a kernel."""
    interface, caring = content.interface(), content.caring()
    conversation = content.conversation()
    return {interface.perspective.save_button, interface.reflection.save_button,
            interface.exercise.check_button, conversation.practice_button,
            conversation.planner_button, caring.stress_check.save_button,
            content.checkin().form.save_button, content.journal_text().reflection_form.save_button,
            *(sheet.save_button for sheet in caring.worksheets)}


def _page_text(page: ParsedPage) -> str:
    return " ".join(" ".join(page.text).split())


def test_chapter_01_holds_every_reason_and_every_story(site: Site) -> None:
    page = site.parsed(page_name(content.chapter("why_refuse")))
    text = _page_text(page)
    # In the page itself, not only in widget state a script has to draw.
    for reason in content.reasons().reasons:
        assert reason.title in text and reason.summary in text, reason.id
    for story in content.examples():
        for part in (story.title, story.who, story.concern, story.story):
            assert " ".join(part.split()) in text, (story.id, part)


def test_reading_edition_pages_have_no_button_to_save_or_check(site: Site) -> None:
    labels = _save_and_check_labels()
    for chapter_id in READING_EDITION:
        page = site.parsed(page_name(content.chapter(chapter_id)))
        models = page.widget_state().values()
        buttons = [m for m in models if str(m.get("model_name", "")).endswith("ButtonModel")
                   or m.get("model_name") in {"ToggleButtonsModel", "RadioButtonsModel",
                                              "IntSliderModel", "TextModel", "TextareaModel",
                                              "DropdownModel", "CheckboxModel"}]
        assert not buttons, f"{chapter_id}: {buttons}"
        shown = " ".join([_page_text(page), *widget_html(page)])
        for label in labels:
            assert label not in shown, f"{chapter_id} shows {label!r}"


# --- personal data --------------------------------------------------------------------


def test_mine_exports_the_users_entries_escaped_and_private(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    own = tmp_path / "own-data"
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(own))
    Journal().add_reflection(make_reflection(f"Hard week. {XSS} Still here.", tags="test"))
    journal = paths.journal_path()
    before = (journal.read_bytes(), journal.stat().st_mtime_ns)

    site = build(tmp_path / "site", "mine")

    assert site.report.ok, site.report.failures
    assert site.report.personal_data
    over_time = site.read("04_reflections_over_time.html")
    assert "Hard week. &lt;script&gt;alert(1)&lt;/script&gt; Still here." in json.dumps(
        parse(over_time).widget_state()).replace("\\/", "/")
    for page in site.report.pages:
        assert XSS not in page.read_text(encoding="utf-8"), page.name
    assert "Private:" in over_time
    # The folder and its files are for this user only; the journal was only read.
    assert stat.S_IMODE(site.out.stat().st_mode) == 0o700
    assert stat.S_IMODE((site.out / "index.html").stat().st_mode) == 0o600
    assert (journal.read_bytes(), journal.stat().st_mtime_ns) == before
    assert sorted(p.name for p in own.iterdir()) == [paths.JOURNAL_FILENAME]


def test_mine_without_a_journal_warns(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from workbook.publish.site import _prepare_data

    monkeypatch.setenv(paths.DATA_DIR_ENV, str(tmp_path / "nothing-here"))
    report = SiteReport(out=tmp_path / "site", data="mine", personal_data=True)
    _prepare_data("mine", tmp_path / "data", report)
    assert report.warnings and words(SAY.no_journal) in report.warnings[0]
    assert not (tmp_path / "nothing-here").exists()


def test_a_journal_that_is_not_ours_stops_the_export(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(tmp_path / "own"))
    (tmp_path / "own").mkdir()
    paths.journal_path().write_bytes(b"my tax return, not a journal")
    with pytest.raises(ExportError):
        export_site(tmp_path / "site", "mine", progress=lambda _m: None)
    assert not (tmp_path / "site").exists()
    assert paths.journal_path().read_bytes() == b"my tax return, not a journal"


def test_a_bad_data_choice_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match=re.escape(words(SAY.bad_data))):
        export_site(tmp_path / "x", "everything")  # type: ignore[arg-type]
    assert not (tmp_path / "x").exists()


def test_out_must_be_new_empty_or_an_earlier_export(tmp_path: Path) -> None:
    foreign = tmp_path / "holiday-photos"
    foreign.mkdir()
    (foreign / "beach.jpg").write_bytes(b"not ours")
    with pytest.raises(ExportError, match=re.escape(words(SAY.out_not_empty))):
        export_site(foreign, "blank", progress=lambda _m: None)
    assert [p.name for p in foreign.iterdir()] == ["beach.jpg"]
    a_file = tmp_path / "site.html"
    a_file.write_text("")
    with pytest.raises(ExportError, match=re.escape(words(SAY.out_is_file))):
        export_site(a_file, "blank", progress=lambda _m: None)


def test_an_earlier_export_is_replaced_even_from_a_running_event_loop(tmp_path: Path) -> None:
    """As when an instructor calls export_site from a notebook cell."""
    import asyncio

    earlier = tmp_path / "site"
    earlier.mkdir()
    (earlier / MARKER).write_text("{}")
    (earlier / "99_old_chapter.html").write_text("stale")

    async def from_a_notebook() -> SiteReport:
        return export_site(earlier, "blank", jobs=1, progress=lambda _m: None)

    report = asyncio.run(from_a_notebook())
    assert report.ok, report.failures
    assert not (earlier / "99_old_chapter.html").exists()
    assert sorted(p.name for p in earlier.glob("*.html")) == sorted(
        ["index.html", *(page_name(c) for c in CHAPTERS)])
    assert not list(tmp_path.glob(".site.*")), "a staging folder was left behind"


# --- failures -------------------------------------------------------------------------


BROKEN = "05_caring_for_yourself.ipynb"
HANGING = "06_finding_support.ipynb"
TIMEOUT = 10


def _copy_with(source: Path, target: Path, changes: dict[str, tuple[int, str]]) -> None:
    shutil.copytree(source, target, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    for name, (index, code) in changes.items():
        nb = nbformat.read(target / name, as_version=4)
        assert nb.cells[index].cell_type == "code"
        nb.cells[index].source = code
        nbformat.write(nb, target / name)


@pytest.fixture(scope="module")
def failing_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    tmp = tmp_path_factory.mktemp("failing")
    _copy_with(paths.NOTEBOOKS_DIR, tmp / "notebooks", {
        BROKEN: (3, "1 / 0"),
        HANGING: (3, "import time\ntime.sleep(600)"),
    })
    started = time.monotonic()
    site = build(tmp / "site", "blank", notebooks_dir=tmp / "notebooks", cell_timeout=TIMEOUT)
    assert time.monotonic() - started < 120, "a hanging cell held up the export"
    return site


def test_a_failing_chapter_is_reported_with_its_cell(failing_site: Site) -> None:
    report = failing_site.report
    assert not report.ok
    failures = {f.notebook: f for f in report.failures}
    assert set(failures) == {BROKEN, HANGING}
    broken = failures[BROKEN]
    assert (broken.cell_index, broken.cell_source) == (3, "1 / 0")
    assert broken.error == "ZeroDivisionError: division by zero"
    assert str(broken) == f"{BROKEN}, cell 4 (1 / 0): ZeroDivisionError: division by zero"
    hanging = failures[HANGING]
    assert (hanging.cell_index, hanging.cell_source) == (3, "import time")
    assert SAY.too_slow.format(seconds=TIMEOUT) in hanging.error
    assert any(f"FAILED: {broken}" in m for m in failing_site.messages)
    assert str(broken) in report.summary()


def test_the_other_chapters_are_still_written(failing_site: Site) -> None:
    report = failing_site.report
    assert [p.name for p in report.pages] == ["index.html"] + [page_name(c) for c in CHAPTERS]
    for chapter in CHAPTERS:
        page = failing_site.read(page_name(chapter))
        if chapter.file in (BROKEN, HANGING):
            # A short notice keeps every link working; no error text reaches readers.
            assert "could not be built" in page
            assert "ZeroDivision" not in page and "Traceback" not in page
        else:
            views = parse(page).widget_views()
            assert bool(views) != (chapter.file in NO_WIDGETS_IN_THE_SITE), chapter.file


# --- in a browser, offline --------------------------------------------------------------

SCREENSHOTS = paths.REPO_DIR / "build" / "screenshots"
VIEW = "div.jupyter-widgets.jp-OutputArea-output"  # where nbconvert puts each widget
RAW_REPRS = ("IntSlider(", "VBox(children=", "HBox(children=", "HTML(value=", "Traceback",
             "Loading widget", "Error displaying widget")


@pytest.mark.browser
def test_pages_render_offline_in_chromium(sample_site: Site, chromium: Browser) -> None:
    from browser import new_page, page_log

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    refused: list[str] = []
    failed: list[str] = []
    page = new_page(chromium, width=1200, height=900)

    def only_files(route: object) -> None:
        request = route.request  # type: ignore[attr-defined]
        if request.url.startswith("file://"):
            route.continue_()  # type: ignore[attr-defined]
        else:
            refused.append(request.url)
            route.abort()  # type: ignore[attr-defined]

    page.route("**/*", only_files)
    page.on("requestfailed", lambda request: failed.append(request.url))
    try:
        for target in sample_site.report.pages:
            name = target.stem
            page.goto(target.as_uri())
            has_widgets = bool(parse(target.read_text(encoding="utf-8")).widget_views())
            if has_widgets:
                # The renderer replaces each view's <script> with the widget.
                page.wait_for_function(
                    f"() => document.querySelectorAll('{VIEW} > .widget-subarea > .lm-Widget')"
                    f".length === document.querySelectorAll('{VIEW}').length", timeout=30_000)
                page.wait_for_function("() => document.fonts.status === 'loaded'")
            shot = SCREENSHOTS / f"site-{name}.png"
            page.screenshot(path=str(shot), full_page=True)
            shown = page.inner_text("body")
            for raw in RAW_REPRS:
                assert raw not in shown, f"{name} shows {raw!r} (screenshot: {shot})"
            assert not refused, f"{name} asked the network for {refused}"
            assert not failed, f"{name}: missing files {failed}"
            errors = [e for e in page_log(page).page_errors if "ResizeObserver" not in e]
            assert not errors, f"{name}: {errors}"
            if not has_widgets:
                continue
            assert page.locator(".widget-html, .widget-slider, .widget-box").count() > 0, name
            sizes = page.evaluate("Array.from(document.images).map((i) => i.naturalWidth)")
            assert all(size > 0 for size in sizes), f"{name}: a picture did not load ({sizes})"
            if name.startswith(("03_", "04_")):
                assert sizes, f"{name} shows no chart"
            if page.locator(".widget-button .fa").count():
                icons = page.evaluate("""() => Array.from(document.fonts)
                    .filter((f) => f.family.includes('Font Awesome') && f.status === 'loaded')
                    .length""")
                assert icons, f"{name}: the icon font did not load"
        # Printing opens every <details> (the crisis lines) and hides the navigation.
        page.goto((sample_site.out / page_name(CHAPTERS[0])).as_uri())
        assert page.evaluate("document.querySelectorAll('details:not([open])').length") > 0
        page.emulate_media(media="print")
        page.wait_for_function("() => !document.querySelector('details:not([open])')")
        assert not page.locator(".od-pager").is_visible()
    finally:
        page.context.close()


def test_browser_tests_need_chromium_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without Chromium the browser test skips locally and fails in CI (tests/browser.py)."""
    import browser

    monkeypatch.setattr(browser, "CHROMIUM", Path("/nonexistent/chromium"))
    monkeypatch.setenv("CI", "1")
    with pytest.raises(pytest.fail.Exception):
        browser.require_chromium()
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception):
        browser.require_chromium()


def test_print_stylesheet_covers_what_the_brief_asks() -> None:
    css = pages.stylesheet_file(pages.PRINT_CSS)
    for rule in ("@page", "break-inside: avoid", "print-color-adjust: exact", ".od-pager",
                 ".jp-InputPrompt", "overflow: visible"):
        assert rule in css, rule


def test_the_default_progress_goes_to_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    from workbook.publish.site import print_progress

    print_progress("[1/2] Start here ... done (1.0 s)")
    captured = capsys.readouterr()
    assert captured.err == "[1/2] Start here ... done (1.0 s)\n" and not captured.out


@pytest.mark.parametrize("data", ["sample", "blank"])
def test_exporting_never_writes_into_the_notebooks_or_the_data_folder(
        data: str, request: pytest.FixtureRequest) -> None:
    built: Site = request.getfixturevalue(f"{data}_site")
    assert built.touched == []


def test_the_data_folders_and_page_titles_are_put_together_in_the_content_words() -> None:
    """Issue 12: the systems' names, " or " and "{title} · {site}" are interface.yaml's."""
    from dataclasses import replace

    from workbook.publish.site import SiteText

    words = replace(content.interface().site, systems={"linux": "GNU<Linux>", "macos": "Mac",
                                                       "windows": "Win"},
                    data_folder="{system}: {folder}", data_folders="{windows}; {macos} o {linux}",
                    page_title="{site} — {chapter}")
    text = SiteText(words)
    assert text.data_folder_text(code=False) == (
        "Win: %LOCALAPPDATA%\\open-door; Mac: ~/Library/Application Support/open-door o "
        "GNU<Linux>: ~/.local/share/open-door")
    # As HTML the words are escaped and each folder is in <code>.
    assert text.data_folder_text(code=True).endswith(
        " o GNU&lt;Linux&gt;: <code>~/.local/share/open-door</code>")
    assert text.page_title("Start here") == "Open Door — Start here"


def test_pages_run_the_accessible_names_script(sample_site: Site) -> None:
    """The site's widget renderer runs no script in an output, so the page runs it."""
    carried = 0
    for chapter in CHAPTERS:
        page = sample_site.parsed(page_name(chapter))
        carriers = [m for m in page.widget_state().values()
                    if "od-accessible" in m["state"].get("_dom_classes", ())]  # type: ignore[attr-defined]
        if not carriers:
            continue
        carried += 1
        assert any("openDoorWidgets" in text and '"scales"' in text
                   for kind, text in page.scripts if kind != WIDGET_STATE), chapter.file
    # Most chapters are plain reading forms on the site now; at least one still carries
    # widgets with the script, so this test is not vacuous.
    assert carried >= 1
