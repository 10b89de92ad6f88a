"""The instructor export: the whole workbook as an offline HTML site.

:func:`export_site` runs every written chapter (``planned: false`` in
``chapters.yaml``) on throw-away data, then writes one page per chapter plus
``index.html`` and a ``static/`` folder into ``out``. The pages open from a
USB stick or a plain web server with no network at all: the widget renderer
(``@jupyter-widgets/html-manager``), RequireJS and the icon fonts are copied
from ``workbook/static/``, no code is shown, and nothing is fetched from any
other site. Widgets show the state they had when the chapter ran (sliders at
their values, text boxes, charts); without a kernel nothing is saved.

Data (``data=``):

* ``"sample"`` (default): the fictional sample journey, so charts have something
  to show. Only made-up entries end up in the pages.
* ``"blank"``: an empty journal, as a new reader sees the workbook.
* ``"mine"``: a copy of the user's own journal. **The pages then hold the
  user's entries** (that is the point); :attr:`SiteReport.personal_data` is
  true so the caller can warn, and the folder is made private (0700).
  The original journal is only read, through SQLite's backup API. The copy
  is kept in the data folder (``tmp/``), and the partial site is recorded there
  before it is created, so ``workbook data delete`` (or the next export) removes
  both if the export is killed.

The site is built in a hidden folder beside ``out`` and renamed into place
once complete, with its modes set explicitly (0755/0644, or 0700/0600 for
``"mine"``), so no umask makes a page writable by others.

Speed: each worker starts one kernel and runs several chapters in it one after
another (widgets, figures and the namespace are cleared in between), and every
page is converted in this process, so imports are paid once per kernel and
once here. A chapter whose widget state comes out incomplete after running in
a reused kernel is run again in a fresh one.

Failures: a chapter that raises, times out or kills its kernel does not stop
the others and does not raise. Its :class:`ChapterFailure` in
:attr:`SiteReport.failures` names the notebook, the cell and the error's first
line; its page says only that the chapter could not be built (no error text,
which could hold paths or entries), so every link still works. Check
:attr:`SiteReport.ok`. :class:`ExportError` is raised only when nothing can be
built at all (a bad ``data`` value, an unreadable journal, an ``out`` folder
that holds other files).
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import json
import os
import re
import shutil
import sqlite3
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Coroutine, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar, get_args

from markupsafe import Markup

from .. import content, files, paths, surface
from . import pages

if TYPE_CHECKING:
    from jupyter_client.manager import AsyncKernelManager
    from nbconvert import HTMLExporter

DataChoice = Literal["sample", "blank", "mine"]
DATA_CHOICES: tuple[DataChoice, ...] = get_args(DataChoice)

STATIC_DIR = paths.STATIC_DIR
# The files every page loads from ``static/`` (the rest there are licences and notes).
RENDERER = "embed-amd.js"
REQUIRE_JS = "require.js"
SITE_CSS = "site.css"
PRINT_CSS = "print.css"

# Seconds. A cell that runs longer is reported as failed (nbclient's default is no limit).
CELL_TIMEOUT = 120
KERNEL_STARTUP_TIMEOUT = 60
# Written into ``out`` so a later export knows it may replace the folder.
MARKER = ".open-door-site"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"

_KERNEL_RESET = """\
import ipywidgets as _w
_w.Widget.close_all()
import matplotlib.pyplot as _p
_p.close("all")
get_ipython().run_line_magic("reset", "-f")
"""
_MODEL_REF = re.compile(r"IPY_MODEL_([0-9a-f]{32})")
# href="03_readiness_check_in.ipynb#step" in markdown, outputs and (JSON-escaped) widget state.
_NOTEBOOK_HREF = re.compile(r"""(href=\\?["'])([^"'\\/#?:]+)\.ipynb(?=[#"'\\])""")


# --- words ------------------------------------------------------------------------


@dataclass(frozen=True)
class SiteText:
    """The words the site adds around the chapters (from ``interface.yaml``), and where
    the journal lives by system (shown instead of the export's temporary folder)."""

    words: content.SiteWords
    data_folders: dict[Literal["linux", "macos", "windows"], str] = field(
        default_factory=lambda: {
            "linux": "~/.local/share/open-door",
            "macos": "~/Library/Application Support/open-door",
            "windows": "%LOCALAPPDATA%\\open-door",
        })

    def data_folder_text(self, *, code: bool) -> str:
        """The folders as a phrase; with ``code``, HTML with each folder in <code>."""
        # Markup.format escapes the words and keeps the <code>; str(): it is spliced
        # into the page's HTML as it is.
        pattern = Markup.escape if code else str
        folders = {system: (Markup("<code>{}</code>").format(folder) if code else folder)
                   for system, folder in self.data_folders.items()}
        phrases = {system: pattern(self.words.data_folder).format(
            folder=folder, system=self.words.systems[system])
            for system, folder in folders.items()}
        return str(pattern(self.words.data_folders).format(**phrases))

    def page_title(self, chapter: str) -> str:
        return self.words.page_title.format(chapter=chapter, site=self.words.title)

    def note_for(self, data: DataChoice) -> str:
        return self.words.data_notes[data]


def _text() -> SiteText:
    return SiteText(content.interface().site)


def _say() -> content.SiteExportMessages:
    return content.messages().site_export


# --- results ------------------------------------------------------------------------


class ExportError(RuntimeError):
    """The export could not start, or could not write ``out``; nothing was published."""


@dataclass(frozen=True)
class ChapterFailure:
    """A chapter that could not be run."""

    notebook: str  # file name, e.g. "04_reflections_over_time.ipynb"
    # Position in the notebook counting every cell from 0 (as in the .ipynb
    # file); None when the problem came before any cell ran.
    cell_index: int | None
    cell_source: str  # the failing cell's first line, e.g. "wb.over_time()"
    error: str  # the error's first line, e.g. "ZeroDivisionError: division by zero"

    def __str__(self) -> str:
        where = ""
        if self.cell_index is not None:
            where = f", cell {self.cell_index + 1}"
            if self.cell_source:
                where += f" ({self.cell_source})"
        return f"{self.notebook}{where}: {self.error}"


@dataclass
class SiteReport:
    """What :func:`export_site` wrote, and what went wrong."""

    out: Path
    data: DataChoice
    # Every file written that a reader opens: index.html first, then the chapter
    # pages in reading order (a failed chapter's page is its short notice).
    pages: list[Path] = field(default_factory=list)
    failures: list[ChapterFailure] = field(default_factory=list)
    # Not failures: stderr a chapter printed (left out of its page), a missing journal.
    warnings: list[str] = field(default_factory=list)
    # True when the pages hold the user's own entries (data="mine"): warn before sharing.
    personal_data: bool = False
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failures

    def summary(self) -> str:
        say = _say()
        text = say.summary.format(pages=len(self.pages), out=self.out,
                                  seconds=f"{self.seconds:.1f}")
        if self.failures:
            text += " " + say.failed.format(count=len(self.failures),
                                            failures="; ".join(str(f) for f in self.failures))
        return text


def print_progress(message: str) -> None:
    """The default progress reporter: one line on stderr."""
    print(message, file=sys.stderr, flush=True)


# --- the entry point ---------------------------------------------------------------


def export_site(
    out: Path,
    data: DataChoice = "sample",
    *,
    jobs: int | None = None,
    progress: Callable[[str], None] | None = None,
    notebooks_dir: Path | None = None,
    cell_timeout: int = CELL_TIMEOUT,
) -> SiteReport:
    """Build every written chapter into an offline site in ``out``; see the module docs.

    ``jobs`` kernels run at once (default: one per CPU core). ``progress`` gets
    one line per finished page (default: printed to stderr). ``notebooks_dir``
    replaces the package's notebooks folder (tests use a copy). ``out`` must be
    new, empty, or an earlier export, which is replaced only once the new
    site is complete.
    """
    started = time.perf_counter()
    if data not in DATA_CHOICES:
        raise ExportError(_say().bad_data.format(choices=", ".join(DATA_CHOICES),
                                                 data=repr(data)))
    say = progress or print_progress
    out = Path(out).expanduser().resolve()
    notebooks = Path(notebooks_dir or paths.NOTEBOOKS_DIR).resolve()
    if not notebooks.is_dir():
        raise ExportError(_say().no_notebooks.format(folder=notebooks))
    check_out_folder(out)
    report = SiteReport(out=out, data=data, personal_data=data == "mine")
    chapters = [c for c in content.chapters() if not c.planned]
    workers = max(1, min(jobs or os.cpu_count() or 1, len(chapters)))

    out.parent.mkdir(parents=True, exist_ok=True)
    private = data == "mine"
    with contextlib.ExitStack() as stack:
        # Kernel specs and sockets: nothing personal, in the system's temporary folder.
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="open-door-export-")))
        staging = files.staging_path(out)
        if private:
            # The copy of the journal lives in the data folder, and the partial site
            # (personal pages beside ``out``) is recorded there before it exists, so
            # `workbook data delete` finds both if this process is killed.
            from ..journal.datatools import note_outside_folder, scratch_folder

            scratch = stack.enter_context(scratch_folder("export-"))
            note_outside_folder(scratch, staging)
            note_outside_folder(scratch, files.old_path(out))
            data_dir = scratch / "data"
            data_dir.mkdir(mode=0o700)
        else:
            data_dir = paths.ensure_private_dir(tmp / "data")
        stack.enter_context(files.staging_folder(staging))
        _prepare_data(data, data_dir, report)
        say(_say().exporting.format(count=len(chapters), data=data, out=out, workers=workers))
        builder = _SiteBuilder(staging, chapters, notebooks, data, data_dir, say)
        jobs_list = [_Job(c, notebooks / c.file) for c in chapters]
        runner = _Runner(tmp, data_dir, notebooks, cell_timeout, builder.chapter_done)

        async def build() -> None:
            kernels = await runner.launch(workers)
            try:
                # While the kernels boot: imports, the template, the index, static files.
                builder.prepare()
                builder.write_index()
                _copy_static(staging / "static")
            except BaseException:
                await runner.shutdown(kernels)
                raise
            await runner.run_all(jobs_list, kernels)

        _run_coroutine(build())
        report.failures.extend(builder.failures)
        report.warnings.extend(builder.warnings)
        files.write_file(staging / MARKER,
                         json.dumps({"generator": "workbook.site", "data": data}) + "\n")
        files.set_tree_modes(staging, private=private)
        check_out_folder(out)  # nothing changed our mind while the chapters ran
        files.publish_folder(staging, out)
    report.pages = [out / "index.html"] + [out / p.name for p in builder.pages_in_order()]
    report.seconds = time.perf_counter() - started
    say(report.summary())
    return report


