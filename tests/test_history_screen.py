"""The history screen shows a runner's seeded sessions: calendar, streak, weekly goal, asymmetry."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from textual.app import ComposeResult
from textual.pilot import Pilot
from textual.widgets import Static

from hiptimer.alerts import CueAlerts
from hiptimer.app import HipTimerApp
from hiptimer.domain.history import HistoryStore, SessionStatus
from hiptimer.domain.results import SetResult
from hiptimer.routines.plan import SetKey, StepKind
from hiptimer.screens.history import HistoryScreen, streak_text
from hiptimer.settings import Settings
from hiptimer.widgets.history_calendar import HistoryCalendar
from hiptimer.widgets.side_trend import SharedBars

SnapCompare = Callable[..., bool]

TODAY = date(2025, 3, 12)
"""A Wednesday: this week has Monday's and today's session, so 2 of the goal of 3."""
NOW = datetime(2025, 3, 12, 12, 30, tzinfo=UTC)
# Three weeks back from this week, Mon/Wed/Fri, then this Monday and today. Sessions at noon UTC and
# NOW at 12:30 UTC fall on the same calendar day in every time zone from UTC-11 to UTC+11, so the
# marks and "today" do not move with the machine.
SESSION_DAYS = [TODAY - timedelta(days=days_ago) for days_ago in (16, 14, 12, 9, 7, 5, 2, 0)]
# The right side lags: over the last three sessions it holds 1:40 against 2:30 on the left.
RIGHT_HOLDS = [80, 85, 90, 90, 95, 100, 100, 100]
LEFT_HOLDS = [130, 135, 140, 140, 145, 150, 150, 150]
CLAMSHELL_REPS = [10, 11, 12, 12, 13, 14, 15, 15]


def hold(day: date, side: int, seconds: float) -> SetResult:
    start = datetime.combine(day, datetime.min.time(), UTC) + timedelta(hours=12, minutes=side * 3)
    return SetResult(
        routine_id="couch",
        exercise="Couch stretch",
        key=SetKey(0, 0, 0, side),
        block_name=None,
        kind=StepKind.HOLD,
        side=("left", "right")[side],
        target="2m..3m",
        reps=None,
        seconds=seconds,
        started_at=start,
        ended_at=start + timedelta(seconds=seconds),
    )


def clamshell(day: date, side: int, reps: int) -> SetResult:
    start = datetime.combine(day, datetime.min.time(), UTC) + timedelta(hours=12, minutes=10 + side)
    return SetResult(
        routine_id="couch",
        exercise="Side-lying clamshell",
        key=SetKey(0, 1, 0, side),
        block_name=None,
        kind=StepKind.REPS,
        side=("left", "right")[side],
        target="15 reps",
        reps=reps,
        seconds=40,
        started_at=start,
        ended_at=start + timedelta(seconds=40),
        load="red band",
    )


def seed_history() -> None:
    """Eight couch stretch sessions over three weeks, written as a live session writes them, for
    a plan of three sessions a week."""
    from hiptimer.paths import config_file

    config_file().parent.mkdir(parents=True, exist_ok=True)
    config_file().write_text("sessions_per_week = 3\n", encoding="utf-8")
    store, _ = HistoryStore.open()
    with store:
        for number, day in enumerate(SESSION_DAYS):
            started = datetime.combine(day, datetime.min.time(), UTC) + timedelta(hours=12)
            session = store.start_session("couch", "Couch stretch", "", number % 2, started)
            store.record(session, hold(day, 0, LEFT_HOLDS[number]))
            store.record(session, hold(day, 1, RIGHT_HOLDS[number]))
            store.record(session, clamshell(day, 0, CLAMSHELL_REPS[number]))
            store.record(session, clamshell(day, 1, CLAMSHELL_REPS[number] - 1))
            store.finish(session, SessionStatus.COMPLETED, started + timedelta(minutes=20))


def make_app() -> HipTimerApp:
    return HipTimerApp(cue_alerts=CueAlerts(Settings(sound=False)), wall_clock=lambda: NOW)


async def open_history(pilot: Pilot[None]) -> None:
    # Every letter on the picker is the filter's; f2 is its History.
    await pilot.press("f2")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def text_of(app: HipTimerApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def test_seeded_history_shows_calendar_streak_goal_and_asymmetry() -> None:
    seed_history()
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_history(pilot)
        assert isinstance(app.screen, HistoryScreen)
        calendar = app.screen.query_one(HistoryCalendar)
        trained = [str(cell.render()) for cell in calendar.query(".-trained").results(Static)]
        assert trained == ["1"] * len(SESSION_DAYS)
        assert str(calendar.query_one(".-today", Static).render()) == "1"
        # The two full weeks met the plan's three; this week counts once it does too.
        assert "2 weeks" in text_of(app, "#streak")
        assert "2 of 3 sessions this week" in text_of(app, "#week-goal")
        sentences = [str(note.render()) for note in app.screen.query(".-asymmetry").results(Static)]
        assert sentences == ["⚠ Right couch stretch: 1:40 vs 2:30 on the left"]


async def test_trends_show_each_side_with_its_latest_figure() -> None:
    seed_history()
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_history(pilot)
        rows = [
            " ".join(str(cell.render()) for cell in row.query(Static).results(Static))
            for row in app.screen.query(".-side-row")
        ]
        assert rows == [
            "LEFT 2:30",
            "RIGHT 1:40",
            "LEFT 15 reps · red band",
            "RIGHT 14 reps · red band",
        ]
        left, right = list(app.screen.query(SharedBars))[:2]
        assert (list(left.values), list(right.values)) == (LEFT_HOLDS, RIGHT_HOLDS)
        # One scale for both sides: the right side, 1:40 against 2:30, draws lower.
        assert str(right.render())[-1] < str(left.render())[-1] == "█"


async def test_empty_history_says_there_is_none_yet() -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_history(pilot)
        assert isinstance(app.screen, HistoryScreen)
        assert "No history yet" in text_of(app, "#history-message")
        assert not app.screen.query_one("#history-data").display


async def test_a_session_ended_early_shows_its_sets_though_it_does_not_count() -> None:
    # Quitting after one side: no training day, no streak, but the side held is in the trends.
    store, _ = HistoryStore.open()
    with store:
        started = datetime.combine(TODAY, datetime.min.time(), UTC) + timedelta(hours=12)
        session = store.start_session("couch", "Couch stretch", "", 0, started)
        store.record(session, hold(TODAY, 0, 125))
        store.finish(session, SessionStatus.ABANDONED, started + timedelta(minutes=3))
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_history(pilot)
        assert app.screen.query_one("#history-data").display
        assert not app.screen.query_one("#history-message").display
        rows = [
            " ".join(str(cell.render()) for cell in row.query(Static).results(Static))
            for row in app.screen.query(".-side-row")
        ]
        assert rows[0] == "LEFT 2:05"
        assert text_of(app, "#week-goal").startswith("0 of ")


def test_no_streak_yet_says_what_starts_one() -> None:
    assert streak_text(0, 4) == "No streak yet: do 4 sessions this week to start one."
    assert streak_text(0, 1) == "No streak yet: do a session this week to start one."


async def test_escape_goes_back_to_the_routines() -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_history(pilot)
        await pilot.press("escape")
        assert not isinstance(app.screen, HistoryScreen)


async def test_history_that_could_not_be_opened_says_so(hiptimer_home: Path) -> None:
    hiptimer_home.mkdir(parents=True)
    (hiptimer_home / "history.sqlite3").mkdir()  # a folder where the file should be
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_history(pilot)
        assert isinstance(app.screen, HistoryScreen)
        assert "History is off for this run" in text_of(app, "#history-message")


def test_history_screen_looks_right(snap_compare: SnapCompare) -> None:
    seed_history()
    assert snap_compare(make_app(), terminal_size=(100, 30), run_before=open_history)


async def test_long_side_labels_show_whole() -> None:
    """The history cut a rotation's labels to "CLOCKWI" and "COUNTER"."""
    from textual.app import App

    from hiptimer.domain.history import ExerciseTrend, TrendPoint
    from hiptimer.widgets import SideTrend

    trend = ExerciseTrend("Hip circles", "REPS")
    for side in ("clockwise", "counterclockwise"):
        trend.sides[side] = [TrendPoint(NOW, 10, None)]

    class One(App[None]):
        def compose(self) -> ComposeResult:
            yield SideTrend(trend)

    app = One()
    async with app.run_test(size=(80, 10)) as pilot:
        await pilot.pause()
        labels = list(app.query(".-side").results(Static))
        assert [str(label.render()) for label in labels] == ["CLOCKWISE", "COUNTERCLOCKWISE"]
        for label in labels:
            assert label.content_region.width >= len(str(label.render()))
