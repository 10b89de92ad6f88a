"""The personal summary: one self-contained HTML page that sums up the journal.

``summary_html()`` returns a whole ``<!doctype html>`` document that prints
well; ``summary_body_html()`` the part inside it, for showing in a notebook;
``write_summary()`` saves the page to a file only its owner can read (the
``workbook report`` command calls it).

The page holds: who it is about, the notices and the safety box; where
things stand (the latest check-in against the first); charts over time;
the latest reflections; the latest plan and worksheets; and a footer.

Privacy and safety rules:

* Everything the reader typed (reflections, notes, tags, events, the
  person's name) goes through :func:`workbook.html.style.escape`.
* Nothing is loaded from anywhere: the style sheet is inline and every chart
  is an ``<img>`` with a ``data:`` URI (an SVG inside an ``<img>`` runs no
  script and cannot clash with the page's ids). The full page also carries a
  Content-Security-Policy that forbids scripts and any outside resource.
* Colours come from :data:`workbook.html.style.PALETTE`; boxes keep their
  coloured borders in print even when a browser drops backgrounds.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from .. import charts, content
from ..charts import Chart
from ..charts.render import figure_svg
from ..content import Factor
from ..files import write_private_file
from ..html.notices import (
    emergency_numbers_text,
    friendly_time,
    not_a_substitute_html,
    safety_box_html,
)
from ..html.reading import barriers_html, own_load_html
from ..html.style import PALETTE, TEXT, box, escape
from ..journal import timeline
from ..journal.datatools import plural
from ..journal.model import CheckIn, Reflection, now
from ..journal.perspective import PerspectiveChoice, load_perspective
from ..journal.reflections import CONVERSATION_PLAN, QUESTION_SHEET, form_text
from ..journal.store import Journal
from ..rules.scoring import barrier_profile, readiness_stage, stage_description


def _words() -> dict[str, str]:
    """The page's own words, from data/content/summary.yaml."""
    return content.summary_text().headings


# How many reflections "Recent reflections" shows.
RECENT_REFLECTIONS = 5
# The saved forms "Plans and worksheets" shows, in order: the form's kind, and the
# key of its heading in summary.yaml. Only the planner's own saves are the plan.
PLANS_AND_WORKSHEETS = (
    (CONVERSATION_PLAN, "conversation_plan"),
    ("boundaries", "worksheet_boundaries"),
    ("self_care_plan", "worksheet_self_care_plan"),
    (QUESTION_SHEET, "worksheet_questions"),
)

_INK = TEXT
_ACCENT = PALETTE["blue"]
_RULE = PALETTE["sky_blue"]
_SAFETY = PALETTE["vermillion"]