# --- data --------------------------------------------------------------------------


def _prepare_data(data: DataChoice, data_dir: Path, report: SiteReport) -> None:
    """Fill the throw-away data folder the kernels will use."""
    from ..journal.store import Journal, JournalError

    target = data_dir / paths.JOURNAL_FILENAME
    if data == "sample":
        from ..journal.transfer import ImportProblem, import_file

        try:
            import_file(Journal(target), paths.SAMPLE_JOURNEY)
        except (ImportProblem, JournalError, OSError) as exc:
            raise ExportError(_say().no_sample.format(problem=exc)) from None
    elif data == "mine":
        source = paths.journal_path()
        if not source.exists():
            report.warnings.append(_say().no_journal.format(path=source))
            return
        _copy_journal(source, target)
        try:
            Journal(target).check()
        except JournalError as exc:
            raise ExportError(str(exc).replace(str(target), str(source))) from None


def _copy_journal(source: Path, target: Path) -> None:
    """A consistent copy of the journal at ``source``, opened read-only.

    SQLite's backup API waits for any writer to finish, so a kernel saving at
    the same moment cannot leave a half-written copy; ``source`` is never written.
    """
    try:
        reader = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True, timeout=60)
    except sqlite3.Error as exc:
        raise ExportError(_say().could_not_open.format(path=source, problem=exc)) from None
    fd = os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)
    try:
        writer = sqlite3.connect(target)
        try:
            reader.backup(writer)
        finally:
            writer.close()
    except sqlite3.Error as exc:
        raise ExportError(_say().could_not_copy.format(path=source, problem=exc)) from None
    finally:
        reader.close()


