"""What the history screen shows, computed from stored rows: calendar, streak, goal, trends, asymmetry.

Every function here is pure: it takes rows the store returned (and "today") and touches nothing.
A session counts as training when at least one set in it was done rather than skipped.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo

from hiptimer.domain.history.records import SessionStatus, SessionSummary, SideEffort

__all__ = [
    "ASYMMETRY_SESSIONS",
    "ASYMMETRY_THRESHOLD",
    "DEFAULT_WEEKLY_GOAL",
    "Asymmetry",
    "DaySessions",
    "ExerciseTrend",
    "HistoryOverview",
    "TrendPoint",
    "WeekProgress",
    "asymmetries",
    "calendar",
    "comparable",
    "current_streak",
    "overview",
    "training_starts",
    "trends",
    "week_progress",
]

DEFAULT_WEEKLY_GOAL = 3
"""Sessions per week; in-season advice is 3 to 5."""
ASYMMETRY_SESSIONS = 3
"""How many of an exercise's latest sessions (with both sides done) an asymmetry is judged on."""
ASYMMETRY_THRESHOLD = 0.15
"""How far behind (as a share of the stronger side) a side must be to be called out."""


@dataclass(frozen=True)
class DaySessions:
    """One calendar day and how many sessions were trained on it."""

    day: date
    sessions: int


@dataclass(frozen=True)
class WeekProgress:
    """This week (Monday to Sunday) against the weekly goal."""

    done: int
    goal: int

    @property
    def met(self) -> bool:
        return self.done >= self.goal


@dataclass(frozen=True)
class TrendPoint:
    """One session's figure for one side: hold seconds, or reps."""

    started_at: datetime
    value: float
    load: str | None


@dataclass(frozen=True)
class ExerciseTrend:
    """An exercise's figures over time, one series per side (None for two-sided work)."""

    exercise: str
    kind: str
    sides: dict[str | None, list[TrendPoint]] = field(default_factory=dict)

    @property
    def is_hold(self) -> bool:
        return self.kind != "REPS"


@dataclass(frozen=True)
class Asymmetry:
    """One side behind the other on an exercise, averaged over its latest sessions."""

    exercise: str
    is_hold: bool
    weaker: str
    weaker_value: float
    stronger: str
    stronger_value: float

    @property
    def sentence(self) -> str:
        """Plain words, e.g. "Right couch stretch: 1:40 vs 2:30 on the left"."""
        if self.is_hold:
            weak, strong = _clock(self.weaker_value), _clock(self.stronger_value)
        else:
            weak, strong = f"{round(self.weaker_value)} reps", str(round(self.stronger_value))
        name = self.exercise
        if not name[:2].isupper():  # "Couch stretch" reads "couch stretch"; "KB swing" stays
            name = name[:1].lower() + name[1:]
        return f"{self.weaker.capitalize()} {name}: {weak} vs {strong} on the {self.stronger}"


@dataclass(frozen=True)
class HistoryOverview:
    """Everything the history screen shows, in one value."""

    calendar: list[list[DaySessions]]
    streak_weeks: int
    week: WeekProgress
    trends: list[ExerciseTrend]
    asymmetries: list[Asymmetry]


def training_starts(sessions: Iterable[SessionSummary]) -> list[datetime]:
    """Start times of the sessions that count as training, by the store's rule (`_COUNTS` there):
    reached the end with at least one set done and no more skipped than done."""
    return [
        session.started_at
        for session in sessions
        if session.status is SessionStatus.COMPLETED and session.done >= max(1, session.skipped)
    ]


def calendar(
    starts: Iterable[datetime], *, today: date, weeks: int = 6, tz: tzinfo | None = None
) -> list[list[DaySessions]]:
    """The last `weeks` weeks, Monday first, oldest week first; the last week holds today."""
    counts = _days(starts, tz)
    first = _monday(today) - timedelta(weeks=weeks - 1)
    return [
        [DaySessions(day, counts[day]) for day in _week(first + timedelta(weeks=number))]
        for number in range(weeks)
    ]


def current_streak(
    starts: Iterable[datetime], *, today: date, tz: tzinfo | None = None, goal: int = 1
) -> int:
    """Consecutive weeks (Monday to Sunday) with the plan's `goal` sessions, up to this week.

    Weeks, not days, because rest days are part of the plan. This week counts once it meets the
    goal; until then the streak runs to last week, so it never breaks before Sunday is over.
    """
    per_week = Counter(_monday(day) for day in _days(starts, tz))  # days, as week_progress
    weeks = {week for week, count in per_week.items() if count >= goal}
    week = _monday(today)
    if week not in weeks:
        week -= timedelta(weeks=1)
    streak = 0
    while week in weeks:
        streak += 1
        week -= timedelta(weeks=1)
    return streak


