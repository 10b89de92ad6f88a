"""What a check-in says, as HTML: the loved one's biggest barriers, and how you are doing.

The chapter's live profile and the summary page show the same reading; only the
"read more" note differs (a link in the notebook, plain words on the page).
Which factors count is decided in :mod:`workbook.rules.scoring`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from .. import content
from ..content import Factor
from ..rules.scoring import FactorScore, biggest_barriers, own_load
from .style import escape

ReadMore = Callable[[Factor], str]


def _item(label: str, score: FactorScore, read_more: ReadMore) -> str:
    return (f"<li style=\"margin-bottom: 0.5em\"><strong>{escape(label)}</strong> "
            f"{escape(score.guidance)} {read_more(score.factor)}</li>")


def barriers_html(ratings: Mapping[str, int], read_more: ReadMore) -> str:
    """The loved one's big barriers as a list, or a kind line when there is none."""
    barriers = biggest_barriers(ratings)
    if not barriers:
        return f"<p>{escape(content.checkin().profile.no_big_barriers)}</p>"
    items = "".join(_item(f"{s.factor.name} ({s.barrier} of 10).", s, read_more)
                    for s in barriers)
    return f"<ul>{items}</ul>"


def own_load_html(ratings: Mapping[str, int], read_more: ReadMore, heading_tag: str) -> str:
    """The supporter's own stress, support and limits under "How you are doing" ("" if unrated).

    Never part of the barriers: these are about the reader, not the loved one.
    """
    load = own_load(ratings)
    if not load:
        return ""
    words = content.checkin().profile
    items = "".join(
        _item(words.own_load_item.format(factor=s.factor.name, rating=s.rating), s, read_more)
        for s in load)
    return (f"<{heading_tag} class=\"workbook-own-load\">{escape(words.own_load_heading)}"
            f"</{heading_tag}><ul>{items}</ul>")
