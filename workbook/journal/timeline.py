"""What the journal says over time, as pandas frames for the charts.

Every function takes a :class:`~workbook.journal.store.Journal` and an optional time
range (``start`` inclusive, ``end`` exclusive, as in ``Journal.checkins``) and
returns a DataFrame. A journal that does not exist yet gives empty frames with
the same columns, never an exception.

Speed: the work happens in SQL, so a journal of 100,000 check-ins is read in
about a second. When a range holds more than :data:`ENTRY_LIMIT` check-ins,
series are averaged per day, or per week, month or year for longer ranges
(:data:`SPAN_LIMITS`), so the charts never draw more than about a thousand
points per line, however long the journal. The frame's ``attrs["resolution"]``
says which ("entry", "day", "week", "month" or "year"); :func:`resolution_of`
reads it. Events are read one row per event up to :data:`EVENT_LIMIT`, and
counted per day beyond that. The entries table is read one page at a time.

Times: ``when`` is the clock time the reader saw when they wrote the entry
(as entered), as a tz-aware column in one fixed offset: the offset of the
newest entry in the journal. An entry written in another offset (before a
daylight-saving change, or while travelling) keeps its clock time and date.
Days are the reader's local dates as entered, not UTC dates: SQLite's
``date(at)`` would convert to UTC, so the code takes ``substr(at, 1, 10)``.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from typing import Literal

import pandas as pd

from .. import content
from ..content import Perspective, RangeId, plural
from ..rules.scoring import readiness_factors, readiness_index, readiness_words
from .model import as_utc, now
from .store import APPLICATION_ID, BUSY_TIMEOUT_MS, MIGRATIONS, Journal

Resolution = Literal["entry", "day", "week", "month", "year"]
RESOLUTIONS: tuple[Resolution, ...] = ("entry", "day", "week", "month", "year")

# More check-ins than this in a range: average them per day, week, month or year.
ENTRY_LIMIT = 2_000
# A range longer than this many days is averaged per week rather than per day.
DAY_SPAN_LIMIT = 731
# The longest range, in days, averaged per day, per week and per month (the first
# that fits wins); anything longer is averaged per year. At most about 730 days,
# 520 weeks or 1,200 months per line.
SPAN_LIMITS: tuple[tuple[Resolution, int], ...] = (
    ("day", DAY_SPAN_LIMIT), ("week", 10 * 366), ("month", 100 * 366),
)
# More events than this in a range are read as counts per day rather than one by one.
EVENT_LIMIT = 60
# How long a summary in the entries table may be, in characters.
SUMMARY_LENGTH = 120

# Named time ranges, by the ids content/journal.yaml gives labels to.
RANGE_DAYS: dict[RangeId, int | None] = {
    "weeks_4": 28,
    "weeks_12": 84,
    "year": 365,
    "all": None,
}
STRESS_COLUMNS = ("when", "stress", "source", "n")
COUNT_COLUMNS = ("date", "checkins", "reflections", "entries", "mood")

# Asks SQLite (3.35 or later understands it) to work a subquery out once, not per row.
_MATERIALIZED = "MATERIALIZED " if sqlite3.sqlite_version_info >= (3, 35, 0) else ""
_WALL_CLOCK = "%Y-%m-%dT%H:%M:%S"
_DAY = "%Y-%m-%d"


# --- the readiness index ----------------------------------------------------------
# Defined once in workbook.rules.scoring; the SQL below computes the same mean.


def _readiness_case() -> tuple[str, list[str]]:
    """SQL for one rating's share of :func:`~workbook.rules.scoring.readiness_index` (NULL if it
    has none)."""
    eligible = list(readiness_factors().values())
    if not eligible:
        return "NULL", []
    whens = " ".join(
        "WHEN ? THEN " + ("10 - r.rating" if f.high_means == "barrier" else "r.rating")
        for f in eligible
    )
    return f"CASE r.factor {whens} END", [f.id for f in eligible]


# --- named ranges -----------------------------------------------------------------


def date_range_options(
    today: datetime | None = None,
) -> dict[RangeId, tuple[datetime | None, datetime | None]]:
    """Named ranges for a drop-down: id -> (start, end); ``None`` means open.

    Ids are those of :data:`RANGE_DAYS` ("weeks_4", "weeks_12", "year", "all"; their
    labels are in journal.yaml). "weeks_4" starts at
    midnight 27 days before today, so it holds 28 whole days including today.
    The end is open, so nothing written today (or dated later) is left out.
    """
    moment = today if today is not None else now()
    midnight = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    options: dict[RangeId, tuple[datetime | None, datetime | None]] = {}
    for name, days in RANGE_DAYS.items():
        options[name] = (None, None) if days is None else (
            midnight - timedelta(days=days - 1), None
        )
    return options


# --- reading ----------------------------------------------------------------------


@contextlib.contextmanager
def _connection(journal: Journal) -> Iterator[sqlite3.Connection | None]:
    """A read-only connection to the journal, or ``None`` if nothing is saved yet.

    ``Journal``'s own connections run an integrity check of the whole file each
    time (about 0.2 s for 100,000 check-ins). Reads for charts cannot damage
    anything, so they open the file read-only and check only that it is an
    Open Door journal of this version. Anything unusual (an older version, a
    foreign or damaged file) goes through ``Journal``, which migrates, or
    raises :class:`~workbook.journal.store.NotAJournalError` with its usual message.
    """
    path = journal.path
    try:
        if path.stat().st_size == 0:
            yield None
            return
    except FileNotFoundError:
        yield None
        return
    except OSError:
        pass  # let the journal report it in its own words
    db: sqlite3.Connection | None = None
    try:
        db = sqlite3.connect(
            path.resolve().as_uri() + "?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000
        )
        usable = (
            db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
            and db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
        )
    except sqlite3.DatabaseError:
        usable = False
    if not usable:
        if db is not None:
            db.close()
        with journal._reading() as checked:
            yield checked
        return
    assert db is not None
    try:
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        yield db
    except sqlite3.DatabaseError:
        journal.check()  # a damaged file raises NotAJournalError with the store's words
        raise
    finally:
        db.close()


def _marks(values: Sequence[object]) -> str:
    return ", ".join("?" for _ in values)


def _where(
    alias: str,
    start: datetime | None,
    end: datetime | None,
    *,
    perspective: Perspective | None = None,
    person: str | None = None,
    extra: Sequence[str] = (),
) -> tuple[str, list[object]]:
    prefix = f"{alias}." if alias else ""
    clauses: list[str] = list(extra)
    params: list[object] = []
    if start is not None:
        clauses.append(f"{prefix}at_utc >= ?")
        params.append(_iso_utc(start))
    if end is not None:
        clauses.append(f"{prefix}at_utc < ?")
        params.append(_iso_utc(end))
    if perspective is not None:
        clauses.append(f"{prefix}perspective = ?")
        params.append(perspective)
    if person is not None:
        clauses.append(f"{prefix}person = ?")
        params.append(person)
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def _iso_utc(value: datetime) -> str:
    if value.tzinfo is None:
        value = value.astimezone()  # a time without an offset is this computer's local time
    return as_utc(value).isoformat(timespec="seconds")


def _local_tz() -> tzinfo:
    return now().tzinfo or UTC


def _display_tz(db: sqlite3.Connection | None) -> tzinfo:
    """The offset of the newest entry in the journal (this computer's if there is none)."""
    if db is None:
        return _local_tz()
    newest: tuple[str, str] | None = None
    for table in ("checkins", "reflections"):
        row = db.execute(f"SELECT at_utc, at FROM {table} ORDER BY at_utc DESC LIMIT 1").fetchone()
        if row is not None and (newest is None or row[0] > newest[0]):
            newest = (row[0], row[1])
    if newest is None:
        return _local_tz()
    try:
        offset = datetime.fromisoformat(newest[1]).utcoffset()
    except ValueError:
        return _local_tz()
    return timezone(offset) if offset is not None else _local_tz()


def choose_resolution(count: int, first: datetime | None, last: datetime | None) -> Resolution:
    """"entry" up to :data:`ENTRY_LIMIT` entries, then "day", or "week", "month" or
    "year" for longer ranges (:data:`SPAN_LIMITS`)."""
    if count <= ENTRY_LIMIT or first is None or last is None:
        return "entry"
    for resolution, days in SPAN_LIMITS:
        if (last - first) <= timedelta(days=days):
            return resolution
    return "year"


def resolution_of(frame: pd.DataFrame) -> Resolution:
    """The resolution a frame from this module was read at ("entry" if it does not say)."""
    value = frame.attrs.get("resolution", "entry")
    return value if value in RESOLUTIONS else "entry"


def _span(rows: Sequence[tuple[int, str | None, str | None]]) -> tuple[int, datetime | None,
                                                                       datetime | None]:
    """Add up (count, first at_utc, last at_utc) rows from several queries."""
    count = sum(r[0] for r in rows)
    firsts = [r[1] for r in rows if r[1]]
    lasts = [r[2] for r in rows if r[2]]
    first = datetime.fromisoformat(min(firsts)) if firsts else None
    last = datetime.fromisoformat(max(lasts)) if lasts else None
    return count, first, last


def _checkin_resolution(db: sqlite3.Connection, where: str, params: Sequence[object]) -> Resolution:
    """The resolution that keeps the check-ins selected by ``where`` few enough to draw."""
    count, first, last = _span(
        [db.execute(f"SELECT count(*), min(at_utc), max(at_utc) FROM checkins c{where}",
                    params).fetchone()]
    )
    return choose_resolution(count, first, last)


def _bucket_sql(resolution: Resolution, day: str) -> str:
    """SQL for the start of the day, week (Monday), month or year of a local date."""
    if resolution == "week":
        return f"date({day}, 'weekday 0', '-6 days')"
    if resolution == "month":
        return f"substr({day}, 1, 7) || '-01'"
    if resolution == "year":
        return f"substr({day}, 1, 4) || '-01-01'"
    return day


def _wall_clock(at: pd.Series, tz: tzinfo) -> pd.Series:
    """Entry times as entered ("2026-01-05T20:15:00-05:00" -> 20:15 that day), in ``tz``."""
    clock = pd.to_datetime(at.str.slice(0, 19), format=_WALL_CLOCK)
    return clock.dt.tz_localize(tz)


def _bucket_start(day: pd.Series, tz: tzinfo) -> pd.Series:
    return pd.to_datetime(day, format=_DAY).dt.tz_localize(tz)


def _empty(columns: dict[str, str], tz: tzinfo, resolution: Resolution = "entry") -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            name: pd.Series([], dtype=pd.DatetimeTZDtype(unit="ns", tz=tz)
                            if dtype == "when" else dtype)
            for name, dtype in columns.items()
        }
    )
    frame.attrs["resolution"] = resolution
    return frame


