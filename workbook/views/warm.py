"""What a kernel of the app does before any page asks for it, so a chapter opens fast.

The app keeps a kernel or two started and warmed up (``publish/kernel_pool.py``).
Warming up loads code and the workbook's words, and draws one empty chart; it
never reads the journal or makes a view, so a page shows only what the journal
holds when the page runs its chapter.
"""

from __future__ import annotations

import importlib

# Every chapter's views (and so ipywidgets, matplotlib and pandas).
VIEW_MODULES = ("caring", "checkin", "controls", "conversation", "facilitator", "forms",
                "journal", "notices", "reasons", "start", "summary", "support")


def warm_up() -> None:
    """Import every view, load every content file, draw a blank chart to SVG."""
    for name in VIEW_MODULES:
        importlib.import_module(f"{__package__}.{name}")
    from .. import content
    from ..charts.render import figure_svg

    for file in content.FILES.values():
        file.load()
    # The first drawing in a process loads fonts and the SVG writer: about 0.3 s.
    from matplotlib.figure import Figure

    figure = Figure(figsize=(2, 1))
    figure.subplots().barh(["a"], [1])
    figure_svg(figure)
