"""Views for the facilitator guide: plans with timings, prompts, exercises,
ground rules, what to do when someone is distressed, and the group view."""

from __future__ import annotations

import ipywidgets as widgets
from IPython.display import HTML

from .. import content, paths, surface
from ..html.style import box, escape, status_html
from ..journal.workshop import (
    Share,
    ShareError,
    aggregate,
    files_in_folder,
    parse_share,
    read_shares,
)
from ..publish.group_page import group_body_html
from ..rules.reasons import example
from .controls import button

_CELL = "text-align: left; vertical-align: top; padding: 0.25em 1em 0.25em 0"


def _list(items: tuple[str, ...], ordered: bool = False) -> str:
    tag = "ol" if ordered else "ul"
    return f"<{tag}>" + "".join(f"<li>{escape(item)}</li>" for item in items) + f"</{tag}>"


def _chapter_title(chapter_id: str | None) -> str:
    return content.chapter(chapter_id).title if chapter_id else ""


def ground_rules() -> HTML:
    """The ground rules to read out at the start."""
    guide = content.facilitator()
    return HTML(box(f"<p>{escape(guide.intro)}</p>{_list(guide.ground_rules, ordered=True)}",
                    "plain"))


def session_plans_html() -> str:
    labels = content.facilitator().labels
    plans = []
    for plan in content.facilitator().session_plans:
        clock = 0
        rows = []
        for step in plan.steps:
            rows.append(f"<tr><td style=\"{_CELL}\">{clock}-{clock + step.minutes}</td>"
                        f"<td style=\"{_CELL}\">{escape(step.activity)}</td>"
                        f"<td style=\"{_CELL}\"><em>{escape(_chapter_title(step.chapter))}</em>"
                        "</td></tr>")
            clock += step.minutes
        plans.append(
            f"<h3>{escape(plan.title)} ({plan.minutes} {escape(labels.minutes)})</h3>"
            f"<p>{escape(plan.goal)}</p><table><thead><tr>"
            f"<th scope=\"col\" style=\"{_CELL}\">{escape(labels.time)} "
            f"({escape(labels.minutes)})</th>"
            f"<th scope=\"col\" style=\"{_CELL}\">{escape(labels.activity)}</th>"
            f"<th scope=\"col\" style=\"{_CELL}\">{escape(labels.chapter)}</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>"
        )
    return box("".join(plans), "plain")


def session_plans() -> HTML:
    """Plans for a 60-, 90- and 120-minute workshop, step by step with timings."""
    return HTML(session_plans_html())


def four_week_series() -> HTML:
    """A four-week course, week by week."""
    guide = content.facilitator()
    labels = guide.labels
    weeks = "".join(
        f"<h3>{escape(labels.week.format(week=week.week))}: {escape(week.title)}</h3>"
        f"<p><em>{escape(', '.join(_chapter_title(c) for c in week.chapters))}</em></p>"
        f"<p>{escape(week.focus)}</p><p><strong>{escape(labels.between_sessions)}</strong> "
        f"{escape(week.home_practice)}</p>"
        for week in guide.series
    )
    return HTML(box(f"<p>{escape(guide.series_intro)}</p>{weeks}", "plain"))


def discussion_prompts() -> HTML:
    """Discussion prompts for each chapter."""
    blocks = "".join(
        f"<h3>{escape(_chapter_title(entry.chapter))}</h3>{_list(entry.prompts)}"
        for entry in content.facilitator().prompts
    )
    return HTML(box(blocks, "plain"))


def group_exercises() -> HTML:
    """Group exercises built on the workbook's stories, with the story to read aloud."""
    blocks = []
    for exercise in content.facilitator().exercises:
        story = example(exercise.example)
        blocks.append(
            f"<h3>{escape(exercise.title)} ({exercise.minutes} "
            f"{escape(content.facilitator().labels.minutes)})</h3>"
            f"<blockquote style=\"border-left: 3px solid #999; margin: 0.4em 0; "
            f"padding-left: 0.8em\"><strong>{escape(story.title)}.</strong> "
            f"{escape(story.story)}</blockquote>{_list(exercise.steps, ordered=True)}"
        )
    return HTML(box("".join(blocks), "plain"))


def when_someone_is_distressed() -> HTML:
    """How to respond to a disclosure or to distress, and when to pause and refer."""
    distress = content.facilitator().distress
    labels = content.facilitator().labels
    return HTML(
        box(f"<p>{escape(distress.intro)}</p>{_list(distress.steps, ordered=True)}"
            f"<h4>{escape(labels.what_to_say)}</h4>{_list(distress.what_to_say)}", "plain")
        + box(f"<h4 style=\"margin-top: 0\">{escape(labels.pause_and_refer)}</h4>"
              f"{_list(distress.pause_and_refer)}", "safety", role="note")
    )


def privacy_talk() -> HTML:
    """What to tell participants about privacy."""
    return HTML(box(_list(content.facilitator().privacy_talk), "notice", role="note"))


class GroupView(widgets.VBox):
    """Add the share files people hand in; see the anonymous group view."""

    def __init__(self) -> None:
        words = content.facilitator().group_report
        self.words = words
        self.upload = widgets.FileUpload(accept=".json", multiple=True,
                                         description=words.upload_label,
                                         layout=widgets.Layout(width="auto"))
        self.page = widgets.HTML(f"<p><em>{escape(words.upload_empty)}</em></p>")
        # On a hub the hand-ins land in a drop folder (WORKBOOK_HANDIN_DIR), read here too.
        self.folder = paths.handin_dir()
        self.folder_status = widgets.HTML()
        folder_controls: list[widgets.Widget] = []
        if self.folder is not None:
            reread = button(content.messages().hand_in.folder_button, icon="refresh",
                            style="")
            reread.on_click(lambda _button: self.show())
            folder_controls = [reread, self.folder_status]
        super().__init__([widgets.HTML(share_files_note()), self.upload, *folder_controls,
                          self.page])
        self.upload.observe(lambda _change: self.show(), names="value")
        if self.folder is not None:
            self.show()

    def _folder_shares(self) -> tuple[list[Share], list[str]]:
        if self.folder is None:
            return [], []
        words = content.messages().hand_in
        try:
            files = files_in_folder(self.folder)
        except OSError as exc:
            self.folder_status.value = status_html(words.folder_unreadable.format(
                folder=self.folder, problem=exc.strerror), "notice")
            return [], []
        self.folder_status.value = status_html(words.folder_read.format(count=len(files)),
                                               "success")
        return read_shares(files)

    def show(self) -> None:
        shares, rejected = self._folder_shares()
        for item in self.upload.value:
            name = str(item["name"])
            try:
                shares.append(parse_share(bytes(item["content"]).decode("utf-8"), name))
            except ShareError as exc:
                rejected.append(str(exc))
            except UnicodeDecodeError:
                rejected.append(content.facilitator().labels.share_not_text.format(name=name))
        self.page.value = group_body_html(aggregate(shares, rejected))


def group_view() -> GroupView | HTML:
    """The anonymous group view, from share files added here.

    How participants make a share file is worded for where the chapter is shown; the
    exported site has no kernel to read files, so it shows those words and no upload.
    """
    if not surface.has_kernel():
        return HTML(box(share_files_note(), "notice", role="note"))
    return GroupView()


def share_files_note() -> str:
    """How participants make a share file, in words that work where this is shown."""
    return f"<p>{escape(content.interface().surfaces.share_files.on(surface.current()))}</p>"
