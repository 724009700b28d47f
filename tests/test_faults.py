"""Faults a runner's machine throws at hiptimer: kills, a closed terminal, a full or read-only
disk, and damaged files. Each ends in a clear message and a session that goes on or resumes."""

from __future__ import annotations

import random
import signal
import sqlite3
from pathlib import Path
from typing import cast

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList, Static

from hiptimer.alerts import CueAlerts
from hiptimer.app import HipTimerApp
from hiptimer.domain import FakeClock, Phase
from hiptimer.domain.history import HistoryStore
from hiptimer.screens import PickerScreen, PreviewScreen, SessionScreen
from tests.test_crash_resume import Terminal, session_statuses, stored_sets

ROUTINE_TOML = """\
name = "Fault test"

[[exercise]]
name = "Hip hitch"
reps = 5
sets = 3
sides = "each"
switch = 0
rest = 0
"""
ALL_SETS = sorted((0, 0, number, side) for number in range(3) for side in range(2))


@pytest.fixture(autouse=True)
def fault_routine(hiptimer_home: Path) -> None:
    folder = hiptimer_home / "routines"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "faults.toml").write_text(ROUTINE_TOML, encoding="utf-8")


def make_app(clock: FakeClock, routine: str | None = "faults") -> HipTimerApp:
    from hiptimer.settings import Settings

    return HipTimerApp(
        clock=clock,
        wall_clock=clock.wall,
        routine=routine,
        cue_alerts=CueAlerts(Settings(sound=False)),
    )


def messages(app: HipTimerApp) -> list[str]:
    return [notification.message for notification in app._notifications]


async def start(pilot: Pilot[None], seen: list[str] | None = None) -> SessionScreen:
    """Preview → session; `seen` collects the toasts shown at start-up, before the session
    starts (the session screen clears every toast when a phase starts)."""
    await pilot.pause()
    assert isinstance(pilot.app.screen, PreviewScreen)
    if seen is not None:
        seen += messages(cast(HipTimerApp, pilot.app))
    await pilot.press("enter")
    screen = pilot.app.screen
    assert isinstance(screen, SessionScreen)
    return screen


# -- a full disk, a read-only home ---------------------------------------------------------------


