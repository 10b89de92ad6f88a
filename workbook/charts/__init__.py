"""Charts for "Reflections over time": frames in, a figure and a sentence out.

Every function takes frames from :mod:`workbook.journal.timeline` and returns a
:class:`Chart`: a matplotlib ``Figure`` plus one plain sentence (``summary``)
for screen readers and print, and a longer ``alt`` text. Nothing here reads
files or touches pyplot's global state: figures are made with
``matplotlib.figure.Figure`` directly, so they never pile up in pyplot and
need no closing. Display one with ``display(chart)`` (an image with its
sentence as a caption) or ``chart.figure``.

Design rules: colours come only from :data:`workbook.html.style.PALETTE`, and
markers or line styles tell series apart as well as colour; text is at least
9 pt on a figure about 10 inches wide; dates read like "5 Jan"; there is no
streak counting anywhere. With no data each chart shows a friendly message.
"""

from __future__ import annotations

import base64
import functools
import io
import math
import textwrap
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from matplotlib import dates as mdates
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.collections import PatchCollection
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from matplotlib.ticker import FuncFormatter, MaxNLocator

from .. import content
from ..content import Factor, ScaleEnds
from ..rules.scoring import (
    Band,
    FactorScore,
    band,
    band_range,
    profile_summary,
    readiness_number,
    tenths,
)

if TYPE_CHECKING:
    from ..journal.workshop import FactorSpread as GroupSpreadRow
from ..html.style import PALETTE, escape
from ..journal.timeline import Resolution, TimelineFrames, resolution_of

WIDTH = 10.0  # inches; about the width of a JupyterLab notebook at normal zoom
FONT = 9.5  # tick labels, legends, notes
PANEL_TITLE = 10.5
TITLE = 12.0
INK = PALETTE["black"]
# A factor where a high rating stands in the way, and one where it helps.
BARRIER_STYLE = (PALETTE["vermillion"], "s")
READINESS_STYLE = (PALETTE["blue"], "o")
CHECKIN_STRESS_STYLE = (PALETTE["vermillion"], "s")
REFLECTION_STRESS_STYLE = (PALETTE["blue"], "o")
EVENT_DASHES: tuple[float, tuple[float, float]] = (0, (4, 3))
EVENT_WIDTH = 1.0
EVENT_ALPHA = 0.6
GRID_ALPHA = 0.12
# Up to this many events (or groups of events) are numbered and named.
MAX_EVENT_LABELS = 12
# Up to this many events get a line each (without numbers past MAX_EVENT_LABELS); more
# are grouped per week, month, year or several years, at most MAX_EVENT_LABELS lines,
# so a chart draws a bounded number of lines however many events there are.
MAX_EVENT_LINES = 60
# Group events over this many years when a group per year would still be too many.
_YEAR_STEPS = (2, 5, 10, 20, 50, 100, 1000, 10_000)
# At most this many markers per line; the line itself still goes through every point.
MAX_MARKERS = 40
PANEL_MARKERS = 16
# Shades of blue for 1, 2, 3 or 4 levels of entries per day: far apart when there are few.
CALENDAR_LEVEL_ALPHAS = ((0.6,), (0.35, 1.0), (0.3, 0.65, 1.0), (0.3, 0.55, 0.8, 1.0))


# The small multiples' layout, in inches.
_HEADER = 0.45  # title and legend
_NUMBERS = 0.2  # event numbers above the top row
_TITLE_LINE = 0.2
_PANEL = 1.45
_ROW_GAP = 0.12
_DATE_LABELS = 0.35
# Measures text at 72 dpi, so widths come out in points.
_MEASURE = RendererAgg(1, 1, 72)



def _words() -> content.ChartsFile:
    """Every word the charts show, from ``charts.yaml``."""
    return content.charts()


def _averages(resolution: Resolution) -> str:
    """"weekly averages" for a chart of weekly averages; nothing for single entries."""
    return _words().averages.get(resolution, "")
# Where in its period a point is drawn, in days: a week's average in the middle of the week.
_CENTRE: dict[Resolution, float] = {"entry": 0.0, "day": 0.5, "week": 3.5,
                                    "month": 15.2, "year": 182.6}


@dataclass(frozen=True)
class Chart:
    """A drawn chart with its one-sentence summary and a longer text alternative."""

    figure: Figure
    summary: str
    alt: str

    def png(self, dpi: int = 100) -> bytes:
        """The figure as PNG bytes (in memory; nothing is written to disk)."""
        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png", dpi=dpi, facecolor="white")
        return buffer.getvalue()

    def _repr_html_(self) -> str:
        data = base64.b64encode(self.png()).decode("ascii")
        return (
            '<figure style="margin: 0.5em 0;">'
            f'<img src="data:image/png;base64,{data}" alt="{escape(self.alt)}" '
            'style="max-width: 100%; height: auto;">'
            f'<figcaption style="font-size: 1rem; margin-top: 0.3em;">{escape(self.summary)}'
            "</figcaption></figure>"
        )


# --- small helpers ---------------------------------------------------------------


def date_numbers(
    when: pd.Series | pd.DatetimeIndex | Sequence[datetime], resolution: Resolution = "entry"
) -> np.ndarray:
    """Matplotlib's x values for times, at their clock time as entered.

    A day's or a week's average is drawn in the middle of its day or week.
    """
    values = pd.to_datetime(pd.Series(when))
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        values = values.dt.tz_localize(None)
    numbers = np.asarray(mdates.date2num(values.to_numpy(dtype="datetime64[ns]")), dtype=float)
    return numbers + _CENTRE[resolution]


class _MiddayLocator(mdates.AutoDateLocator):
    """Date ticks at noon, so a day's label sits over that day rather than at its start."""

    def __call__(self) -> list[float]:
        if self.axis is None:
            return []
        low, high = self.axis.get_view_interval()
        start, stop = mdates.num2date(low - 0.5), mdates.num2date(high - 0.5)
        ticks = self.get_locator(start, stop).tick_values(start, stop)
        return [float(t) + 0.5 for t in ticks if low <= float(t) + 0.5 <= high]


