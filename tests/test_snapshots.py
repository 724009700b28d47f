"""How each screen and phase looks, frozen: fake clock, fake wall clock, sound off, no blinking."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from hiptimer.domain import FakeClock, Phase
from hiptimer.screens import PreviewScreen
from hiptimer.screens.away import AwayDialog
from tests.test_session_flow import (
    ROUTINE_ID,
    ROUTINE_TOML,
    let_pass,
    make_app,
    open_session,
    repaint,
    session,
)
from tests.waiting import shown, until

SnapCompare = Callable[..., bool]
Drive = Callable[[Pilot[None], FakeClock], Awaitable[None]]

SIZE = (100, 30)


@pytest.fixture(autouse=True)
def flow_routine(hiptimer_home: Path) -> Path:
    """The same short test routine the flow tests use, as a user routine."""
    folder = hiptimer_home / "routines"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{ROUTINE_ID}.toml"
    path.write_text(ROUTINE_TOML, encoding="utf-8")
    return path


def snap_session(snap_compare: SnapCompare, drive: Drive, size: tuple[int, int] = SIZE) -> bool:
    """Open the test routine's preview, start it, let `drive` bring it to a state, snapshot it."""
    clock = FakeClock()
    app = make_app(clock, ROUTINE_ID)

    async def run_before(pilot: Pilot[None]) -> None:
        await open_session(pilot)
        await drive(pilot, clock)
        # A cue flashes the timer's area for a moment (a real-time timer): shoot after it.
        await until(pilot, lambda: not pilot.app.screen.query(".-flash"), "the cue flash to end")

    return snap_compare(app, terminal_size=size, run_before=run_before)


async def fresh(pilot: Pilot[None]) -> None:
    """Drop earlier toasts, so only the next step's cue toasts are in the picture."""
    pilot.app.clear_notifications()
    await pilot.pause()


async def to_hold_start(pilot: Pilot[None], clock: FakeClock) -> None:
    """Skip both rep sets and end the rest and the get-ready: the side plank's left hold begins."""
    await pilot.press("n", "n", "enter", "enter")
    await repaint(pilot)
    assert session(pilot).engine.view().phase is Phase.HOLD


async def to_left_hold_with_at_cue(pilot: Pilot[None], clock: FakeClock) -> None:
    await to_hold_start(pilot, clock)
    await let_pass(pilot, clock, 8)
    await fresh(pilot)
    await let_pass(pilot, clock, 3)  # 11 s in: the "0:10" cue has fired
    assert session(pilot).engine.view().remaining == 9.0


def test_picker_filtered_to_the_test_routine(snap_compare: SnapCompare) -> None:
    clock = FakeClock()
    app = make_app(clock)

    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.pause()
        pilot.app.screen.query_one("#filter", Input).cursor_blink = False
        await pilot.press(*"flow test")

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_preview(snap_compare: SnapCompare) -> None:
    clock = FakeClock()
    app = make_app(clock, ROUTINE_ID)

    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.pause()
        assert isinstance(pilot.app.screen, PreviewScreen)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_reps_with_a_counter(snap_compare: SnapCompare) -> None:
    async def drive(pilot: Pilot[None], clock: FakeClock) -> None:
        await pilot.press("space", "space", "space")
        await repaint(pilot)

    assert snap_session(snap_compare, drive)


def test_rest_with_next_up(snap_compare: SnapCompare) -> None:
    async def drive(pilot: Pilot[None], clock: FakeClock) -> None:
        await pilot.press("space", "space", "space", "space", "space", "enter")
        await let_pass(pilot, clock, 5)

    assert snap_session(snap_compare, drive)


def test_get_ready_before_the_left_hold(snap_compare: SnapCompare) -> None:
    async def drive(pilot: Pilot[None], clock: FakeClock) -> None:
        await pilot.press("n", "n", "enter")
        await let_pass(pilot, clock, 1)
        assert session(pilot).engine.view().phase is Phase.GET_READY

    assert snap_session(snap_compare, drive)


def test_left_hold_with_a_fired_at_cue(snap_compare: SnapCompare) -> None:
    assert snap_session(snap_compare, to_left_hold_with_at_cue)


def test_switch_to_the_right_side(snap_compare: SnapCompare) -> None:
    async def drive(pilot: Pilot[None], clock: FakeClock) -> None:
        await to_hold_start(pilot, clock)
        await let_pass(pilot, clock, 12)
        await fresh(pilot)
        await let_pass(pilot, clock, 9)  # the hold ended at 20 s; 1 s into the switch
        assert session(pilot).engine.view().phase is Phase.SWITCH

    assert snap_session(snap_compare, drive)


def test_paused_hold(snap_compare: SnapCompare) -> None:
    async def drive(pilot: Pilot[None], clock: FakeClock) -> None:
        await to_hold_start(pilot, clock)
        await let_pass(pilot, clock, 6)
        await pilot.press("space")
        clock.advance(30)  # time passing while paused changes nothing
        await repaint(pilot)

    assert snap_session(snap_compare, drive)


def test_away_dialog_after_a_suspend_mid_hold(snap_compare: SnapCompare) -> None:
    async def drive(pilot: Pilot[None], clock: FakeClock) -> None:
        await to_hold_start(pilot, clock)
        await let_pass(pilot, clock, 4)
        clock.advance(600)  # the laptop slept: far more than the 5 s gap between two polls
        await until(pilot, lambda: shown(pilot.app, AwayDialog), "the away dialog")

    assert snap_session(snap_compare, drive)


def test_quit_confirmation(snap_compare: SnapCompare) -> None:
    async def drive(pilot: Pilot[None], clock: FakeClock) -> None:
        await pilot.press("space", "space", "q")

    assert snap_session(snap_compare, drive)


def test_help_over_the_session(snap_compare: SnapCompare) -> None:
    async def drive(pilot: Pilot[None], clock: FakeClock) -> None:
        await pilot.press("question_mark")

    assert snap_session(snap_compare, drive)


def test_summary_with_a_short_hold(snap_compare: SnapCompare) -> None:
    async def drive(pilot: Pilot[None], clock: FakeClock) -> None:
        await pilot.press(*["space"] * 5, "enter", "enter", "enter")  # reps, rest, get-ready
        await let_pass(pilot, clock, 9)  # the tempo set
        await pilot.press("enter", "enter")  # rest, get-ready
        await repaint(pilot)
        await let_pass(pilot, clock, 20)  # left side in full
        await pilot.press("enter")  # end the switch early
        await repaint(pilot)
        await let_pass(pilot, clock, 12)
        await pilot.press("enter", "enter", "enter")  # right side short, rest, get-ready
        await repaint(pilot)
        await let_pass(pilot, clock, 42)  # max hold
        await pilot.press("enter")
        await pilot.pause()
        await fresh(pilot)

    assert snap_session(snap_compare, drive)


def test_session_at_60_by_20(snap_compare: SnapCompare) -> None:
    assert snap_session(snap_compare, to_left_hold_with_at_cue, size=(60, 20))


def test_session_at_60_by_20_with_the_cues_toggled_on(snap_compare: SnapCompare) -> None:
    async def drive(pilot: Pilot[None], clock: FakeClock) -> None:
        await to_left_hold_with_at_cue(pilot, clock)
        await pilot.press("c")

    assert snap_session(snap_compare, drive, size=(60, 20))


def test_session_at_40_by_12(snap_compare: SnapCompare) -> None:
    assert snap_session(snap_compare, to_left_hold_with_at_cue, size=(40, 12))
