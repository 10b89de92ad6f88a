"""Small widget factories every chapter uses, so controls look and behave alike.

Each control carries a plain-words label (its description or tooltip) so a
screen reader and a keyboard user meet the same words a sighted reader does.
"""

from __future__ import annotations

from typing import Literal

import ipywidgets as widgets

ButtonStyle = Literal["primary", "danger", ""]


def button(label: str, icon: str = "check", style: ButtonStyle = "primary") -> widgets.Button:
    """A button as wide as its label, aligned left, its label also its tooltip."""
    return widgets.Button(description=label, button_style=style, icon=icon, tooltip=label,
                          layout=widgets.Layout(width="auto", align_self="flex-start"))


def text_area(placeholder: str, label: str, rows: int = 3) -> widgets.Textarea:
    """A box for free text; ``label`` names it for screen readers."""
    return widgets.Textarea(placeholder=placeholder, tooltip=label, rows=rows,
                            layout=widgets.Layout(width="100%", max_width="48em"))
