"""What the routine commands do: list, show, check, new and schema. None of them loads Textual."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from datetime import date
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console

from hiptimer.cli.errors import CommandError
from hiptimer.cli.render import library_table, routine_plan
from hiptimer.paths import user_routines_dir
from hiptimer.routines import (
    LoadedRoutine,
    RoutineFileError,
    RoutineNotFound,
    RoutineProblem,
    counted,
    load_library,
    load_routine_file,
)
from hiptimer.routines.editor import EditEnded, EditorError
from hiptimer.routines.editor import edit_routine as run_edit
from hiptimer.routines.loader import builtin_dir
from hiptimer.routines.own import (
    OwnRoutineError,
    copy_header,
    copy_id,
    create_routine,
    free_id,
    is_simple_id,
)
from hiptimer.safe_text import visible

if TYPE_CHECKING:
    from hiptimer.service.session import SessionService

__all__ = [
    "check_files",
    "edit_routine",
    "list_routines",
    "new_routine",
    "print_schema",
    "show_routine",
]


def list_routines(arguments: argparse.Namespace) -> int:
    console = _console()
    service, note = _service()
    seconds = {}
    if service is not None:
        seconds = {
            key: service.todays_seconds(loaded) for key, loaded in service.library.routines.items()
        }
    library = service.library if service is not None else load_library(user_routines_dir())
    console.print(library_table(library, console.width, seconds))
    console.print(note, markup=False)
    if library.broken:
        count = len(library.broken)
        console.print(f"\n{count} user routine file(s) could not be loaded:", style="bold red")
        _print_problems(console, (p for error in library.broken for p in error.problems))
    return 0


def _service() -> tuple[SessionService | None, str]:
    """The app's service, for the length of each routine as a session of it runs today (the
    picker and the preview say the same), and a line saying whose dose that is; None, and the
    files' own, if the history cannot be read."""
    from hiptimer.service.session import SessionService

    service = SessionService(notify=lambda notice: print(visible(notice.text), file=sys.stderr))
    if service.history is None:
        return None, "Time: each file's dose as written (your history cannot be read)."
    return service, "Time: as a session runs today, at `hiptimer today --routine ID`'s targets."


def show_routine(arguments: argparse.Namespace) -> int:
    console = _console()
    loaded = _resolve(arguments.routine)
    service, _ = _service()
    if service is None:
        console.print(routine_plan(loaded))
    else:
        today = service.todays_seconds(loaded)
        console.print(routine_plan(loaded, today, service.plan_defaults()))
    return 0


def check_files(arguments: argparse.Namespace) -> int:
    console = _console()
    paths: list[Path | Traversable | str] = [_routine_path(arg) for arg in arguments.files]
    if not arguments.files:
        folder = user_routines_dir()
        paths = [*sorted(folder.glob("*.toml"))]
        if not paths:
            console.print(
                f"No routine files in {folder} yet; `hiptimer new ID` writes a starter there."
            )
            return 0
    failed = False
    known = set(load_library(user_routines_dir()).routines)
    for path in paths:
        try:
            if isinstance(path, str):
                raise RoutineFileError.single(path, _not_found(known))
            loaded = load_routine_file(path)
        except RoutineFileError as error:
            failed = True
            _print_problems(console, error.problems)
            continue
        following = loaded.routine.next
        if following is not None and following not in known and following != loaded.id:
            failed = True
            console.print(
                f'{visible(path.name)}: next: no routine "{following}" to move on to; '
                'write the id of a routine, e.g. next = "hip-standing"',
                soft_wrap=True,
                markup=False,
            )
            continue
        count = len(loaded.routine.exercises)
        console.print(
            f'{visible(path.name)}: ok ("{loaded.routine.name}", {counted(count, "exercise")})'
        )
    return 1 if failed else 0


def _routine_path(argument: Path) -> Path | Traversable | str:
    """A file as given, else the routine of that id as `show` and `run` find it: the user's own
    file (`check my-warmup` after `new`), then a built-in (`check hip-hitch`). An id that is
    neither comes back as the text it was."""
    if argument.exists() or argument.parent != Path(".") or argument.suffix == ".toml":
        return argument
    own = user_routines_dir() / f"{argument.name}.toml"
    if own.exists():
        return own
    builtin = builtin_dir() / f"{argument.name}.toml"
    return builtin if builtin.is_file() else argument.name


def _not_found(known: Iterable[str]) -> str:
    return f"no such file or routine id; known routines: {', '.join(sorted(known)) or 'none'}"


