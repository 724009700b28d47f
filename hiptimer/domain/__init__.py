"""The domain: the session engine, its cues and results, and the history store. No Textual here."""

from hiptimer.domain.clock import FakeClock
from hiptimer.domain.cues import MILESTONES, Cue, CueKind
from hiptimer.domain.engine import (
    OVERDUE_SECONDS,
    AfterSuspend,
    Clock,
    SessionEngine,
    boottime_clock,
)
from hiptimer.domain.results import SetResult
from hiptimer.domain.view import (
    Away,
    ChecklistItem,
    CueFired,
    Event,
    Phase,
    PhaseStarted,
    SessionFinished,
    SessionView,
    SetLogged,
    SetState,
    SetUndone,
)

__all__ = [
    "MILESTONES",
    "OVERDUE_SECONDS",
    "AfterSuspend",
    "Away",
    "ChecklistItem",
    "Clock",
    "Cue",
    "CueFired",
    "CueKind",
    "Event",
    "FakeClock",
    "Phase",
    "PhaseStarted",
    "SessionEngine",
    "SessionFinished",
    "SessionView",
    "SetLogged",
    "SetResult",
    "SetState",
    "SetUndone",
    "boottime_clock",
]
