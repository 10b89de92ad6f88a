"""Accessible names and spoken values for the views' widgets, in JupyterLab and the app.

ipywidgets 8 gives a slider's handle no accessible name and no words for its value,
and has no trait for either. ``accessible.js`` (beside this file) fills them in in the
browser: it names each slider by its question, says its value in the scale's words
("7 of 10, toward: a lot of fear"), makes radio buttons one named radio group, gives
chart images their alt text, and adds the widget stylesheet (focus rings, the phone
layout; ``publish/templates/widgets.css.j2``).

The script travels as an ``application/javascript`` output of a hidden Output widget,
:func:`carrier`, one per view that needs it, shown among the view's children (one
Output model shown in two places fails to render there, "Could not create a view"). That
is the one way to run a script that JupyterLab, Voilà and the exported site all
honour: HTML widgets and Markdown never run scripts, and a JupyterLab extension would
not reach the app or the site. Showing it again (a re-run cell, another view) runs it
again; only the first run starts its observer, later ones add their scales. A
carrier holds the scales registered so far, so a view makes its carrier last.

Python tells the script what to say through class names, the only free-form thing a
widget puts on its element: ``od-scale-<key>`` picks the value words registered with
:func:`speak_scale`, ``od-labelledby-<id>`` points a control at the element, in an
HTML widget, that shows its question.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import TypeVar

import ipywidgets as widgets

from ..content import ScaleEnds
from ..html.style import escape
from ..publish.pages import stylesheet_file
from ..rules.scales import value_texts

SCRIPT = Path(__file__).with_name("accessible.js")
STYLESHEET = "widgets.css.j2"

# Value words per scale key, for every slider made in this kernel.
_SCALES: dict[str, tuple[str, ...]] = {}

_Control = TypeVar("_Control", bound=widgets.DOMWidget)


def speak_scale(slider: widgets.IntSlider, key: str, ends: ScaleEnds) -> widgets.IntSlider:
    """Have ``slider`` say its value with the words of its two ends."""
    _SCALES[key] = value_texts(slider.min, slider.max, ends)
    slider.add_class(f"od-scale-{key}")
    return slider


def labelled_by(control: _Control, element_id: str) -> _Control:
    """Name ``control`` by the element with ``element_id`` (its visible question)."""
    control.add_class(f"od-labelledby-{element_id}")
    return control


class AltText:
    """A chart image's text alternative, kept in a hidden HTML widget beside it.

    ipywidgets' Image has no alt trait, and a tooltip on it breaks its view (the
    tooltip code reads a description an Image lacks). accessible.js copies the
    text into the image's ``alt`` whenever either changes. It is an attribute of an
    empty element, so it is never on the page twice as text (once beside the chart).
    """

    def __init__(self, image: widgets.Image, key: str) -> None:
        self.element_id = f"od-alt-{key}"
        labelled_by(image, self.element_id)
        self.widget = widgets.HTML(layout=widgets.Layout(display="none"))

    def set(self, alt: str) -> None:
        self.widget.value = f"<span id=\"{self.element_id}\" data-alt=\"{escape(alt)}\"></span>"


@cache
def _script() -> str:
    return SCRIPT.read_text(encoding="utf-8")


def script(scales: dict[str, tuple[str, ...]] | None = None) -> str:
    """The script with its settings: the stylesheet and the scales' words."""
    config = {"css": stylesheet_file(STYLESHEET), "scales": _SCALES if scales is None
              else scales}
    # "<" escaped: the exported pages and Voilà put the script inside a <script> element.
    settings = json.dumps(config, ensure_ascii=False).replace("<", "\\u003c")
    return f"{_script().rstrip().rstrip(';')}({settings});\n"


def carrier() -> widgets.Output:
    """A hidden Output widget that runs the script where its view is shown."""
    output = widgets.Output(layout=widgets.Layout(display="none"))
    output.add_class("od-accessible")
    # Set directly, not captured with ``with output:``: the same in a kernel with no
    # browser (tests, the site export), and nothing reaches the cell's own output.
    output.outputs = ({"output_type": "display_data", "metadata": {},
                       "data": {"application/javascript": script(), "text/plain": ""}},)
    return output
