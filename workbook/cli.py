"""The ``workbook`` command: a thin layer over the library.

Every command here calls the same functions the notebooks call; nothing is
done only from the command line.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from . import paths
from .files import write_private_file
from .journal.datatools import delete_everything, describe_counts, has_anything, plural
from .journal.store import Journal, JournalError
from .journal.transfer import FORMATS, ImportProblem, export_text, import_file
from .journal.workshop import MIN_GROUP, ShareError, aggregate, read_shares, share_text
from .publish.launch import (
    APP_PORT,
    LAB_PORT,
    app_command,
    app_environment,
    lab_command,
    port_taken,
    server_environment,
)


class CommandError(Exception):
    """A problem to report to the user in one clear line, exit status 1."""


def _write_output(out: Path, force: bool, write: Callable[[], object]) -> None:
    """Run ``write`` (which writes ``out`` all at once), turning file problems into clear
    messages. A failed write leaves ``out`` as it was: an earlier file, or no file."""
    if out.is_dir():
        raise CommandError(f"{out} is a folder. Give a file name, such as {out / 'file'}.")
    existed = os.path.lexists(out)
    try:
        write()
    except FileExistsError:
        raise CommandError(
            f"{out} already exists. Choose another name, or add --force to replace it."
        ) from None
    except OSError as exc:
        left = ("The file that was there is unchanged." if existed
                else "No file was written.")
        raise CommandError(f"Could not write {out}: {exc.strerror}. {left}") from None


# --- commands -------------------------------------------------------------------


def _serve(args: argparse.Namespace, name: str, command: list[str],
           env: dict[str, str]) -> int:
    """Run a local server until it stops or the user presses Ctrl+C."""
    if args.port is not None and port_taken(args.port):
        raise CommandError(
            f"Port {args.port} is already in use on this computer. Stop the program using "
            f"it, or choose another port, for example --port={args.port + 1}."
        )
    print(f"Opening the workbook {name}. Your entries are saved in {paths.data_dir()}")
    print("Only you can open it: the address has a secret key (token) in it. "
          "Press Ctrl+C in this window to stop it.")
    try:
        return subprocess.call(command, env=env)
    except KeyboardInterrupt:
        return 0


def _server_extra(args: argparse.Namespace) -> list[str]:
    return [*(["--no-browser"] if args.no_browser else []), *args.server_args]


def cmd_lab(args: argparse.Namespace) -> int:
    if not paths.FIRST_NOTEBOOK.exists():
        raise CommandError(
            f"The notebooks were not found in {paths.NOTEBOOKS_DIR}. "
            "Run the workbook from a copy of its repository (see README.md)."
        )
    return _serve(args, "in JupyterLab", lab_command(port=args.port, extra=_server_extra(args)),
                  server_environment(os.environ))


def cmd_app(args: argparse.Namespace) -> int:
    return _serve(args, "as an app (no code shown)",
                  app_command(port=args.port, extra=_server_extra(args)),
                  app_environment(os.environ))


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
    out = args.out
    _write_output(out, args.force, lambda: write_private_file(out, text, overwrite=args.force))
    print(f"Exported your journal to {out} ({fmt.upper()}). Only you can read this file.",
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
    from .publish.report import write_summary

    out = args.out
    _write_output(out, args.force, lambda: write_summary(out, Journal(), overwrite=args.force))
    print(f"Wrote your summary to {out}. Only you can read this file.")
    print("Open it in a web browser to read it or print it.")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    # Imported here: the export needs nbconvert and nbclient, which other commands do not.
    from .publish.site import ExportError, export_site

    try:
        if args.format == "slides":
            from .publish.slides import export_slides

            pages = export_slides(args.out)
            print(f"Wrote {len(pages)} slide pages to {args.out}. Open "
                  f"{args.out / 'index.html'} in a web browser; they work offline.")
            return 0
        if args.data == "mine":
            print("Warning: --data mine puts your own check-ins and reflections into the "
                  "pages. Keep the folder private and do not hand it out.", file=sys.stderr)
        report = export_site(args.out, args.data, jobs=args.jobs)
    except ExportError as exc:
        raise CommandError(str(exc)) from None
    except OSError as exc:
        raise CommandError(f"Could not write {exc.filename or args.out}: {exc.strerror}. "
                           "An earlier export there is unchanged.") from None
    for warning in report.warnings:
        print(f"Note: {warning}", file=sys.stderr)
    # The progress lines already ended with the report's summary.
    if not report.ok:
        return 1
    print(f"Open {args.out / 'index.html'} in a web browser. It works offline.")
    return 0


def cmd_data_share(args: argparse.Namespace) -> int:
    try:
        text = share_text(Journal())
    except ShareError as exc:
        raise CommandError(str(exc)) from None
    out = args.out
    _write_output(out, args.force, lambda: write_private_file(out, text, overwrite=args.force))
    print(f"Wrote {out}: the ratings of your latest check-in, with a random code instead "
          "of your name. No notes or dates are in it. Give this file to your facilitator.")
    return 0


def cmd_workshop_aggregate(args: argparse.Namespace) -> int:
    from .publish.group_page import write_group_report

    shares, rejected = read_shares(args.files)
    for reason in rejected:
        print(f"Left out: {reason}", file=sys.stderr)
    summary = aggregate(shares, rejected)
    out = args.out
    _write_output(out, args.force,
                  lambda: write_group_report(out, summary, overwrite=args.force))
    if summary.shown:
        print(f"Wrote the group view of {summary.participants} people to {out}.")
    else:
        print(f"Wrote {out}. Only {summary.participants} people shared: the group view needs "
              f"at least {MIN_GROUP}, so it shows no breakdown.")
    return 0


# --- parser ----------------------------------------------------------------------


def _port_number(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        port = 0
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number (1 to 65535)")
    return port


def _add_server_options(parser: argparse.ArgumentParser, name: str, default_port: int) -> None:
    parser.add_argument("--port", type=_port_number, metavar="N",
                        help=f"serve on port N of this computer (default: {default_port}, "
                        "or the next free port if it is taken)")
    parser.add_argument("--no-browser", action="store_true",
                        help=f"start {name} without opening a browser window")
    # main() puts the options the parser does not know here, to pass them on.
    parser.set_defaults(server_args=[])


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
        "JupyterLab runs on this computer only (127.0.0.1), and only you can open it: "
        "the browser gets an address with a secret key (token) in it.",
        epilog="Other options are passed on to JupyterLab, for example "
        "--ServerApp.shutdown_no_activity_timeout=3600 (see jupyter lab --help-all).",
    )
    _add_server_options(lab, "JupyterLab", LAB_PORT)
    lab.set_defaults(func=cmd_lab)

    app = commands.add_parser(
        "app", help="open the chapters as a simple app, with no code shown (Voila)",
        description="Serve the chapters with Voila on this computer (127.0.0.1): widgets "
        "work and no Python code is shown. Each page starts fresh when it is opened. "
        "Only you can open it: the browser gets an address with a secret key (token) in it.",
        epilog="Other options are passed on to the Jupyter server that runs Voila, for "
        "example --VoilaConfiguration.theme=dark (see jupyter server --help-all).",
    )
    _add_server_options(app, "the app", APP_PORT)
    app.set_defaults(func=cmd_app)

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

    share = data_commands.add_parser(
        "share", help="write an anonymous file of your latest check-in for a group",
        description="Write a share file for a workshop: the ratings of your latest check-in "
        "and a random participant code. No names, notes or dates. Hand it to your "
        "facilitator only if you want to.",
    )
    share.add_argument("--out", type=Path, metavar="FILE", required=True,
                       help="the share file to write, for example my-share.json")
    share.add_argument("--force", action="store_true", help="replace FILE if it already exists")
    share.set_defaults(func=cmd_data_share)

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

    export_site_parser = commands.add_parser(
        "export", help="build the whole workbook as an offline web site to read or print",
        description="Run every chapter and write it as web pages into DIR, with a contents "
        "page, previous/next links and no code. The pages work offline and print well. By "
        "default they show the fictional sample journey.",
    )
    export_site_parser.add_argument("--out", type=Path, metavar="DIR", required=True,
                                    help="the folder to write (new, empty, or an earlier "
                                    "export, which is replaced)")
    export_site_parser.add_argument(
        "--data", choices=("sample", "blank", "mine"), default="sample",
        help="sample: the fictional journey (default); blank: an empty journal; mine: your "
        "own journal (private, you will be warned)")
    export_site_parser.add_argument(
        "--format", choices=("site", "slides"), default="site",
        help="site: every chapter as web pages (default); slides: the key points of each "
        "chapter as slides for a group (reveal.js)")
    export_site_parser.add_argument("--jobs", type=int, metavar="N",
                                    help="chapters run at once (default: one per CPU core)")
    export_site_parser.set_defaults(func=cmd_export)

    workshop = commands.add_parser(
        "workshop", help="tools for facilitators running a group",
        description="Tools for facilitators: combine the share files participants hand in "
        "into one anonymous group view.",
    )
    workshop_commands = workshop.add_subparsers(dest="workshop_command", metavar="ACTION",
                                                required=True)
    combine = workshop_commands.add_parser(
        "aggregate", help="make the anonymous group view from share files",
        description="Read share files (from 'workbook data share') and write one page with "
        f"the group's ratings per question and the most common barriers. With fewer than "
        f"{MIN_GROUP} people it shows no breakdown. Files that are not share files are "
        "left out with a message; the rest still count.",
    )
    combine.add_argument("files", type=Path, nargs="+", metavar="FILE",
                         help="share files, one per participant")
    combine.add_argument("--out", type=Path, metavar="FILE", required=True,
                         help="the HTML page to write, for example group.html")
    combine.add_argument("--force", action="store_true",
                         help="replace the page if it already exists")
    combine.set_defaults(func=cmd_workshop_aggregate)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    # Commands that start a server pass the options they do not know on to it.
    args, unknown = parser.parse_known_args(argv)
    if unknown:
        if not hasattr(args, "server_args"):
            parser.error(f"unrecognized arguments: {' '.join(unknown)}")
        args.server_args = unknown
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
