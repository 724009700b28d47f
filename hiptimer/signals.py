"""How the app ends when the terminal or the system asks it to: cleanly, keeping every set."""

from __future__ import annotations

import asyncio
import signal
from contextlib import suppress
from typing import Any

from textual.app import App

__all__ = ["exit_cleanly_on_signals"]


def exit_cleanly_on_signals(app: App[Any]) -> None:
    """SIGTERM, SIGHUP (a closed terminal) and SIGINT end the app cleanly. Every set done is already
    committed, and the session stays open to be resumed at the next launch."""
    if app.is_headless:
        return  # tests drive the app headless; their runner owns the signals
    loop = asyncio.get_running_loop()
    for name in ("SIGTERM", "SIGHUP", "SIGINT"):
        if hasattr(signal, name):
            with suppress(NotImplementedError, RuntimeError):
                loop.add_signal_handler(getattr(signal, name), app.exit)
