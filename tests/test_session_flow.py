"""The live session as a runner drives it: picker → preview → session → summary, on a fake clock."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from rich.text import Text
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, OptionList, Static

from hiptimer.alerts import CueAlerts
from hiptimer.app import HipTimerApp
from hiptimer.domain import FakeClock, Phase, SetState
from hiptimer.screens import HelpScreen, PickerScreen, PreviewScreen, SessionScreen
from hiptimer.screens.quit_dialog import QuitDialog
from hiptimer.screens.summary import SummaryScreen
from hiptimer.settings import Settings
from hiptimer.widgets import BigTime, CuePanel, OneLine
from tests.waiting import caught_up

ROUTINE_ID = "flow-test"
ROUTINE_TOML = """\
name = "Flow test hips"
summary = "A short routine for the session tests."
get_ready = "3s"

[[exercise]]
name = "Clamshell taps"
reps = 5
rest = "20s"
cues = ["Knees together"]

[[exercise]]
name = "Tempo bridge"
reps = 3
tempo = "1-1-1"
rest = "15s"

[[exercise]]
name = "Side plank"
hold = "20s"
sides = "each"
switch = "5s"
rest = "30s"
load = "bodyweight"
cues = ["Elbow under shoulder"]
at = { "0:10" = "Lift the top hip higher" }

[[exercise]]
name = "Wall sit"
hold = "max"
"""
"""Every phase kind in 2:20 when run as planned with a 42 s max hold and the last rest skipped.

The order: reps (tapped) → rest 20 → get ready 3 → tempo reps 9 → rest 15 → get ready 3 →
hold left 20 (at cue at 10 s) → switch 5 → hold right 20 → rest 30 → get ready 3 → max hold."""

POLL_STEP = 4.0
"""The largest jump of the fake clock between two repaints during a hold. The engine takes a gap
above 5 s between two polls of a running hold for a laptop that slept, and stops the hold."""


@pytest.fixture(autouse=True)
def flow_routine(hiptimer_home: Path) -> Path:
    """The test routine as a user routine, so no test depends on the built-ins' wording."""
    folder = hiptimer_home / "routines"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{ROUTINE_ID}.toml"
    path.write_text(ROUTINE_TOML, encoding="utf-8")
    return path


def make_app(clock: FakeClock, routine: str | None = None) -> HipTimerApp:
    """The real app on a fake clock, with sound off so no player runs."""
    return HipTimerApp(
        clock=clock,
        wall_clock=clock.wall,
        routine=routine,
        cue_alerts=CueAlerts(Settings(sound=False)),
    )


def text(screen: Any, selector: str) -> str:
    widget = screen.query_one(selector)
    return widget.text if isinstance(widget, OneLine) else str(widget.content)


def session(pilot: Pilot[None]) -> SessionScreen:
    screen = pilot.app.screen
    assert isinstance(screen, SessionScreen), f"expected the session, got {screen!r}"
    return screen


async def repaint(pilot: Pilot[None]) -> None:
    """Wait until the screen has polled the engine and shows what the engine says now."""
    await caught_up(pilot)


async def let_pass(pilot: Pilot[None], clock: FakeClock, seconds: float) -> None:
    """Workout time passes on the fake clock, in steps the screen polls like a real terminal."""
    while seconds > 1e-9:
        step = min(POLL_STEP, seconds)
        clock.advance(step)
        seconds -= step
        await repaint(pilot)


async def open_session(pilot: Pilot[None]) -> SessionScreen:
    """Picker → type the routine's name → preview → start; from the preview when the app was
    opened on the routine, as `hiptimer run flow-test` does."""
    await pilot.pause()
    if isinstance(pilot.app.screen, PickerScreen):
        await pilot.press(*"flow test")
        await pilot.press("enter")
        await pilot.pause()
    assert isinstance(pilot.app.screen, PreviewScreen)
    await pilot.press("enter")
    await repaint(pilot)
    return session(pilot)


