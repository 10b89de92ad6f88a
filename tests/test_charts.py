"""The "Reflections over time" charts (``workbook.charts``): what they draw and say.

Behaviour, not pixels: panels, lines, event markers, labels, colours and sentences.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib import dates as mdates
from matplotlib.axes import Axes
from matplotlib.collections import Collection, LineCollection, PatchCollection
from matplotlib.colors import to_hex, to_rgba
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Text

from workbook import charts, content, paths
from workbook.charts import Chart, date_numbers
from workbook.html.style import PALETTE
from workbook.journal import timeline
from workbook.journal.store import Journal
from workbook.journal.transfer import import_file

NEW_YORK = timezone(timedelta(hours=-5))
# Okabe-Ito colours, plus white for the figure and axes backgrounds.
ALLOWED_COLOURS = {to_hex(c) for c in PALETTE.values()} | {"#ffffff"}
FACTORS = content.factors()


# --- helpers -----------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def no_pyplot_figures() -> Iterator[None]:
    """The charts never register figures with pyplot, so none pile up."""
    before = plt.get_fignums()
    yield
    assert plt.get_fignums() == before


@pytest.fixture(scope="module")
def frames(tmp_path_factory: pytest.TempPathFactory) -> timeline.TimelineFrames:
    journal = Journal(tmp_path_factory.mktemp("sample") / "journal.sqlite3")
    import_file(journal, paths.SAMPLE_JOURNEY)
    return timeline.read_frames(journal)


@pytest.fixture(scope="module")
def sample(frames: timeline.TimelineFrames) -> charts.OverTimeCharts:
    return charts.over_time_charts(frames)


def when(day: str, hour: int = 20) -> pd.Timestamp:
    return pd.Timestamp(f"{day} {hour:02d}:00", tz=NEW_YORK)


def factor_frame(rows: list[tuple[str, str, float]], resolution: str = "entry") -> pd.DataFrame:
    """A factor series by hand: (date, factor id, rating)."""
    frame = pd.DataFrame(
        {"when": [when(d) for d, _, _ in rows], "factor": [f for _, f, _ in rows],
         "rating": [float(r) for _, _, r in rows], "n": [1] * len(rows)}
    )
    frame.attrs["resolution"] = resolution
    return frame


def readiness_frame(rows: list[tuple[str, float]], resolution: str = "entry") -> pd.DataFrame:
    frame = pd.DataFrame({"when": [when(d) for d, _ in rows],
                          "readiness": [float(r) for _, r in rows], "n": [1] * len(rows)})
    frame.attrs["resolution"] = resolution
    return frame


def stress_frame(rows: list[tuple[str, float, str]]) -> pd.DataFrame:
    frame = pd.DataFrame({"when": [when(d) for d, _, _ in rows],
                          "stress": [float(s) for _, s, _ in rows],
                          "source": [s for _, _, s in rows], "n": [1] * len(rows)})
    frame.attrs["resolution"] = "entry"
    return frame


def event_frame(rows: list[tuple[str, str]]) -> pd.DataFrame:
    return pd.DataFrame({"when": [when(d, 12) for d, _ in rows], "event": [e for _, e in rows]})


def count_frame(days: dict[str, int]) -> pd.DataFrame:
    return pd.DataFrame({
        "date": pd.to_datetime(list(days)), "checkins": list(days.values()),
        "reflections": [0] * len(days), "entries": list(days.values()),
        "mood": [float("nan")] * len(days),
    })


def panels(figure: Figure) -> list[Axes]:
    return [ax for ax in figure.axes if ax.get_visible() and data_lines(ax)]


def data_lines(ax: Axes) -> list[Line2D]:
    return [line for line in ax.get_lines() if line.get_gid() is not None]


def xdata(line: Line2D) -> list[float]:
    return [float(x) for x in np.asarray(line.get_xdata(), dtype=float)]


def ydata(line: Line2D) -> list[float]:
    return [float(y) for y in np.asarray(line.get_ydata(), dtype=float)]


def event_xs(ax: Axes) -> list[float]:
    """Where the dashed event lines are, and check they run from bottom to top."""
    xs = []
    for collection in ax.collections:
        if isinstance(collection, LineCollection) and collection.get_gid() == "events":
            for segment in collection.get_segments():
                (x0, y0), (x1, y1) = segment
                assert x0 == x1 and (y0, y1) == (0, 1)
                xs.append(float(x0))
    return xs


def event_numbers(ax: Axes) -> list[str]:
    return [t.get_text() for child in ax.child_axes for t in child.get_xticklabels()]


def legend_texts(figure: Figure) -> list[str]:
    return [t.get_text() for legend in figure.legends for t in legend.get_texts()]


def shown(artist: object) -> bool:
    if not getattr(artist, "get_visible", lambda: True)():
        return False
    axes = getattr(artist, "axes", None)
    return axes is None or isinstance(axes, list) or axes.get_visible()


def colours_used(figure: Figure) -> set[str]:
    found: set[str] = set()
    for artist in figure.findobj():
        if not shown(artist):
            continue
        colours: list[object] = []
        if isinstance(artist, Line2D):
            colours = [artist.get_color(), artist.get_markerfacecolor(),
                       artist.get_markeredgecolor()]
        elif isinstance(artist, Text) and artist.get_text().strip():
            colours = [artist.get_color()]
        elif isinstance(artist, Patch):
            colours = [artist.get_facecolor(), artist.get_edgecolor()]
        elif isinstance(artist, Collection):
            colours = [*artist.get_facecolor(), *artist.get_edgecolor()]
        for colour in colours:
            rgba = to_rgba(colour)  # type: ignore[arg-type]
            if rgba[3] > 0:
                found.add(to_hex(rgba[:3]))
    return found


def all_charts(sample: charts.OverTimeCharts) -> list[Chart]:
    """The sample charts plus empty, one-entry, aggregated and many-level ones."""
    empty = pd.DataFrame({"when": pd.Series([], dtype="datetime64[ns, UTC]"),
                          "factor": [], "rating": [], "n": []})
    weekly = factor_frame([("2026-01-05", "fear", 8), ("2026-03-02", "fear", 6.5)], "week")
    return [
        *sample.all(),
        charts.factor_trends(empty, FACTORS),
        charts.factor_trends(weekly, FACTORS),
        charts.readiness_trend(readiness_frame([("2026-01-05", 4)])),
        charts.entry_calendar(count_frame({"2025-01-06": 1, "2025-03-04": 40, "2026-02-03": 17})),
    ]


# --- 1. factor trends ----------------------------------------------------------------------


def test_factor_trends_has_one_panel_per_factor_with_data(sample: charts.OverTimeCharts,
                                                          frames: timeline.TimelineFrames) -> None:
    figure = sample.factors.figure
    rated = set(frames.factors["factor"])
    assert len(panels(figure)) == len(rated) == 15
    titles = [ax.get_title(loc="left").replace("\n", " ") for ax in panels(figure)]
    assert titles == [f.name for f in FACTORS if f.id in rated]
    assert figure.get_figwidth() == pytest.approx(10)
    assert "How each factor changed over time" in figure.get_suptitle()


def test_factor_trends_lines_are_the_series(sample: charts.OverTimeCharts,
                                            frames: timeline.TimelineFrames) -> None:
    series = frames.factors
    for ax in panels(sample.factors.figure):
        [line] = data_lines(ax)
        rows = series[series["factor"] == line.get_gid()]
        assert xdata(line) == pytest.approx(list(date_numbers(rows["when"])))
        assert ydata(line) == list(rows["rating"])
        assert ax.get_ylim()[0] < 0 and ax.get_ylim()[1] > 10


def test_factor_trends_label_both_ends_from_the_factors_point_of_view(
    sample: charts.OverTimeCharts,
) -> None:
    by_name = {f.name: f for f in FACTORS}
    for ax in panels(sample.factors.figure):
        factor = by_name[ax.get_title(loc="left").replace("\n", " ")]
        low, middle, high = (t.get_text().replace("\n", " ") for t in ax.get_yticklabels())
        assert low == f"{factor.scale.low} 0"
        assert middle == "5"
        assert high == f"{factor.scale.high} 10"
    # Markers as well as colours say which way is better.
    markers = {line.get_gid(): line.get_marker() for ax in panels(sample.factors.figure)
               for line in data_lines(ax)}
    assert markers["fear"] == "s" and markers["hope"] == "o"


def test_factor_trends_mark_events_in_every_panel_and_number_them_on_top(
    sample: charts.OverTimeCharts, frames: timeline.TimelineFrames
) -> None:
    figure = sample.factors.figure
    expected = list(date_numbers(frames.events["when"]))
    for ax in panels(figure):
        assert event_xs(ax) == pytest.approx(expected)
    top_row = panels(figure)[:3]
    # 24 and 28 January are too close to write apart in a small panel.
    assert event_numbers(top_row[0]) == ["1", "2, 3", "4", "5", "6", "7"]
    assert all(not event_numbers(ax) for ax in panels(figure)[3:])
    texts = legend_texts(figure)
    assert "1. 10 Jan: I saved the crisis numbers" in texts
    assert "4. 8 Feb: we talked about therapy" in texts
    assert "Higher means more in the way" in texts


def test_factor_trends_summary_names_the_biggest_change(sample: charts.OverTimeCharts) -> None:
    assert sample.factors.summary == (
        "How important change feels went from 2 to 7 between 5 Jan and 29 Mar, "
        "the biggest change of the 15 factors."
    )
    assert "Fear of change: 8 to 5." in sample.factors.alt
    assert "we talked about therapy" in sample.factors.alt


def test_factor_trends_sentences_for_hand_made_data() -> None:
    two = factor_frame([("2026-01-05", "fear", 8), ("2026-01-05", "hope", 2),
                        ("2026-02-16", "fear", 5), ("2026-02-16", "hope", 3)])
    assert charts.factor_trends(two, FACTORS).summary == (
        "Fear of change went from 8 to 5 between 5 Jan and 16 Feb, "
        "the biggest change of the 2 factors."
    )
    one_factor = factor_frame([("2025-12-29", "hope", 2), ("2026-01-05", "hope", 4)])
    assert charts.factor_trends(one_factor, FACTORS).summary == (
        "Hope that things can change went from 2 to 4 between 29 Dec 2025 and 5 Jan 2026."
    )
    same = factor_frame([("2026-01-05", "fear", 6), ("2026-01-12", "fear", 6)])
    assert charts.factor_trends(same, FACTORS).summary == (
        "No factor changed between 5 Jan and 12 Jan."
    )
    back = factor_frame([("2026-01-05", "fear", 6), ("2026-01-12", "fear", 9),
                         ("2026-01-19", "fear", 6)])
    assert charts.factor_trends(back, FACTORS).summary == (
        "Every factor ended at the rating it started with, between 5 Jan and 19 Jan."
    )
    weekly = factor_frame([("2026-01-05", "fear", 7.25), ("2026-03-02", "fear", 5)], "week")
    chart = charts.factor_trends(weekly, FACTORS)
    assert chart.summary == (
        "Fear of change went from 7.3 to 5 between the weeks of 5 Jan and 2 Mar "
        "(weekly averages)."
    )
    assert chart.figure.get_suptitle().endswith("(weekly averages)")


def test_factor_trends_only_draw_the_factors_asked_for() -> None:
    series = factor_frame([("2026-01-05", "fear", 8), ("2026-01-05", "stress", 9),
                           ("2026-01-12", "fear", 7), ("2026-01-12", "stress", 6)])
    reasons = [f for f in FACTORS if f.group == "reason"]
    chart = charts.factor_trends(series, reasons)
    assert [ax.get_title(loc="left") for ax in panels(chart.figure)] == ["Fear of change"]


def test_averages_are_drawn_in_the_middle_of_their_day_or_week() -> None:
    daily = factor_frame([("2026-01-05", "fear", 8), ("2026-01-06", "fear", 7)], "day")
    daily["when"] = daily["when"].dt.floor("D")
    [ax] = panels(charts.factor_trends(daily, FACTORS).figure)
    [line] = data_lines(ax)
    start = mdates.date2num(datetime(2026, 1, 5))
    assert xdata(line) == pytest.approx([start + 0.5, start + 1.5])


# --- 2. readiness ---------------------------------------------------------------------


def test_readiness_trend_draws_the_series_with_events(sample: charts.OverTimeCharts,
                                                      frames: timeline.TimelineFrames) -> None:
    chart = sample.readiness
    [ax] = panels(chart.figure)
    [line] = data_lines(ax)
    assert ydata(line) == pytest.approx(list(frames.readiness["readiness"]))
    assert xdata(line) == pytest.approx(
        list(date_numbers(frames.readiness["when"]))
    )
    assert line.get_marker() == "o"
    assert event_xs(ax) == pytest.approx(list(date_numbers(frames.events["when"])))
    assert event_numbers(ax) == ["1", "2", "3", "4", "5", "6", "7"]  # room to write them apart
    assert ax.get_ylabel() == "Overall readiness"
    assert chart.figure.get_suptitle() == "Overall readiness over time"
    assert chart.summary == (
        "Overall readiness went from 2.5 to 5.8 out of 10 between 5 Jan and 29 Mar."
    )


def test_dates_on_the_x_axis_read_like_5_jan(sample: charts.OverTimeCharts) -> None:
    [ax] = panels(sample.readiness.figure)
    label = ax.xaxis.get_major_formatter()
    assert label(mdates.date2num(datetime(2026, 1, 5, 12))) == "5 Jan"
    long = charts.readiness_trend(readiness_frame([("2024-01-05", 3), ("2026-01-05", 5)]))
    [ax] = panels(long.figure)
    assert ax.xaxis.get_major_formatter()(mdates.date2num(datetime(2025, 1, 1, 12))) == "Jan 2025"


# --- 3. calendar ------------------------------------------------------------------------


def cells(figure: Figure) -> list[tuple[float, float, float, float]]:
    """Face colours of the day squares, one per day in the range."""
    return [to_rgba(c) for ax in figure.axes for coll in ax.collections  # type: ignore[arg-type]
            if isinstance(coll, PatchCollection) for c in coll.get_facecolor()]


def test_entry_calendar_has_a_square_per_day_coloured_by_entries(
    sample: charts.OverTimeCharts, frames: timeline.TimelineFrames
) -> None:
    chart = sample.calendar
    faces = cells(chart.figure)
    assert len(faces) == 84  # 5 January to 29 March
    coloured = [f for f in faces if f[3] > 0]
    assert len(coloured) == len(frames.counts) == 34
    # Two levels (1 and 2 entries), both Okabe-Ito blue, the busier day darker.
    assert {to_hex(f[:3]) for f in coloured} == {PALETTE["blue"].lower()}
    assert sorted({round(f[3], 2) for f in coloured}) == [0.35, 1.0]
    assert legend_texts(chart.figure) == ["0", "1", "2"]
    assert chart.summary == "36 entries on 34 days between 5 Jan and 29 Mar."
    assert [t.get_text() for t in chart.figure.axes[0].get_yticklabels()] == ["Mon", "Wed", "Fri"]


def test_entry_calendar_of_a_long_span_shows_the_latest_53_weeks_and_pages_back() -> None:
    counts = count_frame({"2024-11-04": 2, "2025-01-06": 1, "2026-02-03": 9})
    assert charts.calendar_pages(counts) == 2
    latest = charts.entry_calendar(counts)
    assert len(latest.figure.axes) == 1
    assert len(cells(latest.figure)) <= charts.CALENDAR_WEEKS * 7
    assert latest.summary == "9 entries on 3 Feb 2026."
    earlier = charts.entry_calendar(counts, page=1)
    assert legend_texts(earlier.figure) == ["0", "1", "2"]
    assert earlier.summary == "3 entries on 2 days between 4 Nov 2024 and 6 Jan 2025."
    assert "Showing 4 Nov 2024 to" in earlier.alt
    # Pages past the first are the first; the window's month labels name the year.
    assert charts.entry_calendar(counts, page=7).summary == earlier.summary
    labels = [t.get_text() for t in earlier.figure.axes[0].get_xticklabels()]
    assert "Nov\n2024" in labels and "Jan\n2025" in labels


@pytest.mark.slow
def test_entry_calendar_of_thirty_years_draws_a_bounded_number_of_days() -> None:
    days = pd.date_range("1996-03-01", "2026-02-27", freq="D")
    counts = count_frame({f"{d:%Y-%m-%d}": 1 + d.day_of_week for d in days})
    chart = charts.entry_calendar(counts)
    assert len(cells(chart.figure)) <= 53 * 7  # not one square for each of 10,956 days
    assert len(chart.figure.axes) == 1
    pages = charts.calendar_pages(counts)
    assert pages == math.ceil(len(pd.date_range("1996-02-26", "2026-02-23", freq="W-MON"))
                              / charts.CALENDAR_WEEKS)
    assert chart.summary.endswith("and 27 Feb 2026.")
    oldest = charts.entry_calendar(counts, page=pages - 1)
    assert len(cells(oldest.figure)) <= charts.CALENDAR_WEEKS * 7
    assert "between 1 Mar 1996 and" in oldest.summary
    # Every day is on exactly one page.
    total = 0
    for page in range(pages):
        faces = cells(charts.entry_calendar(counts, page=page).figure)
        total += sum(1 for f in faces if f[3] > 0)
    assert total == len(days)


def test_entry_calendar_covers_a_range_given_by_the_chapter() -> None:
    chart = charts.entry_calendar(count_frame({"2026-03-04": 1}),
                                  first=datetime(2026, 3, 2).date(),
                                  last=datetime(2026, 3, 15).date())
    assert len(cells(chart.figure)) == 14
    assert chart.summary == "1 entry on 4 Mar."


def test_nothing_counts_streaks(sample: charts.OverTimeCharts) -> None:
    for chart in sample.all():
        words = [chart.summary, chart.alt]
        words += [t.get_text() for t in chart.figure.findobj(Text)]
        assert not any("streak" in w.lower() or "in a row" in w.lower() for w in words)


# --- 4. stress ---------------------------------------------------------------------------


def test_stress_and_events_draws_both_sources_apart(sample: charts.OverTimeCharts,
                                                    frames: timeline.TimelineFrames) -> None:
    chart = sample.stress
    [ax] = panels(chart.figure)
    lines = {line.get_gid(): line for line in data_lines(ax)}
    stress = frames.stress
    for source in ("check-in", "reflection"):
        rows = stress[stress["source"] == source]
        assert ydata(lines[source]) == list(rows["stress"])
        assert xdata(lines[source]) == pytest.approx(list(date_numbers(rows["when"])))
    checkin, reflection = lines["check-in"], lines["reflection"]
    assert checkin.get_marker() != reflection.get_marker()
    assert checkin.get_linestyle() != reflection.get_linestyle()
    assert checkin.get_color() != reflection.get_color()
    assert len(event_xs(ax)) == 7
    assert [t.get_text().replace("\n", " ") for t in ax.get_yticklabels()] == [
        "Calm 0", "5", "Very stressed 10"
    ]
    assert chart.summary == "Your stress went from 9 to 5 out of 10 between 5 Jan and 29 Mar."
    assert "Stress in check-ins" in legend_texts(chart.figure)


# --- empty, one and two entries ----------------------------------------------------------


def empty_frames() -> timeline.TimelineFrames:
    return timeline.read_frames(Journal(Path("/nonexistent-open-door-test/journal.sqlite3")))


def test_with_no_entries_every_chart_says_so_kindly() -> None:
    empty = empty_frames()
    words = content.charts().empty
    made = {
        charts.factor_trends(empty.factors, FACTORS, empty.events): words.checkins,
        charts.readiness_trend(empty.readiness, empty.events): words.checkins,
        charts.entry_calendar(empty.counts): words.entries,
        charts.stress_and_events(empty.stress, empty.events): words.stress,
    }
    for chart, message in made.items():
        assert chart.summary == message
        texts = [t.get_text() for t in chart.figure.findobj(Text) if t.get_text()]
        assert texts == [message]
        assert chart.figure.get_figheight() < 2
    other = charts.readiness_trend(empty.readiness, empty_message="No check-ins in this range.")
    assert other.summary == "No check-ins in this range."


def test_one_entry_draws_a_single_point() -> None:
    one = charts.factor_trends(factor_frame([("2026-03-02", "fear", 8)]), FACTORS)
    [ax] = panels(one.figure)
    [line] = data_lines(ax)
    assert len(xdata(line)) == 1
    assert line.get_marker() == "s"
    low, high = ax.get_xlim()
    assert low < xdata(line)[0] < high
    assert one.summary == (
        "Only one check-in so far (2 Mar), so there is no trend yet; "
        "the lines start with the next one."
    )
    assert charts.readiness_trend(readiness_frame([("2026-03-02", 2.5)])).summary == (
        "Only one check-in so far (2 Mar): overall readiness 2.5 out of 10."
    )
    assert charts.stress_and_events(stress_frame([("2026-03-02", 7, "check-in")])).summary == (
        "One stress rating so far: 7 out of 10 on 2 Mar."
    )
    assert charts.entry_calendar(count_frame({"2026-03-02": 1})).summary == "1 entry on 2 Mar."


def test_two_entries_make_a_trend() -> None:
    events = event_frame([("2026-03-04", "we talked about therapy")])
    factors = charts.factor_trends(
        factor_frame([("2026-03-02", "fear", 8), ("2026-03-09", "fear", 6)]), FACTORS, events
    )
    assert factors.summary == "Fear of change went from 8 to 6 between 2 Mar and 9 Mar."
    readiness = charts.readiness_trend(readiness_frame([("2026-03-02", 2.5), ("2026-03-09", 4)]),
                                       events)
    assert readiness.summary == (
        "Overall readiness went from 2.5 to 4.0 out of 10 between 2 Mar and 9 Mar."
    )
    stress = charts.stress_and_events(
        stress_frame([("2026-03-02", 7, "check-in"), ("2026-03-04", 6, "reflection")]), events
    )
    assert stress.summary == "Your stress went from 7 to 6 out of 10 between 2 Mar and 4 Mar."
    up_and_down = stress_frame([("2026-03-02", 4, "check-in"), ("2026-03-04", 9, "reflection"),
                                ("2026-03-09", 4, "check-in")])
    assert charts.stress_and_events(up_and_down).summary == (
        "Your stress was 4 out of 10 at the start and at the end, between 2 Mar and 9 Mar."
    )
    flat = readiness_frame([("2026-03-02", 4), ("2026-03-09", 4)])
    assert charts.readiness_trend(flat).summary == (
        "Overall readiness stayed at 4.0 out of 10 between 2 Mar and 9 Mar."
    )
    assert legend_texts(stress.figure)[-1] == "1. 4 Mar: we talked about therapy"
    calendar = charts.entry_calendar(count_frame({"2026-03-02": 1, "2026-03-09": 2}))
    assert calendar.summary == "3 entries on 2 days between 2 Mar and 9 Mar."


# --- events ------------------------------------------------------------------------------


def many_events(count: int, first: str, every: timedelta) -> pd.DataFrame:
    start = pd.Timestamp(f"{first} 12:00", tz=NEW_YORK)
    frame = pd.DataFrame({"when": [start + i * every for i in range(count)],
                          "event": [f"event {i}" for i in range(count)], "n": [1] * count})
    frame.attrs["resolution"] = "entry"
    return frame


def test_small_multiples_with_5000_events_draw_a_bounded_number_of_event_lines() -> None:
    events = many_events(5_000, "2025-04-07", timedelta(hours=1))  # about 7 months
    series = factor_frame([("2025-04-07", f.id, 3) for f in FACTORS]
                          + [("2025-11-01", f.id, 6) for f in FACTORS])
    chart = charts.factor_trends(series, FACTORS, events)
    drawn = panels(chart.figure)
    assert len(drawn) == 15
    for ax in drawn:
        assert 0 < len(event_xs(ax)) <= charts.MAX_EVENT_LABELS
    assert sum(len(event_xs(ax)) for ax in drawn) <= 15 * charts.MAX_EVENT_LABELS
    # Grouped per month, numbered as single events are, and listed with their counts.
    per_month = events.groupby(events["when"].dt.strftime("%Y-%m"))["n"].sum()
    months = [f"{pd.Timestamp(m):%b %Y}" for m in per_month.index]
    assert months[0] == "Apr 2025" and len(months) == 8
    assert len(event_xs(drawn[0])) == len(months)
    assert [n for ax in drawn[:3] for n in event_numbers(ax)][:1] == ["1"]
    texts = legend_texts(chart.figure)
    assert texts[2:] == [f"{i}. {m}: {n:,} events" for i, (m, n) in enumerate(
        zip(months, per_month, strict=True), start=1)]
    assert ("5,000 events, grouped by month, are marked with dashed lines: "
            f"Apr 2025: {per_month.iloc[0]} events;") in chart.alt


def test_a_grouped_event_line_is_drawn_at_the_mean_time_of_its_events() -> None:
    events = many_events(70, "2026-03-02", timedelta(hours=2))  # 70 events in 6 days
    chart = charts.readiness_trend(readiness_frame([("2026-03-02", 3), ("2026-03-09", 4)]),
                                   events)
    [ax] = panels(chart.figure)
    # One week (Monday 2 March): one line, at the middle of the 70 events.
    assert event_xs(ax) == pytest.approx([float(np.mean(date_numbers(events["when"])))])
    assert "70 events, grouped by week, are marked with dashed lines: Week of 2 Mar: 70 " \
        "events." in chart.alt
    assert event_numbers(ax) == ["1"]


def test_events_counted_per_day_over_decades_are_grouped_by_years() -> None:
    days = pd.date_range("1990-01-01", "2025-12-31", freq="7D")
    events = pd.DataFrame({"when": days.tz_localize(NEW_YORK), "event": "", "n": 3})
    events.attrs["resolution"] = "day"  # as timeline.events reads thousands of events
    chart = charts.stress_and_events(stress_frame([("2026-03-02", 7, "check-in"),
                                                   ("2026-03-04", 6, "reflection")]), events)
    [ax] = panels(chart.figure)
    assert len(event_xs(ax)) <= charts.MAX_EVENT_LABELS
    total = 3 * len(days)
    assert f"{total:,} events, grouped by 5 years, are marked" in chart.alt
    assert "1990 to 1994:" in chart.alt and "2025:" in chart.alt
    counts = [int(label.rsplit(": ", 1)[1].split(" ")[0].replace(",", ""))
              for label in legend_texts(chart.figure)[2:]]
    assert sum(counts) == total


def test_up_to_60_events_keep_a_line_each() -> None:
    events = many_events(charts.MAX_EVENT_LINES, "2026-01-01", timedelta(hours=20))
    chart = charts.readiness_trend(readiness_frame([("2026-01-01", 3), ("2026-02-20", 4)]),
                                   events)
    [ax] = panels(chart.figure)
    assert len(event_xs(ax)) == charts.MAX_EVENT_LINES
    assert f"{charts.MAX_EVENT_LINES} events are marked with dashed lines." in chart.alt



def test_many_events_are_lines_without_names() -> None:
    events = event_frame([(f"2026-01-{day:02d}", f"event {day}") for day in range(1, 21)])
    chart = charts.readiness_trend(readiness_frame([("2026-01-01", 3), ("2026-01-20", 5)]),
                                   events)
    [ax] = panels(chart.figure)
    assert len(event_xs(ax)) == 20
    assert event_numbers(ax) == []
    [text] = legend_texts(chart.figure)
    assert text.startswith("20 events (dashed lines).")
    assert "20 events are marked" in chart.alt


# --- rules for every chart ------------------------------------------------------------------


def test_every_colour_comes_from_the_palette(sample: charts.OverTimeCharts) -> None:
    for chart in all_charts(sample):
        assert colours_used(chart.figure) <= ALLOWED_COLOURS, chart.summary


def test_text_is_at_least_9_points(sample: charts.OverTimeCharts) -> None:
    for chart in all_charts(sample):
        sizes = [float(t.get_fontsize()) for t in chart.figure.findobj(Text)
                 if t.get_text().strip() and shown(t)]
        assert min(sizes) >= 9, chart.summary


def test_summaries_are_one_sentence(sample: charts.OverTimeCharts) -> None:
    for chart in all_charts(sample):
        if chart.summary.startswith("Nothing to show yet"):
            continue
        assert chart.summary.endswith(".")
        assert ". " not in chart.summary.replace("out of 10.", ""), chart.summary


def test_markers_are_thinned_on_long_series() -> None:
    days = pd.date_range("2024-01-01", periods=1000, freq="D", tz=NEW_YORK)
    series = pd.DataFrame({"when": days, "factor": "fear", "rating": 5.0, "n": 1})
    series.attrs["resolution"] = "day"
    [ax] = panels(charts.factor_trends(series, FACTORS).figure)
    [line] = data_lines(ax)
    assert len(xdata(line)) == 1000
    assert line.get_markevery() == math.ceil(1000 / charts.PANEL_MARKERS)


def test_a_chart_shows_as_an_image_with_its_sentence(sample: charts.OverTimeCharts) -> None:
    chart = sample.readiness
    assert chart.png().startswith(b"\x89PNG")
    html = chart._repr_html_()
    assert "<figcaption" in html and chart.summary in html
    assert 'alt="A line chart of overall readiness' in html
    message = charts.readiness_trend(readiness_frame([]), empty_message="<b>Nothing</b>")
    assert "&lt;b&gt;Nothing&lt;/b&gt;" in message._repr_html_()


def test_event_names_are_shown_as_written() -> None:
    events = event_frame([("2026-03-04", "paid $50 and $20 for his phone")])
    chart = charts.readiness_trend(readiness_frame([("2026-03-02", 3), ("2026-03-09", 4)]), events)
    [text] = [t for legend in chart.figure.legends for t in legend.get_texts()]
    chart.png()  # a "$" pair would be drawn as a formula, or fail
    assert text.get_text().replace("\\$", "$") == "1. 4 Mar: paid $50 and $20 for his phone"
    assert "paid $50 and $20 for his phone" in chart.alt


# --- the check-in profile -----------------------------------------------------------------------


def test_profile_chart_orders_bars_by_barrier_and_outlines_the_last_check_in() -> None:
    from matplotlib.patches import Rectangle

    from workbook.rules.scoring import readiness_profile

    scores = readiness_profile({"fear": 8, "hope": 6, "shame": 2})
    chart = charts.profile_chart(scores, previous={"fear": 5, "hope": 6})
    (axes,) = chart.figure.axes
    ticks = sorted(zip(axes.get_yticks(), [t.get_text() for t in axes.get_yticklabels()],
                       strict=True), reverse=True)
    assert [name for _, name in ticks] == ["Fear of change", "Hope that things can change",
                                           "Shame"]  # top to bottom
    bars = [p for p in axes.patches if isinstance(p, Rectangle) and p.get_fill()]
    assert sorted(b.get_width() for b in bars) == [2, 4, 8]
    outlines = [p for p in axes.patches if isinstance(p, Rectangle) and not p.get_fill()]
    assert sorted(o.get_width() for o in outlines) == [4, 5]
    assert chart.summary == ("Most in the way today: Fear of change (8 of 10), then hope that "
                             "things can change (4) and shame (2).")
    assert "Fear of change: 8 of 10" in chart.alt
    colours = {to_hex(b.get_facecolor()).upper() for b in bars}
    assert colours <= {c.upper() for c in PALETTE.values()}


def test_profile_chart_without_ratings_says_what_to_do() -> None:
    chart = charts.profile_chart([])
    assert chart.summary == "No ratings yet. Move the sliders to see your profile."


# --- dates that read right (issue 11) -------------------------------------------------------


def tick_labels(chart: Chart) -> list[str]:
    """The x-axis labels as drawn, bottom panel for small multiples."""
    chart.figure.canvas.draw()
    ax = [a for a in panels(chart.figure) if a.xaxis.get_tick_params()["labelbottom"]][-1]
    return [t.get_text() for t in ax.get_xticklabels() if t.get_text()]


def one_day_charts() -> list[Chart]:
    """The readiness, factor and stress charts of three check-ins on 1 Dec."""
    times = [pd.Timestamp(f"2026-12-01 {h}", tz=NEW_YORK) for h in ("09:00", "13:30", "20:00")]
    readiness = pd.DataFrame({"when": times, "readiness": [3.0, 4.0, 5.0], "n": [1, 1, 1]})
    factors = pd.DataFrame({"when": times, "factor": ["fear"] * 3, "rating": [8.0, 7.0, 6.0],
                            "n": [1, 1, 1]})
    stress = pd.DataFrame({"when": times, "stress": [7.0, 6.0, 5.0], "source": ["check-in"] * 3,
                           "n": [1, 1, 1]})
    for frame in (readiness, factors, stress):
        frame.attrs["resolution"] = "entry"
    return [charts.readiness_trend(readiness), charts.factor_trends(factors, FACTORS),
            charts.stress_and_events(stress)]


def test_a_chart_of_one_day_shows_times_and_the_date_once() -> None:
    # Issue 11: the axis read "1 Dec, 1 Dec, 1 Dec, ..." for entries on one day.
    for chart in one_day_charts():
        labels = tick_labels(chart)
        assert len(labels) >= 3, labels
        assert sum("1 Dec" in label for label in labels) == 1, labels
        assert all(re.search(r"\b\d\d:\d\d\b", label) for label in labels), labels


def test_a_sentence_about_one_day_says_on_that_day() -> None:
    # Issue 11: "went from 3 to 5 between 1 Dec and 1 Dec".
    readiness, factors, stress = one_day_charts()
    assert readiness.summary == "Overall readiness went from 3.0 to 5.0 out of 10 on 1 Dec."
    assert factors.summary == "Fear of change went from 8 to 6 on 1 Dec."
    assert stress.summary == "Your stress went from 7 to 5 out of 10 on 1 Dec."
    for chart in (readiness, factors, stress):
        assert "between 1 Dec and 1 Dec" not in chart.alt


def test_a_span_of_years_shows_years_and_a_week_shows_days() -> None:
    # Issue 11: a year and a bit read "1 Jan, 1 Mar, ... 1 Nov", with no year at all.
    year = charts.readiness_trend(readiness_frame([("2025-12-01", 3), ("2026-12-10", 6)]))
    labels = tick_labels(year)
    assert all(re.search(r"20\d\d", label) for label in labels), labels
    assert len(set(labels)) == len(labels), labels
    years = charts.readiness_trend(readiness_frame([("2019-03-01", 3), ("2026-03-01", 6)]))
    labels = tick_labels(years)
    assert labels and all(re.fullmatch(r"20\d\d", label) for label in labels), labels
    week = charts.readiness_trend(readiness_frame([("2026-03-02", 3), ("2026-03-08", 6)]))
    labels = tick_labels(week)
    assert len(set(labels)) == len(labels) >= 3
    assert all(re.fullmatch(r"\d{1,2} [A-Z][a-z]{2}", label) for label in labels), labels


def test_a_decades_long_chart_labels_every_few_years_not_every_year() -> None:
    months = pd.date_range("1986-04-01", "2026-03-01", freq="MS")
    series = pd.DataFrame({"when": months.tz_localize(NEW_YORK), "factor": "fear",
                           "rating": 5.0, "n": 30})
    series.attrs["resolution"] = "month"
    for chart in (charts.factor_trends(series, FACTORS),
                  charts.readiness_trend(series.rename(columns={"rating": "readiness"}))):
        ax = panels(chart.figure)[0]
        low, high = ax.get_xlim()
        labels = [label for tick, label in zip(ax.get_xticks(),
                  (t.get_text() for t in ax.get_xticklabels()), strict=True)
                  if low <= tick <= high]
        assert 2 <= len(labels) <= 10
        assert all(label.isdigit() for label in labels)
        assert "between Apr 1986 and Mar 2026 (monthly averages)" in chart.summary
