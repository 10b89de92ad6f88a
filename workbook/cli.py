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

from . import content, paths
from .content import plural
from .files import write_private_file
from .journal.datatools import delete_everything, describe_counts, has_anything
from .journal.store import Journal, JournalError
from .journal.transfer import FORMATS, ImportProblem, export_text, import_file
from .journal.workshop import (
    MIN_GROUP,
    ShareError,
    aggregate,
    files_in_folder,
    read_shares,
    share_text,
)
from .publish.launch import (
    APP_PORT,
    LAB_PORT,
    app_command,
    app_environment,
    lab_command,
    port_taken,
    server_environment,
)
from .publish.working_copy import refresh as refresh_working_copy


class CommandError(Exception):
    """A problem to report to the user in one clear line, exit status 1."""


def _say() -> content.MessagesFile:
    """What the command says to its user, from ``messages.yaml``."""
    return content.messages()


def _write_output(out: Path, write: Callable[[], object]) -> None:
    """Run ``write`` (which writes ``out`` all at once), turning file problems into clear
    messages. A failed write leaves ``out`` as it was: an earlier file, or no file."""
    words = _say().files
    if out.is_dir():
        raise CommandError(words.is_folder.format(out=out, example=out / "file"))
    existed = os.path.lexists(out)
    try:
        write()
    except FileExistsError:
        raise CommandError(words.exists.format(out=out)) from None
    except OSError as exc:
        left = words.unchanged if existed else words.not_written
        raise CommandError(words.could_not_write.format(out=out, problem=exc.strerror,
                                                        left=left)) from None


# --- commands -------------------------------------------------------------------


def _serve(args: argparse.Namespace, how: str, command: list[str],
           env: dict[str, str]) -> int:
    """Run a local server until it stops or the user presses Ctrl+C."""
    words = _say().servers
    if args.port is not None and port_taken(args.port):
        raise CommandError(words.port_taken.format(port=args.port, next=args.port + 1))
    print(words.opening.format(how=how, data_dir=paths.data_dir()))
    print(words.token)
    try:
        return subprocess.call(command, env=env)
    except KeyboardInterrupt:
        return 0


def _server_extra(args: argparse.Namespace) -> list[str]:
    return [*(["--no-browser"] if args.no_browser else []), *args.server_args]


def _chapters_folder() -> Path:
    """The folder JupyterLab or the app opens: the repository's chapters in a clone; in
    an installed package, the reader's working copy, brought up to date first."""
    words = _say().servers
    if not paths.FIRST_NOTEBOOK.exists():
        raise CommandError(words.no_notebooks.format(folder=paths.NOTEBOOKS_DIR))
    if not paths.chapters_installed():
        return paths.chapters_dir()
    try:
        done = refresh_working_copy()
    except OSError as exc:
        raise CommandError(words.could_not_copy.format(
            folder=paths.chapters_dir(), problem=exc.strerror)) from None
    print(words.chapters_in.format(folder=done.folder))
    for chapter, edited in done.kept:
        print(words.kept_edits.format(chapter=chapter, copy=edited))
    return done.folder


def cmd_lab(args: argparse.Namespace) -> int:
    folder = _chapters_folder()
    return _serve(args, _say().servers.lab,
                  lab_command(notebooks_dir=folder, port=args.port, extra=_server_extra(args)),
                  server_environment(os.environ))


