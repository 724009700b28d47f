"""Edit a routine file in the runner's own editor, checked when the editor closes.

The convention of `crontab -e` and `visudo`: `$VISUAL`, else `$EDITOR`, else an editor found on the
PATH; the text is checked on save and, if it has problems, opened again with them as comments at
the top until it is valid or the runner gives up. The routine file is replaced only by a valid
version; giving up keeps the draft beside it. The editor is started without a shell: the variable
is split as a shell would split it (shlex), and the file is one more argument.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path

from hiptimer.routines.durations import counted
from hiptimer.routines.files import write_atomically
from hiptimer.routines.loader import LoadedRoutine, parse_routine
from hiptimer.routines.model import Routine
from hiptimer.routines.own import Target, draft_path, own_target
from hiptimer.routines.problems import RoutineFileError, RoutineProblem

__all__ = [
    "EditEnded",
    "EditOutcome",
    "Editor",
    "EditorError",
    "ask_in_terminal",
    "edit_file",
    "edit_preamble",
    "edit_routine",
    "find_editor",
    "strip_notes",
    "with_notes",
]

NOTE = "# hiptimer: "
"""Every line of the problems put at the top of a file starts so; they are taken out on save."""

FALLBACKS = ("notepad",) if sys.platform == "win32" else ("nano", "vi")


class EditorError(Exception):
    """No editor could be found or started; the message says what to set."""


@dataclass(frozen=True)
class Editor:
    """The command that opens a file, and where it came from."""

    command: tuple[str, ...]
    source: str
    """ "$VISUAL", "$EDITOR", or "found on the PATH"."""

    def describe(self) -> str:
        """ "nano (from $EDITOR)", said before the editor opens."""
        how = f"from {self.source}" if self.source.startswith("$") else self.source
        return f"{shlex.join(self.command)} ({how})"


def find_editor(
    environ: Mapping[str, str] = os.environ, which: Callable[[str], str | None] = shutil.which
) -> Editor:
    for variable in ("VISUAL", "EDITOR"):
        value = environ.get(variable, "").strip()
        if not value:
            continue
        try:
            command = shlex.split(value)
        except ValueError as error:
            raise EditorError(f"${variable} ({value}) cannot be read: {error}") from None
        if command:
            return Editor(tuple(command), f"${variable}")
    for name in FALLBACKS:
        found = which(name)
        if found:
            return Editor((found,), "found on the PATH; set $EDITOR to choose another")
    raise EditorError("no editor found: set $EDITOR, e.g. `export EDITOR=nano`")


def run_editor(command: Sequence[str]) -> int:
    """Run the editor in the foreground and wait; its exit code."""
    try:
        return subprocess.call(list(command))  # noqa: S603 - the runner's own editor, no shell
    except OSError as error:
        raise EditorError(f"the editor {command[0]} could not be started: {error}") from None


def with_notes(text: str, name: str, problems: Sequence[RoutineProblem]) -> str:
    """The text with its problems as comments at the top, each with its line as the runner will
    see it in the editor (the notes push the file down)."""
    count = len(problems)
    head = [
        f"{NOTE}{name} has {count} problem{'s' if count != 1 else ''}; fix and save.",
        f"{NOTE}These lines go when you save; nothing else in the file is changed.",
    ]
    shift = len(head) + count + 1
    for problem in problems:
        line = f"line {problem.line + shift}: " if problem.line is not None else ""
        head.append(f"{NOTE}{line}{problem.detail}".replace("\n", " "))
    return "\n".join(head) + "\n\n" + text


def strip_notes(text: str) -> str:
    lines = text.splitlines(keepends=True)
    start = 0
    while start < len(lines) and lines[start].startswith(NOTE):
        start += 1
    if start and start < len(lines) and not lines[start].strip():
        start += 1  # the blank line the notes put after themselves
    return "".join(lines[start:])


class EditEnded(StrEnum):
    SAVED = "saved"
    UNCHANGED = "unchanged"
    GAVE_UP = "gave up"


@dataclass(frozen=True)
class EditOutcome:
    """How an edit ended, with a line to tell the runner."""

    ended: EditEnded
    path: Path
    routine: Routine | None = None
    """The checked routine when saved."""
    draft: Path | None = None
    problems: tuple[RoutineProblem, ...] = ()
    """The last problems found, when the runner gave up."""
    copied_from: str | None = None
    """The built-in whose copy this edit made (and took back, if nothing was changed)."""

    @property
    def message(self) -> str:
        if self.ended is EditEnded.SAVED and self.routine is not None:
            count = len(self.routine.exercises)
            return f'Saved {self.path} ("{self.routine.name}", {counted(count, "exercise")})'
        if self.ended is EditEnded.UNCHANGED and self.copied_from:
            return f"No changes, so no copy of {self.copied_from} was kept"
        if self.ended is EditEnded.UNCHANGED:
            return f"No changes to {self.path}"
        kept = f"; your draft is in {self.draft}" if self.draft else ""
        return f"Kept the last valid version of {self.path}{kept}"


def edit_file(
    path: Path,
    editor: Editor,
    *,
    again: Callable[[Sequence[RoutineProblem]], bool],
    run: Callable[[Sequence[str]], int] = run_editor,
) -> EditOutcome:
    """Open `path` in the editor until what is saved passes the check, or `again` says stop.

    The editor works on a copy named like the routine (so it highlights TOML), and the routine
    file is replaced only by a checked version. A draft left by an earlier edit is where this one
    starts, so nothing typed is lost."""
    draft = draft_path(path)
    saved = path.read_text(encoding="utf-8")
    start = draft.read_text(encoding="utf-8") if draft.is_file() else saved
    with tempfile.TemporaryDirectory(prefix="hiptimer-edit-") as folder:
        work = Path(folder) / path.name
        work.write_text(start, encoding="utf-8", newline="")
        while True:
            code = run([*editor.command, str(work)])
            text = strip_notes(work.read_text(encoding="utf-8"))
            if code != 0:
                return _give_up(path, text, saved, draft, ())
            if text == saved:
                draft.unlink(missing_ok=True)
                return EditOutcome(EditEnded.UNCHANGED, path)
            try:
                routine = parse_routine(text, file=path.name)
            except RoutineFileError as error:
                work.write_text(with_notes(text, path.name, error.problems), encoding="utf-8")
                if again(error.problems):
                    continue
                return _give_up(
                    path, work.read_text(encoding="utf-8"), saved, draft, error.problems
                )
            write_atomically(path, text)
            draft.unlink(missing_ok=True)
            return EditOutcome(EditEnded.SAVED, path, routine)


def _give_up(
    path: Path, text: str, saved: str, draft: Path, problems: Sequence[RoutineProblem]
) -> EditOutcome:
    if strip_notes(text) == saved:
        draft.unlink(missing_ok=True)
        return EditOutcome(EditEnded.UNCHANGED, path)
    write_atomically(draft, text)
    return EditOutcome(EditEnded.GAVE_UP, path, draft=draft, problems=tuple(problems))


def ask_in_terminal(problems: Sequence[RoutineProblem]) -> bool:
    """Print the problems and ask on the terminal whether to open the file again; no terminal to
    ask on (a script, a pipe) means no."""
    count = len(problems)
    print(f"The file has {count} problem{'s' if count != 1 else ''}:", file=sys.stderr)
    for problem in problems:
        print(f"  {problem}", file=sys.stderr)
    if not sys.stdin.isatty():
        return False
    try:
        answer = input("Open it again to fix it? [Y/n] ")
    except EOFError:
        return False
    return not answer.strip().lower().startswith("n")


def edit_preamble(target: Target) -> str:
    """What the runner is told before the editor opens: which file, and why that one."""
    if target.copied_from:
        return (
            f"{target.copied_from} is built in, so you edit your own copy: {target.path} "
            "(the built-in stays as it was)"
        )
    if target.existing_copy:
        return f"Editing your copy: {target.path}"
    return f"Editing {target.path}"


def edit_routine(
    argument: str,
    folder: Path,
    routines: Mapping[str, LoadedRoutine],
    *,
    today: date,
    copy_as: str | None = None,
    again: Callable[[Sequence[RoutineProblem]], bool] = ask_in_terminal,
    say: Callable[[str], None] = print,
) -> EditOutcome:
    """The whole edit of a routine by id or path, as `hiptimer edit` and the app's `e` run it:
    find the file (copying a built-in first), say which file and which editor, edit until valid
    or given up. Raises OwnRoutineError or EditorError with a message for the runner."""
    editor = find_editor()
    target = own_target(argument, folder, dict(routines), copy_as=copy_as, today=today)
    say(edit_preamble(target))
    say(f"Opening it in {editor.describe()}")
    try:
        outcome = edit_file(target.path, editor, again=again)
    except BaseException:
        if target.copied_from:
            target.path.unlink(missing_ok=True)
        raise
    if target.copied_from and outcome.ended is EditEnded.UNCHANGED:
        target.path.unlink(missing_ok=True)  # an untouched copy would only be clutter
        return EditOutcome(EditEnded.UNCHANGED, target.path, copied_from=target.copied_from)
    return outcome