# --- running the chapters ------------------------------------------------------------


@dataclass(frozen=True)
class _Job:
    chapter: content.Chapter
    source: Path


@dataclass
class _Outcome:
    job: _Job
    notebook: Any = None  # the executed NotebookNode, or None
    failure: ChapterFailure | None = None
    seconds: float = 0.0


def _first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return line.strip()
    return ""


@dataclass
class _Kernel:
    """One worker's kernel, kept warm across chapters."""

    km: AsyncKernelManager
    kc: Any = None  # its client, started once the kernel is up
    used: bool = False  # has it run a chapter since it (re)started?


class _Runner:
    """Runs chapters on a few warm kernels at once."""

    def __init__(self, tmp: Path, data_dir: Path, notebooks: Path, cell_timeout: int,
                 done: Callable[[_Outcome], None]) -> None:
        self.tmp = tmp
        self.notebooks = notebooks
        self.cell_timeout = cell_timeout
        self.done = done
        # The chapters word things for a page with no kernel behind it (workbook/surface.py).
        self.env = {**os.environ, paths.DATA_DIR_ENV: str(data_dir),
                    surface.SURFACE_ENV: "site"}
        # The kernel is this Python, whatever "python3" means in the user's Jupyter
        # folders: the workbook must be importable in it.
        kernels = tmp / "kernels" / "python3"
        kernels.mkdir(parents=True)
        (kernels / "kernel.json").write_text(json.dumps({
            "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            "display_name": "Python 3 (workbook export)", "language": "python",
        }), encoding="utf-8")

    async def launch(self, count: int) -> list[_Kernel]:
        """Start ``count`` kernels; they boot (and import the workbook) in the background."""
        from jupyter_client.kernelspec import KernelSpecManager
        from jupyter_client.manager import AsyncKernelManager

        kernels = []
        for number in range(count):
            specs = KernelSpecManager(kernel_dirs=[str(self.tmp / "kernels")],
                                      ensure_native_kernel=False)
            km = AsyncKernelManager(kernel_name="python3", kernel_spec_manager=specs)
            if os.name == "posix":
                # Local sockets instead of TCP on 127.0.0.1: entries never cross a
                # network interface, and the kernel prints no "without encryption" warning.
                km.transport = "ipc"
                km.ip = str(self.tmp / f"kernel-{number}")
            kernels.append(_Kernel(km))
        try:
            await asyncio.gather(*(self._start(k) for k in kernels))
        except BaseException:
            await self.shutdown(kernels)
            raise
        return kernels

    async def _start(self, kernel: _Kernel) -> None:
        await kernel.km.start_kernel(
            cwd=str(self.notebooks), env=self.env,
            extra_arguments=[
                # No IPython history file: kernels running at once would share one.
                "--HistoryManager.hist_file=:memory:",
                # Every chapter starts with this import; do it while the kernel boots.
                "--IPKernelApp.exec_lines=import workbook",
            ],
        )
        kernel.used = False

    async def _client(self, kernel: _Kernel) -> Any:
        if kernel.kc is None:
            kc = kernel.km.client()
            kc.start_channels()
            await kc.wait_for_ready(timeout=KERNEL_STARTUP_TIMEOUT)
            kc.allow_stdin = False
            kernel.kc = kc
        return kernel.kc

    async def _restart(self, kernel: _Kernel) -> None:
        if kernel.kc is not None:
            kernel.kc.stop_channels()
            kernel.kc = None
        await kernel.km.restart_kernel(now=True)
        kernel.used = False

    async def shutdown(self, kernels: Sequence[_Kernel]) -> None:
        for kernel in kernels:
            if kernel.kc is not None:
                with contextlib.suppress(Exception):
                    kernel.kc.stop_channels()
            with contextlib.suppress(Exception):
                if kernel.km.has_kernel:
                    await kernel.km.shutdown_kernel(now=True)

    async def run_all(self, jobs: Sequence[_Job], kernels: Sequence[_Kernel]) -> None:
        queue: asyncio.Queue[_Job] = asyncio.Queue()
        for job in jobs:
            queue.put_nowait(job)
        try:
            await asyncio.gather(*(self._worker(k, queue) for k in kernels))
        finally:
            await self.shutdown(kernels)

    async def _worker(self, kernel: _Kernel, queue: asyncio.Queue[_Job]) -> None:
        while not queue.empty():
            job = queue.get_nowait()
            started = time.perf_counter()
            outcome = await self._run_chapter(job, kernel)
            outcome.seconds = time.perf_counter() - started
            self.done(outcome)

    async def _run_chapter(self, job: _Job, kernel: _Kernel) -> _Outcome:
        if not job.source.is_file():
            return _Outcome(job, failure=ChapterFailure(
                job.chapter.file, None, "", _say().notebook_missing))
        if kernel.used:
            try:
                await self._execute(kernel, _KERNEL_RESET)
            except Exception:
                await self._restart(kernel)
        reused = kernel.used
        kernel.used = True
        outcome = await self._run(job, kernel)
        if outcome.failure is None and reused and _missing_models(outcome.notebook):
            # Something from an earlier chapter leaked in: run this one in a fresh kernel.
            await self._restart(kernel)
            kernel.used = True
            outcome = await self._run(job, kernel)
        if outcome.failure is None and _missing_models(outcome.notebook):
            outcome = _Outcome(job, failure=ChapterFailure(
                job.chapter.file, None, "", _say().widgets_incomplete))
        if outcome.failure is not None:
            # A timed-out cell may still be running, or the kernel died: start afresh.
            await self._restart(kernel)
        return outcome

    async def _execute(self, kernel: _Kernel, code: str) -> None:
        import nbformat
        from nbclient import NotebookClient

        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])
        client = NotebookClient(nb, km=kernel.km, timeout=self.cell_timeout,
                                store_widget_state=False)
        client.kc = await self._client(kernel)
        await client.async_execute()

    async def _run(self, job: _Job, kernel: _Kernel) -> _Outcome:
        import nbformat
        from nbclient import NotebookClient
        from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

        try:
            nb = nbformat.read(job.source, as_version=4)
        except Exception as exc:
            return _Outcome(job, failure=ChapterFailure(
                job.chapter.file, None, "",
                _say().unreadable_notebook.format(problem=_first_line(str(exc)))))
        current: dict[str, int] = {}

        def cell_started(cell: Any, cell_index: int) -> None:
            current["index"] = cell_index

        client = NotebookClient(
            nb, km=kernel.km, timeout=self.cell_timeout, startup_timeout=KERNEL_STARTUP_TIMEOUT,
            store_widget_state=True, record_timing=False, on_cell_start=cell_started,
            resources={"metadata": {"path": str(self.notebooks)}},
        )
        failure: str | None = None
        try:
            client.kc = await self._client(kernel)
            await client.async_execute()
        except CellExecutionError as exc:
            failure = _first_line(f"{exc.ename}: {exc.evalue}") or exc.ename
        except CellTimeoutError:
            failure = _say().too_slow.format(seconds=self.cell_timeout)
        except DeadKernelError:
            failure = _say().kernel_died
        except Exception as exc:
            failure = _first_line(f"{type(exc).__name__}: {exc}")
        if failure is None:
            return _Outcome(job, notebook=nb)
        index = current.get("index")
        source = ""
        if index is not None and index < len(nb.cells):
            source = _first_line(nb.cells[index].source)
        return _Outcome(job, failure=ChapterFailure(job.chapter.file, index, source, failure))


