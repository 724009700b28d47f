"""The history store keeps every set the moment it is done, survives damage and a second process."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from hiptimer import paths
from hiptimer.domain.history import LATEST_VERSION, HistoryStore, SessionStatus
from hiptimer.domain.history.migrations import MIGRATIONS
from hiptimer.domain.results import SetResult
from hiptimer.routines.plan import SetKey, StepKind

START = datetime(2025, 3, 3, 7, 0, tzinfo=UTC)
ROUTINE_TEXT = (
    'name = "Couch stretch"\n\n[[exercise]]\nname = "Couch stretch"\nhold = "2m"\nsides = true\n'
)


def hold(
    side: int, seconds: float, *, set_index: int = 0, short: bool = False, minute: int | None = None
) -> SetResult:
    began = START + timedelta(minutes=3 * set_index + side if minute is None else minute)
    return SetResult(
        routine_id="couch",
        exercise="Couch stretch",
        key=SetKey(0, 0, set_index, side),
        block_name=None,
        kind=StepKind.HOLD,
        side=("left", "right")[side],
        target="2m",
        reps=None,
        seconds=seconds,
        started_at=began,
        ended_at=began + timedelta(seconds=seconds),
        short=short,
    )


def open_store(path: Path | None = None) -> HistoryStore:
    store, notice = HistoryStore.open(path)
    assert notice is None
    return store


def start(
    store: HistoryStore, *, routine_id: str = "couch", side: int = 0, at: datetime = START
) -> int:
    return store.start_session(routine_id, "Couch stretch", ROUTINE_TEXT, side, at)


def test_the_store_lives_in_hiptimer_home_with_wal_and_the_latest_schema() -> None:
    with open_store() as store:
        start(store)
    assert paths.history_file().exists()
    connection = sqlite3.connect(paths.history_file())
    assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert connection.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION


def test_a_recorded_set_is_visible_to_another_connection_at_once() -> None:
    store = open_store()
    session = start(store)
    store.record(session, hold(0, 120.0))
    other = sqlite3.connect(paths.history_file())
    assert other.execute("SELECT exercise, side_label, seconds FROM set_result").fetchall() == [
        ("Couch stretch", "left", 120.0)
    ]
    other.close()
    store.close()


def test_results_come_back_exactly_as_recorded_in_the_order_done() -> None:
    with open_store() as store:
        session = start(store, side=1)
        right, left = hold(1, 150.0, minute=0), hold(0, 95.0, short=True, minute=3)
        store.record(session, right)
        store.record(session, left)
        two_sided = SetResult(
            "couch", "Glute bridge", SetKey(1, 0, 0), "Strength", StepKind.REPS, None,
            "15 reps", 15, 40.0, START + timedelta(minutes=9), START + timedelta(minutes=10),
            load="bodyweight",
        )  # fmt: skip
        store.record(session, two_sided)
        assert store.results(session) == [right, left, two_sided]


def test_recording_a_set_again_replaces_it_and_undo_removes_it() -> None:
    with open_store() as store:
        session = start(store)
        store.record(session, hold(0, 60.0, short=True))
        store.record(session, hold(0, 120.0))
        store.record(session, hold(1, 120.0))
        assert [(r.side, r.seconds) for r in store.results(session)] == [
            ("left", 120.0),
            ("right", 120.0),
        ]
        assert store.undo(session, SetKey(0, 0, 0, 1)) is True
        assert store.undo(session, SetKey(0, 0, 0, 1)) is False
        assert [r.side for r in store.results(session)] == ["left"]


def test_an_unfinished_session_is_offered_for_resume_until_it_is_finished() -> None:
    with open_store() as store:
        assert store.unfinished() is None
        older = start(store, at=START)
        store.finish(older, SessionStatus.COMPLETED, START + timedelta(minutes=20))
        latest = start(store, at=START + timedelta(days=1))
        store.record(latest, hold(0, 120.0))
        store.close()
    with open_store() as reopened:
        offer = reopened.unfinished()
        assert offer is not None
        assert (offer.id, offer.routine_name, offer.routine_text) == (
            latest,
            "Couch stretch",
            ROUTINE_TEXT,
        )
        assert [r.seconds for r in reopened.results(offer.id)] == [120.0]
        reopened.finish(offer.id, SessionStatus.ABANDONED, START + timedelta(days=1, minutes=5))
        assert reopened.unfinished() is None
        finished = reopened.session(offer.id)
        assert finished is not None
        assert finished.status is SessionStatus.ABANDONED
        assert finished.ended_at == START + timedelta(days=1, minutes=5)


def test_the_start_side_alternates_from_the_routines_last_session() -> None:
    with open_store() as store:
        assert store.last_start_side("couch") is None
        assert store.next_start_side("couch") == 0
        store.record(start(store, side=0, at=START), hold(0, 120.0))
        store.record(start(store, side=1, at=START + timedelta(days=1)), hold(1, 120.0))
        store.record(
            start(store, routine_id="other", side=0, at=START + timedelta(days=2)), hold(0, 1.0)
        )
        assert store.last_start_side("couch") == 1
        assert store.next_start_side("couch") == 0


def test_a_session_left_with_no_set_done_does_not_turn_the_sides_round() -> None:
    """The starting side alternated even after a discarded session with no set done."""
    with open_store() as store:
        store.record(start(store, side=0, at=START), hold(0, 120.0))
        assert store.next_start_side("couch") == 1
        discarded = start(store, side=1, at=START + timedelta(days=1))
        store.finish(discarded, SessionStatus.ABANDONED, START + timedelta(days=1, minutes=1))
        skipped = start(store, side=1, at=START + timedelta(days=2))
        store.record(skipped, SetResult(**{**vars(hold(1, 0.0)), "skipped": True}))
        assert store.next_start_side("couch") == 1  # still: the right side has not gone first


def test_session_summaries_count_done_skipped_and_short_sets() -> None:
    with open_store() as store:
        session = start(store)
        store.record(session, hold(0, 120.0))
        store.record(session, hold(1, 80.0, short=True))
        skipped = hold(0, 0.0, set_index=1)
        store.record(session, SetResult(**{**vars(skipped), "skipped": True}))
        store.finish(session, SessionStatus.COMPLETED, START + timedelta(minutes=12))
        [summary] = store.sessions()
        assert (summary.done, summary.skipped, summary.short) == (2, 1, 1)
        assert summary.duration == timedelta(minutes=12)


def test_a_session_resumed_days_later_lasts_as_long_as_it_was_worked() -> None:
    with open_store() as store:
        session = start(store)
        store.record(session, hold(0, 120.0))
        store.finish(session, SessionStatus.COMPLETED, START + timedelta(days=2), 14 * 60.0)
        [summary] = store.sessions()
        assert summary.ended_at == START + timedelta(days=2)
        assert summary.duration == timedelta(minutes=14)
        [archive] = store.archive()
        assert archive.active_seconds == 14 * 60.0


def test_a_version_1_file_is_upgraded_and_keeps_its_sessions(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    old = sqlite3.connect(path)
    old.executescript(MIGRATIONS[0])
    old.execute(
        "INSERT INTO session VALUES (1, 'couch', 'Couch stretch', ?, 0, "
        "'2024-01-02T07:00:00Z', '2024-01-02T07:10:00Z', 'completed')",
        (ROUTINE_TEXT,),
    )
    old.execute(
        "INSERT INTO set_result VALUES (1, 0, 0, 0, 0, 'Couch stretch', NULL, 'HOLD', 'left', "
        "'2m', NULL, 120.0, '2024-01-02T07:01:00Z', '2024-01-02T07:03:00Z', 0, 0, NULL)"
    )
    old.execute("PRAGMA user_version = 1")
    old.commit()
    old.close()

    with open_store(path) as store:
        [summary] = store.sessions()
        assert (summary.routine_name, summary.done) == ("Couch stretch", 1)
        assert [r.seconds for r in store.results(1)] == [120.0]
        # Stored before hiptimer kept a session's own length: start to end stands in for it.
        assert summary.duration == timedelta(minutes=10)
    upgraded = sqlite3.connect(path)
    assert upgraded.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
    indexes = {
        row[0] for row in upgraded.execute("SELECT name FROM sqlite_master WHERE type = 'index'")
    }
    assert {"session_by_status", "session_by_routine", "set_result_by_exercise"} <= indexes


def test_a_file_from_a_newer_hiptimer_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite3"
    newer = sqlite3.connect(path)
    newer.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
    newer.close()
    from hiptimer.domain.history import HistoryTooNew

    with pytest.raises(HistoryTooNew, match="update hiptimer"):
        HistoryStore.open(path)
    assert path.exists()


def test_a_file_of_garbage_is_moved_aside_and_the_user_told_where() -> None:
    path = paths.history_file()
    path.parent.mkdir(parents=True)
    path.write_bytes(b"this is not a database, it is a shopping list\n" * 50)
    Path(f"{path}-wal").write_bytes(b"half a log")

    store, notice = HistoryStore.open()
    assert notice is not None
    moved = sorted(path.parent.glob("history.sqlite3.damaged-*"))
    assert Path(f"{moved[0]}-wal").read_bytes() == b"half a log"
    assert str(moved[0]) in notice
    assert "not an SQLite database" in notice
    assert moved[0].read_bytes().startswith(b"this is not a database")
    assert store.sessions() == []
    start(store)
    assert len(store.sessions()) == 1
    store.close()


def test_a_truncated_database_is_moved_aside() -> None:
    with open_store() as store:
        for day in range(60):
            session = start(store, at=START + timedelta(days=day))
            for number in range(10):
                store.record(session, hold(number % 2, 120.0 + day, set_index=number // 2))
    path = paths.history_file()
    checkpoint = sqlite3.connect(path)
    checkpoint.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    checkpoint.close()
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    Path(f"{path}-wal").write_bytes(b"")

    store, notice = HistoryStore.open()
    assert notice is not None and "moved it to" in notice
    [moved, *_companions] = sorted(path.parent.glob("history.sqlite3.damaged-*"))
    assert str(moved) in notice and len(moved.read_bytes()) == len(data) // 2
    assert store.sessions() == []
    store.close()


WRITER = """
import sys
from datetime import UTC, datetime, timedelta
from hiptimer.domain.history import HistoryStore
from hiptimer.domain.results import SetResult
from hiptimer.routines.plan import SetKey, StepKind

