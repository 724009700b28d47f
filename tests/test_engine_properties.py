"""Properties that hold for every routine: generated ones mixing sides, ranges, circuits, tempo,
zero rests and max holds."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hiptimer.domain import OVERDUE_SECONDS, PhaseStarted, SetLogged
from hiptimer.routines import Routine, estimate_seconds
from hiptimer.routines.schema import validate_routine
from tests.driver import make_engine, run_as_planned

seconds = st.integers(min_value=0, max_value=90)
positive = st.integers(min_value=1, max_value=200)


@st.composite
def exercises(draw: st.DrawFn, *, circuit: bool) -> dict[str, Any]:
    exercise: dict[str, Any] = {"name": draw(st.sampled_from(["Bridge", "Hip hitch", "Couch"]))}
    if draw(st.booleans()):
        low = draw(st.integers(1, 20))
        exercise["reps"] = draw(st.sampled_from([low, f"{low}..{low + 4}"]))
        if draw(st.booleans()):
            exercise["tempo"] = draw(st.sampled_from(["2-1-2", "1-1", "3-0-1-0", "0.5-0.5"]))
        elif draw(st.booleans()):
            exercise["reps"] = "max"
    else:
        low = draw(positive)
        exercise["hold"] = draw(st.sampled_from([low, f"{low}s..{low + 30}s", "max"]))
        if exercise["hold"] != "max" and draw(st.booleans()):
            exercise["at"] = {f"{min(low, 5)}s": "Breathe"}
    if draw(st.booleans()):
        exercise["sides"] = draw(st.sampled_from(["each", ["clockwise", "counter-clockwise"]]))
        exercise["switch"] = draw(seconds)
    if not circuit and draw(st.booleans()):
        low = draw(st.integers(1, 3))
        exercise["sets"] = draw(st.sampled_from([low, f"{low}..{low + 1}"]))
    if draw(st.booleans()):
        exercise["rest"] = draw(seconds)
    return exercise


@st.composite
def routines(draw: st.DrawFn) -> Routine:
    data: dict[str, Any] = {"name": "Generated", "get_ready": draw(st.integers(0, 10))}
    if draw(st.booleans()):
        data["exercise"] = draw(st.lists(exercises(circuit=False), min_size=1, max_size=4))
    else:
        blocks = []
        for _ in range(draw(st.integers(1, 3))):
            circuit = draw(st.booleans())
            block: dict[str, Any] = {
                "style": "circuit" if circuit else "straight",
                "rest": draw(seconds),
                "exercise": draw(st.lists(exercises(circuit=circuit), min_size=1, max_size=3)),
            }
            if circuit:
                # A circuit's last exercise rests with the block's `rest`, never its own.
                block["exercise"][-1].pop("rest", None)
                low = draw(st.integers(1, 3))
                block["rounds"] = draw(st.sampled_from([low, f"{low}..{low + 1}"]))
                block["rest_between"] = draw(seconds)
            blocks.append(block)
        data["block"] = blocks
    return validate_routine(data)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(routine=routines(), seed=st.none() | st.integers(0, 1000), first_side=st.integers(0, 1))
def test_every_routine_runs_as_planned(routine: Routine, seed: int | None, first_side: int) -> None:
    engine, clock, recorder = make_engine(routine, first_side=first_side)
    start = clock.now
    run_as_planned(engine, clock, seed=seed)

    # The estimate and the actual time agree.
    assert clock.now - start == pytest.approx(estimate_seconds(routine), abs=1e-3)

    # Every planned set produces exactly one result per side.
    logged = [event.result.key for event in recorder.of(SetLogged)]
    assert logged == [step.key for step in engine.plan.work_steps]
    assert len(set(logged)) == len(logged)

    # No rest follows the final set.
    phases = [event.phase for event in recorder.of(PhaseStarted)]
    assert phases[-1].is_work
    assert engine.plan.steps[-1].kind.is_work

    # Every cue fires at most once, in time order, at or after its time and never far behind.
    fired = [(at, event) for at, event in recorder.events if event in recorder.cues]
    dues = [event.due for _, event in fired]
    assert dues == sorted(dues)
    for at, event in fired:
        assert 0 <= at - event.due <= OVERDUE_SECONDS + 1e-9
    identities = [(event.due, event.cue) for _, event in fired]
    assert len(set(identities)) == len(identities)
