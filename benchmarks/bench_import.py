"""Speed and memory of ``workbook data import`` (``workbook.journal.transfer.import_file``).

Run from the repository with the project's Python:

    python benchmarks/bench_import.py                          # 10k, 100k, 1M entries
    python benchmarks/bench_import.py --sizes 10000,100000     # a quicker look
    python benchmarks/bench_import.py --formats json,csv

For each size an export file is written in a temporary folder, in the form
``workbook data export`` writes it (JSON with indent 2, or CSV): four check-ins that
rate every factor for each reflection, short notes, one entry every five minutes.
Then two programs run on it, each in a fresh Python process, in turn, ``--repeats``
times (median; one run at a million entries):

* **import**: ``import_file(Journal(new), file)``: every entry checked (a first
  reading, nothing written), then all of them added in one transaction (a second
  reading).
* **yardstick**: ``json.load`` (or ``csv.DictReader`` into a list) of the same file,
  then one ``sqlite3`` ``executemany`` per table of the same rows into a journal with
  the same schema, in one transaction, with nothing checked. The plain way to load the
  data, holding all of it in memory.

Figures per program: entries per second, and peak memory: the process's high-water
mark (VmHWM) less that of the same Python with the same modules imported and nothing
done, as a ratio to the file size and in entries (peak / average bytes per entry in
the file). Targets (PASS or MISS; the script always exits 0):

* import peak memory at most 5% of the file size at a million entries, and flat: the
  peak at the largest size at most twice the peak at 10k;
* import at most 5 times the yardstick's time (it reads the file twice and checks
  every field of every entry; the yardstick checks nothing).

Your own journal is never read or written. See ``benchmarks/README.md``.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from workbook import content, paths
from workbook.journal.transfer import csv_columns

SIZES = (10_000, 100_000, 1_000_000)
REPEATS = 3
TARGET_MEMORY_SHARE = 0.05
TARGET_FLAT = 2.0
TARGET_TIME_RATIO = 5.0

# Every program prints its high-water mark last; imports are the same in all three.
PRELUDE = """
import csv, json, re, sqlite3, sys
from pathlib import Path
from workbook.journal.store import Journal
from workbook.journal.transfer import import_file

def high_water_mark():
    status = Path("/proc/self/status").read_text()
    return int(re.search(r"VmHWM:\\s+(\\d+) kB", status).group(1)) * 1024
"""

IDLE = PRELUDE + """
print(high_water_mark())
"""

IMPORT = PRELUDE + """
summary = import_file(Journal(Path(sys.argv[2])), Path(sys.argv[1]))
assert summary.checkins_added + summary.reflections_added == int(sys.argv[3]), summary
print(high_water_mark())
"""

# The same import under tracemalloc (slower, so not timed): what Python itself holds,
# without SQLite's page caches.
IMPORT_HEAP = PRELUDE + """
import tracemalloc
from workbook import content
content.factors()  # loaded once per process, not per import
tracemalloc.start()
import_file(Journal(Path(sys.argv[2])), Path(sys.argv[1]))
print(tracemalloc.get_traced_memory()[1])
"""

YARDSTICK = PRELUDE + """
source, target = Path(sys.argv[1]), Path(sys.argv[2])
Journal(target).set_setting("benchmark", True)  # the same schema, made the usual way
if source.suffix == ".json":
    with source.open(encoding="utf-8") as fh:
        document = json.load(fh)
    checkins, reflections = document["checkins"], document["reflections"]
else:
    with source.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    checkins = [{**r, "ratings": {k[7:]: int(v) for k, v in r.items()
                                  if k.startswith("rating_") and v}}
                for r in rows if r["entry"] == "checkin"]
    reflections = [{**r, "tags": [t for t in r["tags"].split("; ") if t]}
                   for r in rows if r["entry"] == "reflection"]
db = sqlite3.connect(target, isolation_level=None)
db.execute("PRAGMA synchronous = FULL")
db.execute("BEGIN IMMEDIATE")
db.executemany(
    "INSERT INTO checkins (id, uid, at, at_utc, perspective, person, note) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)",
    ((n, c["id"], c["when"], c["when"], c["perspective"], c["person"], c["note"])
     for n, c in enumerate(checkins, 1)))
