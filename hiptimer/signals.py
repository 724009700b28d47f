"""How the app ends when the terminal or the system asks it to, or on an unexpected error."""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Callable
from contextlib import suppress
from typing import Any

from rich.text import Text
from textual.app import App

from hiptimer.crash import CRASH_EXIT_CODE, crash_line, write_crash_log

__all__ = ["exit_cleanly_on_signals", "report_crash"]

SAVE_WAIT_SECONDS = 0.5
"""How long the last save before a requested end may wait for the history."""


def exit_cleanly_on_signals(app: App[Any], save: Callable[[float], None]) -> None:
    """SIGTERM, SIGHUP and a closed terminal (`hiptimer.lifeline`) and SIGINT end the app
    cleanly. Every set done is committed (`save` gets one more try at those the history could
    not take yet), and the session stays open to be resumed."""
    if app.is_headless:
        return  # tests drive the app headless; their runner owns the signals
    from hiptimer.lifeline import lifeline

    loop = asyncio.get_running_loop()

    def end() -> None:
        save(SAVE_WAIT_SECONDS)
        app.exit()

    # The lifeline calls this from a signal handler or its own thread: hand it to the loop.
    lifeline.end_with(lambda: loop.call_soon_threadsafe(end))
    with suppress(NotImplementedError, RuntimeError):
        loop.add_signal_handler(signal.SIGINT, end)


def report_crash(app: App[Any], error: Exception) -> None:
    """After Textual's own handling of an unexpected error: the app exits 70, its traceback
    goes to a log file, and the terminal gets one line naming that file (not the traceback)."""
    try:
        where = type(app.screen).__name__
    except Exception:  # no screen yet, or none left
        where = ""
    log = write_crash_log(error, where=where)
    app._return_code = CRASH_EXIT_CODE
    # One line, never wrapped: the log's path must stay whole to be copied.
    app._exit_renderables[:] = [Text(crash_line(log), no_wrap=True, overflow="ignore")]
