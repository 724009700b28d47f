"""A routine laid out as the exact sequence of phases a session runs, and its estimated length.

This is the one place that decides the order of sets, sides and rounds and how long each phase
lasts. The estimate in `hiptimer list` and the live session engine both walk the same steps, so a
session that is never paused or skipped takes exactly the estimated time.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from hiptimer.routines.durations import MAX_SECONDS, CountRange, format_duration
from hiptimer.routines.model import Block, BlockStyle, Exercise, Routine

__all__ = [
    "MAX_SESSION_SETS",
    "Phase",
    "Plan",
    "PlanDefaults",
    "SetKey",
    "Step",
    "StepKind",
    "build_plan",
    "estimate_seconds",
    "session_size_problem",
]

MAX_SESSION_SETS = 5000
"""The most sets (each side counted) one session may plan, ranges at their top."""


@dataclass(frozen=True)
class PlanDefaults:
    """The values a routine may leave out. Settings override them; these are hiptimer's own."""

    get_ready: float = 5.0
    switch: float = 10.0
    rest: float = 60.0
    rest_between: float = 15.0
    """Circuits: the walk from one exercise to the next within a round."""
    seconds_per_rep: float = 3.0
    """Estimate for a rep without a tempo: about one second up, one down, one to reset."""
    max_hold: float = 60.0
    """Estimate for a hold to fatigue, which has no planned length."""
    max_reps: int = 15
    """Estimate for reps to fatigue."""


class Phase(StrEnum):
    """What the runner is doing: the kind of a plan step, and the phase a session is in. The
    banner text is the value."""

    GET_READY = "GET READY"
    REPS = "REPS"
    HOLD = "HOLD"
    MAX_HOLD = "MAX HOLD"
    SWITCH = "SWITCH"
    REST = "REST"
    DONE = "DONE"
    """The session is over. No step of a plan is of this kind."""

    @property
    def is_work(self) -> bool:
        return self in (Phase.REPS, Phase.HOLD, Phase.MAX_HOLD)


StepKind = Phase
"""A plan step's kind is the phase it runs as: the same type, named for where it is stored."""


@dataclass(frozen=True, order=True)
class SetKey:
    """One planned set on one side: where it sits in the routine. Sets and rounds count from 0."""

    block: int
    exercise: int
    set: int
    side: int | None = None
    """Index into the exercise's `sides` (in the routine's order), or None for two-sided work."""


@dataclass(frozen=True, kw_only=True)
class Step:
    """One phase of the plan. A rest, switch or get-ready carries the key of the work it leads into."""

    kind: StepKind
    key: SetKey
    seconds: float
    """Planned length. Untimed work (reps without tempo, max holds) uses the estimate."""
    timed: bool
    """True when the step ends by itself after `seconds`."""
    exercise: Exercise = field(compare=False, repr=False)
    block: Block = field(compare=False, repr=False)
    set_count: int = 1
    """Sets of the exercise in a straight block, or rounds in a circuit, as planned now."""
    after: SetKey | None = None
    """For a rest or switch, the work it follows."""

    @property
    def side_label(self) -> str | None:
        sides = self.exercise.sides
        return None if sides is None or self.key.side is None else sides[self.key.side]

    @property
    def is_circuit(self) -> bool:
        return self.block.style is BlockStyle.CIRCUIT

    @property
    def target_reps(self) -> int | None:
        """Reps the set counts to; a range counts to its top. None for holds and max reps."""
        reps = self.exercise.reps
        return None if reps is None or reps.is_max else reps.high

    @property
    def progress_text(self) -> str:
        """ "set 2/3" or "round 1/4"."""
        word = "round" if self.is_circuit else "set"
        return f"{word} {self.key.set + 1}/{self.set_count}"


