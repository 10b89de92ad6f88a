"""Reading a check-in: what stands in the way most, and where readiness may be.

Everything here is descriptive. Nothing is a diagnosis, and the stage of
change is never shown as a label or a score: it picks a plain description.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from . import content
from .content import Factor, Perspective, Stage

Band = Literal["low", "middle", "high"]
# A factor counts as a big barrier from this barrier value up (0-10).
BIG_BARRIER = 5
MOST_BARRIERS_SHOWN = 3


def band(rating: int) -> Band:
    """The guidance band of a rating: low 0-3, middle 4-6, high 7-10."""
    if rating <= 3:
        return "low"
    if rating <= 6:
        return "middle"
    return "high"


@dataclass(frozen=True)
class FactorScore:
    factor: Factor
    rating: int
    # How much this stands in the way, 0 (not at all) to 10 (a lot).
    barrier: int

    @property
    def guidance(self) -> str:
        guidance = self.factor.guidance
        return {"low": guidance.low, "middle": guidance.middle,
                "high": guidance.high}[band(self.rating)]


def readiness_profile(ratings: Mapping[str, int]) -> list[FactorScore]:
    """Every rated factor, the biggest barrier first (ties keep content order)."""
    scores = [FactorScore(f, ratings[f.id], f.barrier(ratings[f.id]))
              for f in content.factors() if f.id in ratings]
    return sorted(scores, key=lambda score: -score.barrier)


def biggest_barriers(ratings: Mapping[str, int],
                     most: int = MOST_BARRIERS_SHOWN) -> list[FactorScore]:
    """Up to ``most`` factors that stand in the way most, only those from BIG_BARRIER up.

    The two ruler questions are left out: they describe readiness as a whole
    and feed :func:`readiness_stage` instead.
    """
    return [score for score in readiness_profile(ratings)
            if score.factor.group != "ruler" and score.barrier >= BIG_BARRIER][:most]


def readiness_stage(ratings: Mapping[str, int]) -> Stage | None:
    """A plain description of where readiness may be, from importance and confidence.

    Falls back to how clearly a problem is seen when importance is not rated.
    ``None`` when neither is rated.
    """
    importance = ratings.get("importance", ratings.get("insight"))
    if importance is None:
        return None
    confidence = ratings.get("confidence", 5)
    if importance <= 3:
        stage_id = "not_yet"
    elif importance <= 6 or confidence <= 3:
        stage_id = "thinking"
    elif confidence <= 6:
        stage_id = "preparing"
    else:
        stage_id = "acting"
    return next(s for s in content.checkin().stages if s.id == stage_id)


def stage_description(stage: Stage, perspective: Perspective, name: str | None = None) -> str:
    return content.with_name(stage.description[perspective], name)
