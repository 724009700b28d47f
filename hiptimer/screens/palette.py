"""The command palette, with PageUp and PageDown that cannot stop the app."""

from __future__ import annotations

from typing import Any, Literal

from textual import command
from textual.app import App
from textual.binding import Binding

from hiptimer.widgets.paged_options import page_options

__all__ = ["CommandPalette", "open_palette"]


class CommandPalette(command.CommandPalette):
    """Textual's palette; its page keys page with `page_options`, as its own list's crashed
    when the list had no rows on screen (a terminal 3 rows high)."""

    BINDINGS = [
        Binding("pagedown", "page(1)", "Next page", show=False),
        Binding("pageup", "page(-1)", "Previous page", show=False),
    ]

    def action_page(self, direction: Literal[-1, 1]) -> None:
        page_options(self.query_one(command.CommandList), direction)


def open_palette(app: App[Any]) -> None:
    """Open this palette over `app`, as Textual's own `command_palette` action opens its own."""
    if app.use_command_palette and not isinstance(app.screen, CommandPalette):
        app.push_screen(CommandPalette(id="--command-palette"))