def _day(moment: pd.Timestamp | datetime | date, with_year: bool = False) -> str:
    """A date as words from content (journal.yaml ``dates``): "5 Jan", or "5 Jan 2026"."""
    words = content.journal_text().dates
    pattern = words.day_year if with_year else words.day
    return pattern.format(day=moment.day, month=words.months[moment.month - 1],
                          year=moment.year)


def _month(moment: pd.Timestamp | datetime | date) -> str:
    """A month as words from content: "Jan 2026"."""
    words = content.journal_text().dates
    return words.month_year.format(month=words.months[moment.month - 1], year=moment.year)


def _days(first: pd.Timestamp, last: pd.Timestamp) -> tuple[str, str]:
    """Two dates for a sentence, with the year when they are in different years."""
    with_year = first.year != last.year
    return _day(first, with_year), _day(last, with_year)


def _between(first: pd.Timestamp, last: pd.Timestamp, resolution: Resolution) -> str:
    """The one place that words a span of dates in a sentence.

    "between 5 Jan and 29 Mar", or "on 1 Dec" when both fall on the same day;
    for averages "between the weeks of ..." and "(daily averages)".
    """
    spans = _words().spans
    if resolution == "month":
        return spans["month"].format(first=_month(first), last=_month(last))
    if resolution == "year":
        return spans["year"].format(first=first.year, last=last.year)
    a, b = _days(first, last)
    if a == b:
        return spans[f"{resolution}_one_{'week' if resolution == 'week' else 'day'}"].format(
            first=a)
    return spans[resolution].format(first=a, last=b)


def _number(value: float) -> str:
    """Whole numbers without decimals: 8 -> "8", 7.25 -> "7.3"."""
    rounded = tenths(value)
    return str(int(rounded)) if rounded == int(rounded) else f"{rounded:.1f}"


def _plain(text: str) -> str:
    """User text for matplotlib: a "$" would otherwise start a formula."""
    return text.replace("$", r"\$")


def _figure(height: float, width: float = WIDTH) -> Figure:
    figure = Figure(figsize=(width, height), layout="constrained", facecolor="white")
    return figure


def _empty_chart(message: str) -> Chart:
    figure = _figure(1.6)
    ax = figure.add_subplot()
    ax.set_axis_off()
    ax.text(0.5, 0.5, message, ha="center", va="center", fontsize=TITLE, color=INK,
            wrap=True, transform=ax.transAxes)
    return Chart(figure, message, message)


def _markevery(count: int, most: int = MAX_MARKERS) -> int:
    return max(1, math.ceil(count / most))


def _scale_labels(scale: ScaleEnds, width: int = 10) -> list[str]:
    """Tick labels for 0, 5 and 10 that say what the ends mean."""
    low = "\n".join(textwrap.wrap(scale.low, width)) or ""
    high = "\n".join(textwrap.wrap(scale.high, width)) or ""
    return [f"{low} 0" if low else "0", "5", f"{high} 10" if high else "10"]


def _text_width(text: str, size: float) -> float:
    """How wide ``text`` is drawn at ``size`` points, in inches (its widest line)."""
    font = FontProperties(size=size)
    return max(
        _MEASURE.get_text_width_height_descent(line, font, ismath=False)[0]
        for line in text.split("\n")
    ) / 72


def _rating_axis(ax: Axes, scale: ScaleEnds | None) -> None:
    ax.set_ylim(-0.6, 10.6)
    labels = _scale_labels(scale) if scale is not None else ["0", "5", "10"]
    ax.set_yticks([0, 5, 10], labels=labels)
    ax.tick_params(axis="both", labelsize=FONT, colors=INK)
    ax.grid(True, axis="y", color=INK, alpha=GRID_ALPHA, linewidth=0.8)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


# An axis shorter than this many days shows clock times; longer than the next,
# months with their year; longer than the last, years only.
_TIME_AXIS_DAYS = 1.5
_MONTH_AXIS_DAYS = 330
_YEAR_AXIS_DAYS = 3 * 366


def _x_limits(xs: Sequence[float]) -> tuple[float, float]:
    low, high = float(min(xs)), float(max(xs))
    if high <= low:
        return low - 3.0, high + 3.0
    # Entries within one day get a margin of an hour or so, so their times can be read.
    pad = max((high - low) * 0.05, 1 / 24) if high - low < 1.0 else max((high - low) * 0.03, 1.0)
    return low - pad, high + pad


