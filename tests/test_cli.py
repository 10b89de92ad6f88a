"""The ``workbook`` command line (``workbook.cli``)."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from workbook import cli, content, paths
from workbook.journal.model import make_checkin, make_reflection
from workbook.journal.store import Journal
from workbook.journal.transfer import csv_columns, export_csv, export_json

SAY = content.messages()


def run_module(data_dir: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    """Run ``python -m workbook ARGV`` as a separate process using ``data_dir``."""
    return subprocess.run(
        [sys.executable, "-m", "workbook", *argv],
        env={**os.environ, paths.DATA_DIR_ENV: str(data_dir)},
        capture_output=True, text=True, timeout=60,
    )


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def filled(fresh_journal: Journal) -> Journal:
    first = datetime(2026, 3, 1, 19, 30, tzinfo=timezone(timedelta(hours=1)))
    fresh_journal.add_checkin(make_checkin("supporter", {"fear": 6}, person="José",
                                           note="first, \"quoted\"\nsecond", when=first))
    fresh_journal.add_checkin(make_checkin("self", {"importance": 8},
                                           when=first + timedelta(days=1)))
    fresh_journal.add_reflection(make_reflection("a thought", mood=4, tags=["work"],
                                                 when=first + timedelta(hours=2)))
    fresh_journal.set_setting("perspective", "supporter")
    return fresh_journal


# --- help ------------------------------------------------------------------------------


@dataclass
class Help:
    """What ``workbook ... --help`` prints, read the way a person reads it."""

    usage: str
    description: str
    # Sub-command name -> its line in the list; option flags -> their help.
    commands: dict[str, str]
    options: dict[str, str]


def read_help(text: str) -> Help:
    sections = text.split("\n\n")
    usage, description = sections[0], " ".join(s for s in sections[1:]
                                                if not s.endswith(":") and ":\n" not in s)
    commands: dict[str, str] = {}
    options: dict[str, str] = {}
    last: tuple[dict[str, str], str] | None = None
    for line in text.splitlines():
        if line.startswith("    ") and line[4:5].isalpha():
            name, _, said = line.strip().partition(" ")
            commands[name] = said.strip()
            last = (commands, name)
        elif line.startswith("  -"):
            flags, _, said = line.strip().partition("  ")
            options[flags] = said.strip()
            last = (options, flags)
        elif line.startswith("      ") and last is not None:
            # argparse wraps a long help, or puts it under flags too wide to share a line.
            found, key = last
            found[key] = (found[key] + " " + line.strip()).strip()
        else:
            last = None
    return Help(usage, description.strip(), commands, options)


def show_help(argv: list[str], capsys: pytest.CaptureFixture[str]) -> Help:
    with pytest.raises(SystemExit) as caught:
        cli.main([*argv, "--help"])
    assert caught.value.code == 0, argv
    return read_help(capsys.readouterr().out)


def all_help(capsys: pytest.CaptureFixture[str],
             path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Help]]:
    shown = show_help(list(path), capsys)
    yield path, shown
    for name in shown.commands:
        yield from all_help(capsys, (*path, name))


def test_every_command_and_subcommand_has_help(capsys: pytest.CaptureFixture[str]) -> None:
    found = dict(all_help(capsys))
    commands = {" ".join(path) for path in found}
    assert {"lab", "app", "report", "export", "workshop", "data", "data where",
            "data export", "data import", "data share", "data delete"} <= commands
    for path, shown in found.items():
        name = " ".join(("workbook", *path))
        assert shown.usage.startswith(f"usage: {name} "), shown.usage
        assert shown.description, f"{name} has no description"
        for command, said in shown.commands.items():
            assert said, f"{name} {command} has no help in the list of commands"
        for flags, said in shown.options.items():
            assert said, f"{name} {flags} has no help"


def test_the_help_reader_sees_a_command_or_option_without_help() -> None:
    shown = read_help("usage: workbook data [-h] ACTION ...\n\nYour entries.\n\n"
                      "positional arguments:\n  ACTION\n    where     print the folder\n"
                      "    export\n\noptions:\n  -h, --help  show this help\n  --out FILE\n")
    assert shown.description == "Your entries."
    assert shown.commands == {"where": "print the folder", "export": ""}
    assert shown.options == {"-h, --help": "show this help", "--out FILE": ""}


def test_export_help_from_the_module_mentions_both_formats(data_dir: Path) -> None:
    result = run_module(data_dir, "data", "export", "--help")
    assert result.returncode == 0, result.stderr
    assert "csv" in result.stdout
    assert "json" in result.stdout
    assert "--out" in result.stdout


def test_missing_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in ([], ["data"], ["data", "explode"]):
        with pytest.raises(SystemExit) as caught:
            cli.main(argv)
        assert caught.value.code == 2
        assert "usage: workbook" in capsys.readouterr().err


# --- data where ----------------------------------------------------------------------


def test_module_entry_point_prints_the_data_folder(data_dir: Path) -> None:
    result = run_module(data_dir, "data", "where")
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"{data_dir}\n"
    assert not data_dir.exists()


def test_where_prints_the_override(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["data", "where"]) == 0
    assert capsys.readouterr().out == f"{data_dir}\n"


def test_where_without_override_is_outside_the_repository(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv(paths.DATA_DIR_ENV, raising=False)
    assert cli.main(["data", "where"]) == 0
    printed = Path(capsys.readouterr().out.strip())
    assert printed.is_absolute()
    assert printed.name == paths.APP_NAME
    for repo in {paths.REPO_DIR.resolve(), Path(__file__).resolve().parent.parent}:
        assert not printed.is_relative_to(repo), f"{printed} is inside {repo}"


# --- data export ---------------------------------------------------------------------


def test_export_to_stdout_is_json_by_default(
    filled: Journal, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["data", "export"]) == 0
    out = capsys.readouterr().out
    assert out == export_json(filled)
    document = json.loads(out)
    assert len(document["checkins"]) == 2
    assert document["checkins"][0]["person"] == "José"


def test_export_csv_to_stdout(filled: Journal, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["data", "export", "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert out == export_csv(filled)
    rows = list(csv.DictReader(io.StringIO(out, newline="")))
    assert list(rows[0]) == csv_columns()
    assert [r["entry"] for r in rows] == ["checkin", "checkin", "reflection"]


def test_export_rejects_an_unknown_format(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        cli.main(["data", "export", "--format", "xml"])
    assert caught.value.code == 2
    assert "xml" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("name", "extra", "fmt"),
    [
        ("backup.json", [], "json"),
        ("backup.csv", [], "csv"),
        ("backup.CSV", [], "csv"),
        ("backup.txt", [], "json"),
        ("backup.csv", ["--format", "json"], "json"),
        ("backup.dat", ["--format", "csv"], "csv"),
    ],
)
def test_export_to_a_file(
    filled: Journal, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    name: str, extra: list[str], fmt: str,
) -> None:
    out = tmp_path / name
    assert cli.main(["data", "export", "--out", str(out), *extra]) == 0
    expected = export_csv(filled) if fmt == "csv" else export_json(filled)
    assert out.read_bytes().decode("utf-8") == expected
    assert mode(out) == 0o600
    captured = capsys.readouterr()
    assert captured.out == ""
    assert str(out) in captured.err
    assert fmt.upper() in captured.err


def test_export_refuses_to_overwrite_without_force(
    filled: Journal, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "backup.json"
    out.write_text("my precious file")
    os.chmod(out, 0o644)
    assert cli.main(["data", "export", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "already exists" in err and "--force" in err and str(out) in err
    assert out.read_text() == "my precious file"
    assert mode(out) == 0o644

    assert cli.main(["data", "export", "--out", str(out), "--force"]) == 0
    assert out.read_bytes().decode("utf-8") == export_json(filled)
    assert mode(out) == 0o600


def test_export_into_a_missing_folder_is_a_clear_error(
    filled: Journal, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "no-such-folder" / "backup.json"
    assert cli.main(["data", "export", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("workbook: " + SAY.files.could_not_write.format(
        out=out, problem="No such file or directory", left=SAY.files.not_written))
    assert str(out) in err
    assert not out.parent.exists()


def test_export_csv_as_a_separate_process(filled: Journal, data_dir: Path) -> None:
    result = run_module(data_dir, "data", "export", "--format", "csv")
    assert result.returncode == 0, result.stderr
    assert result.stdout.replace("\r\n", "\n") == export_csv(filled).replace("\r\n", "\n")


# --- data import ---------------------------------------------------------------------


@pytest.fixture
def export_file(filled: Journal, tmp_path: Path) -> Path:
    path = tmp_path / "backup.json"
    path.write_text(export_json(filled), encoding="utf-8")
    return path


def test_import_says_what_it_added(
    export_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    target = tmp_path / "elsewhere"
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(target))
    assert cli.main(["data", "import", str(export_file)]) == 0
    out = capsys.readouterr().out
    assert out == SAY.data.imported.format(checkins="2 check-ins", reflections="1 reflection",
                                           file=export_file) + "\n"
    assert Journal().counts() == {"checkins": 2, "reflections": 1, "settings": 0}

    assert cli.main(["data", "import", str(export_file)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(SAY.data.imported.format(
        checkins="0 check-ins", reflections="0 reflections", file=export_file) + "\n")
    assert SAY.data.already_many.format(count=3) in out
    assert Journal().counts() == {"checkins": 2, "reflections": 1, "settings": 0}


def test_import_of_a_bad_file_fails_naming_line_and_field(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    columns = "entry,id,when,perspective,person,note,text,mood,stress,tags,event,rating_fear"
    bad = tmp_path / "bad.csv"
    bad.write_text(
        f"{columns}\n"
        "checkin,c1,2026-03-01,self,,,,,,,,4\n"
        "checkin,c2,2026-03-02,self,,,,,,,,12\n",
        encoding="utf-8",
    )
    assert cli.main(["data", "import", str(bad)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "line 3" in captured.err
    assert "rating_fear" in captured.err
    assert SAY.data.not_imported.split("\n")[-1] in captured.err
    assert str(bad) in captured.err
    assert not data_dir.exists()


def test_import_of_a_missing_file_fails(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nope.json"
    assert cli.main(["data", "import", str(missing)]) == 1
    assert "does not exist" in capsys.readouterr().err
    assert not data_dir.exists()


def test_import_as_a_separate_process(export_file: Path, tmp_path: Path) -> None:
    target = tmp_path / "elsewhere"
    result = run_module(target, "data", "import", str(export_file))
    assert result.returncode == 0, result.stderr
    assert "Imported 2 check-ins and 1 reflection" in result.stdout
    assert Journal(target / paths.JOURNAL_FILENAME).counts()["checkins"] == 2

    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "open-door-journal", "version": 1,\n "checkins": [}\n')
    result = run_module(target, "data", "import", str(bad))
    assert result.returncode == 1
    assert "line 2" in result.stderr and "not valid JSON" in result.stderr
    assert "Traceback" not in result.stderr


# --- data delete ---------------------------------------------------------------------


# What `filled` holds, in the words of content: "2 check-ins, 1 reflection and 1 saved choice".
_TOOLS = SAY.data_tools
FILLED = _TOOLS.counts.format(checkins=f"2 {_TOOLS.checkin.other}",
                              reflections=f"1 {_TOOLS.reflection.one}",
                              settings=f"1 {_TOOLS.setting.one}")


def test_delete_without_yes_deletes_nothing(
    filled: Journal, capsys: pytest.CaptureFixture[str]
) -> None:
    before = filled.path.read_bytes()
    assert cli.main(["data", "delete"]) == 1
    err = capsys.readouterr().err
    assert FILLED in err
    assert "Nothing was deleted" in err
    assert "--yes" in err
    assert filled.path.read_bytes() == before


def test_delete_with_yes_removes_the_journal(
    filled: Journal, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = filled.path
    assert cli.main(["data", "delete", "--yes"]) == 0
    out = capsys.readouterr().out
    assert SAY.data.deleted.format(what=FILLED) in out
    assert f"Removed {path}" in out
    assert not path.exists()
    assert not data_dir.exists()
    assert Journal().counts() == {"checkins": 0, "reflections": 0, "settings": 0}


@pytest.mark.parametrize("folder_exists", [False, True])
def test_delete_with_nothing_saved_says_so(
    data_dir: Path, folder_exists: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    if folder_exists:
        data_dir.mkdir()
    for argv in (["data", "delete"], ["data", "delete", "--yes"]):
        assert cli.main(argv) == 0
        out = capsys.readouterr().out
        assert out == SAY.data.nothing_to_delete.format(data_dir=data_dir) + "\n"
    assert data_dir.exists() == folder_exists


def test_delete_as_a_separate_process(filled: Journal, data_dir: Path) -> None:
    refused = run_module(data_dir, "data", "delete")
    assert refused.returncode == 1
    assert "Nothing was deleted" in refused.stderr
    assert filled.counts()["checkins"] == 2

    done = run_module(data_dir, "data", "delete", "--yes")
    assert done.returncode == 0, done.stderr
    assert f"Removed {filled.path}" in done.stdout
    assert not filled.exists()


def test_export_command_warns_for_personal_data_and_reports_failure(monkeypatch, tmp_path,
                                                                    capsys) -> None:
    from workbook.publish import site

    calls = []

    def fake_export(out, data, *, jobs=None):
        calls.append((out, data, jobs))
        report = site.SiteReport(out=out, data=data, personal_data=data == "mine")
        if data == "blank":
            report.failures.append(site.ChapterFailure("05_x.ipynb", 4, "1 / 0",
                                                       "ZeroDivisionError: division by zero"))
        return report

    monkeypatch.setattr(site, "export_site", fake_export)
    assert cli.main(["export", "--out", str(tmp_path / "a")]) == 0
    assert calls[-1][1] == "sample" and "index.html" in capsys.readouterr().out
    assert cli.main(["export", "--out", str(tmp_path / "b"), "--data", "mine"]) == 0
    assert "Warning: --data mine" in capsys.readouterr().err
    assert cli.main(["export", "--out", str(tmp_path / "c"), "--data", "blank",
                     "--jobs", "1"]) == 1
    assert calls[-1] == (tmp_path / "c", "blank", 1)
