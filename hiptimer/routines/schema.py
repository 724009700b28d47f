"""The routine file format's check: pydantic models that validate one TOML file a routine.

What they accept becomes the plain `model` that hiptimer runs (`validate_routine`). Only a file
the cache has not seen loads this module, and pydantic with it.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlparse

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainValidator,
    ValidationError,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from hiptimer.routines import model
from hiptimer.routines.durations import (
    CountRange,
    DurationRange,
    format_duration,
    parse_count_range,
    parse_duration,
    parse_duration_range,
    shown,
)
from hiptimer.routines.model import BlockStyle, Sides, Tempo, raw_value, rung_fields, set_fields
from hiptimer.routines.rules import BlockExercise, block_rules, kind_rule, routine_rule

__all__ = ["Block", "BlockRung", "Exercise", "Progression", "Routine", "Rung", "validate_routine"]

_DURATION_SCHEMA: dict[str, Any] = {
    "anyOf": [
        {"type": "integer", "minimum": 0},
        {
            "type": "string",
            "pattern": r"^\s*(\d+h)?(\d+m)?(\d+(\.\d+)?s)?\s*$|^\s*(\d+:)?\d+:[0-5]\d\s*$",
        },
    ],
    "examples": ["45s", "2m", "2m30s", "1:30", 90],
}
_HOLD_SCHEMA: dict[str, Any] = {
    "anyOf": [
        {"type": "integer", "minimum": 1},
        {"type": "string"},
    ],
    "description": 'A duration ("45s", "1:30"), a range "2m..3m", or "max" to hold to fatigue.',
    "examples": ["30s", "2m..3m", "max"],
}


def _count_schema(what: str, allow_max: bool) -> dict[str, Any]:
    extra = ', or "max" to go to fatigue' if allow_max else ""
    pattern = r"^\s*\d+\s*$|^\d+\.\.\d+$" + (r"|^max$" if allow_max else "")
    examples: list[object] = [12, "8..12"] if what == "reps" else [3, "3..4"]
    return {
        "anyOf": [
            {"type": "integer", "minimum": 1},
            {"type": "string", "pattern": pattern},
        ],
        "description": f'A whole number of {what}, a range "A..B"{extra}.',
        "examples": examples,
    }


def _duration(value: object) -> float:
    return parse_duration(value)


Seconds = Annotated[float, PlainValidator(_duration), WithJsonSchema(_DURATION_SCHEMA)]
Hold = Annotated[DurationRange, PlainValidator(parse_duration_range), WithJsonSchema(_HOLD_SCHEMA)]
Reps = Annotated[
    CountRange,
    PlainValidator(lambda value: parse_count_range(value, allow_max=True, what="reps")),
    WithJsonSchema(_count_schema("reps", allow_max=True)),
]
Sets = Annotated[
    CountRange,
    PlainValidator(lambda value: parse_count_range(value, what="sets")),
    WithJsonSchema(_count_schema("sets", allow_max=False)),
]
Rounds = Annotated[
    CountRange,
    PlainValidator(lambda value: parse_count_range(value, what="rounds")),
    WithJsonSchema(_count_schema("rounds", allow_max=False)),
]
MAX_TEXT = 2000
"""The longest name, cue or note, in characters; a paragraph, never a book."""
MAX_LIST = 100
"""The most cues, tags, equipment or `at` moments one field may list."""
MAX_EXERCISES = 1000
Text = Annotated[str, Field(min_length=1, max_length=MAX_TEXT)]


_SIDES_SCHEMA: dict[str, Any] = {
    "anyOf": [
        {"const": "each"},
        {
            "type": "array",
            "items": {"type": "string", "minLength": 1},
            "minItems": 2,
            "maxItems": 2,
        },
    ],
    "description": '"each" for ["left", "right"], or any two labels such as ["clockwise", "counter-clockwise"].',
}
SidesField = Annotated[Sides, PlainValidator(Sides.parse), WithJsonSchema(_SIDES_SCHEMA)]


_TEMPO_SCHEMA: dict[str, Any] = {
    "type": "string",
    "pattern": r"^\d+(\.\d+)?(-\d+(\.\d+)?){1,3}$",
    "description": "Seconds per part of a rep: up-pause-down.",
    "examples": ["2-1-2"],
}
TempoField = Annotated[Tempo, PlainValidator(Tempo.parse), WithJsonSchema(_TEMPO_SCHEMA)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


def _step(value: object) -> float:
    """A progression step: a whole number of reps (or rounds), or a duration for holds."""
    if isinstance(value, bool):
        raise ValueError(f'{shown(value)} is not a step; write 1 (rep) or "15s" (hold)')
    seconds = parse_duration(value)
    if seconds <= 0:
        raise ValueError(f'{shown(value)} is no step; write 1 (rep) or "15s" (hold)')
    return seconds


_STEP_SCHEMA: dict[str, Any] = {
    "anyOf": [{"type": "integer", "minimum": 1}, {"type": "string"}],
    "description": 'How far the target climbs: reps (1) or a duration ("15s") for holds.',
    "examples": [1, 2, "15s"],
}
StepValue = Annotated[float, PlainValidator(_step), WithJsonSchema(_STEP_SCHEMA)]


class Progression(_Strict):
    """How the coach moves an exercise's target up its range. Every key has a default."""

    step: StepValue | None = Field(
        None, description='Target step: 1 rep (default) or "15s" for a hold (default).'
    )
    sessions: int = Field(
        2, ge=1, le=10, description="Sessions in a row meeting the target before it climbs."
    )
    load_step: float | None = Field(
        None,
        gt=0,
        le=50,
        description="Weight added at the top of the last rung, in your weight unit "
        "(default 2.5 kg or 5 lb).",
    )