async def test_a_full_disk_shows_a_clear_message_and_the_session_goes_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def full(*_: object, **__: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(HistoryStore, "record", full)
    clock = FakeClock()
    app = make_app(clock)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        screen = await start(pilot)
        await pilot.press("space", "enter")  # one rep, the left side checked off: a failed write
        await pilot.pause()
        problems = [text for text in messages(app) if "the disk is full" in text]
        assert problems, messages(app)
        assert "Could not save to your history" in problems[0]
        assert "The session goes on" in problems[0]
        # It does: the right side is next, and checking it off moves on again.
        view = screen.engine.view()
        assert (view.phase, view.side) == (Phase.REPS, "right")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        assert len(screen.engine.results) == 2
        assert screen.engine.view().work is not None


async def test_a_history_that_cannot_be_written_turns_history_off_not_the_app(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def read_only(*_: object, **__: object) -> None:
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(HistoryStore, "open", read_only)
    clock = FakeClock()
    app = make_app(clock)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        seen: list[str] = []
        screen = await start(pilot, seen)
        assert any("History is off for this run" in text and "readonly" in text for text in seen), (
            seen
        )
        await pilot.press("space", "enter")
        await pilot.pause()
        assert screen.engine.results[0].reps == 1
        assert screen.engine.view().side == "right"


async def test_a_read_only_home_folder_still_runs_a_session(hiptimer_home: Path) -> None:
    HistoryStore.open()[0].close()  # the history exists, as after any earlier run
    hiptimer_home.chmod(0o500)
    (hiptimer_home / "history.sqlite3").chmod(0o400)
    try:
        probe = hiptimer_home / "probe"
        try:
            probe.write_text("")
        except PermissionError:
            pass
        else:
            probe.unlink()
            pytest.skip("running as root: chmod does not stop writes (see the monkeypatched test)")
        clock = FakeClock()
        app = make_app(clock)
        async with app.run_test(size=(100, 30), notifications=True) as pilot:
            seen: list[str] = []
            screen = await start(pilot, seen)
            await pilot.press("space", "enter")
            await pilot.pause()
            assert screen.engine.view().side == "right"
            assert any("History is off" in text for text in seen), seen
    finally:
        hiptimer_home.chmod(0o700)


# -- damaged files ---------------------------------------------------------------------------------


async def test_a_damaged_history_is_moved_aside_with_a_message_and_a_fresh_one_used(
    hiptimer_home: Path,
) -> None:
    hiptimer_home.mkdir(parents=True, exist_ok=True)
    garbage = bytes(random.Random(3).randrange(256) for _ in range(5000))
    (hiptimer_home / "history.sqlite3").write_bytes(garbage)
    clock = FakeClock()
    app = make_app(clock)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        seen: list[str] = []
        screen = await start(pilot, seen)
        notices = [text for text in seen if "damaged" in text]
        assert notices, seen
        [aside] = list(hiptimer_home.glob("history.sqlite3.damaged-*"))
        assert str(aside) in notices[0]
        assert aside.read_bytes() == garbage, "the damaged file must be kept as it was"
        await pilot.press("space", "enter")
        await pilot.pause()
        assert screen.engine.results[0].reps == 1
    assert stored_sets(hiptimer_home) == [(0, 0, 0, 0)]


async def test_a_config_that_is_not_toml_gives_a_message_and_the_defaults(
    hiptimer_home: Path,
) -> None:
    hiptimer_home.mkdir(parents=True, exist_ok=True)
    (hiptimer_home / "config.toml").write_text('sound = tru\nrest = "1m\n[[[', encoding="utf-8")
    clock = FakeClock()
    app = make_app(clock)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        seen: list[str] = []
        await start(pilot, seen)
        assert any("config.toml" in text and "not valid TOML" in text for text in seen), seen
        assert app.service.settings.rest == 60 and app.service.settings.sound


async def test_a_broken_routine_is_listed_as_broken_and_the_others_still_start(
    hiptimer_home: Path,
) -> None:
    (hiptimer_home / "routines" / "broken.toml").write_bytes(b'name = "Broken\n\xff\xfe[[exercise')
    clock = FakeClock()
    app = make_app(clock, routine=None)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, PickerScreen)
        await pilot.press(*"broken")
        await pilot.pause()
        routines = picker.query_one("#routines", OptionList)
        assert routines.option_count == 1
        assert "broken.toml" in str(routines.get_option_at_index(0).prompt)
        detail = str(picker.query_one("#detail", Static).content)
        assert "broken.toml cannot be started" in detail and "UTF-8" in detail
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is picker, "a broken routine must not open"
        for _ in range(6):
            await pilot.press("backspace")
        await pilot.press(*"fault test", "enter")
        await pilot.pause()
        await start(pilot)


# -- a real process: killed, hung up ---------------------------------------------------------------


def run_sets(terminal: Terminal, home: Path, until: int) -> None:
    """Check off sets (Enter), one at a time, until `until` are stored."""
    while (done := len(stored_sets(home))) < until:

        def one_more(done: int = done) -> bool:
            return len(stored_sets(home)) > done

        terminal.send("\r")
        terminal.wait_for(one_more, f"set {done + 1}")


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_sigkill_at_a_random_point_then_resume_loses_and_repeats_no_set(
    seed: int, hiptimer_home: Path
) -> None:
    rng = random.Random(seed)
    first = Terminal(hiptimer_home, "run", "faults")
    first.wait_for(lambda: b"Fault test" in first.screen, "the preview")
    first.send("\r")
    first.wait_for(lambda: b"REPS" in first.screen, "the session")
    done = rng.randrange(1, len(ALL_SETS))
    run_sets(first, hiptimer_home, done)
    for _ in range(rng.randrange(4)):  # a few reps counted, not yet checked off
        first.send(" ")
    first.kill()
    assert len(stored_sets(hiptimer_home)) == done
    assert session_statuses(hiptimer_home) == ["in_progress"]

    second = Terminal(hiptimer_home)
    second.resume("Fault test")
    run_sets(second, hiptimer_home, len(ALL_SETS))
    second.wait_for(lambda: b"Session complete" in second.screen, "the summary")
    second.process.send_signal(signal.SIGTERM)
    second.process.wait(timeout=10)
    second.close()

    sets = stored_sets(hiptimer_home)
    assert sorted(sets) == ALL_SETS, f"killed after {done} sets"
    assert session_statuses(hiptimer_home) == ["completed"]


@pytest.mark.slow
def test_sighup_exits_cleanly_and_the_session_can_be_resumed(hiptimer_home: Path) -> None:
    first = Terminal(hiptimer_home, "run", "faults")
    first.wait_for(lambda: b"Fault test" in first.screen, "the preview")
    first.send("\r")
    first.wait_for(lambda: b"REPS" in first.screen, "the session")
    run_sets(first, hiptimer_home, 2)
    first.process.send_signal(signal.SIGHUP)
    code = first.process.wait(timeout=10)
    first.read()
    first.close()
    assert code == 0, f"SIGHUP ended hiptimer with {code}"
    assert b"Traceback" not in first.screen
    assert session_statuses(hiptimer_home) == ["in_progress"]

    second = Terminal(hiptimer_home)
    resumed = second.resume("Fault test")
    assert "REPS · LEFT · Hip hitch · set 2/3".encode() in resumed, "not resumed at set 2"
    second.kill()
    assert sorted(stored_sets(hiptimer_home)) == ALL_SETS[:2]


async def test_a_start_up_warning_outlives_the_start_of_the_session(hiptimer_home: Path) -> None:
    hiptimer_home.mkdir(parents=True, exist_ok=True)
    (hiptimer_home / "history.sqlite3").write_bytes(b"not a database at all" * 100)
    clock = FakeClock()
    app = make_app(clock)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        seen: list[str] = []
        await start(pilot, seen)
        assert any("damaged" in text for text in seen)
        await pilot.pause()
        assert any("damaged" in text for text in messages(app)), messages(app)
