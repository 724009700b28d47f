"""Resizing mid-session, from 20×8 to 250×80: no crash, the status line stays, the session is unchanged."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from textual.pilot import Pilot

from hiptimer.alerts import CueAlerts
from hiptimer.app import HipTimerApp
from hiptimer.domain import FakeClock, Phase, SessionEngine
from hiptimer.routines import parse_routine
from hiptimer.screens import PreviewScreen, SessionScreen
from hiptimer.screens.session import status_line
from hiptimer.settings import Settings
from hiptimer.widgets import BigTime, OneLine
from tests.waiting import caught_up, until

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


def quiet_app(clock: FakeClock, routine: str) -> HipTimerApp:
    """The real app on a fake clock, opened on `routine`, with sound off."""
    return HipTimerApp(
        clock=clock,
        wall_clock=clock.wall,
        routine=routine,
        cue_alerts=CueAlerts(Settings(sound=False)),
    )


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
    app = quiet_app(clock, "sizes")
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
                shown = status_shown(pilot)
                # Whole where it fits; where not, the middle gives way, never the ends.
                assert shown == expected or (
                    shown.startswith("HOLD · LEFT · ")
                    and shown.endswith(" · 0:33 left")
                    and len(shown) <= width - 2
                ), f"no usable status line at {width}×{height}: {shown!r}"

        # The session still runs as planned after all that.
        clock.advance(3)
        await caught_up(pilot)
        assert "0:30 left" in status_shown(pilot)
        assert screen.engine.view().remaining == 30.0
        assert status_shown(pilot) == "HOLD · LEFT · Side plank · set 1/1 · 0:30 left"


LONG_NAME = "Single-leg runner's stance knee push into wall"
LONG_TOML = f"""\
name = "Long"
get_ready = "0s"

[[exercise]]
name = "{LONG_NAME}"
hold = "max"
sides = "each"
sets = 3
"""


@pytest.mark.parametrize(
    ("width", "expected"),
    [
        (100, f"MAX HOLD · LEFT · {LONG_NAME} · set 1/3 · 0:06 held"),
        (78, f"MAX HOLD · LEFT · {LONG_NAME} · 0:06 held"),
        (58, "MAX HOLD · LEFT · Single-leg runner… · set 1/3 · 0:06 held"),
        (38, "MAX HOLD · LEFT · Single-… · 0:06 held"),
        (30, "MAX HOLD · LEFT · 0:06 held"),
    ],
)  # fmt: skip
def test_a_long_name_gives_way_in_the_status_line_and_the_time_stays(
    width: int, expected: str
) -> None:
    """What a new user saw at 80×24 in the base-building circuit: the name filled the line and
    the time held was cut off."""
    routine = parse_routine(LONG_TOML, file="long.toml")
    clock = FakeClock()
    engine = SessionEngine(routine, routine_id="long", clock=clock, wall_clock=clock.wall)
    engine.start()
    clock.advance(6)
    line = status_line(engine.view(), width)
    assert line == expected
    assert len(line) <= width


async def test_at_40_by_12_a_long_name_takes_one_row_and_leaves_the_timer_big(
    hiptimer_home: Path,
) -> None:
    (hiptimer_home / "routines" / "long.toml").write_text(LONG_TOML, encoding="utf-8")
    clock = FakeClock()
    app = quiet_app(clock, "long")
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        await until(pilot, lambda: screen.engine.started_wall is not None, "the session")
        for _ in range(2):  # in steps: a gap over 5 s in a hold reads as a laptop that slept
            clock.advance(3)
            await caught_up(pilot)
        assert screen.query_one("#exercise").region.height == 2  # the name, then the set
        assert screen.query_one("#next-up").region.height == 1
        timer = screen.query_one("#timer", BigTime)
        assert timer.value == "0:06"
        assert timer.glyph_height >= 5, "block digits, readable from the mat"
