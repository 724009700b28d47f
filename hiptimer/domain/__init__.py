"""The domain: the session engine, its cues and results, and the history store. No Textual here.

Names load on first use (PEP 562), so `hiptimer history` reads the store without paying for the
engine and the routine model.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hiptimer.lazy import lazy_attributes

if TYPE_CHECKING:
    from hiptimer.domain.clock import EPSILON, AfterSuspend, FakeClock
    from hiptimer.domain.cues import MILESTONES, Cue, CueKind
    from hiptimer.domain.engine import (
        OVERDUE_SECONDS,
        Clock,
        SessionEngine,
        boottime_clock,
    )
    from hiptimer.domain.results import SetResult
    from hiptimer.domain.schedule import TempoBeat, tempo_beat
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

_HOMES = {
    "EPSILON": "clock",
    "FakeClock": "clock",
    "MILESTONES": "cues",
    "Cue": "cues",
    "CueKind": "cues",
    "OVERDUE_SECONDS": "engine",
    "AfterSuspend": "clock",
    "Clock": "engine",
    "SessionEngine": "engine",
    "boottime_clock": "engine",
    "SetResult": "results",
    "TempoBeat": "schedule",
    "tempo_beat": "schedule",
    **dict.fromkeys(
        [
            "Away",
            "ChecklistItem",
            "CueFired",
            "Event",
            "Phase",
            "PhaseStarted",
            "SessionFinished",
            "SessionView",
            "SetLogged",
            "SetState",
            "SetUndone",
        ],
        "view",
    ),
}

__all__ = [
    "EPSILON",
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
    "TempoBeat",
    "boottime_clock",
    "tempo_beat",
]


__getattr__ = lazy_attributes(__name__, _HOMES)
