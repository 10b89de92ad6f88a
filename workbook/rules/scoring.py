"""One home for the scoring rules: bands, "big barrier", overall readiness and its rounding.

Every page that shows a score (the check-in profile, the summary page, the
charts, the entries table and the group view) asks this module, so the same
check-in reads the same everywhere.

* **Bands**: a 0-10 value is low (0-3), middle (4-6) or high (7-10). The
  guidance after a check-in follows the band of the rating; the barrier
  colours and the group view follow the band of the barrier.
* **A big barrier** is a barrier in the high band (7-10), everywhere.
* **The loved one's factors** are the reasons and the two ruler questions.
  The supporter's own load (group ``supporter_load``: stress, support,
  boundaries) is "how you are doing", never one of the loved one's barriers,
  and never part of overall readiness.
* **Overall readiness** is the mean of ``10 - barrier`` over the loved one's
  rated factors, shown with one decimal, halves rounded up.

Everything here is descriptive. Nothing is a diagnosis, and the stage of
change is never shown as a label or a score: it picks a plain description.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from .. import content
from ..content import Factor, FactorGroup, Perspective, Stage

Band = Literal["low", "middle", "high"]
# The lowest value of each band; a band runs up to the next one's floor minus one.
BAND_FLOORS: dict[Band, int] = {"low": 0, "middle": 4, "high": 7}
BANDS: tuple[Band, ...] = ("low", "middle", "high")
# The band whose barriers count as "a big barrier".
BIG_BARRIER_BAND: Band = "high"
MOST_BARRIERS_SHOWN = 3
# The factors about the person a check-in is about, and the supporter's own load.
OWN_LOAD_GROUP: FactorGroup = "supporter_load"


def band(value: int) -> Band:
    """The band of a 0-10 value: low 0-3, middle 4-6, high 7-10."""
    if value >= BAND_FLOORS["high"]:
        return "high"
    if value >= BAND_FLOORS["middle"]:
        return "middle"
    return "low"


def band_range(which: Band) -> str:
    """The values a band holds, for labels: "0-3", "4-6", "7-10"."""
    floors = sorted(BAND_FLOORS.values())
    low = BAND_FLOORS[which]
    higher = [f for f in floors if f > low]
    return f"{low}-{(higher[0] - 1) if higher else 10}"


def is_big_barrier(barrier: int) -> bool:
    return band(barrier) == BIG_BARRIER_BAND


def is_own_load(factor: Factor) -> bool:
    """True for the supporter's own stress, support and boundaries."""
    return factor.group == OWN_LOAD_GROUP


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


def barrier_profile(ratings: Mapping[str, int]) -> list[FactorScore]:
    """The loved one's rated factors (reasons and rulers), the biggest barrier first.

    This is what "What stands in the way most" draws; the supporter's own load
    is left out (see :func:`own_load`).
    """
    return [score for score in readiness_profile(ratings) if not is_own_load(score.factor)]


def own_load(ratings: Mapping[str, int]) -> list[FactorScore]:
    """The supporter's own stress, support and boundaries, in content order."""
    return [FactorScore(f, ratings[f.id], f.barrier(ratings[f.id]))
            for f in content.factors() if is_own_load(f) and f.id in ratings]


def biggest_barriers(ratings: Mapping[str, int],
                     most: int = MOST_BARRIERS_SHOWN) -> list[FactorScore]:
    """Up to ``most`` of the loved one's reasons that are a big barrier, biggest first.

    The two ruler questions are left out: they describe readiness as a whole
    and feed :func:`readiness_stage` instead. The supporter's own load is
    never a barrier of the loved one.
    """
    return [score for score in barrier_profile(ratings)
            if score.factor.group == "reason" and is_big_barrier(score.barrier)][:most]


def profile_summary(scores: Sequence[FactorScore]) -> str:
    """One sentence for the profile chart: what stands in the way most, and next."""
    words = content.checkin().profile
    if not scores:
        return words.summary_empty
    top = [s for s in scores[:MOST_BARRIERS_SHOWN] if s.barrier > 0]
    if not top:
        return words.summary_nothing
    first, *rest = top
    sentence = words.summary_most.format(factor=first.factor.name, barrier=first.barrier)
    if rest:
        others = " and ".join(f"{s.factor.name.lower()} ({s.barrier})" for s in rest)
        sentence += words.summary_then.format(others=others)
    return sentence + "."


# --- overall readiness ---------------------------------------------------------------


def readiness_factors() -> dict[str, Factor]:
    """The factors overall readiness is made of, by id: all but the supporter's own load."""
    return {f.id: f for f in content.factors() if not is_own_load(f)}


def readiness_index(ratings: Mapping[str, int]) -> float | None:
    """Overall readiness from 0 to 10 (higher = more ready) for one check-in.

    The mean over the rated factors that are about readiness (reasons and
    rulers, not the supporter's own load) of ``10 - barrier``: a barrier
    factor counts as ``10 - rating``, a readiness factor as its rating.
    ``None`` when no such factor was rated. Unknown factor ids are ignored.
    """
    eligible = readiness_factors()
    values = [10 - eligible[factor_id].barrier(rating)
              for factor_id, rating in ratings.items() if factor_id in eligible]
    if not values:
        return None
    return sum(values) / len(values)


def tenths(value: float) -> float:
    """Rounded to one decimal, halves up as people expect (4.25 -> 4.3, never 4.2)."""
    return math.floor(value * 10 + 0.5 + 1e-9) / 10


def readiness_number(value: float) -> str:
    """Overall readiness as shown everywhere: always one decimal (4 -> "4.0", 4.25 -> "4.3")."""
    return f"{tenths(value):.1f}"


def readiness_words(value: float) -> str:
    """ "Overall readiness 4.3 of 10", in the content's words."""
    words = content.checkin().readiness
    return words.value.format(name=words.name, value=readiness_number(value))


# --- where readiness may be --------------------------------------------------------------


def readiness_stage(ratings: Mapping[str, int]) -> Stage | None:
    """A plain description of where readiness may be, from importance and confidence.

    Falls back to how clearly a problem is seen when importance is not rated.
    ``None`` when neither is rated.
    """
    importance = ratings.get("importance", ratings.get("insight"))
    if importance is None:
        return None
    confidence = band(ratings.get("confidence", 5))
    stage_id: str
    if band(importance) == "low":
        stage_id = "not_yet"
    elif band(importance) == "middle" or confidence == "low":
        stage_id = "thinking"
    elif confidence == "middle":
        stage_id = "preparing"
    else:
        stage_id = "acting"
    return content.by_id(content.checkin().stages, stage_id)


def stage_description(stage: Stage, perspective: Perspective, name: str | None = None) -> str:
    return content.with_name(stage.description[perspective], name)
