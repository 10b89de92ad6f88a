"""Anonymous share files and the facilitator's group view."""

from __future__ import annotations

import json
import os
import random
import resource
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from workbook import charts, cli, content
from workbook.journal import workshop
from workbook.journal.model import CheckIn, make_checkin
from workbook.journal.store import Journal
from workbook.journal.workshop import MIN_GROUP, Share, ShareError

# The letters and digits `data share` makes codes from (no 0/O, 1/I/L).
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def code(seed: int) -> str:
    return "P-TEST" + CODE_ALPHABET[seed // 31] + CODE_ALPHABET[seed % 31]


SHARE = content.messages().share_file
NO_CODE = SHARE.no_code.format(source="x.json")


def participant(seed: int, **fixed: int) -> Share:
    rng = random.Random(seed)
    ratings = {f.id: rng.randint(0, 10) for f in content.factors()}
    ratings.update(fixed)
    return Share(code(seed), "supporter", ratings)


def test_a_share_holds_ratings_only_and_a_stable_code(fresh_journal: Journal) -> None:
    with pytest.raises(ShareError) as refused:
        workshop.make_share(fresh_journal)
    assert str(refused.value) == SHARE.nothing_to_share
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
    [("not json", SHARE.not_json.format(source="x.json")),
     ('{"format": "open-door-journal", "version": 1}', SHARE.not_share.format(source="x.json")),
     ('{"format": "open-door-share", "version": 9}',
      SHARE.other_version.format(source="x.json", version="9")),
     ('{"format": "open-door-share", "version": 1, "participant": "P-X", "perspective": '
      '"supporter", "ratings": {"fear": 3}, "note": "hi"}',
      SHARE.extra_fields.format(source="x.json", fields="note")),
     ('{"format": "open-door-share", "version": 1, "participant": "P-ABCDEF", '
      '"perspective": "supporter", "ratings": {"fear": 12}}', "out of range"),
     ('{"format": "open-door-share", "version": 1, "participant": "P-ABCDEF", '
      '"perspective": "supporter", "ratings": {"luck": 3}}',
      SHARE.unknown_factor.format(source="x.json", factor="'luck'"))],
)
def test_a_file_that_is_not_a_share_is_explained(text: str, reason: str) -> None:
    with pytest.raises(ShareError) as refused:
        workshop.parse_share(text, "x.json")
    assert reason in str(refused.value)


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
    assert (fear.low, fear.middle, fear.high) == (0, 0, 6)
    practical = next(s for s in summary.spreads if s.factor.id == "practical")
    assert (practical.low, practical.high) == (6, 0)
    # "A big barrier" in the list means the same as the table's big band (7-10).
    highest = max(s.high for s in summary.spreads if s.factor.group != "ruler")
    assert summary.most_common_barriers()[0].high == highest
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


# --- the commands and the page -------------------------------------------------------------------


def _share_files(folder: Path, count: int, data_root: Path, monkeypatch) -> list[Path]:
    """Real share files from `workbook data share`, one journal per participant."""
    files = []
    for i in range(count):
        monkeypatch.setenv("WORKBOOK_DATA_DIR", str(data_root / f"person-{i}"))
        Journal().add_checkin(make_checkin("supporter", {"fear": 8, "hope": 1 + i % 3,
                                                         "practical": 2}, person="Sam"))
        out = folder / f"share-{i}.json"
        assert cli.main(["data", "share", "--out", str(out)]) == 0
        files.append(out)
    return files


def test_share_command_writes_an_anonymous_file(tmp_path: Path, monkeypatch, capsys) -> None:
    (out,) = _share_files(tmp_path, 1, tmp_path / "data", monkeypatch)
    text = out.read_text()
    assert "Sam" not in text and json.loads(text)["ratings"]["fear"] == 8
    assert "random code" in capsys.readouterr().out
    assert cli.main(["data", "share", "--out", str(out)]) == 1  # no overwrite without --force


def test_share_command_without_a_check_in_says_what_to_do(data_dir: Path, tmp_path: Path,
                                                          capsys) -> None:
    assert cli.main(["data", "share", "--out", str(tmp_path / "s.json")]) == 1
    assert "Do a check-in first" in capsys.readouterr().err
    assert not (tmp_path / "s.json").exists()


