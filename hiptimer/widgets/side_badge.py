"""The working side, large and in capitals, with an arrow that points to it."""

from __future__ import annotations

from textual.reactive import reactive
from textual.widgets import Static

__all__ = ["SideBadge"]


class SideBadge(Static):
    """ "◀ LEFT" or "RIGHT ▶"; any two labels of a routine work. Hidden for two-sided work."""

    DEFAULT_CSS = """
    SideBadge {
        width: auto;
        min-width: 14;
        height: 3;
        padding: 0 2;
        content-align: center middle;
        text-style: bold reverse;
        border: heavy $accent;
        &.-none { display: none; }
    }
    """

    side: reactive[str | None] = reactive(None)
    first: reactive[bool] = reactive(True)
    """True for the routine's first-listed side, whose arrow points left."""

    def render_side(self) -> str:
        if self.side is None:
            return ""
        label = self.side.upper()
        return f"◀ {label}" if self.first else f"{label} ▶"

    def watch_side(self) -> None:
        self.set_class(self.side is None, "-none")
        self.update(self.render_side())

    def watch_first(self) -> None:
        self.update(self.render_side())
