"""The runner's routine files changed through the service, without a screen: what the runner is
told, and that the library (and whoever shows it) follows the files."""

from __future__ import annotations

from contextlib import nullcontext
from pathlib import Path

import pytest

from hiptimer.alerts import CueAlerts
from hiptimer.routines import RoutineLibrary
from hiptimer.service import Notice, SessionService
from hiptimer.service.own_routines import CANNOT_HAND_OVER
from hiptimer.settings import Settings

MINE = """\
name = "Easy hips"

[[exercise]]
name = "Hip hitch"
reps = 10
"""


@pytest.fixture
def notices() -> list[Notice]:
    return []


@pytest.fixture
def service(hiptimer_home: Path, notices: list[Notice]) -> SessionService:
    folder = hiptimer_home / "routines"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "easy-hips.toml").write_text(MINE, encoding="utf-8")
    settings = Settings(sound=False)
    return SessionService(settings, notify=notices.append, cue_alerts=CueAlerts(settings))


def test_a_rename_is_told_and_shown_pointing_at_the_new_id(
    service: SessionService, notices: list[Notice]
) -> None:
    shown: list[tuple[RoutineLibrary, str | None]] = []
    service.own_routines.shown.append(lambda library, highlight: shown.append((library, highlight)))
    service.own_routines.rename("easy-hips", "hips")
    assert [notice.text for notice in notices] == ["Renamed easy-hips to hips"]
    assert "hips" in service.library.routines and "easy-hips" not in service.library.routines
    assert shown == [(service.library, "hips")]


def test_a_refused_delete_is_an_error_and_changes_nothing(
    service: SessionService, notices: list[Notice]
) -> None:
    before = service.library
    service.own_routines.delete("couch-stretch")  # a built-in: not the runner's to delete
    assert [(notice.title, notice.severity) for notice in notices] == [("Cannot delete", "error")]
    assert service.library is before


def test_a_routine_that_is_not_there_is_a_message_not_a_crash(
    service: SessionService, notices: list[Notice]
) -> None:
    assert service.own_routines.resolve("no-such-routine") is None
    assert notices[0].title == "Cannot open routine"


def test_an_edit_where_the_terminal_cannot_be_handed_over_says_so(
    service: SessionService, notices: list[Notice]
) -> None:
    assert service.own_routines.edit("easy-hips", nullcontext(False)) is None
    assert [notice.text for notice in notices] == [CANNOT_HAND_OVER]
