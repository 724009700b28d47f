"""`hiptimer edit` and `hiptimer new` as a runner uses them, with a fake $EDITOR: a script that logs
what it was given and writes the next text it was told to."""

from __future__ import annotations

import io
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from hiptimer.cli import main
from hiptimer.routines import Origin, load_library
from hiptimer.routines.loader import builtin_dir

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="the fake editor is a POSIX script")

VALID = """\
# My bridges, from the physio
name = "Morning bridges"

[[exercise]]
name = "Glute bridge"
reps = 12   # she said 12
sets = 3
"""
FIXED = VALID.replace("sets = 3", "sets = 4")
INVALID = VALID.replace("sets = 3", 'sets = "lots"')
BAD_LINE = 'sets = "lots"'

EDITOR = """#!{python}
import json, pathlib, sys
state = pathlib.Path({state!r})
path = pathlib.Path(sys.argv[-1])
with open(state / "seen.jsonl", "a", encoding="utf-8") as log:
    log.write(json.dumps({{"argv": sys.argv, "text": path.read_text(encoding="utf-8")}}) + "\\n")
queue = sorted(state.glob("next-*"))
if queue:
    path.write_text(queue[0].read_text(encoding="utf-8"), encoding="utf-8")
    queue[0].unlink()
"""


@dataclass
class FakeEditor:
    """An editor that writes each queued text in turn and remembers every file it was shown."""

    state: Path
    script: Path

    def will_write(self, *texts: str) -> None:
        for number, text in enumerate(texts):
            (self.state / f"next-{number:02d}").write_text(text, encoding="utf-8")

    @property
    def seen(self) -> list[dict[str, object]]:
        log = self.state / "seen.jsonl"
        lines = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
        return [json.loads(line) for line in lines]


@pytest.fixture
def editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> FakeEditor:
    state = tmp_path / "editor"
    state.mkdir()
    script = state / "fake editor"  # a space: the command is split by shlex, never by a shell
    script.write_text(EDITOR.format(python=sys.executable, state=str(state)), encoding="utf-8")
    script.chmod(0o755)
    monkeypatch.setenv("VISUAL", f"'{script}' --wait")
    monkeypatch.setenv("EDITOR", "/nonexistent/editor")  # $VISUAL comes first
    return FakeEditor(state, script)


class Terminal(io.StringIO):
    """The runner's answers, typed at a terminal."""

    def isatty(self) -> bool:
        return True


def answer(monkeypatch: pytest.MonkeyPatch, *answers: str) -> None:
    monkeypatch.setattr(sys, "stdin", Terminal("".join(f"{line}\n" for line in answers)))


