"""The reader's working copy of an installed package's chapters (publish/working_copy.py),
and where it lives (paths.chapters_dir). tests/test_wheel.py does the same from a real
installed wheel; here each rule is checked on its own, on copies of the real chapters."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from workbook import paths
from workbook.errors import DataFolderError
from workbook.publish import working_copy
from workbook.publish.working_copy import EDITED_SUFFIX, MANIFEST, refresh

CHAPTERS = sorted(p.name for p in paths.NOTEBOOKS_DIR.glob("*.ipynb"))


@pytest.fixture
def package(tmp_path: Path) -> Path:
    """The chapters as a package ships them."""
    folder = tmp_path / "site-packages" / "workbook" / "_chapters"
    shutil.copytree(paths.NOTEBOOKS_DIR, folder, ignore=shutil.ignore_patterns(".*"))
    return folder


def _cells(path: Path) -> list[dict[str, object]]:
    return json.loads(path.read_text())["cells"]  # type: ignore[no-any-return]


def _edit(path: Path, text: str) -> None:
    data = json.loads(path.read_text())
    data["cells"].append({"cell_type": "markdown", "metadata": {}, "source": text})
    path.write_text(json.dumps(data))


def _run_and_save(path: Path) -> None:
    """Outputs, counts, metadata and the one-string source JupyterLab may write."""
    data = json.loads(path.read_text())
    for cell in data["cells"]:
        cell["source"] = "".join(cell["source"])
        cell["metadata"]["collapsed"] = True
        if cell["cell_type"] == "code":
            cell["execution_count"] = 3
            cell["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "my words\n"}]
    data["metadata"]["widgets"] = {"state": {}}
    path.write_text(json.dumps(data, indent=4))


def test_a_first_refresh_copies_every_chapter_into_a_private_folder(
    package: Path, tmp_path: Path, data_dir: Path
) -> None:
    folder = tmp_path / "chapters"
    done = refresh(package, folder)
    assert done.folder == folder and sorted(done.copied) == CHAPTERS and done.kept == ()
    for name in CHAPTERS:
        assert (folder / name).read_bytes() == (package / name).read_bytes()
    assert folder.stat().st_mode & 0o777 == 0o700
    assert json.loads((folder / MANIFEST).read_text())["chapters"].keys() == set(CHAPTERS)
    # The entries' folder is not the chapters' and is never made or read here.
    assert not data_dir.exists()


def test_a_second_refresh_changes_nothing(package: Path, tmp_path: Path) -> None:
    folder = tmp_path / "chapters"
    refresh(package, folder)
    before = {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}
    done = refresh(package, folder)
    assert done.copied == () and done.kept == ()
    assert {p.name: p.stat().st_mtime_ns for p in folder.iterdir()} == before


def test_an_upgrade_replaces_chapters_the_reader_did_not_edit(
    package: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "chapters"
    refresh(package, folder)
    first, ran = CHAPTERS[0], CHAPTERS[1]
    _run_and_save(folder / ran)  # run and saved: not an edit
    for name in (first, ran):
        _edit(package / name, "New in this version.")
    done = refresh(package, folder)
    assert sorted(done.copied) == sorted([first, ran]) and done.kept == ()
    for name in (first, ran):
        assert (folder / name).read_bytes() == (package / name).read_bytes()
    assert not list(folder.glob(f"*{EDITED_SUFFIX}*"))


def test_a_chapter_the_reader_edited_is_kept_beside_the_new_version(
    package: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "chapters"
    refresh(package, folder)
    name = CHAPTERS[2]
    stem = Path(name).stem
    for round_ in (1, 2):
        _edit(folder / name, f"My own words, round {round_}.")
        _edit(package / name, f"Version {round_ + 1}.")
        done = refresh(package, folder)
        kept_name = f"{stem}{EDITED_SUFFIX}.ipynb" if round_ == 1 else \
            f"{stem}{EDITED_SUFFIX}-2.ipynb"
        assert done.kept == ((name, kept_name),)
        assert (folder / name).read_bytes() == (package / name).read_bytes()
        assert f"My own words, round {round_}." in (folder / kept_name).read_text()
    # An edit with no new version is simply the reader's: left alone.
    _edit(folder / name, "More of my words.")
    assert refresh(package, folder).copied == ()
    assert "More of my words." in (folder / name).read_text()


def test_a_missing_chapter_comes_back_and_a_dropped_one_goes(
    package: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "chapters"
    refresh(package, folder)
    (folder / CHAPTERS[0]).unlink()
    (package / CHAPTERS[-1]).unlink()  # a newer package no longer ships it
    (folder / "my_own_notebook.ipynb").write_text("{}")
    done = refresh(package, folder)
    assert done.copied == (CHAPTERS[0],)
    assert (folder / CHAPTERS[0]).exists() and not (folder / CHAPTERS[-1]).exists()
    assert (folder / "my_own_notebook.ipynb").read_text() == "{}"


def test_an_unreadable_copy_counts_as_the_readers(package: Path, tmp_path: Path) -> None:
    folder = tmp_path / "chapters"
    refresh(package, folder)
    (folder / CHAPTERS[0]).write_text("not json")
    _edit(package / CHAPTERS[0], "Version 2.")
    done = refresh(package, folder)
    assert done.kept == ((CHAPTERS[0], f"{Path(CHAPTERS[0]).stem}{EDITED_SUFFIX}.ipynb"),)


def test_a_fingerprint_ignores_outputs_and_metadata_but_not_words(tmp_path: Path) -> None:
    chapter = tmp_path / CHAPTERS[0]
    shutil.copy(paths.NOTEBOOKS_DIR / CHAPTERS[0], chapter)
    original = working_copy.fingerprint(chapter)
    _run_and_save(chapter)
    assert working_copy.fingerprint(chapter) == original
    _edit(chapter, "x")
    assert working_copy.fingerprint(chapter) != original


# --- where the copy lives ------------------------------------------------------------


def test_in_a_clone_the_chapters_open_where_they_are(tmp_path: Path) -> None:
    assert not paths.chapters_installed()
    assert paths.chapters_dir() == paths.REPO_DIR / "notebooks"
    assert refresh() == working_copy.Refreshed(paths.chapters_dir())


@pytest.fixture
def installed_package(monkeypatch: pytest.MonkeyPatch) -> None:
    """paths as an installed wheel has them (the chapters in the package)."""
    monkeypatch.setattr(paths, "NOTEBOOKS_DIR", paths.SHIPPED_CHAPTERS_DIR)
    monkeypatch.delenv(paths.CHAPTERS_DIR_ENV, raising=False)


def test_installed_the_copy_sits_beside_the_data_folder_not_in_it(
    installed_package: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(paths.DATA_DIR_ENV)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    assert paths.chapters_installed()
    assert paths.chapters_dir() == tmp_path / "share" / "open-door-chapters"
    assert paths.data_dir() == tmp_path / "share" / "open-door"


def test_installed_the_copy_can_be_put_elsewhere(
    installed_package: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(paths.CHAPTERS_DIR_ENV, str(tmp_path / "mine"))
    assert paths.chapters_dir() == tmp_path / "mine"
    monkeypatch.setenv(paths.CHAPTERS_DIR_ENV, "relative/chapters")
    with pytest.raises(DataFolderError, match="not a full path"):
        paths.chapters_dir()
    (tmp_path / "a-file").write_text("")
    monkeypatch.setenv(paths.CHAPTERS_DIR_ENV, str(tmp_path / "a-file"))
    with pytest.raises(DataFolderError, match="is a file"):
        paths.chapters_dir()