def _finish(frame: pd.DataFrame, resolution: Resolution) -> pd.DataFrame:
    frame = frame.reset_index(drop=True)
    frame.attrs["resolution"] = resolution
    return frame


def _when(at: pd.Series, tz: tzinfo, resolution: Resolution) -> pd.Series:
    """An entry's wall-clock time, or the start of its day (or week...) bucket."""
    return _wall_clock(at, tz) if resolution == "entry" else _bucket_start(at, tz)


def _frame(rows: Sequence[Sequence[object]], columns: dict[str, str], tz: tzinfo,
           resolution: Resolution) -> pd.DataFrame:
    """Rows of ``(at, ...the other columns)`` as a frame of ``columns``, ``when`` first."""
    if not rows:
        return _empty(columns, tz, resolution)
    frame = pd.DataFrame(rows, columns=["at", *(name for name in columns if name != "when")])
    frame.insert(0, "when", _when(frame["at"], tz, resolution))
    types = {name: kind for name, kind in columns.items() if kind not in ("when", "object")}
    return _finish(frame.drop(columns="at").astype(types), resolution)


# --- series -------------------------------------------------------------------------


def factor_series(
    journal: Journal,
    start: datetime | None = None,
    end: datetime | None = None,
    *,
    perspective: Perspective | None = None,
    person: str | None = None,
    resolution: Resolution | None = None,
) -> pd.DataFrame:
    """Ratings per factor over time, long form: ``when``, ``factor``, ``rating``, ``n``.

    One row per check-in rating for up to :data:`ENTRY_LIMIT` check-ins; beyond
    that the mean per day or week (``when`` is the start of the day or week,
    ``n`` how many ratings were averaged). ``resolution`` forces a choice.
    Rows are ordered by time, then factor id.
    """
    columns = {"when": "when", "factor": "object", "rating": "float64", "n": "int64"}
    with _connection(journal) as db:
        tz = _display_tz(db)
        if db is None:
            return _empty(columns, tz, resolution or "entry")
        where, params = _where("c", start, end, perspective=perspective, person=person)
        resolution = resolution or _checkin_resolution(db, where, params)
        if resolution == "entry":
            rows = db.execute(
                "SELECT c.at, r.factor, r.rating, 1 FROM checkins c "
                f"CROSS JOIN ratings r ON r.checkin_id = c.id{where} "
                "ORDER BY c.at_utc, c.uid, r.factor",
                params,
            ).fetchall()
        else:
            # Each check-in's bucket is worked out once (not once per rating), then the
            # ratings are summed per bucket and factor: the mean stays exact.
            bucket = _bucket_sql(resolution, "substr(c.at, 1, 10)")
            rows = db.execute(
                f"WITH b AS {_MATERIALIZED}(SELECT c.id AS id, {bucket} AS b FROM checkins c"
                f"{where}) SELECT b.b, r.factor, CAST(sum(r.rating) AS REAL) / count(*), "
                "count(*) FROM b CROSS JOIN ratings r ON r.checkin_id = b.id "
                "GROUP BY b.b, r.factor ORDER BY b.b, r.factor",
                params,
            ).fetchall()
    return _frame(rows, columns, tz, resolution)


