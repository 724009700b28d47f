"""Command palette entries: the app's own, and "routine: start …" for every routine."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

from textual.app import App, SystemCommand
from textual.markup import escape

from hiptimer.routines import RoutineLibrary

__all__ = ["system_commands"]

APP_COMMANDS = (
    ("app: help", "Keys for every phase", "help"),
    ("history: show sessions", "Calendar, streak and per-side trends", "open_history"),
    ("settings: edit", "Sound, voice, timings, theme and keys", "open_settings"),
)
"""Title, help and the app's action for each command that is not a routine."""


def system_commands(
    app: App[Any], library: RoutineLibrary, open_routine: Callable[[str], None]
) -> Iterator[SystemCommand]:
    """The app's commands, then "routine: start couch stretch", which opens that preview."""
    for title, help_text, action in APP_COMMANDS:
        yield SystemCommand(title, help_text, partial(app.run_action, action))
    for routine_id, loaded in sorted(library.routines.items()):
        # The palette parses a command's help, and an unsearched title, as markup: escape both,
        # as the name and summary come from a file.
        yield SystemCommand(
            escape(f"routine: start {loaded.routine.name.lower()}"),
            escape(loaded.routine.summary or ""),
            partial(open_routine, routine_id),
        )
