"""Clocks: a fake one that tests and snapshots move by hand, and what a hold does when the clock
shows that the laptop slept.

The settings import `AfterSuspend` from here rather than from the engine, so reading config.toml at
start-up does not load the engine and its views before the picker is painted.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from enum import StrEnum

__all__ = ["EPSILON", "AfterSuspend", "FakeClock"]

EPSILON = 1e-6
"""Seconds within which two moments count as one: float sums such as 0.1 * 3 must not turn
"0:10 left" into "0:11", nor fire a cue a beat late."""


class AfterSuspend(StrEnum):
    """What a hold does after the laptop slept through part of it."""

    ASK = "ask"
    """Stop the hold where it was last seen and ask: resume, restart it, or mark it done."""
    KEEP = "keep"
    """Keep counting, as if the runner carried on while the screen was asleep."""
    PAUSE = "pause"
    """Stop the hold where it was last seen, without asking."""


class FakeClock:
    """A monotonic clock that only moves when told to, with a matching wall clock."""

    def __init__(self, start: float = 1000.0, wall_start: datetime | None = None) -> None:
        self.now = start
        self._start = start
        self._wall_start = wall_start or datetime(2026, 11, 21, 7, 0, tzinfo=UTC)

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds

    def wall(self) -> datetime:
        return self._wall_start + timedelta(seconds=self.now - self._start)
