"""Handing in a share file without a terminal: the drop folder of a hub room.

The folder's Unix modes (3733, files 0640) are checked with real accounts in
tests/test_hub.py; these check the files, the words and where the button is shown.
"""

from __future__ import annotations

import html
import json
import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from workbook import content, paths
from workbook.journal import workshop
from workbook.journal.model import make_checkin
from workbook.journal.store import Journal
from workbook.journal.workshop import HandInError, files_in_folder, hand_in, parse_share
from workbook.views import facilitator
from workbook.views.checkin import CheckInSession
from workbook.views.handin import HandInBox

WORDS = content.messages().hand_in


def _checked_in(journal: Journal) -> Journal:
    journal.add_checkin(make_checkin("supporter", {"fear": 7, "hope": 2}, person="Sam",
                                     note="Private words"))
    return journal


def _aggregate_from_folder(folder: Path, out: Path,
                           data_dir: Path) -> subprocess.CompletedProcess[str]:
    """`workbook workshop aggregate --from-folder`, as a facilitator runs it."""
    return subprocess.run([sys.executable, "-m", "workbook", "workshop", "aggregate",
                           "--from-folder", str(folder), "--out", str(out)],
                          capture_output=True, text=True, check=False,
                          env={**os.environ, paths.DATA_DIR_ENV: str(data_dir)})


def test_a_hand_in_is_the_share_file_under_a_random_name_readable_by_the_group(
        fresh_journal: Journal, tmp_path: Path) -> None:
    folder = tmp_path / "hand-in"
    folder.mkdir()
    _checked_in(fresh_journal)
    first = hand_in(folder, fresh_journal)
    second = hand_in(folder, fresh_journal)
    assert first != second and first.parent == second.parent == folder
    assert first.name.startswith("share-") and first.suffix == ".json"
    assert stat.S_IMODE(first.stat().st_mode) == 0o640
    assert first.read_text() == workshop.share_text(fresh_journal)
    assert "Sam" not in first.read_text() and "Private" not in first.read_text()
    assert parse_share(first.read_text()).ratings == {"fear": 7, "hope": 2}
    # No half-written file is left behind.
    assert sorted(p.name for p in folder.iterdir()) == sorted([first.name, second.name])


def test_a_hand_in_that_cannot_happen_says_why_and_keeps_the_journal(
        fresh_journal: Journal, tmp_path: Path) -> None:
    with pytest.raises(HandInError) as nothing:
        hand_in(tmp_path, fresh_journal)
    assert str(nothing.value) == content.messages().share_file.nothing_to_share
    _checked_in(fresh_journal)
    missing = tmp_path / "not-there"
    with pytest.raises(HandInError) as refused:
        hand_in(missing, fresh_journal)
    assert str(refused.value) == WORDS.no_folder.format(folder=missing)
    assert len(fresh_journal.checkins()) == 1


def test_the_folder_is_read_oldest_first_and_unfinished_files_wait(tmp_path: Path) -> None:
    (tmp_path / "b.json").write_text("{}")
    (tmp_path / "a.json").write_text("{}")
    (tmp_path / ".share-x.json.part").write_text("{")
    now = time.time()
    os.utime(tmp_path / "b.json", (now - 60, now - 60))
    assert [p.name for p in files_in_folder(tmp_path)] == ["b.json", "a.json"]


def test_aggregate_from_folder_counts_hand_ins_and_refuses_a_foreign_file(
        tmp_path: Path) -> None:
    folder = tmp_path / "hand-in"
    folder.mkdir()
    for number in range(5):
        data = tmp_path / f"person{number}"
        data.mkdir(mode=0o700)
        journal = Journal(data / paths.JOURNAL_FILENAME)
        journal.add_checkin(make_checkin("supporter", {"fear": number, "hope": 5}))
        hand_in(folder, journal)
    (folder / "notes.txt").write_text("my shopping list\n")
    out = tmp_path / "group.html"
    result = _aggregate_from_folder(folder, out, tmp_path / "x")
    assert result.returncode == 0, result.stderr
    assert content.messages().share_file.not_json.format(source="notes.txt") in result.stderr
    assert content.messages().group.written.format(count=5, out=out) in result.stdout
    assert "my shopping list" not in out.read_text()


