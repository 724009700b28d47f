"""Two hiptimer windows on one history, and a history busy with someone else's write: a live
session belongs to its process, and no set is lost or counted without being stored."""

from __future__ import annotations

import signal
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from textual.widgets import Static

from hiptimer.alerts import CueAlerts
from hiptimer.app import HipTimerApp
from hiptimer.domain import FakeClock
from hiptimer.domain.history import SessionStatus
from hiptimer.domain.history.store import BUSY_TIMEOUT_SECONDS
from hiptimer.screens import PreviewScreen, ResumeDialog, SessionScreen, SummaryScreen
from hiptimer.settings import Settings
from tests.test_crash_resume import Terminal
from tests.test_history_store import START, hold, open_store, start
from tests.waiting import shown, until

ROUTINE = """\
name = "Two windows"

[[exercise]]
name = "Hip hitch"
reps = 5
sets = 2
sides = "each"
switch = 0
rest = 0
"""
EVERY_SET = sorted((0, 0, number, side) for number in range(2) for side in range(2))


@pytest.fixture(autouse=True)
def two_windows_routine(hiptimer_home: Path) -> None:
    (hiptimer_home / "routines").mkdir(parents=True)
    (hiptimer_home / "routines" / "two.toml").write_text(ROUTINE)


# -- the store: leases and the same second ---------------------------------------------------------


def test_two_sessions_of_one_routine_started_in_the_same_second_are_both_kept() -> None:
    with open_store() as first, open_store() as second:
        one = start(first, at=START)
        other = start(second, at=START)  # another window, the same second: was UNIQUE failed
        assert one != other
        first.record(one, hold(0, 60))
        second.record(other, hold(0, 90))
        sessions = first.sessions()
    assert len(sessions) == 2 and {session.done for session in sessions} == {1}
    assert len({session.started_at for session in sessions}) == 2, "still told apart in exports"


def test_a_live_session_is_never_offered_by_another_store_until_its_owner_ends() -> None:
    owner = open_store()
    session = start(owner)
    with open_store() as other:
        assert other.unfinished() is None, "live in another window: not to be resumed"
        [elsewhere] = other.running_elsewhere()
        assert elsewhere.id == session
        owner.close()  # what the kernel does when the owner's process ends, however it ends
        offered = other.unfinished()
        assert offered is not None and offered.id == session
        assert other.running_elsewhere() == []
        with open_store() as third:  # the one offering it owns it now
            assert third.unfinished() is None
        other.release(session)  # "not now"
        with open_store() as third:
            offered = third.unfinished()
            assert offered is not None and offered.id == session


def test_a_session_closed_by_its_owner_leaves_no_lock_file_behind(hiptimer_home: Path) -> None:
    with open_store() as store:
        session = start(store)
        lock = store.leases.path(session)
        assert lock.exists()
        store.finish(session, SessionStatus.COMPLETED, START)
    assert not lock.exists()


# -- the app: another window, a busy history ------------------------------------------------------


def make_app(clock: FakeClock, routine: str | None = "two") -> HipTimerApp:
    return HipTimerApp(
        clock=clock, wall_clock=clock.wall, routine=routine, cue_alerts=CueAlerts(Settings())
    )


async def test_the_app_says_a_session_runs_elsewhere_and_does_not_offer_it() -> None:
    owner = open_store()
    start(owner, routine_id="two")
    try:
        app = make_app(FakeClock(), routine=None)
        async with app.run_test(size=(100, 30), notifications=True) as pilot:
            await until(pilot, lambda: bool(app._notifications), "a notice")
            texts = [notice.message for notice in app._notifications]
            assert any("running in another hiptimer window" in text for text in texts), texts
            await pilot.pause()
            assert not isinstance(app.screen, ResumeDialog)
    finally:
        owner.close()
    assert open_store().sessions()[0].status is SessionStatus.IN_PROGRESS, "left alone"


@contextmanager
def writer_holding_the_history(home: Path) -> Iterator[None]:
    """Another process's long write (a big import): the history's write lock, held."""
    connection = sqlite3.connect(home / "history.sqlite3", isolation_level=None)
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        connection.execute("ROLLBACK")
        connection.close()