def shown(screen: SessionScreen) -> tuple[str, str, str, str]:
    """What a runner reads: the status line, the big timer, the next-up line and the banner."""
    return (
        text(screen, "#status"),
        screen.query_one("#timer", BigTime).value,
        text(screen, "#next-up"),
        text(screen, "#banner"),
    )


def states(screen: SessionScreen) -> list[SetState]:
    return [item.state for item in screen.engine.checklist()]


def space_means(screen: SessionScreen) -> str:
    """What the footer says the space key does right now."""
    return screen.active_bindings["space"].binding.description


def summary_rows(pilot: Pilot[None]) -> list[list[str]]:
    screen = pilot.app.screen
    assert isinstance(screen, SummaryScreen)
    table: DataTable[str] = screen.query_one("#summary-table", DataTable)
    return [[str(cell) for cell in table.get_row_at(row)] for row in range(table.row_count)]


def plan_row(preview: PreviewScreen, exercise: str) -> list[str]:
    """The preview's row for `exercise`: name, sets, work, rest and load, as shown."""
    table: DataTable[Text] = preview.query_one("#plan-table", DataTable)
    rows = [[cell.plain for cell in table.get_row_at(row)] for row in range(table.row_count)]
    [row] = [row for row in rows if row[0] == exercise]
    return row


