"""Resizing mid-session, from 20×8 to 250×80: no crash, the status line stays, the session is unchanged."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from textual.pilot import Pilot

from hiptimer.alerts import CueAlerts
from hiptimer.app import HipTimerApp
from hiptimer.domain import FakeClock, Phase
from hiptimer.screens import PreviewScreen, SessionScreen
from hiptimer.screens.session import status_line
from hiptimer.settings import Settings
from hiptimer.widgets import OneLine
from tests.waiting import caught_up

ROUTINE_TOML = """\
name = "Size test"
get_ready = "3s"

[[exercise]]
name = "Clamshell taps"
reps = 5

[[exercise]]
name = "Side plank"
hold = "40s"
sides = "each"
switch = "5s"
"""

GROWING = [
    (20, 8),
    (30, 10),
    (40, 12),
    (50, 16),
    (60, 20),
    (80, 24),
    (120, 40),
    (160, 50),
    (200, 60),
    (250, 80),
]
"""From far too small to a large monitor. The status line must show from 40×12 up."""


@pytest.fixture(autouse=True)
def size_routine(hiptimer_home: Path) -> None:
    folder = hiptimer_home / "routines"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sizes.toml").write_text(ROUTINE_TOML, encoding="utf-8")


def status_shown(pilot: Pilot[None]) -> str:
    """The status line's text if it is displayed inside the window, else ""."""
    screen = pilot.app.screen
    status = screen.query_one("#status", OneLine)
    region = status.region
    width, height = screen.size
    inside = region.width > 0 and region.height > 0
    inside = inside and region.right <= width and region.bottom <= height
    return status.text if status.display and inside else ""


async def test_resizing_through_every_size_mid_hold_keeps_the_session(hiptimer_home: Path) -> None:
    clock = FakeClock()
    app = HipTimerApp(
        clock=clock,
        wall_clock=clock.wall,
        routine="sizes",
        cue_alerts=CueAlerts(Settings(sound=False)),
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PreviewScreen)
        await pilot.press("enter", "space", "enter")  # start, one rep, check the set off
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        while screen.engine.view().phase is not Phase.HOLD:
            await pilot.press("enter")  # skip the rest and the get-ready
        for _ in range(2):  # in steps: a gap over 5 s in a hold reads as a laptop that slept
            clock.advance(3.5)
            await caught_up(pilot)
        view = screen.engine.view()
        assert (view.phase, view.side, view.remaining) == (Phase.HOLD, "left", 33.0)
        before = (view, screen.engine.results)
        expected = "HOLD · LEFT · Side plank · set 1/1 · 0:33 left"
        assert status_line(view) == expected

        sizes = GROWING + GROWING[::-1]
        sizes += random.Random(7).sample(GROWING * 2, len(GROWING) * 2)
        for width, height in sizes:
            await pilot.resize_terminal(width, height)
            await pilot.pause()
            assert app.screen is screen, f"resizing to {width}×{height} left the session"
            assert (screen.engine.view(), screen.engine.results) == before, (
                f"resizing to {width}×{height} changed the session"
            )
            if width >= 40 and height >= 12:
                assert status_shown(pilot) == expected, f"no status line at {width}×{height}"

        # The session still runs as planned after all that.
        clock.advance(3)
        await caught_up(pilot)
        assert "0:30 left" in status_shown(pilot)
        assert screen.engine.view().remaining == 30.0
        assert status_shown(pilot) == "HOLD · LEFT · Side plank · set 1/1 · 0:30 left"
