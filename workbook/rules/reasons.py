"""Why people refuse help: looking up reasons and stories, and the story exercise.

Pure functions over the content; the widgets in :mod:`workbook.views.reasons`
only display what these return.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from .. import content
from ..content import Cue, Example, Reason


def reason(reason_id: str) -> Reason:
    return content.by_id(content.reasons().reasons, reason_id)


def example(example_id: str) -> Example:
    return content.by_id(content.examples(), example_id)


def stories_for(reason_id: str) -> list[tuple[Example, Cue]]:
    """The stories in which a reason may play a part, with the cue for each."""
    return [
        (story, cue)
        for story in content.examples()
        for cue in story.cues
        if cue.reason == reason_id
    ]


FeedbackKind = Literal["spotted", "also", "not_shown"]


@dataclass(frozen=True)
class ReasonFeedback:
    reason_id: str
    title: str
    # spotted: picked and hinted at; also: hinted at but not picked;
    # not_shown: picked, but the story shows no clear sign of it.
    kind: FeedbackKind
    cue: str | None


def exercise_feedback(example_id: str, picked: Iterable[str]) -> list[ReasonFeedback]:
    """Feedback on the reasons a reader picked for a story.

    Several reasons can apply. The feedback explains the cues in the story and
    never labels the person.
    """
    story = example(example_id)
    chosen = set(picked)
    unknown = chosen - {r.id for r in content.reasons().reasons}
    if unknown:
        raise KeyError(", ".join(sorted(unknown)))
    cues = {cue.reason: cue.cue for cue in story.cues}
    feedback = []
    for item in content.reasons().reasons:
        if item.id in cues:
            kind: FeedbackKind = "spotted" if item.id in chosen else "also"
            feedback.append(ReasonFeedback(item.id, item.title, kind, cues[item.id]))
        elif item.id in chosen:
            feedback.append(ReasonFeedback(item.id, item.title, "not_shown", None))
    # What the reader spotted first, then what else to look at, then the rest.
    order: tuple[FeedbackKind, ...] = ("spotted", "also", "not_shown")
    return sorted(feedback, key=lambda f: order.index(f.kind))