@dataclass(frozen=True)
class Plan:
    """The steps of a routine, in order, as a session runs them."""

    routine: Routine
    steps: tuple[Step, ...]

    @property
    def total_seconds(self) -> float:
        return sum(step.seconds for step in self.steps)

    @property
    def work_steps(self) -> tuple[Step, ...]:
        return tuple(step for step in self.steps if step.kind.is_work)


@dataclass(frozen=True)
class _PlannedSet:
    block_index: int
    exercise_index: int
    set_index: int
    set_count: int
    rest_after: float


def build_plan(
    routine: Routine,
    defaults: PlanDefaults | None = None,
    *,
    first_side: int = 0,
    extra_sets: Mapping[tuple[int, int], int] | None = None,
    extra_rounds: Mapping[int, int] | None = None,
) -> Plan:
    """Lay a routine out as steps.

    `first_side` (0 or 1) picks which of each exercise's two sides goes first. `extra_sets`
    (keyed by block and exercise index) and `extra_rounds` (keyed by block) add sets or rounds
    beyond a range's lower bound, which is what a session runs by default.
    """
    defaults = defaults or PlanDefaults()
    planned = _planned_sets(routine, defaults, extra_sets or {}, extra_rounds or {})
    get_ready = routine.get_ready if routine.get_ready is not None else defaults.get_ready
    steps: list[Step] = []
    for number, planned_set in enumerate(planned):
        block = routine.blocks[planned_set.block_index]
        exercise = block.exercise[planned_set.exercise_index]
        whole = exercise
        sides: list[int | None] = [None]
        first = _first_side(whole, first_side)
        if first is not None:
            sides = [first, 1 - first]

        for side_number, side in enumerate(sides):
            exercise = whole.for_side(_label(whole, side))
            kind, seconds, timed = _work(exercise, defaults)
            key = SetKey(
                planned_set.block_index, planned_set.exercise_index, planned_set.set_index, side
            )
            lead_in = StepKind.GET_READY
            lead_in_seconds = get_ready if kind is not StepKind.REPS or exercise.tempo else 0.0
            if side_number == 1:
                lead_in = StepKind.SWITCH
                lead_in_seconds = (
                    exercise.switch if exercise.switch is not None else defaults.switch
                )
            if lead_in_seconds > 0:
                after = steps[-1].key if lead_in is StepKind.SWITCH else None
                steps.append(
                    Step(
                        kind=lead_in,
                        key=key,
                        seconds=lead_in_seconds,
                        timed=True,
                        exercise=exercise,
                        block=block,
                        set_count=planned_set.set_count,
                        after=after,
                    )
                )
            steps.append(
                Step(
                    kind=kind,
                    key=key,
                    seconds=seconds,
                    timed=timed,
                    exercise=exercise,
                    block=block,
                    set_count=planned_set.set_count,
                )
            )
        if number < len(planned) - 1 and planned_set.rest_after > 0:
            following = planned[number + 1]
            next_exercise = routine.blocks[following.block_index].exercise[following.exercise_index]
            next_side = _first_side(next_exercise, first_side)
            next_exercise = next_exercise.for_side(_label(next_exercise, next_side))
            rest_key = SetKey(
                following.block_index, following.exercise_index, following.set_index, next_side
            )
            following_block = routine.blocks[following.block_index]
            steps.append(
                Step(
                    kind=StepKind.REST,
                    key=rest_key,
                    seconds=planned_set.rest_after,
                    timed=True,
                    exercise=next_exercise,
                    block=following_block,
                    set_count=following.set_count,
                    after=steps[-1].key,
                )
            )
    return Plan(routine, tuple(steps))


def _first_side(exercise: Exercise, first_side: int) -> int | None:
    """Which side starts: the exercise's own `first`, else the session's; None without sides."""
    if exercise.sides is None:
        return None
    return first_side if exercise.first is None else exercise.sides.index(exercise.first)


def _label(exercise: Exercise, side: int | None) -> str | None:
    return None if side is None or exercise.sides is None else exercise.sides[side]