def _date_axis(ax: Axes, limits: tuple[float, float], max_ticks: int) -> None:
    """Date ticks that read right for the span shown: times within a day (with the date
    under the first time of each day), days, months with their year, or years."""
    ax.set_xlim(*limits)
    span = limits[1] - limits[0]
    words = content.journal_text().dates
    locator: mdates.DateLocator
    if span < _TIME_AXIS_DAYS:
        locator = mdates.AutoDateLocator(minticks=3, maxticks=max_ticks)
    elif span > _YEAR_AXIS_DAYS:
        # Every year, or every 2, 5, 10... years: a decades-long span keeps its labels apart.
        years = span / 365.25
        step = next(s for s in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 10_000)
                    if years / s <= max_ticks or s == 10_000)
        locator = mdates.YearLocator(base=step)
    else:
        locator = _MiddayLocator(minticks=max(2, max_ticks // 2), maxticks=max_ticks)
    ax.xaxis.set_major_locator(locator)

    def label(x: float, pos: int | None = None) -> str:
        moment = mdates.num2date(x)
        if span < _TIME_AXIS_DAYS:
            time = words.time.format(hour=moment.hour, minute=moment.minute)
            ticks = [t for t in ax.xaxis.get_majorticklocs() if limits[0] <= t <= limits[1]]
            earlier = [t for t in ticks if t < x]
            new_day = not earlier or mdates.num2date(earlier[-1]).date() != moment.date()
            return f"{time}\n{_day(moment)}" if new_day else time
        if span > _YEAR_AXIS_DAYS:
            return str(moment.year)
        if span > _MONTH_AXIS_DAYS:
            return words.month_year.format(month=words.months[moment.month - 1],
                                           year=moment.year)
        return _day(moment)

    ax.xaxis.set_major_formatter(FuncFormatter(label))


@dataclass(frozen=True)
class EventMarks:
    """The dashed lines a chart draws for events: one per event, or one per period.

    ``xs`` are the lines' x values; ``labels`` say what each line stands for
    ("5 Jan: Talked about therapy", or "Mar 2024: 14 events" when grouped);
    ``total`` is how many events there are; ``grouped`` says how they were
    grouped ("1,200 events, grouped by month"), or is "" for one line per event.
    """

    xs: np.ndarray
    labels: list[str]
    total: int
    grouped: str = ""

    @property
    def numbered(self) -> bool:
        """Whether the lines carry numbers and the key lists them."""
        return 0 < len(self.xs) <= MAX_EVENT_LABELS


def _event_rows(events: pd.DataFrame | None) -> EventMarks:
    """Where to draw the events' lines and what they stand for.

    Up to :data:`MAX_EVENT_LINES` events get a line each. More are grouped per
    week, month, year or several years (the first that gives at most
    :data:`MAX_EVENT_LABELS` groups), one line each at the mean time of its events.
    ``events`` may be one row per event or counts per day (``n``), as
    :func:`workbook.journal.timeline.events` reads them.
    """
    if events is None or events.empty:
        return EventMarks(np.array([], dtype=float), [], 0)
    ordered = events.sort_values("when", kind="stable")
    resolution = resolution_of(events)
    counts = (ordered["n"].to_numpy(dtype=float) if "n" in ordered
              else np.ones(len(ordered), dtype=float))
    total = int(counts.sum())
    xs = date_numbers(ordered["when"], resolution)
    stamps = pd.to_datetime(ordered["when"])
    if isinstance(stamps.dtype, pd.DatetimeTZDtype):
        stamps = stamps.dt.tz_localize(None)
    with_year = stamps.dt.year.nunique() > 1
    if resolution == "entry" and total <= MAX_EVENT_LINES:
        days = [_day(s, with_year) for s in stamps]
        return EventMarks(xs, [f"{day}: {name}" for day, name in
                               zip(days, ordered["event"].astype(str), strict=True)], total)
    words = content.journal_text().over_time.event_groups
    years = stamps.dt.year.to_numpy()

    # Each period: its name, every event's group key, and a group's name from its key.
    def week(start: Any) -> str:
        return words.week_of.format(day=_day(pd.Timestamp(start), with_year))

    def month(start: Any) -> str:
        return _month(pd.Timestamp(start))

    def years_from(step: int) -> Callable[[Any], str]:
        # Named by the years they hold events in: "2025 to 2026", not "2025 to 2029".
        def name(start: Any) -> str:
            held = years[(years >= start) & (years < start + step)]
            first, last = int(held.min()), int(held.max())
            return str(first) if first == last else words.year_span.format(first=first, last=last)
        return name

    periods: list[tuple[str, np.ndarray, Callable[[Any], str]]] = [
        (words.week, stamps.dt.to_period("W-SUN").dt.start_time.to_numpy(), week),
        (words.month, stamps.dt.to_period("M").dt.start_time.to_numpy(), month),
        (words.year, years, str),
        *((words.years.format(years=step), years // step * step, years_from(step))
          for step in _YEAR_STEPS),
    ]
    for choice in periods:  # the last, 10,000 years, always fits
        starts, group = np.unique(choice[1], return_inverse=True)
        if len(starts) <= MAX_EVENT_LABELS:
            break
    period, _keys, name = choice
    # One line per group, at the mean time of its events.
    weights = np.bincount(group, weights=counts)
    centres = np.bincount(group, weights=counts * xs) / weights
    event = _words().events.event
    labels = [f"{name(start)}: {event.count(int(n))}"
              for start, n in zip(starts, weights, strict=True)]
    return EventMarks(centres, labels, total,
                      words.grouped.format(count=f"{total:,}", period=period))


def _event_number_ticks(
    xs: np.ndarray, limits: tuple[float, float], axes_width: float
) -> tuple[list[float], list[str]]:
    """Where to write the events' numbers: close events share one label ("2, 3")."""
    per_inch = max(axes_width, 0.5) / max(limits[1] - limits[0], 1e-9)
    # Events closer than this (inches) would write their numbers on top of each other.
    groups: list[list[tuple[float, int]]] = []
    for number, x in enumerate(xs, start=1):
        if groups and (x - groups[-1][-1][0]) * per_inch < 0.16:
            groups[-1].append((float(x), number))
        else:
            groups.append([(float(x), number)])

    def label(group: list[tuple[float, int]]) -> str:
        return ", ".join(str(n) for _, n in group)

    def centre(group: list[tuple[float, int]]) -> float:
        return sum(x for x, _ in group) / len(group)

    def width(group: list[tuple[float, int]]) -> float:
        return _text_width(label(group), FONT)

    # Labels that would still touch are merged too, until none does.
    merged = True
    while merged:
        merged = False
        for i in range(len(groups) - 1):
            room = (centre(groups[i + 1]) - centre(groups[i])) * per_inch
            if room < (width(groups[i]) + width(groups[i + 1])) / 2 + 0.06:
                groups[i:i + 2] = [groups[i] + groups[i + 1]]
                merged = True
                break
    return [centre(g) for g in groups], [label(g) for g in groups]


def _one_panel_dates(ax: Axes, xs: Sequence[float], marks: EventMarks) -> None:
    """The date axis and numbered event lines of a chart with one panel, over ``xs``."""
    limits = _x_limits(xs)
    _date_axis(ax, limits, max_ticks=10)
    _mark_events(ax, marks, numbers=True, limits=limits, axes_width=WIDTH - 1.6)


def _mark_events(
    ax: Axes, marks: EventMarks, *, numbers: bool, limits: tuple[float, float],
    axes_width: float,
) -> None:
    """Dashed vertical lines at the events; their numbers above the axes if ``numbers``."""
    if len(marks.xs) == 0:
        return
    # One collection for all the lines: many events stay quick to draw.
    ax.vlines(
        marks.xs, 0, 1, transform=ax.get_xaxis_transform(), colors=INK,
        linestyles=EVENT_DASHES, linewidths=EVENT_WIDTH,
        alpha=EVENT_ALPHA if marks.numbered else 0.35, zorder=1, gid="events",
    )
    if numbers and marks.numbered:
        positions, labels = _event_number_ticks(marks.xs, limits, axes_width)
        top = ax.secondary_xaxis("top")
        top.set_xticks(positions, labels=labels)
        top.tick_params(labelsize=FONT, colors=INK, length=3, pad=1)
        top.spines["top"].set_visible(False)


def _event_labels(marks: EventMarks) -> list[str]:
    if not marks.numbered:
        return [_words().events.too_many.format(count=marks.total)]
    return [_plain("\n".join(textwrap.wrap(f"{i}. {label}", 58)))
            for i, label in enumerate(marks.labels, start=1)]


def _event_columns(labels: list[str]) -> int:
    return 1 if len(labels) < 4 else 2


def _event_key_height(marks: EventMarks) -> float:
    """About how tall the list of events is, in inches."""
    if not marks.total:
        return 0.0
    labels = _event_labels(marks)
    per_column = math.ceil(len(labels) / _event_columns(labels))
    lines = [label.count("\n") + 1 for label in labels]
    tallest = max(sum(lines[i:i + per_column]) for i in range(0, len(lines), per_column))
    return 0.35 + 0.21 * tallest + 0.07 * per_column


def _event_key(figure: Figure, marks: EventMarks, *, top: float | None = None) -> None:
    """The numbered list of events under the chart (``top``: its top edge, figure fraction)."""
    if not marks.total:
        return
    line = Line2D([], [], color=INK, linestyle=EVENT_DASHES, linewidth=EVENT_WIDTH,
                  alpha=EVENT_ALPHA)
    labels = _event_labels(marks)
    handles = [line] * len(labels)
    words = _words().events
    title = words.key_title_grouped.format(grouped=marks.grouped) if marks.grouped \
        else words.key_title
    style = {"ncols": _event_columns(labels), "fontsize": FONT, "frameon": False,
             "title": _plain(title), "title_fontsize": FONT, "alignment": "left",
             "handlelength": 2.2}
    if top is None:
        figure.legend(handles, labels, loc="outside lower center", **style)
    else:
        figure.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.5, top), **style)


def _event_sentence(marks: EventMarks) -> str:
    if not marks.total:
        return ""
    listed = "; ".join(marks.labels)
    words = _words().events
    if marks.grouped:
        return " " + words.marked_grouped.format(grouped=marks.grouped, listed=listed)
    if not marks.numbered:
        return " " + words.marked_count.format(count=marks.total)
    return " " + words.marked.format(listed=listed)


def _title(figure: Figure, text: str, resolution: Resolution) -> None:
    words = _averages(resolution)
    figure.suptitle(f"{text} ({words})" if words else text, fontsize=TITLE, color=INK,
                    x=0.01, ha="left")




# --- 1. factor trends ------------------------------------------------------------


def factor_trends(
    series: pd.DataFrame,
    factors: Sequence[Factor],
    events: pd.DataFrame | None = None,
    *,
    empty_message: str | None = None,
) -> Chart:
    """Small multiples: one panel per factor with data, 0-10, events as dashed lines.

    ``series`` comes from :func:`workbook.journal.timeline.factor_series`; ``factors``
    (for example ``content.factors()``) gives the panels' order, names and
    what 0 and 10 mean. Factors without data get no panel.
    """
    groups = {str(k): g for k, g in series.dropna(subset=["rating"]).groupby("factor", sort=False)}
    shown = [f for f in factors if f.id in groups]
    if not shown:
        return _empty_chart(empty_message or _words().empty.checkins)
    resolution = resolution_of(series)
    marks = _event_rows(events)

    count = len(shown)
    columns = min(3, count)
    rows = math.ceil(count / columns)
    titles = ["\n".join(textwrap.wrap(f.name, 30 if columns == 3 else 60)) for f in shown]
    tick_labels = [_scale_labels(f.scale) for f in shown]
    numbered = marks.numbered

    # Laid out by hand, in inches: a layout engine would measure every label of every
    # panel on each draw, which made this chart three times slower to save.
    label_width = max(_text_width(label, FONT) for labels in tick_labels for label in labels)
    label_width += 0.14  # the tick and the gap to the axis
    column_width = (WIDTH - 0.25) / columns
    axes_width = column_width - label_width - 0.22
    tops: list[float] = []
    cursor = _HEADER
    for row in range(rows):
        lines_in_titles = max(t.count("\n") + 1 for t in titles[row * columns:(row + 1) * columns])
        cursor += (_NUMBERS if row == 0 and numbered else 0) + _TITLE_LINE * lines_in_titles + 0.1
        tops.append(cursor)
        cursor += _PANEL + _ROW_GAP
    key_top = cursor - _ROW_GAP + _DATE_LABELS
    height = key_top + _event_key_height(marks) + 0.1
    figure = Figure(figsize=(WIDTH, height), facecolor="white")

    flat: list[Axes] = []
    for position in range(count):
        row, column = divmod(position, columns)
        left = 0.1 + column * column_width + label_width
        bottom = height - tops[row] - _PANEL
        ax = figure.add_axes(
            (left / WIDTH, bottom / height, axes_width / WIDTH, _PANEL / height),
            sharex=flat[0] if flat else None,
        )
        if position + columns < count:
            ax.tick_params(labelbottom=False)  # the panel below shows the dates
        flat.append(ax)

    all_x: list[float] = list(marks.xs)
    lines: list[tuple[Factor, pd.DataFrame]] = []
    for ax, factor, title, labels in zip(flat, shown, titles, tick_labels, strict=True):
        group = groups[factor.id].sort_values("when", kind="stable")
        xs = date_numbers(group["when"], resolution)
        all_x.extend(xs)
        colour, marker = BARRIER_STYLE if factor.high_means == "barrier" else READINESS_STYLE
        ax.plot(xs, group["rating"].to_numpy(dtype=float), color=colour, marker=marker,
                markersize=4.5, linewidth=1.7, markevery=_markevery(len(xs), PANEL_MARKERS),
                gid=factor.id)
        ax.set_title(title, fontsize=PANEL_TITLE, color=INK, loc="left")
        _rating_axis(ax, None)
        ax.set_yticks([0, 5, 10], labels=labels)
        lines.append((factor, group))
    limits = _x_limits(all_x)
    _date_axis(flat[0], limits, max_ticks=5 if columns == 3 else 8)
    for position, ax in enumerate(flat):
        _mark_events(ax, marks, numbers=position < columns, limits=limits,
                     axes_width=axes_width)

    text = _words().factors
    words = _averages(resolution)
    figure.suptitle(text.title + (f" ({words})" if words else ""),
                    x=0.1 / WIDTH, y=1 - 0.12 / height, fontsize=TITLE, color=INK,
                    ha="left", va="top")
    figure.legend(
        [Line2D([], [], color=BARRIER_STYLE[0], marker=BARRIER_STYLE[1]),
         Line2D([], [], color=READINESS_STYLE[0], marker=READINESS_STYLE[1])],
        [text.legend_barrier, text.legend_readiness],
        loc="upper right", bbox_to_anchor=(1 - 0.1 / WIDTH, 1 - 0.04 / height), ncols=2,
        fontsize=FONT, frameon=False,
    )
    _event_key(figure, marks, top=1 - key_top / height)

    summary = _factor_summary(lines, resolution)
    span = _span_words(series["when"], resolution)
    per_factor = " ".join(
        f"{factor.name}: {_first_to_last(group['rating'])}." for factor, group in lines
    )
    alt = (text.alt.format(factors=text.factor.count(count), points=span)
           + f" {per_factor}{_event_sentence(marks)}")
    return Chart(figure, summary, alt)


def _first_to_last(values: pd.Series) -> str:
    numbers = values.to_numpy(dtype=float)
    if len(numbers) == 1:
        return _number(numbers[0])
    return _words().factors.rating_from_to.format(first=_number(numbers[0]),
                                                  last=_number(numbers[-1]))


def _span_words(when: pd.Series, resolution: Resolution) -> str:
    stamps = pd.to_datetime(when)
    first, last = _days(stamps.min(), stamps.max())
    if resolution == "month":
        first, last = _month(stamps.min()), _month(stamps.max())
    elif resolution == "year":
        first, last = str(stamps.min().year), str(stamps.max().year)
    points = _words().points
    if first == last:
        return points["one"].format(points=points[resolution], first=first)
    return points["from_to"].format(points=points[resolution], first=first, last=last)


def _factor_summary(lines: list[tuple[Factor, pd.DataFrame]], resolution: Resolution) -> str:
    times = pd.to_datetime(pd.concat([group["when"] for _, group in lines]))
    words = _words().factors
    if times.nunique() == 1:
        return words.only_one.format(unit=_words().units[resolution], day=_day(times.iloc[0]))
    best: tuple[float, Factor, pd.DataFrame] | None = None
    for factor, group in lines:
        if len(group) < 2:
            continue
        ratings = group["rating"].to_numpy(dtype=float)
        change = abs(ratings[-1] - ratings[0])
        if best is None or change > best[0] + 1e-9:
            best = (change, factor, group)
    if best is None:
        between = _between(times.min(), times.max(), resolution)
        return words.rated_once.format(between=between)
    change, factor, group = best
    stamps = pd.to_datetime(group["when"])
    between = _between(stamps.iloc[0], stamps.iloc[-1], resolution)
    if change < 0.05:
        if all(g["rating"].max() - g["rating"].min() < 0.05 for _, g in lines):
            return words.none_changed.format(between=between)
        return words.back_to_start.format(between=between)
    ratings = group["rating"].to_numpy(dtype=float)
    compared = sum(1 for _, g in lines if len(g) >= 2)
    sentence = words.went_from_biggest if compared > 1 else words.went_from
    return sentence.format(factor=factor.name, first=_number(ratings[0]),
                           last=_number(ratings[-1]), between=between, count=compared)


# --- 2. readiness ----------------------------------------------------------------


def _change_sentence(subject: str, values: np.ndarray, between: str,
                     shown: Callable[[float], str]) -> str:
    """``Overall readiness went from 2.5 to 5.8 out of 10 between ...``, or stayed, or
    came back to where it started."""
    first, last = shown(values[0]), shown(values[-1])
    words = _words().change
    if abs(values[-1] - values[0]) >= 0.05:
        sentence = words.went
    elif values.max() - values.min() < 0.05:
        sentence = words.stayed
    else:
        sentence = words.same_ends
    return sentence.format(subject=subject, first=first, last=last, between=between)


def readiness_trend(
    series: pd.DataFrame,
    events: pd.DataFrame | None = None,
    *,
    empty_message: str | None = None,
) -> Chart:
    """Overall readiness (0-10, higher = more ready) as one line with points."""
    data = series.dropna(subset=["readiness"]).sort_values("when", kind="stable")
    if data.empty:
        return _empty_chart(empty_message or _words().empty.checkins)
    resolution = resolution_of(series)
    marks = _event_rows(events)
    figure = _figure(3.6 + _event_key_height(marks))
    ax = figure.add_subplot()
    xs = date_numbers(data["when"], resolution)
    colour, marker = READINESS_STYLE
    ax.plot(xs, data["readiness"].to_numpy(dtype=float), color=colour, marker=marker,
            markersize=5, linewidth=2.0, markevery=_markevery(len(xs)), gid="readiness")
    words = _words().readiness
    _rating_axis(ax, _words().scales.readiness)
    name = content.checkin().readiness.name
    ax.set_ylabel(name, fontsize=FONT, color=INK)
    _one_panel_dates(ax, [*xs, *marks.xs], marks)
    _title(figure, words.title.format(name=name), resolution)
    _event_key(figure, marks)

    values = data["readiness"].to_numpy(dtype=float)
    stamps = pd.to_datetime(data["when"])
    if len(values) == 1:
        summary = words.only_one.format(unit=_words().units[resolution],
                                        day=_day(stamps.iloc[0]), name=name.lower(),
                                        value=readiness_number(values[0]))
    else:
        between = _between(stamps.iloc[0], stamps.iloc[-1], resolution)
        summary = _change_sentence(name, values, between, readiness_number)
    alt = (words.alt.format(name=name.lower(), points=_span_words(data["when"], resolution),
                            lowest=readiness_number(values.min()),
                            highest=readiness_number(values.max()))
           + f" {summary}{_event_sentence(marks)}")
    return Chart(figure, summary, alt)


# --- 3. calendar ----------------------------------------------------------------


def _count_bins(top: int) -> list[tuple[int, int]]:
    """Up to four ranges of entries per day: 1, 2, 3, 4 or equal ranges up to ``top``."""
    if top <= 4:
        return [(k, k) for k in range(1, top + 1)]
    step = math.ceil(top / 4)
    bins = []
    low = 1
    while low <= top:
        high = min(top, low + step - 1)
        bins.append((low, high))
        low = high + 1
    return bins


def _bin_label(low: int, high: int) -> str:
    return f"{low:,}" if low == high else f"{low:,}-{high:,}"


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


# The calendar shows at most this many weeks at a time (a year and a day or so);
# a longer span is shown a window at a time, the latest first (see calendar_pages).
CALENDAR_WEEKS = 53


def _calendar_span(counts: pd.DataFrame, first: date | None,
                   last: date | None) -> tuple[dict[date, int], date, date] | None:
    """Entries per day with entries, and the first and last day of the grid."""
    data = counts[counts["entries"] > 0] if not counts.empty else counts
    if data.empty:
        return None
    per_day = {pd.Timestamp(d).date(): int(n) for d, n in zip(data["date"], data["entries"],
                                                                strict=True)}
    first = first or min(per_day)
    last = last or max(per_day)
    if last < first:
        first, last = last, first
    return per_day, first, last


def _calendar_window(first: date, last: date, page: int) -> tuple[date, date, int]:
    """The days page ``page`` shows (0 = the latest weeks) and how many pages there are.

    Up to :data:`CALENDAR_WEEKS` weeks the whole span is one page, as it is; a
    longer span is cut into windows of that many whole weeks, counted back from
    the week of ``last``.
    """
    if (last - first).days <= CALENDAR_WEEKS * 7:
        return first, last, 1
    weeks = (_monday(last) - _monday(first)).days // 7 + 1
    pages = math.ceil(weeks / CALENDAR_WEEKS)
    page = min(max(0, page), pages - 1)
    end = _monday(last) - timedelta(weeks=CALENDAR_WEEKS * page) + timedelta(days=6)
    begin = max(first, end - timedelta(weeks=CALENDAR_WEEKS) + timedelta(days=1))
    return begin, min(end, last), pages


def calendar_pages(counts: pd.DataFrame, *, first: date | None = None,
                   last: date | None = None) -> int:
    """How many pages :func:`entry_calendar` has for ``counts`` (1 for a year or less)."""
    span = _calendar_span(counts, first, last)
    return 1 if span is None else _calendar_window(span[1], span[2], 0)[2]


def entry_calendar(
    counts: pd.DataFrame,
    *,
    first: date | None = None,
    last: date | None = None,
    page: int = 0,
    empty_message: str | None = None,
) -> Chart:
    """A calendar of days (weeks across, weekdays down), darker for more entries.

    ``counts`` comes from :func:`workbook.journal.timeline.entry_counts_by_day`. The
    grid runs from ``first`` to ``last`` (both included; by default the first
    and last day with entries). Up to :data:`CALENDAR_WEEKS` weeks are one
    strip; a longer span shows one window of that many weeks, ``page`` 0 the
    latest, 1 the one before, and so on (:func:`calendar_pages` says how many).
    So the calendar draws at most 371 squares, however long the journal.
    """
    span = _calendar_span(counts, first, last)
    if span is None:
        return _empty_chart(empty_message or _words().empty.entries)
    per_day, first, last = span
    begin, end, pages = _calendar_window(first, last, page)
    per_day = {d: n for d, n in per_day.items() if begin <= d <= end}
    if not per_day:
        return _empty_chart(empty_message or _words().empty.entries)

    origin = _monday(begin)
    columns = (_monday(end) - origin).days // 7 + 1
    cell = min(0.3, 8.4 / columns)
    bins = _count_bins(max(per_day.values()))
    alphas = CALENDAR_LEVEL_ALPHAS[len(bins) - 1]
    blue = PALETTE["blue"]
    empty_edge = to_rgba(INK, 0.28)

    def colour(n: int) -> tuple[float, float, float, float]:
        for level, (low, high) in enumerate(bins):
            if low <= n <= high:
                return to_rgba(blue, alphas[level])
        return to_rgba(blue, 1.0)

    strip_height = 7 * cell + 0.42
    figure = _figure(0.55 + 0.6 + strip_height, width=min(WIDTH, max(3.8, columns * cell + 1.5)))
    ax = figure.add_subplot()
    patches, faces, edges = [], [], []
    day = begin
    while day <= end:
        column = (day - origin).days // 7
        count = per_day.get(day, 0)
        patches.append(Rectangle((column + 0.08, day.weekday() + 0.08), 0.84, 0.84))
        faces.append(colour(count) if count else (1.0, 1.0, 1.0, 0.0))
        edges.append((0.0, 0.0, 0.0, 0.0) if count else empty_edge)
        day += timedelta(days=1)
    ax.add_collection(PatchCollection(patches, facecolors=faces, edgecolors=edges,
                                      linewidths=0.7, gid="days"))
    ax.set_xlim(0, columns)
    ax.set_ylim(7, 0)
    ax.set_aspect("equal")
    ax.set_anchor("W")
    for spine in ax.spines.values():
        spine.set_visible(False)
    words = _words().calendar
    ax.set_yticks([0.5, 2.5, 4.5], labels=list(words.weekdays))
    month_starts = [(date(d.year, d.month, 1)) for d in _months(begin, end)]
    ticks = [((max(m, begin) - origin).days // 7) + 0.5 for m in month_starts]
    if pages > 1 and len(ticks) > 1 and ticks[1] - ticks[0] < 2:
        # A window that starts late in a month: that month's name would touch the next.
        month_starts, ticks = month_starts[1:], ticks[1:]
    ax.xaxis.tick_top()
    # A window across New Year names the year under its first month and each January.
    crosses_years = begin.year != end.year
    months = content.journal_text().dates.months
    ax.set_xticks(ticks, labels=[
        f"{months[m.month - 1]}\n{m.year}" if crosses_years and (m.month == 1 or i == 0)
        else months[m.month - 1] for i, m in enumerate(month_starts)
    ])
    ax.tick_params(length=0, labelsize=FONT, colors=INK, pad=2)

    figure.suptitle(words.title, fontsize=TITLE, color=INK, x=0.01, ha="left")
    handles = [Patch(facecolor=(1.0, 1.0, 1.0, 0.0), edgecolor=empty_edge, linewidth=0.7)]
    labels = ["0"]
    for level, (low, high) in enumerate(bins):
        handles.append(Patch(facecolor=to_rgba(blue, alphas[level]), edgecolor="none"))
        labels.append(_bin_label(low, high))
    figure.legend(handles, labels, loc="outside lower left", ncols=len(handles),
                  fontsize=FONT, frameon=False, title=words.legend_title,
                  title_fontsize=FONT, handlelength=1.2, handleheight=1.2, columnspacing=1.0,
                  alignment="left")

    total = sum(per_day.values())
    days_with = len(per_day)
    shown_first, shown_last = min(per_day), max(per_day)
    # One page of many: its dates say the year, or the reader could not tell pages apart.
    paged = pages > 1
    if days_with == 1:
        summary = words.one_day.format(entries=words.entry.count(total),
                                       day=_day(shown_first, paged))
    else:
        between = _between(pd.Timestamp(shown_first), pd.Timestamp(shown_last), "entry")
        if paged:
            between = _words().spans["entry"].format(first=_day(shown_first, True),
                                                     last=_day(shown_last, True))
        summary = words.many_days.format(entries=words.entry.count(total),
                                         days=words.day.count(days_with), between=between)
    busiest = max(per_day.values())
    window = ""
    if paged:
        window = " " + content.journal_text().over_time.calendar_paging.showing.format(
            first=_day(begin, True), last=_day(end, True))
    alt = f"{words.alt} {summary} {words.busiest.format(count=f'{busiest:,}')}{window}"
    return Chart(figure, summary, alt)


def _months(begin: date, end: date) -> list[date]:
    months = [begin]
    year, month = begin.year, begin.month
    while True:
        month += 1
        if month == 13:
            year, month = year + 1, 1
        start = date(year, month, 1)
        if start > end:
            return months
        months.append(start)


# --- 4. stress -------------------------------------------------------------------


def stress_and_events(
    stress: pd.DataFrame,
    events: pd.DataFrame | None = None,
    *,
    scale: ScaleEnds | None = None,
    empty_message: str | None = None,
) -> Chart:
    """The supporter's own stress over time, from check-ins and reflections, with events.

    ``stress`` comes from :func:`workbook.journal.timeline.stress_series`; ``scale``
    (for example ``content.factor("stress").scale``) names the ends.
    """
    data = stress.dropna(subset=["stress"]).sort_values("when", kind="stable")
    if data.empty:
        return _empty_chart(empty_message or _words().empty.stress)
    resolution = resolution_of(stress)
    marks = _event_rows(events)
    figure = _figure(3.6 + _event_key_height(marks))
    ax = figure.add_subplot()
    all_x: list[float] = list(marks.xs)
    handles, labels = [], []
    words = _words().stress
    for source, label, (colour, marker), line in (
        ("check-in", words.from_checkins, CHECKIN_STRESS_STYLE, "-"),
        ("reflection", words.from_reflections, REFLECTION_STRESS_STYLE, ":"),
    ):
        part = data[data["source"] == source]
        if part.empty:
            continue
        xs = date_numbers(part["when"], resolution)
        all_x.extend(xs)
        (drawn,) = ax.plot(xs, part["stress"].to_numpy(dtype=float), color=colour,
                           marker=marker, markersize=5, linestyle=line, linewidth=1.8,
                           markevery=_markevery(len(xs)), gid=source)
        handles.append(drawn)
        labels.append(label)
    _rating_axis(ax, scale or _words().scales.stress)
    ax.set_ylabel(words.axis, fontsize=FONT, color=INK)
    _one_panel_dates(ax, all_x, marks)
    _title(figure, words.title, resolution)
    figure.legend(handles, labels, loc="outside upper right", ncols=2, fontsize=FONT,
                  frameon=False)
    _event_key(figure, marks)

    values = data["stress"].to_numpy(dtype=float)
    stamps = pd.to_datetime(data["when"])
    if len(values) == 1:
        summary = words.only_one.format(value=_number(values[0]), day=_day(stamps.iloc[0]))
    else:
        between = _between(stamps.iloc[0], stamps.iloc[-1], resolution)
        summary = _change_sentence(words.subject, values, between, _number)
    alt = (words.alt.format(lowest=_number(values.min()), highest=_number(values.max()))
           + f" {summary}{_event_sentence(marks)}")
    return Chart(figure, summary, alt)


# --- all the over-time charts together ---------------------------------------------------


class OverTimeCharts:
    """The four over-time charts of some frames, each drawn when first asked for
    (the summary page shows three of them and never pays for the calendar)."""

    def __init__(self, frames: TimelineFrames) -> None:
        self.frames = frames

    @functools.cached_property
    def readiness(self) -> Chart:
        return readiness_trend(self.frames.readiness, self.frames.events)

    @functools.cached_property
    def factors(self) -> Chart:
        return factor_trends(self.frames.factors, content.factors(), self.frames.events)

    @functools.cached_property
    def stress(self) -> Chart:
        return stress_and_events(self.frames.stress, self.frames.events,
                                 scale=content.factor("stress").scale)

    @functools.cached_property
    def calendar(self) -> Chart:
        return entry_calendar(self.frames.counts)

    def all(self) -> tuple[Chart, ...]:
        return (self.readiness, self.factors, self.stress, self.calendar)


def over_time_charts(frames: TimelineFrames) -> OverTimeCharts:
    """The four over-time charts, drawn the same way for the chapter, the summary and
    the benchmark."""
    return OverTimeCharts(frames)


# --- readiness profile (the check-in chapter) ------------------------------------------


# Barrier band → colour; the value is also printed on each bar, so colour is never
# the only cue.
BAND_COLOURS: dict[Band, str] = {"high": PALETTE["vermillion"], "middle": PALETTE["orange"],
                                 "low": PALETTE["bluish_green"]}


def profile_chart(scores: Sequence[FactorScore],
                  previous: Mapping[str, int] | None = None,
                  previous_label: str | None = None) -> Chart:
    """Horizontal bars, biggest barrier at the top; last check-in as grey outlines."""
    words = _words().profile
    rows = max(len(scores), 1)
    height = 0.42 * rows + 1.3
    # Fixed margins instead of a layout engine: one draw per redraw keeps a slider
    # change well under 100 ms (see benchmarks/).
    figure = Figure(figsize=(8, height), dpi=100)
    figure.subplots_adjust(left=0.36, right=0.97, top=1 - 0.45 / height, bottom=0.75 / height)
    axes = figure.add_subplot()
    names = [s.factor.name for s in scores]
    positions = list(range(len(scores)))[::-1]  # biggest barrier on top
    axes.barh(positions, [s.barrier for s in scores], height=0.6,
              color=[BAND_COLOURS[band(s.barrier)] for s in scores], label=words.today, zorder=2)
    if previous:
        before = [(pos, s.factor.barrier(previous[s.factor.id]))
                  for pos, s in zip(positions, scores, strict=True) if s.factor.id in previous]
        if before:
            axes.barh([p for p, _ in before], [b for _, b in before], height=0.82,
                      fill=False, edgecolor="#555555", linestyle="--", linewidth=1.2,
                      label=previous_label or words.last_checkin, zorder=3)
    for pos, score in zip(positions, scores, strict=True):
        axes.text(score.barrier + 0.15, pos, str(score.barrier), va="center", fontsize=10,
                  color=INK, zorder=4)
    axes.set_yticks(positions, names, fontsize=10)
    axes.set_xlim(0, 10.8)
    axes.set_xticks(range(0, 11, 2))
    axes.set_xlabel(words.axis, fontsize=10)
    axes.set_title(words.title, fontsize=12, loc="left")
    axes.grid(axis="x", color="#DDDDDD", zorder=0)
    axes.spines[["top", "right"]].set_visible(False)
    if not scores:
        axes.set_yticks([])
        axes.text(5, 0, words.empty, ha="center", va="center",
                  fontsize=11, color=INK)
    elif previous:
        axes.legend(loc="lower right", bbox_to_anchor=(1, 1), ncol=2, fontsize=9, frameon=False)
    bars = "; ".join(words.bar.format(factor=s.factor.name, value=s.barrier) for s in scores)
    return Chart(figure, profile_summary(scores), words.alt.format(bars=bars))


# --- group spread (the facilitator's anonymous group view) ----------------------------------


def group_spread_chart(spreads: Sequence[GroupSpreadRow]) -> Chart:
    """Stacked bars per factor: how many people find it a low, middle or high barrier."""
    words = content.facilitator().group_report
    rows = max(len(spreads), 1)
    height = 0.42 * rows + 1.6
    figure = Figure(figsize=(8, height), dpi=100)
    figure.subplots_adjust(left=0.36, right=0.97, top=1 - 0.75 / height, bottom=0.75 / height)
    axes = figure.add_subplot()
    positions = list(range(len(spreads)))[::-1]
    left = [0] * len(spreads)
    bands: tuple[tuple[Band, str, str], ...] = (
        ("low", words.table_small, ""), ("middle", words.table_some, "//"),
        ("high", words.table_big, "xx"))
    for which, label, hatch in bands:
        counts = [getattr(row, which) for row in spreads]
        axes.barh(positions, counts, left=left, height=0.6, color=BAND_COLOURS[which],
                  hatch=hatch, edgecolor="white", label=label.format(range=band_range(which)))
        left = [a + b for a, b in zip(left, counts, strict=True)]
    axes.set_yticks(positions, [row.factor.name for row in spreads], fontsize=10)
    axes.set_xlabel(_words().group.axis, fontsize=10)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.spines[["top", "right"]].set_visible(False)
    axes.legend(loc="lower right", bbox_to_anchor=(1, 1), ncol=3, fontsize=9, frameon=False)
    top = max(spreads, key=lambda row: row.high, default=None)
    if top is None or top.high == 0:
        summary = words.spread_none
    else:
        summary = words.spread_summary.format(factor=top.factor.name, count=top.high,
                                              people=top.people)
    rows_text = "; ".join(_words().group.row.format(factor=row.factor.name, low=row.low,
                                                    middle=row.middle, high=row.high)
                          for row in spreads)
    return Chart(figure, summary, _words().group.alt.format(rows=rows_text))
