"""Small helpers shared by the widget tests."""

from __future__ import annotations

import html
import re


def visible_text(html_text: str) -> str:
    """The words a reader sees in an HTML fragment: tags dropped, entities decoded."""
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html_text)).strip())
