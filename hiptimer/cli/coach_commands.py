"""`hiptimer today`, `hiptimer progress` and `hiptimer choose`: the coach on the command line.

Everything from a file (routine and exercise names, reasons naming them) is printed as plain text,
never as markup.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from hiptimer.cli.errors import CommandError

if TYPE_CHECKING:
    from hiptimer.service.coach import Coach

__all__ = ["register"]


def register(commands: Any) -> None:
    """Add `today`, `progress` and `choose`."""
    today = commands.add_parser(
        "today", help="the session your plan has due today, with each target and why"
    )
    today.add_argument("--routine", metavar="ID", help="today's targets for this routine instead")
    today.set_defaults(handler=today_command)
    progress = commands.add_parser(
        "progress", help="every ladder: your rung, next time's target, and what moves you up"
    )
    progress.set_defaults(handler=progress_command)
    choose = commands.add_parser(
        "choose",
        help="your own decision on a ladder, over the coach's: accept, decline, back, jump",
    )
    choose.add_argument("ladder", metavar="LADDER", help="a ladder's key or name (see progress)")
    choose.add_argument("choice", choices=["accept", "decline", "back", "jump"])
    choose.add_argument("rung", nargs="?", type=int, metavar="N", help="for jump: the rung, from 1")
    choose.add_argument("--side", default="", help="only this side (accept or decline)")
    choose.set_defaults(handler=choose_command)


def _coach(function: Any) -> Any:
    """Run `function(coach, arguments)` with the history open and the routines loaded."""

    def run(arguments: argparse.Namespace) -> int:
        from hiptimer.cli.history_commands import _history
        from hiptimer.paths import user_routines_dir
        from hiptimer.routines import load_library
        from hiptimer.service.coach import Coach
        from hiptimer.settings import load_settings

        settings, _ = load_settings()
        library = load_library(user_routines_dir())
        with _history() as store:
            return int(function(Coach(store, library, settings), arguments))

    return run


class _Plain:
    """Prints lines as they are: no markup, control characters made visible, each wrapped to
    the window (at most 80 columns, readable) at a word, a wrapped part indented under its line.

    rich would cost these commands a tenth of a second to import, for text that is plain."""

    def __init__(self, *, only_on_a_terminal: bool = False) -> None:
        """`only_on_a_terminal`: piped (`hiptimer today | grep`), a line stays one line."""
        import shutil
        import sys

        self.width = max(40, min(shutil.get_terminal_size((80, 24)).columns, 80))
        if only_on_a_terminal and not sys.stdout.isatty():
            self.width = 0

    def print(self, line: str, **_: object) -> None:
        import textwrap

        from hiptimer.safe_text import visible

        if not self.width:
            print(visible(line))
            return
        indent = " " * (len(line) - len(line.lstrip(" ")))
        for part in textwrap.wrap(line, self.width, subsequent_indent=indent + "  ") or [""]:
            print(visible(part))


def _console(*, only_on_a_terminal: bool = False) -> _Plain:
    return _Plain(only_on_a_terminal=only_on_a_terminal)


@_coach
def today_command(coach: Coach, arguments: argparse.Namespace) -> int:
    from hiptimer.routines import RoutineNotFound

    try:
        session = coach.today(arguments.routine)
    except RoutineNotFound as error:
        raise CommandError(str(error)) from None
    from hiptimer.service.coach import card_lines

    console = _console(only_on_a_terminal=True)
    for line in card_lines(session):
        console.print(line, soft_wrap=True)
    return 0


@_coach
def progress_command(coach: Coach, arguments: argparse.Namespace) -> int:
    from hiptimer.service.coach import progress_blocks

    console = _console()
    for number, block in enumerate(progress_blocks(coach)):
        if number:
            console.print("")
        for line in block:
            console.print(line)
    return 0


@_coach
def choose_command(coach: Coach, arguments: argparse.Namespace) -> int:
    from hiptimer.service.coach import UnknownLadder

    if arguments.choice == "jump" and (arguments.rung is None or arguments.rung < 1):
        raise CommandError(
            "jump needs the rung to go to, from 1: e.g. `choose couch-stretch.couch-stretch jump 2`",
            exit_code=2,
        )
    rung = None if arguments.rung is None else arguments.rung - 1
    try:
        made = coach.choose(arguments.ladder, arguments.choice, rung=rung, side=arguments.side)
    except UnknownLadder as error:
        raise CommandError(str(error)) from None
    _console().print(f"Recorded: {made.choice} on {made.ladder}. `hiptimer today` follows it.")
    return 0
