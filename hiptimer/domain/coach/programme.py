"""The runner's plan: season, sessions a week and (optionally) days; which routine is due, and when.

The built-in plans follow the dosing of "Simple Glute Medius Exercise for Runners": in season,
little and often (15–20 minutes, 3–5 times a week); off season, longer structured sessions of
45–60 minutes with heavier strength work. The build-up between them runs the staged hip programme
and the base-building circuit.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from enum import StrEnum

__all__ = [
    "PLANS",
    "WEEKDAYS",
    "Due",
    "Season",
    "SeasonPlan",
    "due",
    "next_in_rotation",
]

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class Season(StrEnum):
    """Where the runner is in the year. The value is what config.toml holds."""

    IN_SEASON = "in-season"
    OFF_SEASON = "off-season"
    BUILD_UP = "build-up"

    @property
    def words(self) -> str:
        return {"in-season": "in season", "off-season": "off season", "build-up": "build-up"}[
            self.value
        ]


@dataclass(frozen=True)
class SeasonPlan:
    """A built-in plan: how often, how long, and the routines it takes turns with."""

    sessions: int
    """Sessions a week unless the runner sets `sessions_per_week`."""
    minutes: str
    rotation: tuple[str, ...]
    """Routine ids, in turn; a routine with `next` stands for the stage the runner is on."""
    why: str


PLANS: dict[Season, SeasonPlan] = {
    Season.IN_SEASON: SeasonPlan(
        4,
        "15–20 minutes",
        ("in-season", "couch-stretch"),
        "little and often, as the article advises (3–5 times a week in season)",
    ),
    Season.OFF_SEASON: SeasonPlan(
        3,
        "45–60 minutes",
        ("off-season",),
        "longer structured sessions with heavier strength work",
    ),
    Season.BUILD_UP: SeasonPlan(
        3,
        "15–30 minutes",
        ("hip-foundation", "base-circuit", "couch-stretch", "bridge-ladder"),
        "the hip stages (foundation, standing, loaded), the base-building circuit and the "
        "couch stretch and bridge ladders, in turn",
    ),
}


@dataclass(frozen=True)
class Due:
    """Whether today is a session day, and if not, when the next one is."""

    session_today: bool
    next_day: date
    why: str
    done_this_week: int
    goal: int


def due(
    starts: Iterable[datetime],
    *,
    today: date,
    goal: int,
    days: Sequence[str] = (),
    tz: tzinfo | None = None,
) -> Due:
    """Today by the plan: `goal` sessions a week (Monday to Sunday), on `days` if given."""
    # Here, not at the top: the settings import this module, and the picker's first paint
    # needs no history package.
    from hiptimer.domain.history.stats import week_progress

    starts = list(starts)
    trained = {start.astimezone(tz).date() for start in starts}
    done = week_progress(starts, today=today, goal=goal, tz=tz).done
    if today in trained:
        return Due(False, _next(today, days, done, goal), "done for today", done, goal)
    if done >= goal:
        return Due(
            False, _next(today, days, done, goal), f"this week's {goal} are done", done, goal
        )
    if days:
        if WEEKDAYS[today.weekday()] in days:
            return Due(True, today, "a training day", done, goal)
        return Due(False, _next(today, days, done, goal), "not one of your days", done, goal)
    days_left = 7 - today.weekday()
    if today - timedelta(days=1) in trained and days_left > goal - done:
        return Due(False, today + timedelta(days=1), "a rest day after yesterday's", done, goal)
    return Due(True, today, "due", done, goal)


def _next(today: date, days: Sequence[str], done: int, goal: int) -> date:
    """The next day a session is due after today: a training day, in a week not yet complete."""
    this_week = today - timedelta(days=today.weekday())
    for ahead in range(1, 15):
        day = today + timedelta(days=ahead)
        if days and WEEKDAYS[day.weekday()] not in days:
            continue
        if day - timedelta(days=day.weekday()) == this_week and done >= goal:
            continue
        return day
    return today + timedelta(days=1)


def next_in_rotation(rotation: Sequence[str], done_routines: Sequence[str]) -> str:
    """The routine after the last one of the rotation the runner did (the first if none).

    `done_routines` are routine ids, oldest first; a stage of a ladder counts as its first.
    """
    for routine_id in reversed(done_routines):
        if routine_id in rotation:
            return rotation[(rotation.index(routine_id) + 1) % len(rotation)]
    return rotation[0]
