"""Anonymous share files and the facilitator's group view."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from workbook import charts, content, workshop
from workbook.model import make_checkin
from workbook.store import Journal
from workbook.workshop import MIN_GROUP, Share, ShareError


def participant(seed: int, **fixed: int) -> Share:
    rng = random.Random(seed)
    ratings = {f.id: rng.randint(0, 10) for f in content.factors()}
    ratings.update(fixed)
    return Share(f"P-TEST{seed:02d}", "supporter", ratings)


def test_a_share_holds_ratings_only_and_a_stable_code(fresh_journal: Journal) -> None:
    with pytest.raises(ShareError, match="no check-in to share"):
        workshop.make_share(fresh_journal)
    fresh_journal.add_checkin(make_checkin("supporter", {"fear": 7, "hope": 2}, person="Sam",
                                           note="Private words"))
    share = workshop.make_share(fresh_journal)
    assert set(share) == {"format", "version", "participant", "perspective", "ratings"}
    assert share["ratings"] == {"fear": 7, "hope": 2}
    text = workshop.share_text(fresh_journal)
    assert "Sam" not in text and "Private" not in text
    assert workshop.make_share(fresh_journal)["participant"] == share["participant"]
    assert workshop.parse_share(text).ratings == {"fear": 7, "hope": 2}


@pytest.mark.parametrize(
    ("text", "reason"),
    [("not json", "not JSON"),
     ('{"format": "open-door-journal", "version": 1}', "not an Open Door share file"),
     ('{"format": "open-door-share", "version": 9}', "another version"),
     ('{"format": "open-door-share", "version": 1, "participant": "P-X", "perspective": '
      '"supporter", "ratings": {"fear": 3}, "note": "hi"}', r"never has \(note\)"),
     ('{"format": "open-door-share", "version": 1, "participant": "P-X", "perspective": '
      '"supporter", "ratings": {"fear": 12}}', "out of range"),
     ('{"format": "open-door-share", "version": 1, "participant": "P-X", "perspective": '
      '"supporter", "ratings": {"luck": 3}}', "unknown factor")],
)
def test_a_file_that_is_not_a_share_is_explained(text: str, reason: str) -> None:
    with pytest.raises(ShareError, match=reason):
        workshop.parse_share(text, "x.json")


def test_fewer_than_five_people_show_no_breakdown() -> None:
    summary = workshop.aggregate([participant(i) for i in range(MIN_GROUP - 1)])
    assert summary.participants == MIN_GROUP - 1 and not summary.shown
    assert summary.spreads == () and summary.most_common_barriers() == []


def test_duplicates_count_once() -> None:
    people = [participant(i) for i in range(MIN_GROUP - 1)]
    summary = workshop.aggregate([*people, people[0], people[1]])
    assert (summary.participants, summary.duplicates, summary.shown) == (MIN_GROUP - 1, 2,
                                                                          False)


def test_the_group_view_counts_bands_and_the_most_common_barriers() -> None:
    people = [participant(i, fear=9, shame=8, practical=1) for i in range(6)]
    summary = workshop.aggregate(people)
    assert summary.shown and summary.participants == 6
    fear = next(s for s in summary.spreads if s.factor.id == "fear")
    assert (fear.low, fear.middle, fear.high, fear.big_barrier) == (0, 0, 6, 6)
    practical = next(s for s in summary.spreads if s.factor.id == "practical")
    assert (practical.low, practical.high) == (6, 0)
    top = [s.factor.id for s in summary.most_common_barriers()]
    assert top[:2] == ["fear", "shame"] and "practical" not in top
    for spread in summary.spreads:
        assert spread.low + spread.middle + spread.high == spread.people
    chart = charts.group_spread_chart(summary.spreads)
    assert chart.summary.endswith("of 6.")


def test_reading_files_keeps_good_ones_and_explains_the_rest(tmp_path: Path) -> None:
    files = []
    for i in range(MIN_GROUP):
        path = tmp_path / f"share-{i}.json"
        share = participant(i)
        path.write_text(json.dumps({"format": "open-door-share", "version": 1,
                                    "participant": share.participant,
                                    "perspective": share.perspective,
                                    "ratings": dict(share.ratings)}))
        files.append(path)
    foreign = tmp_path / "notes.txt"
    foreign.write_text("my secret notes")
    binary = tmp_path / "photo.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    shares, rejected = workshop.read_shares([*files, foreign, binary])
    assert len(shares) == MIN_GROUP
    assert len(rejected) == 2 and "notes.txt" in rejected[0] and "photo.png" in rejected[1]
    summary = workshop.aggregate(shares, rejected)
    assert summary.shown and summary.rejected == tuple(rejected)