def readiness_series(
    journal: Journal,
    start: datetime | None = None,
    end: datetime | None = None,
    *,
    perspective: Perspective | None = None,
    person: str | None = None,
    resolution: Resolution | None = None,
) -> pd.DataFrame:
    """Overall readiness over time: ``when``, ``readiness`` (0-10), ``n``.

    One row per check-in that rated at least one readiness factor (see
    :func:`~workbook.rules.scoring.readiness_index`), or the mean of those check-ins per day or week
    (``n`` = how many check-ins).
    """
    columns = {"when": "when", "readiness": "float64", "n": "int64"}
    case_sql, case_params = _readiness_case()
    with _connection(journal) as db:
        tz = _display_tz(db)
        if db is None:
            return _empty(columns, tz, resolution or "entry")
        where, params = _where("c", start, end, perspective=perspective, person=person)
        resolution = resolution or _checkin_resolution(db, where, params)
        # The mean of AVG(CASE ...) over one check-in's ratings is readiness_index().
        per_checkin = (
            f"SELECT c.at AS at, c.at_utc AS at_utc, c.uid AS uid, avg({case_sql}) AS x "
            f"FROM checkins c CROSS JOIN ratings r ON r.checkin_id = c.id{where} GROUP BY c.id"
        )
        all_params = [*case_params, *params]
        if resolution == "entry":
            rows = db.execute(
                f"SELECT at, x, 1 FROM ({per_checkin}) WHERE x IS NOT NULL ORDER BY at_utc, uid",
                all_params,
            ).fetchall()
        else:
            rows = db.execute(
                f"SELECT {_bucket_sql(resolution, 'd')} AS b, sum(s) / sum(n), sum(n) FROM ("
                f"SELECT substr(at, 1, 10) AS d, sum(x) AS s, count(*) AS n FROM ({per_checkin}) "
                "WHERE x IS NOT NULL GROUP BY d) GROUP BY b ORDER BY b",
                all_params,
            ).fetchall()
    return _frame(rows, columns, tz, resolution)


