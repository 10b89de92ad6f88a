"""The notices as notebook output: each wraps its HTML from html.notices."""

from __future__ import annotations

from IPython.display import HTML, Javascript, display

from .. import surface
from ..html.notices import (
    contents_html,
    navigation_html,
    not_a_substitute_html,
    privacy_notice_html,
    safety_box_html,
    safety_first_html,
)


def safety_box(*, open_details: bool = False) -> HTML:
    """The safety box: emergency numbers at a glance, crisis lines one click away."""
    return HTML(safety_box_html(open_details=open_details))


def safety_first() -> HTML:
    """When to put safety ahead of any talk, with the crisis lines shown open."""
    return HTML(safety_first_html())


def not_a_substitute() -> HTML:
    """The notice that this workbook is education, not treatment or diagnosis."""
    return HTML(not_a_substitute_html())


def privacy_notice() -> HTML:
    """Where personal entries are kept on this computer."""
    return HTML(privacy_notice_html())


def contents() -> HTML:
    """The list of chapters, each linked once it is written."""
    return HTML(contents_html())


# JupyterLab's "Run All Cells" leaves the view on the last cell. The links are the last
# cell of every chapter, so once they show, scroll the chapter back to its top (the
# crisis box and the first section). Retried for a moment: the output may not be in
# the page yet when it runs. ``element`` is the output's own node.
BACK_TO_TOP_JS = """
(function (tries) {
  function toTop() {
    var panel = element.closest('.jp-WindowedPanel-outer, .jp-Notebook');
    if (panel) { panel.scrollTop = 0; } else if (tries-- > 0) { setTimeout(toTop, 100); }
  }
  setTimeout(toTop, 0);
})(30);
"""


def navigation(chapter_id: str) -> HTML:
    """Links to the previous and next chapters and to the contents.

    In JupyterLab it also brings the chapter back to its top after "Run All".
    """
    if surface.current() == "lab":
        display(Javascript(BACK_TO_TOP_JS))
    return HTML(navigation_html(chapter_id))
