"""The coach's rules, replayed from a history: per-side targets, rungs, weight, the pain gate, and
the runner's own choices. Time is a fake clock: each session is a day after the one before."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from hiptimer.domain.coach import LadderStatus, ladders_in, standing
from hiptimer.domain.history import (
    CoachChoice,
    ExportFormat,
    HistoryStore,
    export_history,
    import_file,
)
from hiptimer.domain.results import SetResult
from hiptimer.routines import SetKey, StepKind, load_library, parse_routine

START = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)


class FakeClock:
    """The wall clock: one day passes between sessions, and nothing ever sleeps."""

    def __init__(self) -> None:
        self.now = START

    def next_day(self) -> datetime:
        self.now += timedelta(days=1)
        return self.now


@pytest.fixture
def store(tmp_path: Path) -> Iterator[HistoryStore]:
    opened, _ = HistoryStore.open(tmp_path / "history.sqlite3")
    yield opened
    opened.close()


LIBRARY = load_library(None)
COUCH = ladders_in("couch-stretch", LIBRARY.get("couch-stretch").routine)[0]
BRIDGE = ladders_in("bridge-ladder", LIBRARY.get("bridge-ladder").routine)[0]


def couch(
    store: HistoryStore,
    clock: FakeClock,
    left: float,
    right: float,
    *,
    level: int = 1,
    pain: int | None = None,
    effort: int | None = None,
) -> int:
    """One couch stretch session at `level`, holding `left` and `right` seconds."""
    at = clock.next_day()
    session = store.start_session("couch-stretch", "Couch stretch", "", 0, at)
    for side, seconds in enumerate((left, right)):
        store.record(session, _hold(f"Couch stretch, level {level}", side, seconds, at))
    store.answer(session, pain=pain, effort=effort)
    return session


def _hold(name: str, side: int, seconds: float, at: datetime) -> SetResult:
    return SetResult(
        "couch-stretch", name, SetKey(0, 0, 0, side), None, StepKind.HOLD,
        ("left", "right")[side], "2:00 hold", None, seconds, at, at + timedelta(seconds=seconds),
    )  # fmt: skip


def targets(status: LadderStatus) -> dict[str, float]:
    return {target.side: target.target for target in status.targets}


def reasons(status: LadderStatus) -> dict[str, str]:
    return {target.side: target.reason for target in status.targets}


def test_a_new_ladder_starts_at_the_bottom_of_its_range(store: HistoryStore) -> None:
    status = standing(store, COUCH)
    assert (status.rung, targets(status)) == (0, {"left": 120, "right": 120})
    assert reasons(status)["left"] == "starting at 2:00, the bottom of 2:00–3:00"


def test_the_target_climbs_once_both_sides_meet_it_twice(store: HistoryStore) -> None:
    clock = FakeClock()
    couch(store, clock, 120, 121)
    once = standing(store, COUCH)
    assert targets(once) == {"left": 120, "right": 120}
    assert reasons(once)["left"] == "kept at 2:00: met it; once more to step up"
    couch(store, clock, 120, 120)
    twice = standing(store, COUCH)
    assert targets(twice) == {"left": 135, "right": 135}
    assert reasons(twice)["left"] == "up from 2:00: you held 2:00 on both sides twice"


def test_each_side_keeps_its_own_target_and_the_weaker_goes_first(store: HistoryStore) -> None:
    clock = FakeClock()
    couch(store, clock, 125, 100)
    couch(store, clock, 124, 110)
    status = standing(store, COUCH)
    assert targets(status) == {"left": 135, "right": 120}
    assert reasons(status)["right"] == (
        "kept at 2:00: missed it twice in a row at the bottom; the rung below may suit you better"
    )
    assert status.first_side == "right"


def test_a_miss_keeps_the_target_and_two_in_a_row_step_it_back(store: HistoryStore) -> None:
    clock = FakeClock()
    couch(store, clock, 120, 120)
    couch(store, clock, 120, 120)  # up to 2:15
    couch(store, clock, 130, 130)
    kept = standing(store, COUCH)
    assert targets(kept) == {"left": 135, "right": 135}
    assert reasons(kept)["left"] == "kept at 2:15: 2:10 last time"
    couch(store, clock, 128, 128)
    back = standing(store, COUCH)
    assert targets(back) == {"left": 120, "right": 120}
    assert reasons(back)["left"] == "down from 2:15: missed it twice in a row (2:08 last time)"


def test_at_the_top_of_the_range_the_next_rung_starts_at_its_bottom(store: HistoryStore) -> None:
    clock = FakeClock()
    for seconds in (120, 120, 135, 135, 150, 150, 165, 165):
        couch(store, clock, seconds, seconds)
    at_top = standing(store, COUCH)
    assert (at_top.rung, targets(at_top)) == (0, {"left": 180, "right": 180})
    couch(store, clock, 180, 180)
    couch(store, clock, 180, 180)
    status = standing(store, COUCH)
    assert status.dose.name == "Couch stretch, level 2"
    assert targets(status) == {"left": 120, "right": 120}
    assert reasons(status)["left"] == (
        "new rung: you held 3:00 on both sides twice on Couch stretch, level 1"
    )


def test_pain_above_five_blocks_the_step_up_and_says_so(store: HistoryStore) -> None:
    clock = FakeClock()
    couch(store, clock, 120, 120)
    couch(store, clock, 120, 120, pain=6)
    status = standing(store, COUCH)
    assert targets(status) == {"left": 120, "right": 120}
    assert reasons(status)["left"] == (
        "kept at 2:00: pain was 6/10 during the last session (above 5); ease off until it settles"
    )


def test_pain_up_to_five_that_settles_does_not_gate(store: HistoryStore) -> None:
    clock = FakeClock()
    couch(store, clock, 120, 120)
    session = couch(store, clock, 120, 120, pain=5)
    store.answer(session, pain_after=0)
    assert targets(standing(store, COUCH)) == {"left": 135, "right": 135}


def test_pain_not_settled_by_the_next_day_blocks_the_step_up(store: HistoryStore) -> None:
    clock = FakeClock()
    couch(store, clock, 120, 120)
    session = couch(store, clock, 120, 120, pain=3)
    store.answer(session, pain_after=2)
    status = standing(store, COUCH)
    assert targets(status) == {"left": 120, "right": 120}
    assert "pain had not settled by the next day (2/10)" in reasons(status)["left"]


def test_no_answer_means_no_gate(store: HistoryStore) -> None:
    clock = FakeClock()
    couch(store, clock, 120, 120)
    couch(store, clock, 120, 120)
    assert targets(standing(store, COUCH)) == {"left": 135, "right": 135}


def test_accepting_takes_the_step_the_gate_held_back(store: HistoryStore) -> None:
    clock = FakeClock()
    couch(store, clock, 120, 120)
    couch(store, clock, 120, 120, effort=10)
    assert targets(standing(store, COUCH)) == {"left": 120, "right": 120}
    store.add_choice(CoachChoice(clock.next_day(), COUCH.key, "", "accept"))
    status = standing(store, COUCH)
    assert targets(status) == {"left": 135, "right": 135}
    assert reasons(status)["left"].startswith("up (your choice) from 2:00")


def test_declining_keeps_the_target_and_needs_the_sessions_again(store: HistoryStore) -> None:
    clock = FakeClock()
    couch(store, clock, 120, 120)
    couch(store, clock, 120, 120)
    store.add_choice(CoachChoice(clock.next_day(), COUCH.key, "", "decline"))
    status = standing(store, COUCH)
    assert targets(status) == {"left": 120, "right": 120}
    assert reasons(status)["left"] == "kept at 2:00: you declined the step up"
    couch(store, clock, 120, 120)
    assert targets(standing(store, COUCH)) == {"left": 120, "right": 120}


def test_jumping_and_stepping_back_a_rung_are_the_runners_to_make(store: HistoryStore) -> None:
    clock = FakeClock()
    store.add_choice(CoachChoice(clock.next_day(), COUCH.key, "", "jump", 2))
    jumped = standing(store, COUCH)
    assert (jumped.dose.name, targets(jumped)["left"]) == ("Couch stretch, level 3", 120)
    store.add_choice(CoachChoice(clock.next_day(), COUCH.key, "", "back"))
    back = standing(store, COUCH)
    assert (back.dose.name, targets(back)["left"]) == ("Couch stretch, level 2", 180)
    assert reasons(back)["left"] == "back a rung: your choice"


def test_a_corrected_set_changes_the_next_target_at_once(store: HistoryStore) -> None:
    clock = FakeClock()
    couch(store, clock, 120, 120)
    last = couch(store, clock, 120, 120)
    assert targets(standing(store, COUCH))["right"] == 135
    at = clock.now
    store.record(last, _hold("Couch stretch, level 1", 1, 95, at))  # the right side, re-logged
    assert targets(standing(store, COUCH)) == {"left": 135, "right": 120}
    store.undo(last, SetKey(0, 0, 0, 1))
    status = standing(store, COUCH)
    assert targets(status) == {"left": 135, "right": 120}


def bridge_session(store: HistoryStore, clock: FakeClock, reps: int, target: int) -> None:
    at = clock.next_day()
    session = store.start_session("bridge-ladder", "Bridge ladder", "", 0, at)
    for set_index in range(3):
        result = SetResult(
            "bridge-ladder", "Weighted bridge", SetKey(0, 0, set_index, None), None,
            StepKind.REPS, None, f"{target} reps", reps, 36, at, at + timedelta(seconds=36),
        )  # fmt: skip
        store.record(session, result, weight=10, weight_unit="kg")


def test_a_weighted_rung_climbs_its_reps_at_the_weight_logged(store: HistoryStore) -> None:
    clock = FakeClock()
    store.add_choice(CoachChoice(clock.now, BRIDGE.key, "", "jump", 3))
    bridge_session(store, clock, 8, 8)
    bridge_session(store, clock, 9, 8)
    status = standing(store, BRIDGE)
    assert (status.dose.name, targets(status), status.weight) == ("Weighted bridge", {"": 9}, 10)
    assert reasons(status)[""] == "up from 8 reps: you did 8 reps twice"


def test_the_top_of_the_last_rung_adds_weight_and_resets_the_reps(store: HistoryStore) -> None:
    clock = FakeClock()
    bridge_session(store, clock, 12, 12)
    bridge_session(store, clock, 12, 12)
    status = standing(store, BRIDGE)
    assert (targets(status), status.weight, status.unit) == ({"": 8}, 12.5, "kg")
    assert reasons(status)[""] == "+2.5 kg, reps back to 8 reps: you did 12 reps twice"


def test_a_choice_survives_export_and_import(store: HistoryStore, tmp_path: Path) -> None:
    clock = FakeClock()
    couch(store, clock, 120, 120)
    store.add_choice(CoachChoice(clock.next_day(), COUCH.key, "", "jump", 1))
    before = standing(store, COUCH)
    exported = tmp_path / "history.json"
    exported.write_text(export_history(store, ExportFormat.JSON), encoding="utf-8")
    fresh, _ = HistoryStore.open(tmp_path / "fresh.sqlite3")
    with fresh:
        import_file(fresh, exported)
        assert fresh.choices() == store.choices()
        after = standing(fresh, COUCH)
    assert (
        (after.rung, targets(after))
        == (before.rung, targets(before))
        == (1, {"left": 120, "right": 120})
    )


def test_a_user_routine_with_a_reps_range_is_a_ladder_of_one_rung() -> None:
    routine = parse_routine(
        'name = "Mine"\n[[exercise]]\nname = "Clam"\nreps = "8..12"\nsides = "each"\n'
        "progression = { step = 2, sessions = 3 }\n",
        file="mine.toml",
    )
    [ladder] = ladders_in("mine", routine)
    assert (ladder.key, ladder.sessions, ladder.rungs[0].step) == ("mine.clam", 3, 2)
    fixed = parse_routine('name = "F"\n[[exercise]]\nname = "Clam"\nreps = 12\n', file="f.toml")
    assert ladders_in("f", fixed) == []


def test_a_long_history_gives_what_replaying_it_all_would(store: HistoryStore) -> None:
    """Only the latest sessions are read, starting from the dose the first of them ran; a runner
    who did each session's target sixteen times lands where the rules say."""
    from hiptimer.domain.coach.progress import WINDOW
    from hiptimer.routines import format_clock

    clock = FakeClock()
    for _ in range(16):
        status = standing(store, COUCH)
        at = clock.next_day()
        session = store.start_session("couch-stretch", "Couch stretch", "", 0, at)
        for side, target in enumerate(status.targets):
            result = _hold(status.dose.name, side, target.target, at)
            store.record(session, replace(result, target=f"{format_clock(target.target)} hold"))
    status = standing(store, COUCH)
    assert WINDOW < 16
    assert (status.dose.name, targets(status)) == (
        "Couch stretch, level 2",
        {"left": 165, "right": 165},
    )


