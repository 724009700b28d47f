"""The ladders the coach follows, read from routine files: rungs of an exercise or a circuit."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import cached_property, lru_cache

from hiptimer.routines.durations import format_clock
from hiptimer.routines.model import Block, Exercise, Routine

__all__ = [
    "DEFAULT_HOLD_STEP",
    "DEFAULT_LOAD_STEP",
    "DEFAULT_REP_STEP",
    "DEFAULT_SESSIONS",
    "Ladder",
    "Measure",
    "RungDose",
    "covers",
    "ladders_in",
    "shared",
    "show_value",
]

DEFAULT_REP_STEP = 1.0
"""Reps a target climbs by, unless the exercise's `progression.step` says otherwise."""
DEFAULT_HOLD_STEP = 15.0
"""Seconds a hold's target climbs by."""
DEFAULT_SESSIONS = 2
"""Sessions in a row meeting the target before it climbs."""
DEFAULT_LOAD_STEP = {"kg": 2.5, "lb": 5.0}
"""Weight added at the top of the last rung, by weight unit."""


class Measure(StrEnum):
    """What a rung's target counts."""

    HOLD = "hold"
    REPS = "reps"
    ROUNDS = "rounds"


@dataclass(frozen=True)
class RungDose:
    """One rung as the coach sees it: what is logged under it and the range its target climbs."""

    name: str
    """The exercise name its sets are logged under, or a circuit rung's name."""
    measure: Measure
    low: float
    high: float
    step: float
    sides: tuple[str, ...]
    """The side labels, or ("",) for work on both sides at once."""
    sets: int
    """Sets (per side) a session must do for the target to count as met."""
    weighted: bool
    """The exercise names a load other than bodyweight: the top of the last rung adds weight."""

    @property
    def is_range(self) -> bool:
        return self.low < self.high


@dataclass(frozen=True)
class Ladder:
    """A dose that progresses: an exercise with a range or rungs, or a circuit's rounds."""

    key: str
    """Stable and typeable: "couch-stretch.couch-stretch"; what `hiptimer choose` takes."""
    name: str
    routine_id: str
    block: int
    exercise: int | None
    """The exercise's index in its block, or None for a circuit's rounds."""
    rungs: tuple[RungDose, ...]
    sessions: int
    load_step: float | None
    exercises: tuple[str, ...]
    """Every exercise name the ladder's sets are logged under."""
    per_round: int = 0
    """A circuit's sets (per side) in one round: how a round counts as done."""
    routines: tuple[str, ...] = ()
    """Every routine that runs this same ladder (see `shared`); empty: its own routine only."""
    keys: tuple[str, ...] = ()
    """Those routines' keys for it: a choice made under any of them counts."""

    @property
    def identity(self) -> tuple[object, ...]:
        """What makes two routines' ladders one: the same rungs, logged under the same names."""
        rungs = tuple((rung.name, rung.measure) for rung in self.rungs)
        return (self.exercise is None, self.exercises, rungs)

    @property
    def counted_routines(self) -> tuple[str, ...]:
        """The routines whose sessions move this ladder."""
        return self.routines or (self.routine_id,)

    @property
    def choice_keys(self) -> tuple[str, ...]:
        return self.keys or (self.key,)

    def rung_of(self, exercise_name: str) -> int | None:
        """The rung an exercise name is logged under; None for a circuit or another name."""
        if self.exercise is None:
            return None
        return self._rung_index.get(exercise_name)

    @cached_property
    def _rung_index(self) -> dict[str, int]:
        found: dict[str, int] = {}
        for index, rung in enumerate(self.rungs):
            found.setdefault(rung.name, index)
        return found


@lru_cache(maxsize=1024)
def show_value(measure: Measure, value: float) -> str:
    """ "2:15", "10 reps", "4 rounds"."""
    if measure is Measure.HOLD:
        return format_clock(value)
    number = round(value)
    word = "rep" if measure is Measure.REPS else "round"
    return f"{number} {word}" if number == 1 else f"{number} {word}s"


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "ladder"