db.executemany(
    "INSERT INTO ratings (checkin_id, factor, rating) VALUES (?, ?, ?)",
    ((n, f, r) for n, c in enumerate(checkins, 1) for f, r in c["ratings"].items()))
db.executemany(
    "INSERT INTO reflections (uid, at, at_utc, text, mood, stress, tags, event) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    ((r["id"], r["when"], r["when"], r["text"], r["mood"] or None, r["stress"] or None,
      json.dumps(r["tags"]), r["event"] or None) for r in reflections))
db.execute("COMMIT")
assert len(checkins) + len(reflections) == int(sys.argv[3])
print(high_water_mark())
"""


@dataclass(frozen=True)
class Run:
    seconds: float
    peak: int  # bytes above an idle process


def entries(kind: str, count: int) -> Iterator[dict[str, object]]:
    """The check-ins or the reflections among ``count`` entries, as export writes them."""
    factors = content.factor_ids()
    start = datetime(2016, 1, 4, 8, 0, tzinfo=UTC)
    for i in range(count):
        if (i % 5 == 4) != (kind == "reflections"):
            continue
        when = (start + timedelta(minutes=5 * i)).isoformat(timespec="seconds")
        if kind == "checkins":
            yield {"id": f"bench-c{i}", "when": when, "perspective": "supporter",
                   "person": "Sam", "note": "We talked about the appointment again.",
                   "ratings": {f: (i * 7 + n * 3) % 11 for n, f in enumerate(factors)}}
        else:
            yield {"id": f"bench-r{i}", "when": when, "text": "A quiet day. Slept better.",
                   "mood": i % 11, "stress": i * 3 % 11, "tags": ["sleep"], "event": None,
                   "kind": None, "answers": {}}


def write_export(path: Path, fmt: str, count: int) -> None:
    """An export of ``count`` entries, written as it is made (never all in memory)."""
    with path.open("w", encoding="utf-8", newline="") as out:
        if fmt == "json":
            out.write('{\n  "format": "open-door-journal",\n  "version": 2')
            for kind in ("checkins", "reflections"):
                out.write(f',\n  "{kind}": [')
                for n, item in enumerate(entries(kind, count)):
                    text = json.dumps(item, indent=2, ensure_ascii=False)
                    out.write(("," if n else "") + "\n    " + text.replace("\n", "\n    "))
                out.write("\n  ]")
            out.write(',\n  "settings": {}\n}\n')
            return
        writer = csv.DictWriter(out, fieldnames=csv_columns(), lineterminator="\n")
        writer.writeheader()
        for kind in ("checkins", "reflections"):
            for item in entries(kind, count):
                row = {k: "" if v in (None, {}) else v for k, v in item.items()
                       if k != "ratings"}
                row["entry"] = kind[:-1]
                if kind == "checkins":
                    ratings = item["ratings"]
                    assert isinstance(ratings, dict)
                    row.update({f"rating_{f}": r for f, r in ratings.items()})
                else:
                    row["tags"] = "; ".join(item["tags"])  # type: ignore[arg-type]
                writer.writerow(row)


def run(script: str, args: Sequence[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall time and high-water mark of a fresh Python running ``script``."""
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", script, *args], env=env,
                            capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        tail = "\n".join(result.stderr.splitlines()[-5:])
        raise SystemExit(f"benchmark program failed:\n{tail}")
    return seconds, int(result.stdout.split()[-1])


def verdict(passed: bool) -> str:
    return "PASS" if passed else "MISS"