def test_aggregate_command_with_enough_people(tmp_path: Path, monkeypatch, capsys) -> None:
    files = _share_files(tmp_path, MIN_GROUP, tmp_path / "data", monkeypatch)
    foreign = tmp_path / "notes.json"
    foreign.write_text('{"format": "something-else", "secret": "<script>x</script>"}')
    page = tmp_path / "group.html"
    assert cli.main(["workshop", "aggregate", *map(str, files), str(foreign), str(files[0]),
                     "--out", str(page)]) == 0
    out, err = capsys.readouterr()
    assert f"group view of {MIN_GROUP} people" in out and "notes.json" in err
    text = page.read_text()
    words = content.facilitator().group_report
    assert words.barriers_heading in text and "Fear of change" in text
    assert "data:image/svg+xml;base64," in text and "<table>" in text
    assert "notes.json" in text and "<script>x" not in text
    assert words.duplicates.split("{count}")[1].split()[0] in text  # the duplicate noted


def test_aggregate_with_too_few_people_shows_no_breakdown(tmp_path: Path, monkeypatch) -> None:
    files = _share_files(tmp_path, MIN_GROUP - 1, tmp_path / "data", monkeypatch)
    page = tmp_path / "group.html"
    assert cli.main(["workshop", "aggregate", *map(str, files), "--out", str(page)]) == 0
    text = page.read_text()
    assert f"{MIN_GROUP - 1} people shared so far" in text
    assert "<table>" not in text and "<img" not in text and "Fear of change" not in text


# --- share files that must not count, and files that must not stop the page (issue 10) ------


def share_json(participant: str = "P-ABCDEF", perspective: str = "supporter",
               ratings: object = None, **extra: object) -> str:
    document = {"format": "open-door-share", "version": 1, "participant": participant,
                "perspective": perspective, "ratings": ratings or {"fear": 3}, **extra}
    return json.dumps(document, indent=2) + "\n"


@pytest.mark.parametrize(
    ("text", "reason"),
    [(share_json("P-1"), NO_CODE),
     (share_json("P-ABCDE"), NO_CODE),
     (share_json("P-ABCDEFG"), NO_CODE),
     (share_json("P-abcdef"), NO_CODE),
     (share_json("P-ABCDEF "), NO_CODE),
     (share_json("P-ABCDE0"), NO_CODE),  # 0 is never in a code
     (share_json("P-ABCDEF\n"), NO_CODE),
     (share_json(ratings={"fear": 3, "stress": 5}, perspective="self"), "only asked"),
     (share_json().replace('"fear": 3', '"fear": 3, "fear": 9'),
      SHARE.repeated_field.format(source="x.json", field="'fear'")),
     (share_json().replace('"version": 1', '"version": 1, "version": 1'),
      SHARE.repeated_field.format(source="x.json", field="'version'"))],
    ids=["P-1", "too short", "too long", "lower case", "space", "zero", "newline",
         "factor of the other perspective", "a rating twice", "a field twice"],
)
def test_a_share_file_must_be_exactly_what_share_writes(text: str, reason: str) -> None:
    with pytest.raises(ShareError) as refused:
        workshop.parse_share(text, "x.json")
    assert reason in str(refused.value)


def test_made_up_share_files_do_not_reach_the_minimum(tmp_path: Path, monkeypatch) -> None:
    (real,) = _share_files(tmp_path, 1, tmp_path / "data", monkeypatch)
    made_up = []
    for i in range(MIN_GROUP - 1):
        path = tmp_path / f"made-up-{i}.json"
        path.write_text(share_json(f"P-{i + 1}"))
        made_up.append(path)
    shares, rejected = workshop.read_shares([real, *made_up])
    assert len(shares) == 1 and len(rejected) == MIN_GROUP - 1
    assert all(reason.endswith(NO_CODE.removeprefix("x.json")) for reason in rejected)
    assert not workshop.aggregate(shares, rejected).shown