def new_routine(arguments: argparse.Namespace) -> int:
    """A starter, or a copy of `--from`; with no id, a free one. It asks nothing."""
    folder = user_routines_dir()
    library = load_library(folder)
    text, base = None, "my-routine"
    if arguments.source:
        source = _resolve(arguments.source)
        text = copy_header(source, date.today()) + source.text
        base = copy_id(source.id)
    routine_id = arguments.id
    if routine_id is None:
        routine_id = free_id(folder, base, frozenset(library.routines))
    if not is_simple_id(str(routine_id).removesuffix(".toml")):
        raise CommandError(
            f'"{routine_id}" is not a simple routine id; use letters, digits, - and _, '
            "e.g. my-warmup",
            exit_code=2,
        )
    routine_id = str(routine_id).removesuffix(".toml")
    try:
        path = create_routine(folder, routine_id, text or starter_routine(routine_id))
    except OwnRoutineError as error:
        raise CommandError(str(error)) from None
    print(path)
    return 0


def edit_routine(arguments: argparse.Namespace) -> int:
    """Open a routine in the runner's editor until it is valid or they give up; exit 1 if they
    gave up, with the draft kept beside the file."""
    folder = user_routines_dir()
    try:
        outcome = run_edit(
            arguments.routine,
            folder,
            load_library(folder).routines,
            today=date.today(),
            copy_as=arguments.copy_as,
        )
    except (OwnRoutineError, EditorError) as error:
        raise CommandError(str(error)) from None
    print(outcome.message)
    return 1 if outcome.ended is EditEnded.GAVE_UP else 0


def print_schema(arguments: argparse.Namespace) -> int:
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema"}
    from hiptimer.routines import schema as check  # pydantic: only for this command

    schema.update(check.Routine.model_json_schema())
    print(json.dumps(schema, indent=2, ensure_ascii=False))
    return 0


def _resolve(argument: str) -> LoadedRoutine:
    """A routine by id or path; a broken or unknown one is reported without a traceback."""
    library = load_library(user_routines_dir())
    try:
        return library.resolve(argument)
    except RoutineFileError as error:
        _print_problems(_console(stderr=True), error.problems)
        raise CommandError(f"{error.file} has problems; fix them and try again") from None
    except RoutineNotFound as error:
        for broken in library.broken:
            if broken.file == f"{argument}.toml":
                _print_problems(_console(stderr=True), broken.problems)
                raise CommandError(f"your routine {broken.file} has problems") from None
        raise CommandError(str(error)) from None


def _print_problems(console: Console, problems: Iterable[RoutineProblem]) -> None:
    for problem in problems:
        # soft_wrap: one problem stays one line, whatever the terminal's width
        console.print(str(problem), soft_wrap=True, markup=False)


def _console(*, stderr: bool = False) -> Console:
    # markup off: routine names and file names are printed literally, "[/]" and all
    return Console(stderr=stderr, highlight=False, markup=False)


def starter_routine(routine_id: str) -> str:
    """A valid routine file that shows each field in use, with comments saying what it does."""
    title = routine_id.replace("-", " ").replace("_", " ").capitalize()
    return _STARTER.format(id=routine_id, title=title)


_STARTER = """\
# A hiptimer routine. The file name is its id: run it with `hiptimer run {id}`.
# See the plan and estimated time with `hiptimer show {id}`; after editing, run
# `hiptimer check` with this file's path. For completion in your editor, save the schema with
# `hiptimer schema > hiptimer-routine.schema.json` and make this file's first line
# `#:schema ./hiptimer-routine.schema.json`.

name = "{title}"
summary = "What this routine is for, in one line."
# source = "Where the exercises come from"
tags = ["strength"]
equipment = ["mat"]
# get_ready = "5s"           # countdown before each timed set

[[exercise]]
name = "Glute bridge"
reps = 12                    # or a range "8..12", or "max" to go to fatigue
sets = 3                     # or a range "3..4"
# tempo = "2-1-2"            # seconds up, pause, down: hiptimer paces the reps
rest = "45s"                 # after each set: "45s", "1m", "1:30"
load = "bodyweight"
cues = ["Drive through the heels", "Squeeze the glutes at the top"]

[[exercise]]
name = "Side plank"
hold = "30s"                 # or a range "30s..45s", or "max" to hold to fatigue
sides = "each"               # left then right; or any two labels, e.g. ["front", "back"]
switch = "10s"               # between the two sides
rest = "30s"
cues = ["Hips high, body in one straight line"]
at = {{ "0:15" = "Halfway: keep the hips up" }}
# notes = "Why this exercise matters"
# link = "https://example.com/side-plank"

# To run exercises as a circuit, group them in blocks instead of [[exercise]]:
# [[block]]
# name = "Circuit"
# style = "circuit"
# rounds = "3..4"
# rest = "90s"               # between rounds
# rest_between = "15s"       # between exercises within a round
#
# [[block.exercise]]
# name = "Backwards lunge"
# reps = 12
# sides = "each"
"""