def accessible_scripts(nb: Any) -> Markup:
    """The accessible-names script (``views/accessible.js``) of a chapter, as ``<script>``s.

    The views ship it as an ``application/javascript`` output of a hidden Output widget
    (``views.accessible.carrier``). JupyterLab and Voila run it; the exported site's
    widget renderer does not run scripts in outputs, so its slider handles had no name,
    its chart images no alt text and its text boxes only a tooltip. The page runs each
    carrier's script itself instead, in the order the views made them (a later one adds
    its scales to the first one's observer).
    """
    state = nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    scripts: list[str] = []
    for model in state.values():
        values = model.get("state", {})
        if "od-accessible" not in values.get("_dom_classes", ()):
            continue
        for output in values.get("outputs", ()):
            code = output.get("data", {}).get("application/javascript")
            if isinstance(code, str) and code not in scripts:
                scripts.append(code)
    # "</" never closes the element early ("<\/" means the same in a script).
    return Markup("").join(Markup("<script>\n{}</script>\n").format(
        Markup(code.replace("</", "<\\/"))) for code in scripts)


def _missing_models(nb: Any) -> set[str]:
    """Widget models the page refers to but whose state was not recorded."""
    state = nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    wanted = set(_MODEL_REF.findall(json.dumps(state)))
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            view = output.get("data", {}).get(WIDGET_VIEW)
            if view:
                wanted.add(view["model_id"])
    return wanted - set(state)


