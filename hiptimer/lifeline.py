"""The process ends when it is asked to or loses its terminal: SIGHUP, SIGTERM, a closed pty.

Textual's own exit writes to the terminal. Once the terminal is gone its writer thread dies on
the first write, its queue fills, and the app's thread blocks for good on the next one: the
process lived on with no terminal, and a signal handler on the event loop never ran. So this
does not rely on the loop. A handler installed with `signal.signal` runs between bytecodes
(even in a blocked queue put), asks the app to end, and starts a deadline; a thread watches the
terminal. If the app has not ended when the deadline comes, the kept writes get a last chance
through a connection of their own, and the process ends anyway.
"""

from __future__ import annotations

import errno
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from contextlib import suppress
from typing import NoReturn

__all__ = ["GRACE_SECONDS", "LOST_TERMINAL", "Lifeline", "lifeline"]

GRACE_SECONDS = 1.0
"""How long the app has to end by itself, saving what it kept, before it is ended."""
LAST_CHANCE_SECONDS = 0.4
"""How long each kept write may wait for the history in the last chance."""
WATCH_SECONDS = 0.25
"""How often the terminal is looked at."""
LOST_TERMINAL = 129
"""The exit code for a closed terminal: what SIGHUP's would be."""


class Lifeline:
    """One per process: who to ask to end, and what to save if it does not."""

    def __init__(self) -> None:
        self._end_gracefully: Callable[[], object] | None = None
        self._last_chances: list[Callable[[float], bool]] = []
        self._ending = threading.Event()
        self._code = 0

    @property
    def ending(self) -> bool:
        return self._ending.is_set()

    def install(self, terminal: int | None = None) -> None:
        """Take over SIGHUP and SIGTERM, and watch `terminal` (a descriptor) if it is a tty.

        Called first thing, before Textual is even imported: start-up is covered as well."""
        for name in ("SIGHUP", "SIGTERM"):
            number = getattr(signal, name, None)
            if number is not None:
                signal.signal(number, self._on_signal)
        if terminal is None:
            return
        if _hung_up(terminal):  # closed before we got this far
            _exit(LOST_TERMINAL)
        if os.isatty(terminal):
            threading.Thread(
                target=self._watch, args=(terminal,), name="hiptimer-terminal", daemon=True
            ).start()

    def end_with(self, end_gracefully: Callable[[], object] | None) -> None:
        """How to ask the app to end; it is called from a signal handler or another thread,
        so it must only hand the request over (e.g. `loop.call_soon_threadsafe`). None: the
        app is not (or no longer) running, and the process simply ends."""
        self._end_gracefully = end_gracefully

    def keep(self, last_chance: Callable[[float], bool]) -> None:
        """Something to save if the app cannot end by itself in time; it gets a wait."""
        self._last_chances.append(last_chance)

    def drop(self, last_chance: Callable[[float], bool]) -> None:
        if last_chance in self._last_chances:
            self._last_chances.remove(last_chance)

    def end(self, code: int) -> None:
        """End the process: gracefully if an app runs (it then exits as it does when quit),
        within `GRACE_SECONDS` in any case, with `code` if it has to be ended."""
        if self._ending.is_set():
            _exit(self._code)  # asked twice: no more waiting
        self._code = code
        self._ending.set()
        if self._end_gracefully is None:
            _exit(code)
        threading.Thread(target=self._deadline, name="hiptimer-deadline", daemon=True).start()
        try:
            self._end_gracefully()
        except Exception:  # the loop is closed already: the deadline ends it
            return

    def _on_signal(self, number: int, _frame: object) -> None:
        self.end(128 + number)

    def _watch(self, terminal: int) -> None:
        while not self._ending.is_set():
            time.sleep(WATCH_SECONDS)
            if _hung_up(terminal):
                self.end(LOST_TERMINAL)
                return

    def _deadline(self) -> None:
        time.sleep(GRACE_SECONDS)
        for last_chance in list(self._last_chances):
            with suppress(Exception):  # nothing may stop the process from ending now
                last_chance(LAST_CHANCE_SECONDS)
        _exit(self._code)


def _hung_up(descriptor: int) -> bool:
    """True once the terminal behind `descriptor` has gone. A hung-up tty answers every
    terminal request with EIO, where a file or /dev/null answers ENOTTY."""
    try:
        import termios
    except ImportError:  # pragma: no cover - Windows
        return False
    try:
        termios.tcgetattr(descriptor)
    except termios.error as error:
        return bool(error.args and error.args[0] == errno.EIO)
    except (OSError, ValueError):
        return False
    return False


def _exit(code: int) -> NoReturn:
    # No interpreter shutdown: it joins threads and flushes a terminal that may be gone.
    with suppress(OSError, ValueError):
        sys.stderr.flush()
    os._exit(code)


lifeline = Lifeline()
"""The process's one lifeline."""
