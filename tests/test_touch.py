"""In a browser (`hiptimer serve`) the session takes taps: the big digits and two big buttons run
the keys' actions, and the sets land in the history. In a terminal, none of it shows."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Button

from hiptimer.alerts import CueAlerts
from hiptimer.app import HipTimerApp
from hiptimer.domain import FakeClock, Phase, SetState
from hiptimer.domain.history import HistoryStore, SessionStatus
from hiptimer.screens import PreviewScreen, SessionScreen
from hiptimer.settings import Settings
from tests.waiting import caught_up, shown, until

ROUTINE_TOML = """\
name = "Touch test"
get_ready = 0

[[exercise]]
name = "Clamshell"
reps = 3
sets = 2
rest = "30s"

[[exercise]]
name = "Side plank"
hold = "20s"
"""
PHONE = (40, 30)


@pytest.fixture(autouse=True)
def touch_routine(hiptimer_home: Path) -> None:
    folder = hiptimer_home / "routines"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "touch.toml").write_text(ROUTINE_TOML, encoding="utf-8")
    (hiptimer_home / "config.toml").write_text("keep_awake = false\n", encoding="utf-8")


@pytest.fixture
def in_a_browser(monkeypatch: pytest.MonkeyPatch) -> None:
    """The app as the web driver runs it: `is_web` is the only thing the screen looks at."""
    monkeypatch.setattr(App, "is_web", property(lambda self: True))


def quiet_app(clock: FakeClock) -> HipTimerApp:
    return HipTimerApp(
        clock=clock,
        wall_clock=clock.wall,
        routine="touch",
        cue_alerts=CueAlerts(Settings(sound=False)),
    )


async def start(pilot: Pilot[None]) -> SessionScreen:
    await until(pilot, lambda: shown(pilot.app, PreviewScreen), "the preview")
    await pilot.press("enter")
    await until(pilot, lambda: shown(pilot.app, SessionScreen), "the session")
    screen = pilot.app.screen
    assert isinstance(screen, SessionScreen)
    await caught_up(pilot)
    return screen


def button(screen: SessionScreen, name: str) -> Button:
    return screen.query_one(f"#touch-{name}", Button)


@pytest.mark.usefixtures("in_a_browser")
async def test_taps_count_reps_and_check_off_a_set_into_the_history() -> None:
    clock = FakeClock()
    app = quiet_app(clock)
    async with app.run_test(size=PHONE) as pilot:
        screen = await start(pilot)
        assert screen.engine.view().phase is Phase.REPS
        assert button(screen, "space").display and button(screen, "space").region.height >= 3
        assert str(button(screen, "space").label) == "+1 rep"

        await pilot.click("#timer")  # a tap on the big digits
        await pilot.click("#touch-space")
        await caught_up(pilot)
        assert screen.engine.view().reps == 2
        assert "2/3 reps" in screen.status.text

        await pilot.click("#touch-done")
        await caught_up(pilot)
        assert screen.engine.view().phase is Phase.REST
        # In a rest, space pauses: the big button says so, and a tap on it does so.
        assert str(button(screen, "space").label) == "Pause"
        await pilot.click("#touch-space")
        await caught_up(pilot)
        assert screen.engine.view().paused
        assert str(button(screen, "space").label) == "Resume"

    # The history, as `hiptimer history` reads it (the app may still hold the session's lease).
    store, _ = HistoryStore.open()
    try:
        (latest,) = store.sessions(limit=1)
        done = store.results(latest.id)
    finally:
        store.close()
    assert latest.routine_id == "touch" and latest.status is SessionStatus.IN_PROGRESS
    assert [(result.exercise, result.reps) for result in done] == [("Clamshell", 2)]


@pytest.mark.usefixtures("in_a_browser")
async def test_the_buttons_never_take_the_keys() -> None:
    """After a tap, Enter still checks off the set (a focused button would eat it)."""
    clock = FakeClock()
    app = quiet_app(clock)
    async with app.run_test(size=PHONE) as pilot:
        screen = await start(pilot)
        await pilot.click("#touch-space")
        await pilot.press("space", "enter")
        await caught_up(pilot)
        assert app.focused is None or not isinstance(app.focused, Button)
        assert screen.engine.view().phase is Phase.REST
        # Checked off by Enter with 2 of its 3 reps: one tapped, one from the space bar.
        assert screen.engine.checklist()[0].state is SetState.SHORT


async def test_a_terminal_shows_no_buttons_and_a_click_on_the_digits_does_nothing() -> None:
    clock = FakeClock()
    app = quiet_app(clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot)
        assert not button(screen, "space").display or not screen.query_one("#touch").display
        assert screen.query_one("#touch").region.height == 0
        await pilot.click("#timer")
        await caught_up(pilot)
        assert screen.engine.view().reps == 0