async def test_the_picker_filters_to_the_routine_and_the_preview_shows_the_first_side() -> None:
    clock = FakeClock()
    app = make_app(clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press(*"flow test")
        await pilot.pause()
        picker = app.screen
        assert picker.query_one("#filter", Input).value == "flow test"
        routines = picker.query_one("#routines", OptionList)
        assert routines.option_count == 1
        assert "Flow test hips" in text(picker, "#detail")
        assert "A short routine for the session tests." in text(picker, "#detail")
        await pilot.press("enter")
        await pilot.pause()
        preview = app.screen
        assert isinstance(preview, PreviewScreen)
        assert "Flow test hips" in text(preview, "#preview-title")
        assert "LEFT" in text(preview, "#first-side")
        assert plan_row(preview, "Tempo bridge")[2] == "3 reps at tempo 1-1-1"
        assert plan_row(preview, "Clamshell taps")[2] == "5 reps", "no tempo, none shown"
        await pilot.press("s")
        await pilot.pause()
        assert "RIGHT" in text(preview, "#first-side")


async def test_full_flow_from_picker_to_summary() -> None:
    clock = FakeClock()
    app = make_app(clock)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_session(pilot)
        await _tapped_reps(pilot, screen)
        await _rest_then_tempo_reps(pilot, clock, screen)
        await _hold_both_sides(pilot, clock, screen)
        await _rest_then_max_hold(pilot, clock, screen)
        await pilot.press("enter")
        await pilot.pause()
        _check_summary(pilot)


async def _tapped_reps(pilot: Pilot[None], screen: SessionScreen) -> None:
    # Reps without a tempo start at once: the runner starts when ready, no get-ready.
    assert shown(screen) == (
        "REPS · Clamshell taps · set 1/1 · 0/5 reps",
        "0 / 5",
        "Next ▸ rest 0:20, then Tempo bridge",
        "# REPS #",
    )
    assert space_means(screen) == "+1 rep"
    assert states(screen)[0] is SetState.CURRENT
    await pilot.press("space", "space", "space")
    await repaint(pilot)
    assert screen.engine.view().reps == 3
    assert shown(screen)[:2] == ("REPS · Clamshell taps · set 1/1 · 3/5 reps", "3 / 5")
    await pilot.press("plus", "plus")
    await repaint(pilot)
    assert screen.query_one("#timer", BigTime).value == "5 / 5"
    await pilot.press("minus")
    await repaint(pilot)
    assert screen.engine.view().reps == 4
    await pilot.press("space")
    await repaint(pilot)
    assert text(screen, "#status") == "REPS · Clamshell taps · set 1/1 · 5/5 reps"
    await pilot.press("enter")
    await repaint(pilot)
    assert screen.engine.results[0].reps == 5
    assert states(screen)[0] is SetState.DONE


async def _rest_then_tempo_reps(
    pilot: Pilot[None], clock: FakeClock, screen: SessionScreen
) -> None:
    assert shown(screen) == (
        "REST · Tempo bridge · set 1/1 · 0:20 left",
        "0:20",
        "Next ▸ Tempo bridge",
        "~ REST ~",
    )
    assert "up next" in text(screen, "#exercise")
    assert screen.engine.view().phase is Phase.REST
    assert space_means(screen) == "Pause"
    assert screen.check_action("tap", ()) is False
    await let_pass(pilot, clock, 20)
    assert shown(screen)[0::3] == (
        "GET READY · Tempo bridge · set 1/1 · 0:03 left",
        "» GET READY »",
    )
    await let_pass(pilot, clock, 3)
    view = screen.engine.view()
    assert (view.phase, view.remaining, view.reps) == (Phase.REPS, 9.0, 0)
    assert shown(screen)[:3] == (
        "REPS · Tempo bridge · set 1/1 · 0/3 reps · 0:09 left",
        "0 / 3",
        "Next ▸ rest 0:15, then Side plank · LEFT",
    )
    # The tempo paces the reps: space does not count, it pauses.
    assert screen.check_action("tap", ()) is False
    assert space_means(screen) == "Pause"
    await let_pass(pilot, clock, 4)
    assert screen.engine.view().reps == 1
    assert screen.query_one("#timer", BigTime).value == "1 / 3"  # the paced rep, big
    await let_pass(pilot, clock, 5)
    assert screen.engine.results[1].reps == 3
    assert states(screen)[:2] == [SetState.DONE, SetState.DONE]


async def _hold_both_sides(pilot: Pilot[None], clock: FakeClock, screen: SessionScreen) -> None:
    assert shown(screen) == (
        "REST · next LEFT · Side plank · set 1/1 · 0:15 left",
        "0:15",
        "Next ▸ Side plank · LEFT",
        "~ REST ~",
    )
    await let_pass(pilot, clock, 15)
    assert text(screen, "#status") == "GET READY · LEFT · Side plank · set 1/1 · 0:03 left"
    await let_pass(pilot, clock, 3)
    cues = screen.query_one("#cues", CuePanel)
    assert shown(screen) == (
        "HOLD · LEFT · Side plank · set 1/1 · 0:20 left",
        "0:20",
        "Next ▸ Side plank · RIGHT",
        "■ HOLD ■",
    )
    assert text(screen, "#side") == "◀ LEFT"
    assert cues.fired is None
    assert "Load: bodyweight" in str(cues.content) and "Elbow under shoulder" in str(cues.content)
    await let_pass(pilot, clock, 10.5)
    assert text(screen, "#status") == "HOLD · LEFT · Side plank · set 1/1 · 0:10 left"
    assert cues.fired == "Lift the top hip higher"
    assert "▶ Lift the top hip higher" in str(cues.content)
    await let_pass(pilot, clock, 9.5)
    left = screen.engine.results[2]
    assert (left.side, left.seconds, left.short) == ("left", 20.0, False)
    assert shown(screen) == (
        "SWITCH · RIGHT · Side plank · set 1/1 · 0:05 left",
        "0:05",
        "Next ▸ Side plank · RIGHT",
        "⇄ SWITCH ⇄",
    )
    assert text(screen, "#side") == "RIGHT ▶"
    await let_pass(pilot, clock, 5)
    assert shown(screen)[:3] == (
        "HOLD · RIGHT · Side plank · set 1/1 · 0:20 left",
        "0:20",
        "Next ▸ rest 0:30, then Wall sit",
    )
    assert screen.engine.view().side == "right"
    await let_pass(pilot, clock, 20)
    right = screen.engine.results[3]
    assert (right.side, right.seconds, right.short) == ("right", 20.0, False)


async def _rest_then_max_hold(pilot: Pilot[None], clock: FakeClock, screen: SessionScreen) -> None:
    assert shown(screen) == (
        "REST · Wall sit · set 1/1 · 0:30 left",
        "0:30",
        "Next ▸ Wall sit",
        "~ REST ~",
    )
    await pilot.press("enter")  # skip the rest's wait
    await repaint(pilot)
    assert text(screen, "#status") == "GET READY · Wall sit · set 1/1 · 0:03 left"
    await let_pass(pilot, clock, 3)
    assert shown(screen) == (
        "MAX HOLD · Wall sit · set 1/1 · 0:00 held",
        "0:00",
        "Next ▸ Finish",
        "▲ MAX HOLD ▲",
    )
    await let_pass(pilot, clock, 42)
    view = screen.engine.view()
    assert (view.phase, view.remaining, view.elapsed) == (Phase.MAX_HOLD, None, 42.0)
    assert shown(screen)[:2] == ("MAX HOLD · Wall sit · set 1/1 · 0:42 held", "0:42")


def _check_summary(pilot: Pilot[None]) -> None:
    summary = pilot.app.screen
    assert isinstance(summary, SummaryScreen)
    assert text(summary, "#summary-title") == "✔ Session complete: Flow test hips"
    assert text(summary, "#summary-totals") == (
        "Total time 2:20 · 5 of 5 sets done · 0 short · 0 skipped"
    )
    assert summary_rows(pilot) == [
        ["✔", "Clamshell taps", "set 1/1", "", "5 reps", "5 reps"],
        ["✔", "Tempo bridge", "set 1/1", "", "3 reps", "3 reps"],
        ["✔", "Side plank", "set 1/1", "LEFT", "0:20 held", "0:20 hold"],
        ["✔", "Side plank", "set 1/1", "RIGHT", "0:20 held", "0:20 hold"],
        ["✔", "Wall sit", "set 1/1", "", "0:42 held", "hold to fatigue"],
    ]
    assert [result.seconds for result in summary.engine.results][2:] == [20.0, 20.0, 42.0]


async def test_quit_asks_first_and_keeps_the_sets_done() -> None:
    clock = FakeClock()
    app = make_app(clock, ROUTINE_ID)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_session(pilot)
        await pilot.press("space", "space", "enter")
        await repaint(pilot)
        await pilot.press("q")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, QuitDialog)
        assert "Quit session? (y/n)" in text(dialog, ".dialog-title")
        await pilot.press("n")
        await repaint(pilot)
        assert app.screen is screen
        assert screen.engine.view().phase is Phase.REST
        await let_pass(pilot, clock, 5)
        assert text(screen, "#status") == "REST · Tempo bridge · set 1/1 · 0:15 left"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, QuitDialog)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert "Session ended early" in text(app.screen, "#summary-title")
        assert [result.reps for result in screen.engine.results] == [2]
        rows = summary_rows(pilot)
        assert rows[0] == ["◐", "Clamshell taps", "set 1/1", "", "2 reps", "5 reps"]
        assert [row[4] for row in rows[1:]] == ["not done"] * 4


