"""The notices as notebook output: each wraps its HTML from html.notices."""

from __future__ import annotations

from IPython.display import HTML

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


def navigation(chapter_id: str) -> HTML:
    """Links to the previous and next chapters and to the contents."""
    return HTML(navigation_html(chapter_id))
