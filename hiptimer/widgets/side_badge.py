"""The working side in capitals, with an arrow that points to it when it is left or right."""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

__all__ = ["SideBadge"]

_POINTING = frozenset({"LEFT", "RIGHT"})
"""Only these point somewhere: an arrow on "CLOCKWISE" read as a direction of rotation."""


class SideBadge(Static):
    """ "◀ LEFT" or "RIGHT ▶"; any two labels of a routine work. Hidden for two-sided work."""

    DEFAULT_CSS = """
    SideBadge {
        width: auto;
        min-width: 18;
        height: 3;
        padding: 0 2;
        content-align: center middle;
        text-style: bold reverse;
        border: heavy $foreground 60%;
        dock: right;
        &.-first { dock: left; }
        &.-upcoming { text-style: bold; border: dashed $foreground 60%; }
        &.-none { display: none; }
    }
    """

    side: reactive[str | None] = reactive(None)
    first: reactive[bool] = reactive(True)
    """True for the routine's first-listed side: it sits at the left and its arrow points left."""
    upcoming: reactive[bool] = reactive(False)
    """The side of the next set (during a rest), drawn open rather than solid."""

    def render_side(self) -> Content:
        if self.side is None:
            return Content("")
        label = self.side.upper()  # a label from the routine file: Content, never markup
        badge = label
        if label in _POINTING:
            badge = f"◀ {label}" if self.first else f"{label} ▶"
        return Content(f"next {badge}" if self.upcoming else badge)

    def watch_side(self) -> None:
        self.set_class(self.side is None, "-none")
        self.update(self.render_side())

    def watch_first(self) -> None:
        self.set_class(self.first, "-first")
        self.update(self.render_side())

    def watch_upcoming(self) -> None:
        self.set_class(self.upcoming, "-upcoming")
        self.update(self.render_side())
