"""Reading a check-in: bands, the profile order, the biggest barriers and the stage."""

from __future__ import annotations

import pytest

from workbook import content
from workbook.scoring import (
    band,
    biggest_barriers,
    readiness_profile,
    readiness_stage,
    stage_description,
)


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