def week_progress(
    starts: Iterable[datetime],
    *,
    today: date,
    goal: int = DEFAULT_WEEKLY_GOAL,
    tz: tzinfo | None = None,
) -> WeekProgress:
    """Days trained so far this week (Monday to Sunday) against the goal.

    Days, not sessions, as the coach plans them: once a day counts, today is a rest day, so a
    second session that day does not bring the week's goal closer (`hiptimer history`, `today`
    and the picker's card all read this one figure).
    """
    days = _days(starts, tz)
    return WeekProgress(sum(1 for day in _week(_monday(today)) if days[day]), goal)


def trends(efforts: Iterable[SideEffort]) -> list[ExerciseTrend]:
    """Per exercise, each side's figure per session, oldest first; exercises sorted by name."""
    by_exercise: dict[str, ExerciseTrend] = {}
    for effort in efforts:
        trend = by_exercise.setdefault(effort.exercise, ExerciseTrend(effort.exercise, effort.kind))
        point = TrendPoint(effort.started_at, effort.value, effort.load)
        trend.sides.setdefault(effort.side, []).append(point)
    return [by_exercise[name] for name in sorted(by_exercise, key=str.casefold)]


def asymmetries(
    exercise_trends: Iterable[ExerciseTrend],
    *,
    sessions: int = ASYMMETRY_SESSIONS,
    threshold: float = ASYMMETRY_THRESHOLD,
) -> list[Asymmetry]:
    """Exercises where one side averaged `threshold` or more behind the other lately."""
    found = []
    for trend in exercise_trends:
        asymmetry = _asymmetry(trend, sessions, threshold)
        if asymmetry is not None:
            found.append(asymmetry)
    return found


def overview(
    starts: Iterable[datetime],
    efforts: Iterable[SideEffort],
    *,
    today: date,
    goal: int = DEFAULT_WEEKLY_GOAL,
    weeks: int = 6,
    tz: tzinfo | None = None,
) -> HistoryOverview:
    """The history screen's data, from `store.training_starts()` and `store.efforts(since=...)`."""
    starts = list(starts)
    exercise_trends = trends(efforts)
    return HistoryOverview(
        calendar=calendar(starts, today=today, weeks=weeks, tz=tz),
        streak_weeks=current_streak(starts, today=today, tz=tz, goal=goal),
        week=week_progress(starts, today=today, goal=goal, tz=tz),
        trends=exercise_trends,
        asymmetries=asymmetries(exercise_trends),
    )


def comparable(trend: ExerciseTrend, sessions: int = ASYMMETRY_SESSIONS) -> bool:
    """True when a one-sided exercise has `sessions` sessions with both sides done: enough to
    say whether one side lags, rather than calling two sides even on one session's data."""
    return len(_paired(trend)[1][-sessions:]) >= sessions


def _paired(trend: ExerciseTrend) -> tuple[list[str], list[datetime]]:
    """The two side labels, and the sessions in which both were done, oldest first."""
    labels = [label for label in trend.sides if label is not None]
    if len(labels) != 2:
        return labels, []
    first, second = ({p.started_at for p in trend.sides[label]} for label in labels)
    return labels, sorted(first & second)


def _asymmetry(trend: ExerciseTrend, sessions: int, threshold: float) -> Asymmetry | None:
    labels, paired = _paired(trend)
    both = paired[-sessions:]
    if len(labels) != 2 or len(both) < sessions:
        return None
    first, second = ({p.started_at: p.value for p in trend.sides[label]} for label in labels)
    averages = [sum(side[moment] for moment in both) / len(both) for side in (first, second)]
    weak, strong = (0, 1) if averages[0] < averages[1] else (1, 0)
    if averages[strong] <= 0 or averages[weak] > averages[strong] * (1 - threshold):
        return None
    return Asymmetry(
        trend.exercise,
        trend.is_hold,
        labels[weak],
        averages[weak],
        labels[strong],
        averages[strong],
    )


def _days(starts: Iterable[datetime], tz: tzinfo | None) -> Counter[date]:
    return Counter(start.astimezone(tz).date() for start in starts)


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _week(monday: date) -> list[date]:
    return [monday + timedelta(days=offset) for offset in range(7)]


def _clock(seconds: float) -> str:
    # Same M:SS as routines.format_clock, kept here because importing hiptimer.routines loads
    # pydantic, which would cost `hiptimer history` a third of a second.
    minutes, secs = divmod(max(0, int(seconds)), 60)
    return f"{minutes}:{secs:02d}"
