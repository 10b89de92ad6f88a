"""Find pressure in what the reader plans to say, and offer curious rewrites.

The rules live in ``data/content/conversation.yaml``: each pressure pattern has
regular expressions, a short reason why it tends to raise defences, and a few
rewrites. This module only applies them. It is pure: no widgets, no files
apart from loading the content, nothing is stored.

Patterns are matched one sentence at a time, ignoring case, so a pattern such
as a yes-or-no question can look at where a sentence starts and ends, and one
pattern is reported at most once per sentence::

    >>> [f.pattern_id for f in find_pressure("You need to get help. Will you go?")]
    ['you_need_to', 'yes_no']

Words in quotes inside a longer sentence are taken as a mention ("instead of
'I told you so'"), not as something said, so the chapters' own advice passes.

The check is simple on purpose. It can miss pressure and, now and then, flag
kind words; the chapter says so to the reader.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .. import content
from ..content import ConversationFile, PressurePattern

__all__ = ["PressureFlag", "find_pressure", "split_sentences"]


@dataclass(frozen=True)
class PressureFlag:
    """One place in the reader's text where a pressure pattern was found."""

    pattern_id: str
    name: str
    # The exact text matched, as typed: text[start:end].
    matched: str
    start: int
    end: int
    why: str
    rewrites: tuple[str, ...]


# Curly and other apostrophe-like characters (left and right single quotes,
# modifier apostrophe, grave and acute accents, prime) become a straight one
# before matching. Each is one character, so spans stay the same.
_APOSTROPHES = str.maketrans(dict.fromkeys("\u2018\u2019\u02bc`\u00b4\u2032", "'"))

# A sentence ends after ! or ? (any number), or after a single full stop (not
# an ellipsis "..."), plus any closing quotes or brackets, when a space or the
# end of the text follows. A line break always ends a sentence.
_SENTENCE_END = re.compile(r"""(?:[!?]+|(?<!\.)\.(?!\.))["'\u2019\u201d)\]]*(?=\s|$)|\n""")

# Words in quotes inside a longer sentence are a mention, not something said to
# the person: "What could you say instead of 'I told you so'?" Straight, curly
# and single quotes (after _APOSTROPHES); a single quote must stand outside a
# word, so the apostrophe in "don't" never opens or closes one.
_QUOTED = re.compile(r""""[^"\n]+"|“[^”\n]+”|(?<!\w)'[^'\n]+'(?!\w)""")

_Compiled = tuple[tuple[PressurePattern, tuple[re.Pattern[str], ...]], ...]
_cache: tuple[ConversationFile, _Compiled] | None = None


def _compiled() -> _Compiled:
    """The content's patterns with their regular expressions compiled once.

    Compiled again only if the content was loaded again (for example after
    ``content.clear_cache()`` in a test that edits a copy of the content).
    """
    global _cache
    loaded = content.conversation()
    if _cache is None or _cache[0] is not loaded:
        compiled = tuple(
            (pattern, tuple(re.compile(regex, re.IGNORECASE) for regex in pattern.match))
            for pattern in loaded.patterns
        )
        _cache = (loaded, compiled)
    return _cache[1]


def split_sentences(text: str) -> list[tuple[int, int]]:
    """The (start, end) span of each sentence, without surrounding spaces.

    A sentence keeps its closing punctuation and quotes; empty pieces are left out.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for end_mark in _SENTENCE_END.finditer(text):
        end = end_mark.start() if end_mark.group() == "\n" else end_mark.end()
        _add_span(spans, text, start, end)
        start = end_mark.end()
    _add_span(spans, text, start, len(text))
    return spans


def _add_span(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        spans.append((start, end))


def _mentions(sentence: str) -> list[tuple[int, int]]:
    """Quoted parts of a sentence that also has words outside the quotes.

    A sentence that is all one quote is still what the reader would say.
    """
    spans = [m.span() for m in _QUOTED.finditer(sentence)]
    outside, position = [], 0
    for start, end in spans:
        outside.append(sentence[position:start])
        position = end
    outside.append(sentence[position:])
    return spans if any(ch.isalnum() for ch in "".join(outside)) else []


def _first_match(regexes: Sequence[re.Pattern[str]], sentence: str,
                 mentions: Sequence[tuple[int, int]] = ()) -> tuple[int, int] | None:
    """The span of the earliest non-empty match of any of the regexes, outside ``mentions``.

    Matches of other regexes that overlap it are merged in, so "I told you so"
    is one span even when two regexes each find part of it.
    """
    found: list[tuple[int, int]] = []
    for regex in regexes:
        for match in regex.finditer(sentence):
            inside = any(start <= match.start() and match.end() <= end
                         for start, end in mentions)
            if match.end() > match.start() and not inside:
                found.append(match.span())
                break
    if not found:
        return None
    found.sort()
    start, end = found[0]
    for other_start, other_end in found[1:]:
        if other_start < end:
            end = max(end, other_end)
    return start, end


def find_pressure(text: str) -> list[PressureFlag]:
    """Every pressure pattern found in ``text``, sorted by where it starts.

    A pattern is reported at most once per sentence, at its earliest match.
    Empty or blank text gives an empty list.
    """
    if not text or not text.strip():
        return []
    normal = text.translate(_APOSTROPHES)
    compiled = _compiled()
    order = {pattern.id: i for i, (pattern, _regexes) in enumerate(compiled)}
    flags: list[PressureFlag] = []
    for sentence_start, sentence_end in split_sentences(normal):
        sentence = normal[sentence_start:sentence_end]
        mentions = _mentions(sentence)
        for pattern, regexes in compiled:
            span = _first_match(regexes, sentence, mentions)
            if span is None:
                continue
            start, end = sentence_start + span[0], sentence_start + span[1]
            flags.append(PressureFlag(
                pattern_id=pattern.id,
                name=pattern.name,
                matched=text[start:end],
                start=start,
                end=end,
                why=pattern.why,
                rewrites=pattern.rewrites,
            ))
    flags.sort(key=lambda flag: (flag.start, order[flag.pattern_id]))
    return flags
