"""The app's own pages around the chapters: its contents page, and the links to the
previous chapter, the contents and the next chapter on every chapter page.

Voilà draws both through our template (``share/voila/templates/open-door``):

- The contents page is Voilà's folder page (``/voila/tree``, where ``workbook app``
  opens), which our template's ``tree.html`` and ``tree-lab.html`` replace with
  :meth:`AppPages.contents_page` when the folder holds the chapters. It loads nothing
  at all: no script, no kernel, no outside file.
- A chapter page calls the Jinja filters ``open_door_head`` and ``open_door_nav``
  (:data:`CHAPTER_FILTERS`), so the links are in the page before its kernel starts and
  the notebooks need no cell for them.

Both reach the templates through this module's Jupyter server extension, which
``workbook app`` loads, and which the installed Jupyter settings load in any Jupyter
server of this environment (so Lab's "Render with Voilà" gets the same pages).
Without it the template falls back to Voilà's plain pages, still with the page policy.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

if TYPE_CHECKING:
    from jupyter_server.serverapp import ServerApp

# What the templates call the pages object (see tree.html) and the filters (index.html.j2).
TEMPLATE_VARIABLE = "open_door"
CHAPTER_FILTERS = {
    "open_door_head": f"{__name__}.chapter_head",
    "open_door_nav": f"{__name__}.chapter_nav",
}
CONTENTS_TEMPLATE = "app_contents.html.j2"
NAV_TEMPLATE = "app_nav.html.j2"
HEAD_TEMPLATE = "app_head.html.j2"
STYLESHEET = "app.css.j2"


def _stylesheet() -> Markup:
    from . import pages

    return pages.html(pages.stylesheet_file(STYLESHEET))


def _quote(path: str) -> str:
    """``path`` made safe for an address, its slashes kept (as Voilà's own pages do)."""
    from jupyter_server.utils import url_escape

    return str(url_escape(path))


def _chapter_url(base_url: str, folder: str, file: str) -> str:
    path = "/".join(p for p in (folder.strip("/"), file) if p)
    return f"{base_url}voila/render/{_quote(path)}"


def contents_url(base_url: str) -> str:
    """Where the app's contents page is: Voilà's folder page of the server's root."""
    return f"{base_url}voila/tree"


def language() -> str:
    from .. import content

    return content.interface().language


class AppPages:
    """The contents page, for the chapters in ``root`` (the server's root folder)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def holds_chapters(self, folder: str = "") -> bool:
        """Whether ``folder`` (relative to the root, as Voilà's folder page names it)
        is the chapters' folder: the contents page is shown for it, and only for it."""
        from .. import paths

        return (self.root / folder.strip("/") / paths.FIRST_NOTEBOOK.name).is_file()

    def contents_page(self, base_url: str = "/", folder: str = "") -> Markup:
        """The whole contents page: the workbook's title, the crisis box and the
        chapters with a line on each, linked inside the app."""
        from .. import content
        from ..html.notices import not_a_substitute_html, safety_box_html
        from . import pages

        words = content.interface()
        chapters = [{"chapter": c, "url": None if c.planned else
                     _chapter_url(base_url, folder, c.file)} for c in content.chapters()]
        return Markup(pages.render(
            CONTENTS_TEMPLATE, title=words.site.title, csp=pages.OFFLINE_CSP,
            stylesheet=_stylesheet(), intro=words.site.intro,
            safety_box=pages.html(safety_box_html()), chapters=chapters,
            heading=words.contents.heading, planned=words.contents.planned,
            not_a_substitute=pages.html(not_a_substitute_html())))


def _chapter_of(resources: Mapping[str, Any]) -> Any:
    """The chapter a Voilà page shows, or None for any other notebook."""
    from .. import content

    name = str((resources.get("metadata") or {}).get("name", ""))
    return next((c for c in content.chapters() if c.file == f"{name}.ipynb"), None)


def chapter_head(resources: Mapping[str, Any]) -> Markup:
    """Jinja filter: the style of the chapter links, for a chapter page's head."""
    from . import pages

    if _chapter_of(resources) is None:
        return Markup()
    return Markup(pages.render(HEAD_TEMPLATE, stylesheet=_stylesheet()))


def chapter_nav(resources: Mapping[str, Any], where: str = "top") -> Markup:
    """Jinja filter: links to the previous chapter, the contents and the next chapter
    (``where`` is "top" or "end"; screen readers tell the two apart by name)."""
    from .. import content
    from . import pages

    chapter = _chapter_of(resources)
    if chapter is None:
        return Markup()
    chapters = [c for c in content.chapters() if not c.planned]
    at = [c.id for c in chapters].index(chapter.id) if chapter in chapters else -1
    words = content.interface().navigation
    # Chapters sit side by side in one folder: a chapter's name is its address there.
    before = chapters[at - 1] if at > 0 else None
    after = chapters[at + 1] if 0 <= at < len(chapters) - 1 else None
    return Markup(pages.render(
        NAV_TEMPLATE, label=words.end_label if where == "end" else words.top_label,
        where=where, contents_url=contents_url(str(resources.get("base_url") or "/")),
        contents=words.contents,
        previous=words.previous.format(chapter=before.title) if before else None,
        previous_url=_quote(before.file) if before else None,
        next=words.next.format(chapter=after.title) if after else None,
        next_url=_quote(after.file) if after else None))


# --- the Jupyter server extension ----------------------------------------------------


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    return [{"module": __name__}]


def _load_jupyter_server_extension(serverapp: ServerApp) -> None:
    """Give Voilà's pages what our template needs.

    The folder page gets :class:`AppPages` as a template variable (Jupyter passes
    ``jinja_template_vars`` to every page it renders). Chapter pages are drawn by
    Voilà's exporter, made afresh from the server's config for each page: the filters
    and the page language go there, unless the user's own config already set them.
    """
    serverapp.web_app.settings.setdefault("jinja_template_vars", {})[TEMPLATE_VARIABLE] = (
        AppPages(Path(serverapp.root_dir).expanduser()))
    config = serverapp.config
    exporter = config.VoilaExporter
    given = exporter.get("filters")
    if isinstance(given, dict):
        for name, function in CHAPTER_FILTERS.items():
            given.setdefault(name, function)
    else:  # not set: a lazy value, merged into the exporter's own filters when it is made
        exporter.filters.update(CHAPTER_FILTERS)
    if "language_code" not in exporter and "language_code" not in config.HTMLExporter:
        exporter.language_code = language()
