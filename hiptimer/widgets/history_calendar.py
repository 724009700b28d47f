"""Recent weeks as a calendar: one row per week, one mark per day with its number of sessions."""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static

from hiptimer.domain.history import DaySessions

__all__ = ["REST_MARK", "WEEKDAYS", "HistoryCalendar", "day_mark"]

WEEKDAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
REST_MARK = "·"
"""A day in the past with no session: rest days are part of the plan, so not a cross."""


def day_mark(day: DaySessions, today: date) -> str:
    """ "2" for two sessions, "·" for a rest day, blank for a day still to come."""
    if day.day > today:
        return ""
    return str(day.sessions) if day.sessions else REST_MARK


class HistoryCalendar(Widget):
    """Weeks oldest first, Monday first, the week label on the left; today is highlighted."""

    DEFAULT_CSS = """
    HistoryCalendar {
        layout: grid;
        grid-size: 8;
        grid-columns: 7 4 4 4 4 4 4 4;
        width: 35;
        height: auto;
        & > Static { width: 100%; height: 1; content-align: center middle; }
        & > .-week-label { content-align: left middle; color: $text-muted; }
        & > .-weekday { color: $text-muted; text-style: bold; }
        & > .-rest { color: $text-muted; }
        & > .-trained { background: $success 30%; text-style: bold; }
        & > .-today { text-style: bold reverse; }
    }
    """

    weeks: reactive[list[list[DaySessions]]] = reactive(list, recompose=True)
    """From `stats.calendar`: oldest week first, seven days each."""

    def __init__(self, today: date, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.today = today

    def compose(self) -> ComposeResult:
        yield Static("", classes="-week-label")
        for weekday in WEEKDAYS:
            yield Static(weekday, classes="-weekday")
        for week in self.weeks:
            yield Static(f"{week[0].day:%b %d}", classes="-week-label")
            for day in week:
                yield Static(day_mark(day, self.today), classes=self._day_classes(day))

    def _day_classes(self, day: DaySessions) -> str:
        classes = ["-day", "-trained" if day.sessions else "-rest"]
        if day.day == self.today:
            classes.append("-today")
        return " ".join(classes)
