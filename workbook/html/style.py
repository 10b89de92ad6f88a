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

BoxKind = Literal["safety", "notice", "success", "problem", "plain"]
_BOXES: dict[BoxKind, tuple[str, str]] = {
    # kind: (border, background)
    "safety": (PALETTE["vermillion"], "#FFF3EA"),
    "notice": (PALETTE["blue"], "#EEF5FB"),
    "success": (PALETTE["bluish_green"], "#EAF7F2"),
    "problem": (PALETTE["vermillion"], "#FFF3EA"),
    "plain": ("#BBBBBB", "#FFFFFF"),
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
