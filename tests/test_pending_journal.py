"""Sets the history could not take yet survive a killed process: their journal is stored at
the next start, each set once, and a journal that is not ours is refused, never trusted."""

from __future__ import annotations

import errno
import json
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest

from hiptimer.domain.history import HistoryStore, SessionStatus
from hiptimer.domain.journal import journal_path, replay_journals
from hiptimer.domain.session_log import SessionLog
from hiptimer.domain.view import SetLogged, SetUndone
from hiptimer.service.notices import Notice
from hiptimer.service.session import SessionService
from hiptimer.settings import Settings
from tests.test_history_store import START, hold, open_store

ROUTINE_TEXT = (
    'name = "Couch stretch"\n\n[[exercise]]\nname = "Couch stretch"\nhold = "2m"\n'
    'sides = "each"\nsets = 2\n'
)


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


def stored_rows(home: Path) -> list[tuple[int, int, int]]:
    """(set, side, seconds) of every stored set row, duplicates included."""
    with sqlite3.connect(home / "history.sqlite3") as connection:
        rows = connection.execute(
            "SELECT set_index, side, seconds FROM set_result ORDER BY 1, 2"
        ).fetchall()
    return [(row[0], row[1], int(row[2])) for row in rows]


def start_logged(store: HistoryStore) -> SessionLog:
    session_id = store.start_session("couch", "Couch stretch", ROUTINE_TEXT, 0, START)
    return SessionLog(
        store,
        session_id,
        wall_clock=lambda: datetime(2025, 3, 3, 7, 20, tzinfo=UTC),
        session_seconds=lambda: 600.0,
        on_problem=lambda _: None,
    )


