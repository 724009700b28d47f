"""Today's dose: sets, reps, a hold or a rest changed for one session, and written into the file.

A change is applied to the routine's own text with tomlkit, which keeps every comment, blank line
and the layout of the file byte for byte outside the values changed. The session runs that text
(so the history keeps what was run), and `write_dose` puts the same change into the runner's file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

import tomlkit
from tomlkit.items import Item, Table

from hiptimer.routines.durations import format_clock, format_duration
from hiptimer.routines.files import write_atomically
from hiptimer.routines.loader import parse_routine
from hiptimer.routines.model import BlockStyle, Exercise, Routine
from hiptimer.routines.problems import RoutineFileError

__all__ = [
    "DoseField",
    "DoseLimit",
    "ExercisePlace",
    "TodaysDose",
    "apply_dose",
    "exercise_places",
    "write_dose",
]


class DoseField(StrEnum):
    SETS = "sets"
    REPS = "reps"
    HOLD = "hold"
    REST = "rest"


@dataclass(frozen=True, order=True)
class ExercisePlace:
    """Where an exercise is written: the n-th [[exercise]], or the n-th [[block.exercise]] of a
    block."""

    block: int | None
    index: int

    def table_path(self) -> tuple[str | int, ...]:
        if self.block is None:
            return ("exercise", self.index)
        return ("block", self.block, "exercise", self.index)


def exercise_places(routine: Routine) -> list[tuple[ExercisePlace, Exercise, BlockStyle]]:
    """Every exercise with its place in the file and the style of its block, in file order."""
    if routine.block is None:
        return [
            (ExercisePlace(None, index), exercise, BlockStyle.STRAIGHT)
            for index, exercise in enumerate(routine.exercise or [])
        ]
    return [
        (ExercisePlace(number, index), exercise, block.style)
        for number, block in enumerate(routine.block)
        for index, exercise in enumerate(block.exercise)
    ]


Change = Mapping[tuple[ExercisePlace, DoseField], float]


def apply_dose(text: str, changes: Change) -> str:
    """The routine's text with each changed value written in, in the style it was written in
    ("2m" stays minutes and seconds, "1:30" stays a clock, 45 stays a number)."""
    if not changes:
        return text
    document = tomlkit.parse(text)
    for (place, field), value in changes.items():
        table = _table(document, place)
        table[str(field)] = _written(table.get(str(field)), field, value)
    return tomlkit.dumps(document)


def _table(document: Any, place: ExercisePlace) -> Table:
    node: Any = document
    for part in place.table_path():
        node = node[part]
    if not isinstance(node, Table):
        raise TypeError(f"{place} is not a table")
    return node


def _written(old: Item | None, field: DoseField, value: float) -> Any:
    if field in (DoseField.SETS, DoseField.REPS):
        return int(value)
    plain = old.unwrap() if isinstance(old, Item) else None
    if isinstance(plain, int | float) and not isinstance(plain, bool):
        return int(value) if float(value).is_integer() else value
    if isinstance(plain, str) and ":" in plain:
        return format_clock(value)
    return format_duration(value)


@dataclass(frozen=True)
class DoseLimit:
    """How far one value may go today: the file's range if it gives one, else hiptimer's bounds."""

    low: float
    high: float


_BOUNDS: dict[DoseField, tuple[float, float]] = {
    DoseField.SETS: (1, 20),
    DoseField.REPS: (1, 200),
    DoseField.HOLD: (5, 3600),
    DoseField.REST: (0, 1800),
}


def _step(field: DoseField, seconds: float, direction: int) -> float:
    """One rep or set; 5 s up to a minute and 15 s above it, the same either way across 1:00."""
    if field in (DoseField.SETS, DoseField.REPS):
        return 1
    above = seconds >= 60 if direction > 0 else seconds > 60
    return 15 if above else 5


class TodaysDose:
    """The changes made on the preview for this session, checked as they are made: a step that
    would leave the file's range, or make the routine invalid (an `at` cue after a shorter hold),
    is refused with a reason."""

    def __init__(self, text: str, *, file: str, rest_default: float) -> None:
        self.text = text
        self.file = file
        self.rest_default = rest_default
        self.changes: dict[tuple[ExercisePlace, DoseField], float] = {}
        self.routine = parse_routine(text, file=file)
        self._written = self._now

    @property
    def routine(self) -> Routine:
        """The routine as it runs today."""
        return self._routine

    @routine.setter
    def routine(self, routine: Routine) -> None:
        self._routine = routine
        self._now = self._places(routine)

    @staticmethod
    def _places(routine: Routine) -> dict[ExercisePlace, tuple[Exercise, BlockStyle]]:
        return {place: (exercise, style) for place, exercise, style in exercise_places(routine)}

    @property
    def changed_text(self) -> str:
        return apply_dose(self.text, self.changes)

    def value(self, place: ExercisePlace, field: DoseField) -> tuple[float, float] | None:
        """The low and high of a value as it stands today; None for a value the exercise has not
        (reps on a hold, sets in a circuit) or that goes to fatigue ("max")."""
        exercise, style = self._now[place]
        if exercise.is_ladder:
            return None  # the runner's rung sets the dose; the file says how it climbs
        if field is DoseField.SETS:
            if style is BlockStyle.CIRCUIT:
                return None
            sets = exercise.sets
            return (sets.low, sets.high) if sets else (1, 1)
        if field is DoseField.REST:
            if style is BlockStyle.CIRCUIT:
                return None
            rest = self.rest_after(place)
            return (rest, rest)
        count = exercise.reps if field is DoseField.REPS else exercise.hold
        if count is None or count.is_max:
            return None
        return (count.low, count.high)

    def rest_after(self, place: ExercisePlace) -> float:
        """The rest after each set of this exercise today: its own, else its block's, else the
        runner's default (a ladder's too, though its rung sets the rest of its dose)."""
        exercise = self._now[place][0]
        return exercise.rest if exercise.rest is not None else self._block_rest(place)

    def _block_rest(self, place: ExercisePlace) -> float:
        routine = self.routine
        if place.block is not None and routine.block is not None:
            rest = routine.block[place.block].rest
            if rest is not None:
                return rest
        return self.rest_default

    def limit(self, place: ExercisePlace, field: DoseField) -> DoseLimit | None:
        written = self._written[place][0]
        original = {
            DoseField.SETS: written.sets,
            DoseField.REPS: written.reps,
            DoseField.HOLD: written.hold,
        }.get(field)
        now = self.value(place, field)
        if now is None:
            return None
        if original is not None and original.is_range:
            return DoseLimit(original.low, original.high)
        low, high = _BOUNDS[field]
        return DoseLimit(low, high)

    def step(self, place: ExercisePlace, field: DoseField, direction: int) -> str | None:
        """One step up (+1) or down (-1); None when done, else why it could not be."""
        now, limit = self.value(place, field), self.limit(place, field)
        if now is None or limit is None:
            return f"{field} cannot be changed here"
        current = now[1]  # a range narrows from its top: today's dose is one value
        wanted = current + direction * _step(field, current, direction)
        wanted = min(max(wanted, limit.low), limit.high)
        if wanted == current and now[0] == now[1]:
            edge = "most" if direction > 0 else "least"
            return f"{_shown(field, wanted)} is the {edge} {self._why(limit, field)}"
        changes = {**self.changes, (place, field): wanted}
        try:
            routine = parse_routine(apply_dose(self.text, changes), file=self.file)
        except RoutineFileError as error:
            return error.problems[0].message
        self.changes, self.routine = changes, routine
        return None

    def _why(self, limit: DoseLimit, field: DoseField) -> str:
        if (limit.low, limit.high) == _BOUNDS[field]:
            return "hiptimer allows"
        return f"the file allows ({_shown(field, limit.low)}..{_shown(field, limit.high)})"


def _shown(field: DoseField, value: float) -> str:
    if field is DoseField.SETS:
        return f"{int(value)} sets"
    if field is DoseField.REPS:
        return f"{int(value)} reps"
    return format_clock(value)


def write_dose(path: Path, changes: Change) -> Routine:
    """Write today's changes into a routine file as it is on disk now; the routine written.
    Raises RoutineFileError (nothing written) if the result would not pass the check."""
    text = path.read_text(encoding="utf-8")
    changed = apply_dose(text, changes)
    routine = parse_routine(changed, file=path.name)
    write_atomically(path, changed)
    return routine