def megabytes(value: float) -> str:
    return f"{value / 1e6:,.1f} MB"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)),
                        help="entries per file, comma-separated (default: 10k, 100k, 1M)")
    parser.add_argument("--formats", default="json,csv", help="json, csv or json,csv")
    parser.add_argument("--repeats", type=int, default=REPEATS,
                        help=f"runs of each program (median; default {REPEATS}, "
                        "one at a million entries and more)")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    formats = [f.strip() for f in args.formats.split(",")]
    print(f"Import benchmark: {os.cpu_count()} CPU cores, Python {sys.version.split()[0]}. "
          "Each figure is a fresh Python process.\n")

    with tempfile.TemporaryDirectory(prefix="bench-import-") as tmp_name:
        tmp = Path(tmp_name)
        env = {**os.environ, paths.DATA_DIR_ENV: str(tmp / "data")}
        idle = statistics.median(run(IDLE, [], env)[1] for _ in range(3))
        print(f"An idle process (Python and these modules imported): {megabytes(idle)}.\n")
        header = (f"{'format':>6} {'entries':>10} {'file':>10} {'program':>9} {'time':>8} "
                  f"{'entries/s':>10} {'peak':>10} {'peak/file':>9} {'peak in entries':>15}")
        print(header)
        outcomes: list[tuple[str, int, int, Run, Run]] = []
        for fmt in formats:
            for size in sizes:
                source = tmp / f"export-{size}.{fmt}"
                write_export(source, fmt, size)
                file_size = source.stat().st_size
                repeats = 1 if size >= 1_000_000 else args.repeats
                times: dict[str, list[float]] = {"import": [], "yardstick": []}
                peaks: dict[str, list[int]] = {"import": [], "yardstick": []}
                for repeat in range(repeats):
                    for name, script in (("import", IMPORT), ("yardstick", YARDSTICK)):
                        target = tmp / f"{name}-{size}-{repeat}.sqlite3"
                        seconds, peak = run(script, [str(source), str(target), str(size)], env)
                        target.unlink()
                        times[name].append(seconds)
                        peaks[name].append(peak)
                results = {name: Run(statistics.median(times[name]),
                                     int(max(statistics.median(peaks[name]) - idle, 0)))
                           for name in times}
                target = tmp / f"heap-{size}.sqlite3"
                heap = run(IMPORT_HEAP, [str(source), str(target), str(size)], env)[1]
                target.unlink()
                for name, result in results.items():
                    per_entry = file_size / size
                    print(f"{fmt:>6} {size:>10,} {megabytes(file_size):>10} {name:>9} "
                          f"{result.seconds:>7.1f}s {size / result.seconds:>10,.0f} "
                          f"{megabytes(result.peak):>10} {result.peak / file_size:>9.3f} "
                          f"{result.peak / per_entry:>15,.0f}")
                print(f"{'':>39} Python's own peak in the import (tracemalloc): "
                      f"{megabytes(heap)}, {heap / per_entry:,.0f} entries")
                outcomes.append((fmt, size, file_size, results["import"],
                                 results["yardstick"]))
                source.unlink()

    print()
    for fmt in formats:
        mine = [o for o in outcomes if o[0] == fmt]
        for _fmt, size, _size, imported, yardstick in mine:
            print(f"  {fmt} {size:,}: import time = {imported.seconds / yardstick.seconds:.2f}x "
                  f"the yardstick's (target <= {TARGET_TIME_RATIO:.0f}x): "
                  f"{verdict(imported.seconds / yardstick.seconds <= TARGET_TIME_RATIO)}; "
                  f"yardstick peak = {yardstick.peak / max(imported.peak, 1):,.0f}x the import's")
        _fmt, size, file_size, imported, _yardstick = mine[-1]
        share = imported.peak / file_size
        # Judged on big files only: the peak is about constant, so a small file's share is big.
        judged = (f"(target <= {TARGET_MEMORY_SHARE:.0%}): {verdict(share <= TARGET_MEMORY_SHARE)}"
                  if size >= 1_000_000 else "(judged at 1,000,000 entries)")
        print(f"  {fmt} {size:,}: import peak = {share:.2%} of the file {judged}")
        # Below about 10k entries SQLite's page caches are not full yet.
        reference = next((o for o in mine if o[1] >= 10_000), mine[0])
        if reference is not mine[-1]:
            flat = imported.peak / max(reference[3].peak, 1)
            print(f"  {fmt}: import peak at {size:,} = {flat:.2f}x the peak at "
                  f"{reference[1]:,} (target <= {TARGET_FLAT:.0f}x): "
                  f"{verdict(flat <= TARGET_FLAT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
