"""The weight a runner lifts: entered once on the preview, kept with each loaded set, changed
per set on the summary; a typo is told, never saved."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from textual.widgets import Input, Static

from hiptimer import paths
from hiptimer.domain import FakeClock
from hiptimer.screens import PreviewScreen
from hiptimer.screens.summary import SummaryScreen
from tests.test_session_flow import make_app, repaint

ROUTINE = """\
name = "Load test"
get_ready = "0s"

[[exercise]]
name = "Goblet squat"
reps = 3
load = "kettlebell"
"""


@pytest.fixture(autouse=True)
def load_routine(hiptimer_home: Path) -> None:
    folder = hiptimer_home / "routines"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "load-test.toml").write_text(ROUTINE, encoding="utf-8")


def logged_weights() -> list[tuple[float | None, str | None]]:
    with sqlite3.connect(paths.history_file()) as connection:
        return list(connection.execute("SELECT weight, weight_unit FROM set_result"))


async def test_the_weight_entered_on_the_preview_is_kept_with_the_set_and_changed_after(
    hiptimer_home: Path,
) -> None:
    app = make_app(FakeClock(), "load-test")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PreviewScreen)
        await pilot.press("l")
        assert app.screen.query_one("#weight", Input).has_focus
        await pilot.press(*"12.5", "enter")
        await pilot.pause()
        line = str(app.screen.query_one("#weight-line", Static).render())
        assert line == "Weight today: 12.5 (logged with each loaded set; l changes it)"
        await pilot.press("enter")  # start
        await repaint(pilot)
        await pilot.press("space", "space", "space", "enter")
        await repaint(pilot)
        assert isinstance(app.screen, SummaryScreen)
        assert logged_weights() == [(12.5, "kg")]

        await pilot.press("enter", "enter")  # skip the effort and pain questions
        await pilot.press("l")
        await pilot.pause()
        field = app.screen.query_one("#set-weight", Input)
        assert field.has_focus
        await pilot.press(*"14", "enter")
        await pilot.pause()
        assert not field.display
        told = [notice.message for notice in app._notifications]
        assert "Goblet squat, both sides: 14 kg" in told
    assert logged_weights() == [(14.0, "kg")]


async def test_a_weight_that_is_no_number_is_told_and_nothing_changes(
    hiptimer_home: Path,
) -> None:
    app = make_app(FakeClock(), "load-test")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("l", *"heavy", "enter")
        await pilot.pause()
        line = app.screen.query_one("#weight-line", Static)
        assert line.display and "heavy" in str(line.render())
        assert app.screen.query_one("#weight", Input).display  # still there to correct
        await pilot.press(*["backspace"] * 5, *"8", "enter")
        await pilot.pause()
        assert str(line.render()).startswith("Weight today: 8 ")
