"""Speed of the "Reflections over time" charts at 10, 1,000 and 100,000 check-ins.

Run from the repository:

    python benchmarks/bench_charts.py              # a few minutes
    python benchmarks/bench_charts.py --sizes 10,1000 --repeats 3   # quicker
    python benchmarks/bench_charts.py --only bounded --repeats 1    # one benchmark

It builds throw-away journals in a temporary folder (``WORKBOOK_DATA_DIR``
points there; your own journal is never touched), then runs every benchmark
in :data:`BENCHMARKS`, each printing its own block. A benchmark reports PASS
or MISS against its target; the script always exits 0, because a benchmark
reports and never fails the test suite. See ``benchmarks/README.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from functools import partial
from pathlib import Path

from workbook import charts, content, paths
from workbook.charts.render import figure_svg
from workbook.journal import timeline
from workbook.journal.model import CheckIn, Reflection, make_checkin, make_reflection
from workbook.journal.store import Journal
from workbook.publish import report
from workbook.views import journal as journal_gui
from workbook.views import summary as summary_gui

SIZES = (10, 1_000, 100_000)
REPEATS = 5
# Load and draw for 100,000 check-ins may take at most this many times as long as for 1,000.
TARGET_RATIO = 3.0
SPAN = timedelta(days=3 * 365)  # every journal covers three years
START = datetime(2023, 4, 3, 8, 0, tzinfo=timezone(timedelta(hours=-5)))
EVENTS_PER_JOURNAL = 36  # about one a month


@dataclass(frozen=True)
class Outcome:
    """One benchmark's verdict, for the summary at the end."""

    name: str
    passed: bool | None  # None: measured, but no target to compare with


Benchmark = Callable[[Mapping[int, Journal], int], list[Outcome]]


# --- journals ------------------------------------------------------------------------------


