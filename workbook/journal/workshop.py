"""Anonymous group views for workshops.

A participant writes a *share file*: the ratings of their latest check-in, a
random participant code and nothing else (no names, no notes, no dates). A
facilitator aggregates the files they are handed. With fewer than
:data:`MIN_GROUP` distinct participants no breakdown is shown, so that no one
can be picked out.
"""

from __future__ import annotations

import json
import os
import re
import secrets
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from .. import content, files
from ..content import Perspective
from ..regular_files import UnreadableFile, open_regular
from ..rules.scoring import MOST_BARRIERS_SHOWN, band, is_own_load
from .model import InvalidEntry, make_checkin, shown
from .store import Journal

SHARE_FORMAT = "open-door-share"
SHARE_VERSION = 1
MIN_GROUP = 5
CODE_SETTING = "share_code"
# No 0/O or 1/I/L: a code read aloud or copied by hand stays unambiguous.
_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
_CODE = re.compile(f"P-[{_CODE_ALPHABET}]{{6}}")
SHARE_KEYS = ("format", "version", "participant", "perspective", "ratings")
# A real share file is a few hundred bytes; anything much bigger is not one, and is
# left out without being read.
MAX_SHARE_BYTES = 64 * 1024


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
    if isinstance(code, str) and _CODE.fullmatch(code):
        return code
    code = "P-" + "".join(secrets.choice(_CODE_ALPHABET) for _ in range(6))
    journal.set_setting(CODE_SETTING, code)
    return code


def make_share(journal: Journal | None = None) -> dict[str, Any]:
    """The share document for the latest check-in: ratings only, anonymous."""
    journal = journal or Journal()
    # Not one dated in the future (saved before such dates were refused): it would stay
    # "latest" for years.
    checkins = journal.checkins(end=datetime.now(UTC) + timedelta(seconds=1))
    if not checkins:
        raise ShareError(_say().nothing_to_share)
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


