"""Text from a file is text: a routine whose every field holds escape sequences and markup goes
through every command and screen, and no ESC reaches the terminal and nothing is styled or linked."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList

from hiptimer.cli import main
from hiptimer.domain import FakeClock
from hiptimer.domain.history import HistoryStore, SessionStatus
from hiptimer.domain.results import SetResult
from hiptimer.routines import load_routine_file
from hiptimer.routines.plan import SetKey, StepKind
from hiptimer.safe_text import visible
from hiptimer.screens import PreviewScreen, SessionScreen
from hiptimer.screens.history import HistoryScreen
from hiptimer.screens.resume import ResumeDialog
from hiptimer.screens.summary import SummaryScreen
from tests.test_session_flow import make_app
from tests.waiting import caught_up, shown, until

# In TOML: OSC "set the window title", "clear the screen", Rich markup, a link, a stray [/],
# and the 8-bit CSI (U+009B) that some terminals obey.
EVIL = (
    r"\u001b]0;pwned\u0007\u001b[2J[bold red]Evil[/bold red] "
    r"[link=file:///etc/passwd]x[/link] [/] \u009b31m"
)
MARKUP = ("[bold red]Evil[/bold red]", "[link=file:///etc/passwd]x[/link]", "[/]")
EVIL_ROUTINE = f"""\
name = "Hips {EVIL}"
summary = "Summary {EVIL}"
source = "Source {EVIL}"
tags = ["tag {EVIL}"]
equipment = ["band {EVIL}"]
notes = "Notes {EVIL}"
get_ready = 0

[[block]]
name = "Block {EVIL}"
style = "circuit"
rounds = 1
rest = 0
rest_between = 0

[[block.exercise]]
name = "Plank {EVIL}"
hold = "20s"
sides = ["[/]\\u001b[2Jleft", "[b]right"]
switch = 0
load = "Load {EVIL}"
cues = ["Cue {EVIL}"]
at = {{ "0:10" = "At {EVIL}" }}
notes = "Exercise notes {EVIL}"
link = "https://example.com/[bold]x[/bold]"