def ladders_in(routine_id: str, routine: Routine) -> list[Ladder]:
    """Every ladder of one routine, in the order they run."""
    found: list[Ladder] = []
    for block_index, block in enumerate(routine.blocks):
        if block.is_ladder:
            found.append(_circuit_ladder(routine_id, block_index, block))
        for exercise_index, exercise in enumerate(block.exercise):
            ladder = _exercise_ladder(routine_id, block_index, exercise_index, exercise)
            if ladder is not None:
                found.append(ladder)
    return found


def shared(ladders: Iterable[Ladder]) -> list[Ladder]:
    """Each ladder with every other routine that runs it: a side plank held in the in-season
    session moves the hip foundation's side plank too, and its pain gates both. A routine whose
    ladder has all of this one's rungs counts as well: a couch stretch session at level 1 is a
    session of the all-levels routine's level 1. Choices count across the same ladder only."""
    ladders = list(ladders)
    return [
        replace(
            ladder,
            routines=tuple(dict.fromkeys(o.routine_id for o in ladders if covers(o, ladder))),
            keys=tuple(dict.fromkeys(o.key for o in ladders if o.identity == ladder.identity)),
        )
        for ladder in ladders
    ]


def covers(other: Ladder, ladder: Ladder) -> bool:
    """`other` logs every rung of `ladder`, under the same names and measure."""
    if (other.exercise is None) != (ladder.exercise is None):
        return False
    if ladder.exercise is None:
        return set(ladder.exercises) <= set(other.exercises)
    rungs = {(rung.name, rung.measure) for rung in other.rungs}
    return all((rung.name, rung.measure) in rungs for rung in ladder.rungs)


def _exercise_ladder(routine_id: str, block: int, index: int, exercise: Exercise) -> Ladder | None:
    variants = (
        [exercise.at_rung(number) for number in range(len(exercise.rung))]
        if exercise.is_ladder
        else [exercise]
    )
    found = [_rung(variant) for variant in variants]
    rungs = [rung for rung in found if rung is not None]
    if len(rungs) != len(found) or (len(rungs) == 1 and not rungs[0].is_range):
        return None
    progression = exercise.progression
    return Ladder(
        key=f"{routine_id}.{slug(exercise.name)}",
        name=exercise.name,
        routine_id=routine_id,
        block=block,
        exercise=index,
        rungs=tuple(rungs),
        sessions=progression.sessions if progression else DEFAULT_SESSIONS,
        load_step=progression.load_step if progression else None,
        exercises=tuple(variant.name for variant in variants),
    )


def _rung(exercise: Exercise) -> RungDose | None:
    """None for a dose with nothing to climb: to fatigue ("max")."""
    step = exercise.progression.step if exercise.progression else None
    sides = tuple(exercise.sides) if exercise.sides else ("",)
    sets = exercise.sets.low if exercise.sets else 1
    weighted = exercise.load is not None and exercise.load.strip().lower() != "bodyweight"
    if exercise.hold is not None:
        if exercise.hold.is_max:
            return None
        low, high = exercise.hold.low, exercise.hold.high
        return RungDose(
            exercise.name, Measure.HOLD, low, high, step or DEFAULT_HOLD_STEP, sides, sets, weighted
        )
    reps = exercise.reps
    if reps is None or reps.is_max:
        return None
    return RungDose(
        exercise.name,
        Measure.REPS,
        reps.low,
        reps.high,
        step or DEFAULT_REP_STEP,
        sides,
        sets,
        weighted,
    )


def _circuit_ladder(routine_id: str, index: int, block: Block) -> Ladder:
    variants = [block.at_rung(n) for n in range(len(block.rung))] if block.rung else [block]
    names = [rung.name for rung in block.rung] if block.rung else [block.name or "Circuit"]
    rungs = tuple(
        RungDose(
            name,
            Measure.ROUNDS,
            variant.round_count.low,
            variant.round_count.high,
            DEFAULT_REP_STEP,
            ("",),
            1,
            False,
        )
        for name, variant in zip(names, variants, strict=True)
    )
    title = block.name or "Circuit"
    return Ladder(
        key=f"{routine_id}.{slug(title)}",
        name=title,
        routine_id=routine_id,
        block=index,
        exercise=None,
        rungs=rungs,
        sessions=block.progression.sessions if block.progression else DEFAULT_SESSIONS,
        load_step=None,
        exercises=tuple(exercise.name for exercise in block.exercise),
        per_round=sum(2 if exercise.sides else 1 for exercise in block.exercise),
    )
