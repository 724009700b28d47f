"""Commands for the history: `history` (sessions or one exercise's trend), `export` and `import`."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hiptimer.cli.errors import CommandError
from hiptimer.safe_text import visible

# Every hiptimer command builds this parser, so rich, SQLite and the history package (which loads
# the routines and pydantic) are imported inside the handlers, never at module level.
if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from hiptimer.domain.history import ExerciseTrend, HistoryStore, SessionSummary

__all__ = ["register"]


def register(commands: Any) -> None:
    """Add `history`, `export` and `import`."""
    history = commands.add_parser(
        "history", help="recent sessions, or one exercise's trend per side"
    )
    history.add_argument(
        "--exercise",
        metavar="NAME",
        help="show this exercise's trend per side; a part of its name will do",
    )
    history.add_argument(
        "--limit",
        type=_count,
        default=20,
        metavar="N",
        help="how many sessions, or an exercise's latest sessions (default 20)",
    )
    history.set_defaults(handler=show_history)

    export = commands.add_parser("export", help="write the whole history as CSV or JSON")
    export.add_argument(
        "--format",
        choices=["csv", "json"],
        default="csv",
        help="csv: Strong's columns, for other apps (default); json: everything, for hiptimer",
    )
    export.add_argument("-o", "--output", type=Path, metavar="FILE", help="default: stdout")
    export.set_defaults(handler=export_command)

    import_ = commands.add_parser("import", help="add sessions from a hiptimer CSV or JSON export")
    import_.add_argument("file", type=Path)
    import_.set_defaults(handler=import_command)


def _count(text: str) -> int:
    """A --limit: a whole number of 1 or more (argparse reports the message and exits 2)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number, e.g. 10") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is too few; show at least 1, e.g. 10")
    return value


def show_history(arguments: argparse.Namespace) -> int:
    with _history() as store:
        if arguments.exercise is not None:
            _show_exercise(store, arguments.exercise, arguments.limit)
            return 0
        shown = store.sessions(limit=arguments.limit)
        starts = store.training_starts()
    console = _console()
    if not shown:
        console.print("No sessions yet. Run a routine with `hiptimer` and it will show up here.")
        return 0
    console.print(_sessions_table(shown, starts))
    return 0


def export_command(arguments: argparse.Namespace) -> int:
    from hiptimer.domain.history import ExportFormat, export_history

    with _history() as store:
        text = export_history(store, ExportFormat(arguments.format))
    if arguments.output is None:
        sys.stdout.write(text)
        return 0
    _write_atomically(arguments.output, text)
    print(f"Wrote your history to {visible(str(arguments.output))}")
    return 0


def import_command(arguments: argparse.Namespace) -> int:
    from hiptimer.domain.history import ImportProblem, import_file
    from hiptimer.routines.durations import counted

    with _history() as store:
        try:
            count = import_file(store, arguments.file)
        except ImportProblem as problem:
            raise CommandError(str(problem)) from None
    already = f" ({count.already_there} already in your history)" if count.already_there else ""
    source = visible(str(arguments.file))
    print(f"Imported {counted(count.added, 'session')} from {source}{already}")
    return 0


@contextmanager
def _history() -> Iterator[HistoryStore]:
    """The open store; any trouble with the file becomes one line for the runner."""
    import sqlite3

    from hiptimer import paths
    from hiptimer.domain.history import HistoryStore, HistoryTooNew

    try:
        store, notice = HistoryStore.open()
    except HistoryTooNew as error:
        raise CommandError(f"your history file cannot be read: {error}") from None
    except (sqlite3.Error, OSError) as error:
        from hiptimer.domain.history.store import write_problem

        problem = write_problem(error, paths.history_file().parent)
        raise CommandError(f"your history file cannot be opened: {problem}") from None
    if notice:
        print(f"hiptimer: {notice}", file=sys.stderr)
    # Damage a query runs into moves the file aside as at open, and says so the same way.
    store.on_damage = lambda text: print(f"hiptimer: {text}", file=sys.stderr)
    try:
        yield store
    except sqlite3.Error as error:
        from hiptimer.domain.history.store import write_problem

        problem = write_problem(error, store.path.parent)
        raise CommandError(f"your history could not be read or written: {problem}") from None
    finally:
        store.close()


