"""The history screen: recent weeks, the streak, the weekly goal, per-side trends and asymmetry."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Static

from hiptimer.domain.history import (
    HistoryOverview,
    HistoryStore,
    HistoryTooNew,
    WeekProgress,
    comparable,
    overview,
)
from hiptimer.safe_text import visible
from hiptimer.widgets import KeyFooter
from hiptimer.widgets.history_calendar import HistoryCalendar
from hiptimer.widgets.side_trend import SideTrend

if TYPE_CHECKING:
    from hiptimer.service import SessionService

__all__ = ["CALENDAR_WEEKS", "HistoryScreen", "streak_text", "week_text"]

CALENDAR_WEEKS = 8
TREND_WEEKS = 52
"""How far back the trends reach: a season's change shows, and ten years stay quick to read."""

NO_HISTORY = (
    "[b]No history yet.[/b]\n\nEvery set you finish is kept. Run a routine from the list and "
    "your calendar, streak and each side's trend will show up here."
)
HISTORY_OFF = (
    "[b]History is off for this run.[/b]\n\nhiptimer could not open its history file (the "
    "message at start-up says why), so there is nothing to show. Sessions still run."
)


def streak_text(weeks: int, goal: int) -> str:
    """The streak in weeks that met the goal, because rest days are part of the plan."""
    if weeks == 0:
        sessions = "a session" if goal == 1 else f"{goal} sessions"
        return f"No streak yet: do {sessions} this week to start one."
    return f"Streak: [b]{weeks} week{'s' if weeks != 1 else ''}[/b] in a row"


def week_text(week: WeekProgress) -> str:
    """ "2 of 3 sessions this week", with a tick once the goal is met."""
    text = f"[b]{week.done} of {week.goal}[/b] sessions this week"
    return f"✔ {text}, goal met" if week.met else text


class HistoryScreen(Screen[None]):
    """Everything done so far, computed once on mount in a thread so a long history loads fast."""

    CSS_PATH = "../assets/styles/history.tcss"

    BINDINGS = [
        Binding(
            "escape,q", "close", "Back", id="history.close", tooltip="Back to the routine list"
        ),
    ]

    history: reactive[HistoryOverview | None] = reactive(None, init=False)
    """The figures shown; None until the worker has read them."""

    def __init__(
        self,
        store: HistoryStore | None,
        goal: int,
        *,
        today: date | None = None,
        progress: Callable[[HistoryStore], list[str]] | None = None,
    ) -> None:
        """`store` is None when history is off for this run; `goal` is sessions a week;
        `progress` gives the coach's line for each ladder, read in the screen's own thread."""
        super().__init__()
        self.store = store
        self.goal = goal
        self.progress = progress
        self.today = today or date.today()
        """The day the calendar ends on and the week counts from; tests pass a fixed one."""

    @classmethod
    def of(cls, service: SessionService) -> HistoryScreen:
        """The runner's history as the service keeps it, to today, with the coach's ladders."""
        today = service.wall_clock().astimezone().date()
        progress = service.progress_lines if service.history is not None else None
        return cls(service.history, service.settings.weekly_goal, today=today, progress=progress)

    @property
    def trends_since(self) -> datetime:
        """Local midnight, `TREND_WEEKS` before today."""
        return datetime.combine(self.today - timedelta(weeks=TREND_WEEKS), time()).astimezone()

    def compose(self) -> ComposeResult:
        yield Static(
            f"[b]History[/b] · the last {CALENDAR_WEEKS} weeks to {self.today:%a %d %b %Y}",
            id="history-title",
        )
        with VerticalScroll(id="history-body"):
            yield Static("Reading your history…", id="history-message")
            with Vertical(id="history-data"):
                with Horizontal(id="history-top"):
                    yield HistoryCalendar(self.today, id="calendar")
                    with Vertical(id="history-summary"):
                        yield Static(id="week-goal")
                        yield Static(id="streak")
                yield Vertical(id="asymmetries")
                yield Static(id="ladders")
                yield Static(
                    "[b]Each side over the last year[/b] [dim]· oldest left[/dim]",
                    id="trends-title",
                )
                yield Vertical(id="trends")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#history-data").display = False
        self.query_one("#ladders").display = False
        self.query_one("#history-body").focus()
        if self.store is None:
            self._say(HISTORY_OFF)
        else:
            self.read_history(self.store.path, self.goal)

    @work(thread=True, exclusive=True)
    def read_history(self, path: Path, goal: int) -> None:
        """Query once, in a thread of its own: an SQLite connection belongs to one thread."""
        try:
            store, notice = HistoryStore.open(path)
            if notice:  # the file was damaged since the app opened it, and was moved aside
                self.app.call_from_thread(
                    self.notify, notice, severity="warning", timeout=20, markup=False
                )
            with store:
                ladders = self.progress(store) if self.progress is not None else []
                starts = store.training_starts()
                # A session ended early does not count as training, yet its sets are kept and
                # show in the trends, so the efforts are read whether or not anything counted.
                figures = overview(
                    starts,
                    store.efforts(since=self.trends_since),
                    today=self.today,
                    goal=goal,
                    weeks=CALENDAR_WEEKS,
                )
            for damage in store.notices:  # found by a query, not at open: moved aside as well
                self.app.call_from_thread(
                    self.notify, damage, severity="warning", timeout=20, markup=False
                )
        except (sqlite3.Error, OSError, HistoryTooNew) as error:
            self.app.call_from_thread(
                self._say,
                Content.from_markup(
                    "[b]Could not read your history:[/b] $error", error=visible(str(error))
                ),
            )
            return
        if ladders:
            text = Text.assemble(("Ladders", "bold"), "\n", "\n".join(ladders))
            self.app.call_from_thread(self._show_ladders, text)
        if starts or figures.trends:
            self.app.call_from_thread(setattr, self, "history", figures)
        else:
            self.app.call_from_thread(self._say, NO_HISTORY)

    def _show_ladders(self, text: Text) -> None:
        ladders = self.query_one("#ladders", Static)
        ladders.update(text)
        ladders.display = True

    def watch_history(self, figures: HistoryOverview | None) -> None:
        if figures is None:
            return
        self.query_one("#history-message").display = False
        self.query_one("#history-data").display = True
        self.query_one(HistoryCalendar).weeks = figures.calendar
        self.query_one("#week-goal", Static).update(week_text(figures.week))
        self.query_one("#week-goal").set_class(figures.week.met, "-met")
        self.query_one("#streak", Static).update(
            streak_text(figures.streak_weeks, figures.week.goal)
        )
        self._show_asymmetries(figures)
        trends = self.query_one("#trends")
        if figures.trends:
            trends.mount_all(SideTrend(trend) for trend in figures.trends)
        else:
            trends.mount(Static("No sets done in the last year.", classes="-quiet"))

    def _show_asymmetries(self, figures: HistoryOverview) -> None:
        box = self.query_one("#asymmetries")
        box.set_class(not figures.asymmetries, "-even")
        if figures.asymmetries:
            box.mount_all(
                Static(Content(f"⚠ {visible(found.sentence)}"), classes="-asymmetry")
                for found in figures.asymmetries
            )
        elif any(comparable(trend) for trend in figures.trends):
            box.mount(Static("Left and right are even over the last 3 sessions with both sides."))
        else:
            box.mount(
                Static("Sides are compared once an exercise has 3 sessions with both sides done.")
            )

    def _say(self, message: str | Content) -> None:
        self.query_one("#history-message", Static).update(message)
        self.query_one("#history-message").display = True
        self.query_one("#history-data").display = False

    def action_close(self) -> None:
        self.app.pop_screen()
