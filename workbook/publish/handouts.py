"""The paper pack for groups (``workbook export --format handouts``): print-ready pages a
facilitator copies for a group without laptops.

One page per paper form (:mod:`workbook.publish.paper`): the check-in in both
perspectives, the reflections, the planner, the worksheets, the question sheet and the
crisis card; a contents page; and the whole pack in one file to print in one go. Each page
is one self-contained file (its stylesheet inline, nothing loaded from anywhere, no
script), so the folder can be copied to a USB stick or printed from any browser.
"""

from __future__ import annotations

import json
from pathlib import Path

from .. import content, files
from . import pages, paper

INDEX = "index.html"
PACK = "pack.html"


def _page(title: str, **values: object) -> str:
    return pages.render("handout_page.html.j2", title=title, csp=pages.OFFLINE_CSP,
                        stylesheet=paper.stylesheet(), w=content.paper(),
                        contents=values.pop("contents", None),
                        forms=values.pop("forms", ()), pack_intro=values.pop("pack_intro", False),
                        pack_file=PACK, **values)


def page_file(form: paper.PaperForm) -> str:
    return f"{form.id}.html"


def handout_pages() -> dict[str, str]:
    """Every page of the pack by file name: contents first, then one page per form, then
    the whole pack."""
    forms = paper.all_forms()
    words = content.paper()
    written = {INDEX: _page(words.pack_title,
                            contents=[(page_file(f), f.title, f.subtitle) for f in forms])}
    for form in forms:
        written[page_file(form)] = _page(form.title, forms=[paper.form_html(form, level=1)])
    written[PACK] = _page(words.pack_title, pack_intro=True,
                          forms=[paper.form_html(form) for form in forms])
    return written


def export_handouts(out: Path) -> list[Path]:
    """Write the pack into ``out`` (new, empty, or an earlier export, which is replaced,
    as for the site); return the pages, contents first.

    Built in a folder beside ``out`` that takes its place only once complete; pages are
    readable by everyone and writable by no one else, whatever the umask.
    """
    from .site import MARKER, check_out_folder

    out = Path(out).expanduser().resolve()
    check_out_folder(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    written = handout_pages()
    with files.staging_folder(files.staging_path(out)) as staging:
        for name, html in written.items():
            files.write_file(staging / name, html)
        files.write_file(staging / MARKER, json.dumps({"generator": "workbook.handouts"}) + "\n")
        files.set_tree_modes(staging, private=False)
        check_out_folder(out)
        files.publish_folder(staging, out)
    return [out / name for name in written]