def test_a_busy_history_says_whether_the_waiting_sets_are_safe_on_disk(
    hiptimer_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the summary tells the runner: sets in the journal survive a quit; sets that could
    not be written to it either (a full disk) would be lost."""
    store = open_store()
    log = start_logged(store)
    with writer_holding_the_history(hiptimer_home):
        log(SetLogged(hold(0, 120)))
        assert log.unsaved and log.kept_on_disk
        monkeypatch.setattr(os, "write", fail_with_a_full_disk)
        log(SetLogged(hold(1, 110)))
        assert len(log.unsaved) == 2 and not log.kept_on_disk
        monkeypatch.undo()
    log.flush()
    assert not log.unsaved and stored_rows(hiptimer_home) == [(0, 0, 120), (0, 1, 110)]
    store.close()


def fail_with_a_full_disk(*_: object) -> int:
    raise OSError(errno.ENOSPC, "No space left on device")


def test_sets_kept_while_the_history_is_busy_survive_a_kill_and_are_stored_once(
    hiptimer_home: Path,
) -> None:
    store = open_store()
    log = start_logged(store)
    log(SetLogged(hold(0, 120)))
    assert stored_rows(hiptimer_home) == [(0, 0, 120)]
    with writer_holding_the_history(hiptimer_home):
        log(SetLogged(hold(1, 100)))
        log(SetUndone(hold(1, 100).key))  # "back", and the set done again
        log(SetLogged(hold(1, 130)))
        log(SetLogged(hold(0, 125, set_index=1)))
        assert len(log.unsaved) == 2, "the runner saw these checked off; none is stored"
        journal = journal_path(Path(store.path), log.session_id)
        assert journal.stat().st_mode & 0o777 == 0o600
    # The process is killed: the log never writes again, and the kernel drops its lease.
    store.leases.release_all()
    store.close()
    del log

    told: list[Notice] = []
    service = SessionService(Settings(), notify=told.append, mute=True)
    offer = service.resume_offer()

    assert stored_rows(hiptimer_home) == [(0, 0, 120), (0, 1, 130), (1, 0, 125)]
    assert offer is not None
    assert "3 of 4 sets done" in offer.detail, offer.detail
    messages = [notice.text for notice in told]
    assert (
        "2 sets of Couch stretch that were not saved when hiptimer ended are now in your history."
        in messages
    ), messages
    assert not journal.exists(), "a journal stored is removed"
    assert service.history is not None
    service.history.close()
    # A second start finds nothing more to replay: each set stays stored once.
    again = open_store()
    assert replay_journals(again) == []
    assert stored_rows(hiptimer_home) == [(0, 0, 120), (0, 1, 130), (1, 0, 125)]


def test_a_finish_kept_while_busy_closes_the_session_at_the_next_start(
    hiptimer_home: Path,
) -> None:
    store = open_store()
    log = start_logged(store)
    with writer_holding_the_history(hiptimer_home):
        log(SetLogged(hold(0, 120)))
        log.close(SessionStatus.ABANDONED)
    store.leases.release_all()
    store.close()

    with open_store() as fresh:
        replay_journals(fresh)
        record = fresh.sessions()[0]
    assert record.status is SessionStatus.ABANDONED
    assert stored_rows(hiptimer_home) == [(0, 0, 120)]


def test_writes_the_history_takes_at_once_leave_no_journal(hiptimer_home: Path) -> None:
    store = open_store()
    log = start_logged(store)
    log(SetLogged(hold(0, 120)))
    assert list(journal_path(Path(store.path), 0).parent.glob("*.journal")) == []
    store.close()


def test_a_journal_of_a_session_live_in_another_process_is_left_to_its_owner(
    hiptimer_home: Path,
) -> None:
    owner = open_store()
    log = start_logged(owner)
    with writer_holding_the_history(hiptimer_home):
        log(SetLogged(hold(0, 120)))
    journal = journal_path(Path(owner.path), log.session_id)
    assert journal.exists()
    with open_store() as other:
        assert replay_journals(other) == []
    assert journal.exists(), "the owner's journal is not taken from it"
    assert stored_rows(hiptimer_home) == [], "only the owner writes its session"
    owner.close()


# -- a journal is untrusted input ------------------------------------------------------------


def good_line(home: Path) -> dict[str, object]:
    path = next((home / "history.sqlite3.live").glob("*.journal"))
    data = json.loads(path.read_text().splitlines()[0])
    assert isinstance(data, dict)
    return data


HOSTILE: dict[str, Callable[[dict[str, object]], str]] = {
    "not JSON": lambda good: "{not json",
    "not an object": lambda good: "[1, 2, 3]",
    "NaN seconds": lambda good: json.dumps(good).replace('"seconds": 120,', '"seconds": NaN,'),
    "infinite weight": lambda good: json.dumps({**good, "weight": float("inf")}),
    "huge string": lambda good: json.dumps({**good, "exercise": "x" * 3000}),
    "oversized line": lambda good: json.dumps({**good, "junk": "x" * 10_000}),
    "wrong session id": lambda good: json.dumps({**good, "session": 999}),
    "wrong session start": lambda good: json.dumps({**good, "started": "2020-01-01T00:00:00Z"}),
    "set key not in the routine": lambda good: json.dumps({**good, "key": [0, 5, 0, 0]}),
    "side the exercise lacks": lambda good: json.dumps({**good, "key": [0, 0, 0, 7]}),
    "negative reps": lambda good: json.dumps({**good, "kind": "reps", "reps": -3}),
    "unknown write": lambda good: json.dumps({**good, "write": "drop table"}),
    "deep nesting": lambda good: "[" * 2000 + "]" * 2000,
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_journal_line_is_refused_with_a_message_and_the_rest_is_stored(
    hiptimer_home: Path, name: str
) -> None:
    store = open_store()
    log = start_logged(store)
    with writer_holding_the_history(hiptimer_home):
        log(SetLogged(hold(0, 120)))
    path = journal_path(Path(store.path), log.session_id)
    store.leases.release_all()
    store.close()
    bad = HOSTILE[name](good_line(hiptimer_home))
    with path.open("a") as file:
        file.write(bad + "\n")

    with open_store() as fresh:
        told = replay_journals(fresh)

    assert stored_rows(hiptimer_home) == [(0, 0, 120)], "the good line is still stored"
    refused = [text for text in told if "was not used" in text]
    assert refused and "line 2" in refused[0], told
    assert "Traceback" not in " ".join(told)
    assert not path.exists(), "a refused journal is never replayed again"
    assert path.with_name(path.name + ".refused").exists(), "but it is kept for a look"


def test_an_oversized_or_misnamed_journal_is_refused_without_being_read(
    hiptimer_home: Path,
) -> None:
    with open_store() as store:
        folder = journal_path(Path(store.path), 0).parent
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    (folder / "1.journal").write_bytes(b"x" * (5 * 1024 * 1024))
    (folder / "evil.journal").write_text("{}")
    with open_store() as store:
        told = replay_journals(store)
    assert any("larger than 4 MB" in text for text in told), told
    assert any("its name is not a session's" in text for text in told), told
    assert list(folder.glob("*.journal")) == []


def test_the_app_start_survives_a_journal_of_garbage(hiptimer_home: Path) -> None:
    with open_store() as store:
        folder = journal_path(Path(store.path), 0).parent
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    (folder / "3.journal").write_bytes(b"\x00\xff garbage\n" * 10)
    told: list[Notice] = []
    service = SessionService(Settings(), notify=told.append, mute=True)
    assert service.resume_offer() is None
    assert any("the history has no session 3" in notice.text for notice in told), told
