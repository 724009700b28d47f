"""The session engine, driven with a fake clock: what a runner would notice if it broke."""

from __future__ import annotations

import subprocess
import sys

import pytest

from hiptimer.domain import (
    AfterSuspend,
    Away,
    CueKind,
    Phase,
    SetState,
    SetUndone,
)
from hiptimer.routines import estimate_seconds, load_library
from tests.driver import make_engine, routine_from_toml, run_as_planned

COUCH = routine_from_toml(
    """
name = "Couch"
get_ready = "5s"
[[exercise]]
name = "Couch stretch, level 1"
hold = "2m..3m"
sides = "each"
switch = "10s"
rest = "0s"
at = { "1:00" = "Breathe out, let the hips sink" }
"""
)

HIP_HITCH = routine_from_toml(
    """
name = "Hip hitch"
[[exercise]]
name = "Hip hitch"
reps = 15
sets = "2..3"
sides = "each"
switch = "5s"
rest = "45s"
"""
)

TEMPO = routine_from_toml(
    """
name = "Bridge"
get_ready = 0
[[exercise]]
name = "Bridge"
reps = 4
tempo = "2-1-2"
"""
)


def test_every_builtin_routine_takes_exactly_its_estimate() -> None:
    library = load_library(None)
    assert library.routines, "no built-in routines were found"
    for routine_id, loaded in library.routines.items():
        engine, clock, recorder = make_engine(loaded.routine, routine_id=routine_id)
        start = clock.now
        run_as_planned(engine, clock)
        assert clock.now - start == pytest.approx(estimate_seconds(loaded.routine), abs=1e-3), (
            routine_id
        )
        planned = [step.key for step in engine.plan.work_steps]
        assert [event.result.key for event in recorder.logged] == planned, routine_id


def test_poll_timing_does_not_change_the_session_length() -> None:
    exact, exact_clock, _ = make_engine(HIP_HITCH)
    jittery, jittery_clock, _ = make_engine(HIP_HITCH)
    exact_start, jittery_start = exact_clock.now, jittery_clock.now
    run_as_planned(exact, exact_clock)
    run_as_planned(jittery, jittery_clock, seed=7)
    assert jittery_clock.now - jittery_start == pytest.approx(
        exact_clock.now - exact_start, abs=1e-6
    )


def test_a_per_side_hold_gives_each_side_the_full_time_with_a_switch_between() -> None:
    engine, clock, recorder = make_engine(COUCH)
    run_as_planned(engine, clock)
    assert recorder.phases == ["GET READY", "HOLD", "SWITCH", "HOLD"]
    left, right = (event.result for event in recorder.logged)
    assert (left.side, right.side) == ("left", "right")
    assert left.seconds == right.seconds == 180.0
    switch_cues = [e.cue.text for e in recorder.cues if e.cue.kind is CueKind.SWITCH]
    assert switch_cues == ["Switch to right side"]


def test_start_side_is_an_input() -> None:
    engine, clock, recorder = make_engine(COUCH, first_side=1)
    run_as_planned(engine, clock)
    assert [event.result.side for event in recorder.logged] == ["right", "left"]


def test_hold_cues_fire_once_each_in_order_when_polled_often() -> None:
    engine, clock, recorder = make_engine(COUCH)
    engine.start()
    while not engine.is_done:
        clock.advance(0.25)
        engine.update()
    kinds = [event.cue.kind for event in recorder.cues if event.phase is Phase.HOLD]
    one_side = [
        CueKind.GO,
        CueKind.AT,
        CueKind.HALFWAY,
        CueKind.MINIMUM,
        CueKind.TEN_SECONDS,
        CueKind.COUNTDOWN,
        CueKind.COUNTDOWN,
        CueKind.COUNTDOWN,
        CueKind.DONE,
    ]
    assert kinds == one_side + one_side
    dues = [event.due for event in recorder.cues]
    assert dues == sorted(dues)
    fired_at = [time for time, event in recorder.events if event in recorder.cues]
    assert all(
        0 <= at - cue.due < 0.25 + 1e-9 for at, cue in zip(fired_at, recorder.cues, strict=True)
    )


def test_a_cue_fires_when_the_clock_crosses_it_not_only_when_it_equals_it() -> None:
    engine, clock, recorder = make_engine(COUCH)
    engine.start()
    clock.advance(5.0 + 59.7)  # get-ready done, hold at 0:59.7
    engine.update()
    clock.advance(0.6)  # the poll lands at 1:00.3, never exactly on 1:00
    engine.update()
    at_cues = [event.cue.text for event in recorder.cues if event.cue.kind is CueKind.AT]
    assert at_cues == ["Breathe out, let the hips sink"]


