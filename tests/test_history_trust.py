"""The history under damage, a newer hiptimer, a full disk and a read-only home: each is a clear
message and a history that goes on; and everything hiptimer writes is private to the runner."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from hiptimer.alerts import CueAlerts
from hiptimer.app import HipTimerApp
from hiptimer.cli import main
from hiptimer.domain import FakeClock
from hiptimer.domain.history import HistoryStore, SessionStatus
from hiptimer.domain.history.store import write_problem
from hiptimer.screens import PreviewScreen, SessionScreen
from hiptimer.settings import Settings
from tests.test_history_store import START, hold, open_store, start
from tests.waiting import shown, until

ROUTINE = """\
name = "Trust test"

[[exercise]]
name = "Hip hitch"
reps = 5
sets = 1
sides = "each"
switch = 0
rest = 0
"""


def history_of_many_sessions(count: int = 300) -> Path:
    with open_store() as store:
        for day in range(count):
            session = start(store, routine_id=f"r{day}", at=START + timedelta(days=day))
            store.record(session, hold(0, 60))
            store.finish(session, SessionStatus.COMPLETED, START + timedelta(days=day, hours=1))
        return store.path


def damage_a_page_inside(path: Path) -> None:
    """Bad sectors, a failing card: the pages after the first turned to junk. The file keeps
    its size, header and schema (page 1), so nothing looks wrong until a query reads a table."""
    page = 4096
    data = bytearray(path.read_bytes())
    data[page:] = b"\xff" * (len(data) - page)
    path.write_bytes(bytes(data))


# -- damage found by a read ----------------------------------------------------------------------


def test_damage_found_by_a_query_moves_the_file_aside_and_starts_a_fresh_history() -> None:
    path = history_of_many_sessions()
    damage_a_page_inside(path)
    store, notice = HistoryStore.open(path)
    assert notice is None, "the damage is inside: open cannot see it"
    told: list[str] = []
    store.on_damage = told.append
    with store:
        assert store.sessions(limit=None) == [], "answered from the fresh history"
        [aside] = path.parent.glob("history.sqlite3.damaged-*[0-9]")
        assert told and str(aside) in told[0] and "malformed" in told[0]
        # The fresh history takes new sessions, which are kept.
        session = start(store)
        store.record(session, hold(0, 60))
    with open_store(path) as again:
        assert [summary.done for summary in again.sessions()] == [1]


def test_hiptimer_history_on_a_file_damaged_inside_says_so_and_goes_on(
    capsys: pytest.CaptureFixture[str],
) -> None:
    damage_a_page_inside(history_of_many_sessions())
    assert main(["history"]) == 0
    out, err = capsys.readouterr()
    assert "history file was damaged" in err and "moved it to" in err
    assert "No sessions yet" in out
    assert "Traceback" not in out + err


# -- a newer schema ------------------------------------------------------------------------------


def newer_history(home: Path) -> None:
    open_store().close()
    with sqlite3.connect(home / "history.sqlite3") as connection:
        connection.execute("PRAGMA user_version = 99")


async def test_a_history_from_a_newer_hiptimer_is_a_message_in_the_app_not_a_traceback(
    hiptimer_home: Path,
) -> None:
    newer_history(hiptimer_home)
    (hiptimer_home / "routines").mkdir()
    (hiptimer_home / "routines" / "trust.toml").write_text(ROUTINE)
    clock = FakeClock()
    app = HipTimerApp(
        clock=clock, wall_clock=clock.wall, routine="trust", cue_alerts=CueAlerts(Settings())
    )
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await until(pilot, lambda: shown(app, PreviewScreen), "the preview")

        def told() -> bool:
            texts = [notice.message for notice in app._notifications]
            return any("newer hiptimer" in text and "update hiptimer" in text for text in texts)

        await until(pilot, told, "word that the history is a newer hiptimer's")
        await pilot.press("enter")  # a session still runs, with history off
        await until(pilot, lambda: shown(app, SessionScreen), "the session")
    with sqlite3.connect(hiptimer_home / "history.sqlite3") as connection:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == 99, "left untouched"


@pytest.mark.parametrize("command", [["history"], ["export"], ["import", "x.json"]])
def test_a_history_from_a_newer_hiptimer_is_one_line_in_the_cli(
    command: list[str], hiptimer_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    newer_history(hiptimer_home)
    assert main(command) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "newer hiptimer (schema version 99" in err


# -- private files -------------------------------------------------------------------------------


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def test_the_history_its_companions_locks_and_folder_are_private(hiptimer_home: Path) -> None:
    with open_store() as store:
        session = start(store)
        store.record(session, hold(0, 60))
        companions = [hiptimer_home / f"history.sqlite3{suffix}" for suffix in ("-wal", "-shm")]
        assert all(companion.exists() for companion in companions)
        lock = store.leases.path(session)
        assert [mode(path) for path in (store.path, *companions, lock)] == [0o600] * 4
        assert mode(hiptimer_home) == 0o700 and mode(lock.parent) == 0o700


def test_a_history_left_readable_by_an_older_hiptimer_is_made_private(hiptimer_home: Path) -> None:
    open_store().close()
    hiptimer_home.chmod(0o755)
    (hiptimer_home / "history.sqlite3").chmod(0o644)
    open_store().close()
    assert mode(hiptimer_home) == 0o700
    assert mode(hiptimer_home / "history.sqlite3") == 0o600


def test_a_damaged_history_moved_aside_stays_private(hiptimer_home: Path) -> None:
    hiptimer_home.mkdir()
    (hiptimer_home / "history.sqlite3").write_bytes(b"not a database" * 400)
    (hiptimer_home / "history.sqlite3").chmod(0o644)
    _, notice = HistoryStore.open()
    assert notice is not None
    [aside] = hiptimer_home.glob("history.sqlite3.damaged-*")
    assert mode(aside) == 0o600


def test_a_routine_written_by_new_is_private(
    hiptimer_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new", "mine"]) == 0
    written = Path(capsys.readouterr().out.strip())
    assert mode(written) == 0o600 and mode(written.parent) == 0o700


# -- a full disk, a read-only home ----------------------------------------------------------------


def test_an_io_error_on_a_disk_with_no_room_left_says_the_disk_is_full(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    error = sqlite3.OperationalError("disk I/O error")
    error.sqlite_errorcode = 778  # SQLITE_IOERR_WRITE
    monkeypatch.setattr(shutil, "disk_usage", lambda _: shutil._ntuple_diskusage(10, 10, 0))
    assert write_problem(error, tmp_path) == "the disk is full"


def test_a_failed_write_that_sqlite_already_rolled_back_keeps_its_own_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The "cannot rollback" that hid a full disk: SQLite ends the transaction itself."""
    with open_store() as store:
        session = start(store)

        def full_and_rolled_back(*_: object) -> None:
            store._connection.execute("ROLLBACK")  # as SQLite does on a failed short write
            raise sqlite3.OperationalError("database or disk is full")

        monkeypatch.setattr("hiptimer.domain.history.store._insert_sets", full_and_rolled_back)
        with pytest.raises(sqlite3.OperationalError, match="disk is full"):
            store.record(session, hold(0, 60))
        monkeypatch.undo()
        store.record(session, hold(0, 60))  # and the store still works afterwards
        assert store.sessions()[0].done == 1


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real tmpfs: a small disk, or (remounted) a read-only one. Needs the right to mount."""
    folder = tmp_path / "disk"
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=400k", "tmpfs", str(folder)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip("cannot mount a small disk here (not root, or no CAP_SYS_ADMIN)")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def hiptimer(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HIPTIMER_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "hiptimer", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


def test_a_read_only_home_still_shows_and_exports_its_history(small_disk: Path) -> None:
    home = small_disk / "home"
    with open_store(home / "history.sqlite3") as store:
        session = start(store)
        store.record(session, hold(0, 60))
        store.finish(session, SessionStatus.COMPLETED, START + timedelta(minutes=5))
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)

    shown = hiptimer(home, "history")
    assert shown.returncode == 0, shown.stderr
    assert "Couch stretch" in shown.stdout
    exported = hiptimer(home, "export", "--format", "json")
    assert exported.returncode == 0, exported.stderr
    assert '"routine_id": "couch"' in exported.stdout
    new = hiptimer(home, "new", "mine")
    assert new.returncode == 1
    assert "cannot write" in new.stderr and "Read-only file system" in new.stderr
    for done in (shown, exported, new):
        assert "Traceback" not in done.stderr


def test_a_disk_with_almost_no_room_says_the_disk_is_full(small_disk: Path) -> None:
    """A real full disk, not a mock. With 64 KB left, creating the history fails inside its
    first transaction, SQLite rolls it back itself, and our ROLLBACK used to raise "cannot
    rollback - no transaction is active", which was all the runner saw."""
    filler = os.open(small_disk / "filler", os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        while shutil.disk_usage(small_disk).free > 64 * 1024:
            os.write(filler, b"\0" * 4096)
    finally:
        os.close(filler)
    home = small_disk / "home"
    with pytest.raises(sqlite3.Error) as failed:
        HistoryStore.open(home / "history.sqlite3")
    assert "rollback" not in str(failed.value)
    assert write_problem(failed.value, home) == "the disk is full"
    shown = hiptimer(home, "history")
    assert shown.returncode == 1
    assert shown.stderr == "hiptimer: your history file cannot be opened: the disk is full\n"
