"""The facilitator's anonymous group page, from share files (``workbook workshop aggregate``
and the guide notebook). Pure HTML; every word comes from facilitator.yaml."""

from __future__ import annotations

from pathlib import Path

from .. import charts, content
from ..files import write_private_file
from ..html.style import box, escape
from ..journal.workshop import MIN_GROUP, FactorSpread, GroupSummary
from ..rules.scoring import BANDS, band_range
from .report import figure_html, page_html

_CELL = "text-align: left; padding: 0.2em 1em 0.2em 0"


def group_body_html(summary: GroupSummary) -> str:
    """The group view; with fewer than MIN_GROUP people it shows no breakdown and says why."""
    words = content.facilitator().group_report
    parts = [f"<h1>{escape(words.title)}</h1><p>{escape(words.intro)}</p>"]
    if summary.rejected:
        items = "".join(f"<li>{escape(reason)}</li>" for reason in summary.rejected)
        parts.append(box(f"<p style=\"margin: 0\">{escape(words.rejected)}</p><ul>{items}</ul>",
                         "problem", role="status"))
    if summary.duplicates:
        parts.append(f"<p>{escape(words.duplicates.format(count=summary.duplicates))}</p>")
    if not summary.shown:
        too_few = words.too_few.format(count=summary.participants, minimum=MIN_GROUP)
        parts.append(box(f"<p style=\"margin: 0\">{escape(too_few)}</p>", "notice",
                         role="status"))
    else:
        parts.append(f"<p><strong>{escape(words.people.format(count=summary.participants))}"
                     "</strong></p>")
        top = summary.most_common_barriers()
        if top:
            lines = [words.barrier_item.format(factor=spread.factor.name,
                                               count=spread.high, people=spread.people)
                     for spread in top]
            items = "".join(f"<li>{escape(line)}</li>" for line in lines)
            barriers = f"<ul>{items}</ul>"
        else:
            barriers = f"<p>{escape(words.no_barriers)}</p>"
        parts.append(f"<h2>{escape(words.barriers_heading)}</h2>{barriers}")
        parts.append(figure_html(charts.group_spread_chart(summary.barrier_spreads),
                                 words.spread_heading))
        parts.append(_band_table(summary.barrier_spreads,
                                 (words.table_small, words.table_some, words.table_big)))
        if summary.own_load_spreads:
            parts.append(f"<h2>{escape(words.own_load_heading)}</h2>"
                         f"<p>{escape(words.own_load_intro)}</p>")
            parts.append(_band_table(summary.own_load_spreads,
                                     (words.load_light, words.load_some, words.load_heavy)))
    parts.append(f"<p><em>{escape(words.privacy)}</em></p>")
    return f"<div class=\"od-summary\">{''.join(parts)}</div>"


def _band_table(spreads: tuple[FactorSpread, ...], labels: tuple[str, str, str]) -> str:
    """Counts of people per band; the band ranges in the labels come from the scoring rules."""
    words = content.facilitator().group_report
    filled = [label.format(range=band_range(which))
              for label, which in zip(labels, BANDS, strict=True)]
    head = "".join(f"<th scope=\"col\" style=\"{_CELL}\">{escape(label)}</th>"
                   for label in (words.table_factor, *filled))
    rows = "".join(
        f"<tr><th scope=\"row\" style=\"{_CELL}\">{escape(s.factor.name)}</th>"
        + "".join(f"<td style=\"{_CELL}\">{n}</td>" for n in (s.low, s.middle, s.high))
        + "</tr>" for s in spreads)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


def group_report_html(summary: GroupSummary) -> str:
    """The group view as one self-contained page."""
    return page_html(content.facilitator().group_report.title, group_body_html(summary))


def write_group_report(path: Path, summary: GroupSummary, *, overwrite: bool = False) -> Path:
    write_private_file(Path(path), group_report_html(summary), overwrite=overwrite)
    return Path(path)
