"""The command palette and the picker's list: the page keys move the highlight, at any size."""

from __future__ import annotations

from textual.command import CommandList

from hiptimer.alerts import CueAlerts
from hiptimer.app import HipTimerApp
from hiptimer.screens import CommandPalette, PickerScreen
from hiptimer.settings import Settings
from tests.waiting import until


def quiet_app() -> HipTimerApp:
    return HipTimerApp(cue_alerts=CueAlerts(Settings(sound=False)))


def palette_list(app: HipTimerApp) -> CommandList:
    return app.screen.query_one(CommandList)


async def test_page_keys_page_through_the_palette() -> None:
    app = quiet_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p")
        await until(pilot, lambda: palette_list(app).option_count > 10, "the palette's commands")
        commands = palette_list(app)
        await pilot.press("pagedown")
        paged = commands.highlighted
        assert paged is not None and paged > 1, "PageDown moves a page, not one command"
        await pilot.press("pageup")
        assert commands.highlighted == 0
        await pilot.press("end", "home", "pagedown")
        assert commands.highlighted == paged
        assert isinstance(app.screen, CommandPalette)


async def test_page_keys_on_a_filtered_and_an_empty_palette() -> None:
    app = quiet_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p", *"routine")
        await until(pilot, lambda: palette_list(app).option_count > 1, "the routine commands")
        await pilot.press("pagedown", "pageup", "end", "home")
        await pilot.press(*"zzzq", "pagedown", "pageup", "pagedown")
        assert isinstance(app.screen, CommandPalette)
    assert app.return_code in (None, 0)


async def test_page_down_in_a_palette_three_rows_high_moves_one_command() -> None:
    """The palette's list has no rows on screen: Textual's own page move raised KeyError."""
    app = quiet_app()
    async with app.run_test(size=(80, 3)) as pilot:
        await pilot.press("ctrl+p")
        await until(pilot, lambda: palette_list(app).option_count > 1, "the palette's commands")
        await until(pilot, lambda: palette_list(app).highlighted == 0, "the first command lit")
        await pilot.press("pagedown")
        assert palette_list(app).highlighted == 1
        await pilot.press("pageup", "pageup")
        assert palette_list(app).highlighted == 0
        assert isinstance(app.screen, CommandPalette)


async def test_page_down_in_a_picker_too_short_to_show_its_list() -> None:
    """At 60x12 the filter and the card take every row; PageDown stopped the app."""
    app = quiet_app()
    async with app.run_test(size=(60, 12)) as pilot:
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, PickerScreen)
        before = picker.routines.highlighted or 0
        await pilot.press("pagedown")
        assert picker.routines.highlighted == before + 1
        await pilot.press("pageup")
        assert picker.routines.highlighted == before
        assert app.screen is picker
