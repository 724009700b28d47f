"""The routine picker: typing filters, keys open history and settings, broken files explain."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, OptionList, Static

from hiptimer.alerts import CueAlerts
from hiptimer.app import HipTimerApp
from hiptimer.screens import PreviewScreen
from hiptimer.settings import Settings


def quiet_app(**options: object) -> HipTimerApp:
    return HipTimerApp(cue_alerts=CueAlerts(Settings(sound=False)), **options)  # type: ignore[arg-type]


def listed(app: HipTimerApp) -> list[str]:
    options = app.screen.query_one("#routines", OptionList)
    return [str(options.get_option_at_index(i).id) for i in range(options.option_count)]


async def test_typing_filters_and_enter_opens_the_preview() -> None:
    app = quiet_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press(*"couch")
        assert app.screen.query_one("#filter", Input).value == "couch"
        assert listed(app)[0] == "couch-stretch"
        assert "hip-hitch" not in listed(app)
        await pilot.press("enter")
        assert type(app.screen).__name__ == "PreviewScreen"


async def test_a_routine_named_for_what_was_typed_comes_before_ones_that_use_it() -> None:
    """A new user typed "miniband" and Enter, and got the hip loaded stage, which lists a
    miniband among its equipment and sorts first by name."""
    app = quiet_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press(*"miniband")
        shown = listed(app)
        assert shown[0] == "miniband"
        # The others still match, on their equipment, in name order after it.
        assert shown[1:] == ["hip-loaded", "hip-standing", "off-season", "pre-run"]
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PreviewScreen)
        assert app.screen.loaded.routine.name == "Miniband glute activation"


async def test_escape_clears_the_filter_and_h_and_s_open_history_and_settings() -> None:
    app = quiet_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press(*"couch", "escape")
        assert app.screen.query_one("#filter", Input).value == ""
        await pilot.press("h")
        await pilot.pause()
        assert type(app.screen).__name__ == "HistoryScreen"
        await pilot.press("escape", "s")
        await pilot.pause()
        assert type(app.screen).__name__ == "SettingsScreen"


async def test_a_broken_user_file_is_listed_with_its_problem_and_cannot_start(
    hiptimer_home: Path,
) -> None:
    folder = hiptimer_home / "routines"
    folder.mkdir(parents=True)
    (folder / "mine.toml").write_text(
        'name = "Mine"\n[[exercise]]\nname = "Bridge"\nholld = "30s"\n'
    )
    app = quiet_app()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        broken = listed(app).index("broken:0")
        app.screen.query_one("#routines", OptionList).highlighted = broken
        await pilot.pause()
        detail = str(app.screen.query_one("#detail", Static).render())
        assert "mine.toml cannot be started" in detail
        assert "unknown field `holld`: did you mean `hold`?" in detail
        await pilot.press("enter")
        assert type(app.screen).__name__ == "PickerScreen"


async def test_on_a_narrow_window_names_take_one_line_and_a_broken_file_still_explains(
    hiptimer_home: Path,
) -> None:
    """At 60 and 40 columns the detail pane squeezed the list until names wrapped, and left
    itself a word a line. There the list takes the width; Enter on a broken file says why."""
    folder = hiptimer_home / "routines"
    folder.mkdir(parents=True)
    (folder / "mine.toml").write_text('name = "Mine"\n[[exercise]]\nname = "B"\nholld = "30s"\n')
    app = quiet_app()
    told: list[str] = []
    async with app.run_test(size=(60, 20)) as pilot:
        app.notify = lambda message, **_: told.append(str(message))  # type: ignore[method-assign]
        await pilot.pause()
        screen = app.screen
        assert not screen.query_one("#detail-pane").display
        routines = screen.query_one("#routines", OptionList)
        assert routines.region.width >= 56  # the whole window, less its margin
        # One row per routine: nothing wraps.
        assert routines.virtual_size.height == routines.option_count
        routines.highlighted = listed(app).index("broken:0")
        await pilot.press("enter")
        assert "unknown field `holld`: did you mean `hold`?" in told[-1]
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert screen.query_one("#detail-pane").display