class Rung(_Strict):
    """One rung of an exercise's ladder: a harder variant or dose. Unset fields are the exercise's."""

    name: Text
    reps: Reps | None = None
    hold: Hold | None = None
    sets: Sets | None = None
    sides: SidesField | None = None
    switch: Seconds | None = None
    rest: Seconds | None = None
    tempo: TempoField | None = None
    load: Text | None = None
    cues: list[Text] | None = Field(None, max_length=MAX_LIST)
    at: dict[str, Text] | None = Field(None, max_length=MAX_LIST)
    notes: Text | None = None
    link: str | None = Field(None, max_length=MAX_TEXT)
    two_sided: bool = Field(
        False, description="This rung works both sides at once, though the exercise has sides."
    )


class Exercise(_Strict):
    """One exercise: either counted (`reps`) or held (`hold`), on one side or on two."""

    name: Text
    reps: Reps | None = None
    hold: Hold | None = None
    sets: Sets | None = None
    sides: SidesField | None = None
    switch: Seconds | None = Field(None, description="Window between the two sides of a set.")
    rest: Seconds | None = Field(None, description="Rest after each set of this exercise.")
    tempo: TempoField | None = None
    load: Text | None = Field(None, description='What to lift, e.g. "bodyweight", "heavy".')
    cues: list[Text] = Field(
        default_factory=list, max_length=MAX_LIST, description="Form cues, shown beside the timer."
    )
    at: dict[str, Text] = Field(
        default_factory=dict,
        max_length=MAX_LIST,
        description='Cues tied to a moment of the hold: { "1:00" = "..." }.',
    )
    notes: Text | None = Field(None, description="Why the exercise matters; where a value is ours.")
    link: str | None = Field(
        None, max_length=MAX_TEXT, description="An http(s) address of a demonstration."
    )
    progression: Progression | None = Field(
        None, description="How the coach climbs a range's target; see docs/routines.md."
    )
    rung: list[Rung] = Field(
        default_factory=list,
        max_length=MAX_LIST,
        description="A ladder: each session runs the runner's rung, not every rung in a row.",
    )
    per_side: dict[str, float] = Field(
        default_factory=dict,
        description='A side\'s own dose, over `reps` or `hold`: { right = "2m15s" }. The coach '
        "writes it when one side's target differs.",
    )
    first: Text | None = Field(
        None, description="The side that goes first in this exercise (the coach: the weaker)."
    )

    @field_validator("per_side", mode="before")
    @classmethod
    def _per_side_values(cls, value: object) -> object:
        if not isinstance(value, dict):
            return value
        return {label: _step(dose) for label, dose in value.items()}

    @field_validator("tempo")
    @classmethod
    def _tempo_paces_reps(cls, value: Tempo | None, info: ValidationInfo) -> Tempo | None:
        reps = info.data.get("reps")
        if value is not None and info.data.get("hold") is not None:
            raise ValueError("`tempo` paces reps, and this exercise is a hold; remove `tempo`")
        if value is not None and reps is not None and reps.is_max:
            raise ValueError('`tempo` needs a rep count to pace; write reps = 12, not "max"')
        return value

    @field_validator("at")
    @classmethod
    def _at_lies_within_hold(cls, value: dict[str, str], info: ValidationInfo) -> dict[str, str]:
        hold = info.data.get("hold")
        if value and hold is None and "hold" in info.data:  # absent: the hold itself was invalid
            raise ValueError(
                "`at` cues belong to holds, and this exercise counts reps; remove `at`"
            )
        for moment in value:
            try:
                seconds = parse_duration(moment)
            except ValueError:
                raise ValueError(
                    f'"{moment}" is not a moment of the hold; write "1:00" or "90s"'
                ) from None
            if hold is not None and not hold.is_max and seconds > hold.high:
                raise ValueError(
                    f'"{moment}" falls after the hold ends at {format_duration(hold.high)}; '
                    "pick a moment within the hold"
                )
        return value

    @field_validator("link")
    @classmethod
    def _link_is_http(cls, value: str | None) -> str | None:
        if value is not None:
            parsed = urlparse(value)
            if parsed.scheme not in ("http", "https") or not parsed.netloc:
                raise ValueError(f'"{value}" is not a web address; write "https://…"')
        return value

    @model_validator(mode="after")
    def _one_kind(self) -> Exercise:
        message = kind_rule(self.reps is not None, self.hold is not None)
        if message:
            raise ValueError(message)
        labels = list(self.sides or ())
        for label in [*self.per_side, *([self.first] if self.first else [])]:
            if label not in labels:
                sides = ", ".join(f'"{side}"' for side in labels) or "none (it works both at once)"
                raise ValueError(f'"{label}" is not one of this exercise\'s sides: {sides}')
        if self.reps is not None and not all(v.is_integer() for v in self.per_side.values()):
            raise ValueError("`per_side` counts reps here; write whole numbers, e.g. { left = 10 }")
        step = self.progression.step if self.progression else None
        if step is not None and self.reps is not None and not step.is_integer():
            raise ValueError("`progression.step` counts reps here; write a whole number, e.g. 1")
        if len(self.rung) == 1:
            raise ValueError(
                "has one [[exercise.rung]]; a ladder needs two or more, or none at all"
            )
        for index in range(len(self.rung)):
            try:
                _check_rung(self, index)
            except ValueError as error:
                raise ValueError(f"rung {index + 1}: {_first_message(error)}") from None
        return self