def events(
    journal: Journal,
    start: datetime | None = None,
    end: datetime | None = None,
    *,
    resolution: Literal["entry", "day"] | None = None,
) -> pd.DataFrame:
    """Reflections with an event ("we talked about therapy"): ``when``, ``event``, ``n``.

    One row per event (``n`` = 1) up to :data:`EVENT_LIMIT` events; beyond that
    one row per local day with events: ``when`` is the start of the day,
    ``event`` is "" and ``n`` how many events that day. Too many events to
    name would crowd a chart anyway; the charts group them further.
    """
    columns = {"when": "when", "event": "object", "n": "int64"}
    with _connection(journal) as db:
        tz = _display_tz(db)
        if db is None:
            return _empty(columns, tz, resolution or "entry")
        where, params = _where("", start, end,
                               extra=["event IS NOT NULL", "trim(event) != ''"])
        if resolution is None:
            count = db.execute(f"SELECT count(*) FROM reflections{where}", params).fetchone()[0]
            resolution = "entry" if count <= EVENT_LIMIT else "day"
        if resolution == "entry":
            rows = db.execute(
                f"SELECT at, event, 1 FROM reflections{where} ORDER BY at_utc, uid", params
            ).fetchall()
        else:
            rows = db.execute(
                f"SELECT substr(at, 1, 10) AS d, '', count(*) FROM reflections{where} "
                "GROUP BY d ORDER BY d",
                params,
            ).fetchall()
    return _frame(rows, columns, tz, resolution)