def test_a_stall_drops_overdue_cues_instead_of_firing_a_burst() -> None:
    engine, clock, recorder = make_engine(HIP_HITCH)
    engine.start()
    engine.finish()  # left side done: switch (5 s) starts
    clock.advance(4.5)  # 3, 2 and 1 were due at 2, 3 and 4 s: only "1" is recent enough
    engine.update()
    ticks = [event.cue.text for event in recorder.cues if event.cue.kind is CueKind.COUNTDOWN]
    assert ticks == ["1"]


def test_a_hold_counts_3_2_1_before_it_ends_as_the_get_ready_does() -> None:
    engine, clock, recorder = make_engine(COUCH)
    engine.start()
    engine.finish()  # the get-ready
    for _ in range(180 * 4):
        clock.advance(0.25)
        engine.update()
    ticks = [
        (event.cue.text, event.phase, round(event.due - clock.now, 2))
        for event in recorder.cues
        if event.cue.kind is CueKind.COUNTDOWN
    ]
    assert ticks == [
        ("3", Phase.HOLD, -3.0),
        ("2", Phase.HOLD, -2.0),
        ("1", Phase.HOLD, -1.0),
    ]
    assert engine.view().phase is Phase.SWITCH


def test_pause_and_resume_lose_and_gain_no_time() -> None:
    engine, clock, _ = make_engine(COUCH)
    engine.start()
    clock.advance(5.0 + 42.0)
    engine.update()
    engine.pause()
    clock.advance(300.0)
    engine.update()
    paused = engine.view()
    assert paused.banner == "PAUSED"
    assert paused.remaining == pytest.approx(180.0 - 42.0)
    engine.resume()
    clock.advance(10.0)
    engine.update()
    assert engine.view().remaining == pytest.approx(180.0 - 52.0)


def test_reps_are_tapped_and_a_set_checked_off_with_nothing_tapped_is_logged_at_target() -> None:
    engine, _, recorder = make_engine(HIP_HITCH)
    engine.start()
    assert engine.view().phase is Phase.REPS
    for _ in range(12):
        engine.tap()
    engine.adjust_reps(-1)
    assert engine.view().reps == 11
    engine.finish()
    engine.finish()  # the switch, ended early
    engine.finish()  # right side: nothing tapped
    assert [event.result.reps for event in recorder.logged] == [11, 15]


def test_checking_off_a_set_starts_the_rest_and_no_rest_follows_the_last_set() -> None:
    engine, clock, recorder = make_engine(HIP_HITCH)
    run_as_planned(engine, clock)
    assert recorder.phases == ["REPS", "SWITCH", "REPS", "REST", "REPS", "SWITCH", "REPS"]


def test_a_range_of_sets_runs_its_lower_bound_and_can_grow_to_the_top() -> None:
    engine, _, _ = make_engine(HIP_HITCH)
    engine.start()
    assert engine.view().step is not None and engine.view().step.progress_text == "set 1/2"  # type: ignore[union-attr]
    assert engine.add_set()
    assert not engine.can_add_set
    assert not engine.add_set()
    assert engine.view().step.progress_text == "set 1/3"  # type: ignore[union-attr]
    assert len(engine.checklist()) == 6


def test_skip_logs_the_side_as_skipped_and_moves_on() -> None:
    engine, _, recorder = make_engine(COUCH)
    engine.start()
    engine.finish()  # end get-ready
    engine.skip()  # skip the left side
    assert engine.view().phase is Phase.SWITCH
    assert engine.view().side == "right"
    skipped = recorder.logged[0].result
    assert (skipped.side, skipped.skipped) == ("left", True)
    assert [item.state for item in engine.checklist()] == [SetState.SKIPPED, SetState.CURRENT]


def test_skip_during_a_rest_skips_the_set_coming_up() -> None:
    engine, _, recorder = make_engine(HIP_HITCH)
    engine.start()
    engine.finish()
    engine.finish()
    engine.finish()  # set 1 done on both sides: rest before set 2
    assert engine.view().phase is Phase.REST
    engine.skip()
    assert [(event.result.key.set, event.result.skipped) for event in recorder.logged][-1] == (
        1,
        True,
    )


