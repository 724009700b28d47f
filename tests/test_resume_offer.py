"""The launch after a crash offers to resume; either answer leaves the history's length true."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from hiptimer.alerts import CueAlerts
from hiptimer.app import HipTimerApp
from hiptimer.domain import FakeClock, Phase, SessionEngine
from hiptimer.domain.history import SessionStatus
from hiptimer.routines.plan import SetKey
from hiptimer.screens import ResumeDialog, SessionScreen, SummaryScreen
from hiptimer.service import stopped_when
from hiptimer.settings import Settings
from tests.test_service import CRASHED, crash_after, only_session
from tests.waiting import caught_up, shown, until

BEFORE_THE_CRASH = timedelta(minutes=2)
"""Set 1 on both sides, a minute each, was done and saved before the crash."""


@pytest.fixture(autouse=True)
def crashed_session(hiptimer_home: Path) -> None:
    """What a SIGKILL after set 1 leaves: the session in progress, both sides of set 1 saved."""
    crash_after(2)


async def offered(pilot: Pilot[None]) -> None:
    await until(pilot, lambda: shown(pilot.app, ResumeDialog), "the resume offer")


def three_days_later() -> tuple[FakeClock, HipTimerApp]:
    clock = FakeClock(wall_start=CRASHED + timedelta(days=3))
    app = HipTimerApp(
        clock=clock, wall_clock=clock.wall, cue_alerts=CueAlerts(Settings(sound=False))
    )
    return clock, app


async def test_a_discarded_session_lasts_as_long_as_its_sets_not_three_days() -> None:
    _, app = three_days_later()
    async with app.run_test(size=(100, 30)) as pilot:
        await offered(pilot)
        await pilot.press("d")
        await until(pilot, lambda: not isinstance(app.screen, ResumeDialog), "the offer to close")
    session = only_session()
    assert session.status is SessionStatus.ABANDONED
    assert session.ended_at == CRASHED + timedelta(days=3)  # when it was closed
    assert session.duration == BEFORE_THE_CRASH  # how long it took


async def test_a_resumed_session_counts_both_runs_but_not_the_days_between() -> None:
    clock, app = three_days_later()
    async with app.run_test(size=(100, 30)) as pilot:
        await offered(pilot)
        await pilot.press("r")
        await until(pilot, lambda: shown(app, SessionScreen), "the resumed session")
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        engine: SessionEngine = screen.engine
        view = engine.view()
        assert (view.phase, view.work and view.work.key) == (Phase.REPS, SetKey(0, 0, 1, 0))
        for _ in range(2):  # set 2, left then right, 45 seconds each
            for _ in range(10):  # polled as a terminal does: one jump of 45 s reads as a sleep
                clock.advance(4.5)
                await caught_up(pilot)
            await pilot.press("enter")
        await until(pilot, lambda: shown(app, SummaryScreen), "the summary")
    session = only_session()
    assert session.status is SessionStatus.COMPLETED
    assert session.duration == BEFORE_THE_CRASH + timedelta(seconds=90)


async def test_the_offer_says_when_it_stopped_and_escape_only_puts_it_off() -> None:
    _, app = three_days_later()
    async with app.run_test(size=(100, 30)) as pilot:
        await offered(pilot)
        shown = " ".join(str(static.content) for static in app.screen.query(Static))
        assert "Resume Service test: Hip hitch, set 2/2, LEFT" in shown
        assert (
            f"Stopped {stopped_when(CRASHED + timedelta(seconds=130), app.service.wall_clock())}"
            in shown
        )
        assert "2 of 4 sets done" in shown
        await pilot.press("escape")  # a stray key, or "not now"
        await until(pilot, lambda: not isinstance(app.screen, ResumeDialog), "the offer to close")
    assert only_session().status is SessionStatus.IN_PROGRESS
    _, again = three_days_later()
    async with again.run_test(size=(100, 30)) as pilot:
        await offered(pilot)


def test_when_a_session_stopped_reads_as_a_runner_says_it() -> None:
    now = datetime(2026, 11, 21, 18, 30).astimezone()
    assert stopped_when(datetime(2026, 11, 21, 7, 5).astimezone(), now) == "today at 07:05"
    assert stopped_when(datetime(2026, 11, 20, 22, 40).astimezone(), now) == "yesterday at 22:40"
    assert stopped_when(datetime(2026, 11, 18, 7, 0).astimezone(), now) == "on Wed 18 Nov at 07:00"