def stress_series(
    journal: Journal,
    start: datetime | None = None,
    end: datetime | None = None,
    *,
    resolution: Resolution | None = None,
) -> pd.DataFrame:
    """The supporter's own stress over time: ``when``, ``stress``, ``source``, ``n``.

    ``source`` is "check-in" (the check-in factor ``stress``) or "reflection"
    (a reflection's stress). Averaged per day or week like the other series.
    """
    columns = {"when": "when", "stress": "float64", "source": "object", "n": "int64"}
    with _connection(journal) as db:
        tz = _display_tz(db)
        if db is None:
            return _empty(columns, tz, resolution or "entry")
        c_where, c_params = _where("c", start, end)
        r_where, r_params = _where("", start, end, extra=["stress IS NOT NULL"])
        checkin_rows = (
            "SELECT c.at AS at, c.at_utc AS at_utc, c.uid AS uid, r.rating AS stress "
            "FROM checkins c CROSS JOIN ratings r "
            f"ON r.checkin_id = c.id AND r.factor = 'stress'{c_where}"
        )
        reflection_rows = f"SELECT at, at_utc, uid, stress FROM reflections{r_where}"
        if resolution is None:
            resolution = choose_resolution(*_span([
                db.execute(f"SELECT count(*), min(at_utc), max(at_utc) FROM ({checkin_rows})",
                           c_params).fetchone(),
                db.execute(f"SELECT count(*), min(at_utc), max(at_utc) FROM ({reflection_rows})",
                           r_params).fetchone(),
            ]))
        parts = []
        for source, sql, params in (("check-in", checkin_rows, c_params),
                                    ("reflection", reflection_rows, r_params)):
            if resolution == "entry":
                query = f"SELECT at, stress, 1, at_utc, uid FROM ({sql})"
            else:
                bucket = _bucket_sql(resolution, "d")
                query = (
                    f"SELECT {bucket}, CAST(sum(s) AS REAL) / sum(n), sum(n), {bucket}, '' FROM ("
                    f"SELECT substr(at, 1, 10) AS d, sum(stress) AS s, count(*) AS n FROM ({sql}) "
                    f"GROUP BY d) GROUP BY {bucket}"
                )
            part = pd.DataFrame(db.execute(query, params).fetchall(),
                                columns=["at", "stress", "n", "order", "uid"])
            part["source"] = source
            parts.append(part)
    frame = pd.concat(parts, ignore_index=True)
    if frame.empty:
        return _empty(columns, tz, resolution)
    frame = frame.sort_values(["order", "uid", "source"], kind="stable")
    frame.insert(0, "when", _when(frame["at"], tz, resolution))
    frame = frame[list(STRESS_COLUMNS)].astype({"stress": "float64", "n": "int64"})
    return _finish(frame, resolution)


def _empty_counts() -> pd.DataFrame:
    return pd.DataFrame({
        "date": pd.Series([], dtype="datetime64[ns]"),
        "checkins": pd.Series([], dtype="int64"),
        "reflections": pd.Series([], dtype="int64"),
        "entries": pd.Series([], dtype="int64"),
        "mood": pd.Series([], dtype="float64"),
    })


def entry_counts_by_day(
    journal: Journal, start: datetime | None = None, end: datetime | None = None
) -> pd.DataFrame:
    """Per local date with entries: ``date``, ``checkins``, ``reflections``, ``entries``, ``mood``.

    ``date`` is the local date as entered (midnight, no time zone); ``mood`` is
    the mean mood of that day's reflections, or NaN if none gave one. Days
    without entries are left out.
    """
    empty = _empty_counts()
    with _connection(journal) as db:
        if db is None:
            return empty
        where, params = _where("", start, end)
        checkins = db.execute(
            f"SELECT substr(at, 1, 10) AS d, count(*) FROM checkins{where} GROUP BY d", params
        ).fetchall()
        reflections = db.execute(
            f"SELECT substr(at, 1, 10) AS d, count(*), avg(mood) FROM reflections{where} "
            "GROUP BY d",
            params,
        ).fetchall()
    if not checkins and not reflections:
        return empty
    left = pd.DataFrame(checkins, columns=["day", "checkins"])
    right = pd.DataFrame(reflections, columns=["day", "reflections", "mood"])
    frame = left.merge(right, on="day", how="outer").sort_values("day")
    frame["checkins"] = frame["checkins"].fillna(0).astype("int64")
    frame["reflections"] = frame["reflections"].fillna(0).astype("int64")
    frame["entries"] = frame["checkins"] + frame["reflections"]
    frame["mood"] = frame["mood"].astype("float64")
    frame.insert(0, "date", pd.to_datetime(frame["day"], format=_DAY))
    return frame[list(COUNT_COLUMNS)].reset_index(drop=True)


