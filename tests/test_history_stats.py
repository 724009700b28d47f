"""What the history screen will show: calendar, streak, weekly goal, per-side trends, asymmetry."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from hiptimer.domain.history import (
    HistoryStore,
    SessionStatus,
    SessionSummary,
    SideEffort,
    asymmetries,
    calendar,
    current_streak,
    overview,
    training_starts,
    trends,
    week_progress,
)
from hiptimer.domain.results import SetResult
from hiptimer.routines.plan import SetKey, StepKind

TODAY = date(2025, 3, 12)  # a Wednesday


def at(day: date, hour: int = 7) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def effort(
    day: int, exercise: str, side: str | None, value: float, kind: str = "HOLD"
) -> SideEffort:
    reps = int(value) if kind == "REPS" else None
    return SideEffort(day, at(date(2025, 3, day)), exercise, kind, side, value, reps, None)


def test_the_calendar_shows_sessions_on_their_days_monday_first_ending_this_week() -> None:
    starts = [at(date(2025, 3, 10)), at(date(2025, 3, 10), 18), at(date(2025, 3, 4))]
    weeks = calendar(starts, today=TODAY, weeks=2, tz=UTC)
    assert [week[0].day for week in weeks] == [date(2025, 3, 3), date(2025, 3, 10)]
    assert [day.sessions for day in weeks[0]] == [0, 1, 0, 0, 0, 0, 0]
    assert [day.sessions for day in weeks[1]] == [2, 0, 0, 0, 0, 0, 0]


def test_the_calendar_uses_the_runners_local_day() -> None:
    late_evening_in_new_york = datetime(2025, 3, 11, 2, tzinfo=UTC)  # 22:00 on the 10th, EDT
    weeks = calendar(
        [late_evening_in_new_york], today=TODAY, weeks=1, tz=ZoneInfo("America/New_York")
    )
    assert [day.sessions for day in weeks[0]][:2] == [1, 0]


def test_the_streak_counts_weeks_that_met_the_plans_goal() -> None:
    twice = [at(TODAY - timedelta(weeks=1)), at(TODAY - timedelta(weeks=1, days=2))]
    once = [at(TODAY - timedelta(weeks=2))]
    assert current_streak([*once, *twice], today=TODAY, tz=UTC, goal=2) == 1
    assert current_streak([*once, *twice], today=TODAY, tz=UTC, goal=1) == 2


def test_the_streak_counts_weeks_and_survives_until_this_week_is_over() -> None:
    weekly = [at(TODAY - timedelta(weeks=n)) for n in range(1, 5)]  # last 4 weeks, not this one
    assert current_streak(weekly, today=TODAY, goal=1, tz=UTC) == 4
    assert current_streak([*weekly, at(TODAY)], today=TODAY, goal=1, tz=UTC) == 5
    gap = [at(TODAY), at(TODAY - timedelta(weeks=2))]
    assert current_streak(gap, today=TODAY, goal=1, tz=UTC) == 1
    assert current_streak([], today=TODAY, goal=1, tz=UTC) == 0


def test_a_week_short_of_the_goal_breaks_the_streak() -> None:
    """The streak counted a week with 1 of 3 planned sessions."""

    def week_of(weeks_ago: int, sessions: int) -> list[datetime]:
        monday = TODAY - timedelta(days=TODAY.weekday(), weeks=weeks_ago)
        return [at(monday + timedelta(days=day)) for day in range(sessions)]

    full = [*week_of(1, 3), *week_of(2, 3)]
    assert current_streak(full, today=TODAY, tz=UTC, goal=3) == 2
    assert current_streak([*full, *week_of(3, 1), *week_of(4, 3)], today=TODAY, tz=UTC, goal=3) == 2
    # Last week had 1 of 3: that ends it, however full the weeks before were.
    assert current_streak([*week_of(1, 1), *week_of(2, 3)], today=TODAY, tz=UTC, goal=3) == 0
    # This week counts once it meets the goal, and until then does not break the streak.
    assert current_streak([*full, *week_of(0, 2)], today=TODAY, tz=UTC, goal=3) == 2
    assert current_streak([*full, *week_of(0, 3)], today=TODAY, tz=UTC, goal=3) == 3
    assert current_streak([*week_of(1, 2), *week_of(2, 2)], today=TODAY, goal=2, tz=UTC) == 2


def test_this_week_is_counted_against_the_goal() -> None:
    starts = [at(date(2025, 3, 9)), at(date(2025, 3, 10)), at(date(2025, 3, 12))]
    progress = week_progress(starts, today=TODAY, tz=UTC)
    assert (progress.done, progress.goal, progress.met) == (2, 3, False)
    assert week_progress(starts, today=TODAY, goal=2, tz=UTC).met


def test_two_sessions_on_one_day_are_one_day_of_the_weeks_goal() -> None:
    # The coach calls the day done after one, so `history` must not say 2 of 4 when `today` says 1.
    starts = [at(date(2025, 3, 10)), at(date(2025, 3, 10), 18)]
    assert week_progress(starts, today=TODAY, goal=4, tz=UTC).done == 1
    assert current_streak([*starts, at(date(2025, 3, 11))], today=TODAY, goal=3, tz=UTC) == 0


def _session(
    store: HistoryStore, day: date, done: int, skipped: int, status: SessionStatus | None
) -> None:
    session = store.start_session("in-season", "In-season hip session", "", 0, at(day))
    for index in range(done + skipped):
        store.record(
            session,
            SetResult(
                "in-season", "Hip hitch", SetKey(0, 0, index, 0), None, StepKind.REPS, "left",
                "10 reps", 10, 30.0, at(day), at(day), skipped=index >= done,
            ),
        )  # fmt: skip
    if status is not None:
        store.finish(session, status, at(day))


def test_only_a_session_that_reached_its_end_mostly_done_counts_as_the_days_training() -> None:
    store, _ = HistoryStore.open()
    _session(store, date(2025, 3, 3), 3, 0, SessionStatus.ABANDONED)  # quit after 3 of 20
    _session(store, date(2025, 3, 4), 1, 0, None)  # the terminal was killed
    _session(store, date(2025, 3, 5), 2, 18, SessionStatus.COMPLETED)  # 18 of 20 skipped
    _session(store, date(2025, 3, 6), 10, 10, SessionStatus.COMPLETED)  # half skipped: counts
    _session(store, date(2025, 3, 7), 20, 0, SessionStatus.COMPLETED)
    assert store.training_starts() == [at(date(2025, 3, 6)), at(date(2025, 3, 7))]
    assert [day for day, _ in store.routines_done()] == [at(date(2025, 3, 6)), at(date(2025, 3, 7))]


def test_sessions_where_every_set_was_skipped_do_not_count_as_training() -> None:
    def summary(done: int, status: SessionStatus = SessionStatus.COMPLETED) -> SessionSummary:
        return SessionSummary(1, "couch", "Couch", 0, at(TODAY), None, status, done, 3, 0)

    assert training_starts([summary(0), summary(2), summary(3)]) == [at(TODAY)]
    assert training_starts([summary(3, SessionStatus.ABANDONED)]) == []


def test_trends_keep_one_series_per_side_oldest_first() -> None:
    [couch, bridge] = trends(
        [
            effort(3, "Couch stretch", "left", 120),
            effort(3, "Couch stretch", "right", 100),
            effort(5, "Couch stretch", "left", 130),
            effort(5, "Glute bridge", None, 15, "REPS"),
        ]
    )
    assert couch.exercise == "Couch stretch" and couch.is_hold
    assert [p.value for p in couch.sides["left"]] == [120, 130]
    assert [p.value for p in couch.sides["right"]] == [100]
    assert not bridge.is_hold and [p.value for p in bridge.sides[None]] == [15]


def test_a_side_15_percent_behind_over_the_last_three_sessions_is_named_in_plain_words() -> None:
    history = [
        effort(1, "Couch stretch", "left", 60),  # older sessions are not part of the judgement
        effort(1, "Couch stretch", "right", 150),
        *[effort(day, "Couch stretch", "left", 150) for day in (3, 5, 7)],
        *[effort(day, "Couch stretch", "right", 100) for day in (3, 5, 7)],
    ]
    [note] = asymmetries(trends(history))
    assert note.sentence == "Right couch stretch: 1:40 vs 2:30 on the left"


def test_reps_asymmetry_reads_in_reps_and_small_gaps_are_not_reported() -> None:
    history = [
        *[effort(day, "Side plank clam", "left", 12, "REPS") for day in (3, 5, 7)],
        *[effort(day, "Side plank clam", "right", 15, "REPS") for day in (3, 5, 7)],
        *[effort(day, "Couch stretch", side, 120 if side == "left" else 110) for day in (3, 5, 7) for side in ("left", "right")],
    ]  # fmt: skip
    assert [note.sentence for note in asymmetries(trends(history))] == [
        "Left side plank clam: 12 reps vs 15 on the right"
    ]


def test_two_sessions_are_too_few_to_call_a_side_behind() -> None:
    history = [effort(day, "Couch stretch", side, 150 if side == "left" else 60) for day in (3, 5) for side in ("left", "right")]  # fmt: skip
    assert asymmetries(trends(history)) == []


def test_the_overview_built_from_the_store_holds_streak_goal_and_asymmetry() -> None:
    store, _ = HistoryStore.open()
    for week in range(3):
        day = TODAY - timedelta(weeks=week)
        session = store.start_session("couch", "Couch stretch", "", 0, at(day))
        for side, seconds in ((0, 150.0), (1, 100.0)):
            store.record(
                session,
                SetResult(
                    "couch", "Couch stretch", SetKey(0, 0, 0, side), None, StepKind.HOLD,
                    ("left", "right")[side], "2m..3m", None, seconds, at(day), at(day), short=side == 1,
                ),
            )  # fmt: skip
        store.finish(session, SessionStatus.COMPLETED, at(day, 8))

    view = overview(store.training_starts(), store.efforts(), today=TODAY, tz=UTC, goal=1)
    store.close()
    assert view.streak_weeks == 3
    assert (view.week.done, view.week.goal) == (1, 1)
    assert view.calendar[-1][TODAY.weekday()].sessions == 1
    assert [note.sentence for note in view.asymmetries] == [
        "Right couch stretch: 1:40 vs 2:30 on the left"
    ]


def test_the_store_gives_training_days_and_recent_efforts_only() -> None:
    store, _ = HistoryStore.open()
    for day, skipped in ((date(2025, 1, 6), False), (date(2025, 3, 10), False), (TODAY, True)):
        session = store.start_session("couch", "Couch stretch", "", 0, at(day))
        store.record(
            session,
            SetResult(
                "couch", "Couch stretch", SetKey(0, 0, 0, 0), None, StepKind.HOLD, "left",
                "2m", None, 120.0, at(day), at(day), skipped=skipped,
            ),
        )  # fmt: skip
        store.finish(session, SessionStatus.COMPLETED, at(day))
    assert store.training_starts() == [at(date(2025, 1, 6)), at(date(2025, 3, 10))]
    recent = store.efforts(since=at(date(2025, 3, 1)))
    assert [(e.started_at, e.side, e.seconds) for e in recent] == [
        (at(date(2025, 3, 10)), "left", 120.0)
    ]
    store.close()


def test_sides_are_not_called_even_on_too_few_sessions() -> None:
    from hiptimer.domain.history import ExerciseTrend, TrendPoint, comparable

    start = datetime(2026, 11, 1, 7, 0, tzinfo=UTC)
    once: dict[str | None, list[TrendPoint]] = {
        side: [TrendPoint(start, value, None)]
        for side, value in (("left", 180.0), ("right", 100.0))
    }
    trend = ExerciseTrend("Couch stretch", "HOLD", once)
    assert not comparable(trend)
    thrice: dict[str | None, list[TrendPoint]] = {
        side: [TrendPoint(start + timedelta(days=day), 150.0, None) for day in range(3)]
        for side in ("left", "right")
    }
    assert comparable(ExerciseTrend("Couch stretch", "HOLD", thrice))
