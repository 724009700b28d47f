"""Editing from the app: F4 in the picker and `e` on the preview hand the terminal to the editor,
`+`/`-` and `w` on the preview change today's dose, and F6/F8 rename and delete own routines."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, OptionList

from hiptimer.app import HipTimerApp
from hiptimer.domain import FakeClock
from hiptimer.domain.history import HistoryStore, SessionStatus
from hiptimer.routines import Origin
from hiptimer.routines.loader import builtin_dir
from hiptimer.routines.own_files import RoutineFiles
from hiptimer.screens import PickerScreen, PreviewScreen, SessionScreen
from hiptimer.screens.delete_dialog import DeleteDialog
from hiptimer.screens.rename_dialog import RenameDialog
from tests.test_edit_flow import EDITOR, FakeEditor
from tests.test_session_flow import make_app
from tests.waiting import shown, until

WHEN = datetime(2026, 11, 20, 7, 0, tzinfo=UTC)

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="the fake editor is a POSIX script")

MINE = """\
# After an easy run. My own notes stay.
name = "Easy hips"

[[exercise]]
name = "Glute bridge"
reps = 12      # physio: 12
sets = 3
rest = "45s"   # breathe

[[exercise]]
name = "Side plank"
hold = "30s"
sides = "each"
"""


@pytest.fixture
def editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> FakeEditor:
    state = tmp_path / "editor"
    state.mkdir()
    script = state / "editor"
    script.write_text(EDITOR.format(python=sys.executable, state=str(state)), encoding="utf-8")
    script.chmod(0o755)
    monkeypatch.setenv("VISUAL", str(script))
    return FakeEditor(state, script)


@pytest.fixture(autouse=True)
def suspend_in_place(monkeypatch: pytest.MonkeyPatch) -> None:
    """A headless app cannot give a terminal away; the fake editor needs none."""

    @contextlib.contextmanager
    def suspend(self: HipTimerApp) -> Iterator[None]:
        yield

    monkeypatch.setattr(HipTimerApp, "suspend", suspend)


@pytest.fixture
def folder(hiptimer_home: Path) -> Path:
    routines = hiptimer_home / "routines"
    routines.mkdir(parents=True)
    (routines / "easy-hips.toml").write_text(MINE, encoding="utf-8")
    return routines


def app_answering(answer: bool, routine: str | None = None) -> HipTimerApp:
    """The app, whose edits are asked "open it again?" and answer so."""
    app = make_app(FakeClock(), routine)
    own = app.service.own_routines
    own.files = RoutineFiles(own.files.folder, again=lambda problems: answer)
    return app


def highlighted(picker: PickerScreen) -> str | None:
    routines = picker.query_one("#routines", OptionList)
    assert routines.highlighted is not None
    return routines.get_option_at_index(routines.highlighted).id


async def pick(pilot: Pilot[None], routine_id: str) -> PickerScreen:
    picker = pilot.app.screen
    assert isinstance(picker, PickerScreen)
    routines = picker.query_one("#routines", OptionList)
    for index in range(routines.option_count):
        if routines.get_option_at_index(index).id == routine_id:
            routines.highlighted = index
    await pilot.pause()
    assert highlighted(picker) == routine_id
    return picker


async def test_f4_on_a_built_in_edits_a_copy_that_the_picker_shows_as_yours(
    folder: Path, editor: FakeEditor
) -> None:
    builtin = (builtin_dir() / "couch-stretch.toml").read_text(encoding="utf-8")
    editor.will_write(builtin.replace('hold = "2m..3m"', 'hold = "2:30"'))
    app = app_answering(False)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.pause()
        picker = await pick(pilot, "couch-stretch")
        await pilot.press("f4")
        await until(pilot, lambda: highlighted(picker) == "my-couch-stretch", "the copy")
        label = picker.query_one("#routines", OptionList).get_option_at_index(
            picker.query_one("#routines", OptionList).highlighted or 0
        )
        assert "yours" in str(label.prompt)
        assert any("Saved" in toast.message for toast in app._notifications)
        assert app.service.library.routines["my-couch-stretch"].origin is Origin.USER
        assert app.service.library.routines["couch-stretch"].origin is Origin.BUILTIN
    assert (builtin_dir() / "couch-stretch.toml").read_text(encoding="utf-8") == builtin
    assert 'hold = "2:30"' in (folder / "my-couch-stretch.toml").read_text(encoding="utf-8")


def plank_cell(app: HipTimerApp) -> str:
    screen = app.screen
    if not isinstance(screen, PreviewScreen) or not screen.is_mounted:
        return ""
    if not screen.query("#plan-table") or screen.table.row_count < 2:
        return ""
    return str(screen.table.get_row_at(1)[2])


async def test_e_on_the_preview_shows_the_edited_routine(folder: Path, editor: FakeEditor) -> None:
    editor.will_write(MINE.replace('hold = "30s"', 'hold = "45s"'))
    app = app_answering(False, "easy-hips")
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: shown(app, PreviewScreen), "the preview")
        await pilot.press("e")
        await until(pilot, lambda: "0:45 hold" in plank_cell(app), "the edited routine's preview")
        assert [type(screen).__name__ for screen in app.screen_stack] == [
            "PickerScreen",
            "PreviewScreen",
        ]


async def test_an_edit_given_up_in_the_app_keeps_the_file_and_shows_the_problems(
    folder: Path, editor: FakeEditor
) -> None:
    editor.will_write(MINE.replace("sets = 3", "sets = 0"))
    app = app_answering(False, "easy-hips")
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await until(pilot, lambda: shown(app, PreviewScreen), "the preview")
        await pilot.press("e")
        await until(pilot, lambda: bool(app._notifications), "a word on how the edit went")
        (toast,) = app._notifications
        assert "Kept the last valid version" in toast.message
        assert "easy-hips.toml:7: exercise 1" in toast.message  # the problem, with its line
    assert (folder / "easy-hips.toml").read_text(encoding="utf-8") == MINE
    assert "sets = 0" in (folder / "easy-hips.toml.draft").read_text(encoding="utf-8")


async def press_on(pilot: Pilot[None], row: int, column: int, *keys: str) -> PreviewScreen:
    preview = pilot.app.screen
    assert isinstance(preview, PreviewScreen)
    # The screen is on top before it has mounted; mounting puts the cursor on the first name.
    await until(pilot, lambda: preview.table.has_focus, "the preview's table")
    preview.table.move_cursor(row=row, column=column)
    await pilot.pause()
    assert preview.table.cursor_coordinate == (row, column)
    await pilot.press(*keys)
    await pilot.pause()
    return preview


async def test_todays_dose_runs_and_w_writes_it_keeping_every_comment(folder: Path) -> None:
    app = app_answering(False, "easy-hips")
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await until(pilot, lambda: shown(app, PreviewScreen), "the preview")
        await press_on(pilot, 0, 2, "plus", "plus", "plus")  # 15 reps
        preview = await press_on(pilot, 0, 3, "minus")  # rest 40s
        await press_on(pilot, 1, 2, "plus")  # hold 35s
        table = preview.table
        assert str(table.get_row_at(0)[2]) == "15 reps *"
        assert str(table.get_row_at(1)[2]).startswith("0:35 hold")
        await pilot.press("w")
        await until(pilot, lambda: bool(app._notifications), "word that it was written")
        assert any("Written into" in toast.message for toast in app._notifications)
        await pilot.press("enter")
        await until(pilot, lambda: shown(app, SessionScreen), "the session")
        session = app.screen
        assert isinstance(session, SessionScreen)
        reps = session.engine.plan.work_steps[0].exercise.reps
        assert reps is not None and reps.high == 15

    expected = (
        MINE.replace("reps = 12      #", "reps = 15      #")
        .replace('rest = "45s"   #', 'rest = "40s"   #')
        .replace('hold = "30s"', 'hold = "35s"')
    )
    assert (folder / "easy-hips.toml").read_text(encoding="utf-8") == expected


async def test_a_session_with_todays_dose_keeps_the_changed_text_in_the_history(
    folder: Path,
) -> None:
    app = app_answering(False, "easy-hips")
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: shown(app, PreviewScreen), "the preview")
        await press_on(pilot, 0, 1, "minus")  # 2 sets today, not written
        await pilot.press("enter")
        await until(pilot, lambda: shown(app, SessionScreen), "the session")
    assert (folder / "easy-hips.toml").read_text(encoding="utf-8") == MINE
    store, _ = HistoryStore.open()
    (summary,) = store.sessions()
    session = store.session(summary.id)
    assert session is not None and session.routine_id == "easy-hips"
    assert "sets = 2\n" in session.routine_text


async def test_f8_deletes_an_own_routine_after_asking_and_f6_renames_one(folder: Path) -> None:
    spare = MINE.replace("Easy hips", "Spare")
    (folder / "spare.toml").write_text(spare, encoding="utf-8")
    store, _ = HistoryStore.open()
    with store:
        done = store.start_session("spare", "Spare", spare, 0, WHEN)
        store.finish(done, SessionStatus.COMPLETED, WHEN + timedelta(minutes=9))
    app = app_answering(False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        picker = await pick(pilot, "spare")
        await pilot.press("f8")
        await until(pilot, lambda: shown(app, DeleteDialog), "the question")
        await pilot.press("n")
        await pilot.pause()
        assert (folder / "spare.toml").exists()
        await pick(pilot, "spare")  # back from a dialog, the today card may take the highlight
        await pilot.press("f8")
        await until(pilot, lambda: shown(app, DeleteDialog), "the question")
        await pilot.press("y")
        await until(pilot, lambda: "spare" not in app.service.library.routines, "the deletion")
        assert not (folder / "spare.toml").exists()
        kept, _ = HistoryStore.open()
        with kept:  # the history keeps the session, with the routine text it ran
            [session] = kept.sessions()
            assert (session.routine_name, session.status) == ("Spare", SessionStatus.COMPLETED)

        await pick(pilot, "easy-hips")
        await pilot.press("f6")
        await until(pilot, lambda: shown(app, RenameDialog), "the rename box")
        new_id = app.screen.query_one("#new-id", Input)
        new_id.value = ""
        await pilot.press(*"after-run", "enter")
        await until(
            pilot, lambda: "after-run" in app.service.library.routines, "the renamed routine"
        )
        assert "easy-hips" not in app.service.library.routines
        assert (folder / "after-run.toml").read_text(encoding="utf-8") == MINE

        await pick(pilot, "couch-stretch")
        assert picker.check_action("delete", ()) is None  # a built-in cannot be deleted


LONG_NAMES = """\
name = "Long names"

[[exercise]]
name = "Runner's stance knee push into the wall"
reps = 10
sides = ["step left", "step right"]
rest = "30s"

[[exercise]]
name = "Single-leg bridge with the other knee hugged in"
reps = "8..12"
sets = 2
rest = "45s"
"""


async def test_the_preview_opens_on_the_names_and_plus_still_changes_the_reps(
    folder: Path,
) -> None:
    """The cursor started on the dose's cell: at 80 columns the table scrolled the names away."""
    (folder / "long-names.toml").write_text(LONG_NAMES, encoding="utf-8")
    app = app_answering(False, "long-names")
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: shown(app, PreviewScreen), "the preview")
        preview = app.screen
        assert isinstance(preview, PreviewScreen)
        await pilot.pause()
        table = preview.table
        assert table.scroll_x == 0 and table.cursor_coordinate.column == 0
        assert "Runner's stance knee push" in str(table.get_row_at(0)[0])
        assert str(table.get_row_at(0)[3]) == "30s"
        await pilot.press("plus")
        await pilot.pause()
        assert str(table.get_row_at(0)[2]).startswith("11 reps")
        assert table.scroll_x == 0
