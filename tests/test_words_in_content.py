"""No learner-facing sentence lives in Python: it belongs in ``data/content/*.yaml``,
where editors and the reading-level test see it.

The rule, for every string constant (and every literal part of an f-string) in the
modules that show things to a learner (``LEARNER_MODULES``):

1. Skipped: docstrings, ``__all__``, the arguments of logging calls, in ``cli.py`` the
   argparse help (``ArgumentParser``, ``add_argument``, ``add_parser``...), which is
   the developer-facing manual of the command, and SQL: every part of an ``execute``
   call's arguments, and a string (or f-string, or ``+`` of pieces) that starts with
   SELECT, INSERT, CREATE, UPDATE, DELETE, PRAGMA, WITH, ALTER, BEGIN, WHERE or AND.
2. Markup is removed first: HTML attributes (``style="..."``, also one left open
   for an f-string value), HTML tags (also one opened or closed in a neighbouring
   piece), CSS declarations (``margin: 0 0 0.6em;``), and matplotlib places
   (``"outside lower left"``).
3. What is left is a phrase, and fails the test, if it has two alphabetic words of
   two or more letters next to each other, separated by spaces ("Try instead",
   "went from"). A word glued to a digit, ``#`` or ``-`` (``3px solid``) is not a word.

4. A single capitalised word ("Reflection", "Events:") or a shouted label ("FAILED: ")
   also fails: it reads as a label a learner sees. One lower-case word alone ("done")
   is not caught (keys and ids look the same); keep those in content too.
``ALLOWED`` lists the few phrases that may stay, each with its reason.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from workbook import paths

PACKAGE = paths.PACKAGE_DIR
LEARNER_ROOMS = ("charts", "views", "html", "journal", "publish")
LEARNER_FILES = ("cli.py", "paths.py", "errors.py", "files.py", "regular_files.py", "surface.py")

# Files inside workbook/ not read at all, each with its reason.
KEPT_FILES: dict[str, str] = {
    # The form labels as they were saved before answers had ids, frozen so migration 2
    # reads old journals the same way whatever the content files say later.
    "journal/legacy_forms.py": "frozen wording that old journals hold",
}

# (file inside workbook/, the exact constant): why it may stay in code.
ALLOWED: dict[tuple[str, str], str] = {
    # SQLite's own error words, matched to tell "the disk refused" from a damaged file.
    ("journal/store.py", "disk is full"): "SQLite's message, matched",
    ("journal/store.py", "unable to open"): "SQLite's message, matched",
    # The json module's error words, matched to tell a value cut off by the end of a
    # piece read so far from a real syntax error.
    ("journal/transfer.py", "Unterminated string"): "the json module's message, matched",
    # Conditions handed to the WHERE clause timeline._where() builds.
    ("journal/timeline.py", "event IS NOT NULL"): "SQL",
    ("journal/timeline.py", "stress IS NOT NULL"): "SQL",
    # Fills in the --no-browser help of `workbook app` ("start the app without ...").
    ("cli.py", "the app"): "argparse help",
    # parser.error() for options argparse does not know, in argparse's own words.
    ("cli.py", "unrecognized arguments: "): "argparse's message",
    # Code and settings the site export hands to the kernels it starts.
    ("publish/site.py", 'import ipywidgets as _w\n_w.Widget.close_all()\n'
                        'import matplotlib.pyplot as _p\n_p.close("all")\n'
                        'get_ipython().run_line_magic("reset", "-f")\n'): "kernel code",
    ("publish/site.py", "--IPKernelApp.exec_lines=import workbook"): "kernel option",
    ("publish/site.py", "Python 3 (workbook export)"): "kernel name, never shown",
    # A folder name on macOS, shown as it is.
    ("publish/site.py", "~/Library/Application Support/open-door"): "a path",
    # The generated-cells check that `make check` runs, for whoever edits the notebooks.
    ("publish/chapter_cells.py", ": generated cells are out of date; run `"): "developer tool",
    # The pages' one CSS font list (font names, not words).
    ("html/style.py", 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", '
                      '"DejaVu Sans", Arial, sans-serif'): "CSS font list",
}

_LOGGING = {"debug", "info", "warning", "error", "exception", "critical", "log"}
_LOGGERS = {"log", "logger", "logging", "_log", "_logger", "LOG"}
# argparse: the command's own help, for people who run and develop it.
_ARGPARSE = {"ArgumentParser", "add_argument", "add_parser", "add_subparsers",
             "add_argument_group", "add_mutually_exclusive_group"}

_ATTRIBUTE = re.compile(r"""[\w:-]+=(?:"[^"]*(?:"|$)|'[^']*(?:'|$))""")
_TAG = re.compile(r"<[^<>]*>|<[^<>]*$|^[^<>]*>")
_CSS = re.compile(r"[\w-]+\s*:\s*[^;:]*;")
_ONLY_CSS = re.compile(r"^\s*(?:[\w-]+\s*:\s*[^;:]+;?\s*)+$")
_PLACE = re.compile(r"^(?:outside\s+)?(?:upper|lower|center)?\s*(?:left|right|center)?$")
_SQL = re.compile(r"\s*\(?\s*(?:SELECT|INSERT|CREATE|UPDATE|DELETE|PRAGMA|WITH|ALTER|BEGIN"
                  r"|WHERE|AND)\b")
