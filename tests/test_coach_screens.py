"""The coach in the app: today's card on the picker opens today's targets, the summary's one-key
questions reach the history, and the next launch asks once how the pain is now."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import OptionList, Static

from hiptimer.alerts import CueAlerts
from hiptimer.app import HipTimerApp
from hiptimer.cli import main
from hiptimer.domain.history import HistoryStore
from hiptimer.screens.pain_check import PainCheckDialog, score_of_key
from hiptimer.settings import Settings
from tests.test_cli_coach import couch_session, write_export
from tests.test_session_flow import flow_routine  # noqa: F401  (the fixture, for the summary test)


def quiet_app() -> HipTimerApp:
    return HipTimerApp(cue_alerts=CueAlerts(Settings(sound=False)))


def seed(home: Path, *sessions: dict[str, object]) -> None:
    home.mkdir(parents=True, exist_ok=True)
    assert main(["import", str(write_export(home / "seed.json", *sessions))]) == 0
    # In season the plan alternates the in-season session and the couch stretch.
    (home / "config.toml").write_text('season = "in-season"\n', encoding="utf-8")


def in_season_session(days_ago: int) -> dict[str, object]:
    session = couch_session(days_ago, 60, 60)
    session["routine_id"] = "in-season"
    for item in session["sets"]:  # type: ignore[attr-defined]
        item["exercise"] = "Side plank"
    return session


async def test_the_card_opens_today_with_the_raised_target(hiptimer_home: Path) -> None:
    seed(
        hiptimer_home, couch_session(5, 121, 120), couch_session(4, 125, 122), in_season_session(3)
    )
    app = quiet_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        card = str(app.screen.query_one("#today-card", Static).render())
        assert card.startswith("Today: Couch stretch")
        assert (
            "Couch stretch, level 1 · 2:15 per side (up from 2:00: you held 2:00 on both sides "
            "twice)" in card
        )
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "PreviewScreen"
        hold = app.screen.loaded.routine.exercises[0].hold  # type: ignore[attr-defined]
        assert hold is not None and (hold.low, hold.high) == (135, 135)


def test_a_one_key_answer_covers_the_whole_scale() -> None:
    assert [score_of_key(key, low=1) for key in "1590+"] == [1, 5, 9, 10, 10]
    assert [score_of_key(key, low=0) for key in ("0", "6", "+", "x")] == [0, 6, 10, None]


async def test_the_next_launch_asks_once_how_the_pain_is_now(hiptimer_home: Path) -> None:
    session = couch_session(1, 120, 120)
    seed(hiptimer_home, session)
    store, _ = HistoryStore.open()
    with store:
        [summary] = store.sessions()
        store.answer(summary.id, pain=4)
    app = quiet_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PainCheckDialog)
        await pilot.press("2")
        await pilot.pause()
        assert not isinstance(app.screen, PainCheckDialog)
    store, _ = HistoryStore.open()
    with store:
        record = store.session(summary.id)
        assert record is not None and record.pain_after == 2
        assert store.pain_to_follow_up() is None


async def test_the_history_screen_shows_each_ladder_and_what_moves_it(hiptimer_home: Path) -> None:
    seed(hiptimer_home, couch_session(5, 121, 120), couch_session(4, 125, 122))
    app = quiet_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f2")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        ladders = str(app.screen.query_one("#ladders", Static).render())
    assert (
        "Couch stretch, level 1 (rung 1 of 3) · next 2:15 per side · to move up: hold 2:15 on "
        "both sides twice to go up 0:15" in ladders
    )


async def test_the_summary_keeps_effort_and_pain_with_one_key_each(hiptimer_home: Path) -> None:
    """The flow test's own routine (its autouse fixture, imported above) runs two reps."""
    from hiptimer.domain import FakeClock
    from hiptimer.screens.summary import SummaryScreen
    from tests.test_session_flow import ROUTINE_ID, make_app, open_session, repaint

    app = make_app(FakeClock(), ROUTINE_ID)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(pilot)
        await pilot.press("space", "space", "enter")
        await repaint(pilot)
        await pilot.press("q", "y")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        questions = app.screen.query_one("#summary-questions", Static)
        # Both scales take + for 10, so the runner learns one key.
        assert "How hard was it? Effort 1–9, + for 10" in str(questions.render())
        await pilot.press("plus", "6")
        await pilot.pause()
        assert str(questions.render()).startswith("✔ Kept: effort 10/10 · pain 6/10")
    store, _ = HistoryStore.open()
    with store:
        [summary] = store.sessions()
        record = store.session(summary.id)
    assert record is not None and (record.effort, record.pain) == (10, 6)


