"""Colours and boxes shared by widgets, notices and charts.

The palette is Okabe and Ito's, which stays distinct for the common kinds of
colour blindness. Text colours are set explicitly so boxes read the same in
light and dark JupyterLab themes and in print.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import Literal

# Okabe-Ito colour-blind-safe palette.
PALETTE = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}
TEXT = "#1A1A1A"
# The neutrals and tints around the palette. These, PALETTE and TEXT are the only
# colours: every stylesheet (publish/templates/*.css.j2) is filled in from them.
SHADES = {
    "white": "#FFFFFF",
    "safety_tint": "#FFF3EA",  # behind vermillion: the safety box, problems
    "notice_tint": "#EEF5FB",  # behind blue
    "success_tint": "#EAF7F2",  # behind bluish green
    "plain_border": "#BBBBBB",
    "bar": "#F4F6F8",  # the site's top bar
    "rule": "#C8CED4",  # the lines under the bar and above the footer
    "print_rule": "#999999",
    "link": "#005A8C",  # a darker blue: links on the bar's grey
    "muted": "#444444",  # footers and small print
    "quiet": "#555555",  # the words a slide suggests replacing
}
# The one font stack: system fonts, nothing to download.
FONT_STACK = ('system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", '
              'Arial, sans-serif')

BoxKind = Literal["safety", "notice", "success", "problem", "plain"]
_BOXES: dict[BoxKind, tuple[str, str]] = {
    # kind: (border, background)
    "safety": (PALETTE["vermillion"], SHADES["safety_tint"]),
    "notice": (PALETTE["blue"], SHADES["notice_tint"]),
    "success": (PALETTE["bluish_green"], SHADES["success_tint"]),
    "problem": (PALETTE["vermillion"], SHADES["safety_tint"]),
    "plain": (SHADES["plain_border"], SHADES["white"]),
}


def escape(text: object) -> str:
    """Escape any text for HTML; everything a user or content file wrote goes through it."""
    return html.escape(str(text), quote=True)


def box(body_html: str, kind: BoxKind = "notice", *, role: str | None = None,
        label: str | None = None) -> str:
    """Wrap already-safe HTML in a bordered box. ``role`` helps screen readers."""
    border, background = _BOXES[kind]
    attributes = f' class="workbook-box workbook-{kind}"'
    if role:
        attributes += f' role="{escape(role)}"'
    if label:
        attributes += f' aria-label="{escape(label)}"'
    return (
        f"<div{attributes} style=\"border-left: 6px solid {border}; background: {background}; "
        f"color: {TEXT}; padding: 0.6em 1em; margin: 0.5em 0; border-radius: 4px; "
        f"line-height: 1.45; font-size: 1rem; max-width: 52em;\">{body_html}</div>"
    )


def status_html(message: str, kind: BoxKind) -> str:
    """A confirmation or problem message that screen readers announce."""
    role = "alert" if kind == "problem" else "status"
    return box(f"<p style=\"margin: 0\">{escape(message)}</p>", kind, role=role)


def bullet_list(items: Iterable[str]) -> str:
    """An HTML list of plain-text items (escaped)."""
    return "<ul>" + "".join(f"<li>{escape(item)}</li>" for item in items) + "</ul>"


# ipywidgets cut long labels short unless the label column may grow.
WIDE_LABEL = {"description_width": "initial"}
