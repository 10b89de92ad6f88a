"""The facilitator's anonymous group page, from share files (``workbook workshop aggregate``
and the guide notebook). Rendered from ``templates/group*.html.j2``; every word comes
from facilitator.yaml."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import charts, content
from ..files import write_private_file
from ..journal.workshop import MIN_GROUP, FactorSpread, GroupSummary
from ..rules.scoring import BANDS, band_range
from . import pages
from .report import Figure, figure

_CELL = "text-align: left; padding: 0.2em 1em 0.2em 0"


@dataclass(frozen=True)
class _Table:
    """Counts of people per band: the column labels, then (factor, counts) per row."""

    labels: list[str]
    rows: list[tuple[str, tuple[int, int, int]]]


@dataclass(frozen=True)
class _Group:
    rejected: tuple[str, ...]
    duplicates: str
    shown: bool
    too_few: str
    people: str
    barriers: list[str]
    spread: Figure | None
    barrier_table: _Table | None
    own_load_table: _Table | None


def _values(summary: GroupSummary) -> dict[str, Any]:
    words = content.facilitator().group_report
    shown = summary.shown
    group = _Group(
        rejected=tuple(summary.rejected),
        duplicates=(words.duplicates.format(count=summary.duplicates)
                    if summary.duplicates else ""),
        shown=shown,
        too_few=words.too_few.format(count=summary.participants, minimum=MIN_GROUP),
        people=words.people.format(count=summary.participants),
        barriers=[words.barrier_item.format(factor=spread.factor.name, count=spread.high,
                                            people=spread.people)
                  for spread in summary.most_common_barriers()] if shown else [],
        spread=(figure(charts.group_spread_chart(summary.barrier_spreads),
                       words.spread_heading) if shown else None),
        barrier_table=(_band_table(summary.barrier_spreads,
                                   (words.table_small, words.table_some, words.table_big))
                       if shown else None),
        own_load_table=(_band_table(summary.own_load_spreads,
                                    (words.load_light, words.load_some, words.load_heavy))
                        if shown and summary.own_load_spreads else None),
    )
    return {"w": words, "group": group, "cell": _CELL}


def group_body_html(summary: GroupSummary) -> str:
    """The group view; with fewer than MIN_GROUP people it shows no breakdown and says why."""
    return pages.render("group_content.html.j2", **_values(summary))


def _band_table(spreads: tuple[FactorSpread, ...], labels: tuple[str, str, str]) -> _Table:
    """The band ranges in the labels come from the scoring rules."""
    words = content.facilitator().group_report
    filled = [label.format(range=band_range(which))
              for label, which in zip(labels, BANDS, strict=True)]
    return _Table([words.table_factor, *filled],
                  [(s.factor.name, (s.low, s.middle, s.high)) for s in spreads])


def group_report_html(summary: GroupSummary) -> str:
    """The group view as one self-contained page."""
    return pages.render("group.html.j2", title=content.facilitator().group_report.title,
                        csp=pages.OFFLINE_CSP, stylesheet=pages.stylesheet(whole_page=True),
                        **_values(summary))


def write_group_report(path: Path, summary: GroupSummary, *, overwrite: bool = False) -> Path:
    write_private_file(Path(path), group_report_html(summary), overwrite=overwrite)
    return Path(path)