async def test_help_opens_over_the_session_and_closes_back_to_it() -> None:
    clock = FakeClock()
    app = make_app(clock, ROUTINE_ID)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_session(pilot)
        await pilot.press("space")
        await pilot.press("question_mark")
        await pilot.pause()
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        first = shown_text(help_screen.query_one("#help-first", Static))
        assert first.startswith("Keys during a session")
        assert "REPS: count one rep" in first
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        assert screen.engine.view().reps == 1


async def test_help_on_the_picker_starts_with_the_pickers_keys() -> None:
    """A new user pressed ? on the routine list and found only the session's keys. There `?`
    is typed into the filter now, and f1 (shown in the footer) opens the help."""
    app = make_app(FakeClock())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        first = shown_text(app.screen.query_one("#help-first", Static))
        assert first.startswith("Picking a routine")
        assert "f2        history: calendar" in first
        assert "f4        edit the routine" in first and "f6  f8    rename or delete" in first
        second = shown_text(app.screen.query_one("#help-second", Static))
        assert second.startswith("Keys during a session")


async def test_a_long_help_line_wraps_under_its_own_description() -> None:
    """Continuation lines started at the left edge, under the keys."""
    app = make_app(FakeClock())
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        lines = shown_text(app.screen.query_one("#help-second", Static)).splitlines()
        [skip] = [index for index, line in enumerate(lines) if line.startswith("n  →")]
        assert lines[skip + 1].startswith(" " * 10) and lines[skip + 1].strip()


