"""The timeline frames behind the "Reflections over time" charts (``workbook.journal.timeline``)."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pandas as pd
import pytest

from workbook import content, paths
from workbook.journal import timeline
from workbook.journal.model import make_checkin, make_reflection
from workbook.journal.store import Journal, NotAJournalError
from workbook.journal.transfer import import_file, read_import
from workbook.rules.scoring import readiness_index

NEW_YORK = timezone(timedelta(hours=-5))
NEW_YORK_SUMMER = timezone(timedelta(hours=-4))
# The dense first year of the ``big`` journal; its second part starts at the end (excluded).
FIRST_YEAR = (datetime(2023, 1, 1, tzinfo=NEW_YORK), datetime(2024, 1, 2, 8, 0, tzinfo=NEW_YORK))
SERIES = {
    timeline.factor_series: ["when", "factor", "rating", "n"],
    timeline.readiness_series: ["when", "readiness", "n"],
    timeline.events: ["when", "event", "n"],
    timeline.stress_series: ["when", "stress", "source", "n"],
    timeline.entry_counts_by_day: ["date", "checkins", "reflections", "entries", "mood"],
    timeline.entries_table: ["when", "kind", "summary", "mood", "stress", "tags", "event", "id"],
}


@pytest.fixture
def sample(data_dir: Path) -> Journal:
    journal = Journal()
    import_file(journal, paths.SAMPLE_JOURNEY)
    return journal


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Journal:
    """3,000 check-ins in the first year, then 2,000 over the next two: 5,000 over 3 years."""
    journal = Journal(tmp_path_factory.mktemp("big") / "journal.sqlite3")
    start = datetime(2023, 1, 2, 8, 0, tzinfo=NEW_YORK)
    year = 365 * 24 * 3600
    times = [start + timedelta(seconds=i * year // 3000) for i in range(3000)]
    times += [start + timedelta(seconds=year + i * 2 * year // 2000) for i in range(2000)]
    checkins = [
        make_checkin("supporter", {"fear": i % 11, "hope": (i * 7) % 11, "stress": 5,
                                   "importance": 10 - i % 11}, when=when, uid=f"big-{i}")
        for i, when in enumerate(times)
    ]
    journal.import_entries(checkins, [])
    return journal


def at(day: int, hour: int = 20, tz: timezone = NEW_YORK, month: int = 3) -> datetime:
    return datetime(2026, month, day, hour, 0, tzinfo=tz)


def clock(frame: pd.DataFrame) -> list[str]:
    """The ``when`` column as the clock times a reader entered."""
    return [w.strftime("%Y-%m-%d %H:%M") for w in frame["when"]]


# --- the readiness index ----------------------------------------------------------


def test_readiness_index_counts_barriers_as_ten_minus_the_rating() -> None:
    # fear is a barrier (10 - 8 = 2), hope a readiness factor (6): mean 4.
    assert readiness_index({"fear": 8, "hope": 6}) == 4.0
    assert readiness_index({"importance": 7}) == 7.0
    assert readiness_index({"shame": 10, "practical": 0}) == 5.0


def test_readiness_index_leaves_out_the_supporters_own_load_and_unknown_ids() -> None:
    assert readiness_index({"fear": 8, "stress": 10, "support": 0, "boundaries": 3}) == 2.0
    assert readiness_index({"fear": 8, "not_a_factor": 10}) == 2.0
    assert readiness_index({"stress": 9, "support": 2}) is None
    assert readiness_index({}) is None


def test_sql_readiness_matches_readiness_index_per_check_in_day_and_week(
    fresh_journal: Journal,
) -> None:
    ratings = [
        {"fear": 8, "hope": 2, "stress": 9},  # Monday 2 March
        {"insight": 5, "shame": 3, "support": 1, "confidence": 4},  # Monday 2 March, later
        {"stress": 7},  # only the supporter's own load: no readiness
        {"practical": 10, "own_solution": 9, "judgment": 1},  # Wednesday 4 March
        {"importance": 6},  # Monday 9 March: next week
    ]
    times = [at(2, 9), at(2, 21), at(3), at(4), at(9)]
    fresh_journal.import_entries(
        [make_checkin("supporter", r, when=w) for r, w in zip(ratings, times, strict=True)], []
    )
    expected = [readiness_index(r) for r in ratings]

    entry = timeline.readiness_series(fresh_journal)
    assert timeline.resolution_of(entry) == "entry"
    assert list(entry["readiness"]) == pytest.approx([x for x in expected if x is not None])
    assert clock(entry) == ["2026-03-02 09:00", "2026-03-02 21:00", "2026-03-04 20:00",
                            "2026-03-09 20:00"]

    day = timeline.readiness_series(fresh_journal, resolution="day")
    assert timeline.resolution_of(day) == "day"
    assert list(day["readiness"]) == pytest.approx(
        [(expected[0] + expected[1]) / 2, expected[3], expected[4]]  # type: ignore[operator]
    )
    assert list(day["n"]) == [2, 1, 1]
    assert clock(day) == ["2026-03-02 00:00", "2026-03-04 00:00", "2026-03-09 00:00"]

    week = timeline.readiness_series(fresh_journal, resolution="week")
    assert list(week["readiness"]) == pytest.approx(
        [(expected[0] + expected[1] + expected[3]) / 3, expected[4]]  # type: ignore[operator]
    )
    assert clock(week) == ["2026-03-02 00:00", "2026-03-09 00:00"]  # Mondays


def test_factor_means_per_day_and_week_are_the_means_of_the_ratings(
    fresh_journal: Journal,
) -> None:
    fresh_journal.import_entries([
        make_checkin("self", {"fear": 8, "hope": 1}, when=at(2, 9)),
        make_checkin("self", {"fear": 5}, when=at(2, 21)),
        make_checkin("self", {"fear": 2, "hope": 4}, when=at(8)),  # Sunday: same week
    ], [])
    day = timeline.factor_series(fresh_journal, resolution="day")
    assert list(day.itertuples(index=False, name=None))[:2] == [
        (pd.Timestamp("2026-03-02", tz=NEW_YORK), "fear", 6.5, 2),
        (pd.Timestamp("2026-03-02", tz=NEW_YORK), "hope", 1.0, 1),
    ]
    week = timeline.factor_series(fresh_journal, resolution="week")
    assert [(f, r, n) for _, f, r, n in week.itertuples(index=False, name=None)] == [
        ("fear", 5.0, 3), ("hope", 2.5, 2)
    ]


# --- the sample journey -------------------------------------------------------------


def test_factor_series_on_the_sample_has_one_row_per_rating(sample: Journal) -> None:
    parsed = read_import(paths.SAMPLE_JOURNEY)
    series = timeline.factor_series(sample)
    assert list(series.columns) == SERIES[timeline.factor_series]
    assert timeline.resolution_of(series) == "entry"
    assert len(series) == sum(len(c.ratings) for c in parsed.checkins)
    assert isinstance(series["when"].dtype, pd.DatetimeTZDtype)
    fear = series[series["factor"] == "fear"]
    assert list(fear["rating"]) == [c.ratings["fear"] for c in parsed.checkins]
    assert clock(fear)[0] == "2026-01-05 20:15"
    assert fear["when"].iloc[0].utcoffset() == timedelta(hours=-5)
    # Two check-ins left "past experience" out, so it has two rows fewer.
    assert (series["factor"] == "past_experience").sum() == len(parsed.checkins) - 2
    assert set(fear["n"]) == {1}


def test_readiness_series_on_the_sample_matches_each_check_in(sample: Journal) -> None:
    parsed = read_import(paths.SAMPLE_JOURNEY)
    series = timeline.readiness_series(sample)
    assert list(series.columns) == SERIES[timeline.readiness_series]
    assert list(series["readiness"]) == pytest.approx(
        [readiness_index(c.ratings) for c in parsed.checkins]
    )
    assert 0 <= series["readiness"].min() <= series["readiness"].max() <= 10


def test_events_are_the_reflections_with_an_event(sample: Journal) -> None:
    found = timeline.events(sample)
    assert list(found.columns) == ["when", "event", "n"]
    assert list(found["event"]) == [
        "I saved the crisis numbers", "I joined a family group",
        "I set a boundary about money", "we talked about therapy", "an argument",
        "he saw a doctor", "he booked a first appointment",
    ]
    assert clock(found)[3] == "2026-02-08 21:40"


def test_stress_series_takes_check_ins_and_reflections(sample: Journal) -> None:
    parsed = read_import(paths.SAMPLE_JOURNEY)
    stress = timeline.stress_series(sample)
    assert list(stress.columns) == SERIES[timeline.stress_series]
    from_checkins = stress[stress["source"] == "check-in"]
    from_reflections = stress[stress["source"] == "reflection"]
    assert list(from_checkins["stress"]) == [c.ratings["stress"] for c in parsed.checkins]
    assert list(from_reflections["stress"]) == [
        r.stress for r in parsed.reflections if r.stress is not None
    ]
    assert stress["when"].is_monotonic_increasing


def test_entry_counts_by_day_add_up_to_every_entry(sample: Journal) -> None:
    counts = timeline.entry_counts_by_day(sample)
    assert list(counts.columns) == SERIES[timeline.entry_counts_by_day]
    assert counts["checkins"].sum() == 12
    assert counts["reflections"].sum() == 24
    assert (counts["entries"] == counts["checkins"] + counts["reflections"]).all()
    first = counts.iloc[0]
    assert first["date"] == pd.Timestamp("2026-01-05")
    assert (first["checkins"], first["reflections"], first["mood"]) == (1, 1, 3.0)
    # 12 January had a check-in and no reflection: no mood.
    assert pd.isna(counts.loc[counts["date"] == pd.Timestamp("2026-01-12"), "mood"]).all()


def test_entries_table_lists_the_newest_first(sample: Journal) -> None:
    table = timeline.entries_table(sample, limit=3)
    assert list(table.columns) == SERIES[timeline.entries_table]
    assert list(table["id"]) == ["sample-reflection-24", "sample-checkin-12",
                                 "sample-reflection-23"]
    assert list(table["kind"]) == ["Reflection", "Check-in", "Reflection"]
    checkin = table.iloc[1]
    assert checkin["summary"].startswith("Overall readiness 5.8 of 10 (about Leo): ")
    assert checkin["stress"] == 5 and pd.isna(checkin["mood"])
    assert table.iloc[2]["event"] == "he booked a first appointment"
    assert table.iloc[2]["tags"] == "progress"
    assert len(timeline.entries_table(sample)) == 36
    assert all(len(s) <= timeline.SUMMARY_LENGTH for s in timeline.entries_table(sample)["summary"])


def test_ranges_include_the_start_and_leave_out_the_end(sample: Journal) -> None:
    start = datetime(2026, 2, 1, tzinfo=NEW_YORK)
    end = datetime(2026, 3, 1, tzinfo=NEW_YORK)
    series = timeline.readiness_series(sample, start, end)
    assert clock(series) == ["2026-02-02 20:45", "2026-02-09 21:10", "2026-02-24 21:30"]
    assert list(timeline.events(sample, start, end)["event"]) == [
        "we talked about therapy", "an argument"
    ]
    table = timeline.entries_table(sample, start, end)
    assert table["when"].min() >= pd.Timestamp(start) and table["when"].max() < pd.Timestamp(end)


# --- days, offsets and filters --------------------------------------------------------


def test_days_are_the_local_dates_as_entered_not_utc(fresh_journal: Journal) -> None:
    # 23:30 in New York is already the next day in UTC.
    fresh_journal.import_entries(
        [make_checkin("self", {"fear": 4}, when=at(2, 23) + timedelta(minutes=30))],
        [make_reflection("late", mood=5, when=at(2, 23) + timedelta(minutes=45))],
    )
    counts = timeline.entry_counts_by_day(fresh_journal)
    assert list(counts["date"]) == [pd.Timestamp("2026-03-02")]
    assert list(counts["entries"]) == [2]
    day = timeline.factor_series(fresh_journal, resolution="day")
    assert clock(day) == ["2026-03-02 00:00"]


def test_entries_in_another_offset_keep_their_clock_time(fresh_journal: Journal) -> None:
    fresh_journal.import_entries([
        make_checkin("self", {"fear": 4}, when=at(2, 20, NEW_YORK)),
        make_checkin("self", {"fear": 3}, when=at(20, 20, NEW_YORK_SUMMER)),
    ], [])
    series = timeline.factor_series(fresh_journal)
    assert clock(series) == ["2026-03-02 20:00", "2026-03-20 20:00"]
    # The newest entry's offset is the frame's time zone.
    assert series["when"].iloc[0].utcoffset() == timedelta(hours=-4)


def test_perspective_and_person_filters(fresh_journal: Journal) -> None:
    fresh_journal.import_entries([
        make_checkin("supporter", {"fear": 8}, person="Leo", when=at(2)),
        make_checkin("supporter", {"fear": 6}, person="Ana", when=at(3)),
        make_checkin("self", {"fear": 2}, when=at(4)),
    ], [])
    assert list(timeline.factor_series(fresh_journal, perspective="self")["rating"]) == [2.0]
    assert list(timeline.factor_series(fresh_journal, person="Ana")["rating"]) == [6.0]
    assert list(timeline.readiness_series(fresh_journal, perspective="supporter",
                                          person="Leo")["readiness"]) == [2.0]


# --- size: aggregation ------------------------------------------------------------------


def test_choose_resolution_thresholds() -> None:
    first = datetime(2023, 1, 1, tzinfo=UTC)
    assert timeline.choose_resolution(timeline.ENTRY_LIMIT, first, first + timedelta(days=9000)) \
        == "entry"
    assert timeline.choose_resolution(timeline.ENTRY_LIMIT + 1, first,
                                      first + timedelta(days=300)) == "day"
    assert timeline.choose_resolution(timeline.ENTRY_LIMIT + 1, first,
                                      first + timedelta(days=3 * 365)) == "week"
    assert timeline.choose_resolution(0, None, None) == "entry"


def test_a_big_journal_is_averaged_per_week_over_three_years(big: Journal) -> None:
    series = timeline.factor_series(big)
    assert timeline.resolution_of(series) == "week"
    weeks = 3 * 53
    assert len(series) <= weeks * 4
    assert series["n"].sum() == 5000 * 4  # every rating counted once
    readiness = timeline.readiness_series(big)
    assert timeline.resolution_of(readiness) == "week"
    assert len(readiness) <= weeks
    assert readiness["n"].sum() == 5000
    stress = timeline.stress_series(big)
    assert timeline.resolution_of(stress) == "week"
    assert set(stress["stress"]) == {5.0}
    assert all(w.weekday() == 0 for w in series["when"])  # weeks start on Monday


def test_a_big_year_is_averaged_per_day(big: Journal) -> None:
    series = timeline.factor_series(big, *FIRST_YEAR)
    assert timeline.resolution_of(series) == "day"
    assert len(series) <= 366 * 4
    assert series["n"].sum() == 3000 * 4
    readiness = timeline.readiness_series(big, *FIRST_YEAR)
    assert timeline.resolution_of(readiness) == "day"
    assert len(readiness) <= 366
    # A shorter range within the same journal is small enough to show every check-in.
    month = timeline.factor_series(big, FIRST_YEAR[0], FIRST_YEAR[0] + timedelta(days=30))
    assert timeline.resolution_of(month) == "entry"


def test_decades_are_averaged_per_month_and_centuries_per_year() -> None:
    first = datetime(1990, 1, 1, tzinfo=UTC)
    many = timeline.ENTRY_LIMIT + 1
    assert timeline.choose_resolution(many, first, first + timedelta(days=5 * 365)) == "week"
    assert timeline.choose_resolution(many, first, first + timedelta(days=30 * 365)) == "month"
    assert timeline.choose_resolution(many, first, first + timedelta(days=150 * 365)) == "year"


@pytest.fixture(scope="module")
def decades(tmp_path_factory: pytest.TempPathFactory) -> Journal:
    """2,400 check-ins, one every 5 days from 1996, and 300 events: 33 years."""
    journal = Journal(tmp_path_factory.mktemp("decades") / "journal.sqlite3")
    start = datetime(1993, 1, 4, 8, 0, tzinfo=NEW_YORK)
    checkins = [make_checkin("supporter", {"fear": i % 11, "hope": 5},
                             when=start + timedelta(days=5 * i), uid=f"decades-{i}")
                for i in range(2_400)]
    reflections = [make_reflection("", mood=5, event=f"event {i}",
                                   when=start + timedelta(days=40 * i, hours=1), uid=f"dr-{i}")
                   for i in range(300)]
    journal.import_entries(checkins, reflections)
    return journal


def test_a_decades_long_journal_is_read_per_month(decades: Journal) -> None:
    series = timeline.factor_series(decades)
    assert timeline.resolution_of(series) == "month"
    assert all(w.day == 1 for w in series["when"])
    assert len(series) <= 2 * 12 * 34
    assert series["n"].sum() == 2 * 2_400
    raw = timeline.factor_series(decades, resolution="entry")
    raw["month"] = raw["when"].dt.strftime("%Y-%m")
    expected = raw.groupby(["month", "factor"])["rating"].mean()
    assert list(series.set_index(["when", "factor"])["rating"]) == pytest.approx(list(expected))
    assert timeline.resolution_of(timeline.readiness_series(decades)) == "month"
    yearly = timeline.readiness_series(decades, resolution="year")
    assert [w.strftime("%m-%d") for w in yearly["when"]] == ["01-01"] * len(yearly)
    assert yearly["n"].sum() == 2_400


def test_many_events_are_counted_per_day(decades: Journal) -> None:
    found = timeline.events(decades)
    assert list(found.columns) == SERIES[timeline.events]
    assert timeline.resolution_of(found) == "day"
    assert found["n"].sum() == 300 and len(found) == 300
    assert set(found["event"]) == {""}
    assert all(w.hour == 0 for w in found["when"])
    few = timeline.events(decades, end=datetime(1993, 6, 1, tzinfo=NEW_YORK))
    assert timeline.resolution_of(few) == "entry"
    assert list(few["event"][:2]) == ["event 0", "event 1"] and set(few["n"]) == {1}


def test_the_entries_table_is_read_a_page_at_a_time(decades: Journal) -> None:
    assert timeline.entry_count(decades) == 2_700
    pages = [timeline.entries_table(decades, limit=1_000, offset=offset)
             for offset in (0, 1_000, 2_000)]
    assert [len(p) for p in pages] == [1_000, 1_000, 700]
    ids = [i for page in pages for i in page["id"]]
    assert len(set(ids)) == 2_700
    whens = [w for page in pages for w in page["when"]]
    assert whens == sorted(whens, reverse=True)
    assert timeline.entries_table(decades, limit=10, offset=2_695)["id"].tolist() == \
        ["decades-3", "decades-2", "decades-1", "dr-0", "decades-0"]


def test_day_means_in_sql_equal_pandas_means(big: Journal) -> None:
    daily = timeline.factor_series(big, *FIRST_YEAR)
    raw = timeline.factor_series(big, *FIRST_YEAR, resolution="entry")
    raw["day"] = raw["when"].dt.floor("D")
    expected = raw.groupby(["day", "factor"])["rating"].mean()
    got = daily.set_index(["when", "factor"])["rating"]
    assert list(got) == pytest.approx(list(expected))


# --- ranges, empty and foreign journals ---------------------------------------------------


def test_date_range_options_start_at_midnight_and_stay_open() -> None:
    today = datetime(2026, 3, 29, 15, 40, tzinfo=NEW_YORK)
    options = timeline.date_range_options(today)
    assert list(options) == ["weeks_4", "weeks_12", "year", "all"]
    assert options["weeks_4"] == (datetime(2026, 3, 2, tzinfo=NEW_YORK), None)
    assert options["weeks_12"] == (datetime(2026, 1, 5, tzinfo=NEW_YORK), None)
    assert options["year"][0] == datetime(2025, 3, 30, tzinfo=NEW_YORK)
    assert options["all"] == (None, None)


def test_the_range_ids_are_the_ones_the_content_names() -> None:
    assert set(content.journal_text().over_time.ranges) == set(timeline.RANGE_DAYS)


def test_an_absent_journal_gives_empty_frames_and_creates_nothing(data_dir: Path) -> None:
    journal = Journal()
    for function, columns in SERIES.items():
        frame = function(journal)
        assert frame.empty, function.__name__
        assert list(frame.columns) == columns, function.__name__
    assert not journal.exists()
    assert not data_dir.exists()


def test_an_empty_range_gives_empty_frames(sample: Journal) -> None:
    start = datetime(2030, 1, 1, tzinfo=UTC)
    for function, columns in SERIES.items():
        frame = function(sample, start)
        assert frame.empty and list(frame.columns) == columns, function.__name__
    assert timeline.resolution_of(timeline.factor_series(sample, start)) == "entry"


def test_a_file_that_is_not_a_journal_is_refused_and_left_alone(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    path = data_dir / paths.JOURNAL_FILENAME
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE notes (x)")
    db.commit()
    db.close()
    before = path.read_bytes()
    with pytest.raises(NotAJournalError):
        timeline.factor_series(Journal())
    assert path.read_bytes() == before


def test_summaries_for_the_table() -> None:
    assert timeline.checkin_summary({"stress": 4}, None, "") == "1 rating"
    assert timeline.checkin_summary({"fear": 8, "hope": 6}, "Sam", "") == (
        "Overall readiness 4.0 of 10 (about Sam)"
    )
    long = timeline.reflection_summary("word " * 100, None)
    assert long.endswith("…") and len(long) <= timeline.SUMMARY_LENGTH
    assert timeline.reflection_summary("", "we talked") == "we talked"
    assert (timeline.reflection_summary("", None)
            == content.messages().entries_table.mood_and_stress_only == "Mood and stress only")


def test_every_rating_is_in_the_long_frame(sample: Journal) -> None:
    parsed = read_import(paths.SAMPLE_JOURNEY)
    per_factor: dict[str, list[int]] = defaultdict(list)
    for checkin in parsed.checkins:
        for factor, rating in checkin.ratings.items():
            per_factor[factor].append(rating)
    series = timeline.factor_series(sample)
    for factor, ratings in per_factor.items():
        assert list(series.loc[series["factor"] == factor, "rating"]) == ratings
