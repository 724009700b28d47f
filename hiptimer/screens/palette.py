"""The command palette, with PageUp and PageDown that cannot stop the app."""

from __future__ import annotations

from typing import Literal

from textual import command
from textual.binding import Binding

from hiptimer.widgets.paged_options import page_options

__all__ = ["CommandPalette"]


class CommandPalette(command.CommandPalette):
    """Textual's palette; its page keys page with `page_options`, as its own list's crashed
    when the list had no rows on screen (a terminal 3 rows high)."""

    BINDINGS = [
        Binding("pagedown", "page(1)", "Next page", show=False),
        Binding("pageup", "page(-1)", "Previous page", show=False),
    ]

    def action_page(self, direction: Literal[-1, 1]) -> None:
        page_options(self.query_one(command.CommandList), direction)
