"""Turns TOML and pydantic errors into one line a person can act on: file, place, what, example."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from hiptimer.routines.durations import shown
from hiptimer.routines.lines import TomlLines
from hiptimer.routines.model import Block, Exercise, Routine, field_names
from hiptimer.routines.problems import RoutineProblem
from hiptimer.routines.rules import rule_problems

__all__ = ["EXAMPLES", "problems_from_validation"]

EXAMPLES: dict[str, str] = {
    "name": 'name = "Hip hitch"',
    "summary": 'summary = "Glute medius in ten minutes"',
    "source": 'source = "16 Best Hip Strengthening Exercises for Runners"',
    "tags": 'tags = ["mobility", "post-run"]',
    "equipment": 'equipment = ["miniband"]',
    "get_ready": 'get_ready = "5s"',
    "notes": 'notes = "Why this matters"',
    "exercise": '[[exercise]] with name = "Hip hitch" and reps = 15',
    "block": "[[block]] with its own [[block.exercise]]",
    "reps": 'reps = 15 or reps = "8..12"',
    "hold": 'hold = "30s" or hold = "2m..3m"',
    "sets": 'sets = 3 or sets = "3..4"',
    "rounds": 'rounds = 3 or rounds = "3..4"',
    "sides": 'sides = "each" or sides = ["left", "right"]',
    "switch": 'switch = "10s"',
    "rest": 'rest = "45s"',
    "rest_between": 'rest_between = "15s"',
    "tempo": 'tempo = "2-1-2"',
    "load": 'load = "bodyweight"',
    "cues": 'cues = ["Keep the pelvis level"]',
    "at": 'at = { "1:00" = "Breathe out" }',
    "link": 'link = "https://example.com/demo"',
    "style": 'style = "circuit"',
    "rung": '[[exercise.rung]] with name = "Couch stretch, level 2"',
    "progression": 'progression = { step = "15s", sessions = 2 }',
    "step": 'step = 1 (reps) or step = "15s" (holds)',
    "sessions": "sessions = 2",
    "load_step": "load_step = 2.5",
    "next": 'next = "hip-standing"',
    "two_sided": "two_sided = true",
}


def problems_from_validation(
    file: str, error: ValidationError, data: dict[str, Any], text: str = ""
) -> list[RoutineProblem]:
    """Every problem in the file, in the order of its lines: one per pydantic error, placed by
    exercise and field names from the raw data, and each broken rule pydantic did not reach."""
    lines = TomlLines(text)
    found = [_problem(file, details, data, lines) for details in error.errors()]
    by_text = {(problem.where, problem.message): problem for problem in found}
    for rule in rule_problems(data):
        where = " → ".join(_walk(rule.where, data)[0])
        # A rule pydantic did reach points at its block; the rule knows the very field.
        by_text[where, rule.message] = RoutineProblem(
            file, where, rule.message, lines.line_of(rule.line_at)
        )
    return sorted(by_text.values(), key=lambda problem: problem.line or 0)


def _problem(
    file: str, details: ErrorDetails, data: dict[str, Any], lines: TomlLines
) -> RoutineProblem:
    loc = details["loc"]
    kind = details["type"]
    path, model, node = _walk(loc[:-1] if kind in ("extra_forbidden", "missing") else loc, data)
    where = " → ".join(path)
    line = lines.line_of(loc)
    # A list item's example is its list's: `cues → item 2` wants the `cues` example.
    field = next((str(part) for part in reversed(loc) if isinstance(part, str)), "")
    if kind == "extra_forbidden":
        return RoutineProblem(file, where, _unknown_key(field, model), line)
    if kind == "missing":
        example = EXAMPLES.get(field, "")
        hint = f", e.g. {example}" if example else ""
        return RoutineProblem(file, where, f"`{field}` is required{hint}", line)
    return RoutineProblem(file, where, _message(details, field, node), line)


def _walk(loc: Iterable[int | str], data: Any) -> tuple[list[str], type[Any], Any]:
    """Names for each step of a location, the model that owns the last step, and the raw value."""
    path: list[str] = []
    model: type[Any] = Routine
    node: Any = data
    for part in loc:
        item = _child(node, part)
        if isinstance(part, int):
            table = path.pop() if path and path[-1] in ("exercise", "block") else None
            name = item.get("name") if isinstance(item, dict) else None
            label = f"{table} {part + 1}" if table else f"item {part + 1}"
            path.append(f'{label} ("{name}")' if isinstance(name, str) and name else label)
            if table is not None:
                model = Exercise if table == "exercise" else Block
        else:
            path.append(part)
        node = item
    return path, model, node


def _child(node: Any, part: int | str) -> Any:
    if isinstance(part, int):
        return node[part] if isinstance(node, list) and 0 <= part < len(node) else None
    return node.get(part) if isinstance(node, dict) else None


def _unknown_key(key: str, model: type[Any]) -> str:
    known = field_names(model)
    nearest = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    if nearest:
        return f"unknown field `{key}`: did you mean `{nearest[0]}`?"
    return f"unknown field `{key}`; known fields are " + ", ".join(f"`{name}`" for name in known)


_TYPE_WORDS = {
    "string_type": "text in quotes",
    "list_type": "a list in [brackets]",
    "dict_type": 'a table such as { "1:00" = "…" }',
    "bool_type": "true or false",
}


def _message(details: ErrorDetails, field: str, node: Any) -> str:
    kind = details["type"]
    example = EXAMPLES.get(field)
    hint = f"; write {example}" if example else ""
    if kind == "value_error":
        return str(details["msg"]).removeprefix("Value error, ")
    if kind in _TYPE_WORDS:
        return f"{_show(details['input'])} is not {_TYPE_WORDS[kind]}{hint}"
    if kind == "too_short" and field in ("exercise", "block"):
        return f"the list is empty; add at least one [[{field}]]"
    if kind == "string_too_long":
        limit = (details.get("ctx") or {}).get("max_length")
        return f"is {len(node) if isinstance(node, str) else 'too many'} characters; write at most {limit}"
    if kind == "too_long":
        context = details.get("ctx") or {}
        return (
            f"lists {context.get('actual_length', 'too many')} items; "
            f"at most {context.get('max_length')} fit"
        )
    if kind in ("too_short", "string_too_short"):
        return f"is empty{hint}" if example else "is empty; write some text"
    if kind == "enum":
        return f'{_show(details["input"])} is not a block style; write "straight" or "circuit"'
    if kind == "model_type":
        return f"{_show(details['input'])} is not a table of fields{hint}"
    return f"{details['msg']}{hint}"


def _show(value: Any) -> str:
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        listed = repr(value)
        return listed if len(listed) <= 60 else "a list"
    return shown(value)
