"""A room under load: 30 participants save a check-in and hand it in at the same moment.

Run from the repository with the project's Python:

    python benchmarks/bench_hub.py                  # about 20 seconds on 2 cores
    python benchmarks/bench_hub.py --participants 60

One server, as deploy/jupyterhub/ runs it: each participant is a separate process (a
kernel, in the room) with their own private data folder (0700) and journal, and all
hand in to one drop folder. They wait at a barrier and then, all at once, save a
check-in (``Journal.add_checkin``) and hand in (``workshop.hand_in``). Afterwards every
journal and the drop folder are read back.

Reported: lost entries (check-ins not in their journal plus hand-ins missing or
unreadable in the folder; must be 0), the 95th-percentile save time, and that as a
ratio to the yardstick: one participant saving alone (a fresh process's first save, as each
in the crowd makes; median of 3 lone runs, in the same run on the same machine).
Reports, never fails: always exits 0. The Unix modes of a real room (accounts, 3733) are checked by
tests/test_hub.py, not here.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

TARGET_LOST = 0


def _participant(number: int, root: str, start: Any, results: Any, repeats: int) -> None:
    data = Path(root) / f"participant-{number}"
    data.mkdir(mode=0o700)
    os.environ["WORKBOOK_DATA_DIR"] = str(data)
    from workbook.journal.model import make_checkin
    from workbook.journal.store import Journal
    from workbook.journal.workshop import hand_in

    journal = Journal()
    journal.set_setting("warm_up", True)  # the file exists before the clock starts
    start.wait()
    saves = []
    for _ in range(repeats):
        began = time.perf_counter()
        journal.add_checkin(make_checkin("supporter", {"fear": number % 11, "hope": 5}))
        saves.append(time.perf_counter() - began)
    began = time.perf_counter()
    error = ""
    try:
        hand_in(Path(root) / "hand-in", journal)
    except Exception as exc:  # reported as a lost hand-in
        error = str(exc)
    results.put((number, saves, time.perf_counter() - began, error))


Result = tuple[int, list[float], float, str]  # participant, save times, hand-in time, error


def run(participants: int, root: Path, repeats: int = 1) -> list[Result]:
    ctx = mp.get_context("spawn")  # a fresh interpreter each, as a kernel is
    start = ctx.Barrier(participants)
    results = ctx.Queue()
    workers = [ctx.Process(target=_participant, args=(n, str(root), start, results, repeats))
               for n in range(participants)]
    for worker in workers:
        worker.start()
    got = [results.get(timeout=300) for _ in workers]
    for worker in workers:
        worker.join(60)
    return got


def lost_entries(root: Path, got: list[Result], repeats: int) -> int:
    from workbook import paths
    from workbook.journal.store import Journal
    from workbook.journal.workshop import files_in_folder, read_shares

    lost = 0
    for number, _saves, _hand, _error in got:
        journal = Journal(root / f"participant-{number}" / paths.JOURNAL_FILENAME)
        lost += max(0, repeats - len(journal.checkins()))
    shares, rejected = read_shares(files_in_folder(root / "hand-in"))
    lost += max(0, len(got) - len(shares)) + len(rejected)
    return lost


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-hub-") as folder:
        # The same first save of a fresh process as in the crowd, with nobody else about.
        firsts = []
        for attempt in range(3):
            alone_root = Path(folder) / f"alone-{attempt}"
            (alone_root / "hand-in").mkdir(parents=True)
            firsts.append(run(1, alone_root)[0][1][0])
        yardstick = statistics.median(firsts)
        room = Path(folder) / "room"
        (room / "hand-in").mkdir(parents=True)
        began = time.perf_counter()
        got = run(args.participants, room)
        wall = time.perf_counter() - began
        saves = sorted(s for _n, times, _h, _e in got for s in times)
        hand_ins = sorted(h for _n, _t, h, _e in got)
        p95 = statistics.quantiles(saves, n=20)[-1]
        p95_hand = statistics.quantiles(hand_ins, n=20)[-1]
        lost = lost_entries(room, got, 1)
        errors = [e for *_rest, e in got if e]
    print(f"participants at once:         {args.participants} (all done in {wall:.1f} s)")
    print(f"yardstick, one saving alone:  {yardstick * 1000:.1f} ms "
          "(first save of a fresh process, median of 3)")
    print(f"save, 95th percentile:        {p95 * 1000:.1f} ms = "
          f"{p95 / yardstick:.1f}x the yardstick")
    print(f"save, slowest:                {saves[-1] * 1000:.1f} ms")
    print(f"hand-in, 95th percentile:     {p95_hand * 1000:.1f} ms")
    print(f"lost entries:                 {lost} (target {TARGET_LOST}): "
          f"{'PASS' if lost == TARGET_LOST else 'MISS'}")
    for error in errors:
        print("hand-in failed:", error)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
