"""Commands that open the full-screen app: the picker, and `run ROUTINE` straight to its preview."""

from __future__ import annotations

import argparse
import gc
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hiptimer.app import HipTimerApp

__all__ = ["open_picker", "register"]


def register(commands: Any) -> None:
    run = commands.add_parser("run", help="open a routine's preview, ready to start")
    run.add_argument("routine", help="a routine id or a path to a .toml file")
    # Also after the command (`hiptimer run couch-stretch --mute`); absent, the global one stands.
    run.add_argument(
        "--mute", action="store_true", default=argparse.SUPPRESS, help="no sound or speech"
    )
    run.set_defaults(handler=open_routine)


def _run(app: HipTimerApp) -> int:
    """Run the app, its modules, routines and settings first frozen out of garbage collection.

    They live as long as the process. Left in, every full collection walks them all (Textual,
    pydantic and ours): one such pass cost 30-40 ms before the picker's first paint, and each
    later one costs as much in the middle of a session. While they load, the collector is off
    (`_collector_off`): the ~110 young passes it made over them came to 13-16 ms of start-up,
    to free about 600 objects (120 kB, mostly the classes `slots=True` dataclasses replace).
    """
    gc.freeze()
    gc.enable()
    app.run()
    return app.return_code or 0


def _collector_off() -> None:
    """No garbage collection until `_run` freezes what start-up has built."""
    gc.disable()


def _hold_on() -> None:
    """From here on, SIGHUP, SIGTERM or a lost terminal end the process within a couple of
    seconds, start-up included (see `hiptimer.lifeline`)."""
    import sys

    from hiptimer.lifeline import lifeline

    lifeline.install(sys.__stdin__.fileno() if sys.__stdin__ is not None else None)


def open_picker(arguments: argparse.Namespace) -> int:
    _hold_on()
    _collector_off()
    from hiptimer.app import HipTimerApp  # Textual loads only for the commands that need it

    return _run(HipTimerApp(mute=arguments.mute))


def open_routine(arguments: argparse.Namespace) -> int:
    """Check the routine before the full screen opens: a bad one is a line on stderr."""
    _hold_on()
    _collector_off()
    from hiptimer.cli.errors import CommandError
    from hiptimer.paths import user_routines_dir
    from hiptimer.routines import RoutineFileError, RoutineNotFound, load_library

    try:
        load_library(user_routines_dir()).resolve(arguments.routine)
    except (RoutineNotFound, RoutineFileError) as error:
        raise CommandError(str(error)) from None
    from hiptimer.app import HipTimerApp

    return _run(HipTimerApp(mute=arguments.mute, routine=arguments.routine))
