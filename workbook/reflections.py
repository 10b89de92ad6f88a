"""Saving answers to a chapter's questions, or a plan, as one journal reflection."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .model import Reflection, make_reflection
from .store import Journal


def answers_text(pairs: Iterable[tuple[str, str]]) -> str:
    """Questions followed by their answers; unanswered questions are left out."""
    blocks = [f"{question}\n{answer.strip()}" for question, answer in pairs if answer.strip()]
    return "\n\n".join(blocks)


def save_answers(
    pairs: Sequence[tuple[str, str]],
    tags: Iterable[str],
    journal: Journal | None = None,
) -> Reflection | None:
    """Save the answered questions as one reflection; ``None`` if nothing was answered."""
    text = answers_text(pairs)
    if not text:
        return None
    return (journal or Journal()).add_reflection(make_reflection(text, tags=list(tags)))


def parse_answers(text: str, labels: Sequence[str]) -> dict[str, str]:
    """Read back what :func:`answers_text` wrote: ``{label: answer}`` for known labels.

    A line that is exactly a label (not yet seen) starts that label's answer;
    text before the first label, or under an unknown label, is ignored.
    """
    answers: dict[str, list[str]] = {}
    current: str | None = None
    for line in text.split("\n"):
        if line in labels and line not in answers:
            current = line
            answers[current] = []
        elif current is not None:
            answers[current].append(line)
    return {label: "\n".join(lines).strip() for label, lines in answers.items()}


def latest_tagged(tags: Iterable[str], journal: Journal | None = None) -> Reflection | None:
    """The newest reflection that carries every one of ``tags``."""
    wanted = set(tags)
    matching = [r for r in (journal or Journal()).reflections() if wanted <= set(r.tags)]
    return matching[-1] if matching else None
