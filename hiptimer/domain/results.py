"""What a session records: one result per set per side, handed off the moment it happens."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from hiptimer.routines.plan import SetKey, StepKind

__all__ = ["SetResult"]


@dataclass(frozen=True)
class SetResult:
    """One set on one side as it was done (or skipped)."""

    routine_id: str
    exercise: str
    key: SetKey
    """Block, exercise, set (or round) and side indices in the routine as run."""
    block_name: str | None
    kind: StepKind
    """REPS, HOLD or MAX HOLD."""
    side: str | None
    """The side's label ("left", "clockwise"), or None for two-sided work."""
    target: str
    """The plan as a runner reads it: "15 reps", "2m..3m", "max"."""
    reps: int | None
    """Reps done, for rep sets."""
    seconds: float
    """Seconds worked, pauses excluded. For holds this is the hold time."""
    started_at: datetime
    """Wall-clock start, UTC."""
    ended_at: datetime
    """Wall-clock end, UTC."""
    skipped: bool = False
    short: bool = False
    """A hold ended before its (minimum) time."""
    load: str | None = None
