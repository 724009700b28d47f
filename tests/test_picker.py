"""The routine picker: typing filters, keys open history and settings, broken files explain."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual import events
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets._footer import FooterKey

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


async def test_escape_clears_the_filter_and_f2_and_f3_open_history_and_settings() -> None:
    app = quiet_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press(*"couch", "escape")
        assert app.screen.query_one("#filter", Input).value == ""
        await pilot.press("f2")
        await pilot.pause()
        assert type(app.screen).__name__ == "HistoryScreen"
        await pilot.press("escape", "f3")
        await pilot.pause()
        assert type(app.screen).__name__ == "SettingsScreen"


@pytest.mark.parametrize("word", ["hip", "stretch", "quick", "show?"])
async def test_typing_a_word_only_filters(word: str) -> None:
    """Typing "hip" opened History (its h), "stretch" Settings (s) and "quick" quit (q)."""
    app = quiet_app()
    async with app.run_test(size=(100, 30)) as pilot:
        picker = app.screen
        await pilot.press(*word)
        await pilot.pause()
        assert app.is_running
        assert app.screen is picker
        assert picker.query_one("#filter", Input).value == word


async def test_letters_typed_faster_than_the_screen_answers_all_reach_the_filter() -> None:
    """Typed fast, "couch" became "couc": the first letter moved the focus to the filter, and
    the letters that arrived before it got there were lost."""
    app = quiet_app()
    async with app.run_test(size=(100, 30)) as pilot:
        for letter in "couch stretch":
            key = "space" if letter == " " else letter
            app.post_message(events.Key(key, letter))  # all queued before any is handled
        await pilot.pause()
        await pilot.pause()
        assert app.screen.query_one("#filter", Input).value == "couch stretch"
        assert listed(app)[0] == "couch-stretch"


async def test_the_footer_names_the_keys_that_reach_history_settings_and_quit() -> None:
    app = quiet_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        keys = {
            binding.description: key
            for key, (_, binding, enabled, _) in app.screen.active_bindings.items()
            if binding.show and enabled
        }
        assert keys["History"] == "f2"
        assert keys["Settings"] == "f3"
        assert keys["Quit"] == "ctrl+q"
        assert keys["Help"] == "f1"
        footer = app.screen.query_one(Footer)
        shown = " ".join(str(key.render()) for key in footer.query(FooterKey))
        for label in ("History", "Settings", "Quit", "Help"):
            assert label in shown
        await pilot.press("down", "down")
        assert app.screen.query_one("#routines", OptionList).highlighted == 2
        await pilot.press("f1")
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"
        await pilot.press("f1")
        await pilot.pause()
        assert type(app.screen).__name__ == "PickerScreen"
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running


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


async def test_at_80_columns_every_routine_is_one_row_with_its_length_at_the_edge() -> None:
    """At 80×24 the list was 28 columns wide and "Base-building hip circuit · 20 min" took two
    rows, so the list showed half as many routines and no lengths lined up."""
    from textual.geometry import Region

    app = quiet_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        options = app.screen.query_one("#routines", OptionList)
        region = Region(0, 0, options.size.width, options.size.height)
        # Each painted row of the list, without its border and scroll bar.
        painted = [strip.text for strip in options.render_lines(region)]
        rows = [row for text in painted if (row := re.sub("[▁-▊▎▔]", "", text).rstrip())]
    (circuit,) = [row for row in rows if "Base-building hip circuit" in row]
    assert circuit.endswith(" 20 min")
    (levels,) = [row for row in rows if row.startswith(" Couch stretch, all")]
    assert "…" in levels and levels.endswith(" 14 min")  # cut, not wrapped onto a second row
    lengths = [row for row in rows if row.endswith(" min")]
    assert len(lengths) == len(rows) - 1  # every row but today's: no row is a name's second half
    assert len({len(row) for row in lengths}) == 1  # one column of lengths


async def test_the_detail_pane_lists_the_dose_its_length_is_of() -> None:
    """It said "About 4 min today" over "Couch stretch: 2:00–3:00 hold per side": the length of
    today's 2:00 beside the file's range, and no word of which one Enter runs."""
    app = quiet_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*"couch stretch")
        await pilot.pause()
        detail = str(app.screen.query_one("#detail", Static).render())
    assert "About 4 min today" in detail
    assert "• Couch stretch: 2:00 hold per side today (the file: 2:00–3:00 hold per side)" in detail
    assert "Dose: today's targets, the bottom of each range (nothing logged yet)" in detail


async def test_the_first_frame_waits_for_no_history(
    hiptimer_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The picker's first paint opened the history (SQLite, the coach's plan) for the today card:
    time the runner waited at a blank terminal. The card comes on the first frame after it."""
    from hiptimer.service import SessionService

    order: list[str] = []
    today, ready = SessionService.today, HipTimerApp.on_ready

    def noted_today(service: SessionService) -> object:
        order.append("today")
        return today(service)

    def noted_ready(app: HipTimerApp) -> None:
        order.append("painted")
        ready(app)

    monkeypatch.setattr(SessionService, "today", noted_today)
    monkeypatch.setattr(HipTimerApp, "on_ready", noted_ready)
    app = quiet_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        card = str(app.screen.query_one("#today-brief", Static).render())
    assert order[:2] == ["painted", "today"]
    assert card.startswith("Today: In-season hip session")