def stored_keys(home: Path) -> list[tuple[int, int, int, int]]:
    with sqlite3.connect(home / "history.sqlite3") as connection:
        rows = connection.execute(
            "SELECT block, exercise_index, set_index, side FROM set_result ORDER BY 1, 2, 3, 4"
        ).fetchall()
    return [tuple(row) for row in rows]


async def test_a_set_done_while_the_history_is_busy_is_kept_retried_and_never_counted_unsaved(
    hiptimer_home: Path,
) -> None:
    clock = FakeClock()
    app = make_app(clock)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await until(pilot, lambda: shown(app, PreviewScreen), "the preview")
        await pilot.press("enter")
        await until(pilot, lambda: shown(app, SessionScreen), "the session")
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        await pilot.press("enter")
        await until(pilot, lambda: len(stored_keys(hiptimer_home)) == 1, "set 1 stored")
        with writer_holding_the_history(hiptimer_home):
            began = time.monotonic()
            for _ in range(3):  # the other three sets, while someone else writes
                await pilot.press("enter")
            # The screen did not wait out SQLite's busy timeout for each set.
            assert time.monotonic() - began < BUSY_TIMEOUT_SECONDS
            await until(pilot, lambda: shown(app, SummaryScreen), "the summary")
            summary = app.screen
            totals = str(summary.query_one("#summary-totals", Static).content)
            unsaved = str(summary.query_one("#summary-unsaved", Static).content)
            assert "1 of 4 sets saved ·" in totals, totals
            assert "3 sets are NOT saved yet" in unsaved, unsaved
            # They are in the journal: a quit now would not lose them, and the line says so.
            assert "kept on disk, and if you quit, the next start stores them." in unsaved
            assert "would lose" not in unsaved, unsaved
            texts = [notice.message for notice in app._notifications]
            assert any("another hiptimer is writing" in text for text in texts), texts
            assert stored_keys(hiptimer_home) == EVERY_SET[:1]
        # The other write ends: the kept sets go in, once each, and the summary says so.
        await until(pilot, lambda: stored_keys(hiptimer_home) == EVERY_SET, "the kept sets")
        await until(
            pilot,
            lambda: "4 of 4 sets done" in str(summary.query_one("#summary-totals", Static).content),
            "the summary to count them",
        )
        assert not summary.query_one("#summary-unsaved", Static).display
    with open_store() as store:
        assert store.sessions()[0].status is SessionStatus.COMPLETED


# -- two real processes --------------------------------------------------------------------------


@pytest.mark.slow
def test_two_processes_run_sessions_at_once_and_store_every_set_once(
    hiptimer_home: Path, request: pytest.FixtureRequest
) -> None:
    first = Terminal(hiptimer_home, "run", "two")
    request.addfinalizer(first.kill)
    first.wait_for(lambda: b"Two windows" in first.screen, "the first preview")
    first.send("\r")
    first.wait_for(lambda: b"REPS" in first.screen, "the first session")
    first.send("\r")
    first.wait_for(lambda: len(stored_keys(hiptimer_home)) == 1, "the first window's set 1")

    # A second window: the first's session is live, so it is not offered, and it says why.
    second = Terminal(hiptimer_home, "run", "two")
    request.addfinalizer(second.kill)
    second.wait_for(lambda: b"running in another" in second.screen, "the running-elsewhere notice")
    assert b"Resume Two windows" not in second.screen
    second.send("\r")
    second.wait_for(lambda: b"REPS" in second.screen, "the second session")
    # Turn about, one set each, until both are done.
    for count in range(2, 8):
        window = (second, first)[count % 2]

        def stored(count: int = count) -> bool:
            return len(stored_keys(hiptimer_home)) == count

        window.send("\r")
        window.wait_for(stored, f"set {count} of the two sessions")
    for window in (first, second):

        def summary(window: Terminal = window) -> bool:
            return b"Session complete" in window.screen

        window.send("\r")
        window.wait_for(summary, "a summary")
        window.process.send_signal(signal.SIGTERM)
        assert window.process.wait(timeout=10) == 0
        window.close()

    with open_store() as store:
        sessions = store.sessions()
        assert [session.status for session in sessions] == [SessionStatus.COMPLETED] * 2
        for session in sessions:
            keys = sorted(result.key for result in store.results(session.id))
            assert [(k.block, k.exercise, k.set, k.side) for k in keys] == EVERY_SET