def test_each_participants_own_folder_is_read_one_level_down(tmp_path: Path) -> None:
    # On Kubernetes each participant mounts only hand-in/<name>/ of the shared volume
    # (deploy/kubernetes/values.yaml); the facilitator mounts hand-in/ and reads them all.
    folder = tmp_path / "hand-in"
    for number in range(5):
        own = folder / f"person-{number}"
        own.mkdir(parents=True)
        data = tmp_path / f"data{number}"
        data.mkdir(mode=0o700)
        journal = Journal(data / paths.JOURNAL_FILENAME)
        journal.add_checkin(make_checkin("supporter", {"fear": number, "hope": 5}))
        hand_in(own, journal)
    (folder / "person-0" / "notes.txt").write_text("my shopping list\n")
    (folder / "person-1" / "deeper").mkdir()
    (folder / "person-2" / ".share-half.json.part").write_text("{")
    (folder / "not-yet").mkdir()
    (folder / "a-link").symlink_to(folder / "person-3", target_is_directory=True)
    names = sorted(str(p.relative_to(folder)) for p in files_in_folder(folder))
    assert names == sorted(["a-link", "person-0/notes.txt", "person-1/deeper",
                            *(str(p.relative_to(folder)) for p in folder.glob("person-*/share-*"))])
    out = tmp_path / "group.html"
    result = _aggregate_from_folder(folder, out, tmp_path / "x")
    assert result.returncode == 0, result.stderr
    assert content.messages().group.written.format(count=5, out=out) in result.stdout
    assert content.messages().share_file.not_json.format(source="notes.txt") in result.stderr
    assert "deeper" in result.stderr and "a-link" in result.stderr
    assert "my shopping list" not in out.read_text()


def test_aggregate_says_when_given_nothing(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "workbook", "workshop", "aggregate",
                             "--out", str(tmp_path / "g.html")],
                            capture_output=True, text=True, check=False)
    assert result.returncode != 0 and WORDS.no_files in result.stderr


def _hand_in_boxes(session: CheckInSession) -> list[HandInBox]:
    return [w for w in session.save.children if isinstance(w, HandInBox)]


def test_the_button_shows_only_where_a_drop_folder_is_set_and_buttons_work(
        fresh_journal: Journal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(paths.HANDIN_DIR_ENV, raising=False)
    assert _hand_in_boxes(CheckInSession(fresh_journal)) == []
    drop = tmp_path / "drop"
    drop.mkdir()
    monkeypatch.setenv(paths.HANDIN_DIR_ENV, str(drop))
    monkeypatch.setenv("WORKBOOK_SURFACE", "site")
    assert _hand_in_boxes(CheckInSession(fresh_journal)) == []
    monkeypatch.setenv("WORKBOOK_SURFACE", "lab")
    (box,) = _hand_in_boxes(CheckInSession(fresh_journal))
    assert box.button.description == WORDS.button
    box.button.click()  # nothing saved yet: says so, writes nothing
    assert html.escape(content.messages().share_file.nothing_to_share) in box.status.value
    assert list(drop.iterdir()) == []
    _checked_in(fresh_journal)
    box.button.click()
    assert WORDS.done in box.status.value
    (handed,) = drop.iterdir()
    assert json.loads(handed.read_text())["ratings"] == {"fear": 7, "hope": 2}
    monkeypatch.setenv(paths.HANDIN_DIR_ENV, str(tmp_path / "gone"))
    box.button.click()
    assert html.escape(WORDS.no_folder.format(folder=tmp_path / "gone")) in box.status.value


def test_the_group_view_reads_the_drop_folder(fresh_journal: Journal, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    _checked_in(fresh_journal)
    drop = tmp_path / "drop"
    drop.mkdir()
    hand_in(drop, fresh_journal)
    (drop / "foreign.json").write_text('{"format": "open-door-journal"}')
    monkeypatch.setenv(paths.HANDIN_DIR_ENV, str(drop))
    view = facilitator.group_view()
    assert isinstance(view, facilitator.GroupView)
    assert WORDS.folder_read.format(count=2) in view.folder_status.value
    assert "foreign.json" in view.page.value
    monkeypatch.setenv(paths.HANDIN_DIR_ENV, str(tmp_path / "gone"))
    view = facilitator.group_view()
    assert isinstance(view, facilitator.GroupView)
    assert WORDS.folder_unreadable.split("(")[0] in view.folder_status.value
