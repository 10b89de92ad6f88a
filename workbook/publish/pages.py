"""The Jinja2 templates every page the workbook writes itself is rendered from.

One :class:`jinja2.Environment` over ``publish/templates/`` (``paths.TEMPLATES_DIR``),
made once, with autoescape on: any text passed in is escaped, and HTML made by our
own functions (the notices, the safety box) is passed in as :class:`Markup`.
Escaping uses :func:`workbook.html.style.escape`, as the notebook views do, so a page
escapes text exactly as before.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import jinja2
from markupsafe import Markup

from .. import content, paths
from ..html.style import FONT_STACK, PALETTE, SHADES, TEXT, BoxKind, box, escape

# No scripts, no outside files: images only as data: URIs, styles only inline.
OFFLINE_CSP = Markup(
    "default-src 'none'; img-src data:; style-src 'unsafe-inline'; form-action 'none'")
STYLESHEET = "page.css.j2"
# The stylesheets written as files beside the pages: the site's and the slides'.
SITE_CSS = "site.css.j2"
PRINT_CSS = "print.css.j2"
SLIDES_CSS = "slides.css.j2"


def _escape_text(value: object) -> object:
    """Text becomes escaped Markup; Markup (our own HTML) passes as it is."""
    if hasattr(value, "__html__"):
        return value
    return Markup(escape(value))


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(paths.TEMPLATES_DIR),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        finalize=_escape_text,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals["box"] = _box
    # <html lang> on every page: the language the content is written in.
    env.globals["lang"] = content.interface().language
    return env


def render(template: str, **values: Any) -> str:
    return environment().get_template(template).render(**values)


def _style_values() -> dict[str, Any]:
    """Every stylesheet's colours and font, from :mod:`workbook.html.style` (the one
    place they are written). Markup: our own values, written into CSS as they are."""
    return {"palette": {name: Markup(value) for name, value in PALETTE.items()},
            "shades": {name: Markup(value) for name, value in SHADES.items()},
            "text": Markup(TEXT), "font": Markup(FONT_STACK)}


@cache
def stylesheet(*, whole_page: bool) -> Markup:
    """The summary and group pages' stylesheet (inlined); ``whole_page`` adds the
    page-level and print rules (left out of a block shown inside a notebook)."""
    return Markup(render(STYLESHEET, whole_page=whole_page, **_style_values()))


def stylesheet_file(template: str) -> str:
    """A stylesheet written as a file (``SITE_CSS``, ``PRINT_CSS``, ``SLIDES_CSS``)."""
    return render(template, **_style_values())


def html(markup: str) -> Markup:
    """HTML made by our own functions (already escaped where it holds text)."""
    return Markup(markup)


def _box(body: Markup, kind: BoxKind, role: str | None = None) -> Markup:
    return Markup(box(str(body), kind, role=role))