def test_back_returns_to_the_previous_set_and_undoes_its_result() -> None:
    engine, _, recorder = make_engine(HIP_HITCH)
    engine.start()
    engine.tap()
    engine.finish()  # left logged
    assert engine.view().phase is Phase.SWITCH
    engine.back()
    view = engine.view()
    assert (view.phase, view.side) == (Phase.REPS, "left")
    assert recorder.of(SetUndone)[0].key == recorder.logged[0].result.key
    assert engine.results == []
    assert engine.checklist()[0].state is SetState.CURRENT


def test_ending_a_ranged_hold_after_its_minimum_is_not_short_but_before_it_is() -> None:
    engine, clock, _ = make_engine(COUCH)
    engine.start()
    engine.finish()
    clock.advance(125.0)
    engine.update()
    assert engine.view().minimum_reached
    engine.finish()  # left: 2:05, past the 2:00 minimum
    engine.finish()  # switch
    clock.advance(90.0)
    engine.finish()  # right: 1:30, short
    left, right = engine.results
    assert (left.seconds, left.short) == (125.0, False)
    assert (right.seconds, right.short) == (90.0, True)
    assert [item.state for item in engine.checklist()] == [SetState.DONE, SetState.SHORT]


def test_adding_ten_seconds_moves_the_end_of_a_hold() -> None:
    engine, clock, _ = make_engine(COUCH)
    engine.start()
    engine.finish()
    engine.adjust_time(-30)
    engine.adjust_time(10)
    assert engine.view().remaining == pytest.approx(160.0)
    clock.advance(160.0)
    engine.update()
    assert engine.view().phase is Phase.SWITCH


def test_the_tempo_counter_paces_reps_and_completes_the_set_itself() -> None:
    engine, clock, recorder = make_engine(TEMPO)
    engine.start()
    for _ in range(44):  # 11 s at 4 Hz: 2 reps of 5 s done, a third under way
        clock.advance(0.25)
        engine.update()
    assert engine.view().reps == 2
    for _ in range(36):
        clock.advance(0.25)
        engine.update()
    assert engine.view().phase is Phase.DONE
    assert recorder.logged[0].result.reps == 4
    beats = [event.cue.text for event in recorder.cues if event.cue.kind is CueKind.BEAT]
    assert beats[:3] == ["1, up", "hold", "down"]
    assert [event.cue.count for event in recorder.cues if event.cue.text.endswith("up")] == [
        1,
        2,
        3,
        4,
    ]


def test_a_long_gap_in_a_hold_pauses_it_and_asks() -> None:
    engine, clock, recorder = make_engine(COUCH, suspend_gap=5.0)
    engine.start()
    for _ in range(4 * 35):  # get-ready, then 30 s of hold at 4 Hz
        clock.advance(0.25)
        engine.update()
    clock.advance(600.0)  # the laptop was closed for ten minutes
    engine.update()
    away = recorder.of(Away)
    assert len(away) == 1 and away[0].ask and away[0].gap == pytest.approx(600.0)
    view = engine.view()
    assert view.paused and view.away
    assert view.remaining == pytest.approx(150.0)
    engine.resume()
    clock.advance(1.0)
    engine.update()
    assert engine.view().remaining == pytest.approx(149.0)


def test_after_a_suspend_the_hold_can_be_restarted_or_marked_done() -> None:
    engine, clock, recorder = make_engine(COUCH, suspend_gap=5.0)
    engine.start()
    engine.finish()
    clock.advance(600.0)
    engine.update()
    engine.restart_phase()
    assert engine.view().remaining == pytest.approx(180.0)
    clock.advance(600.0)
    engine.update()
    engine.mark_done()
    assert recorder.logged[0].result.seconds == 180.0
    assert engine.view().phase is Phase.SWITCH


def test_sleep_seen_only_by_boot_time_is_caught_too() -> None:
    boot = [0.0]
    engine, clock, recorder = make_engine(COUCH, suspend_gap=5.0, sleep_clock=lambda: boot[0])
    engine.start()
    engine.finish()
    clock.advance(0.25)
    engine.update()
    boot[0] += 900.0  # monotonic stood still through suspend, as on Linux
    clock.advance(0.25)
    engine.update()
    assert [event.gap for event in recorder.of(Away)] == [pytest.approx(900.0)]


SLEEPY = routine_from_toml(
    """
name = "Sleepy"
get_ready = "10s"
[[exercise]]
name = "Side plank"
hold = "30s"
sides = "each"
switch = "10s"
rest = "45s"
[[exercise]]
name = "Bridge"
reps = 10
tempo = "2-1-2"
"""
)


