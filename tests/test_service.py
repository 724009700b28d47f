"""The session service without a screen: the resume offer and its answers, settings, estimates."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from hiptimer.alerts import CueAlerts
from hiptimer.domain import FakeClock, Phase
from hiptimer.domain.history import HistoryStore, SessionStatus, SessionSummary
from hiptimer.domain.results import SetResult
from hiptimer.routines import LoadedRoutine, Origin, parse_routine
from hiptimer.routines.plan import SetKey, StepKind
from hiptimer.service import Notice, ResumeChoice, SessionService
from hiptimer.settings import Settings, load_settings

ROUTINE_TEXT = """\
name = "Service test"

[[exercise]]
name = "Hip hitch"
reps = 15
sets = 2
sides = "each"
switch = 0
rest = 0
"""
CRASHED = datetime(2026, 11, 18, 7, 0, tzinfo=UTC)
THREE_DAYS_LATER = CRASHED + timedelta(days=3)


def crash_after(sets: int, routine_text: str = ROUTINE_TEXT) -> None:
    """What a SIGKILL leaves: a session in progress with `sets` sets (one side each) saved."""
    store, _ = HistoryStore.open()
    with store:
        session = store.start_session("service-test", "Service test", routine_text, 0, CRASHED)
        for number in range(sets):
            begun = CRASHED + timedelta(seconds=10 + 60 * number)
            set_index, side = divmod(number, 2)
            store.record(
                session,
                SetResult(
                    "service-test", "Hip hitch", SetKey(0, 0, set_index, side), None,
                    StepKind.REPS, ("left", "right")[side], "15 reps", 15, 60.0, begun,
                    begun + timedelta(minutes=1),
                ),
            )  # fmt: skip


def only_session() -> SessionSummary:
    store, _ = HistoryStore.open()
    with store:
        [session] = store.sessions()
    return session


@pytest.fixture
def notices() -> list[Notice]:
    return []


@pytest.fixture
def service(notices: list[Notice]) -> SessionService:
    clock = FakeClock(wall_start=THREE_DAYS_LATER)
    return SessionService(
        Settings(sound=False),
        notify=notices.append,
        clock=clock,
        wall_clock=clock.wall,
        cue_alerts=CueAlerts(Settings(sound=False)),
    )


def loaded() -> LoadedRoutine:
    routine = parse_routine(ROUTINE_TEXT, file="service-test.toml")
    return LoadedRoutine("service-test", routine, Origin.USER, "service-test.toml", ROUTINE_TEXT)


# -- the resume offer --------------------------------------------------------------------------


def test_nothing_is_offered_when_every_session_was_finished(service: SessionService) -> None:
    assert service.resume_offer() is None


def test_the_offer_names_the_routine_the_set_to_do_and_when_it_stopped(
    service: SessionService,
) -> None:
    crash_after(2)
    offer = service.resume_offer()
    assert offer is not None
    assert offer.text == "Resume Service test: Hip hitch, set 2/2, LEFT"
    assert offer.detail.startswith("Stopped on ")
    assert offer.detail.endswith("2 of 4 sets done")


def test_later_leaves_the_session_to_be_offered_at_the_next_start(
    service: SessionService,
) -> None:
    crash_after(1)
    offer = service.resume_offer()
    assert offer is not None
    assert offer.answer(ResumeChoice.LATER) is None
    assert only_session().status is SessionStatus.IN_PROGRESS
    assert service.resume_offer() is not None


def test_discard_closes_it_lasting_as_long_as_its_sets(service: SessionService) -> None:
    crash_after(2)
    offer = service.resume_offer()
    assert offer is not None
    assert offer.answer(ResumeChoice.DISCARD) is None
    session = only_session()
    assert session.status is SessionStatus.ABANDONED
    assert session.ended_at == THREE_DAYS_LATER
    assert session.duration == timedelta(minutes=2)
    assert service.resume_offer() is None


def test_resume_carries_on_at_the_first_set_not_done_and_keeps_logging(
    service: SessionService,
) -> None:
    crash_after(1)
    offer = service.resume_offer()
    assert offer is not None
    session = offer.answer(ResumeChoice.RESUME)
    assert session is not None and session.log is not None
    session.engine.start()
    view = session.engine.view()
    assert (view.phase, view.work and view.work.key) == (Phase.REPS, SetKey(0, 0, 0, 1))
    session.engine.finish()
    assert only_session().done == 2  # the right side of set 1 is in the history now


def test_an_unreadable_routine_is_closed_not_offered(service: SessionService) -> None:
    crash_after(1, routine_text="name = ")
    assert service.resume_offer() is None
    assert only_session().status is SessionStatus.ABANDONED


def test_a_session_with_every_set_done_is_closed_as_completed(service: SessionService) -> None:
    crash_after(4)
    assert service.resume_offer() is None
    assert only_session().status is SessionStatus.COMPLETED


def test_history_that_cannot_open_is_a_notice_and_sessions_still_run(
    service: SessionService, notices: list[Notice], hiptimer_home: Path
) -> None:
    hiptimer_home.mkdir(parents=True, exist_ok=True)
    (hiptimer_home / "history.sqlite3").mkdir()  # a folder where the file should be
    assert service.resume_offer() is None
    session = service.start(loaded(), 0)
    assert session.log is None
    assert [notice.severity for notice in notices] == ["error"]
    assert "History is off for this run" in notices[0].text


# -- settings and estimates --------------------------------------------------------------------


def test_applied_settings_are_saved_and_used_by_the_next_cue(
    service: SessionService, hiptimer_home: Path
) -> None:
    changed = Settings(sound=False, voice=True, rest=90)
    path = service.apply_settings(changed)
    assert path == hiptimer_home / "config.toml"
    assert load_settings(path) == (changed, [])
    assert service.settings == changed
    assert service.cue_alerts.settings == changed


def test_settings_that_cannot_be_saved_change_nothing(
    service: SessionService, hiptimer_home: Path
) -> None:
    hiptimer_home.mkdir(parents=True, exist_ok=True)
    (hiptimer_home / "config.toml").mkdir()  # cannot be replaced by a file
    before = service.settings
    with pytest.raises(OSError):
        service.apply_settings(Settings(rest=90))
    assert service.settings == before
    assert service.cue_alerts.settings == before


def test_a_theme_picked_in_the_app_is_kept_with_the_other_settings(
    service: SessionService, hiptimer_home: Path
) -> None:
    service.remember_theme("nord")
    saved, _ = load_settings(hiptimer_home / "config.toml")
    assert (saved.theme, saved.sound) == ("nord", False)


def test_the_estimate_is_what_the_session_screen_counts_down_from(
    service: SessionService,
) -> None:
    service.apply_settings(Settings(sound=False, seconds_per_rep=4))
    session = service.start(loaded(), 0)
    assert session.engine.view().session_total == service.estimate_seconds(loaded().routine)
    # Two sets a side of 15 untimed reps at 4 s; untimed reps have no get ready.
    assert service.estimate_seconds(loaded().routine) == 4 * 15 * 4
