"""Commands that open the full-screen app: the picker, and `run ROUTINE` straight to its preview."""

from __future__ import annotations

import argparse
from typing import Any

__all__ = ["open_picker", "register"]


def register(commands: Any) -> None:
    run = commands.add_parser("run", help="open a routine's preview, ready to start")
    run.add_argument("routine", help="a routine id or a path to a .toml file")
    run.set_defaults(handler=open_routine)


def open_picker(arguments: argparse.Namespace) -> int:
    from hiptimer.app import HipTimerApp  # Textual loads only for the commands that need it

    HipTimerApp(mute=arguments.mute).run()
    return 0


def open_routine(arguments: argparse.Namespace) -> int:
    from hiptimer.app import HipTimerApp

    HipTimerApp(mute=arguments.mute, routine=arguments.routine).run()
    return 0