def test_the_weight_entered_once_is_logged_with_each_loaded_set(store: HistoryStore) -> None:
    from hiptimer.domain.session_log import SessionLog
    from hiptimer.domain.view import SetLogged

    at = FakeClock().next_day()
    session = store.start_session("bridge-ladder", "Bridge ladder", "", 0, at)
    log = SessionLog(
        store, session, wall_clock=lambda: at, session_seconds=lambda: 0.0, on_problem=print
    )
    log.weight, log.weight_unit = 12.5, "lb"
    for index, load in enumerate(("dumbbell across the hips", "bodyweight")):
        result = SetResult(
            "bridge-ladder", "Weighted bridge", SetKey(0, 0, index, None), None, StepKind.REPS,
            None, "8 reps", 8, 24, at, at, load=load,
        )  # fmt: skip
        log(SetLogged(result))
    [loaded, bodyweight] = next(iter(store.archive())).sets
    assert (loaded.weight, loaded.weight_unit) == (12.5, "lb")
    assert (bodyweight.weight, bodyweight.weight_unit) == (None, None)
    csv = export_history(store, ExportFormat.CSV).splitlines()
    assert ",12.5,lb,8," in csv[1]


def test_weight_and_rpe_fill_the_strong_csv_and_import_back(
    store: HistoryStore, tmp_path: Path
) -> None:
    clock = FakeClock()
    bridge_session(store, clock, 12, 12)
    [summary] = store.sessions()
    store.answer(summary.id, effort=8, pain=2)
    exported = tmp_path / "strong.csv"
    exported.write_text(export_history(store, ExportFormat.CSV), encoding="utf-8")
    header, first = exported.read_text(encoding="utf-8").splitlines()[:2]
    row = dict(zip(header.split(","), first.split(","), strict=False))
    assert (row["Weight"], row["Weight Unit"], row["RPE"]) == ("10", "kg", "8")
    fresh, _ = HistoryStore.open(tmp_path / "fresh.sqlite3")
    with fresh:
        import_file(fresh, exported)
        [archive] = fresh.archive()
    assert (archive.effort, archive.pain) == (8, 2)
    assert {(s.weight, s.weight_unit) for s in archive.sets} == {(10, "kg")}


