"""The readiness profile chart: what stands in the way most, today and last time.

Pure: data in, a matplotlib Figure and a one-sentence summary out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from matplotlib.figure import Figure

from .scoring import FactorScore
from .style import PALETTE, TEXT

# Barrier level → colour; the value is also printed on each bar, so colour is never
# the only cue.
_LEVELS = ((7, PALETTE["vermillion"]), (4, PALETTE["orange"]), (0, PALETTE["bluish_green"]))


@dataclass(frozen=True)
class ProfileChart:
    figure: Figure
    summary: str


def _colour(barrier: int) -> str:
    return next(colour for floor, colour in _LEVELS if barrier >= floor)


def profile_summary(scores: Sequence[FactorScore]) -> str:
    if not scores:
        return "No ratings yet. Move the sliders to see your profile."
    top = [s for s in scores[:3] if s.barrier > 0]
    if not top:
        return "Nothing stands in the way today: every rating is at the easy end."
    first, *rest = top
    sentence = f"{first.factor.name} stands in the way most ({first.barrier} of 10)"
    if rest:
        others = " and ".join(f"{s.factor.name.lower()} ({s.barrier})" for s in rest)
        sentence += f", then {others}"
    return sentence + "."


def profile_chart(scores: Sequence[FactorScore],
                  previous: Mapping[str, int] | None = None) -> ProfileChart:
    """Horizontal bars, biggest barrier at the top; last check-in as grey outlines."""
    rows = max(len(scores), 1)
    height = 0.42 * rows + 1.3
    # Fixed margins instead of a layout engine: one draw per redraw keeps a slider
    # change well under 100 ms (see benchmarks/).
    figure = Figure(figsize=(8, height), dpi=100)
    figure.subplots_adjust(left=0.36, right=0.97, top=1 - 0.45 / height, bottom=0.75 / height)
    axes = figure.add_subplot()
    names = [s.factor.name for s in scores]
    positions = list(range(len(scores)))[::-1]  # biggest barrier on top
    axes.barh(positions, [s.barrier for s in scores], height=0.6,
              color=[_colour(s.barrier) for s in scores], label="Today", zorder=2)
    if previous:
        before = [(pos, s.factor.barrier(previous[s.factor.id]))
                  for pos, s in zip(positions, scores, strict=True) if s.factor.id in previous]
        if before:
            axes.barh([p for p, _ in before], [b for _, b in before], height=0.82,
                      fill=False, edgecolor="#555555", linestyle="--", linewidth=1.2,
                      label="Last check-in", zorder=3)
    for pos, score in zip(positions, scores, strict=True):
        axes.text(score.barrier + 0.15, pos, str(score.barrier), va="center", fontsize=10,
                  color=TEXT, zorder=4)
    axes.set_yticks(positions, names, fontsize=10)
    axes.set_xlim(0, 10.8)
    axes.set_xticks(range(0, 11, 2))
    axes.set_xlabel("How much it stands in the way (0 = not at all, 10 = a lot)", fontsize=10)
    axes.set_title("What stands in the way most", fontsize=12, loc="left")
    axes.grid(axis="x", color="#DDDDDD", zorder=0)
    axes.spines[["top", "right"]].set_visible(False)
    if not scores:
        axes.set_yticks([])
        axes.text(5, 0, "Move the sliders to see your profile.", ha="center", va="center",
                  fontsize=11, color=TEXT)
    elif previous:
        axes.legend(loc="lower right", bbox_to_anchor=(1, 1), ncol=2, fontsize=9, frameon=False)
    return ProfileChart(figure, profile_summary(scores))