def test_a_copy_with_its_code_retyped_does_not_count_twice(tmp_path: Path,
                                                           monkeypatch) -> None:
    files = _share_files(tmp_path, MIN_GROUP - 1, tmp_path / "data", monkeypatch)
    document = json.loads(files[0].read_text())
    for i, retyped in enumerate([document["participant"].lower(),
                                 document["participant"] + " "]):
        copy = tmp_path / f"copy-{i}.json"
        copy.write_text(share_json(retyped, ratings=document["ratings"]))
        files.append(copy)
    shares, rejected = workshop.read_shares(files)
    summary = workshop.aggregate(shares, rejected)
    assert summary.participants == MIN_GROUP - 1 and not summary.shown
    assert len(rejected) == 2


def aggregate_page(files: list[Path], page: Path, capsys) -> tuple[str, str]:
    assert cli.main(["workshop", "aggregate", *map(str, files), "--out", str(page)]) == 0
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return out, err


def test_nested_or_huge_number_share_files_are_left_out_and_the_page_is_written(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    files = _share_files(tmp_path, MIN_GROUP, tmp_path / "data", monkeypatch)
    nested = tmp_path / "nested.json"
    nested.write_text(share_json(ratings={"fear": 3}, deep=0).replace(
        '"deep": 0', '"deep": ' + "[" * 20_000 + "]" * 20_000))
    huge = tmp_path / "huge.json"
    huge.write_text(share_json(ratings={"fear": 4242}).replace("4242", "9" * 5000))
    page = tmp_path / "group.html"
    out, err = aggregate_page([*files, nested, huge], page, capsys)
    assert f"group view of {MIN_GROUP} people" in out
    assert "nested.json" in err and "nested too deeply" in err
    assert "huge.json" in err and "too many digits" in err
    text = page.read_text()
    assert "nested.json" in text and "huge.json" in text and "<table>" in text


def test_an_oversize_share_file_is_left_out_without_being_read(tmp_path: Path, monkeypatch,
                                                               capsys) -> None:
    files = _share_files(tmp_path, MIN_GROUP - 1, tmp_path / "data", monkeypatch)
    padded = tmp_path / "padded.json"
    # A valid share underneath, made huge with spaces: no real share file is this big.
    padded.write_text(share_json("P-PADDED") + " " * 5_000_000)
    out, err = aggregate_page([*files, padded], tmp_path / "group.html", capsys)
    assert "padded.json" in err and "too big" in err
    assert content.messages().group.too_few.format(
        out=tmp_path / "group.html", count=MIN_GROUP - 1, least=MIN_GROUP) in out


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "folder"])
def test_a_pipe_device_or_folder_is_left_out_with_a_reason(tmp_path: Path, kind: str) -> None:
    shares = tmp_path / "shares"
    shares.mkdir()
    for i in range(MIN_GROUP):
        (shares / f"share-{i}.json").write_text(share_json(code(i)))
    odd = shares / "odd.json"
    if kind == "fifo":
        os.mkfifo(odd)
    elif kind == "dev-zero":
        odd.symlink_to("/dev/zero")
    else:
        odd.mkdir()
    page = tmp_path / "group.html"
    # A child process with a memory cap and a timeout: the old code waited forever on the
    # pipe and read /dev/zero until memory ran out.
    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    try:
        result = subprocess.run(
            [sys.executable, "-m", "workbook", "workshop", "aggregate",
             *map(str, sorted(shares.iterdir())), "--out", str(page)],
            env={**os.environ, "WORKBOOK_DATA_DIR": str(tmp_path / "data")}, preexec_fn=cap,
            capture_output=True, text=True, timeout=60)
    except subprocess.TimeoutExpired:
        pytest.fail("workshop aggregate did not finish")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "odd.json" in result.stderr and "not a regular file" in result.stderr
    assert f"group view of {MIN_GROUP} people" in result.stdout
    assert "odd.json" in page.read_text()


def test_share_uses_the_latest_check_in_that_is_not_in_the_future(
    fresh_journal: Journal, tmp_path: Path
) -> None:
    # An entry dated 2500, saved before such dates were refused, must not stay "latest".
    fresh_journal.add_checkin(CheckIn(when=datetime(2500, 1, 1, tzinfo=UTC),
                                      perspective="supporter", ratings={"fear": 1}))
    fresh_journal.add_checkin(make_checkin("supporter", {"fear": 9}))
    out = tmp_path / "share.json"
    assert cli.main(["data", "share", "--out", str(out)]) == 0
    assert json.loads(out.read_text())["ratings"] == {"fear": 9}