def shown_text(static: Static) -> str:
    """What a Static shows, as plain text at its width."""
    from rich.console import Console

    console = Console(width=static.content_region.width or 80, record=True, file=io.StringIO())
    console.print(static.content)
    return console.export_text()


async def test_back_undoes_the_last_set_and_skip_logs_a_skipped_one() -> None:
    clock = FakeClock()
    app = make_app(clock, ROUTINE_ID)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_session(pilot)
        await pilot.press("space", "space", "space", "enter")
        await repaint(pilot)
        assert screen.engine.view().phase is Phase.REST
        await pilot.press("b")
        await repaint(pilot)
        assert screen.engine.results == []
        assert states(screen)[0] is SetState.CURRENT
        assert text(screen, "#status") == "REPS · Clamshell taps · set 1/1 · 0/5 reps"
        await pilot.press("n")
        await repaint(pilot)
        skipped = screen.engine.results[0]
        assert (skipped.exercise, skipped.skipped) == ("Clamshell taps", True)
        assert text(screen, "#status") == "REST · Tempo bridge · set 1/1 · 0:20 left"
        # In a rest, skip means the set coming up.
        await pilot.press("right")
        await repaint(pilot)
        assert states(screen)[:3] == [SetState.SKIPPED, SetState.SKIPPED, SetState.CURRENT]
        assert text(screen, "#status") == "REST · next LEFT · Side plank · set 1/1 · 0:15 left"
        await pilot.press("left")
        await repaint(pilot)
        assert states(screen)[:2] == [SetState.SKIPPED, SetState.CURRENT]
        assert text(screen, "#status") == "GET READY · Tempo bridge · set 1/1 · 0:03 left"


async def test_plus_and_minus_move_a_countdown_by_ten_seconds() -> None:
    clock = FakeClock()
    app = make_app(clock, ROUTINE_ID)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_session(pilot)
        await pilot.press("enter")  # check the rep set off: rest 0:20
        await repaint(pilot)
        await pilot.press("plus")
        await repaint(pilot)
        assert screen.engine.view().remaining == 30.0
        assert text(screen, "#status") == "REST · Tempo bridge · set 1/1 · 0:30 left"
        await pilot.press("minus", "minus")
        await repaint(pilot)
        assert screen.query_one("#timer", BigTime).value == "0:10"
        await let_pass(pilot, clock, 10)
        assert screen.engine.view().phase is Phase.GET_READY


async def test_space_pauses_a_hold_and_time_stands_still_while_paused() -> None:
    clock = FakeClock()
    app = make_app(clock, ROUTINE_ID)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _left_hold(pilot, clock, held=6)
        await pilot.press("space")
        await repaint(pilot)
        assert screen.engine.view().paused
        assert text(screen, "#status") == "PAUSED HOLD · LEFT · Side plank · set 1/1 · 0:14 left"
        assert text(screen, "#banner") == "‖ PAUSED ‖"
        clock.advance(60)  # paused, so one jump is no suspend
        await repaint(pilot)
        assert screen.engine.view().remaining == 14.0
        assert screen.query_one("#timer", BigTime).value == "0:14"
        await pilot.press("p")
        await let_pass(pilot, clock, 4)
        assert text(screen, "#status") == "HOLD · LEFT · Side plank · set 1/1 · 0:10 left"


async def test_the_footer_offers_plus_one_rep_only_while_counting_reps() -> None:
    clock = FakeClock()
    app = make_app(clock, ROUTINE_ID)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_session(pilot)
        assert screen.check_action("tap", ()) is True
        await pilot.press("p")
        await repaint(pilot)
        assert screen.check_action("tap", ()) is False
        assert space_means(screen) == "Resume"
        await pilot.press("p", "enter")
        await repaint(pilot)
        for phase in (Phase.REST, Phase.GET_READY, Phase.REPS):
            assert screen.engine.view().phase is phase
            assert screen.check_action("tap", ()) is False
            assert space_means(screen) == "Pause"
            await pilot.press("enter")
            await repaint(pilot)