@pytest.fixture
def own(hiptimer_home: Path) -> Path:
    folder = hiptimer_home / "routines"
    folder.mkdir(parents=True)
    path = folder / "my-bridges.toml"
    path.write_text(VALID, encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_valid_edit_is_checked_and_saved(
    own: Path, editor: FakeEditor, capsys: pytest.CaptureFixture[str]
) -> None:
    editor.will_write(FIXED)
    code, out, _ = run(capsys, "edit", "my-bridges")
    assert code == 0
    assert own.read_text(encoding="utf-8") == FIXED
    assert "(from $VISUAL)" in out and str(editor.script) in out
    assert f'Saved {own} ("Morning bridges", 1 exercise)' in out
    (opened,) = editor.seen
    assert opened["argv"][1] == "--wait"  # type: ignore[index]
    assert opened["text"] == VALID
    assert not (own.parent / "my-bridges.toml.draft").exists()


def test_an_invalid_edit_is_reopened_with_its_problems_then_fixed(
    own: Path,
    editor: FakeEditor,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    editor.will_write(INVALID, FIXED)
    answer(monkeypatch, "y")
    code, _out, err = run(capsys, "edit", "my-bridges")
    assert code == 0
    assert own.read_text(encoding="utf-8") == FIXED
    assert "my-bridges.toml:7: exercise 1" in err  # told on the terminal too, with the line
    _first, second = editor.seen
    reopened = str(second["text"]).splitlines()
    notes = [line for line in reopened if line.startswith("# hiptimer: line ")]
    assert len(notes) == 1 and '→ sets: "lots" is not a number of sets' in notes[0]
    line = int(notes[0].removeprefix("# hiptimer: line ").split(":")[0])
    assert reopened[line - 1] == BAD_LINE  # the line number is the one the editor shows
    assert not (own.parent / "my-bridges.toml.draft").exists()


def test_giving_up_keeps_the_last_valid_version_and_the_draft(
    own: Path,
    editor: FakeEditor,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    editor.will_write(INVALID)
    answer(monkeypatch, "n")
    code, out, _ = run(capsys, "edit", "my-bridges")
    assert code == 1
    assert own.read_text(encoding="utf-8") == VALID
    draft = own.parent / "my-bridges.toml.draft"
    assert BAD_LINE in draft.read_text(encoding="utf-8")
    assert f"Kept the last valid version of {own}; your draft is in {draft}" in out
    assert list(load_library(own.parent).routines["my-bridges"].routine.exercises)

    # The next edit starts where the runner left off, and a valid save clears the draft.
    editor.will_write(FIXED)
    code, _, _ = run(capsys, "edit", "my-bridges")
    assert code == 0
    assert BAD_LINE in str(editor.seen[-1]["text"])
    assert own.read_text(encoding="utf-8") == FIXED
    assert not draft.exists()


def test_with_no_terminal_to_ask_on_an_invalid_edit_is_given_up(
    own: Path, editor: FakeEditor, capsys: pytest.CaptureFixture[str]
) -> None:
    editor.will_write(INVALID)
    code, _, _ = run(capsys, "edit", "my-bridges")
    assert code == 1
    assert len(editor.seen) == 1
    assert own.read_text(encoding="utf-8") == VALID


def test_closing_the_editor_without_a_change_says_so(
    own: Path, editor: FakeEditor, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "edit", "my-bridges")
    assert (code, own.read_text(encoding="utf-8")) == (0, VALID)
    assert f"No changes to {own}" in out


def test_editing_a_built_in_edits_a_copy_and_never_the_built_in(
    hiptimer_home: Path, editor: FakeEditor, capsys: pytest.CaptureFixture[str]
) -> None:
    builtin = (builtin_dir() / "couch-stretch.toml").read_text(encoding="utf-8")
    editor.will_write(builtin.replace('hold = "2m..3m"', 'hold = "2:30"'))
    code, out, _ = run(capsys, "edit", "couch-stretch")
    assert code == 0
    copy = hiptimer_home / "routines" / "my-couch-stretch.toml"
    assert "couch-stretch is built in, so you edit your own copy" in out
    (opened,) = editor.seen
    assert str(opened["argv"][-1]).endswith("my-couch-stretch.toml")  # type: ignore[index]
    assert str(opened["text"]).startswith('# Copied from the built-in routine "couch-stretch" on ')
    assert (builtin_dir() / "couch-stretch.toml").read_text(encoding="utf-8") == builtin
    library = load_library(hiptimer_home / "routines")
    mine = library.routines["my-couch-stretch"]
    assert mine.origin is Origin.USER
    assert {exercise.hold.clock_text for exercise in mine.routine.exercises if exercise.hold} == {
        "2:30"
    }
    assert library.routines["couch-stretch"].origin is Origin.BUILTIN

    # Editing the built-in again opens the same copy rather than making another.
    code, out, _ = run(capsys, "edit", "couch-stretch")
    assert "Editing your copy" in out
    assert sorted(path.name for path in copy.parent.iterdir()) == ["my-couch-stretch.toml"]


def test_a_copy_can_have_a_name_of_the_runners_choosing(
    hiptimer_home: Path, editor: FakeEditor, capsys: pytest.CaptureFixture[str]
) -> None:
    builtin = (builtin_dir() / "couch-stretch.toml").read_text(encoding="utf-8")
    editor.will_write(builtin.replace('switch = "15s"', 'switch = "20s"'))
    code, _, _ = run(capsys, "edit", "couch-stretch", "--as", "evening-couch")
    assert code == 0
    assert 'switch = "20s"' in (hiptimer_home / "routines" / "evening-couch.toml").read_text()


def test_a_copy_left_unchanged_is_not_kept(
    hiptimer_home: Path, editor: FakeEditor, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "edit", "couch-stretch")
    assert code == 0
    assert "No changes, so no copy of couch-stretch was kept" in out
    assert not (hiptimer_home / "routines" / "my-couch-stretch.toml").exists()


def test_with_no_editor_anywhere_the_message_says_what_to_set(
    own: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    code, _, err = run(capsys, "edit", "my-bridges")
    assert code == 1
    assert "no editor found: set $EDITOR, e.g. `export EDITOR=nano`" in err


def test_new_with_no_id_picks_a_free_one_and_asks_nothing(
    hiptimer_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = hiptimer_home / "routines"
    _, first, _ = run(capsys, "new")
    _, second, _ = run(capsys, "new")
    assert (first.strip(), second.strip()) == (
        str(folder / "my-routine.toml"),
        str(folder / "my-routine-2.toml"),
    )
    assert set(load_library(folder).routines) >= {"my-routine", "my-routine-2"}


def test_new_from_a_routine_starts_from_its_text(
    hiptimer_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "new", "--from", "couch-stretch")
    path = hiptimer_home / "routines" / "my-couch-stretch.toml"
    assert (code, out.strip()) == (0, str(path))
    builtin = (builtin_dir() / "couch-stretch.toml").read_text(encoding="utf-8")
    assert path.read_text(encoding="utf-8").endswith(builtin)
    code, out, _ = run(capsys, "new", "hips", "--from", "couch-stretch")
    assert (code, out.strip()) == (0, str(hiptimer_home / "routines" / "hips.toml"))
