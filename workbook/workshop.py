"""Anonymous group views for workshops.

A participant writes a *share file*: the ratings of their latest check-in, a
random participant code and nothing else (no names, no notes, no dates). A
facilitator aggregates the files they are handed. With fewer than
:data:`MIN_GROUP` distinct participants no breakdown is shown, so that no one
can be picked out.
"""

from __future__ import annotations

import json
import secrets
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import content
from .content import Perspective
from .model import InvalidEntry, check_perspective, check_rating
from .scoring import MOST_BARRIERS_SHOWN, band, is_own_load
from .store import Journal

SHARE_FORMAT = "open-door-share"
SHARE_VERSION = 1
MIN_GROUP = 5
CODE_SETTING = "share_code"
# No 0/O or 1/I/L: a code read aloud or copied by hand stays unambiguous.
_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


class ShareError(ValueError):
    """A share file cannot be made or read; the message says why."""


@dataclass(frozen=True)
class Share:
    participant: str
    perspective: Perspective
    ratings: Mapping[str, int]


def participant_code(journal: Journal | None = None) -> str:
    """This journal's random participant code, made once and kept, so repeats can be spotted."""
    journal = journal or Journal()
    code = journal.setting(CODE_SETTING)
    if isinstance(code, str) and code:
        return code
    code = "P-" + "".join(secrets.choice(_CODE_ALPHABET) for _ in range(6))
    journal.set_setting(CODE_SETTING, code)
    return code


def make_share(journal: Journal | None = None) -> dict[str, Any]:
    """The share document for the latest check-in: ratings only, anonymous."""
    journal = journal or Journal()
    checkins = journal.checkins()
    if not checkins:
        raise ShareError("There is no check-in to share yet. Do a check-in first "
                         "(chapter 'Readiness check-in'), then share again.")
    latest = checkins[-1]
    return {
        "format": SHARE_FORMAT,
        "version": SHARE_VERSION,
        "participant": participant_code(journal),
        "perspective": latest.perspective,
        "ratings": dict(latest.ratings),
    }


def share_text(journal: Journal | None = None) -> str:
    return json.dumps(make_share(journal), indent=2) + "\n"


def parse_share(text: str, source: str = "the file") -> Share:
    """Read one share file; raise :class:`ShareError` saying what is wrong."""
    try:
        document = json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise ShareError(f"{source} is not a share file (it is not JSON).") from None
    if not isinstance(document, dict) or document.get("format") != SHARE_FORMAT:
        raise ShareError(f"{source} is not an Open Door share file.")
    if document.get("version") != SHARE_VERSION:
        raise ShareError(f"{source} is a share file of another version "
                         f"({document.get('version')!r}).")
    allowed = {"format", "version", "participant", "perspective", "ratings"}
    extra = sorted(set(document) - allowed)
    if extra:
        raise ShareError(f"{source} has fields a share file never has ({', '.join(extra)}).")
    participant = document.get("participant")
    if not isinstance(participant, str) or not participant.startswith("P-"):
        raise ShareError(f"{source} has no participant code.")
    ratings = document.get("ratings")
    if not isinstance(ratings, dict) or not ratings:
        raise ShareError(f"{source} has no ratings.")
    known = set(content.factor_ids())
    try:
        perspective = check_perspective(document.get("perspective"))
        clean = {}
        for factor_id, value in ratings.items():
            if factor_id not in known:
                raise ShareError(f"{source} rates an unknown factor {factor_id!r}.")
            if isinstance(value, bool) or not isinstance(value, int):
                raise ShareError(f"{source}: the rating for {factor_id} is not a whole number.")
            clean[factor_id] = check_rating(value, factor_id)
    except InvalidEntry as exc:
        raise ShareError(f"{source}: {exc.message}") from None
    return Share(participant, perspective, clean)


@dataclass(frozen=True)
class FactorSpread:
    """How a group rated one factor, as barrier bands (counts of people)."""

    factor: content.Factor
    people: int
    # Counts of people whose barrier is in each band of workbook.scoring (high = big).
    low: int
    middle: int
    high: int


@dataclass(frozen=True)
class GroupSummary:
    participants: int
    duplicates: int
    rejected: tuple[str, ...]
    # Empty when there are fewer than MIN_GROUP participants.
    spreads: tuple[FactorSpread, ...] = field(default=())
    perspectives: Mapping[str, int] = field(default_factory=dict)

    @property
    def shown(self) -> bool:
        return self.participants >= MIN_GROUP

    @property
    def barrier_spreads(self) -> tuple[FactorSpread, ...]:
        """The loved ones' factors (reasons and rulers): what may stand in their way."""
        return tuple(s for s in self.spreads if not is_own_load(s.factor))

    @property
    def own_load_spreads(self) -> tuple[FactorSpread, ...]:
        """The supporters' own stress, support and limits: how the group is doing."""
        return tuple(s for s in self.spreads if is_own_load(s.factor))

    def most_common_barriers(self, most: int = MOST_BARRIERS_SHOWN) -> list[FactorSpread]:
        """Reasons that most people find a big barrier (ties keep content order).

        "Big" is :func:`workbook.scoring.is_big_barrier`, the table's high band;
        the supporters' own load is never counted as a barrier.
        """
        ranked = sorted((s for s in self.barrier_spreads if s.factor.group == "reason" and s.high),
                        key=lambda s: -s.high)
        return ranked[:most]


def aggregate(shares: Sequence[Share], rejected: Iterable[str] = ()) -> GroupSummary:
    """Summarise the group; one share per participant code (the last one counts)."""
    by_code: dict[str, Share] = {}
    for share in shares:
        by_code[share.participant] = share
    duplicates = len(shares) - len(by_code)
    people = list(by_code.values())
    rejected = tuple(rejected)
    if len(people) < MIN_GROUP:
        return GroupSummary(len(people), duplicates, rejected)
    spreads = []
    for factor in content.factors():
        barriers = [factor.barrier(p.ratings[factor.id]) for p in people
                    if factor.id in p.ratings]
        if not barriers:
            continue
        bands = Counter(band(b) for b in barriers)
        spreads.append(FactorSpread(factor, len(barriers), bands["low"], bands["middle"],
                                    bands["high"]))
    perspectives = Counter(str(p.perspective) for p in people)
    return GroupSummary(len(people), duplicates, rejected, tuple(spreads), dict(perspectives))


def read_shares(paths_: Sequence[Path]) -> tuple[list[Share], list[str]]:
    """Read share files; a file that is not one is left out with a reason, the rest count."""
    shares: list[Share] = []
    rejected: list[str] = []
    for path in paths_:
        try:
            raw = Path(path).read_bytes()
            shares.append(parse_share(raw.decode("utf-8"), path.name))
        except (ShareError, UnicodeDecodeError) as exc:
            reason = str(exc) if isinstance(exc, ShareError) else f"{path.name} is not text."
            rejected.append(reason)
        except OSError as exc:
            rejected.append(f"{path.name} could not be read ({exc.strerror}).")
    return shares, rejected
