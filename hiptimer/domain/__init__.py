"""The domain: the session engine, its cues and results, and the history store. No Textual here.

Names load on first use (PEP 562), so `hiptimer history` reads the store without paying for the
engine and the routine model.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hiptimer.lazy import lazy_attributes

if TYPE_CHECKING:
    from hiptimer.domain.clock import AfterSuspend, FakeClock
    from hiptimer.domain.cues import MILESTONES, Cue, CueKind
    from hiptimer.domain.engine import (
        OVERDUE_SECONDS,
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

_HOMES = {
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


__getattr__ = lazy_attributes(__name__, _HOMES)
