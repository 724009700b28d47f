"""Every ladder's standing, read from the history store in one pass per ladder."""

from __future__ import annotations

from collections.abc import Iterable

from hiptimer.domain.coach.ladders import Ladder, ladders_in
from hiptimer.domain.coach.replay import LadderStatus, follow, observations
from hiptimer.domain.history.records import CoachChoice
from hiptimer.domain.history.store import HistoryStore
from hiptimer.routines.model import Routine

__all__ = ["WINDOW", "all_ladders", "standing", "standings"]

WINDOW = 12
"""The latest sessions of the ladder's routines the coach replays. The first of them starts from the dose it
ran (as logged), so ten years of history cost what a fortnight does; 12 is more than any rule
looks back (2 sessions to climb, 2 misses to step back)."""


def all_ladders(routines: Iterable[tuple[str, Routine]]) -> list[Ladder]:
    """Every ladder of these routines, routine by routine in the order given."""
    return [
        ladder for routine_id, routine in routines for ladder in ladders_in(routine_id, routine)
    ]


def standing(
    store: HistoryStore,
    ladder: Ladder,
    *,
    unit: str = "kg",
    choices: Iterable[CoachChoice] | None = None,
) -> LadderStatus:
    """One ladder, replayed from its sets and the runner's choices."""
    rows = store.ladder_rows(
        ladder.counted_routines, ladder.exercises, last=WINDOW, rounds=ladder.exercise is None
    )
    chosen = store.choices() if choices is None else choices
    return follow(ladder, observations(ladder, rows), chosen, unit=unit)


def standings(
    store: HistoryStore, ladders: Iterable[Ladder], *, unit: str = "kg"
) -> list[LadderStatus]:
    choices = store.choices()
    return [standing(store, ladder, unit=unit, choices=choices) for ladder in ladders]