[[block.exercise]]
name = "Bridge {EVIL}"
reps = 5
"""
CONTROLS = ("\x1b", "\x07", "\x9b")


@pytest.fixture(autouse=True)
def evil_routine(hiptimer_home: Path) -> Path:
    folder = hiptimer_home / "routines"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "evil.toml"
    path.write_text(EVIL_ROUTINE, encoding="utf-8")
    # A broken file whose very name is hostile: it shows as a problem line.
    (folder / "[bold red]broken\x1b[2J.toml").write_text('name = "x"\n', encoding="utf-8")
    return path


def test_every_string_is_made_visible_where_the_file_is_read(evil_routine: Path) -> None:
    routine = load_routine_file(evil_routine).routine
    [circuit] = routine.blocks
    plank, _ = circuit.exercise
    texts = [
        routine.name, routine.summary, routine.source, routine.notes, *routine.tags,
        *routine.equipment, circuit.name, plank.name, plank.load, plank.notes, *plank.cues,
        *plank.at.values(), *(plank.sides or ()),
    ]  # fmt: skip
    for text in texts:
        assert text is not None
        assert not any(control in text for control in CONTROLS), repr(text)
    assert routine.name == "Hips ␛]0;pwned␇␛[2J" + "".join(
        ("[bold red]Evil[/bold red] [link=file:///etc/passwd]x[/link] [/] <U+009B>31m",)
    )
    assert visible("tab\tand\nnewline stay") == "tab\tand\nnewline stay"
    assert visible("\x00\x7f\x85") == "␀␡<U+0085>"


def _command(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out + err


def _assert_literal_output(output: str) -> None:
    for control in CONTROLS:
        assert control not in output, f"{control!r} reached the terminal"
    for markup in MARKUP:
        assert markup in output, f"{markup} was read as markup, not shown"


def test_list_show_and_check_print_names_literally(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, evil_routine: Path
) -> None:
    monkeypatch.setenv("COLUMNS", "400")  # one routine a line, so nothing wraps mid-markup
    for argv in (["list"], ["show", "evil"], ["check", str(evil_routine)], ["check"]):
        code, output = _command(capsys, *argv)
        _assert_literal_output(output)
    code, output = _command(capsys, "list")
    assert "[bold red]broken␛[2J.toml" in output  # the broken file, named, made visible
    code, output = _command(capsys, "show", "[bold red]broken\x1b[2J")
    assert code == 1 and "\x1b" not in output and "[bold red]broken␛[2J" in output


def _record(store: HistoryStore, name: str, status: SessionStatus) -> None:
    """A session as an older hiptimer may have stored it: raw control characters and all."""
    start = datetime(2025, 5, 1, 7, 0, tzinfo=UTC)
    session = store.start_session("evil", name, EVIL_ROUTINE, 0, start)
    for number, side in enumerate((name + " left", name + " right")):
        store.record(
            session,
            SetResult(
                "evil", "Plank " + name, SetKey(0, 0, 0, number), "Block " + name,
                StepKind.HOLD, side, "20s", None, 20.0, start, start + timedelta(seconds=20),
                load="Load " + name,
            ),
        )  # fmt: skip
    if status is not SessionStatus.IN_PROGRESS:
        store.finish(session, status, start + timedelta(minutes=2), 40.0)


RAW = (
    "\x1b]0;pwned\x07\x1b[2J[bold red]Evil[/bold red] [link=file:///etc/passwd]x[/link] [/] \x9b31m"
)


def test_history_and_export_print_stored_names_literally(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "400")
    store, _ = HistoryStore.open()
    _record(store, "Hips " + RAW, SessionStatus.COMPLETED)
    store.close()
    code, output = _command(capsys, "history")
    assert code == 0
    _assert_literal_output(output)
    code, output = _command(capsys, "history", "--exercise", "Plank Hips " + RAW)
    assert code == 0, output
    _assert_literal_output(output)
    for export_format in ("csv", "json"):
        code, output = _command(capsys, "export", "--format", export_format)
        assert code == 0
        _assert_literal_output(output.replace("\\u001b", "␛"))
    code, output = _command(capsys, "export", "--format", "json")
    assert json.loads(output)["sessions"][0]["routine_name"] == "Hips " + RAW  # kept as data


def _screen_text(pilot: Pilot[None]) -> str:
    """What the screen shows, as text, after asserting no segment carries an escape or a link."""
    lines = []
    for strip in pilot.app.screen._compositor.render_strips():
        for segment in strip:
            for control in CONTROLS:
                assert control not in segment.text, f"{control!r} reached the terminal"
            assert segment.style is None or not segment.style.link, segment
        lines.append("".join(segment.text for segment in strip))
    return "\n".join(lines)


def _assert_shown_literally(pilot: Pilot[None], *expected: str) -> None:
    shown = _screen_text(pilot)
    for text in ("[bold red]Evil[/bold red]", *expected):
        assert text in shown, f"{text!r} not on the {pilot.app.screen}:\n{shown}"


async def test_every_screen_shows_the_files_text_literally() -> None:
    clock = FakeClock()
    app = make_app(clock)
    async with app.run_test(size=(200, 50), notifications=True) as pilot:
        await pilot.pause()
        routines = app.screen.query_one("#routines", OptionList)
        ids = [routines.get_option_at_index(i).id for i in range(routines.option_count)]
        routines.highlighted = ids.index("evil")
        await pilot.pause()
        _assert_shown_literally(pilot, "Summary ␛]0;pwned␇␛[2J", "[link=file:///etc/passwd]x")
        broken = next(i for i, option_id in enumerate(ids) if str(option_id).startswith("broken"))
        routines.highlighted = broken
        await pilot.pause()
        _assert_shown_literally(pilot, "✘ [bold red]broken␛[2J.toml")
        await pilot.press("enter")  # a broken file: a notification naming it
        await pilot.pause()
        _assert_shown_literally(pilot, "[bold red]broken␛[2J.toml cannot be started")
        routines.highlighted = ids.index("evil")
        await pilot.press("enter")
        await until(pilot, lambda: shown(app, PreviewScreen), "the preview")
        _assert_shown_literally(pilot, "Block ␛]0;pwned", "[/]␛[2Jleft / [b]right", "[/]␛[2JLEFT")
        await pilot.press("enter")
        await until(pilot, lambda: shown(app, SessionScreen), "the session")
        await caught_up(pilot)
        _assert_shown_literally(pilot, "Cue ␛]0;pwned", "[/]␛[2JLEFT")
        clock.advance(4)
        await caught_up(pilot)
        clock.advance(4)
        await caught_up(pilot)
        clock.advance(3)  # past the `at` cue at 0:10
        await caught_up(pilot)
        _assert_shown_literally(pilot, "At ␛]0;pwned")
        await pilot.press("enter")  # the left side done
        await caught_up(pilot)
        _assert_shown_literally(pilot, "[B]RIGHT")
        await pilot.press("q", "y")
        await until(pilot, lambda: shown(app, SummaryScreen), "the summary")
        _assert_shown_literally(pilot, "Session ended early: Hips ␛]0;pwned", "[/]␛[2JLEFT")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("f2")
        await until(pilot, lambda: shown(app, HistoryScreen), "the history")
        await until(pilot, lambda: "Plank" in _screen_text(pilot), "the trends")
        _assert_shown_literally(pilot, "Plank ␛]0;pwned")


async def test_the_resume_offer_names_the_routine_literally() -> None:
    store, _ = HistoryStore.open()
    _record(store, "Hips " + RAW, SessionStatus.IN_PROGRESS)
    store.close()
    clock = FakeClock(wall_start=datetime(2025, 5, 1, 8, 0, tzinfo=UTC))
    app = make_app(clock)
    async with app.run_test(size=(200, 50)) as pilot:
        await until(pilot, lambda: shown(app, ResumeDialog), "the resume offer")
        _assert_shown_literally(pilot, "Resume Hips ␛]0;pwned")
