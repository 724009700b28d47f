"""The settings screen as a runner uses it: change, save, refuse a bad value, leave; and its looks."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.color import Color
from textual.pilot import Pilot
from textual.widgets import Input, Label, Select, Static, Switch

from hiptimer.app import HipTimerApp
from hiptimer.domain import FakeClock
from hiptimer.screens import PickerScreen
from hiptimer.screens.settings import SettingsScreen
from hiptimer.settings import load_settings

SnapCompare = Callable[..., bool]
SIZE = (100, 44)

HAND_WRITTEN = """\
# my settings, written by hand
sessions_per_week = 4
sound = true
"""


def make_app() -> HipTimerApp:
    return HipTimerApp(mute=True)


async def open_settings(pilot: Pilot[None]) -> SettingsScreen:
    await pilot.pause()
    pilot.app.action_open_settings()  # type: ignore[attr-defined]
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, SettingsScreen), f"expected the settings, got {screen!r}"
    return screen


async def type_into(pilot: Pilot[None], field: Input, text: str) -> None:
    """Replace a field's text the way a person does: focus, delete what is there, type."""
    field.focus()
    await pilot.press("end", *["backspace"] * len(field.value), *text)


def toasts(pilot: Pilot[None]) -> list[str]:
    return [str(toast.render()) for toast in pilot.app.screen.query("Toast")]


async def test_changing_two_values_saves_them_to_config_toml_and_applies_them(
    hiptimer_home: Path,
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_settings(pilot)
        assert screen.query_one("#sound", Switch).value is True
        await pilot.click("#sound")
        await type_into(pilot, screen.query_one("#sessions_per_week", Input), "5")
        await pilot.press("ctrl+s")
        await pilot.pause()

        config = hiptimer_home / "config.toml"
        text = config.read_text(encoding="utf-8")
        assert "sound = false" in text
        assert "sessions_per_week = 5" in text
        saved, problems = load_settings(config)
        assert problems == []
        assert (saved.sound, saved.weekly_goal, saved.voice, saved.rest) == (False, 5, False, 60)
        assert app.service.settings == saved
        assert app.service.cue_alerts.settings.sound is False
        assert isinstance(app.screen, PickerScreen)
        assert f"Settings saved to {config}" in " ".join(toasts(pilot))


async def test_a_theme_chosen_in_the_form_applies_at_once_and_is_saved(
    hiptimer_home: Path,
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        assert app.theme == "hiptimer"
        screen.query_one("#theme", Select).value = "nord"
        await pilot.click("#save")
        await pilot.pause()
        assert app.theme == "nord"
        assert load_settings(hiptimer_home / "config.toml")[0].theme == "nord"


async def test_a_weekly_goal_of_zero_is_refused_with_a_message_and_the_file_is_untouched(
    hiptimer_home: Path,
) -> None:
    config = hiptimer_home / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(HAND_WRITTEN, encoding="utf-8")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        goal = screen.query_one("#sessions_per_week", Input)
        assert goal.value == "4"
        await type_into(pilot, goal, "0")
        await pilot.press("ctrl+s")
        await pilot.pause()

        assert app.screen is screen
        message = str(screen.query_one("#settings-problem", Static).content)
        assert message.startswith("✘ Sessions a week:")
        assert "from 1 to 14" in message and "Nothing was saved" in message
        assert goal.has_class("-invalid") and goal.has_focus
        assert config.read_text(encoding="utf-8") == HAND_WRITTEN
        assert app.service.settings.weekly_goal == 4


async def test_a_duration_that_is_not_one_names_the_field_and_shows_an_example(
    hiptimer_home: Path,
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        await type_into(pilot, screen.query_one("#rest", Input), "a while")
        await pilot.press("ctrl+s")
        await pilot.pause()
        message = str(screen.query_one("#settings-problem", Static).content)
        assert message.startswith('✘ Rest: "a while" is not a duration; write "45s"')
        assert not (hiptimer_home / "config.toml").exists()


async def test_escape_leaves_without_saving(hiptimer_home: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        await pilot.click("#voice")
        await type_into(pilot, screen.query_one("#sessions_per_week", Input), "7")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        assert not (hiptimer_home / "config.toml").exists()
        settings = app.service.settings
        assert (settings.voice, settings.weekly_goal) == (False, 4)  # in season's own


async def test_a_theme_picked_from_the_palette_persists(hiptimer_home: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not (hiptimer_home / "config.toml").exists()
        app.theme = "gruvbox"  # what the palette's theme picker does
        await pilot.pause()
    assert load_settings(hiptimer_home / "config.toml")[0].theme == "gruvbox"
    again = make_app()
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert again.theme == "gruvbox"


async def test_an_unknown_theme_falls_back_without_rewriting_the_file(hiptimer_home: Path) -> None:
    config = hiptimer_home / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('theme = "no-such-theme"\n', encoding="utf-8")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == "hiptimer"
    assert config.read_text(encoding="utf-8") == 'theme = "no-such-theme"\n'


async def test_the_keymap_line_lists_the_session_binding_ids() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        note = str(screen.query_one("#keymap-note", Static).render())
        assert "config.toml" in note and "[keymap]" in note
        for binding_id in ("session.skip", "session.pause", "session.done", "session.quit"):
            assert binding_id in note


async def test_the_form_says_rest_and_switch_are_defaults_a_routine_overrides() -> None:
    # A routine's 0:15 rest runs though the form says 1:00: the form must say why.
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        note = str(screen.query_one("#defaults-note", Static).render())
        assert "defaults" in note and "own times" in note
        rows = [str(row.query_one(Label).render()) for row in screen.query(".setting")]
        assert rows.index("Rest") + 1 == rows.index("Seconds per rep")
        assert screen.query_one("#defaults-note").region.y > screen.query_one("#rest").region.y


def test_snapshot_of_the_settings_screen(snap_compare: SnapCompare) -> None:
    clock = FakeClock()
    app = HipTimerApp(mute=True, clock=clock, wall_clock=clock.wall)

    async def open_it(pilot: Pilot[None]) -> None:
        await open_settings(pilot)

    run_before: Callable[[Pilot[None]], Awaitable[None]] = open_it
    assert snap_compare(app, run_before=run_before, terminal_size=SIZE)


@pytest.mark.parametrize("theme", ["nord", "textual-light"])
async def test_a_saved_theme_colours_the_first_screen_and_the_later_ones(
    hiptimer_home: Path, theme: str
) -> None:
    """A dark theme is applied before the stylesheet is first read, a light one by the watcher:
    either way the picker, and a screen whose styles load later, wear its background."""
    config = hiptimer_home / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(f'theme = "{theme}"\n', encoding="utf-8")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        expected = Color.parse(app.get_theme(theme).background or "")  # type: ignore[union-attr]
        assert isinstance(app.screen, PickerScreen)
        assert app.screen.styles.background == expected
        await open_settings(pilot)
        assert app.screen.styles.background == expected
        assert app.has_class(f"-theme-{theme}")
