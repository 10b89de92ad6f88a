"""Speed of reading the journal: ``Journal.checkins()`` on a 10 MB journal.

Run from the repository with the project's Python:

    python benchmarks/bench_journal.py               # about half a minute on 2 cores

It builds a throw-away journal of about 10 MB (``--checkins`` check-ins with a
note, 15 ratings each) in a temporary ``WORKBOOK_DATA_DIR`` and times, median
of ``--repeats`` runs:

* **yardstick**: the same rows read with plain SQLite, no checks at all;
* **checkins(), file changed**: the first read after another program wrote the
  file, which runs the integrity check (``PRAGMA quick_check``) once;
* **checkins(), unchanged**: every later read (the check is not run again).

Target: unchanged reads at most 2 times the yardstick (they used to run the
check every time: 0.75 s on 10.7 MB). Reports PASS or MISS, always exits 0.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from workbook import content, paths
from workbook.journal.model import make_checkin
from workbook.journal.store import Journal

TARGET_RATIO = 2.0


def median_seconds(run: Callable[[], object], repeats: int,
                   before: Callable[[], object] = lambda: None) -> float:
    times = []
    for _ in range(repeats):
        before()
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--checkins", type=int, default=15_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ[paths.DATA_DIR_ENV] = str(Path(tmp) / "data")
        journal = Journal()
        factors = content.factor_ids()
        start = datetime(2024, 1, 1, tzinfo=UTC)
        journal.import_entries([
            make_checkin("supporter", {f: (i + n) % 11 for n, f in enumerate(factors)},
                         note=f"note {i} " * 20, when=start + timedelta(hours=i))
            for i in range(args.checkins)], [])
        size = journal.path.stat().st_size / 1e6

        def plain_read() -> None:
            db = sqlite3.connect(journal.path)
            db.execute("SELECT id, uid, at, perspective, person, note FROM checkins "
                       "ORDER BY at_utc, uid").fetchall()
            db.execute("SELECT checkin_id, factor, rating FROM ratings").fetchall()
            db.close()

        def another_program_writes() -> None:
            db = sqlite3.connect(journal.path)
            db.execute("INSERT OR REPLACE INTO settings (key, value) VALUES ('bench', '1')")
            db.commit()
            db.close()

        yardstick = median_seconds(plain_read, args.repeats)
        changed = median_seconds(journal.checkins, args.repeats, another_program_writes)
        unchanged = median_seconds(journal.checkins, args.repeats)
    ratio = unchanged / yardstick
    print(f"journal: {args.checkins:,} check-ins, {size:.1f} MB")
    print(f"yardstick (plain SQLite read):  {yardstick:.3f} s")
    print(f"checkins(), file changed:       {changed:.3f} s")
    print(f"checkins(), unchanged:          {unchanged:.3f} s")
    verdict = "PASS" if ratio <= TARGET_RATIO else "MISS"
    print(f"unchanged / yardstick = {ratio:.2f}x (target <= {TARGET_RATIO}x): {verdict}")


if __name__ == "__main__":
    main()
