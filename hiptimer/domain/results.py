"""What a session records: one result per set per side, handed off the moment it happens."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from hiptimer.routines.plan import SetKey, StepKind

__all__ = ["MOST_WEIGHT", "SetResult", "parse_weight", "span_seconds"]

MOST_WEIGHT = 1000.0
"""Heavier than anyone lifts for hip work, in either unit: a bigger number is a typo."""


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
    """The plan as a runner reads it (`Exercise.set_dose`): "15 reps", "2:00–3:00 hold"."""
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


def span_seconds(results: Iterable[SetResult]) -> float:
    """From the first set's start to the last one's end: how long a run of sets took, 0 for none."""
    results = list(results)
    if not results:
        return 0.0
    first = min(result.started_at for result in results)
    return (max(result.ended_at for result in results) - first).total_seconds()


def parse_weight(text: str) -> float | None:
    """A weight as the runner types it ("12.5", "12,5"), None for nothing typed.

    Raises ValueError with a sentence to show when it is not a number from 0 to MOST_WEIGHT."""
    typed = text.strip().replace(",", ".")
    if not typed:
        return None
    try:
        weight = float(typed)
    except ValueError:
        weight = math.nan
    if not (math.isfinite(weight) and 0 <= weight <= MOST_WEIGHT):
        raise ValueError(
            f'"{text}" is not a weight; type a number from 0 to {MOST_WEIGHT:g}, such as 12.5'
        )
    return weight
