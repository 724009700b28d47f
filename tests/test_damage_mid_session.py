"""The history damaged or removed while a session runs: the session moves to a fresh history
with every set done, and the runner is told once what happened."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

from textual.widgets import Static

from hiptimer.domain import FakeClock
from hiptimer.domain.history import HistoryStore, SessionStatus
from hiptimer.domain.session_log import SessionLog
from hiptimer.domain.view import SetLogged
from hiptimer.screens.summary import SummaryScreen
from hiptimer.service import Notice
from tests.test_faults import ROUTINE_TOML, make_app, start
from tests.test_history_store import START, hold
from tests.test_history_trust import damage_a_page_inside, history_of_many_sessions
from tests.waiting import shown, until

TODAY = START + timedelta(days=400)
"""After the 300 days of `history_of_many_sessions`."""


def live_session(store: HistoryStore, told: list[str]) -> SessionLog:
    store.on_damage = told.append
    session = store.start_session("couch", "Couch stretch", 'name = "Couch"', 0, TODAY)
    return SessionLog(
        store, session, wall_clock=lambda: TODAY, session_seconds=lambda: 600.0,
        on_problem=told.append,
    )  # fmt: skip


def log_sets(log: SessionLog, numbers: range) -> None:
    for number in numbers:
        log(SetLogged(hold(number % 2, 60, set_index=number // 2, minute=number)))


def stored_today(path: Path) -> tuple[SessionStatus, list[int]]:
    """The one session of today in the history at `path`: its status and its sets' minutes."""
    with HistoryStore.open(path)[0] as store:
        [summary] = [s for s in store.sessions(limit=None) if s.started_at == TODAY]
        record = store.session(summary.id)
        assert record is not None
        minutes = [
            int((r.started_at - START).total_seconds() // 60) for r in store.results(record.id)
        ]
        return record.status, minutes


def assert_told_once(told: list[str], what: str) -> None:
    assert [text for text in told if what in text] == [told[0]], told
    assert told[1:] == [
        "This session goes on in the new history: its 2 sets so far are saved there."
    ]
    assert not any("Could not save" in text for text in told), "no write was left waiting"


def test_damage_a_read_finds_mid_session_moves_the_session_with_every_set() -> None:
    """The history screen (or the coach) reads the damaged pages between two sets: the file
    goes aside, and the sets after it failed for good (a session the fresh file did not have)."""
    path = history_of_many_sessions()
    told: list[str] = []
    with HistoryStore.open(path)[0] as store:
        log = live_session(store, told)
        log_sets(log, range(1))
        damage_a_page_inside(path)
        assert store.sessions(limit=None) == [], "the read moved the file aside"
        log_sets(log, range(1, 4))
        log.close(SessionStatus.COMPLETED)
        assert log.unsaved == set()
    assert stored_today(path) == (SessionStatus.COMPLETED, [0, 1, 2, 3])
    assert_told_once(told, "history file was damaged")
    assert list(path.parent.glob("history.sqlite3.damaged-*[0-9]")), "the damaged file is kept"


def test_damage_a_write_finds_mid_session_moves_the_session_with_every_set() -> None:
    path = history_of_many_sessions()
    told: list[str] = []
    with HistoryStore.open(path)[0] as store:
        log = live_session(store, told)
        log_sets(log, range(1))
        damage_a_page_inside(path)
        log_sets(log, range(1, 4))
        log.close(SessionStatus.COMPLETED)
        assert log.unsaved == set()
    assert stored_today(path) == (SessionStatus.COMPLETED, [0, 1, 2, 3])
    assert_told_once(told, "history file was damaged")


def test_a_history_removed_mid_session_is_started_again_with_every_set(tmp_path: Path) -> None:
    """SQLite writes on into a deleted file without an error: every set after the removal, and
    the ones before it, were gone at exit while the summary said they were saved."""
    path = tmp_path / "history.sqlite3"
    told: list[str] = []
    with HistoryStore.open(path)[0] as store:
        log = live_session(store, told)
        log_sets(log, range(1))
        for name in ("history.sqlite3", "history.sqlite3-wal", "history.sqlite3-shm"):
            (tmp_path / name).unlink(missing_ok=True)
        log_sets(log, range(1, 4))
        log.close(SessionStatus.COMPLETED)
    assert stored_today(path) == (SessionStatus.COMPLETED, [0, 1, 2, 3])
    assert_told_once(told, "was removed while hiptimer was running")


def test_a_resumed_session_takes_its_earlier_sets_to_the_fresh_history() -> None:
    path = history_of_many_sessions()
    told: list[str] = []
    with HistoryStore.open(path)[0] as first:
        log = live_session(first, told)
        log_sets(log, range(3))  # then the terminal closed
        session = log.session_id
    with HistoryStore.open(path)[0] as store:
        store.on_damage = told.append
        resumed = SessionLog(
            store, session, wall_clock=lambda: TODAY, session_seconds=lambda: 600.0,
            on_problem=told.append,
        )  # fmt: skip
        damage_a_page_inside(path)
        log_sets(resumed, range(3, 5))
        resumed.close(SessionStatus.COMPLETED)
    assert stored_today(path) == (SessionStatus.COMPLETED, [0, 1, 2, 3, 4])
    assert "its 4 sets so far are saved there" in told[-1]


# -- in the app ------------------------------------------------------------------------------------


async def test_the_summary_counts_every_set_after_the_history_was_removed(
    hiptimer_home: Path,
) -> None:
    folder = hiptimer_home / "routines"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "faults.toml").write_text(ROUTINE_TOML, encoding="utf-8")
    clock = FakeClock()
    app = make_app(clock)
    told: list[str] = []
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await start(pilot)
        show = app.service.notify

        def seen(notice: Notice) -> None:
            told.append(notice.text)
            show(notice)

        app.service.notify = seen
        await pilot.press("enter")  # the left side of set 1 checked off
        await until(pilot, lambda: len(screen.engine.results) == 1, "the first set logged")
        for name in ("history.sqlite3", "history.sqlite3-wal", "history.sqlite3-shm"):
            (hiptimer_home / name).unlink(missing_ok=True)
        for done in range(2, 7):
            await pilot.press("enter")
            await until(pilot, lambda: len(screen.engine.results) >= done, "a set")  # noqa: B023
        await until(pilot, lambda: shown(app, SummaryScreen), "the summary")
        summary = app.screen
        totals = str(summary.query_one("#summary-totals", Static).content)
        assert "6 of 6 sets done ·" in totals, totals
        assert not summary.query_one("#summary-unsaved", Static).display
    assert [text for text in told if "removed while hiptimer was running" in text] == told[:1]
    assert told[1:] == [
        "This session goes on in the new history: its 2 sets so far are saved there."
    ]
    with HistoryStore.open(hiptimer_home / "history.sqlite3")[0] as store:
        [summary_row] = store.sessions()
        assert (summary_row.done, summary_row.status) == (6, SessionStatus.COMPLETED)


def test_the_last_chance_after_a_move_writes_into_the_moved_session_not_a_new_one(
    tmp_path: Path,
) -> None:
    """The session moved to a fresh file; then a set waited on another process's lock, and the
    process ended: the lifeline's own connection finds the session there and adds the set."""
    path = tmp_path / "history.sqlite3"
    told: list[str] = []
    with HistoryStore.open(path)[0] as store:
        log = live_session(store, told)
        log_sets(log, range(1))
        for name in ("history.sqlite3", "history.sqlite3-wal", "history.sqlite3-shm"):
            (tmp_path / name).unlink(missing_ok=True)
        log_sets(log, range(1, 2))
        blocker = sqlite3.connect(path, isolation_level=None)
        blocker.execute("BEGIN IMMEDIATE")
        log_sets(log, range(2, 3))
        assert len(log.unsaved) == 1, "the set waits for the lock"
        blocker.execute("ROLLBACK")
        blocker.close()
        assert log.last_chance(1.0)
    assert stored_today(path) == (SessionStatus.IN_PROGRESS, [0, 1, 2])