name = sys.argv[1]
store, _ = HistoryStore.open()
print("ready", flush=True)
sys.stdin.readline()
start = datetime(2025, 1, 1, tzinfo=UTC)
for number in range(40):
    session = store.start_session(name, name, "", 0, start + timedelta(minutes=number))
    for set_index in range(5):
        result = SetResult(name, "Clamshell", SetKey(0, 0, set_index, 0), None, StepKind.REPS,
                           "left", "15 reps", 15, 30.0, start, start)
        store.record(session, result)
store.close()
"""


def test_two_processes_writing_at_once_corrupt_nothing_and_lose_nothing() -> None:
    with open_store():
        pass  # create the file first, so the writers race on writes rather than on creation
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, name],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for name in ("first", "second")
    ]
    for writer in writers:  # both are open before either writes
        assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"
    for writer in writers:
        assert writer.stdin is not None
        writer.stdin.write("go\n")
        writer.stdin.flush()
    assert [writer.wait(timeout=60) for writer in writers] == [0, 0]
    for writer in writers:
        assert writer.stdout is not None and writer.stdin is not None
        writer.stdout.close()
        writer.stdin.close()

    check = sqlite3.connect(paths.history_file())
    assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert check.execute(
        "SELECT routine_id, count(DISTINCT s.id), count(*) FROM session s "
        "JOIN set_result r ON r.session_id = s.id GROUP BY routine_id ORDER BY routine_id"
    ).fetchall() == [("first", 40, 200), ("second", 40, 200)]
    check.close()


GLANCE = """
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1])
connection.execute("SELECT count(*) FROM set_result").fetchone()
connection.close()
"""


def glance_from_another_process(path: Path) -> None:
    """What `hiptimer history` in a second terminal does: open, read, close."""
    subprocess.run([sys.executable, "-c", GLANCE, str(path)], check=True, timeout=30)


def count_sets(path: Path) -> int:
    check = sqlite3.connect(path)
    try:
        return int(check.execute("SELECT count(*) FROM set_result").fetchone()[0])
    finally:
        check.close()


def test_a_set_recorded_after_another_process_glanced_at_the_history_is_kept() -> None:
    """Every launch after the first opens a file already in WAL mode. Opening it must not drop
    this process's SQLite locks (closing any other descriptor of the file does, on POSIX): a
    second process would then take itself for the last reader, delete the -wal, and every set
    this session logged afterwards would go into a deleted file."""
    with open_store() as store:
        start(store)  # an earlier run: the file is in WAL mode from now on
    path = paths.history_file()
    store = open_store()
    session = start(store, at=START + timedelta(days=1))
    store.record(session, hold(0, 120.0))
    glance_from_another_process(path)
    store.record(session, hold(1, 125.0))
    assert count_sets(path) == 2
    store.close()
    assert count_sets(path) == 2