def _check_rung(exercise: Exercise, index: int) -> None:
    """Validate the exercise as rung `index` runs it, as `model.Exercise.at_rung` lays it out."""
    fields = rung_fields(set_fields(exercise), set_fields(exercise.rung[index]))
    Exercise.model_validate({name: raw_value(value) for name, value in fields.items()})


def _first_message(error: ValueError) -> str:
    if isinstance(error, ValidationError):
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        message = str(first["msg"]).removeprefix("Value error, ")
        return f"{where}: {message}" if where else message
    return str(error)


class BlockRung(_Strict):
    """One rung of a circuit's ladder: its rounds, and the weight for every exercise that names one."""

    name: Text
    rounds: Rounds | None = None
    load: Text | None = Field(
        None, description="Replaces the load of each exercise in the block that names one."
    )


class Block(_Strict):
    """A group of exercises run straight or as a circuit."""

    name: Text | None = None
    style: BlockStyle = BlockStyle.STRAIGHT
    rounds: Rounds | None = None
    rest: Seconds | None = Field(None, description="Between rounds (circuit) or sets (straight).")
    rest_between: Seconds | None = Field(
        None, description="Circuit only: between exercises within a round."
    )
    exercise: list[Exercise] = Field(min_length=1, max_length=MAX_EXERCISES)
    progression: Progression | None = Field(
        None, description="Circuits: how the coach climbs a rounds range (step 1 round)."
    )
    rung: list[BlockRung] = Field(
        default_factory=list,
        max_length=MAX_LIST,
        description="Circuits: a ladder of rounds and loads.",
    )

    @model_validator(mode="after")
    def _style_fits(self) -> Block:
        exercises = [
            BlockExercise(exercise.name, exercise.rest is not None, exercise.sets is not None)
            for exercise in self.exercise
        ]
        broken = block_rules(
            self.style is BlockStyle.CIRCUIT,
            self.rounds is not None,
            self.rest_between is not None,
            exercises,
        )
        if broken:
            raise ValueError(broken[0][1])  # the file's check lists the others (see rules.py)
        if self.style is not BlockStyle.CIRCUIT and self.rung:
            raise ValueError(
                '[[block.rung]] is for circuits; add style = "circuit", or give the '
                "exercises their own [[block.exercise.rung]]"
            )
        if len(self.rung) == 1:
            raise ValueError("has one [[block.rung]]; a ladder needs two or more, or none at all")
        return self


