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

from .. import paths
from ..html.style import PALETTE, TEXT, BoxKind, box, escape

# No scripts, no outside files: images only as data: URIs, styles only inline.
OFFLINE_CSP = Markup(
    "default-src 'none'; img-src data:; style-src 'unsafe-inline'; form-action 'none'")
STYLESHEET = "page.css.j2"


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
    return env


def render(template: str, **values: Any) -> str:
    return environment().get_template(template).render(**values)


@cache
def stylesheet(*, whole_page: bool) -> Markup:
    """The pages' one stylesheet, with the palette's colours filled in; ``whole_page`` adds
    the page-level and print rules (left out of a block shown inside a notebook)."""
    return Markup(render(STYLESHEET, palette=PALETTE, text=TEXT, whole_page=whole_page))


def html(markup: str) -> Markup:
    """HTML made by our own functions (already escaped where it holds text)."""
    return Markup(markup)


def _box(body: Markup, kind: BoxKind, role: str | None = None) -> Markup:
    return Markup(box(str(body), kind, role=role))