async def _left_hold(pilot: Pilot[None], clock: FakeClock, held: float) -> SessionScreen:
    """Start the session and jump to the side plank's left hold, `held` seconds in."""
    screen = await open_session(pilot)
    await pilot.press("n", "n")  # skip both rep sets: now the rest before the side plank
    await repaint(pilot)
    await pilot.press("enter", "enter")  # end the rest, then the get-ready
    await repaint(pilot)
    assert screen.engine.view().phase is Phase.HOLD
    await let_pass(pilot, clock, held)
    return screen


# -- small and odd windows ----------------------------------------------------------------------


def assert_on_screen(pilot: Pilot[None], selector: str) -> None:
    """The widget is displayed, inside the window, and nothing covers its first cell."""
    screen = pilot.app.screen
    widget = screen.query_one(selector)
    width, height = screen.size
    region = widget.region
    assert widget.display and region.width > 0 and region.height > 0, f"{selector} not shown"
    assert region.right <= width and region.bottom <= height, (
        f"{selector} is outside {width}×{height}"
    )
    assert screen.get_widget_at(region.x, region.y)[0] is widget, f"{selector} is covered"


async def test_at_60_by_20_the_session_is_usable_and_c_toggles_the_cues() -> None:
    clock = FakeClock()
    app = make_app(clock, ROUTINE_ID)
    async with app.run_test(size=(60, 20)) as pilot:
        screen = await _left_hold(pilot, clock, held=11)
        assert_on_screen(pilot, "#status")
        assert_on_screen(pilot, "#timer")
        assert text(screen, "#status") == "HOLD · LEFT · Side plank · set 1/1 · 0:09 left"
        assert screen.query_one("#timer", BigTime).glyph_height >= 3
        cues = screen.query_one("#cues", CuePanel)
        assert cues.fired == "Lift the top hip higher"
        assert not cues.region, "the cue panel starts hidden on a small window"
        await pilot.press("c")
        await pilot.pause()
        assert_on_screen(pilot, "#cues")
        assert_on_screen(pilot, "#status")
        assert_on_screen(pilot, "#timer")
        await pilot.press("c")
        await pilot.pause()
        assert not cues.region


async def test_at_40_by_12_nothing_crashes_and_the_status_line_shows() -> None:
    clock = FakeClock()
    app = make_app(clock, ROUTINE_ID)
    async with app.run_test(size=(40, 12)) as pilot:
        screen = await open_session(pilot)
        assert_on_screen(pilot, "#status")
        await pilot.press("space", "enter")
        await repaint(pilot)
        assert_on_screen(pilot, "#status")
        # 38 cells inside the padding: the set's place gives way, never the time.
        assert text(screen, "#status") == "REST · Tempo bridge · 0:20 left"
        await pilot.press("n", "enter", "enter")
        await let_pass(pilot, clock, 11)
        assert screen.engine.view().phase is Phase.HOLD
        assert text(screen, "#status") == "HOLD · LEFT · Side plank · 0:09 left"
        assert_on_screen(pilot, "#status")
        assert_on_screen(pilot, "#timer")
        await pilot.press("c", "question_mark")
        await pilot.pause()
        await pilot.press("escape", "q")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)


async def test_resizing_mid_hold_keeps_the_session_state() -> None:
    clock = FakeClock()
    app = make_app(clock, ROUTINE_ID)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _left_hold(pilot, clock, held=7)
        before = (screen.engine.view(), screen.engine.results)
        status = text(screen, "#status")
        assert status == "HOLD · LEFT · Side plank · set 1/1 · 0:13 left"
        for width, height in ((60, 20), (40, 12), (120, 35), (100, 30)):
            await pilot.resize_terminal(width, height)
            await repaint(pilot)
            assert app.screen is screen
            assert (screen.engine.view(), screen.engine.results) == before
            # At 40 columns the set's place gives way; the rest reads the same.
            narrow = "HOLD · LEFT · Side plank · 0:13 left"
            assert text(screen, "#status") == (narrow if width == 40 else status)
            assert_on_screen(pilot, "#status")
        await let_pass(pilot, clock, 3)
        assert screen.query_one("#cues", CuePanel).fired == "Lift the top hip higher"
        assert text(screen, "#status") == "HOLD · LEFT · Side plank · set 1/1 · 0:10 left"


