"""Short guides of headed parts (guides.yaml), such as talking about it yourself
(chapter 2) and parents of adult children (chapter 5)."""

from __future__ import annotations

from IPython.display import HTML

from .. import content
from ..html.notices import checked_on_text, source_line_html
from ..html.style import box, escape


def guide_html(guide_id: str) -> str:
    words = content.guides()
    guide = content.guide(guide_id)
    parts = []
    for section in guide.sections:
        said = "".join(f"<li>\u201c{escape(line)}\u201d</li>" for line in section.say)
        said_html = (f"<p style=\"margin: 0.3em 0 0\">{escape(words.say_label)}</p>"
                     f"<ul style=\"margin: 0.2em 0\">{said}</ul>") if said else ""
        parts.append(f"<h3 style=\"margin: 0.8em 0 0.2em; font-size: 1.05em; font-weight: bold\">"
                     f"{escape(section.heading)}</h3>"
                     f"<p style=\"margin: 0\">{escape(section.text)}"
                     f"{source_line_html(section.facts)}</p>{said_html}")
    checked = checked_on_text(f for section in guide.sections for f in section.facts)
    checked_html = f"<p style=\"font-size: 0.9em\">{escape(checked)}</p>" if checked else ""
    return box(f"<p>{escape(guide.intro)}</p>{''.join(parts)}{checked_html}", "plain",
               role="region", label=guide.title)


def guide(guide_id: str) -> HTML:
    """A guide from guides.yaml by id, such as ``talking_about_it_yourself``."""
    return HTML(guide_html(guide_id))
