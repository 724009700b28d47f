"""The rows the history store hands out: sessions, their summaries and per-side efforts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

__all__ = [
    "PAIN_ASKED",
    "CoachChoice",
    "SessionArchive",
    "SessionRecord",
    "SessionStatus",
    "SessionSummary",
    "SideEffort",
    "StoredSet",
    "from_timestamp",
    "length_text",
    "to_timestamp",
]


def length_text(seconds: float) -> str:
    """A session's length as the summary and the history both say it: "0:42", "23:05",
    "1:02:10" (whole seconds, as a race time reads)."""
    total = max(0, int(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class SessionStatus(StrEnum):
    """Where a session stands. The value is what the database and the exports hold."""

    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    ABANDONED = "abandoned"


def to_timestamp(moment: datetime) -> str:
    """A wall-clock time as stored: UTC, to the second, "2024-05-01T07:00:00Z".

    A naive datetime is taken to be UTC already. Whole seconds keep the text sortable and the
    exports stable; a set's exact length lives in its `seconds`, not in its timestamps.
    """
    if moment.tzinfo is not None and moment.tzinfo is not UTC:
        moment = moment.astimezone(UTC)
    # isoformat rather than strftime: exports write hundreds of thousands of these.
    return moment.replace(tzinfo=None, microsecond=0).isoformat() + "Z"


def from_timestamp(text: str) -> datetime:
    """The inverse of `to_timestamp`: an aware UTC datetime."""
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is UTC:  # what the store writes; the common case by far
        return moment
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


@dataclass(frozen=True)
class SessionRecord:
    """One run of a routine, as stored."""

    id: int
    routine_id: str
    routine_name: str
    routine_text: str
    """The routine's TOML exactly as it was run; the file may have changed since."""
    start_side: int
    """0 or 1: which of each exercise's two sides went first."""
    started_at: datetime
    ended_at: datetime | None
    status: SessionStatus
    active_seconds: float | None = None
    """As in `SessionSummary`."""
    effort: int | None = None
    """The runner's effort, RPE 1-10, answered on the summary; None if not answered."""
    pain: int | None = None
    """Pain during the session, 0-10 (0 is none); None if not answered."""
    pain_after: int | None = None
    """Pain the next time hiptimer asked (the next launch), 0-10; `PAIN_ASKED` if skipped."""


PAIN_ASKED = -1
"""`pain_after` when the runner was asked how the pain is now and chose not to answer."""


@dataclass(frozen=True, order=True)
class CoachChoice:
    """The runner's own decision about a ladder. It takes precedence over the coach's."""

    at: datetime
    ladder: str
    """The ladder's key, as `hiptimer progress` shows it."""
    side: str
    """The side it is about ("left"), or "" for every side."""
    choice: str
    """ "accept" or "decline" a step up, "back" a rung, or "jump" to `rung`."""
    rung: int | None = None
    """For "jump": the rung, counting from 0."""


@dataclass(frozen=True)
class SessionSummary:
    """A session as the history table lists it, with its sets counted."""

    id: int
    routine_id: str
    routine_name: str
    start_side: int
    started_at: datetime
    ended_at: datetime | None
    status: SessionStatus
    done: int
    """Sets (per side) finished, short or not."""
    skipped: int
    short: int
    """Holds ended before their (minimum) time."""
    active_seconds: float | None = None
    """How long it took, without the time between a crash and its resume (see `duration`)."""

    @property
    def duration(self) -> timedelta | None:
        """How long the session took: its own measure when it has one, else start to end."""
        if self.active_seconds is not None:
            return timedelta(seconds=self.active_seconds)
        return None if self.ended_at is None else self.ended_at - self.started_at


@dataclass(frozen=True)
class SideEffort:
    """What one side managed on one exercise in one session; skipped sets are left out.

    For holds, `seconds` is the session's longest hold on that side; for reps, `reps` is the
    session's total on that side, which is how a runner compares sides for each kind.
    """

    session_id: int
    started_at: datetime
    exercise: str
    kind: str
    """The `StepKind` value: "REPS", "HOLD" or "MAX HOLD"."""
    side: str | None
    """The side's label, or None for two-sided work."""
    seconds: float
    reps: int | None
    load: str | None

    @property
    def is_hold(self) -> bool:
        return self.kind != "REPS"

    @property
    def value(self) -> float:
        """The number a trend plots: hold seconds, or reps."""
        return self.seconds if self.is_hold else float(self.reps or 0)


@dataclass(frozen=True)
class StoredSet:
    """A set result as the store keeps it, without the session it belongs to."""

    block: int
    exercise_index: int
    set_index: int
    side: int | None
    """The SetKey's side index, or None for two-sided work."""
    exercise: str
    block_name: str | None
    kind: str
    side_label: str | None
    target: str
    reps: int | None
    seconds: float
    started_at: datetime
    ended_at: datetime
    skipped: bool
    short: bool
    load: str | None
    weight: float | None = None
    """The weight lifted, in `weight_unit`, for an exercise that names a load."""
    weight_unit: str | None = None
    """ "kg" or "lb"."""


@dataclass(frozen=True)
class SessionArchive:
    """A whole session with its sets: what export writes and import reads back.

    A session is the same session wherever it is stored when its routine id and start time match.
    """

    routine_id: str
    routine_name: str
    routine_text: str
    start_side: int
    started_at: datetime
    ended_at: datetime | None
    status: SessionStatus
    sets: tuple[StoredSet, ...]
    active_seconds: float | None = None
    """As in `SessionSummary`; None in exports from before hiptimer kept it."""
    effort: int | None = None
    pain: int | None = None
    pain_after: int | None = None
    """As in `SessionRecord`; None in exports from before hiptimer asked."""