async def test_a_spare_enter_from_the_last_set_skips_no_question(hiptimer_home: Path) -> None:
    from hiptimer.domain import FakeClock
    from hiptimer.screens.summary import SPARE_ENTER_SECONDS, SummaryScreen
    from tests.test_session_flow import ROUTINE_ID, make_app, open_session, repaint

    clock = FakeClock()
    app = make_app(clock, ROUTINE_ID)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(pilot)
        await pilot.press("space", "space", "enter")
        await repaint(pilot)
        await pilot.press("q", "y", "enter", "enter")  # Enter pressed twice more, by habit
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        questions = app.screen.query_one("#summary-questions", Static)
        assert str(questions.render()).startswith("How hard was it?")
        clock.advance(SPARE_ENTER_SECONDS)
        await pilot.press("enter")  # now it is meant: the effort question is skipped
        await pilot.pause()
        assert str(questions.render()).startswith("Any pain during it?")


async def test_on_a_rest_day_the_list_row_says_rest_day_as_the_card_does(
    hiptimer_home: Path,
) -> None:
    seed(hiptimer_home, couch_session(0, 120, 120))  # today's session is done
    app = quiet_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        card = str(app.screen.query_one("#today-card", Static).render())
        assert card.startswith("Rest day (done for today)")
        row = str(app.screen.query_one("#routines", OptionList).get_option_at_index(0).prompt)
        assert row.startswith("▷ Next (rest day): ")
        detail = str(app.screen.query_one("#detail", Static).render())
        assert "Enter opens the next session anyway" in detail
        assert "Today:" not in row


def painted(widget: Static) -> str:
    """What the widget paints in its region: a line cut by the region is not in it."""
    from textual.geometry import Region

    strips = widget.render_lines(Region(0, 0, widget.size.width, widget.size.height))
    return "\n".join(strip.text for strip in strips)


@pytest.mark.parametrize("size", [(60, 20), (80, 24), (200, 60)])
async def test_the_card_shows_every_exercise_of_today_at_every_size(
    hiptimer_home: Path, size: tuple[int, int]
) -> None:
    # After a couch stretch day the plan's next session is the in-season one: many exercises.
    seed(hiptimer_home, in_season_session(3), couch_session(2, 121, 120))
    app = quiet_app()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        today = app.service.today()
        assert today is not None
        names = [line.name for line in today[0].lines]
        assert len(names) > 3
        screen = app.screen
        [shown_card] = [
            card for card in screen.query(".today-card").results(Static) if card.region.height
        ]
        shown = painted(shown_card)
        assert "Today: In-season" in shown
        for name in names:
            assert name in shown, f"{name!r} cut at {size}"


def preview_text(app: HipTimerApp) -> tuple[float | None, str]:
    """The couch stretch hold the preview would run, and its line saying whose dose it is."""
    from hiptimer.screens.preview import PreviewScreen

    screen = app.screen
    assert isinstance(screen, PreviewScreen)
    hold = screen.todays.routine.exercises[0].hold
    assert hold is not None and hold.low == hold.high  # one dose, not the file's range
    return hold.low, str(screen.query_one("#dose-source", Static).render())


