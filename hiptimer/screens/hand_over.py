"""Giving the terminal to the runner's editor for a while: the app steps aside (suspends)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from typing import Any

from textual.app import App, SuspendNotSupported

__all__ = ["terminal_handed_over"]


@contextmanager
def terminal_handed_over(app: App[Any]) -> Iterator[bool]:
    """While entered, the terminal is the editor's; gives False where it cannot be handed over
    at all (in a browser, or a headless run)."""
    with ExitStack() as aside:
        try:
            aside.enter_context(app.suspend())
        except SuspendNotSupported:
            handed_over = False
        else:
            handed_over = True
        yield handed_over