def estimate_seconds(routine: Routine, defaults: PlanDefaults | None = None) -> float:
    """How long the routine takes when run as planned, nothing paused or skipped."""
    return build_plan(routine, defaults).total_seconds


def _work(exercise: Exercise, defaults: PlanDefaults) -> tuple[StepKind, float, bool]:
    """The kind of work step, its planned seconds and whether it ends by itself."""
    if exercise.hold is not None:
        if exercise.hold.is_max:
            return StepKind.MAX_HOLD, defaults.max_hold, False
        return StepKind.HOLD, exercise.hold.high, True
    reps_range = exercise.reps or CountRange(defaults.max_reps, defaults.max_reps, is_max=True)
    reps = defaults.max_reps if reps_range.is_max else reps_range.high
    if exercise.tempo is not None:
        return StepKind.REPS, reps * exercise.tempo.rep_seconds, True
    return StepKind.REPS, reps * defaults.seconds_per_rep, False


def _planned_sets(
    routine: Routine,
    defaults: PlanDefaults,
    extra_sets: Mapping[tuple[int, int], int],
    extra_rounds: Mapping[int, int],
) -> list[_PlannedSet]:
    planned: list[_PlannedSet] = []
    for block_index, block in enumerate(routine.blocks):
        block_rest = block.rest if block.rest is not None else defaults.rest
        if block.style is BlockStyle.CIRCUIT:
            rounds = block.round_count.low + extra_rounds.get(block_index, 0)
            between = (
                block.rest_between if block.rest_between is not None else defaults.rest_between
            )
            last = len(block.exercise) - 1
            for round_index in range(rounds):
                for exercise_index, exercise in enumerate(block.exercise):
                    rest = block_rest if exercise_index == last else exercise.rest
                    if rest is None:
                        rest = between
                    planned.append(
                        _PlannedSet(block_index, exercise_index, round_index, rounds, rest)
                    )
            continue
        for exercise_index, exercise in enumerate(block.exercise):
            sets = (exercise.sets.low if exercise.sets else 1) + extra_sets.get(
                (block_index, exercise_index), 0
            )
            rest = exercise.rest if exercise.rest is not None else block_rest
            for set_index in range(sets):
                planned.append(_PlannedSet(block_index, exercise_index, set_index, sets, rest))
    return planned


def _most_sets(routine: Routine) -> int:
    """Sets on each side at the top of every range, counted without laying the plan out."""
    total = 0
    for block in routine.blocks:
        per_pass = sum(2 if exercise.sides else 1 for exercise in block.exercise)
        if block.style is BlockStyle.CIRCUIT:
            total += block.round_count.high * per_pass
        else:
            total += sum(
                (exercise.sets.high if exercise.sets else 1) * (2 if exercise.sides else 1)
                for exercise in block.exercise
            )
    return total


def session_size_problem(routine: Routine) -> str | None:
    """Why a routine is too big to run (over `MAX_SESSION_SETS` sets or 24h), or None.

    Counted with every range at its top and hiptimer's own defaults, so `+` in a session can
    never take it past either bound.
    """
    sets = _most_sets(routine)
    if sets > MAX_SESSION_SETS:
        return (
            f"plans {sets} sets (each side counted, ranges at their top); "
            f"a session has at most {MAX_SESSION_SETS}"
        )
    extra_sets = {
        (block_index, exercise_index): exercise.sets.high - exercise.sets.low
        for block_index, block in enumerate(routine.blocks)
        for exercise_index, exercise in enumerate(block.exercise)
        if exercise.sets is not None
    }
    extra_rounds = {
        block_index: block.round_count.high - block.round_count.low
        for block_index, block in enumerate(routine.blocks)
    }
    longest = build_plan(routine, extra_sets=extra_sets, extra_rounds=extra_rounds).total_seconds
    if longest > MAX_SECONDS:
        return (
            f"runs for {format_duration(longest)} (ranges at their top); "
            "a session lasts at most 24h"
        )
    return None
