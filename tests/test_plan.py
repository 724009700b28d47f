"""The estimate a runner sees in `list` and `show`, and the plan steps it adds up."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from hiptimer.routines import PlanDefaults, Routine, StepKind, build_plan, estimate_seconds
from hiptimer.routines.schema import validate_routine

DEFAULTS = PlanDefaults()


def routine(*exercises: dict[str, Any], **fields: Any) -> Routine:
    return validate_routine({"name": "Test", "exercise": list(exercises), **fields})


def circuit(*exercises: dict[str, Any], **block: Any) -> Routine:
    blocks = [{"style": "circuit", "exercise": list(exercises), **block}]
    return validate_routine({"name": "Test", "block": blocks})


def kinds(plan_routine: Routine) -> list[StepKind]:
    return [step.kind for step in build_plan(plan_routine).steps]


def test_a_hold_range_counts_its_upper_bound_on_each_side() -> None:
    couch = routine(
        {"name": "Couch", "hold": "2m..3m", "sides": "each", "switch": "10s", "rest": "0s"}
    )
    get_ready, hold, switch = 5, 180, 10
    assert estimate_seconds(couch) == get_ready + hold + switch + hold
    # the switch window replaces the get-ready before the second side
    assert kinds(couch) == [StepKind.GET_READY, StepKind.HOLD, StepKind.SWITCH, StepKind.HOLD]


def test_reps_without_tempo_take_three_seconds_each_and_get_no_countdown() -> None:
    hitch = routine({"name": "Hip hitch", "reps": 15, "sets": 3, "sides": "each", "rest": "45s"})
    one_set = 15 * 3 + 10 + 15 * 3  # left, default switch, right
    assert estimate_seconds(hitch) == 3 * one_set + 2 * 45  # no rest after the last set
    assert StepKind.GET_READY not in kinds(hitch)


def test_tempo_reps_take_their_tempo_and_get_a_countdown() -> None:
    bridge = routine({"name": "Bridge", "reps": 10, "sets": 2, "tempo": "2-1-2", "rest": "30s"})
    one_set = 5 + 10 * (2 + 1 + 2)
    assert estimate_seconds(bridge) == 2 * one_set + 30


def test_a_rep_range_counts_its_top_and_a_set_range_its_bottom() -> None:
    halo = routine({"name": "Halo", "reps": "3..6", "sets": "2..3", "rest": "20s"})
    assert estimate_seconds(halo) == 2 * (6 * 3) + 20


def test_holds_and_reps_to_fatigue_use_the_documented_defaults() -> None:
    push = routine({"name": "Knee push", "hold": "max"})
    squats = routine({"name": "Air squat", "reps": "max"}, get_ready=0)
    assert estimate_seconds(push) == DEFAULTS.get_ready + DEFAULTS.max_hold == 5 + 60
    assert estimate_seconds(squats) == DEFAULTS.max_reps * DEFAULTS.seconds_per_rep == 45


def test_the_routine_get_ready_and_a_zero_switch_are_honoured() -> None:
    plank = routine(
        {"name": "Side plank", "hold": "30s", "sides": "each", "switch": 0}, get_ready="3s"
    )
    assert estimate_seconds(plank) == 3 + 30 + 30
    assert kinds(plank) == [StepKind.GET_READY, StepKind.HOLD, StepKind.HOLD]


def test_an_exercise_without_rest_gets_the_default_before_the_next() -> None:
    two = routine({"name": "Clam", "reps": 10}, {"name": "Bridge", "reps": 10})
    assert estimate_seconds(two) == 30 + DEFAULTS.rest + 30 == 120


def test_a_circuit_rests_between_exercises_and_between_rounds() -> None:
    base = circuit(
        {"name": "Wall push", "hold": "30s"},
        {"name": "Hip thrust", "reps": 8},
        rounds="3..4",
        rest="90s",
        rest_between="15s",
    )
    one_round = (5 + 30) + 15 + 8 * 3
    assert estimate_seconds(base) == 3 * one_round + 2 * 90  # 3 rounds, the range's bottom
    assert kinds(base)[-1] is StepKind.REPS  # nothing after the last set of the last round


def test_a_circuit_without_rests_uses_the_defaults() -> None:
    base = circuit({"name": "Lunge", "reps": 12}, {"name": "Thrust", "reps": 8}, rounds=2)
    one_round = 12 * 3 + DEFAULTS.rest_between + 8 * 3
    assert estimate_seconds(base) == 2 * one_round + DEFAULTS.rest


exercise_fields = st.fixed_dictionaries(
    {
        "name": st.sampled_from(["Bridge", "Clam", "Side plank"]),
        "sets": st.integers(1, 4),
        "rest": st.integers(0, 120),
    },
    optional={
        "sides": st.just("each"),
        "switch": st.integers(0, 20),
    },
).flatmap(
    lambda fields: st.one_of(
        st.builds(lambda hold: {**fields, "hold": hold}, st.integers(1, 300)),
        st.builds(lambda reps: {**fields, "reps": reps}, st.integers(1, 30)),
        st.builds(
            lambda reps, tempo: {**fields, "reps": reps, "tempo": tempo},
            st.integers(1, 30),
            st.sampled_from(["2-1-2", "1-0-1", "3-1-3-1"]),
        ),
    )
)


def by_hand(exercises: list[dict[str, Any]], get_ready: int) -> float:
    """The estimate rules, written out: what a runner would add up with a pencil."""
    total = 0.0
    for exercise in exercises:
        if "hold" in exercise:
            work, lead_in = exercise["hold"], get_ready
        elif "tempo" in exercise:
            per_rep = sum(float(part) for part in exercise["tempo"].split("-"))
            work, lead_in = exercise["reps"] * per_rep, get_ready
        else:
            work, lead_in = exercise["reps"] * DEFAULTS.seconds_per_rep, 0
        one_set = lead_in + work
        if "sides" in exercise:
            one_set += exercise.get("switch", DEFAULTS.switch) + work
        total += exercise["sets"] * (one_set + exercise["rest"])
    last_rest: float = exercises[-1]["rest"]
    return total - last_rest  # no rest after the routine's very last set


@given(st.lists(exercise_fields, min_size=1, max_size=5), st.integers(0, 10))
def test_the_estimate_is_the_sum_of_the_rules(
    exercises: list[dict[str, Any]], get_ready: int
) -> None:
    written = routine(*exercises, get_ready=get_ready)
    plan = build_plan(written)
    assert estimate_seconds(written) == sum(step.seconds for step in plan.steps)
    assert estimate_seconds(written) == by_hand(exercises, get_ready)
    assert all(step.seconds > 0 for step in plan.steps), "a zero-length phase would flash by"
    work_sets = sum(e["sets"] * (2 if "sides" in e else 1) for e in exercises)
    assert len(plan.work_steps) == work_sets


@given(st.lists(exercise_fields, min_size=1, max_size=5), st.integers(1, 120))
def test_a_rest_adds_its_length_once_between_each_pair_of_sets(
    exercises: list[dict[str, Any]], rest: int
) -> None:
    no_rest = routine(*[{**exercise, "rest": 0} for exercise in exercises])
    rested = routine(*[{**exercise, "rest": rest} for exercise in exercises])
    gaps = sum(exercise["sets"] for exercise in exercises) - 1
    assert estimate_seconds(rested) - estimate_seconds(no_rest) == rest * gaps
    assert StepKind.REST not in [step.kind for step in build_plan(no_rest).steps]
