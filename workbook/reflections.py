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
