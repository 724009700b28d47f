"""A routine as hiptimer runs it: plain frozen dataclasses, checked once by `schema`.

Nothing here imports pydantic: a routine the cache already holds is built from these alone, so
the picker paints, and a whole session runs, without loading the validators (see `cache`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, is_dataclass, replace
from enum import StrEnum
from typing import Any

from hiptimer.routines.durations import CountRange, DurationRange, parse_duration, shown

__all__ = [
    "Block",
    "BlockRung",
    "BlockStyle",
    "Exercise",
    "Progression",
    "Routine",
    "Rung",
    "Sides",
    "Tempo",
    "field_names",
    "raw_fields",
    "rung_fields",
    "set_fields",
]


class Sides(tuple[str, str]):
    """The two labels of one-sided work, in the order written: ("left", "right")."""

    __slots__ = ()

    @classmethod
    def parse(cls, value: object) -> Sides:
        if value == "each":
            return cls(("left", "right"))
        if not isinstance(value, list | tuple):
            raise ValueError(
                f'{shown(value)} is not a pair of sides; write "each" or ["left", "right"]'
            )
        if len(value) != 2:
            raise ValueError(
                f"{len(value)} side(s) given; one-sided work has exactly two, "
                'e.g. ["left", "right"] or "each"'
            )
        labels = [str(label).strip() if isinstance(label, str) else "" for label in value]
        if not all(labels):
            raise ValueError('each side needs a name, e.g. ["left", "right"]')
        if max(len(label) for label in labels) > 40:
            raise ValueError('a side\'s name is at most 40 characters, e.g. ["left", "right"]')
        if labels[0].lower() == labels[1].lower():
            raise ValueError(
                f'both sides are "{labels[0]}"; name two different sides, e.g. ["left", "right"]'
            )
        return cls((labels[0], labels[1]))


class Tempo(tuple[float, ...]):
    """Seconds for each part of one rep, e.g. "2-1-2": two up, one pause, two down."""

    __slots__ = ()

    @classmethod
    def parse(cls, value: object) -> Tempo:
        example = 'write it as seconds per part, e.g. "2-1-2" (up, pause, down)'
        if not isinstance(value, str):
            raise ValueError(f"{shown(value)} is not a tempo; {example}")
        parts = value.strip().split("-")
        try:
            seconds = [float(part) for part in parts]
        except ValueError:
            raise ValueError(f'"{value}" is not a tempo; {example}') from None
        if not 2 <= len(seconds) <= 4 or sum(seconds) <= 0:
            raise ValueError(f'"{value}" is not a tempo; {example}')
        if not all(math.isfinite(part) and 0 <= part <= 60 for part in seconds):
            raise ValueError(f'"{value}" is not a tempo: each part is 0 to 60 seconds; {example}')
        return cls(seconds)

    @property
    def rep_seconds(self) -> float:
        return sum(self)

    def __str__(self) -> str:
        return "-".join(f"{part:g}" for part in self)


@dataclass(frozen=True, slots=True)
class Progression:
    """How the coach moves an exercise's target up its range. Every key has a default."""

    step: float | None = None
    """Target step: 1 rep, or seconds for a hold; None for the default."""
    sessions: int = 2
    """Sessions in a row meeting the target before it climbs."""
    load_step: float | None = None
    """Weight added at the top of the last rung; None for 2.5 kg or 5 lb."""


@dataclass(frozen=True, slots=True)
class Rung:
    """One rung of an exercise's ladder: a harder variant or dose. Unset fields are the exercise's."""

    name: str
    reps: CountRange | None = None
    hold: DurationRange | None = None
    sets: CountRange | None = None
    sides: Sides | None = None
    switch: float | None = None
    rest: float | None = None
    tempo: Tempo | None = None
    load: str | None = None
    cues: list[str] | None = None
    at: dict[str, str] | None = None
    notes: str | None = None
    link: str | None = None
    two_sided: bool = False
    """This rung works both sides at once, though the exercise has sides."""


