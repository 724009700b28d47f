"""What the engine tells its subscribers and the screen: phases, events and a snapshot view."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from hiptimer.domain.cues import Cue
from hiptimer.domain.results import SetResult
from hiptimer.routines.plan import Phase, SetKey, Step

__all__ = [
    "Away",
    "ChecklistItem",
    "CueFired",
    "Event",
    "Phase",
    "PhaseStarted",
    "SessionFinished",
    "SessionView",
    "SetLogged",
    "SetState",
    "SetUndone",
]


class SetState(StrEnum):
    """A planned set on one side, as the checklist shows it."""

    PENDING = "pending"
    CURRENT = "current"
    DONE = "done"
    SHORT = "short"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class ChecklistItem:
    """One row of the set checklist: an exercise × set × side."""

    key: SetKey
    exercise: str
    side: str | None
    progress: str
    """ "set 2/3" or "round 1/4"."""
    state: SetState
    result: SetResult | None = None


@dataclass(frozen=True, kw_only=True)
class SessionView:
    """Everything the screen shows, at one moment. The screen only draws this."""

    phase: Phase
    paused: bool
    away: bool
    """The session stopped itself after a suspend and waits for the runner's choice."""
    step: Step | None
    """The current phase's plan step; None once DONE."""
    work: Step | None
    """The work the current phase is (or leads to): its exercise, side and set."""
    remaining: float | None
    """Seconds left in a countdown; None for phases that count up or wait."""
    elapsed: float
    """Seconds spent in this phase, pauses excluded."""
    reps: int
    """Reps counted (tapped or paced) in a rep set."""
    target_reps: int | None
    minimum_reached: bool
    next_up: str
    session_left: float
    """Planned seconds left in the whole session, this phase's remainder included."""
    session_total: float
    deadline: float | None
    """Monotonic time a timed phase ends, for tests and schedulers; None when untimed or paused."""

    @property
    def banner(self) -> str:
        return "PAUSED" if self.paused else self.phase.value

    @property
    def side(self) -> str | None:
        return self.work.side_label if self.work else None

    @property
    def counts_up(self) -> bool:
        return self.remaining is None and self.phase is not Phase.DONE


@dataclass(frozen=True)
class CueFired:
    cue: Cue
    phase: Phase
    due: float
    """Monotonic time the cue was due; it fires at the first poll at or after it."""


@dataclass(frozen=True)
class PhaseStarted:
    phase: Phase
    step: Step


@dataclass(frozen=True)
class SetLogged:
    """A set result, handed off the moment it happens. Store it at once."""

    result: SetResult


@dataclass(frozen=True)
class SetUndone:
    """The runner went back over a set: forget its stored result."""

    key: SetKey


@dataclass(frozen=True)
class Away:
    """A hold stopped itself after a gap (the laptop probably slept)."""

    gap: float
    ask: bool
    """True when the runner should choose: resume, restart the hold, or mark it done."""


@dataclass(frozen=True)
class SessionFinished:
    pass


Event = CueFired | PhaseStarted | SetLogged | SetUndone | Away | SessionFinished