def test_the_gate_is_named_even_when_no_step_was_due(store: HistoryStore) -> None:
    clock = FakeClock()
    couch(store, clock, 120, 120, pain=7)
    assert reasons(standing(store, COUCH))["left"] == (
        "kept at 2:00: pain was 7/10 during the last session (above 5); ease off until it settles"
    )


def test_on_a_higher_rung_the_gate_suggests_the_rung_below(store: HistoryStore) -> None:
    clock = FakeClock()
    couch(store, clock, 120, 120, level=2, pain=8)
    assert reasons(standing(store, COUCH))["left"].endswith("the rung below may suit you better")


def test_a_circuit_climbs_its_rounds_then_its_load(store: HistoryStore) -> None:
    circuit = ladders_in("base-circuit", LIBRARY.get("base-circuit").routine)[0]
    exercises = LIBRARY.get("base-circuit").routine.blocks[0].exercise
    clock = FakeClock()

    def rounds(count: int) -> None:
        at = clock.next_day()
        session = store.start_session("base-circuit", "Base-building hip circuit", "", 0, at)
        for round_index in range(count):
            for index, exercise in enumerate(exercises):
                for side in (0, 1):
                    result = SetResult(
                        "base-circuit", exercise.name, SetKey(0, index, round_index, side), None,
                        StepKind.REPS, "left", "8 reps", 8, 20, at, at,
                    )  # fmt: skip
                    store.record(session, result)

    rounds(3)
    rounds(3)
    up = standing(store, circuit)
    assert (up.dose.name, targets(up)) == ("Light weights", {"": 4})
    assert reasons(up)[""] == "up from 3 rounds: you did 3 rounds twice"
    rounds(4)
    rounds(4)
    medium = standing(store, circuit)
    assert (medium.dose.name, targets(medium)) == ("Medium weights", {"": 3})