@dataclass(frozen=True, slots=True)
class Exercise:
    """One exercise: either counted (`reps`) or held (`hold`), on one side or on two."""

    name: str
    reps: CountRange | None = None
    hold: DurationRange | None = None
    sets: CountRange | None = None
    sides: Sides | None = None
    switch: float | None = None
    """Window between the two sides of a set."""
    rest: float | None = None
    """Rest after each set of this exercise."""
    tempo: Tempo | None = None
    load: str | None = None
    """What to lift, e.g. "bodyweight", "heavy"."""
    cues: list[str] = field(default_factory=list)
    at: dict[str, str] = field(default_factory=dict)
    """Cues tied to a moment of the hold: { "1:00" = "..." }."""
    notes: str | None = None
    link: str | None = None
    progression: Progression | None = None
    rung: list[Rung] = field(default_factory=list)
    """A ladder: each session runs the runner's rung, not every rung in a row."""
    per_side: dict[str, float] = field(default_factory=dict)
    """A side's own dose over `reps` or `hold`, in reps or seconds."""
    first: str | None = None
    """The side that goes first in this exercise (the coach: the weaker)."""

    @property
    def is_ladder(self) -> bool:
        return bool(self.rung)

    def for_side(self, label: str | None) -> Exercise:
        """The exercise as one side runs it: that side's `per_side` dose, if it has one."""
        if label is None or label not in self.per_side:
            return self
        dose = self.per_side[label]
        if self.reps is not None:
            return replace(self, reps=CountRange(int(dose), int(dose)))
        return replace(self, hold=DurationRange(dose, dose))

    def at_rung(self, index: int) -> Exercise:
        """The exercise as rung `index` runs it: the rung's fields over the exercise's own.

        `schema` checked every rung this way when the file was read, so this one is valid."""
        return Exercise(**rung_fields(set_fields(self), set_fields(self.rung[index])))

    @property
    def at_seconds(self) -> dict[float, str]:
        """The `at` cues keyed by their moment in seconds from the start of the hold."""
        return {parse_duration(moment): cue for moment, cue in self.at.items()}

    @property
    def one_sided(self) -> bool:
        return self.sides is not None

    def set_dose(self, *, with_tempo: bool = False) -> str:
        """One set's dose, the one wording everywhere: "15 reps", "8–12 reps", "reps to
        fatigue", "0:30 hold", "2:00–3:00 hold", "hold to fatigue"; with the tempo,
        "15 reps at tempo 2-1-2"."""
        if self.hold is not None:
            return "hold to fatigue" if self.hold.is_max else f"{self.hold.clock_text} hold"
        if self.reps is None or self.reps.is_max:
            return "reps to fatigue"
        tempo = f" at tempo {self.tempo}" if with_tempo and self.tempo else ""
        return f"{self.reps} reps{tempo}"

    def describe_target(self) -> str:
        """ "3 × 15 reps per side (left / right)", "2:00–3:00 hold" – the whole dose."""
        sets = self.sets or CountRange(1, 1)
        dose = self.set_dose()
        if sets.high > 1 or sets.is_range:
            dose = f"{sets} × {dose}"
        return dose + self.sides_text

    @property
    def sides_text(self) -> str:
        """ " per side", or " per side (clockwise / counter-clockwise)" when the sides are not
        left and right; "" for two-sided work."""
        if self.sides is None:
            return ""
        if [label.lower() for label in self.sides] == ["left", "right"]:
            return " per side"
        return f" per side ({self.sides[0]} / {self.sides[1]})"


def rung_fields(exercise: Mapping[str, Any], rung: Mapping[str, Any]) -> dict[str, Any]:
    """An exercise's set fields as one of its rungs runs it: the rung's over the exercise's,
    without what the rung's kind of work rules out. The model and the check both use it."""
    data = {**exercise, **{name: value for name, value in rung.items() if value is not None}}
    data.pop("rung", None)
    data.pop("two_sided", None)
    if rung.get("reps") is not None:
        data.pop("hold", None)
        if rung.get("at") is None:
            data.pop("at", None)
    if rung.get("hold") is not None:
        data.pop("reps", None)
        data.pop("tempo", None)
    if rung.get("two_sided"):
        data.pop("sides", None)
        data.pop("switch", None)
    return data


def field_names(model: object) -> list[str]:
    """The fields a routine file may set on `model` (a class or an instance), in file order:
    a dataclass's, or a pydantic model's."""
    kind = model if isinstance(model, type) else type(model)
    if is_dataclass(kind):
        return [item.name for item in fields(kind) if item.init]
    return list(getattr(kind, "model_fields", {}))


def set_fields(model: object) -> dict[str, Any]:
    """A model's fields that are not None, by name."""
    values = {name: getattr(model, name) for name in field_names(model)}
    return {name: value for name, value in values.items() if value is not None}


