"""A one-line row for an option list: a name cut to fit, with a note kept at the right edge."""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, RenderResult
from rich.text import Text

__all__ = ["ListRow"]


class ListRow:
    """A name on the left and a short note ("12 min · yours") at the right edge, on one line.

    A name too long for the list ends in "…" rather than wrapping, so every routine is one row
    and the lengths line up in a column at any width. Both parts are `Text`, never markup.
    """

    def __init__(self, name: Text, note: Text | None = None) -> None:
        self.name = name
        self.note = note if note is not None else Text()

    def __str__(self) -> str:
        """The row as plain text: the name, then the note."""
        return f"{self.name.plain}  {self.note.plain}".rstrip()

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        note = self.note.copy()
        note.truncate(width, overflow="ellipsis")
        gap = 2 if note else 0
        name = self.name.copy()
        name.truncate(max(width - note.cell_len - gap, 1), overflow="ellipsis")
        name.no_wrap = True
        name.pad_right(width - name.cell_len - note.cell_len)
        name.append_text(note)
        yield name