@contextlib.contextmanager
def _without_iri_format_checks() -> Iterator[None]:
    """Import jsonschema (through nbformat) without ``rfc3987_syntax``.

    jsonschema imports that package only to offer an optional "iri" format
    check, and building its grammars takes about a second (python-jsonschema
    issue 1392). nbformat never checks formats, so the export skips it. Only
    this process is affected, and only if jsonschema was not imported yet.
    """
    if "jsonschema" in sys.modules or "rfc3987_syntax" in sys.modules:
        yield
        return
    sys.modules["rfc3987_syntax"] = None  # type: ignore[assignment]
    try:
        yield
    finally:
        if "rfc3987_syntax" in sys.modules and sys.modules["rfc3987_syntax"] is None:
            del sys.modules["rfc3987_syntax"]


_T = TypeVar("_T")


def _run_coroutine(coroutine: Coroutine[Any, Any, _T]) -> _T:
    """``asyncio.run``, also from inside a running loop (a notebook): then in a thread."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    result: list[_T] = []
    errors: list[BaseException] = []

    def target() -> None:
        try:
            result.append(asyncio.run(coroutine))
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=target, name="workbook-export")
    thread.start()
    thread.join()
    if errors:
        raise errors[0]
    return result[0]


# --- pages -------------------------------------------------------------------------


# The chapter pages' nbconvert template (nbconvert renders it, with its own templates).
PAGE_TEMPLATE = "nbconvert_page.html.j2"


def _exporter() -> HTMLExporter:
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    config = Config()
    # The usual tags for hiding parts of a notebook in an export (off in nbconvert by default).
    config.TagRemovePreprocessor.enabled = True
    config.TagRemovePreprocessor.remove_cell_tags = {"remove-cell"}
    config.TagRemovePreprocessor.remove_all_outputs_tags = {"remove-output"}
    config.TagRemovePreprocessor.remove_input_tags = {"remove-input"}
    return HTMLExporter(
        config=config,
        template_name="lab",
        raw_template=(paths.TEMPLATES_DIR / PAGE_TEMPLATE).read_text(encoding="utf-8"),
        theme="light",
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        # Relative to the page: the site works from file:// and from any web server.
        widget_renderer_url=f"static/{RENDERER}",
        require_js_url=f"static/{REQUIRE_JS}",
        # The template's MathJax and Mermaid blocks are emptied above; these
        # make sure nothing points at a CDN even if a block comes back.
        mathjax_url="",
        mermaid_js_url="",
        mermaid_layout_elk_js_url="",
        jupyter_widgets_base_url="static/",
    )


class _SiteBuilder:
    """Turns executed chapters into pages as they finish, and writes the index."""

    def __init__(self, folder: Path, chapters: Sequence[content.Chapter], notebooks: Path,
                 data: DataChoice, data_dir: Path, say: Callable[[str], None]) -> None:
        self.folder = folder
        self.chapters = list(chapters)
        self.notebooks = notebooks
        self.data = data
        self.data_dir = data_dir
        self.say = say
        self.total = len(self.chapters) + 1  # and the index
        self.finished = 0
        self.written: dict[str, Path] = {}
        self.failures: list[ChapterFailure] = []
        self.warnings: list[str] = []
        self._exporter_instance: HTMLExporter | None = None

    @property
    def exporter(self) -> HTMLExporter:
        if self._exporter_instance is None:
            self._exporter_instance = _exporter()
        return self._exporter_instance

    def prepare(self) -> None:
        """Import what running and converting need (while the kernels boot)."""
        with _without_iri_format_checks():
            import nbclient  # noqa: F401
        assert self.exporter is not None

    def pages_in_order(self) -> list[Path]:
        return [self.written[c.id] for c in self.chapters if c.id in self.written]

    def _step(self, title: str, result: str, seconds: float | None = None) -> None:
        self.finished += 1
        words = _say()
        timing = words.step_seconds.format(seconds=f"{seconds:.1f}") if seconds is not None else ""
        self.say(words.step.format(number=self.finished, total=self.total, title=title,
                                   result=result, timing=timing).rstrip())

    # --- chapters ---

    def chapter_done(self, outcome: _Outcome) -> None:
        chapter = outcome.job.chapter
        title = chapter.title
        if outcome.failure is not None:
            self.failures.append(outcome.failure)
            self._write(chapter, self._failed_page(chapter, title))
            self._step(title, _say().step_failed.format(failure=outcome.failure), outcome.seconds)
            return
        started = time.perf_counter()
        try:
            page = self._chapter_page(chapter, title, outcome.notebook)
        except Exception as exc:  # a conversion bug must not lose the other pages
            failure = ChapterFailure(chapter.file, None, "",
                                     _first_line(_say().not_html.format(
                                         problem=f"{type(exc).__name__}: {exc}")))
            self.failures.append(failure)
            self._write(chapter, self._failed_page(chapter, title))
            self._step(title, _say().step_failed.format(failure=failure), outcome.seconds)
            return
        self._write(chapter, page)
        self._step(title, _say().step_done, outcome.seconds + time.perf_counter() - started)

    def _write(self, chapter: content.Chapter, page: str) -> None:
        target = files.write_file(self.folder / page_name(chapter), page, overwrite=True)
        self.written[chapter.id] = target

    def _chapter_page(self, chapter: content.Chapter, title: str, nb: Any) -> str:
        for cell in nb.cells:
            kept = []
            for output in cell.get("outputs", []):
                if output.get("output_type") == "stream" and output.get("name") == "stderr":
                    self.warnings.append(_say().left_out.format(
                        file=chapter.file, output=_first_line(output.text)))
                    continue
                kept.append(output)
            if cell.cell_type == "code":
                cell.outputs = kept
        nb.metadata["title"] = _text().page_title(title)
        body, _resources = self.exporter.from_notebook_node(nb, resources={
            "od_header": self._header(chapter),
            "od_footer": self._footer(),
            "od_scripts": accessible_scripts(nb),
        })
        return self._finish(body)

    def _neighbours(self, chapter: content.Chapter | None) -> tuple[
            content.Chapter | None, content.Chapter | None]:
        if chapter is None:
            return None, (self.chapters[0] if self.chapters else None)
        at = [c.id for c in self.chapters].index(chapter.id)
        before = self.chapters[at - 1] if at > 0 else None
        after = self.chapters[at + 1] if at + 1 < len(self.chapters) else None
        return before, after

    def _header(self, chapter: content.Chapter | None) -> str:
        before, after = self._neighbours(chapter)
        return pages.render(
            "site_header.html.j2", w=_text().words, chapter=chapter,
            before=before, before_file=page_name(before) if before else "",
            after=after, after_file=page_name(after) if after else "",
            private_note=_text().note_for("mine") if self.data == "mine" else "",
        ).rstrip("\n")

    def _footer(self) -> str:
        return pages.render("site_footer.html.j2", w=_text().words,
                            data_note=_text().note_for(self.data)).rstrip("\n")

    def _failed_page(self, chapter: content.Chapter, title: str) -> str:
        import nbformat

        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(
            f"# {title}\n\n{_text().words.failed_page}")])
        nb.metadata["title"] = _text().page_title(title)
        body, _ = self.exporter.from_notebook_node(nb, resources={
            "od_header": self._header(chapter), "od_footer": self._footer()})
        return self._finish(body)

    # --- the index ---

    def write_index(self) -> Path:
        import nbformat

        from ..html.notices import contents_html, not_a_substitute_html, safety_box_html

        started = time.perf_counter()
        boxes = nbformat.v4.new_code_cell("", outputs=[
            nbformat.v4.new_output("display_data", data={"text/html": part})
            for part in (not_a_substitute_html(), safety_box_html(), contents_html())
        ])
        nb = nbformat.v4.new_notebook(cells=[
            nbformat.v4.new_markdown_cell(f"# {_text().words.title}\n\n{_text().words.intro}"),
            boxes,
            nbformat.v4.new_markdown_cell(
                f"{_text().note_for(self.data)} {_text().words.read_only}"),
        ])
        nb.metadata["title"] = _text().words.title
        body, _ = self.exporter.from_notebook_node(nb, resources={
            "od_header": self._header(None), "od_footer": ""})
        target = files.write_file(self.folder / "index.html", self._finish(body))
        self._step(_text().words.contents, _say().step_done, time.perf_counter() - started)
        return target

    # --- every page ---

    def _finish(self, page: str) -> str:
        """Links between chapters point at pages; the export's temporary folder is hidden."""
        pages = {c.file for c in self.chapters}

        def relink(match: re.Match[str]) -> str:
            name = match.group(2) + ".ipynb"
            return match.group(1) + (match.group(2) + ".html" if name in pages else name)

        page = _NOTEBOOK_HREF.sub(relink, page)
        return self._hide_data_folder(page)

    def _hide_data_folder(self, page: str) -> str:
        """Put where the journal really lives in place of the export's temporary folder.

        The folder shows up in HTML outputs, and JSON-escaped in the widget
        state (where nbconvert also writes "/" as "\\/").
        """
        folder = str(self.data_dir)
        rich, plain = _text().data_folder_text(code=True), _text().data_folder_text(code=False)

        def in_json(text: str) -> str:
            return json.dumps(text)[1:-1].replace("/", "\\/")

        coded = str(Markup("<code>{}</code>").format(folder))
        for old, new in ((coded, rich), (in_json(coded), in_json(rich))):
            page = page.replace(old, new)
        for form in (folder, html.escape(folder), in_json(folder), in_json(html.escape(folder))):
            page = page.replace(form, plain)
        return page


def page_name(chapter: content.Chapter) -> str:
    """``03_readiness_check_in.ipynb`` -> ``03_readiness_check_in.html``."""
    return chapter.file.removesuffix(".ipynb") + ".html"


# --- files ---------------------------------------------------------------------------


def check_out_folder(out: Path) -> None:
    """Refuse an ``out`` that is a file, or a folder with files that no export wrote."""
    if out.exists() and not out.is_dir():
        raise ExportError(_say().out_is_file.format(out=out))
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise ExportError(_say().out_not_empty.format(out=out))


def _copy_static(target: Path) -> None:
    """The shipped files, and the stylesheets rendered from their templates."""
    shutil.copytree(STATIC_DIR, target, ignore=shutil.ignore_patterns("README.md", "__pycache__"))
    for name, template in ((SITE_CSS, pages.SITE_CSS), (PRINT_CSS, pages.PRINT_CSS)):
        files.write_file(target / name, pages.stylesheet_file(template))


__all__ = [
    "DATA_CHOICES",
    "ChapterFailure",
    "DataChoice",
    "ExportError",
    "SiteReport",
    "check_out_folder",
    "export_site",
    "page_name",
    "print_progress",
]
