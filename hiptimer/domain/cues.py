"""Cues are data: what the session says to the runner, and when, within one phase."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = ["MILESTONES", "Cue", "CueKind"]


class CueKind(StrEnum):
    """The kinds of cue. Sounds and speech choose by kind; the screen shows `Cue.text`."""

    COUNTDOWN = "countdown"
    """3-2-1 before the end of a get-ready, switch or rest; `Cue.count` holds the number."""
    GO = "go"
    HALFWAY = "halfway"
    MINIMUM = "minimum"
    """A ranged hold has reached its lower bound: the runner may stop now."""
    TEN_SECONDS = "ten_seconds"
    DONE = "done"
    SWITCH = "switch"
    REST = "rest"
    REST_OVER = "rest_over"
    AT = "at"
    """A routine's own cue tied to a moment of a hold."""
    BEAT = "beat"
    """A tempo beat: one part of a paced rep."""


MILESTONES = frozenset(
    {
        CueKind.GO,
        CueKind.HALFWAY,
        CueKind.MINIMUM,
        CueKind.TEN_SECONDS,
        CueKind.DONE,
        CueKind.SWITCH,
        CueKind.REST,
        CueKind.REST_OVER,
        CueKind.AT,
    }
)
"""Cues worth speaking aloud. Never every second and never a tempo beat."""


@dataclass(frozen=True)
class Cue:
    """One cue of a phase: fires once, when the clock crosses `offset` seconds into the phase."""

    kind: CueKind
    offset: float
    text: str
    """Short and fit to be spoken: "Switch to right side"."""
    count: int | None = None
    """The number of a countdown tick (3, 2, 1) or the rep of a tempo beat."""

    @property
    def is_milestone(self) -> bool:
        return self.kind in MILESTONES