@pytest.mark.parametrize(("size", "at_least"), [((120, 35), 7), ((80, 24), 5)])
async def test_the_hold_timer_is_tall_enough_to_read_from_the_mat(
    size: tuple[int, int], at_least: int
) -> None:
    clock = FakeClock()
    app = make_app(clock, ROUTINE_ID)
    async with app.run_test(size=size) as pilot:
        screen = await _left_hold(pilot, clock, held=2)
        timer = screen.query_one("#timer", BigTime)
        assert timer.value == "0:18"
        assert timer.glyph_height >= at_least, f"{timer.glyph_height} rows at {size}"


# -- regressions: both failed before 55c3b80 and were strict xfails until it fixed them ----------


@pytest.mark.parametrize("size", [(100, 30), (60, 20), (40, 12)])
async def test_a_cue_toast_never_covers_the_status_line(size: tuple[int, int]) -> None:
    clock = FakeClock()
    app = make_app(clock, ROUTINE_ID)
    async with app.run_test(size=size, notifications=True) as pilot:
        screen = await _left_hold(pilot, clock, held=11)
        await pilot.pause()  # the toast rack shows new toasts on the next idle
        assert screen.query_one("#cues", CuePanel).fired == "Lift the top hip higher"
        assert screen.query("Toast"), "the at cue's toast is up"
        status = screen.query_one("#status", OneLine)
        region = status.region
        covered = [
            x
            for x in range(region.x, region.right)
            if screen.get_widget_at(x, region.y)[0] is not status
        ]
        assert not covered, f"columns {covered[0]}–{covered[-1]} of the status line are covered"


async def test_a_hold_paused_after_a_suspend_shows_the_paused_banner(
    hiptimer_home: Path,
) -> None:
    (hiptimer_home / "config.toml").write_text('after_suspend = "pause"\n', encoding="utf-8")
    clock = FakeClock()
    app = make_app(clock, ROUTINE_ID)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _left_hold(pilot, clock, held=4)
        clock.advance(600)  # the laptop slept mid-hold
        await repaint(pilot)
        assert screen.engine.view().paused
        assert text(screen, "#status") == "PAUSED HOLD · LEFT · Side plank · set 1/1 · 0:16 left"
        assert text(screen, "#banner") == "‖ PAUSED ‖"
        assert screen.query_one("#timer").has_class("-paused")


async def test_a_adds_a_round_to_a_circuit_and_says_round(hiptimer_home: Path) -> None:
    """A new user pressed `a` in a circuit and was told "One more set added." for a round."""
    (hiptimer_home / "routines" / "circuit-test.toml").write_text(
        'name = "Circuit test"\n\n[[block]]\nstyle = "circuit"\nrounds = "1..2"\n\n'
        '[[block.exercise]]\nname = "Clamshell"\nreps = 5\n',
        encoding="utf-8",
    )
    clock = FakeClock()
    app = make_app(clock, "circuit-test")
    told: list[str] = []
    async with app.run_test(size=(100, 30)) as pilot:
        app.notify = lambda message, **_: told.append(str(message))  # type: ignore[method-assign]
        await pilot.pause()
        await pilot.press("enter")
        await repaint(pilot)
        screen = session(pilot)
        assert "round 1/1" in text(screen, "#status")
        await pilot.press("a")
        await repaint(pilot)
        assert told == ["One more round added."]
        assert "round 1/2" in text(screen, "#status")
        await pilot.press("a")
        assert told[-1] == "No more rounds to add: this circuit's range is full."