def _sessions_table(shown: list[SessionSummary], starts: list[datetime]) -> Table:
    from rich import box
    from rich.table import Table

    from hiptimer.domain.history import current_streak, week_progress
    from hiptimer.routines.durations import counted
    from hiptimer.settings import load_settings

    today = date.today()
    goal = load_settings()[0].weekly_goal  # the plan's sessions a week
    week = week_progress(starts, today=today, goal=goal)
    streak = current_streak(starts, today=today, goal=goal)
    table = Table(
        title=f"Last {counted(len(shown), 'session')}",
        caption=f"This week: {week.done} of {week.goal} · streak: {counted(streak, 'week')}",
        box=box.SIMPLE_HEAD,
        show_edge=False,
    )
    table.add_column("Date", no_wrap=True)
    table.add_column("Routine", min_width=12)
    table.add_column("Duration", justify="right", no_wrap=True)
    table.add_column("Done", justify="right")
    table.add_column("Skip", justify="right")
    table.add_column("Short", justify="right")
    table.add_column("Status", no_wrap=True)
    for session in shown:
        table.add_row(
            _when(session.started_at),
            _literal(session.routine_name),
            _duration(session.duration),
            str(session.done),
            str(session.skipped),
            str(session.short),
            session.status.value.replace("_", " "),
        )
    return table


def _show_exercise(store: HistoryStore, name: str, limit: int) -> None:
    from rich.text import Text

    from hiptimer.domain.history import asymmetries, trends

    match = _exercise_named(store.exercises(), name)
    [trend] = trends(store.efforts(match))
    console = _console()
    what = "longest hold" if trend.is_hold else "reps"
    console.print(
        Text.assemble((visible(trend.exercise), "bold"), f": {what} per side, per session")
    )
    console.print(_trend_table(trend, limit))
    for note in asymmetries([trend]):
        console.print(visible(note.sentence))


def _exercise_named(known: list[str], name: str) -> str:
    """The exercise `name` means: its whole name, or a part of one name only (any case)."""
    wanted = name.casefold().strip()
    exact = [exercise for exercise in known if exercise.casefold() == wanted]
    if exact:
        return exact[0]
    matches = [exercise for exercise in known if wanted and wanted in exercise.casefold()]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise CommandError(
            f'"{name}" is part of {len(matches)} exercises; give more of the name: '
            + "; ".join(matches)
        )
    choices = "; ".join(known) if known else "none yet"
    raise CommandError(f'no "{name}" in your history; exercises you have done: {choices}')


def _trend_table(trend: ExerciseTrend, limit: int) -> Table:
    from rich import box
    from rich.table import Table

    sides = list(trend.sides)
    rows: dict[datetime, dict[str | None, str]] = {}
    loads: dict[datetime, str] = {}
    for side in sides:
        for point in trend.sides[side]:
            rows.setdefault(point.started_at, {})[side] = _figure(point.value, trend.is_hold)
            if point.load:
                loads[point.started_at] = point.load
    table = Table(box=box.SIMPLE_HEAD, show_edge=False)
    table.add_column("Date", no_wrap=True)
    for side in sides:
        header = "Both sides" if side is None else side.capitalize()
        table.add_column(_literal(header), justify="right")
    if loads:
        table.add_column("Load")
    for moment in sorted(rows)[-limit:]:
        cells = [rows[moment].get(side, "—") for side in sides]
        load = [_literal(loads.get(moment, ""))] if loads else []
        table.add_row(_when(moment), *cells, *load)
    return table


def _console() -> Console:
    from rich.console import Console

    # markup off: names from routine files and imports are printed literally
    return Console(highlight=False, markup=False)


def _literal(text: str) -> Text:
    """A name from the history as a table cell: never markup, control characters visible."""
    from rich.text import Text

    return Text(visible(text))


def _figure(value: float, is_hold: bool) -> str:
    if not is_hold:
        return str(round(value))
    minutes, seconds = divmod(int(value), 60)
    return f"{minutes}:{seconds:02d}"


def _when(moment: datetime) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def _duration(length: timedelta | None) -> str:
    from hiptimer.domain.history import length_text

    return "—" if length is None else length_text(length.total_seconds())


def _write_atomically(path: Path, text: str) -> None:
    """Write beside the target and rename over it, so an old export is never left half-replaced."""
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as file:
            file.write(text)
        os.replace(temporary, path)
    except OSError as error:
        raise CommandError(f"cannot write {path}: {error.strerror}") from None
