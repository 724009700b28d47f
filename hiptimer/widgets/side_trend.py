"""One exercise's trend over time, a sparkline per side with the latest figure beside it."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from hiptimer.domain.history import ExerciseTrend, TrendPoint
from hiptimer.safe_text import visible

__all__ = ["SharedBars", "SideTrend", "bars", "latest_text", "side_name"]

_LEVELS = " ▁▂▃▄▅▆▇█"
_LONGEST_LABEL = 24
"""Columns a side's label may take before it gives way to the bars (with an ellipsis)."""


def bars(values: Sequence[float], top: float, width: int) -> str:
    """The last `width` values as bars against `top`, oldest left. Both sides of an exercise
    share one `top`, so a side that lags draws lower, not just as tall as the other."""
    shown = list(values)[-width:] if width > 0 else []
    if top <= 0:
        return "▁" * len(shown)
    return "".join(_LEVELS[max(1, round(value / top * 8))] for value in shown)


class SharedBars(Widget):
    """One side's values as a one-row bar chart on a scale shared with the other side."""

    DEFAULT_CSS = """
    SharedBars { width: 1fr; height: 1; color: $primary; }
    """

    def __init__(self, values: Sequence[float], top: float) -> None:
        super().__init__()
        self.values = values
        self.top = top

    def render(self) -> str:
        return bars(self.values, self.top, self.size.width)


def side_name(side: str | None) -> str:
    """ "LEFT", "CLOCKWISE"; "BOTH" for two-sided work."""
    return "BOTH" if side is None else side.upper()


def latest_text(points: list[TrendPoint], *, is_hold: bool) -> str:
    """The latest figure as a runner reads it: "2:30" for holds, "12 reps · 8 kg" for reps."""
    latest = points[-1]
    if is_hold:
        minutes, seconds = divmod(max(0, int(latest.value)), 60)
        return f"{minutes}:{seconds:02d}"
    text = f"{round(latest.value)} reps"
    return f"{text} · {latest.load}" if latest.load else text


class SideTrend(Vertical):
    """The exercise's name, then one row per side: label, sparkline (oldest left), latest figure."""

    DEFAULT_CSS = """
    SideTrend {
        height: auto;
        margin-bottom: 1;
        & > .-exercise { height: 1; text-style: bold; }
        & > Horizontal { height: 1; }
        & .-side {
            width: 7; color: $text-muted; text-style: bold;
            text-wrap: nowrap; text-overflow: ellipsis;
        }
        & SharedBars { width: 1fr; height: 1; }
        & .-latest { width: 24; padding-left: 1; text-wrap: nowrap; text-overflow: ellipsis; }
    }
    """

    def __init__(self, trend: ExerciseTrend) -> None:
        super().__init__()
        self.trend = trend

    def compose(self) -> ComposeResult:
        what = "longest hold per session" if self.trend.is_hold else "reps per session"
        # Names and side labels come from routine files and imports: variables, never markup.
        yield Static(
            Content.from_markup(
                "$name [dim]· $what[/dim]", name=visible(self.trend.exercise), what=what
            ),
            classes="-exercise",
        )
        top = max(
            (point.value for points in self.trend.sides.values() for point in points), default=0
        )
        # As wide as this exercise's longest label: "CLOCKWISE" was cut to "CLOCKWI".
        label_width = min(_LONGEST_LABEL, max(map(len, map(side_name, self.trend.sides))) + 1)
        for side, points in self.trend.sides.items():
            with Horizontal(classes="-side-row"):
                label = Static(Content(visible(side_name(side))), classes="-side")
                label.styles.width = max(7, label_width)
                yield label
                yield SharedBars([point.value for point in points], top)
                yield Static(latest_text(points, is_hold=self.trend.is_hold), classes="-latest")
