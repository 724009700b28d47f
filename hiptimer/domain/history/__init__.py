"""The history store: sessions and set results in SQLite, their stats, and export/import.

Nothing here imports Textual, and nothing imports the routines package until it must, so
`hiptimer history` starts fast. Export and import (csv, the Strong columns) load on first use
(PEP 562): a launch and a session never need them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hiptimer.domain.history.damage import DamagedHistory
from hiptimer.domain.history.migrations import LATEST_VERSION, HistoryTooNew
from hiptimer.domain.history.records import (
    PAIN_ASKED,
    CoachChoice,
    SessionArchive,
    SessionRecord,
    SessionStatus,
    SessionSummary,
    SideEffort,
    StoredSet,
    length_text,
)
from hiptimer.domain.history.stats import (
    DEFAULT_WEEKLY_GOAL,
    Asymmetry,
    DaySessions,
    ExerciseTrend,
    HistoryOverview,
    TrendPoint,
    WeekProgress,
    asymmetries,
    calendar,
    comparable,
    current_streak,
    overview,
    training_starts,
    trends,
    week_progress,
)
from hiptimer.domain.history.store import HistoryStore, ImportCount, LadderRow
from hiptimer.lazy import lazy_attributes

if TYPE_CHECKING:
    from hiptimer.domain.history.transfer import (
        STRONG_COLUMNS,
        ExportFormat,
        ImportProblem,
        export_history,
        import_file,
        parse_export,
    )

__getattr__ = lazy_attributes(
    __name__,
    dict.fromkeys(
        [
            "STRONG_COLUMNS",
            "ExportFormat",
            "ImportProblem",
            "export_history",
            "import_file",
            "parse_export",
        ],
        "transfer",
    ),
)

__all__ = [
    "DEFAULT_WEEKLY_GOAL",
    "LATEST_VERSION",
    "PAIN_ASKED",
    "STRONG_COLUMNS",
    "Asymmetry",
    "CoachChoice",
    "DamagedHistory",
    "DaySessions",
    "ExerciseTrend",
    "ExportFormat",
    "HistoryOverview",
    "HistoryStore",
    "HistoryTooNew",
    "ImportCount",
    "ImportProblem",
    "LadderRow",
    "SessionArchive",
    "SessionRecord",
    "SessionStatus",
    "SessionSummary",
    "SideEffort",
    "StoredSet",
    "TrendPoint",
    "WeekProgress",
    "asymmetries",
    "calendar",
    "comparable",
    "current_streak",
    "export_history",
    "import_file",
    "length_text",
    "overview",
    "parse_export",
    "training_starts",
    "trends",
    "week_progress",
]