# Scoped to .od-summary so the page looks the same inside a notebook without
# restyling JupyterLab around it.
_STYLE = f"""
.od-summary {{ color: {_INK}; font-family: system-ui, -apple-system, "Segoe UI", Roboto,
  "Noto Sans", "DejaVu Sans", Arial, sans-serif; font-size: 1rem; line-height: 1.5;
  max-width: 52em; margin: 0 auto; }}
.od-summary h1 {{ font-size: 1.8em; margin: 0.2em 0 0.1em; }}
.od-summary h2 {{ font-size: 1.35em; margin: 1.4em 0 0.4em; padding-bottom: 0.15em;
  border-bottom: 2px solid {_ACCENT}; break-after: avoid; page-break-after: avoid; }}
.od-summary h3 {{ font-size: 1.1em; margin: 1em 0 0.3em; break-after: avoid;
  page-break-after: avoid; }}
.od-summary .od-meta {{ margin: 0.1em 0; }}
.od-summary figure {{ margin: 0.8em 0 1.2em; padding: 0.4em; border: 1px solid {_RULE};
  break-inside: avoid; page-break-inside: avoid; }}
.od-summary figure img {{ display: block; max-width: 100%; height: auto; margin: 0 auto; }}
.od-summary figcaption {{ margin-top: 0.3em; font-weight: bold; }}
.od-summary .od-entry {{ border-left: 4px solid {_RULE}; padding: 0.2em 0 0.2em 0.8em;
  margin: 0 0 1em; break-inside: avoid; page-break-inside: avoid; }}
.od-summary .od-entry h3 {{ margin-top: 0; }}
.od-summary .od-text {{ white-space: pre-wrap; overflow-wrap: anywhere; margin: 0.3em 0; }}
.od-summary .od-details {{ margin: 0.2em 0; padding: 0; list-style: none; }}
.od-summary .od-details li {{ display: inline; margin-right: 1.2em; }}
.od-summary .od-keep {{ break-inside: avoid; page-break-inside: avoid; }}
.od-summary footer {{ margin-top: 2em; padding-top: 0.6em; border-top: 2px solid {_ACCENT}; }}
.od-summary footer .od-crisis {{ border-left: 6px solid {_SAFETY}; padding-left: 0.8em; }}
.od-summary .workbook-box {{ break-inside: avoid; page-break-inside: avoid; }}
/* The safety box is long: it may run onto the next page rather than leave a gap. */
.od-summary .workbook-safety {{ break-inside: auto; page-break-inside: auto; }}
.od-summary .workbook-safety li {{ break-inside: avoid; page-break-inside: avoid; }}
"""

# Print: paper-friendly margins for A4 and Letter, colours kept, nothing hidden.
_PRINT_STYLE = """
@page { margin: 16mm 15mm; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 1.5em; background: #FFFFFF; }
@media print {
  body { margin: 0; }
  .od-summary { font-size: 10.5pt; max-width: none; }
  /* Never taller than a page. */
  .od-summary figure img { max-height: 21cm; width: auto; }
  .od-summary figure.od-profile img { max-height: 17cm; }
  /* Page 1: who it is about, the notices and the crisis lines; the summary starts on page 2. */
  .od-summary > header + section { break-before: page; page-break-before: always; }
  /* The crisis lines print open (open_details=True); the arrow means nothing on paper. */
  .od-summary details > summary { list-style: none; }
  /* The boxes set 1rem inline; in print they follow the page's size. */
  .od-summary .workbook-box { font-size: 1em !important; max-width: none !important; }
  .od-summary .workbook-safety details { font-size: 0.86em; line-height: 1.35; }
  .od-summary .workbook-safety ul { padding-left: 1.4em; }
  /* Each country's lines side by side: the safety box fits on the first page. */
  .od-summary .workbook-safety details ul { column-count: 2; column-gap: 2em;
    break-inside: avoid; page-break-inside: avoid; }
  .od-summary .workbook-safety details p { break-after: avoid; page-break-after: avoid; }
}
"""

# No scripts, no outside files: images only as data: URIs, styles only inline.
_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; form-action 'none'"


@dataclass(frozen=True)
class _Journey:
    """Everything the page shows, read from the journal once.

    Only the entries shown are read (the latest check-in and the first one it is
    compared with, the newest reflections, plans and worksheets), so a big
    journal makes a page as quickly as a small one.
    """

    latest: CheckIn | None
    first: CheckIn | None  # the first check-in about the same person, if not the latest
    checkin_count: int
    recent: list[Reflection]  # newest first
    plans: list[tuple[str, Reflection]]  # (heading, entry): the latest plan and worksheets
    reflection_count: int
    choice: PerspectiveChoice | None


