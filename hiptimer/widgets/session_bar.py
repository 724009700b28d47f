"""The whole session's progress, as one thin bar that redraws only when it visibly grows."""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

__all__ = ["SessionBar"]

BAR, HALF_LEFT, HALF_RIGHT = "━", "╺", "╸"


class SessionBar(Widget):
    """Drawn like Textual's `ProgressBar`, without its once-a-second timer and ETA: a session
    screen that is idle through a 3-minute hold should wake only when something it shows moves."""

    COMPONENT_CLASSES = {"session-bar--done"}

    DEFAULT_CSS = """
    SessionBar {
        height: 1;
        & > .session-bar--done { color: $primary; background: $surface; }
    }
    """

    done: reactive[float] = reactive(0.0)
    """The share of the session's planned time behind the runner, 0 to 1."""

    def validate_done(self, done: float) -> float:
        # Rounded to the bar's half cells: a change too small to draw is no change at all.
        halves = max(self.size.width * 2, 1)
        return int(min(max(done, 0.0), 1.0) * halves) / halves

    def render_line(self, y: int) -> Strip:
        # Drawn as two segments straight away: a Rich `Bar` renderable cost a millisecond a
        # frame, as much as the big timer. The same glyphs as Textual's progress bar.
        width = self.size.width
        style = self.get_component_rich_style("session-bar--done")
        base = self.visual_style.rich_style
        done, rest = base + Style.from_color(style.color), base + Style.from_color(style.bgcolor)
        end = round(self.done * width * 2) / 2
        full, half = int(end), end - int(end) > 0
        if full == 0 and not half:
            return Strip([Segment(BAR * width, rest)], width)
        tail = BAR * (width - full - 1)
        if not half and full < width:
            tail = HALF_LEFT + tail
        head = BAR * full + (HALF_RIGHT if half else "")
        return Strip([Segment(head, done), Segment(tail, rest)], width)