@pytest.mark.parametrize("phase", [Phase.GET_READY, Phase.SWITCH, Phase.REST, Phase.REPS])
def test_a_long_gap_in_any_phase_stops_it_and_asks(phase: Phase) -> None:
    """Only holds noticed a suspend: a laptop that slept in a rest let the gap run on through
    the get-ready and the holds after it, which were logged as held."""
    engine, clock, recorder = make_engine(SLEEPY, suspend_gap=5.0)
    engine.start()
    while engine.view().phase is not phase:
        engine.finish()
    clock.advance(2.0)
    engine.update()
    left = engine.view().remaining
    assert left is not None
    clock.advance(600.0)
    engine.update()
    [away] = recorder.of(Away)
    assert away.ask and away.gap == pytest.approx(600.0)
    view = engine.view()
    assert view.phase is phase and view.paused and view.away
    assert view.remaining == pytest.approx(left)
    logged = len(recorder.logged)
    engine.resume()
    clock.advance(1.0)
    engine.update()
    assert engine.view().remaining == pytest.approx(left - 1.0)
    assert len(recorder.logged) == logged  # nothing was run through while away


def test_after_a_gap_in_a_rest_mark_done_ends_the_rest_and_logs_nothing() -> None:
    engine, clock, recorder = make_engine(SLEEPY, suspend_gap=5.0)
    engine.start()
    while engine.view().phase is not Phase.REST:
        engine.finish()
    logged = len(recorder.logged)
    clock.advance(600.0)
    engine.update()
    engine.mark_done()
    assert engine.view().phase is Phase.GET_READY
    assert len(recorder.logged) == logged


def test_after_a_gap_in_a_tempo_set_mark_done_logs_its_reps() -> None:
    engine, clock, recorder = make_engine(SLEEPY, suspend_gap=5.0)
    engine.start()
    while engine.view().phase is not Phase.REPS:
        engine.finish()
    logged = len(recorder.logged)
    clock.advance(600.0)
    engine.update()
    assert engine.view().away and len(recorder.logged) == logged
    engine.mark_done()
    assert recorder.logged[-1].result.reps == 10
    assert engine.is_done


def test_enter_read_just_after_a_hold_ran_out_does_not_also_skip_the_switch() -> None:
    """Quick Enters skipped a switch and then ended the next hold: the key that reached the
    engine after the hold's deadline ended the hold *and* the switch its deadline started."""
    engine, clock, recorder = make_engine(SLEEPY)
    engine.start()
    engine.finish()  # get-ready
    assert engine.view().phase is Phase.HOLD
    clock.advance(30.2)  # the hold ran out; the screen has not polled since
    engine.finish()
    view = engine.view()
    assert view.phase is Phase.SWITCH
    assert view.remaining == pytest.approx(9.8)
    assert recorder.logged[-1].result.seconds == 30.0
    assert not recorder.logged[-1].result.short
    clock.advance(9.9)
    engine.skip()  # n: the same for skip, which would have skipped the right side
    assert engine.view().phase is Phase.HOLD
    assert [entry.result.skipped for entry in recorder.logged] == [False]


def test_plus_on_a_ranged_hold_stops_at_the_top_of_its_range() -> None:
    """0:40 was logged on a 0:20–0:30 hold."""
    ranged = routine_from_toml(
        """
name = "Ranged"
get_ready = 0
[[exercise]]
name = "Plank"
hold = "20s..30s"
"""
    )
    engine, clock, recorder = make_engine(ranged)
    engine.start()
    assert engine.adjust_time(10.0) is False
    assert engine.view().remaining == pytest.approx(30.0)
    assert engine.adjust_time(-10.0) is True
    assert engine.view().remaining == pytest.approx(20.0)
    assert engine.adjust_time(10.0) is True
    assert engine.adjust_time(10.0) is False
    clock.advance(31.0)
    engine.update()
    assert recorder.logged[0].result.seconds == 30.0


def test_time_added_to_a_hold_is_added_to_the_session_too() -> None:
    """ "5:17 left of 5:11": the time left grew with +, the whole did not."""
    engine, _, _ = make_engine(SLEEPY)
    engine.start()
    engine.finish()
    before = engine.view()
    assert engine.adjust_time(10.0)
    after = engine.view()
    assert after.session_total == pytest.approx(before.session_total + 10.0)
    assert after.session_left == pytest.approx(before.session_left + 10.0)
    assert after.session_left <= after.session_total