def _read_journey(journal: Journal) -> _Journey:
    # The latest answers of each form; each entry is shown once, so those are left
    # out of the recent reflections (read a few more to fill their places).
    plans = [(_words()[key], saved) for kind, key in PLANS_AND_WORKSHEETS
             if (saved := journal.latest_of_kind(kind)) is not None]
    shown_below = {saved.uid for _heading, saved in plans}
    outline = timeline.journal_outline(journal, recent=RECENT_REFLECTIONS + len(plans),
                                       tags=())
    recent = [uid for uid in outline.recent if uid not in shown_below][:RECENT_REFLECTIONS]
    latest_uid: str | None = None
    first_uid: str | None = None
    if outline.same_side:
        latest_uid, person = outline.same_side[-1]
        # The first check-in about the same person from the same side as the latest one.
        first_uid = next(uid for uid, other in outline.same_side
                         if (other or "").casefold() == (person or "").casefold())
    by_uid = {c.uid: c for c in journal.checkins(uids=[u for u in (latest_uid, first_uid) if u])}
    latest = by_uid.get(latest_uid) if latest_uid else None
    first = by_uid.get(first_uid) if first_uid and first_uid != latest_uid else None
    read = {r.uid: r for r in journal.reflections(uids=recent)}
    choice = _who(load_perspective(journal), latest)
    return _Journey(latest, first, outline.checkins, [read[u] for u in recent], plans,
                    outline.reflections, choice)


# --- public ------------------------------------------------------------------------


def summary_body_html(journal: Journal | None = None, *,
                      generated: datetime | None = None) -> str:
    """The summary without ``<html>`` and ``<head>``: a styled block for a notebook."""
    # A notebook page has its own <main>; the block is a plain <div> there.
    return f"<style>{_STYLE}</style>{_body(journal, generated, tag='div')}"


