"""The rules that tie a routine's fields together (reps or a hold, what a circuit allows), written
once for the models and once more for the raw file.

pydantic runs a model's own checks only when all its fields are valid, so a circuit's `sets` would
show only after a typo in one of its exercises was fixed. `rule_problems` reads the raw data, so
`check` lists every problem in a file at once.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

__all__ = [
    "BlockExercise",
    "Rule",
    "block_rules",
    "kind_rule",
    "routine_rule",
    "rule_problems",
]


@dataclass(frozen=True)
class Rule:
    """A broken rule: the place its message is about, the field it points at, and what to do."""

    where: tuple[int | str, ...]
    line_at: tuple[int | str, ...]
    message: str


@dataclass(frozen=True)
class BlockExercise:
    """What a block's rules need to know of one of its exercises."""

    name: str
    has_rest: bool
    has_sets: bool


def kind_rule(has_reps: bool, has_hold: bool) -> str | None:
    if has_reps == has_hold:
        which = "both `reps` and" if has_reps else "neither `reps` nor"
        return f'has {which} `hold`; give exactly one, e.g. reps = 15 or hold = "30s"'
    return None


def block_rules(
    circuit: bool, has_rounds: bool, has_rest_between: bool, exercises: Sequence[BlockExercise]
) -> list[tuple[tuple[int | str, ...], str]]:
    """Each broken rule of a block, with the place inside the block it points at."""
    broken: list[tuple[tuple[int | str, ...], str]] = []
    if circuit:
        last = exercises[-1] if exercises else None
        if last is not None and last.has_rest and len(exercises) > 1:
            broken.append(
                (
                    ("exercise", len(exercises) - 1, "rest"),
                    f'exercise {len(exercises)} ("{last.name}") has `rest`, but in a circuit the rest '
                    "after the last exercise is the rest between rounds; set `rest` on the block instead",
                )
            )
        for number, exercise in enumerate(exercises, start=1):
            if exercise.has_sets:
                broken.append(
                    (
                        ("exercise", number - 1, "sets"),
                        f'exercise {number} ("{exercise.name}") has `sets`, but a circuit repeats '
                        "by `rounds`; remove `sets` and set rounds on the block",
                    )
                )
    else:
        if has_rounds:
            broken.append(
                (("rounds",), '`rounds` is for circuits; add style = "circuit" or use `sets`')
            )
        if has_rest_between:
            broken.append(
                (
                    ("rest_between",),
                    '`rest_between` is for circuits; add style = "circuit" or remove it',
                )
            )
    return broken


def routine_rule(has_exercise: bool, has_block: bool) -> str | None:
    if has_exercise == has_block:
        which = "both" if has_exercise else "neither"
        return (
            f"has {which} [[exercise]] and [[block]]; list exercises directly, "
            "or group them in blocks, not both"
        )
    return None


def rule_problems(data: dict[str, Any]) -> list[Rule]:
    """Every broken rule in a routine's raw TOML data, whatever else is wrong with it."""
    found: list[Rule] = []
    message = routine_rule(data.get("exercise") is not None, data.get("block") is not None)
    if message and "name" in data:  # a file with no name gets "name is required" first
        found.append(Rule((), ("block",), message))  # with both, the blocks are the odd ones
    for index, exercise in _tables(data.get("exercise")):
        found += _exercise_rules(("exercise", index), exercise)
    for index, block in _tables(data.get("block")):
        place: tuple[int | str, ...] = ("block", index)
        exercises = list(_tables(block.get("exercise")))
        for inner, exercise in exercises:
            found += _exercise_rules((*place, "exercise", inner), exercise)
        summary = [
            BlockExercise(str(exercise.get("name", "")), "rest" in exercise, "sets" in exercise)
            for _, exercise in exercises
        ]
        rules = block_rules(
            block.get("style") == "circuit", "rounds" in block, "rest_between" in block, summary
        )
        found += [Rule(place, (*place, *inside), text) for inside, text in rules]
    return found


def _exercise_rules(place: tuple[int | str, ...], exercise: dict[str, Any]) -> list[Rule]:
    has_reps, has_hold = "reps" in exercise, "hold" in exercise
    if not (has_reps or has_hold) and _misspelt(exercise, ("reps", "hold")):
        return []  # "unknown field `holld`: did you mean `hold`?" says it already
    message = kind_rule(has_reps, has_hold)
    return [Rule(place, place, message)] if message else []


def _misspelt(table: dict[str, Any], names: tuple[str, ...]) -> bool:
    return any(
        difflib.get_close_matches(key, names, n=1, cutoff=0.6) for key in table if key not in names
    )


def _tables(value: object) -> list[tuple[int, dict[str, Any]]]:
    if not isinstance(value, list):
        return []
    return [(index, item) for index, item in enumerate(value) if isinstance(item, dict)]