def _shorten(text: str, length: int = SUMMARY_LENGTH) -> str:
    flat = " ".join(text.split())
    if len(flat) <= length:
        return flat
    cut = flat[: length - 1].rsplit(" ", 1)[0] if " " in flat[: length - 1] else flat[: length - 1]
    return cut.rstrip(" ,.;:") + "…"


def checkin_summary(ratings: Mapping[str, int], person: str | None, note: str) -> str:
    """One line for a check-in in the entries table."""
    index = readiness_index(ratings)
    if index is not None:
        head = readiness_words(index)
    else:
        words = content.messages().entries_table.ratings
        head = plural(len(ratings), words.one, words.other)
    if person:
        head = content.messages().entries_table.about.format(summary=head, person=person)
    return _shorten(f"{head}: {note}" if note.strip() else head)


def reflection_summary(text: str, event: str | None) -> str:
    """One line for a reflection in the entries table."""
    if text.strip():
        return _shorten(text)
    if event:
        return _shorten(event)
    return content.messages().entries_table.mood_and_stress_only


def entry_count(
    journal: Journal, start: datetime | None = None, end: datetime | None = None
) -> int:
    """How many check-ins and reflections there are from ``start`` to ``end``."""
    with _connection(journal) as db:
        if db is None:
            return 0
        where, params = _where("", start, end)
        return sum(
            int(db.execute(f"SELECT count(*) FROM {table}{where}", params).fetchone()[0])
            for table in ("checkins", "reflections")
        )


def entries_table(
    journal: Journal,
    start: datetime | None = None,
    end: datetime | None = None,
    limit: int = 200,
    offset: int = 0,
) -> pd.DataFrame:
    """The newest entries first, for a table: when, kind, summary, mood, stress, tags, event, id.

    At most ``limit`` rows, after skipping the ``offset`` newest (one page of
    the table). ``kind`` is content's word for a check-in or a reflection. ``stress`` of a
    check-in is its "stress" rating; ``mood`` is empty for check-ins.
    ``tags`` are joined with ", "; text columns are "" when empty, mood and
    stress <NA>.
    """
    columns = {"when": "when", "kind": "object", "summary": "object", "mood": "Int64",
               "stress": "Int64", "tags": "object", "event": "object", "id": "object"}
    limit = max(0, int(limit))
    offset = max(0, int(offset))
    with _connection(journal) as db:
        tz = _display_tz(db)
        if db is None or limit == 0:
            return _empty(columns, tz)
        where, params = _where("", start, end)
        # Only the uids of this page are picked from both tables (newest first, through
        # the time indexes); then just those rows are read.
        page = db.execute(
            f"SELECT uid, kind FROM (SELECT at_utc, uid, 'c' AS kind FROM checkins{where} "
            f"UNION ALL SELECT at_utc, uid, 'r' FROM reflections{where}) "
            "ORDER BY at_utc DESC, uid DESC LIMIT ? OFFSET ?",
            [*params, *params, limit, offset],
        ).fetchall()
        checkin_uids = [uid for uid, kind in page if kind == "c"]
        reflection_uids = [uid for uid, kind in page if kind == "r"]
        checkins = db.execute(
            "SELECT id, uid, at, at_utc, person, note FROM checkins "
            f"WHERE uid IN ({_marks(checkin_uids)})",
            checkin_uids,
        ).fetchall() if checkin_uids else []
        reflections = db.execute(
            "SELECT uid, at, at_utc, text, mood, stress, tags, event FROM reflections "
            f"WHERE uid IN ({_marks(reflection_uids)})",
            reflection_uids,
        ).fetchall() if reflection_uids else []
        ratings: dict[int, dict[str, int]] = {row[0]: {} for row in checkins}
        if ratings:
            ids = list(ratings)
            for checkin_id, factor, rating in db.execute(
                "SELECT checkin_id, factor, rating FROM ratings "
                f"WHERE checkin_id IN ({_marks(ids)})",
                ids,
            ):
                ratings[checkin_id][factor] = rating
    rows: list[tuple[object, ...]] = []
    kinds = content.messages().entries_table
    for row_id, uid, at, at_utc, person, note in checkins:
        these = ratings[row_id]
        rows.append((at_utc, uid, at, kinds.checkin, checkin_summary(these, person, note),
                     None, these.get("stress"), "", "", uid))
    for uid, at, at_utc, text, mood, stress, tags, event in reflections:
        rows.append((at_utc, uid, at, kinds.reflection, reflection_summary(text, event),
                     mood, stress, ", ".join(json.loads(tags)), event or "", uid))
    rows.sort(key=lambda r: (str(r[0]), str(r[1])), reverse=True)
    return _frame([r[2:] for r in rows[:limit]], columns, tz, "entry")