def page_html(title: str, body: str) -> str:
    """A self-contained document around ``body`` (already-safe HTML): inline styles,
    a print stylesheet, and a policy that forbids scripts and outside files."""
    return (
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<meta http-equiv=\"Content-Security-Policy\" content=\"{_CSP}\">\n"
        "<meta name=\"referrer\" content=\"no-referrer\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        f"<title>{escape(title)}</title>\n<style>{_STYLE}{_PRINT_STYLE}</style>\n"
        f"</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def summary_html(journal: Journal | None = None, *, generated: datetime | None = None) -> str:
    """The whole summary page: one self-contained HTML document that prints well."""
    return page_html(_words()["title"], _body(journal, generated, tag="main"))


def _body(journal: Journal | None, generated: datetime | None, *, tag: str) -> str:
    journal = journal or Journal()
    generated = generated or now()
    journey = _read_journey(journal)
    parts = [_header(journey, generated)]
    if not journey.checkin_count and not journey.reflection_count:
        parts.append(box(f"<p style=\"margin: 0\">{escape(_words()['empty'])}</p>", "notice",
                         role="status"))
    else:
        parts += [
            _where_things_stand(journey),
            _over_time(journal),
            _recent_reflections(journey),
            _plans(journey.plans),
        ]
    parts.append(_footer(journey))
    return f"<{tag} class=\"od-summary\">{''.join(parts)}</{tag}>"


def write_summary(path: Path, journal: Journal | None = None, *,
                  overwrite: bool = False) -> Path:
    """Write the summary page to ``path``, readable by its owner only; return the path.

    The page is built before the file is opened, so a journal problem leaves
    no file behind. Raises ``FileExistsError`` if ``path`` exists and
    ``overwrite`` is false.
    """
    page = summary_html(journal)
    write_private_file(Path(path), page, overwrite=overwrite)
    return Path(path)


# --- parts ----------------------------------------------------------------------------


def _who(saved: PerspectiveChoice | None, latest: CheckIn | None) -> PerspectiveChoice | None:
    """The saved choice, or else what the latest check-in was about."""
    if saved is not None:
        return saved
    if latest is not None:
        return PerspectiveChoice(latest.perspective, latest.person)
    return None


def _about(choice: PerspectiveChoice) -> str:
    if choice.perspective == "self":
        who = _words()["about_me"]
    elif choice.person:
        who = _words()["about_named"].format(name=choice.person)
    else:
        who = _words()["about_someone"]
    return _words()["about"].format(who=who)


def _header(journey: _Journey, generated: datetime) -> str:
    about = (f"<p class=\"od-meta\"><strong>{escape(_about(journey.choice))}</strong></p>"
             if journey.choice else "")
    return (
        f"<header><h1>{escape(_words()['title'])}</h1>"
        f"<p class=\"od-meta\">{escape(_words()['made_on'].format(when=friendly_time(generated)))}"
        f"</p>{about}{not_a_substitute_html()}{safety_box_html(open_details=True)}</header>"
    )


def _section(key: str, inner: str, *, lead: str = "") -> str:
    """A section; its heading and ``lead`` are kept on one page in print."""
    section_id = f"od-{key.replace('_', '-')}"
    return (f"<section id=\"{section_id}\" aria-labelledby=\"{section_id}-h\">"
            f"<div class=\"od-keep\"><h2 id=\"{section_id}-h\">{escape(_words()[key])}</h2>"
            f"{lead}</div>{inner}</section>")


def figure_html(chart: Chart, heading: str | None = None, extra_caption: str = "",
            css: str = "", note: str = "") -> str:
    data = base64.b64encode(figure_svg(chart.figure)).decode("ascii")
    title = f"<h3>{escape(heading)}</h3>" if heading else ""
    if note:
        title += f"<p>{escape(note)}</p>"
    caption = escape(chart.summary) + (f" {escape(extra_caption)}" if extra_caption else "")
    css_class = f" class=\"{css}\"" if css else ""
    # A heading and its chart are kept on one page in print.
    return (
        f"<div class=\"od-keep\">{title}<figure{css_class}><img "
        f"src=\"data:image/svg+xml;base64,{data}\" alt=\"{escape(chart.alt)}\">"
        f"<figcaption>{caption}</figcaption></figure></div>"
    )


def _where_things_stand(journey: _Journey) -> str:
    latest, first = journey.latest, journey.first
    if latest is None:
        return _section("where_things_stand", f"<p>{escape(_words()['no_checkins'])}</p>")
    words = content.checkin().profile
    chart = charts.profile_chart(barrier_profile(latest.ratings),
                                 previous=first.ratings if first else None,
                                 previous_label=_words()["first_checkin_label"])
    if first is not None:
        dates = _words()["checkin_dates"].format(first=friendly_time(first.when),
                                                 latest=friendly_time(latest.when))
        comparison = _words()["compared"].format(when=friendly_time(first.when))
    else:
        dates = _words()["only_checkin"].format(when=friendly_time(latest.when))
        comparison = _words()["only_one_compared"]
    parts = []
    if latest.note:
        parts.append(f"<div class=\"od-entry\"><h3>{escape(_words()['latest_note'])}</h3>"
                     f"<div class=\"od-text\">{escape(latest.note)}</div></div>")
    parts.append(f"<div class=\"od-keep\"><h3>{escape(words.barriers_heading)}</h3>"
                 f"{barriers_html(latest.ratings, _read_more)}</div>")
    # The supporter's own load is about them, not one of the loved one's barriers.
    own = own_load_html(latest.ratings, _read_more, "h3")
    if own:
        parts.append(f"<div class=\"od-keep\" id=\"od-own-load\">{own}</div>")
    stage = readiness_stage(latest.ratings)
    if stage is not None:
        described = stage_description(stage, latest.perspective, latest.person)
        parts.append(f"<div class=\"od-keep\"><h3>{escape(words.stage_heading)}</h3>"
                     f"<p>{escape(described)}</p><p><em>{escape(words.stage_note)}</em></p></div>")
    # Words first, then the chart: in print the chart then gets a page of its own
    # instead of leaving a gap after the safety box.
    parts.append(figure_html(chart, extra_caption=comparison, css="od-profile"))
    return _section("where_things_stand", "".join(parts), lead=f"<p>{escape(dates)}</p>")


def _read_more(factor: Factor) -> str:
    """Where to read more, in words: the page is read away from the notebooks."""
    title = content.chapter(factor.chapter).title
    return f"<em>{escape(content.checkin().profile.read_more.format(chapter=title))}</em>"


def _over_time(journal: Journal) -> str:
    words = content.journal_text().over_time
    frames = timeline.read_frames(journal, counts=False)  # the page has no calendar
    drawn = charts.over_time_charts(frames)
    # Only the charts that have something to show; the summary page skips empty ones.
    shown = (
        (frames.readiness.dropna(subset=["readiness"]), drawn.readiness, words.readiness_heading,
         content.checkin().readiness.explanation),
        (frames.factors.dropna(subset=["rating"]), drawn.factors, words.factors_heading, ""),
        (frames.stress.dropna(subset=["stress"]), drawn.stress, words.stress_heading, ""),
    )
    figures = [figure_html(chart, heading, note=note)
               for data, chart, heading, note in shown if not data.empty]
    if not figures:
        figures.append(f"<p>{escape(_words()['nothing_over_time'])}</p>")
    return _section("over_time", "".join(figures))


def _reflection_details(reflection: Reflection) -> str:
    details = []
    if reflection.mood is not None:
        details.append((_words()["mood"], _words()["out_of_ten"].format(value=reflection.mood)))
    if reflection.stress is not None:
        details.append((_words()["stress"],
                        _words()["out_of_ten"].format(value=reflection.stress)))
    if reflection.tags:
        details.append((_words()["tags"], ", ".join(reflection.tags)))
    if reflection.event:
        details.append((_words()["event"], reflection.event))
    if not details:
        return ""
    items = "".join(f"<li><strong>{escape(label)}:</strong> {escape(value)}</li>"
                    for label, value in details)
    return f"<ul class=\"od-details\">{items}</ul>"


def _entry(heading: str, reflection: Reflection) -> str:
    text = (f"<div class=\"od-text\">{escape(reflection.text)}</div>"
            if reflection.text else "")
    return (f"<article class=\"od-entry\"><h3>{escape(heading)}</h3>{text}"
            f"{_reflection_details(reflection)}</article>")


def _recent_reflections(journey: _Journey) -> str:
    if not journey.recent:
        return _section("recent_reflections", f"<p>{escape(_words()['no_reflections'])}</p>")
    recent = journey.recent
    shown = _words()["reflections_shown"].format(shown=len(recent),
                                                 total=journey.reflection_count)
    entries = "".join(_entry(friendly_time(r.when), r) for r in recent)
    return _section("recent_reflections", f"<p>{escape(shown)}</p>{entries}")


def _saved(heading: str, reflection: Reflection) -> str:
    saved = _words()["saved_on"].format(when=friendly_time(reflection.when))
    return (f"<article class=\"od-entry\"><h3>{escape(heading)}</h3>"
            f"<p class=\"od-meta\"><em>{escape(saved)}</em></p>"
            f"<div class=\"od-text\">{escape(form_text(reflection))}</div></article>")


def _plans(plans: Sequence[tuple[str, Reflection]]) -> str:
    parts = [_saved(heading, reflection) for heading, reflection in plans]
    if not parts:
        parts.append(f"<p>{escape(_words()['no_plans'])}</p>")
    return _section("plans", "".join(parts))


def _footer(journey: _Journey) -> str:
    what = (f"{plural(journey.checkin_count, 'check-in')} and "
            f"{plural(journey.reflection_count, 'reflection')}")
    resources = content.crisis_resources()
    return (
        f"<footer><p>{escape(_words()['made_how'].format(what=what))} "
        f"{escape(_words()['keep_safe'])}</p>"
        f"<p class=\"od-crisis\"><strong>{escape(resources.heading)}</strong> "
        f"{escape(resources.danger_now)} {escape(emergency_numbers_text())}. "
        f"{escape(resources.note)}</p></footer>"
    )