def test_keep_counting_after_suspend_when_the_runner_chose_so() -> None:
    engine, clock, recorder = make_engine(COUCH, suspend_gap=5.0, after_suspend=AfterSuspend.KEEP)
    engine.start()
    engine.finish()
    clock.advance(60.0)
    engine.update()
    assert not recorder.of(Away)
    assert engine.view().remaining == pytest.approx(120.0)


def test_resuming_continues_at_the_first_set_not_done() -> None:
    first, _clock, _ = make_engine(HIP_HITCH)
    first.start()
    first.finish()
    first.finish()
    first.finish()
    done = first.results
    engine, _, _recorder = make_engine(HIP_HITCH, completed=done)
    engine.start()
    view = engine.view()
    assert (view.phase, view.side, view.work and view.work.key.set) == (Phase.REPS, "left", 1)
    assert [item.state for item in engine.checklist()][:3] == [
        SetState.DONE,
        SetState.DONE,
        SetState.CURRENT,
    ]


def test_a_resumed_session_counts_its_earlier_run_but_not_the_time_away() -> None:
    first, clock, _ = make_engine(HIP_HITCH)
    first.start()
    clock.advance(40.0)
    first.finish()
    clock.advance(30.0)
    first.finish()
    done = first.results
    before_the_crash = (done[-1].ended_at - done[0].started_at).total_seconds()
    assert before_the_crash >= 30.0

    resumed, later, _ = make_engine(HIP_HITCH, completed=done)
    later.advance(3600.0)  # an hour passes before the runner relaunches and resumes
    resumed.start()
    later.advance(100.0)
    resumed.update()
    assert resumed.session_seconds() == pytest.approx(before_the_crash + 100.0)


def test_session_time_left_counts_down_live() -> None:
    engine, clock, _ = make_engine(COUCH)
    engine.start()
    total = engine.view().session_left
    assert total == pytest.approx(estimate_seconds(COUCH))
    clock.advance(65.0)
    engine.update()
    assert engine.view().session_left == pytest.approx(total - 65.0)


def test_next_up_names_what_comes_after_this_phase() -> None:
    engine, _, _ = make_engine(HIP_HITCH)
    engine.start()
    assert engine.view().next_up == "Hip hitch · RIGHT · set 1/2"
    engine.finish()
    engine.finish()
    assert engine.view().next_up == "rest 0:45, then Hip hitch · LEFT · set 2/2"


def test_the_engine_imports_no_textual() -> None:
    code = (
        "import sys, hiptimer.domain.engine, hiptimer.domain, hiptimer.routines;"
        "print('textual' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "False"


def test_a_hold_cut_below_its_minimum_with_minus_is_short() -> None:
    engine, clock, recorder = make_engine(COUCH)
    engine.start()
    engine.finish()  # get-ready
    for _ in range(8):
        engine.adjust_time(-10)  # 3:00 cut to 1:40, under the 2:00 minimum
    clock.advance(100.0)
    engine.update()
    left = recorder.logged[0].result
    assert (left.seconds, left.short) == (100.0, True)


def test_fewer_reps_than_the_target_are_short_and_more_are_counted() -> None:
    engine, _, recorder = make_engine(HIP_HITCH)
    engine.start()
    for _ in range(10):
        engine.tap()
    engine.finish()
    engine.finish()  # switch
    for _ in range(17):
        engine.tap()
    engine.finish()
    left, right = (event.result for event in recorder.logged)
    assert (left.reps, left.short) == (10, True)
    assert (right.reps, right.short) == (17, False)


def test_back_to_a_rep_set_starts_the_set_not_its_switch() -> None:
    engine, _, _ = make_engine(HIP_HITCH)
    engine.start()
    engine.finish()
    engine.finish()
    engine.finish()  # both sides of set 1: now resting
    engine.back()
    view = engine.view()
    assert (view.phase, view.side) == (Phase.REPS, "right")


def test_the_next_change_is_the_next_second_cue_or_end_of_the_phase() -> None:
    engine, clock, _ = make_engine(COUCH)
    engine.start()
    start = clock.now
    assert engine.next_change_at() == pytest.approx(start + 1.0)  # get-ready shows 0:04
    clock.advance(4.6)
    assert engine.next_change_at() == pytest.approx(start + 5.0)  # the hold begins
    engine.pause()
    assert engine.next_change_at() is None
