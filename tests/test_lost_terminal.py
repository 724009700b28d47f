"""A closed terminal, SIGHUP or SIGTERM at any moment, start-up included, ends hiptimer within a
couple of seconds, with every set done stored; a crash is a failure with a log file."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.test_crash_resume import Terminal, session_statuses, stored_sets

pytestmark = pytest.mark.slow

ROUTINE = """
name = "Hangup test"
[[exercise]]
name = "Hip hitch"
reps = 5
sets = 3
sides = "each"
switch = 0
rest = 0
"""
ENDS_WITHIN = 3.0
"""Seconds a process may take to end once its terminal is gone: the lifeline's grace (1 s),
its last chance and Python's exit, with room for a loaded test machine."""


class Launch(Terminal):
    """hiptimer in a pty that the test can close."""

    def hang_up(self) -> None:
        """The terminal goes: the window closed, tmux kill-session, an SSH link dropped."""
        self.close()

    def ended_within(self, seconds: float) -> int | None:
        """The exit code if the process ended within `seconds` (real time), else None.

        While the terminal is open its output is read, as a terminal emulator reads it: a pty
        nobody reads fills up after a screen or two, and the app then waits in a write."""
        deadline = time.monotonic() + seconds
        while self.master >= 0 and self.process.poll() is None and time.monotonic() < deadline:
            self.read()
        try:
            return self.process.wait(timeout=max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            return None

    def end(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
        self.close()


@pytest.fixture(autouse=True)
def hangup_routine(hiptimer_home: Path) -> None:
    (hiptimer_home / "routines").mkdir(parents=True)
    (hiptimer_home / "routines" / "hangup.toml").write_text(ROUTINE)


def launch(
    request: pytest.FixtureRequest, home: Path, *args: str, controlling: bool = True
) -> Launch:
    terminal = Launch(home, *args, controlling=controlling)
    request.addfinalizer(terminal.end)  # never leave a process behind, even when a step fails
    return terminal


def at_once(_: Launch) -> None:
    """Python is still starting: nothing imported yet."""


def first_bytes(terminal: Launch) -> None:
    terminal.wait_for(lambda: bool(terminal.screen), "the first bytes on the terminal")


def picker(terminal: Launch) -> None:
    terminal.wait_for(lambda: b"Hangup test" in terminal.screen, "the picker")


def offer(terminal: Launch) -> None:
    terminal.wait_for(lambda: b"Resume Hangup test" in terminal.screen, "the resume offer")


START_UP: dict[str, Callable[[Launch], None]] = {
    "at once": at_once,
    "first bytes": first_bytes,
    "picker painted": picker,
}


@pytest.mark.parametrize("controlling", [True, False], ids=["with SIGHUP", "line cut only"])
@pytest.mark.parametrize("moment", list(START_UP))
def test_a_terminal_closed_during_start_up_leaves_no_process(
    moment: str, controlling: bool, hiptimer_home: Path, request: pytest.FixtureRequest
) -> None:
    terminal = launch(request, hiptimer_home, controlling=controlling)
    START_UP[moment](terminal)
    terminal.hang_up()
    assert terminal.ended_within(ENDS_WITHIN) is not None, f"still running {ENDS_WITHIN} s later"


@pytest.mark.parametrize("controlling", [True, False], ids=["with SIGHUP", "line cut only"])
def test_a_terminal_closed_mid_session_leaves_no_process_and_every_set_stored(
    controlling: bool, hiptimer_home: Path, request: pytest.FixtureRequest
) -> None:
    terminal = launch(request, hiptimer_home, "run", "hangup", controlling=controlling)
    terminal.wait_for(lambda: b"Hangup test" in terminal.screen, "the preview")
    terminal.send("\r")
    terminal.wait_for(lambda: b"REPS" in terminal.screen, "the session")
    for done in (1, 2, 3):

        def stored(done: int = done) -> bool:
            return len(stored_sets(hiptimer_home)) == done

        terminal.send("\r")
        terminal.wait_for(stored, f"set {done}")
    terminal.hang_up()
    assert terminal.ended_within(ENDS_WITHIN) is not None, f"still running {ENDS_WITHIN} s later"
    assert len(stored_sets(hiptimer_home)) == 3
    assert session_statuses(hiptimer_home) == ["in_progress"], "kept to be resumed"

    # The next launch offers it, and closing that terminal during the offer ends it as well.
    again = launch(request, hiptimer_home, controlling=controlling)
    offer(again)
    again.hang_up()
    assert again.ended_within(ENDS_WITHIN) is not None, "still running at the resume offer"
    assert session_statuses(hiptimer_home) == ["in_progress"]


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
@pytest.mark.parametrize("moment", ["at once", "picker painted"])
def test_a_signal_at_start_up_ends_the_process(
    number: int, moment: str, hiptimer_home: Path, request: pytest.FixtureRequest
) -> None:
    terminal = launch(request, hiptimer_home)
    START_UP[moment](terminal)
    terminal.process.send_signal(number)
    assert terminal.ended_within(ENDS_WITHIN) is not None, f"still running {ENDS_WITHIN} s later"


def test_an_unexpected_error_exits_non_zero_with_one_line_naming_its_log(
    hiptimer_home: Path,
) -> None:
    """A command that fails in a way nobody planned for: its traceback is in a private log
    file in the data folder, and the terminal shows one line naming that file."""
    hiptimer_home.mkdir(parents=True, exist_ok=True)
    boom = (
        "import sys, hiptimer.cli.history_commands as h\n"
        "def boom(arguments): raise RuntimeError('a bug nobody planned for')\n"
        "h.show_history = boom\n"
        "from hiptimer.cli import main\n"
        "sys.exit(main(['history']))\n"
    )
    env = {**os.environ, "HIPTIMER_HOME": str(hiptimer_home)}
    done = subprocess.run(
        [sys.executable, "-c", boom], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 70
    [log] = hiptimer_home.glob("crash-*.log")
    assert done.stderr.strip().splitlines() == [
        f"hiptimer stopped on an unexpected error; the details are in {log}"
    ]
    assert "Traceback" not in done.stderr
    text = log.read_text()
    assert "RuntimeError: a bug nobody planned for" in text and "Traceback" in text
    assert log.stat().st_mode & 0o777 == 0o600


def test_a_crash_inside_the_app_exits_non_zero_and_names_its_log(
    hiptimer_home: Path, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An error in a screen: Textual used to print its traceback and exit 0."""
    hiptimer_home.mkdir(parents=True, exist_ok=True)
    # A bug in the preview, planted in the real process through Python's sitecustomize.
    (hiptimer_home / "sitecustomize.py").write_text(
        "import hiptimer.screens.preview as p\n"
        "def boom(self): raise RuntimeError('the preview broke')\n"
        "p.PreviewScreen.on_mount = boom\n"
    )
    monkeypatch.setenv("PYTHONPATH", str(hiptimer_home))
    terminal = launch(request, hiptimer_home, "run", "hangup")
    code = terminal.ended_within(30)
    terminal.read()
    assert code == 70, terminal.screen[-2000:]
    [log] = hiptimer_home.glob("crash-*.log")
    assert "RuntimeError: the preview broke" in log.read_text()
    shown = terminal.screen.decode(errors="replace")
    assert "the details are in" in shown and log.name in shown.replace("\r\n", "")
    assert "Traceback" not in shown


def test_the_lifeline_ends_a_process_stuck_where_no_event_loop_runs(
    hiptimer_home: Path,
) -> None:
    """What the orphans did: the app's thread blocked for good (Textual's writer queue, full
    once the terminal is gone). SIGTERM still ends it, and a write kept for later is saved
    through the last chance."""
    script = (
        "import threading, time\n"
        "from hiptimer.lifeline import lifeline\n"
        "lifeline.install()\n"
        "lifeline.end_with(lambda: None)  # an app that never gets to end itself\n"
        "saved = []\n"
        "def last_chance(wait):\n"
        "    open('saved', 'w').write('kept set')\n"
        "    return True\n"
        "lifeline.keep(last_chance)\n"
        "print('ready', flush=True)\n"
        "threading.Event().wait()  # blocked, as in a full queue's put\n"
    )
    started = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, "-c", script], cwd=hiptimer_home.parent, stdout=subprocess.PIPE
    )
    assert process.stdout is not None and process.stdout.readline() == b"ready\n"
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=10) == 128 + signal.SIGTERM
    assert time.monotonic() - started < 10
    assert (hiptimer_home.parent / "saved").read_text() == "kept set"
