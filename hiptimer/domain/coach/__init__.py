"""The coach: ladders read from routine files, and each side's next target replayed from the log.

No Textual, no stored counters: every figure here is computed from what the history holds.
"""

from hiptimer.domain.coach.ladders import (
    DEFAULT_HOLD_STEP,
    DEFAULT_LOAD_STEP,
    DEFAULT_REP_STEP,
    DEFAULT_SESSIONS,
    Ladder,
    Measure,
    RungDose,
    ladders_in,
    show_value,
)
from hiptimer.domain.coach.progress import all_ladders, standing, standings
from hiptimer.domain.coach.replay import (
    EFFORT_GATE,
    PAIN_GATE,
    LadderStatus,
    Observation,
    SideTarget,
    follow,
    observations,
)

__all__ = [
    "DEFAULT_HOLD_STEP",
    "DEFAULT_LOAD_STEP",
    "DEFAULT_REP_STEP",
    "DEFAULT_SESSIONS",
    "EFFORT_GATE",
    "PAIN_GATE",
    "Ladder",
    "LadderStatus",
    "Measure",
    "Observation",
    "RungDose",
    "SideTarget",
    "all_ladders",
    "follow",
    "ladders_in",
    "observations",
    "show_value",
    "standing",
    "standings",
]
