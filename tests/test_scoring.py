"""Reading a check-in: bands, the profile order, the biggest barriers and the stage."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from helpers import visible_text

from workbook import charts, content
from workbook.html.style import escape
from workbook.journal import timeline, workshop
from workbook.journal.model import make_checkin
from workbook.journal.store import Journal
from workbook.journal.workshop import Share
from workbook.publish import group_page as group_report
from workbook.publish import report
from workbook.rules.scoring import (
    band,
    biggest_barriers,
    readiness_profile,
    readiness_stage,
    stage_description,
)
from workbook.views import checkin as checkin_gui
from workbook.views import journal as journal_gui


@pytest.mark.parametrize(("rating", "expected"), [(0, "low"), (3, "low"), (4, "middle"),
                                                  (6, "middle"), (7, "high"), (10, "high")])
def test_bands(rating: int, expected: str) -> None:
    assert band(rating) == expected


def test_profile_puts_the_biggest_barrier_first_whatever_the_direction() -> None:
    # fear: high = barrier; hope: high = readiness, so hope 1 is a barrier of 9.
    profile = readiness_profile({"fear": 6, "hope": 1, "shame": 2})
    assert [(s.factor.id, s.barrier) for s in profile] == [("hope", 9), ("fear", 6),
                                                           ("shame", 2)]


def test_guidance_follows_the_band_of_the_rating() -> None:
    (score,) = readiness_profile({"fear": 8})
    assert score.guidance == content.factor("fear").guidance.high
    (score,) = readiness_profile({"hope": 5})
    assert score.guidance == content.factor("hope").guidance.middle


def test_biggest_barriers_are_at_most_three_big_ones_without_rulers() -> None:
    ratings = {"fear": 9, "shame": 8, "practical": 7, "judgment": 6, "importance": 0,
               "insight": 8}
    assert [s.factor.id for s in biggest_barriers(ratings)] == ["fear", "shame", "practical"]
    assert biggest_barriers({"fear": 2, "hope": 9, "importance": 0}) == []


@pytest.mark.parametrize(
    ("ratings", "stage"),
    [({"importance": 2, "confidence": 9}, "not_yet"),
     ({"importance": 5, "confidence": 9}, "thinking"),
     ({"importance": 9, "confidence": 2}, "thinking"),
     ({"importance": 8, "confidence": 5}, "preparing"),
     ({"importance": 8, "confidence": 8}, "acting"),
     ({"insight": 1}, "not_yet"),
     ({"fear": 5}, None)],
)
def test_stage_is_chosen_from_importance_and_confidence(ratings: dict[str, int],
                                                       stage: str | None) -> None:
    found = readiness_stage(ratings)
    assert (found.id if found else None) == stage


def test_stage_text_is_a_description_in_the_readers_words() -> None:
    stage = readiness_stage({"importance": 2})
    assert stage is not None
    supporter = stage_description(stage, "supporter", "Ana")
    assert "Ana" in supporter and "{name}" not in supporter
    unnamed = stage_description(stage, "supporter")
    assert content.interface().perspective.default_person in unnamed.lower()
    assert "{name}" not in stage_description(stage, "self")
    for each in content.checkin().stages:
        for text in each.description.values():
            assert "stage" not in text.lower(), "describe, never label the stage"


# --- issue 11: one home for the scoring rules ---------------------------------------------

# The supporter is at the end of their rope; their loved one fears change and has
# practical snags. Readiness of the loved one's factors: (2 + 3) / 2 = 2.5.
WORN_OUT = {"fear": 8, "practical": 7, "stress": 10, "support": 0, "boundaries": 1}
OWN_LOAD = ("My stress", "My support", "My boundaries")


def _split_at(html: str, heading: str) -> tuple[str, str]:
    text = visible_text(html)
    assert heading in text
    before, after = text.split(heading, 1)
    return before, after


def test_the_supporters_own_load_is_not_listed_as_the_loved_ones_barrier(
        data_dir: Path) -> None:
    # Issue 11: "What stands in the way most" listed "My stress (10 of 10)".
    assert [s.factor.id for s in biggest_barriers(WORN_OUT)] == ["fear", "practical"]
    session = checkin_gui.CheckInSession()
    for factor_id, rating in WORN_OUT.items():
        session.sliders[factor_id].slider.value = rating
    words = content.checkin().profile
    barriers, own = _split_at(session.interpretation.value, words.own_load_heading)
    assert "Fear of change" in barriers and "Practical barriers" in barriers
    for name in OWN_LOAD:
        assert name not in barriers
    assert "My stress: 10 of 10." in own and "My support: 0 of 10." in own
    summary = visible_text(session.chart_summary.value).lower()
    assert "stress" not in summary and "my support" not in summary


def test_the_summary_page_keeps_the_supporters_load_apart(fresh_journal: Journal) -> None:
    fresh_journal.add_checkin(make_checkin("supporter", WORN_OUT, person="Jamie"))
    page = report.summary_body_html(fresh_journal)
    assert "My stress (10 of 10)" not in visible_text(page)
    words = content.checkin().profile
    start = visible_text(page).index(words.barriers_heading)
    barriers, own = _split_at(page, words.own_load_heading)
    barriers = barriers[barriers.index(words.barriers_heading):]
    assert "Fear of change" in barriers
    for name in OWN_LOAD:
        assert name not in barriers
    assert "My stress: 10 of 10." in own
    assert start > 0
    # The profile's caption names only the loved one's factors.
    caption = visible_text(page.split("<figcaption>", 1)[1].split("</figcaption>", 1)[0])
    assert "stress" not in caption.lower()


def test_the_group_page_never_counts_the_supporters_load_as_a_barrier() -> None:
    people = [Share(f"P-LOAD{i:02d}", "supporter",
                    {"fear": 2, "shame": 8, "stress": 10, "support": 0, "boundaries": 0})
              for i in range(6)]
    summary = workshop.aggregate(people)
    assert [s.factor.id for s in summary.most_common_barriers()] == ["shame"]
    page = group_report.group_body_html(summary)
    words = content.facilitator().group_report
    barriers, own = _split_at(page, words.own_load_heading)
    for name in OWN_LOAD:
        assert name not in barriers
        assert name in own


def test_the_profile_sentence_reads_right_for_a_plural_name() -> None:
    # Issue 11: "Practical barriers stands in the way most (9 of 10), then my stress (10)".
    chart = charts.profile_chart(readiness_profile({"practical": 9, "fear": 6}))
    assert "barriers stands" not in chart.summary
    assert chart.summary == ("Most in the way today: Practical barriers (9 of 10), "
                             "then fear of change (6).")


@pytest.mark.parametrize("rating", range(11))
def test_a_big_barrier_means_the_same_band_in_the_profile_and_the_group(rating: int) -> None:
    # Issue 11: "big barrier" meant 5+ in the profile and 7-10 in the group view.
    in_profile = [s.factor.id for s in biggest_barriers({"fear": rating})] == ["fear"]
    people = [Share(f"P-BAND{i:02d}", "supporter", {"fear": rating}) for i in range(6)]
    in_group = [s.factor.id for s in workshop.aggregate(people).most_common_barriers()]
    assert in_profile == (in_group == ["fear"]) == (band(rating) == "high")


def test_readiness_is_rounded_the_same_in_the_chart_and_the_table(fresh_journal: Journal) -> None:
    # Issue 11: one check-in read 4.3 in the chart sentence and 4.2 in the table.
    # (10-6 + 4 + 10-5 + 10-6) / 4 = 4.25
    fresh_journal.add_checkin(make_checkin("supporter", {"fear": 6, "hope": 4, "shame": 5,
                                                         "practical": 6}))
    table = timeline.entries_table(fresh_journal)
    chart = charts.readiness_trend(timeline.readiness_series(fresh_journal))
    assert "4.3 of 10" in table["summary"].iloc[0]
    assert "4.3 out of 10" in chart.summary
    assert "4.2" not in table["summary"].iloc[0] + chart.summary


def test_readiness_has_one_name_and_one_explanation_everywhere(fresh_journal: Journal) -> None:
    # Issue 11: the chapter said "not a score" while the table showed "Readiness 5.8 of 10".
    words = content.checkin()
    name = words.readiness.name
    assert "score" not in words.profile.stage_note.lower()
    assert content.journal_text().over_time.readiness_heading == name
    first = datetime(2026, 3, 2, 20, 0, tzinfo=UTC)
    fresh_journal.add_checkin(make_checkin("supporter", {"fear": 6, "hope": 4}, when=first))
    fresh_journal.add_checkin(make_checkin("supporter", {"fear": 4, "hope": 5},
                                           when=first + timedelta(days=7)))
    newest = timeline.entries_table(fresh_journal)["summary"].iloc[0]
    assert newest.startswith(f"{name} 5.5 of 10")
    assert charts.readiness_trend(timeline.readiness_series(fresh_journal)).summary.startswith(
        f"{name} went from 4.0 to 5.5")
    explanation = visible_text(f"<p>{escape(words.readiness.explanation)}</p>")
    assert explanation in visible_text(report.summary_body_html(fresh_journal))
    view = journal_gui.OverTimeView()
    assert explanation in visible_text(view.readiness.heading.value)
