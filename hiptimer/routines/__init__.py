"""Routines: the file format, its loader, the plan a session runs, and the built-in routines.

Nothing in this package imports Textual.
"""

from hiptimer.routines.durations import (
    CountRange,
    DurationRange,
    counted,
    format_clock,
    format_duration,
)
from hiptimer.routines.loader import (
    LoadedRoutine,
    Origin,
    RoutineLibrary,
    RoutineNotFound,
    load_library,
    load_routine_file,
    parse_routine,
)
from hiptimer.routines.model import Block, BlockStyle, Exercise, Routine, Sides, Tempo
from hiptimer.routines.plan import (
    Phase,
    Plan,
    PlanDefaults,
    SetKey,
    Step,
    StepKind,
    build_plan,
    estimate_seconds,
)
from hiptimer.routines.problems import RoutineFileError, RoutineProblem

__all__ = [
    "Block",
    "BlockStyle",
    "CountRange",
    "DurationRange",
    "Exercise",
    "LoadedRoutine",
    "Origin",
    "Phase",
    "Plan",
    "PlanDefaults",
    "Routine",
    "RoutineFileError",
    "RoutineLibrary",
    "RoutineNotFound",
    "RoutineProblem",
    "SetKey",
    "Sides",
    "Step",
    "StepKind",
    "Tempo",
    "build_plan",
    "counted",
    "estimate_seconds",
    "format_clock",
    "format_duration",
    "load_library",
    "load_routine_file",
    "parse_routine",
]
