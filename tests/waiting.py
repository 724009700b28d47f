"""Waiting in pilot tests: for a condition, with a deadline, never for a fixed time."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen

from hiptimer.screens import SessionScreen
from hiptimer.screens.session import status_line
from hiptimer.widgets import OneLine

PATIENCE = 30.0
"""Real seconds before giving up: generous, because a loaded CI machine is slow, and a test
that passes waits only as long as the condition takes."""


def shown(app: App[None], kind: type[Screen[Any]]) -> bool:
    """Whether a screen of `kind` is on top with its widgets mounted. A pushed screen is on top
    (`app.screen`) before it has composed, and the app's own work after its first frame (the
    resume offer, a preview opened by `hiptimer run`) may still be under way when `run_test`
    hands over."""
    return isinstance(app.screen, kind) and app.screen.is_mounted


async def until(
    pilot: Pilot[None], condition: Callable[[], bool], what: str, *, timeout: float = PATIENCE
) -> None:
    """Let the app run until `condition` holds; fail, saying `what`, if it never does."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up after {timeout:.0f} s waiting for {what}")
        await pilot.pause(0.02)


def shown_status(screen: SessionScreen) -> str:
    return screen.query_one("#status", OneLine).text


def is_caught_up(pilot: Pilot[None]) -> bool:
    """The session screen (if that is what shows) has polled its engine since the fake clock
    last moved, and its status line says what the engine says now."""
    screen = pilot.app.screen
    if not isinstance(screen, SessionScreen) or not screen.is_mounted:
        return True
    engine = screen.engine
    polled = engine.is_done or engine.polled_at >= engine.view_clock()
    view = engine.view()
    return polled and shown_status(screen) == status_line(view, screen.status.size.width or None)


async def caught_up(pilot: Pilot[None]) -> None:
    """Until the screen's own poll has come round after the clock moved, and been drawn."""
    await pilot.pause()
    await until(pilot, lambda: is_caught_up(pilot), "the session screen to catch up with the clock")
