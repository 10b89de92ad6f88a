"""Small helpers shared by the tests."""

from __future__ import annotations

import html
import re
import string


def visible_text(html_text: str) -> str:
    """The words a reader sees in an HTML fragment: tags dropped, entities decoded."""
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html_text)).strip())


def words(message: str) -> str:
    """The longest piece of a content message between its {placeholders}: every
    message made from it holds these words as they are."""
    return max((literal for literal, *_ in string.Formatter().parse(message)), key=len).strip()