class _RepeatedField(Exception):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _refuse_repeats(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object, refusing a field written twice (json.loads keeps the last one)."""
    document = dict(pairs)
    if len(document) < len(pairs):
        keys = [key for key, _value in pairs]
        raise _RepeatedField(next(key for key in keys if keys.count(key) > 1))
    return document


def parse_share(text: str, source: str | None = None) -> Share:
    """Read one share file; raise :class:`ShareError` saying what is wrong.

    Everything is checked as strictly as `data share` writes it: these fields and no
    others, once each; a code of its exact form; known factors asked of that
    perspective, each rated with a whole number from 0 to 10. (A made-up file that
    follows every rule cannot be told apart; one that breaks any of them does not count.)
    """
    say = _say()
    source = source or say.the_file
    if len(text) > MAX_SHARE_BYTES:
        raise ShareError(_too_big(source, len(text.encode("utf-8", "surrogatepass"))))
    try:
        document = json.loads(text, object_pairs_hook=_refuse_repeats)
    except _RepeatedField as exc:
        raise ShareError(say.repeated_field.format(source=source, field=shown(exc.key))) from None
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise ShareError(say.not_json.format(source=source)) from None
    except RecursionError:
        raise ShareError(say.too_deep.format(source=source)) from None
    except ValueError:  # Python's limit of 4300 digits in a number
        raise ShareError(say.too_many_digits.format(source=source)) from None
    if not isinstance(document, dict) or document.get("format") != SHARE_FORMAT:
        raise ShareError(say.not_share.format(source=source))
    if document.get("version") != SHARE_VERSION:
        raise ShareError(say.other_version.format(source=source,
                                                  version=shown(document.get("version"))))
    extra = sorted(set(document) - set(SHARE_KEYS))
    if extra:
        raise ShareError(say.extra_fields.format(
            source=source, fields=", ".join(_printable(key) for key in extra)))
    participant = document.get("participant")
    if not isinstance(participant, str) or not _CODE.fullmatch(participant):
        raise ShareError(say.no_code.format(source=source))
    ratings = document.get("ratings")
    if not isinstance(ratings, dict) or not ratings:
        raise ShareError(say.no_ratings.format(source=source))
    known = set(content.factor_ids())
    for factor_id, value in ratings.items():
        if factor_id not in known:
            raise ShareError(say.unknown_factor.format(source=source, factor=shown(factor_id)))
        if isinstance(value, bool) or not isinstance(value, int):
            raise ShareError(say.not_whole.format(source=source, factor=factor_id))
    try:
        # The same rules as a check-in: perspective, factors asked of it, 0 to 10.
        checkin = make_checkin(document.get("perspective"), ratings)
    except InvalidEntry as exc:
        raise ShareError(say.invalid.format(source=source, problem=exc.message)) from None
    return Share(participant, checkin.perspective, checkin.ratings)


def _say() -> content.ShareFileMessages:
    return content.messages().share_file


def _printable(key: str) -> str:
    return key if key.isprintable() and len(key) <= 40 else shown(key)


def _too_big(source: str, size: int) -> str:
    return _say().too_big.format(source=source, size=f"{size:,}", most=MAX_SHARE_BYTES // 1024)


@dataclass(frozen=True)
class FactorSpread:
    """How a group rated one factor, as barrier bands (counts of people)."""

    factor: content.Factor
    people: int
    # Counts of people whose barrier is in each band of workbook.rules.scoring (high = big).
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

        "Big" is :func:`workbook.rules.scoring.is_big_barrier`, the table's high band;
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
    """Read share files; a file that is not one is left out with a reason, the rest count.

    Only regular files up to MAX_SHARE_BYTES are read: a named pipe, a device (such as
    a link to /dev/zero) or a folder is left out at once.
    """
    shares: list[Share] = []
    rejected: list[str] = []
    for path in paths_:
        # A file name that is not valid UTF-8 is shown with escapes, not refused by the page.
        name = Path(path).name.encode("utf-8", "backslashreplace").decode("utf-8")
        try:
            shares.append(parse_share(_read_share_text(Path(path), name), name))
        except ShareError as exc:
            rejected.append(str(exc))
    return shares, rejected


def _read_share_text(path: Path, name: str) -> str:
    try:
        file, size = open_regular(path)
    except UnreadableFile as exc:
        raise ShareError(_say().unreadable.format(source=name, reason=exc.reason)) from None
    with file:
        if size > MAX_SHARE_BYTES:
            raise ShareError(_too_big(name, size))
        try:
            raw = file.read(MAX_SHARE_BYTES + 1)  # it may have grown since
        except OSError as exc:
            raise ShareError(_say().could_not_read.format(source=name,
                                                          problem=exc.strerror)) from None
    if len(raw) > MAX_SHARE_BYTES:
        raise ShareError(_too_big(name, len(raw)))
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ShareError(_say().not_text.format(source=name)) from None


# --- hand-in: a share file added to a facilitator's drop folder ------------------------

# Random names, so a participant cannot guess (or overwrite) another's file; the folder
# (mode 3733) lets them add files but not list it. Group-readable for the facilitator.
HANDIN_PREFIX = "share-"
HANDIN_SUFFIX = ".json"
HANDIN_MODE = 0o640


class HandInError(ValueError):
    """A hand-in did not happen; the message says why (the journal is untouched)."""


def hand_in(folder: Path, journal: Journal | None = None) -> Path:
    """Write this journal's share file into the drop folder under a random name.

    :func:`workbook.files.write_file` writes it under a hidden name and renames it when
    complete, so a facilitator reading the folder never sees half a file (hidden names are
    skipped by :func:`files_in_folder`). Only reads the journal.
    """
    say = content.messages().hand_in
    try:
        text = share_text(journal)
    except ShareError as exc:
        raise HandInError(str(exc)) from None
    if not folder.is_dir():
        raise HandInError(say.no_folder.format(folder=folder))
    target = folder / f"{HANDIN_PREFIX}{secrets.token_hex(8)}{HANDIN_SUFFIX}"
    try:
        # Written whole under a hidden name, then renamed, with the mode set explicitly
        # (the umask would take the group's read bit, which the facilitator needs).
        files.write_file(target, text, mode=HANDIN_MODE)
    except OSError as exc:
        raise HandInError(say.not_writable.format(folder=folder,
                                                  problem=exc.strerror)) from None
    return target


def files_in_folder(folder: Path) -> list[Path]:
    """The files handed in to a drop folder, oldest first (so a later hand-in counts).

    Hidden names are hand-ins still being written and are left for the next read; every
    other entry is returned, so a file that is not a share file is refused with a reason.
    A subfolder is read too, one level down: on Kubernetes each participant hands in to
    their own folder of the shared volume (``hand-in/<name>/``, deploy/kubernetes/). A
    subfolder that cannot be listed, a folder inside it, and a link to a folder are
    returned as they are, so they are refused with a reason too.
    Raises OSError when the folder cannot be listed (a participant's account, say).
    """
    entries = _visible(folder)
    found: list[os.DirEntry[str]] = []
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            try:
                found += _visible(Path(entry.path))
                continue
            except OSError:
                pass
        found.append(entry)

    def when(entry: os.DirEntry[str]) -> float:
        try:
            return entry.stat(follow_symlinks=False).st_mtime
        except OSError:
            return 0.0

    return [Path(entry.path) for entry in sorted(found, key=lambda e: (when(e), e.path))]


def _visible(folder: Path) -> list[os.DirEntry[str]]:
    with os.scandir(folder) as listing:
        return [entry for entry in listing if not entry.name.startswith(".")]