def raw_fields(model: object) -> dict[str, Any]:
    """A model's set fields as a routine file writes them, so they validate again unchanged."""
    return {name: raw_value(value) for name, value in set_fields(model).items()}


def raw_value(value: object) -> Any:
    """One field's value as a routine file writes it."""
    if isinstance(value, DurationRange):
        if value.is_max:
            return "max"
        return f"{value.low:g}s..{value.high:g}s" if value.is_range else value.high
    if isinstance(value, CountRange):
        if value.is_max:
            return "max"
        return f"{value.low}..{value.high}" if value.is_range else value.high
    if isinstance(value, Tempo):
        return str(value)
    if isinstance(value, Sides):
        return list(value)
    if isinstance(value, Progression):
        return {
            key: int(item) if isinstance(item, float) and item.is_integer() else item
            for key, item in set_fields(value).items()
        }
    if isinstance(value, list):
        return [raw_value(item) for item in value]
    if field_names(value):
        return raw_fields(value)
    return value


class BlockStyle(StrEnum):
    """How a block orders its sets."""

    STRAIGHT = "straight"
    """All sets of one exercise, then the next exercise."""
    CIRCUIT = "circuit"
    """One set of each exercise in turn, then the next round."""


@dataclass(frozen=True, slots=True)
class BlockRung:
    """One rung of a circuit's ladder: its rounds, and the weight for every exercise that names one."""

    name: str
    rounds: CountRange | None = None
    load: str | None = None
    """Replaces the load of each exercise in the block that names one."""


@dataclass(frozen=True, slots=True)
class Block:
    """A group of exercises run straight or as a circuit."""

    name: str | None = None
    style: BlockStyle = BlockStyle.STRAIGHT
    rounds: CountRange | None = None
    rest: float | None = None
    """Between rounds (circuit) or sets (straight)."""
    rest_between: float | None = None
    """Circuit only: between exercises within a round."""
    exercise: list[Exercise] = field(default_factory=list)
    progression: Progression | None = None
    """Circuits: how the coach climbs a rounds range (step 1 round)."""
    rung: list[BlockRung] = field(default_factory=list)
    """Circuits: a ladder of rounds and loads."""

    @property
    def is_ladder(self) -> bool:
        """A circuit that progresses: by rungs, or by a range of rounds."""
        return self.style is BlockStyle.CIRCUIT and (bool(self.rung) or self.round_count.is_range)

    def at_rung(self, index: int) -> Block:
        """The circuit as rung `index` runs it: its rounds, and its load on loaded exercises."""
        rung = self.rung[index]
        exercises = [
            replace(exercise, load=rung.load)
            if rung.load is not None and exercise.load is not None
            else exercise
            for exercise in self.exercise
        ]
        rounds = rung.rounds if rung.rounds is not None else self.rounds
        return replace(self, exercise=exercises, rung=[], rounds=rounds)

    @property
    def round_count(self) -> CountRange:
        return self.rounds or CountRange(1, 1)


@dataclass(frozen=True, slots=True)
class Routine:
    """A whole routine file. It lists either `exercise` (one straight block) or `block`."""

    name: str
    summary: str | None = None
    source: str | None = None
    """The article or coach the routine comes from."""
    tags: list[str] = field(default_factory=list)
    equipment: list[str] = field(default_factory=list)
    get_ready: float | None = None
    """Countdown before each timed phase."""
    notes: str | None = None
    exercise: list[Exercise] | None = None
    block: list[Block] | None = None
    next: str | None = None
    """The routine (by id) to move on to once every exercise here is at the top of its range."""
    blocks: tuple[Block, ...] = field(init=False, repr=False, compare=False)
    """The routine as blocks; a plain exercise list is one straight block."""
    exercises: tuple[Exercise, ...] = field(init=False, repr=False, compare=False)
    """Every exercise, block by block."""

    def __post_init__(self) -> None:
        # Laid out once: a session's plan reads them for every set, and the routine is frozen.
        blocks = (
            tuple(self.block) if self.block is not None else (Block(exercise=self.exercise or []),)
        )
        object.__setattr__(self, "blocks", blocks)
        exercises = tuple(exercise for block in blocks for exercise in block.exercise)
        object.__setattr__(self, "exercises", exercises)