def test_each_routines_last_counted_session_is_what_the_rotation_reads(
    store: HistoryStore,
) -> None:
    """`routines_last_done` (read newest first, per routine) replaced judging every session of
    ten years; it must give what the whole list's latest per routine is, quit sessions left out."""
    from hiptimer.domain.history import SessionStatus

    clock = FakeClock()
    days: dict[str, list[datetime]] = {}
    for routine_id, status in (
        ("couch-stretch", SessionStatus.COMPLETED),
        ("bridge-ladder", SessionStatus.COMPLETED),
        ("couch-stretch", SessionStatus.COMPLETED),
        ("bridge-ladder", SessionStatus.ABANDONED),  # quit: the day is not used up
    ):
        at = clock.next_day()
        session = store.start_session(routine_id, routine_id, "", 0, at)
        store.record(session, _hold("Couch stretch, level 1", 0, 120, at))
        store.finish(session, status, at + timedelta(minutes=5))
        days.setdefault(routine_id, []).append(at)
    latest = {routine_id: moment for moment, routine_id in store.routines_done()}
    assert store.routines_last_done() == sorted((m, r) for r, m in latest.items())
    assert store.routines_last_done() == [
        (days["bridge-ladder"][0], "bridge-ladder"),
        (days["couch-stretch"][1], "couch-stretch"),
    ]
    assert store.training_starts(since=days["couch-stretch"][1]) == [days["couch-stretch"][1]]
