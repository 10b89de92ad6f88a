"""The ``workbook`` command: a thin layer over the library.

Every command here calls the same functions the notebooks call; nothing is
done only from the command line.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from . import paths
from .datatools import delete_everything, describe_counts, has_anything, plural
from .lab import lab_command
from .store import Journal, JournalError
from .transfer import FORMATS, ImportProblem, export_text, import_file, write_private_file


class CommandError(Exception):
    """A problem to report to the user in one clear line, exit status 1."""


# --- commands -------------------------------------------------------------------


def cmd_lab(args: argparse.Namespace) -> int:
    if not paths.FIRST_NOTEBOOK.exists():
        raise CommandError(
            f"The notebooks were not found in {paths.NOTEBOOKS_DIR}. "
            "Run the workbook from a copy of its repository (see README.md)."
        )
    extra = list(args.jupyter_args)
    if args.no_browser:
        extra.append("--no-browser")
    print(f"Opening the workbook in JupyterLab. Your entries are saved in {paths.data_dir()}")
    print("Press Ctrl+C in this window to stop it.")
    try:
        return subprocess.call(lab_command(extra=extra))
    except KeyboardInterrupt:
        return 0


def cmd_data_where(args: argparse.Namespace) -> int:
    print(paths.data_dir())
    return 0


def cmd_data_export(args: argparse.Namespace) -> int:
    fmt = args.format
    if fmt is None:
        fmt = "csv" if args.out and args.out.suffix.lower() == ".csv" else "json"
    text = export_text(Journal(), fmt)
    if args.out is None:
        sys.stdout.write(text)
        return 0
    try:
        write_private_file(args.out, text, overwrite=args.force)
    except FileExistsError:
        raise CommandError(
            f"{args.out} already exists. Choose another name, or add --force to replace it."
        ) from None
    except OSError as exc:
        raise CommandError(f"Could not write {args.out}: {exc.strerror}.") from None
    print(f"Exported your journal to {args.out} ({fmt.upper()}). Only you can read this file.",
          file=sys.stderr)
    return 0


def cmd_data_import(args: argparse.Namespace) -> int:
    try:
        summary = import_file(Journal(), args.file)
    except ImportProblem as exc:
        raise CommandError(f"{args.file}: {exc}\nNothing was imported.") from None
    print(
        f"Imported {plural(summary.checkins_added, 'check-in')} and "
        f"{plural(summary.reflections_added, 'reflection')} from {args.file}."
    )
    skipped = summary.already_present
    if skipped == 1:
        print("1 entry was already in your journal and was left as it is.")
    elif skipped:
        print(f"{skipped} entries were already in your journal and were left as they are.")
    return 0


def cmd_data_delete(args: argparse.Namespace) -> int:
    journal = Journal()
    if not has_anything(journal):
        print(f"There is nothing to delete: no journal in {paths.data_dir()}.")
        return 0
    if not args.yes:
        raise CommandError(
            f"This would delete {describe_counts(journal.counts())} in {paths.data_dir()}.\n"
            "Nothing was deleted. To delete it for good, run: workbook data delete --yes\n"
            "(To keep a copy first: workbook data export --out my-journal.json)"
        )
    deleted = delete_everything(journal)
    print(f"Deleted {deleted.what}.")
    for path in deleted.files:
        print(f"Removed {path}")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    # Imported here: the charts need pandas and matplotlib, which other commands do not.
    from .report import write_summary

    if args.out.is_dir():
        raise CommandError(f"{args.out} is a folder. Give a file name, such as my-summary.html.")
    try:
        path = write_summary(args.out, Journal(), overwrite=args.force)
    except FileExistsError:
        raise CommandError(
            f"{args.out} already exists. Choose another name, or add --force to replace it."
        ) from None
    except OSError as exc:
        raise CommandError(f"Could not write {args.out}: {exc.strerror}.") from None
    print(f"Wrote your summary to {path}. Only you can read this file.")
    print("Open it in a web browser to read it or print it.")
    return 0


# --- parser ----------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="workbook",
        description="Open Door: a private workbook for when someone you care about "
        "refuses help, or when you are unsure about help yourself.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    lab = commands.add_parser(
        "lab", help="open the workbook in JupyterLab at the first chapter",
        description="Open the workbook in JupyterLab at the first chapter. "
        "JupyterLab runs on this computer only (127.0.0.1).",
    )
    lab.add_argument("--no-browser", action="store_true",
                     help="start JupyterLab without opening a browser window")
    lab.add_argument("jupyter_args", nargs=argparse.REMAINDER,
                     help="further options passed to JupyterLab, e.g. --port=8890")
    lab.set_defaults(func=cmd_lab)

    data = commands.add_parser(
        "data", help="see, export, import or delete your personal entries",
        description="Your check-ins, reflections and choices live in one private folder "
        f"on this computer. Set {paths.DATA_DIR_ENV} to use another folder.",
    )
    data_commands = data.add_subparsers(dest="data_command", metavar="ACTION", required=True)

    where = data_commands.add_parser(
        "where", help="print the folder that holds your entries",
        description="Print the folder that holds your entries.",
    )
    where.set_defaults(func=cmd_data_where)

    export = data_commands.add_parser(
        "export", help="write all your entries as CSV or JSON",
        description="Write all your check-ins and reflections as CSV or JSON, "
        "to the screen or to a file that only you can read.",
    )
    export.add_argument("--format", choices=FORMATS,
                        help="csv or json (default: json, or csv if --out ends in .csv)")
    export.add_argument("--out", type=Path, metavar="FILE",
                        help="write to FILE instead of the screen")
    export.add_argument("--force", action="store_true",
                        help="replace FILE if it already exists")
    export.set_defaults(func=cmd_data_export)

    imp = data_commands.add_parser(
        "import", help="add entries from a file that 'export' wrote",
        description="Add the entries from a CSV or JSON file that 'workbook data export' "
        "wrote. The whole file is checked first: if anything is wrong, nothing is added. "
        "Entries already in your journal are left as they are.",
    )
    imp.add_argument("file", type=Path, metavar="FILE", help="the CSV or JSON file to import")
    imp.set_defaults(func=cmd_data_import)

    delete = data_commands.add_parser(
        "delete", help="delete all your entries and choices for good",
        description="Delete your journal: every check-in, reflection and saved choice. "
        "This cannot be undone.",
    )
    delete.add_argument("--yes", action="store_true",
                        help="confirm that you want everything deleted")
    delete.set_defaults(func=cmd_data_delete)

    report = commands.add_parser(
        "report", help="make a one-page summary of your journal to read or print",
        description="Make your personal summary: where things stand, charts over time, "
        "your latest reflections and plans, with the crisis lines. It is one HTML file "
        "that works offline and that only you can read. Open it in a web browser to "
        "read or print it.",
    )
    report.add_argument("--out", type=Path, metavar="FILE", required=True,
                        help="the HTML file to write, for example my-summary.html")
    report.add_argument("--force", action="store_true",
                        help="replace FILE if it already exists")
    report.set_defaults(func=cmd_report)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except (CommandError, JournalError) as exc:
        print(f"workbook: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # Output piped into a command that stopped reading (e.g. `| head`).
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
