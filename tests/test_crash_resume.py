"""A real hiptimer process killed mid-session loses nothing, and the next launch resumes it."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import sqlite3
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROUTINE = """
name = "Crash test"
[[exercise]]
name = "Hip hitch"
reps = 5
sets = 2
sides = "each"
switch = 0
rest = 0
"""


class Terminal:
    """hiptimer in a pseudo-terminal: keys go in, screen bytes come out."""

    def __init__(self, home: Path, *args: str, controlling: bool = False) -> None:
        """`controlling`: the pty becomes the process's controlling terminal, as a terminal
        emulator or sshd makes it, so closing it also sends SIGHUP."""
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
        env = {
            **os.environ,
            "HIPTIMER_HOME": str(home),
            "TERM": "xterm-256color",
            "COLUMNS": "100",
            "LINES": "30",
        }
        self.process = subprocess.Popen(
            [sys.executable, "-m", "hiptimer", "--mute", *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            start_new_session=True,
            preexec_fn=_take_terminal if controlling else _hang_up_as_in_a_terminal,
        )
        os.close(slave)
        self.screen = b""

    def read(self) -> None:
        while select.select([self.master], [], [], 0.05)[0]:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            if not chunk:
                return
            self.screen += chunk

    def send(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def wait_for(self, condition: Callable[[], bool], what: str, timeout: float = 20.0) -> None:
        """Wait (real time, for another process) until `condition` holds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.read()
            if condition():
                return
            time.sleep(0.05)
        tail = self.screen[-3000:].decode(errors="replace")
        raise AssertionError(f"timed out waiting for {what}; the screen ended with:\n{tail}")

    def resume(self, routine: str) -> bytes:
        """Answer the launch's resume offer; returns what was drawn once the session's status
        line showed. The offer itself names the set, so only output after the answer counts."""
        self.wait_for(lambda: f"Resume {routine}".encode() in self.screen, "the resume offer")
        start = len(self.screen)
        self.send("r")
        self.wait_for(lambda: "REPS ·".encode() in self.screen[start:], "the resumed session")
        return self.screen[start:]

    def kill(self) -> None:
        """SIGKILL: no chance to save anything more. Safe to call twice."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
        self.close()

    def close(self) -> None:
        """Close the pty's master side, once. Its number is reused by the next file this
        process opens: closing it a second time (from a finalizer) closed a later test's
        history database or pytest's capture file, and the next test's history came out
        "malformed"."""
        if self.master >= 0:
            with suppress(OSError):
                os.close(self.master)
            self.master = -1


def _hang_up_as_in_a_terminal() -> None:  # pragma: no cover - runs in the child, before exec
    """SIGHUP as a shell in a terminal window has it: it ends the process until hiptimer takes
    it over. A test run started under `nohup` would otherwise hand its children SIGHUP ignored,
    and a hang-up sent before hiptimer takes over the signal would be lost."""
    signal.signal(signal.SIGHUP, signal.SIG_DFL)


def _take_terminal() -> None:  # pragma: no cover - runs in the child, before exec
    _hang_up_as_in_a_terminal()
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


def stored_sets(home: Path) -> list[tuple[int, int, int, int]]:
    path = home / "history.sqlite3"
    if not path.exists():
        return []
    with sqlite3.connect(path) as connection:
        try:
            rows = connection.execute(
                "SELECT block, exercise_index, set_index, side FROM set_result ORDER BY started_at"
            ).fetchall()
        except sqlite3.OperationalError:
            return []
    return [tuple(row) for row in rows]


def session_statuses(home: Path) -> list[str]:
    with sqlite3.connect(home / "history.sqlite3") as connection:
        return [row[0] for row in connection.execute("SELECT status FROM session ORDER BY id")]


def test_sigkill_mid_session_then_resume_keeps_every_set_exactly_once(
    hiptimer_home: Path, request: pytest.FixtureRequest
) -> None:
    (hiptimer_home / "routines").mkdir(parents=True)
    (hiptimer_home / "routines" / "crash.toml").write_text(ROUTINE)

    first = Terminal(hiptimer_home, "run", "crash")
    request.addfinalizer(first.kill)  # never leave a process behind, even when a step fails
    first.wait_for(lambda: b"Crash test" in first.screen, "the preview")
    first.send("\r")  # start
    first.wait_for(lambda: b"REPS" in first.screen, "the session")
    first.send("\r")  # left side of set 1 checked off
    first.wait_for(lambda: len(stored_sets(hiptimer_home)) == 1, "the first set in the history")
    first.send("\r")  # right side of set 1
    first.wait_for(lambda: len(stored_sets(hiptimer_home)) == 2, "the second set in the history")
    first.kill()  # SIGKILL: no chance to save anything more
    assert session_statuses(hiptimer_home) == ["in_progress"]

    second = Terminal(hiptimer_home)
    request.addfinalizer(second.kill)
    resumed = second.resume("Crash test")
    assert "REPS · LEFT · Hip hitch · set 2/2".encode() in resumed, "not resumed at set 2"
    second.send("\r")
    second.wait_for(lambda: len(stored_sets(hiptimer_home)) == 3, "set 2 left")
    second.send("\r")
    second.wait_for(lambda: b"Session complete" in second.screen, "the summary")
    second.process.send_signal(signal.SIGTERM)
    assert second.process.wait(timeout=10) == 0, "SIGTERM should end hiptimer cleanly"

    sets = stored_sets(hiptimer_home)
    assert sorted(sets) == [(0, 0, 0, 0), (0, 0, 0, 1), (0, 0, 1, 0), (0, 0, 1, 1)]
    assert len(set(sets)) == len(sets)
    assert session_statuses(hiptimer_home) == ["completed"]
