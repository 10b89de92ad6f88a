"""Speed of the instructor export (``workbook.publish.site.export_site``) against two yardsticks.

Run from the repository with the project's Python:

    python benchmarks/bench_export.py               # about 1.5 minutes on 2 cores
    python benchmarks/bench_export.py --repeats 1   # a quick look

Three figures, each the wall time of a fresh Python process (interpreter start
and imports included, as a user running a command waits for them), median of
``--repeats`` runs taken in turn so that a busy machine slows all of them alike:

* **export**: ``export_site(out, "sample")`` for every written chapter.
* **floor**: nbclient executing as many *empty* notebooks, the same number at
  a time, each in a fresh kernel as nbclient starts by default, shut down at
  once. It is what running the chapters costs before any chapter code runs
  (kernel starts and nbclient's own imports) and before any HTML is written.
* **floor, nbclient defaults**: the same with nbclient's default graceful
  kernel shutdown, which now and then waits seconds for a kernel to exit. For
  information only: judging against it would flatter the export.
* **nbconvert**: ``jupyter nbconvert --execute --to html`` on each chapter, one
  after another, one process per chapter (run once; it is slow).

Everything runs on the fictional sample journey in a temporary
``WORKBOOK_DATA_DIR``; your own journal is never read. Targets: export at most
1.5 times the floor, and faster than nbconvert. The script reports PASS or
MISS and always exits 0. See ``benchmarks/README.md``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from workbook import content, paths
from workbook.journal.store import Journal
from workbook.journal.transfer import import_file

TARGET_FLOOR_RATIO = 1.5
REPEATS = 3

EXPORT_SCRIPT = """
import sys
from pathlib import Path
from workbook.publish.site import export_site
report = export_site(Path(sys.argv[1]), "sample", jobs=int(sys.argv[2]), progress=lambda _m: None)
sys.exit(0 if report.ok else 1)
"""

# The floor: a new kernel per notebook from the notebook's kernelspec, as nbclient
# does by default; `jobs` notebooks at a time, each notebook empty; the kernel
# shut down "immediate" or "graceful" (nbclient's default).
FLOOR_SCRIPT = """
import asyncio, sys
import nbformat
from nbclient import NotebookClient

count, jobs, cwd, shutdown = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]

async def worker(queue):
    while not queue.empty():
        queue.get_nowait()
        nb = nbformat.v4.new_notebook()
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                     "language": "python"}
        client = NotebookClient(nb, timeout=120, shutdown_kernel=shutdown,
                                resources={"metadata": {"path": cwd}})
        await client.async_execute()

async def main():
    queue = asyncio.Queue()
    for n in range(count):
        queue.put_nowait(n)
    await asyncio.gather(*(worker(queue) for _ in range(jobs)))

asyncio.run(main())
"""


def timed(command: Sequence[str], env: dict[str, str], what: str) -> float:
    started = time.perf_counter()
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        tail = "\n".join((result.stderr or result.stdout).splitlines()[-5:])
        print(f"  ({what} exited with {result.returncode}: {tail})")
    return seconds


def verdict(passed: bool) -> str:
    return "PASS" if passed else "MISS"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeats", type=int, default=REPEATS,
                        help=f"runs of the export and of the floor (median; default {REPEATS})")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        help="notebooks at a time, for the export and the floor "
                             "(default: CPU cores)")
    parser.add_argument("--skip-nbconvert", action="store_true",
                        help="leave out the sequential nbconvert run")
    args = parser.parse_args(argv)

    chapters = [c for c in content.chapters() if not c.planned]
    count = len(chapters)
    jobs = max(1, min(args.jobs, count))
    print(f"Export benchmark: {count} chapters, {jobs} at a time, {os.cpu_count()} CPU cores, "
          f"Python {sys.version.split()[0]}; median of {args.repeats} run(s) each.")
    print("Each figure is the wall time of a fresh Python process, imports included.\n")

    with tempfile.TemporaryDirectory(prefix="bench-export-") as tmp_name:
        tmp = Path(tmp_name)
        data = tmp / "data"
        data.mkdir(mode=0o700)
        import_file(Journal(data / paths.JOURNAL_FILENAME), paths.SAMPLE_JOURNEY)
        env = {**os.environ, paths.DATA_DIR_ENV: str(data)}

        exports: list[float] = []
        floors: list[float] = []
        graceful: list[float] = []

        def floor_run(shutdown: str) -> float:
            return timed([sys.executable, "-c", FLOOR_SCRIPT, str(count), str(jobs),
                          str(paths.NOTEBOOKS_DIR), shutdown], env, f"floor ({shutdown})")

        for run in range(args.repeats):
            floors.append(floor_run("immediate"))
            exports.append(timed(
                [sys.executable, "-c", EXPORT_SCRIPT, str(tmp / f"site-{run}"), str(jobs)],
                env, "export"))
            graceful.append(floor_run("graceful"))
        export, floor = statistics.median(exports), statistics.median(floors)

        nbconvert: float | None = None
        if not args.skip_nbconvert:
            nbconvert = 0.0
            for chapter in chapters:
                nbconvert += timed(
                    [sys.executable, "-m", "jupyter", "nbconvert", "--execute", "--to", "html",
                     "--ExecutePreprocessor.timeout=180", f"--output-dir={tmp / 'nbconvert'}",
                     str(paths.NOTEBOOKS_DIR / chapter.file)], env, f"nbconvert {chapter.file}")

    def runs(values: list[float]) -> str:
        return ", ".join(f"{v:.1f}" for v in values)

    print(f"  export     {export:5.1f} s  (runs: {runs(exports)})")
    print(f"  floor      {floor:5.1f} s  (runs: {runs(floors)})")
    print(f"             = nbclient running {count} empty notebooks, {jobs} at a time, each in "
          "a fresh\n               kernel (nbclient's default) that is shut down at once")
    print(f"  floor, nbclient defaults {statistics.median(graceful):.1f} s  "
          f"(runs: {runs(graceful)}): the same with graceful shutdown (information only)")
    if nbconvert is not None:
        print(f"  nbconvert  {nbconvert:5.1f} s  = `jupyter nbconvert --execute --to html`, "
              f"{count} notebooks one after another")
    print()
    ratio = export / floor
    print(f"  export / floor = {ratio:.2f}x (target <= {TARGET_FLOOR_RATIO}x): "
          f"{verdict(ratio <= TARGET_FLOOR_RATIO)}")
    if nbconvert is not None:
        print(f"  export vs nbconvert = {export:.1f} s vs {nbconvert:.1f} s "
              f"({nbconvert / export:.1f}x faster; target: faster): "
              f"{verdict(export < nbconvert)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