@dataclass(frozen=True)
class Tagged:
    """A reflection's id and tags, without the rest of it."""

    uid: str
    tags: tuple[str, ...]


@dataclass(frozen=True)
class JournalOutline:
    """Counts and ids, so a page that shows a few entries (the summary) need not read all.

    ``same_side`` holds (uid, person) of the first check-in about each person
    from the same side (perspective) as the latest one, oldest first, and then
    the latest check-in itself.
    ``recent`` holds the uids of the newest reflections, newest first;
    ``tagged`` the uids and tags of reflections with any of the asked-for tags,
    oldest first.
    """

    checkins: int
    reflections: int
    same_side: tuple[tuple[str, str | None], ...]
    recent: tuple[str, ...]
    tagged: tuple[Tagged, ...]


def journal_outline(journal: Journal, *, recent: int, tags: Sequence[str]) -> JournalOutline:
    """The :class:`JournalOutline` of the journal: ``recent`` reflections, ``tags`` wanted."""
    with _connection(journal) as db:
        if db is None:
            return JournalOutline(0, 0, (), (), ())
        checkins, reflections = (
            int(db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
            for table in ("checkins", "reflections")
        )
        latest = db.execute(
            "SELECT uid, person, perspective FROM checkins ORDER BY at_utc DESC, uid DESC "
            "LIMIT 1"
        ).fetchone()
        same_side: tuple[tuple[str, str | None], ...] = ()
        if latest is not None:
            # The first check-in (by at_utc, then uid) per person named, oldest first.
            firsts = db.execute(
                "SELECT min(at_utc || ' ' || uid), person FROM checkins WHERE perspective = ? "
                "GROUP BY person ORDER BY 1",
                [latest[2]],
            ).fetchall()
            same_side = (*((key.split(" ", 1)[1], person) for key, person in firsts),
                         (latest[0], latest[1]))
        newest = tuple(uid for (uid,) in db.execute(
            "SELECT uid FROM reflections ORDER BY at_utc DESC, uid DESC LIMIT ?", [recent]))
        tagged: tuple[Tagged, ...] = ()
        if tags:
            # A quick look for the tag's text first; the saved list then decides.
            rows = db.execute(
                f"SELECT uid, tags FROM reflections WHERE "
                f"{' OR '.join('instr(tags, ?) > 0' for _ in tags)} ORDER BY at_utc, uid",
                [json.dumps(tag, ensure_ascii=False) for tag in tags],
            ).fetchall()
            tagged = tuple(Tagged(uid, tuple(these)) for uid, saved in rows
                           if set(these := json.loads(saved)) & set(tags))
    return JournalOutline(checkins, reflections, same_side, newest, tagged)


@dataclass(frozen=True)
class TimelineFrames:
    """Everything the over-time charts draw, read once for one span of time."""

    factors: pd.DataFrame
    readiness: pd.DataFrame
    events: pd.DataFrame
    stress: pd.DataFrame
    counts: pd.DataFrame


def read_frames(journal: Journal, start: datetime | None = None,
                end: datetime | None = None, *, counts: bool = True) -> TimelineFrames:
    """All the series the over-time charts need, from ``start`` to ``end``.

    ``counts=False`` leaves the entries per day (the calendar's) empty.
    """
    return TimelineFrames(
        factors=factor_series(journal, start, end),
        readiness=readiness_series(journal, start, end),
        events=events(journal, start, end),
        stress=stress_series(journal, start, end),
        counts=entry_counts_by_day(journal, start, end) if counts else _empty_counts(),
    )