_EXECUTE = {"execute", "executemany", "executescript", "_execute_script"}
_PHRASE = re.compile(r"(?<![\w#.-])[A-Za-z]{2,} +[A-Za-z]{2,}(?![\w-])")
_LABEL = re.compile(r"^\s*(?:[A-Z][a-z]{2,}[.:!?]?|[A-Z]{3,}:)\s*$")


def is_phrase(text: str) -> bool:
    """Whether a constant reads as English words rather than markup (rules 2 and 3)."""
    if _LABEL.match(text):
        return True
    if _PLACE.match(text.strip()) or _ONLY_CSS.match(text):
        return False
    plain = _ATTRIBUTE.sub(" ", text)
    plain = _TAG.sub(" ", plain)
    plain = _CSS.sub(" ", plain)
    return bool(_PHRASE.search(plain))


def _is_sql(node: ast.AST) -> bool:
    """A string, f-string or ``+`` of pieces whose first piece starts with an SQL word."""
    while isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        node = node.left
    if isinstance(node, ast.JoinedStr) and node.values:
        node = node.values[0]
    return (isinstance(node, ast.Constant) and isinstance(node.value, str)
            and bool(_SQL.match(node.value)))


def _skipped_nodes(tree: ast.AST, argparse_help: bool) -> set[int]:
    """The ids of constants rule 1 skips."""
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                skipped.add(id(first.value))
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            owner = func.value if isinstance(func, ast.Attribute) else None
            logging_call = (name in _LOGGING and isinstance(owner, ast.Name)
                            and owner.id in _LOGGERS)
            if logging_call or name in _EXECUTE or (argparse_help and name in _ARGPARSE):
                for inner in ast.walk(node):
                    skipped.add(id(inner))
        # __all__ names the module's exports (identifiers, not words).
        if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets):
            for inner in ast.walk(node.value):
                skipped.add(id(inner))
        if _is_sql(node):
            for inner in ast.walk(node):
                skipped.add(id(inner))
    return skipped


def phrases_in(source: str, argparse_help: bool = False) -> Iterator[tuple[int, str]]:
    """(line, text) for each string constant in ``source`` that breaks the rule."""
    tree = ast.parse(source)
    skipped = _skipped_nodes(tree, argparse_help)
    for node in ast.walk(tree):
        if (isinstance(node, ast.Constant) and isinstance(node.value, str)
                and id(node) not in skipped and is_phrase(node.value)):
            yield node.lineno, node.value


def learner_modules() -> list[Path]:
    files = [path for room in LEARNER_ROOMS for path in sorted((PACKAGE / room).glob("*.py"))]
    return [path for path in files + [PACKAGE / name for name in LEARNER_FILES]
            if str(path.relative_to(PACKAGE)) not in KEPT_FILES]


