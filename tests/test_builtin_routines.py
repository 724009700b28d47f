"""The built-in routines: they load, they cover every exercise of the five articles with the
articles' dosing, and the time-based sessions fit the time a runner picks them for."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from hiptimer.routines import (
    BlockStyle,
    Exercise,
    LoadedRoutine,
    Origin,
    RoutineLibrary,
    estimate_seconds,
    load_library,
)
from hiptimer.routines.loader import builtin_dir

GLUTE_MEDIUS = "Simple Glute Medius Exercise for Runners"
SIXTEEN_BEST = "16 Best Hip Strengthening Exercises for Runners"
BASE_BUILDING = "4 Essential Hip Strengthening Exercises for Runners in Base Building Phase"
HIPS_DONT_LIE = "Hips Don't Lie"
KACYS_VERSION = "Hip Strengthening (Kacy's Version)"

EXPECTED_BY_ARTICLE: dict[str, list[str]] = {
    GLUTE_MEDIUS: [r"hip hitch", r"side-lying leg raise"],
    SIXTEEN_BEST: [
        r"^basic bridge$",
        r"^single-leg bridge$",
        r"trx bridge",
        r"weighted bridge",
        r"side stepping",
        r"bridge with miniband",
        r"banded air squat",
        r"couch stretch, level 1",
        r"couch stretch, level 2",
        r"couch stretch, level 3",
    ],
    BASE_BUILDING: [
        r"knee push into wall",
        r"lunge halo",
        r"single-leg hip thrust",
        r"backwards lunge",
    ],
    HIPS_DONT_LIE: [
        r"hip extension with a march",
        r"^bridge$",
        r"^single-leg bridge$",
        r"bridge with a march",
        r"glute pulses",
        r"^deadlift$",
        r"single-leg rdl",
        r"standing hip abduction",
        r"quad stretch",
        r"calf stretch",
    ],
    KACYS_VERSION: [
        r"bridge or hip thrust",
        r"side-lying hip abduction",
        r"side plank",
        r"^slider lunge$",
        r"^kickstand deadlift$",
        r"^standing clamshell$",
        r"^supported single-leg squat$",
        r"loaded slider lunge",
        r"loaded single-leg deadlift",
        r"loaded standing clamshell",
        r"loaded single-leg squat",
    ],
}


@pytest.fixture(scope="module")
def library() -> RoutineLibrary:
    return load_library(None)


def _from_article(library: RoutineLibrary, title: str) -> Iterator[tuple[str, Exercise]]:
    """Every exercise of every built-in routine whose source is exactly `title`."""
    for routine_id, loaded in library.routines.items():
        if loaded.routine.source == title:
            for exercise in loaded.routine.exercises:
                yield routine_id, exercise


def _find(library: RoutineLibrary, title: str, pattern: str) -> Exercise:
    matches = [
        exercise
        for _, exercise in _from_article(library, title)
        if re.search(pattern, exercise.name, re.IGNORECASE)
    ]
    assert matches, f"no built-in routine from {title!r} has an exercise matching {pattern!r}"
    return matches[0]


def _routine(library: RoutineLibrary, routine_id: str) -> LoadedRoutine:
    assert routine_id in library.routines, f"no built-in routine {routine_id!r}"
    return library.routines[routine_id]


def test_every_builtin_file_loads_without_problems(library: RoutineLibrary) -> None:
    files = sorted(path.name for path in builtin_dir().iterdir() if path.name.endswith(".toml"))
    assert len(files) >= 8
    assert [str(error) for error in library.broken] == []
    assert sorted(f"{routine_id}.toml" for routine_id in library.routines) == files
    assert all(loaded.origin is Origin.BUILTIN for loaded in library.routines.values())


def test_every_routine_names_its_source(library: RoutineLibrary) -> None:
    for routine_id, loaded in library.routines.items():
        assert loaded.routine.source, f"{routine_id} has no source"
        assert loaded.routine.summary, f"{routine_id} has no summary"


@pytest.mark.parametrize("title", list(EXPECTED_BY_ARTICLE))
def test_every_exercise_of_the_article_is_in_a_routine_from_it(
    library: RoutineLibrary, title: str
) -> None:
    names = [exercise.name for _, exercise in _from_article(library, title)]
    missing = [
        pattern
        for pattern in EXPECTED_BY_ARTICLE[title]
        if not any(re.search(pattern, name, re.IGNORECASE) for name in names)
    ]
    assert missing == [], f"{title!r} routines lack {missing}; they have {names}"


def test_every_exercise_has_short_cues_and_notes(library: RoutineLibrary) -> None:
    for routine_id, loaded in library.routines.items():
        for exercise in loaded.routine.exercises:
            where = f"{routine_id}: {exercise.name}"
            assert 2 <= len(exercise.cues) <= 4, where
            assert all(len(cue) <= 60 for cue in exercise.cues), where
            assert exercise.notes, where


def test_long_holds_have_a_cue_during_the_hold(library: RoutineLibrary) -> None:
    for routine_id, loaded in library.routines.items():
        for exercise in loaded.routine.exercises:
            hold = exercise.hold
            if hold is not None and (hold.is_max or hold.high >= 60):
                assert exercise.at, f"{routine_id}: {exercise.name} has no `at` cue"


@pytest.mark.parametrize(
    ("routine_id", "low_minutes", "high_minutes"),
    [("in-season", 15, 20), ("off-season", 45, 60), ("pre-run", 4, 10)],
)
def test_sessions_fit_the_time_a_runner_picks_them_for(
    library: RoutineLibrary, routine_id: str, low_minutes: float, high_minutes: float
) -> None:
    minutes = estimate_seconds(_routine(library, routine_id).routine) / 60
    assert low_minutes <= minutes <= high_minutes


def test_hip_hitch_builds_to_three_sets_of_fifteen_per_leg(library: RoutineLibrary) -> None:
    """The article's 3 × 15 per leg is the top of the hip hitch's last rung."""
    hitch = _find(library, GLUTE_MEDIUS, r"^hip hitch$")
    top = hitch.at_rung(len(hitch.rung) - 1)
    assert top.sets is not None and (top.sets.low, top.sets.high) == (3, 3)
    assert top.reps is not None and top.reps.high == 15
    assert top.sides == ("left", "right")


@pytest.mark.parametrize("level", [1, 2, 3])
def test_couch_stretch_levels_hold_two_to_three_minutes_per_leg(
    library: RoutineLibrary, level: int
) -> None:
    stretch = _find(library, SIXTEEN_BEST, rf"couch stretch, level {level}")
    assert stretch.hold is not None
    assert (stretch.hold.low, stretch.hold.high) == (120, 180)
    assert stretch.sides == ("left", "right")


def test_base_building_circuit_runs_three_to_four_rounds(library: RoutineLibrary) -> None:
    circuits = [
        block
        for loaded in library.routines.values()
        if loaded.routine.source == BASE_BUILDING
        for block in loaded.routine.blocks
        if block.style is BlockStyle.CIRCUIT
    ]
    assert len(circuits) == 1
    circuit = circuits[0]
    assert circuit.rounds is not None and (circuit.rounds.low, circuit.rounds.high) == (3, 4)
    assert len(circuit.exercise) == 4


def test_base_building_circuit_keeps_the_article_dosing(library: RoutineLibrary) -> None:
    push = _find(library, BASE_BUILDING, r"knee push into wall")
    assert push.hold is not None and push.hold.is_max
    assert push.sides == ("left", "right")

    halo = _find(library, BASE_BUILDING, r"lunge halo")
    assert halo.reps is not None and (halo.reps.low, halo.reps.high) == (3, 6)
    assert halo.sides == ("clockwise", "counter-clockwise")
    assert halo.load == "medium-heavy"

    thrust = _find(library, BASE_BUILDING, r"single-leg hip thrust")
    assert thrust.reps is not None and thrust.reps.high == 8
    assert thrust.load == "heavy"

    lunge = _find(library, BASE_BUILDING, r"backwards lunge")
    assert lunge.reps is not None and lunge.reps.high == 12
    assert lunge.sides is not None
    assert lunge.load == "heavy"


def test_miniband_drills_use_a_miniband(library: RoutineLibrary) -> None:
    for pattern in (r"side stepping", r"bridge with miniband", r"banded air squat"):
        assert _find(library, SIXTEEN_BEST, pattern).load == "miniband"


def test_loaded_stage_is_weighted(library: RoutineLibrary) -> None:
    for pattern in (
        r"loaded slider lunge",
        r"loaded single-leg deadlift",
        r"loaded single-leg squat",
    ):
        load = _find(library, KACYS_VERSION, pattern).load
        assert load is not None and load != "bodyweight"