async def test_the_summary_fits_the_result_and_target_beside_a_long_name(
    hiptimer_home: Path,
) -> None:
    """At 100 columns a new user found the Target column cut to "max h" and "3–6 r"."""
    name = "Single-leg runner's stance knee push into wall"
    (hiptimer_home / "routines" / "long-summary.toml").write_text(
        f'name = "Long summary"\n\n[[block]]\nstyle = "circuit"\nrounds = 3\n\n'
        f'[[block.exercise]]\nname = "{name}"\nreps = "3..6"\n'
        'sides = ["clockwise", "counter-clockwise"]\n',
        encoding="utf-8",
    )
    clock = FakeClock()
    app = make_app(clock, "long-summary")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await repaint(pilot)
        await pilot.press("space", "space", "space", "enter", "q", "y")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        table = app.screen.query_one(DataTable)
        assert table.virtual_size.width <= table.size.width, "the table scrolls sideways"
        first = [str(cell) for cell in table.get_row_at(0)]
        assert first[1].startswith("Single-leg runner") and first[1].endswith("…")
        assert first[3:] == ["CLOCKWISE", "3 reps", "3 reps"]  # the coach runs 3..6 at 3
        await pilot.resize_terminal(160, 40)
        await pilot.pause()
        assert str(table.get_row_at(0)[1]) == name  # room again: the whole name


@pytest.mark.parametrize("key", ["q", "question_mark"])
async def test_time_stands_still_while_the_quit_dialog_or_the_help_is_open(key: str) -> None:
    """A switch or rest ran out behind the quit dialog, and behind the help."""
    clock = FakeClock()
    app = make_app(clock, ROUTINE_ID)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_session(pilot)
        await pilot.press("space", "enter")  # one rep, checked off: the 20 s rest
        await repaint(pilot)
        await let_pass(pilot, clock, 5.0)
        assert screen.engine.view().phase is Phase.REST
        await pilot.press(key)
        await pilot.pause()
        assert app.screen is not screen
        clock.advance(60.0)  # reading, or deciding
        await pilot.pause()
        screen.engine.update()
        view = screen.engine.view()
        assert view.phase is Phase.REST and view.remaining == pytest.approx(15.0)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        await repaint(pilot)
        assert not screen.engine.view().paused
        assert "REST" in text(screen, "#banner") and "PAUSED" not in text(screen, "#banner")
        await let_pass(pilot, clock, 4.0)
        assert screen.engine.view().remaining == pytest.approx(11.0)


def test_the_summary_says_complete_only_when_no_set_was_skipped() -> None:
    """It said "✔ Session complete" when most sets were skipped."""
    from hiptimer.screens.summary import summary_heading

    assert summary_heading(5, 0, reached_end=True) == "✔ Session complete"
    assert summary_heading(1, 4, reached_end=True) == "✘ Session over, most sets skipped"
    assert summary_heading(4, 1, reached_end=True) == "✔ Session done, some sets skipped"
    assert summary_heading(0, 0, reached_end=False) == "‖ Session ended early"


def test_the_summary_does_not_call_sets_held_a_second_complete() -> None:
    """Two 2:00 holds ended after 0:01 each were "✔ Session complete"."""
    from hiptimer.screens.summary import summary_heading

    assert summary_heading(2, 0, reached_end=True, short=2) == (
        "◐ Session done, most sets short of their target"
    )
    assert summary_heading(4, 0, reached_end=True, short=1) == "✔ Session done, some sets short"
    assert summary_heading(4, 0, reached_end=True, short=0) == "✔ Session complete"


async def test_a_session_of_skips_is_not_called_complete() -> None:
    clock = FakeClock()
    app = make_app(clock, ROUTINE_ID)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_session(pilot)
        for _ in range(12):
            if not isinstance(app.screen, SessionScreen):
                break
            await pilot.press("n")
            await pilot.pause()
        await pilot.pause()
        summary = app.screen
        assert isinstance(summary, SummaryScreen), screen.engine.view()
        title = text(summary, "#summary-title")
        assert "Session complete" not in title and "most sets skipped" in title