class Routine(_Strict):
    """A whole routine file. It lists either `exercise` (one straight block) or `block`."""

    name: Text
    summary: Text | None = None
    source: Text | None = Field(None, description="The article or coach the routine comes from.")
    tags: list[Text] = Field(default_factory=list, max_length=MAX_LIST)
    equipment: list[Text] = Field(default_factory=list, max_length=MAX_LIST)
    get_ready: Seconds | None = Field(None, description="Countdown before each timed phase.")
    notes: Text | None = None
    exercise: list[Exercise] | None = Field(None, min_length=1, max_length=MAX_EXERCISES)
    block: list[Block] | None = Field(None, min_length=1, max_length=MAX_LIST)
    next: str | None = Field(
        None,
        pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]*$",
        description="The routine (by id) to move on to once every exercise here is at the "
        "top of its range: a ladder of whole stages.",
    )

    @model_validator(mode="after")
    def _exercises_or_blocks(self) -> Routine:
        message = routine_rule(self.exercise is not None, self.block is not None)
        if message:
            raise ValueError(message)
        return self


def validate_routine(data: dict[str, Any]) -> model.Routine:
    """The routine in a file's parsed TOML, as hiptimer runs it; ValidationError if it is not one."""
    routine: model.Routine = _to_model(Routine.model_validate(data))
    return routine


_MODELS: dict[type[BaseModel], type[Any]] = {
    Progression: model.Progression,
    Rung: model.Rung,
    Exercise: model.Exercise,
    BlockRung: model.BlockRung,
    Block: model.Block,
    Routine: model.Routine,
}


def _to_model(value: Any) -> Any:
    """A validated value with each pydantic model replaced by the `model` dataclass of its name."""
    if isinstance(value, BaseModel):
        fields = {name: _to_model(getattr(value, name)) for name in type(value).model_fields}
        return _MODELS[type(value)](**fields)
    if isinstance(value, list):
        return [_to_model(item) for item in value]
    return value