@pytest.mark.parametrize("path", learner_modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_learner_sentence_is_written_in_python(path: Path) -> None:
    where = str(path.relative_to(PACKAGE))
    found = [f"{where}:{line}: {text!r}"
             for line, text in phrases_in(path.read_text(encoding="utf-8"),
                                          argparse_help=path.name == "cli.py")
             if (where, text) not in ALLOWED]
    assert not found, ("English words in code; move them to data/content/*.yaml:\n"
                       + "\n".join(found))


def test_sql_is_skipped_and_words_around_it_are_not() -> None:
    source = ('db.execute("SELECT uid FROM checkins WHERE at > ?", (when,))\n'
              'rows = db.execute(f"SELECT count(*) FROM {table}" + where).fetchall()\n'
              'query = "INSERT INTO seen VALUES (?)"\n'
              'clause = f" WHERE uid IN ({marks})"\n'
              'said = "this field is missing."\n')
    assert [text for _, text in phrases_in(source)] == ["this field is missing."]


def test_every_allowed_phrase_is_still_there() -> None:
    # An allow-list entry whose string is gone would hide the next one silently.
    for where, text in ALLOWED:
        lines = [t for _, t in phrases_in((PACKAGE / where).read_text(encoding="utf-8"),
                                          argparse_help=where == "cli.py")]
        assert text in lines, f"{where}: {text!r} is allowed but no longer there"


# --- the rule itself ------------------------------------------------------------------------

PLANTED = '''
"""A docstring may say anything at all."""
import logging
log = logging.getLogger(__name__)

def chart(ax, n):
    """So may a function's."""
    log.warning("this is a log line for developers")
    ax.legend(loc="outside lower left")
    ax.set_title("Your stress over time")
    box = f'<div style="margin: 0 0 0.6em; border-left: 3px solid #999">{n}</div>'
    css = "font-size: 0.9em; color: #444"
    words = f"{n} went from low to high"
    label = f"<br>Try instead:<ul style=\\"margin: 0.2em 0\\">"
    return box, css, words, label
'''


def test_the_scanner_catches_planted_sentences_and_passes_markup() -> None:
    found = {text for _, text in phrases_in(PLANTED)}
    assert found == {"Your stress over time", " went from low to high",
                     '<br>Try instead:<ul style="margin: 0.2em 0">'}


@pytest.mark.parametrize("text", [
    "Nothing to show yet.", "I am here because:", "is not text.", " out of 10 ",
    "Reflection", "Events:", "FAILED: ",
    "<strong>Saved</strong> your reflection", "Choose another port, for example --port=",
])
def test_english_is_a_phrase(text: str) -> None:
    assert is_phrase(text)


@pytest.mark.parametrize("text", [
    "upper right", "outside lower center", "lower right", "center",
    "font-size: 0.9em; color: #444", "border-left: 1px solid black",
    '" style="max-width: 100%; height: auto;"><figcaption style="font-size: 1rem;">',
    '<td style="', '</th><th scope="col" style="', ' class="workbook-box workbook-',
    "done", "check-in", "%H:%M", "; ", "UTC", "Int64", "SVG",
])
def test_markup_and_lower_case_words_are_not_phrases(text: str) -> None:
    assert not is_phrase(text)


def test_argparse_help_may_stay_only_in_the_cli() -> None:
    source = 'parser.add_argument("--out", help="write to FILE instead of the screen")\n'
    assert not list(phrases_in(source, argparse_help=True))
    assert list(phrases_in(source, argparse_help=False))


# --- the base modules raise by message id -----------------------------------------------

BASE_RAISERS = {"paths.py": ("about", "data_folder"), "regular_files.py": ("UnreadableFile",
                                                                          "unreadable_file")}


def _raised_ids(path: Path, call: str) -> list[tuple[str, set[str]]]:
    """(message id, keyword names) for each ``call("id", name=...)`` in ``path``."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and node.args:
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            first = node.args[0]
            if name == call and isinstance(first, ast.Constant) and isinstance(first.value, str):
                found.append((first.value, {k.arg for k in node.keywords if k.arg}))
    return found


@pytest.mark.parametrize("module", sorted(BASE_RAISERS))
def test_every_message_id_the_base_raises_is_worded_in_content(module: str) -> None:
    from workbook import content, errors

    call, section = BASE_RAISERS[module]
    raised = _raised_ids(PACKAGE / module, call)
    assert raised, f"no {call}(...) found in {module}: the scan is out of date"
    words = getattr(content.messages(), section)
    for message_id, names in raised:
        assert hasattr(words, message_id), f"{section}.{message_id} is not in messages.yaml"
        # Every placeholder the words use is given (a missing one raises KeyError).
        text = errors.worded(section, message_id, {name: f"<{name}>" for name in names})
        assert "{" not in text and text.strip()


def test_a_data_folder_error_reads_in_words_from_content(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from workbook import content
    from workbook.errors import DataFolderError

    monkeypatch.setenv(paths.DATA_DIR_ENV, "relative/folder")
    with pytest.raises(DataFolderError) as caught:
        paths.data_dir()
    expected = content.messages().data_folder.not_full_path.format(
        variable=paths.DATA_DIR_ENV, given="relative/folder",
        example=caught.value.values["example"])
    assert str(caught.value) == expected
    assert "relative/folder" in str(caught.value)