def cmd_app(args: argparse.Namespace) -> int:
    folder = _chapters_folder()
    return _serve(args, _say().servers.app,
                  app_command(notebooks_dir=folder, port=args.port, extra=_server_extra(args)),
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
    _write_output(out, lambda: write_private_file(out, text, overwrite=args.force))
    print(_say().data.exported.format(out=out, format=fmt.upper()), file=sys.stderr)
    return 0


def cmd_data_import(args: argparse.Namespace) -> int:
    words = _say().data
    try:
        summary = import_file(Journal(), args.file)
    except ImportProblem as exc:
        raise CommandError(words.not_imported.format(file=args.file, problem=exc)) from None
    print(words.imported.format(
        checkins=plural(summary.checkins_added, words.checkin.one, words.checkin.other),
        reflections=plural(summary.reflections_added, words.reflection.one,
                           words.reflection.other),
        file=args.file))
    skipped = summary.already_present
    if skipped == 1:
        print(words.already_one)
    elif skipped:
        print(words.already_many.format(count=skipped))
    return 0


def cmd_data_delete(args: argparse.Namespace) -> int:
    journal = Journal()
    words = _say().data
    if not has_anything(journal):
        print(words.nothing_to_delete.format(data_dir=paths.data_dir()))
        return 0
    if not args.yes:
        raise CommandError(words.would_delete.format(what=describe_counts(journal.counts()),
                                                     data_dir=paths.data_dir()))
    deleted = delete_everything(journal)
    print(words.deleted.format(what=deleted.what))
    for path in deleted.files:
        print(words.removed.format(path=path))
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    # Imported here: the charts need pandas and matplotlib, which other commands do not.
    from .publish.report import write_summary

    out = args.out
    _write_output(out, lambda: write_summary(out, Journal(), overwrite=args.force))
    print(_say().pages.summary_written.format(out=out))
    print(_say().pages.open_summary)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    # Imported here: the export needs nbconvert and nbclient, which other commands do not.
    from .publish.site import ExportError, export_site

    words = _say().pages
    try:
        if args.format == "slides":
            from .publish.slides import export_slides

            pages = export_slides(args.out)
            print(words.slides_written.format(count=len(pages), out=args.out,
                                              index=args.out / "index.html"))
            return 0
        if args.format == "handouts":
            from .publish.handouts import INDEX, PACK, export_handouts

            pages = export_handouts(args.out)
            print(words.handouts_written.format(count=len(pages), out=args.out,
                                                index=args.out / INDEX, pack=args.out / PACK))
            return 0
        if args.data == "mine":
            print(words.mine_warning, file=sys.stderr)
        report = export_site(args.out, args.data, jobs=args.jobs)
    except ExportError as exc:
        raise CommandError(str(exc)) from None
    except OSError as exc:
        raise CommandError(words.could_not_export.format(out=exc.filename or args.out,
                                                         problem=exc.strerror)) from None
    for warning in report.warnings:
        print(words.note.format(warning=warning), file=sys.stderr)
    # The progress lines already ended with the report's summary.
    if not report.ok:
        return 1
    print(words.open_site.format(index=args.out / "index.html"))
    return 0


def cmd_data_share(args: argparse.Namespace) -> int:
    try:
        text = share_text(Journal())
    except ShareError as exc:
        raise CommandError(str(exc)) from None
    out = args.out
    _write_output(out, lambda: write_private_file(out, text, overwrite=args.force))
    print(_say().data.shared.format(out=out))
    return 0


def cmd_workshop_aggregate(args: argparse.Namespace) -> int:
    from .publish.group_page import write_group_report

    words = _say().group
    files = list(args.files)
    if args.from_folder is not None:
        try:
            files += files_in_folder(args.from_folder)
        except OSError as exc:
            raise CommandError(_say().hand_in.folder_unreadable.format(
                folder=args.from_folder, problem=exc.strerror)) from None
    if not files:
        raise CommandError(_say().hand_in.no_files)
    shares, rejected = read_shares(files)
    for reason in rejected:
        print(words.left_out.format(reason=reason), file=sys.stderr)
    summary = aggregate(shares, rejected)
    out = args.out
    _write_output(out,
                  lambda: write_group_report(out, summary, overwrite=args.force))
    if summary.shown:
        print(words.written.format(count=summary.participants, out=out))
    else:
        print(words.too_few.format(out=out, count=summary.participants, least=MIN_GROUP))
    return 0


# --- parser ----------------------------------------------------------------------


def _port_number(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        port = 0
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(_say().servers.not_a_port.format(text=repr(text)))
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
        "default they show the fictional sample journey. With --format slides or handouts, "
        "write slides or paper forms to print for a group instead.",
    )
    export_site_parser.add_argument("--out", type=Path, metavar="DIR", required=True,
                                    help="the folder to write (new, empty, or an earlier "
                                    "export, which is replaced)")
    export_site_parser.add_argument(
        "--data", choices=("sample", "blank", "mine"), default="sample",
        help="sample: the fictional journey (default); blank: an empty journal; mine: your "
        "own journal (private, you will be warned)")
    export_site_parser.add_argument(
        "--format", choices=("site", "slides", "handouts"), default="site",
        help="site: every chapter as web pages (default); slides: the key points of each "
        "chapter as slides for a group (reveal.js); handouts: paper forms to print and copy "
        "for a group without laptops (the check-in for both perspectives, the worksheets, "
        "the question sheet, the crisis card)")
    export_site_parser.add_argument("--jobs", type=int, metavar="N",
                                    help="chapters run at once (default: one per CPU core; "
                                    "site only)")
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
    combine.add_argument("files", type=Path, nargs="*", metavar="FILE",
                         help="share files, one per participant")
    combine.add_argument("--from-folder", type=Path, metavar="DIR",
                         help="also read every file in DIR, a hand-in box "
                         f"({paths.HANDIN_DIR_ENV} on a hub); the latest file of each "
                         "participant counts")
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
