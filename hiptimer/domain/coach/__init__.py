"""The coach: ladders read from routine files, and each side's next target replayed from the log.

No Textual, no stored counters: every figure here is computed from what the history holds. Names
load on first use (PEP 562): the settings read the season's plan without loading tomlkit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hiptimer.lazy import lazy_attributes

if TYPE_CHECKING:
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
    from hiptimer.domain.coach.programme import PLANS, Due, Season, SeasonPlan, due
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
    from hiptimer.domain.coach.today import (
        ExerciseLine,
        Stage,
        TodaySession,
        prescribe,
        stage_chains,
        today_session,
    )

_HOMES = {
    **dict.fromkeys(
        [
            "DEFAULT_HOLD_STEP",
            "DEFAULT_LOAD_STEP",
            "DEFAULT_REP_STEP",
            "DEFAULT_SESSIONS",
            "Ladder",
            "Measure",
            "RungDose",
            "ladders_in",
            "show_value",
        ],
        "ladders",
    ),
    **dict.fromkeys(["PLANS", "Due", "Season", "SeasonPlan", "due"], "programme"),
    **dict.fromkeys(["all_ladders", "standing", "standings"], "progress"),
    **dict.fromkeys(
        [
            "EFFORT_GATE",
            "PAIN_GATE",
            "LadderStatus",
            "Observation",
            "SideTarget",
            "follow",
            "observations",
        ],
        "replay",
    ),
    **dict.fromkeys(
        ["ExerciseLine", "Stage", "TodaySession", "prescribe", "stage_chains", "today_session"],
        "today",
    ),
}

__all__ = [
    "DEFAULT_HOLD_STEP",
    "DEFAULT_LOAD_STEP",
    "DEFAULT_REP_STEP",
    "DEFAULT_SESSIONS",
    "EFFORT_GATE",
    "PAIN_GATE",
    "PLANS",
    "Due",
    "ExerciseLine",
    "Ladder",
    "LadderStatus",
    "Measure",
    "Observation",
    "RungDose",
    "Season",
    "SeasonPlan",
    "SideTarget",
    "Stage",
    "TodaySession",
    "all_ladders",
    "due",
    "follow",
    "ladders_in",
    "observations",
    "prescribe",
    "show_value",
    "stage_chains",
    "standing",
    "standings",
    "today_session",
]

__getattr__ = lazy_attributes(__name__, _HOMES)
