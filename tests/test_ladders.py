"""Ladders in routine files: rungs of an exercise, rungs of a circuit, and stages by `next`."""

from __future__ import annotations

import pytest

from hiptimer.routines import RoutineFileError, load_library, parse_routine

COUCH = """
name = "Couch"
[[exercise]]
name = "Couch stretch"
hold = "2m..3m"
sides = "each"
progression = { step = "15s" }
cues = ["Knee in the corner", "Glute on"]
at = { "1:00" = "Breathe" }

[[exercise.rung]]
name = "Couch stretch, level 1"

[[exercise.rung]]
name = "Couch stretch, level 2"
cues = ["Front foot by the hand", "Hips forward"]
"""


def test_a_rung_runs_its_own_fields_over_the_exercises() -> None:
    exercise = parse_routine(COUCH, file="couch.toml").exercises[0]
    first, second = exercise.at_rung(0), exercise.at_rung(1)
    assert (first.name, first.cues) == (
        "Couch stretch, level 1",
        ["Knee in the corner", "Glute on"],
    )
    assert (second.name, second.cues) == (
        "Couch stretch, level 2",
        ["Front foot by the hand", "Hips forward"],
    )
    assert second.hold is not None and (second.hold.low, second.hold.high) == (120, 180)
    assert second.sides == ("left", "right") and second.at == {"1:00": "Breathe"}
    assert second.progression is not None and second.progression.step == 15


def test_a_rung_may_change_kind_and_work_both_sides_at_once() -> None:
    text = """
name = "Bridges"
[[exercise]]
name = "Bridge"
reps = "8..12"
sides = "each"
cues = ["Heels down", "Glutes squeeze"]
[[exercise.rung]]
name = "Basic bridge"
two_sided = true
[[exercise.rung]]
name = "Bridge hold"
hold = "30s..45s"
"""
    exercise = parse_routine(text, file="b.toml").exercises[0]
    assert exercise.at_rung(0).sides is None
    held = exercise.at_rung(1)
    assert held.reps is None and held.hold is not None and held.sides == ("left", "right")


@pytest.mark.parametrize(
    ("addition", "message"),
    [
        ('\n[[exercise.rung]]\nname = "Level 3"\nhold = "5m..2m"\n', '("Level 3") → hold'),
        ('\n[[exercise.rung]]\nname = "Level 3"\nhold = "30s"\n', "rung 3: at"),
        ("", "one [[exercise.rung]]"),
    ],
)
def test_a_bad_ladder_names_the_rung_and_what_to_write(addition: str, message: str) -> None:
    text = COUCH + addition
    if not addition:
        text = COUCH.split('[[exercise.rung]]\nname = "Couch stretch, level 2"')[0]
    with pytest.raises(RoutineFileError) as raised:
        parse_routine(text, file="couch.toml")
    assert message in str(raised.value.problems[0])


def test_a_circuits_rung_sets_its_rounds_and_the_load_of_loaded_exercises() -> None:
    circuit = load_library(None).get("base-circuit").routine.blocks[0]
    assert circuit.is_ladder
    light = circuit.at_rung(0)
    loads = [exercise.load for exercise in light.exercise]
    assert loads == [None, "light", "light", "light"]
    assert (light.round_count.low, light.round_count.high) == (3, 4)
    assert [e.load for e in circuit.at_rung(2).exercise][1:] == ["medium-heavy", "heavy", "heavy"]


def test_the_built_in_ladders_are_there_with_their_rungs() -> None:
    library = load_library(None)
    couch = library.get("couch-stretch").routine.exercises[0]
    assert [rung.name for rung in couch.rung] == [f"Couch stretch, level {n}" for n in (1, 2, 3)]
    bridge = library.get("bridge-ladder").routine.exercises[0]
    assert [rung.name for rung in bridge.rung] == [
        "Basic bridge",
        "Single-leg bridge",
        "TRX bridge",
        "Weighted bridge",
    ]
    stages = [library.get("hip-foundation").routine.next, library.get("hip-standing").routine.next]
    assert stages == ["hip-standing", "hip-loaded"]
    assert len(library.get("couch-stretch-levels").routine.exercises) == 3


def test_the_schema_describes_rungs_progression_and_next() -> None:
    from hiptimer.routines.schema import Routine

    schema = Routine.model_json_schema()
    assert {"Rung", "BlockRung", "Progression"} <= set(schema["$defs"])
    assert "next" in schema["properties"]
    assert "rung" in schema["$defs"]["Exercise"]["properties"]