async def test_run_id_opens_the_preview_at_the_coachs_target_and_says_so(
    hiptimer_home: Path,
) -> None:
    """`hiptimer run couch-stretch` opened the file's 2m..3m range, whatever the log said."""
    seed(hiptimer_home, couch_session(5, 121, 120), couch_session(4, 125, 122))
    app = HipTimerApp(cue_alerts=CueAlerts(Settings(sound=False)), routine="couch-stretch")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        hold, source = preview_text(app)
    assert hold == 135  # 2:15, the step up `hiptimer today` prints
    assert source == "Dose: today's targets from your log (as `hiptimer today` gives them)"


async def test_the_palettes_start_command_runs_the_coachs_target(hiptimer_home: Path) -> None:
    seed(hiptimer_home, couch_session(5, 121, 120), couch_session(4, 125, 122))
    app = quiet_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.press(*"routine: start couch stretch")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        hold, source = preview_text(app)
    assert hold == 135
    assert "from your log" in source


async def test_a_routine_from_the_list_with_nothing_logged_starts_at_the_bottom(
    hiptimer_home: Path,
) -> None:
    app = quiet_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.open_preview("couch-stretch")
        await pilot.pause()
        hold, source = preview_text(app)
    assert hold == 120
    assert source == "Dose: today's targets, the bottom of each range (nothing logged yet)"


async def test_a_routine_with_nothing_to_progress_says_it_runs_the_files_dose(
    hiptimer_home: Path,
) -> None:
    from hiptimer.screens.preview import PreviewScreen

    app = quiet_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.open_preview("pre-run")
        await pilot.pause()
        assert isinstance(app.screen, PreviewScreen)
        source = str(app.screen.query_one("#dose-source", Static).render())
    assert source == "Dose: the file's, as written (nothing in it progresses)"


async def test_the_today_card_opens_a_preview_that_names_the_plan(hiptimer_home: Path) -> None:
    seed(
        hiptimer_home, couch_session(5, 121, 120), couch_session(4, 125, 122), in_season_session(3)
    )
    app = quiet_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        hold, source = preview_text(app)
    assert hold == 135
    assert source.startswith("Today's session by your plan")


async def test_writing_todays_change_copies_the_file_not_the_coachs_rewrite(
    hiptimer_home: Path,
) -> None:
    """The preview runs the coach's one rung; `w` copies the built-in as its file has it, so
    the copy keeps its three levels."""
    seed(hiptimer_home, couch_session(5, 121, 120), couch_session(4, 125, 122))
    app = HipTimerApp(cue_alerts=CueAlerts(Settings(sound=False)), routine="couch-stretch")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("plus", "w")
        await pilot.pause()
        source = str(app.screen.query_one("#dose-source", Static).render())
    text = (hiptimer_home / "routines" / "my-couch-stretch.toml").read_text(encoding="utf-8")
    assert text.count("[[exercise.rung]]") == 3
    assert 'name = "Couch stretch, level 3"' in text
    assert source == "Dose: your own file's, as just written"


async def test_the_picker_row_and_details_give_the_length_the_preview_gives(
    hiptimer_home: Path,
) -> None:
    """The row and the details said "29 min", the length of hip-standing's file at its
    longest, while its preview said "about 21:25", the dose that runs (each range's bottom, with
    nothing logged yet): one session, two lengths. All three are of today's dose now."""
    from hiptimer.routines import estimate_seconds, load_library

    written = load_library(None).get("hip-standing").routine
    assert round(estimate_seconds(written) / 60) == 29  # the file's own dose, as it was shown
    app = quiet_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press(*"hip-standing")
        await pilot.pause()
        options = app.screen.query_one("#routines", OptionList)
        row = str(options.get_option_at_index(0).prompt)
        detail = str(app.screen.query_one("#detail", Static).render())
        await pilot.press("enter")
        await pilot.pause()
        title = str(app.screen.query_one("#preview-title", Static).render())
    assert "about 21:25" in title
    assert row.endswith("  21 min")
    assert "About 21 min today" in detail
