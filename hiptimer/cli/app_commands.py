"""Commands that open the full-screen app: the picker, and `run ROUTINE` straight to its preview."""

from __future__ import annotations

import argparse
from typing import Any

__all__ = ["open_picker", "register"]


def register(commands: Any) -> None:
    run = commands.add_parser("run", help="open a routine's preview, ready to start")
    run.add_argument("routine", help="a routine id or a path to a .toml file")
    # Also after the command (`hiptimer run couch-stretch --mute`); absent, the global one stands.
    run.add_argument(
        "--mute", action="store_true", default=argparse.SUPPRESS, help="no sound or speech"
    )
    run.set_defaults(handler=open_routine)


def open_picker(arguments: argparse.Namespace) -> int:
    from hiptimer.app import HipTimerApp  # Textual loads only for the commands that need it

    HipTimerApp(mute=arguments.mute).run()
    return 0


def open_routine(arguments: argparse.Namespace) -> int:
    """Check the routine before the full screen opens: a bad one is a line on stderr."""
    from hiptimer.cli.errors import CommandError
    from hiptimer.paths import user_routines_dir
    from hiptimer.routines import RoutineFileError, RoutineNotFound, load_library

    try:
        load_library(user_routines_dir()).resolve(arguments.routine)
    except (RoutineNotFound, RoutineFileError) as error:
        raise CommandError(str(error)) from None
    from hiptimer.app import HipTimerApp

    HipTimerApp(mute=arguments.mute, routine=arguments.routine).run()
    return 0
