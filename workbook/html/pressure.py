"""The pressure check's findings as HTML: the reader's words with each flagged span marked."""

from __future__ import annotations

from collections.abc import Sequence

from ..rules.conversation import PressureFlag
from .style import escape


def _plain_html(text: str) -> str:
    escaped = escape(text).replace("\r\n", "\n").replace("\r", "\n")
    return escaped.replace("\n", "<br>")


def highlight_html(text: str, flags: Sequence[PressureFlag]) -> str:
    """``text`` as safe HTML, each flagged span wrapped in ``<mark title="name">``.

    Overlapping spans are merged into one mark whose title lists every name.
    Line breaks become ``<br>``. Everything the reader typed is escaped.
    """
    spans = sorted(
        (max(0, flag.start), min(len(text), flag.end), flag.name)
        for flag in flags
        if min(len(text), flag.end) > max(0, flag.start)
    )
    merged: list[tuple[int, int, list[str]]] = []
    for start, end, name in spans:
        if merged and start < merged[-1][1]:
            last_start, last_end, names = merged[-1]
            if name not in names:
                names.append(name)
            merged[-1] = (last_start, max(last_end, end), names)
        else:
            merged.append((start, end, [name]))
    parts: list[str] = []
    position = 0
    for start, end, names in merged:
        parts.append(_plain_html(text[position:start]))
        title = escape("; ".join(names))
        parts.append(f'<mark title="{title}">{_plain_html(text[start:end])}</mark>')
        position = end
    parts.append(_plain_html(text[position:]))
    return "".join(parts)
