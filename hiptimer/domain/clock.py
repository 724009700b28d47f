"""Clocks: the injected monotonic clock, and a fake one that tests and snapshots move by hand."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

__all__ = ["FakeClock"]


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
