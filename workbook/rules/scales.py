"""What a slider's value means in words, for screen readers.

A 0-10 slider's handle says "7 of 10, toward: A lot of fear" rather than "7": the
number, and the end of the scale it leans to (``interface.yaml``, ``scale_values``).
The two ends and the middle have words of their own.
"""

from __future__ import annotations

from .. import content
from ..content import ScaleEnds


def value_text(value: int, minimum: int, maximum: int, ends: ScaleEnds) -> str:
    """The words for one value of a slider from ``minimum`` to ``maximum``."""
    words = content.interface().scale_values
    middle = (minimum + maximum) / 2
    if value <= minimum:
        template = words.at_low
    elif value >= maximum:
        template = words.at_high
    elif value < middle:
        template = words.toward_low
    elif value > middle:
        template = words.toward_high
    else:
        template = words.middle
    return template.format(value=value, top=maximum, low=ends.low, high=ends.high)


def value_texts(minimum: int, maximum: int, ends: ScaleEnds) -> tuple[str, ...]:
    """The words for every value, from ``minimum`` up."""
    return tuple(value_text(v, minimum, maximum, ends) for v in range(minimum, maximum + 1))