def make_entries(count: int, seed: int = 1) -> tuple[list[CheckIn], list[Reflection]]:
    """``count`` check-ins rating every factor, spread evenly over three years, plus
    one reflection for every five check-ins (at least two), about 36 of them with an event."""
    rng = random.Random(seed)
    factor_ids = [f.id for f in content.factors()]
    step = SPAN / max(count, 1)
    checkins = []
    for i in range(count):
        drift = 3 * i / max(count - 1, 1)  # ratings move a little over the years
        ratings = {f: min(10, max(0, round(rng.gauss(4 + drift, 2)))) for f in factor_ids}
        checkins.append(make_checkin("supporter", ratings, person="Sam", when=START + i * step,
                                     uid=f"bench-c{i}"))
    reflection_count = max(2, count // 5)
    every = max(1, reflection_count // EVENTS_PER_JOURNAL)
    rstep = SPAN / reflection_count
    reflections = [
        make_reflection(
            "A few words about today.", mood=rng.randint(0, 10), stress=rng.randint(0, 10),
            tags=["bench"], event=f"event {i // every + 1}" if i % every == 0 else None,
            when=START + i * rstep + timedelta(hours=3), uid=f"bench-r{i}",
        )
        for i in range(reflection_count)
    ]
    return checkins, reflections


def build_journals(folder: Path, sizes: Sequence[int]) -> dict[int, Journal]:
    journals = {}
    for size in sizes:
        started = time.perf_counter()
        # WORKBOOK_DATA_DIR points into the temporary folder, one data folder per size.
        os.environ[paths.DATA_DIR_ENV] = str(folder / f"checkins-{size}")
        journal = Journal()
        checkins, reflections = make_entries(size)
        journal.import_entries(checkins, reflections)
        journals[size] = Journal(journal.path)
        print(f"  built a journal of {size:>9,} check-ins and {len(reflections):,} reflections "
              f"in {time.perf_counter() - started:.1f} s", flush=True)
    return journals


# --- timing helpers ----------------------------------------------------------------------------


def median_time(action: Callable[[], object], repeats: int) -> float:
    action()  # warm up: imports, caches, the first font lookup
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def verdict(passed: bool) -> str:
    return "PASS" if passed else "MISS"


# --- 1. load and draw --------------------------------------------------------------------------


def read_frames(journal: Journal) -> timeline.TimelineFrames:
    return timeline.read_frames(journal)


def draw_charts(frames: timeline.TimelineFrames) -> None:
    for chart in charts.over_time_charts(frames).all():
        figure_svg(chart.figure)  # what the chapter shows


def load_and_draw(journal: Journal) -> None:
    draw_charts(read_frames(journal))


def load_and_draw_benchmark(journals: Mapping[int, Journal], repeats: int) -> list[Outcome]:
    """Timeline reads + all four over-time charts drawn to SVG (as shown), per journal size."""
    print("\n1. Load and draw: timeline reads + 4 charts drawn to SVG, as the chapter shows them")
    print(f"   median of {repeats} runs (range 'Everything')\n")
    print(f"   {'check-ins':>10}  {'resolution':>10}  {'read':>8}  {'draw':>8}  {'total':>8}")
    totals: dict[int, float] = {}
    for size, journal in journals.items():
        frames = read_frames(journal)
        read_time = median_time(partial(read_frames, journal), repeats)
        draw_time = median_time(partial(draw_charts, frames), repeats)
        total = median_time(partial(load_and_draw, journal), repeats)
        totals[size] = total
        resolution = timeline.resolution_of(frames.factors)
        print(f"   {size:>10,}  {resolution:>10}  {read_time:>7.2f}s  {draw_time:>7.2f}s  "
              f"{total:>7.2f}s", flush=True)

    outcomes = []
    if 1_000 in totals and 100_000 in totals:
        ratio = totals[100_000] / totals[1_000]
        passed = ratio <= TARGET_RATIO
        print(f"\n   100k / 1k: {ratio:.1f}x   target <= {TARGET_RATIO:g}x   {verdict(passed)}")
        outcomes.append(Outcome("load and draw, 100k / 1k", passed))
    if 10 in totals and 1_000 in totals:
        print(f"   1k / 10:   {totals[1_000] / totals[10]:.1f}x   (for information)")
    return outcomes


# --- 2. redraw when a slider moves ---------------------------------------------------------------


SLIDER_TARGET = 0.100  # seconds, median
SLIDER_MOVES = 21


def redraw_profile_benchmark(journals: Mapping[int, Journal], repeats: int) -> list[Outcome]:
    """In-process time from a check-in slider change to a redrawn profile (chart + text)."""
    from workbook.views.checkin import CheckInSession

    print("\n2. Check-in profile redraw after a slider moves (in the kernel, no browser)")
    print(f"   median of {SLIDER_MOVES} moves; the journal's last check-in is the comparison\n")
    outcomes = []
    for size, journal in journals.items():
        session = CheckInSession(journal)
        slider = session.sliders["fear"].slider
        times = []
        for move in range(SLIDER_MOVES + 1):
            started = time.perf_counter()
            slider.value = move % 11  # the observer redraws the profile
            times.append(time.perf_counter() - started)
        median = statistics.median(times[1:])  # the first move warms caches
        passed = median < SLIDER_TARGET
        print(f"   {size:>10,} check-ins: {median * 1000:6.1f} ms   "
              f"target < {SLIDER_TARGET * 1000:.0f} ms   {verdict(passed)}", flush=True)
        outcomes.append(Outcome(f"slider redraw, {size:,} check-ins", passed))
    return outcomes


# --- 3. bounded drawing: the chapter, the summary and the report ----------------------------------


BOUNDED_SIZES = (1_000, 100_000)  # entries: check-ins plus reflections
BOUNDED_SPANS = {"5 years": timedelta(days=5 * 365), "40 years": timedelta(days=40 * 365)}
BOUNDED_REPEATS = 3


def journey_entries(total: int, span: timedelta) -> tuple[list[CheckIn], list[Reflection]]:
    """About ``total`` entries made by repeating the sample journey (12 check-ins,
    24 reflections, 7 of them with an event, over 11 weeks), its copies spread
    evenly over ``span``: a third check-ins, about one entry in five an event."""
    journey = json.loads(paths.SAMPLE_JOURNEY.read_text(encoding="utf-8"))
    per_copy = len(journey["checkins"]) + len(journey["reflections"])
    copies = max(1, round(total / per_copy))
    times = [datetime.fromisoformat(e["when"])
             for e in [*journey["checkins"], *journey["reflections"]]]
    journey_length = max(times) - min(times)
    step = (span - journey_length) / max(copies - 1, 1)
    checkins: list[CheckIn] = []
    reflections: list[Reflection] = []
    for copy in range(copies):
        shift = -copy * step  # the newest copy is the sample journey itself
        for entry in journey["checkins"]:
            checkins.append(make_checkin(
                entry["perspective"], entry["ratings"], person=entry["person"],
                note=entry["note"], when=datetime.fromisoformat(entry["when"]) + shift,
                uid=f"{entry['id']}-{copy}"))
        for entry in journey["reflections"]:
            reflections.append(make_reflection(
                entry["text"], mood=entry["mood"], stress=entry["stress"], tags=entry["tags"],
                event=entry["event"], when=datetime.fromisoformat(entry["when"]) + shift,
                uid=f"{entry['id']}-{copy}"))
    return checkins, reflections


def _chapter() -> None:
    journal_gui.over_time()  # reads, draws every chart as SVG and fills the table


def _summary() -> None:
    summary_gui.my_summary()


def _report(out: Path) -> None:
    report.write_summary(out, overwrite=True)  # what `workbook report` writes


def bounded_benchmark(_journals: Mapping[int, Journal], repeats: int) -> list[Outcome]:
    """The over-time chapter, the summary and the report at 1,000 and 100,000 entries with
    many events (a fifth of all entries), over five years and over forty years."""
    repeats = min(repeats, BOUNDED_REPEATS)
    print("\n3. Bounded drawing: chapter 04 (widgets, charts as SVG, table), chapter 07 "
          "(summary) and `workbook report`,")
    print(f"   journals made by repeating the sample journey; median of {repeats} runs\n")
    saved = os.environ.get(paths.DATA_DIR_ENV)
    outcomes = []
    try:
        with tempfile.TemporaryDirectory(prefix="open-door-bounded-") as folder:
            places: dict[tuple[str, int], Path] = {}
            for span_name, span in BOUNDED_SPANS.items():
                for size in BOUNDED_SIZES:
                    started = time.perf_counter()
                    place = Path(folder) / f"{size}-{span.days}"
                    os.environ[paths.DATA_DIR_ENV] = str(place)
                    checkins, reflections = journey_entries(size, span)
                    Journal().import_entries(checkins, reflections)
                    events = sum(1 for r in reflections if r.event)
                    places[(span_name, size)] = place
                    print(f"   built {len(checkins) + len(reflections):>7,} entries "
                          f"({events:,} events) over {span_name} in "
                          f"{time.perf_counter() - started:.1f} s", flush=True)
            views: dict[str, Callable[[], object]] = {
                "chapter": _chapter, "summary": _summary,
                "report": partial(_report, Path(folder) / "summary.html"),
            }
            os.environ[paths.DATA_DIR_ENV] = str(places[(next(iter(BOUNDED_SPANS)),
                                                         BOUNDED_SIZES[0])])
            for view in views.values():
                view()  # warm up once: imports, fonts
            # Runs take turns (1k, 100k, 1k, ...), so a busy moment on the machine
            # slows both sizes alike rather than one of them.
            runs: dict[tuple[str, int, str], list[float]] = {}
            for _ in range(repeats):
                for (span_name, size), place in places.items():
                    os.environ[paths.DATA_DIR_ENV] = str(place)
                    for name, view in views.items():
                        started = time.perf_counter()
                        view()
                        runs.setdefault((span_name, size, name), []).append(
                            time.perf_counter() - started)
            times = {key: statistics.median(values) for key, values in runs.items()}
            print(f"\n   {'span':>9}  {'entries':>8}  " + "  ".join(f"{v:>8}" for v in views))
            for span_name, size in places:
                print(f"   {span_name:>9}  {size:>8,}  " + "  ".join(
                    f"{times[(span_name, size, name)]:>7.2f}s" for name in views), flush=True)
    finally:
        if saved is None:
            os.environ.pop(paths.DATA_DIR_ENV, None)
        else:
            os.environ[paths.DATA_DIR_ENV] = saved
    small, large = BOUNDED_SIZES[0], BOUNDED_SIZES[-1]
    print(f"\n   {large // 1000}k / {small // 1000}k, target <= {TARGET_RATIO:g}x:")
    for span_name in BOUNDED_SPANS:
        for name in views:
            ratio = times[(span_name, large, name)] / times[(span_name, small, name)]
            passed = ratio <= TARGET_RATIO
            print(f"   {span_name:>9}  {name:<8} {ratio:5.1f}x   {verdict(passed)}")
            outcomes.append(Outcome(f"{name}, {span_name}, {large // 1000}k / "
                                    f"{small // 1000}k entries", passed))
    return outcomes


BENCHMARKS: dict[str, Benchmark] = {
    "load": load_and_draw_benchmark,
    "slider": redraw_profile_benchmark,
    "bounded": bounded_benchmark,
}


# --- main -----------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", default=",".join(str(s) for s in SIZES),
                        help="comma-separated numbers of check-ins (default: %(default)s)")
    parser.add_argument("--repeats", type=int, default=REPEATS,
                        help="runs per measurement; the median is shown (default: %(default)s)")
    parser.add_argument("--only", default=",".join(BENCHMARKS),
                        help="comma-separated benchmarks to run (default: %(default)s)")
    args = parser.parse_args(argv)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    chosen = [BENCHMARKS[name.strip()] for name in args.only.split(",") if name.strip()]

    print(f"Open Door chart benchmarks (Python {sys.version.split()[0]}, "
          f"{os.cpu_count()} cores)")
    saved = os.environ.get(paths.DATA_DIR_ENV)
    try:
        with tempfile.TemporaryDirectory(prefix="open-door-bench-") as folder:
            needs_journals = any(b is not bounded_benchmark for b in chosen)
            journals = build_journals(Path(folder), sizes) if needs_journals else {}
            outcomes = [o for benchmark in chosen for o in benchmark(journals, args.repeats)]
    finally:
        if saved is None:
            os.environ.pop(paths.DATA_DIR_ENV, None)
        else:
            os.environ[paths.DATA_DIR_ENV] = saved
    print("\nSummary")
    for outcome in outcomes:
        state = "measured" if outcome.passed is None else verdict(outcome.passed)
        print(f"   {state:<8} {outcome.name}")
    return 0  # benchmarks report; they never fail a build


if __name__ == "__main__":
    raise SystemExit(main())
