"""One line of plain text that changes every second, drawn as cheaply as Textual allows."""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from textual.geometry import Size
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

__all__ = ["OneLine"]


class OneLine(Widget):
    """Plain text on one row; text wider than the row ends in "…".

    The status line and the time left change every second of a hold. A `Static` parses
    markup and wraps on each change; this draws one strip, which took the idle cost of a
    hold below termdown's."""

    DEFAULT_CSS = """
    OneLine { height: 1; }
    """

    text: reactive[str] = reactive("", repaint=False)

    def __init__(self, text: str = "", *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.set_reactive(OneLine.text, text)

    def watch_text(self, old: str, new: str) -> None:
        # Only a new width can move anything else ("9:59 left" after "10:00 left").
        self.refresh(layout=cell_len(old) != cell_len(new))

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return cell_len(self.text)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return 1

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        style = self.visual_style.rich_style
        text = self.text if y == 0 else ""
        if cell_len(text) > width:
            text = set_cell_size(text, max(width - 1, 0)) + "…" if width else ""
        return Strip([Segment(text, style)]).adjust_cell_length(width, style)
