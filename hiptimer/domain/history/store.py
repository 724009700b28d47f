"""The history store: every session and set result, in SQLite, committed the moment it happens."""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, fields
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from hiptimer import paths
from hiptimer.domain.history.damage import (
    DamagedHistory,
    check_intact,
    damage_in,
    file_identity,
    move_aside,
    private,
)
from hiptimer.domain.history.lease import SessionLeases
from hiptimer.domain.history.migrations import LATEST_VERSION, HistoryTooNew, migrate, too_new
from hiptimer.domain.history.records import (
    PAIN_ASKED,
    CoachChoice,
    SessionArchive,
    SessionRecord,
    SessionStatus,
    SessionSummary,
    SideEffort,
    StoredSet,
    from_timestamp,
    to_timestamp,
)

if TYPE_CHECKING:
    # Only for types: the routines package loads pydantic, which `hiptimer history` never needs.
    from hiptimer.domain.results import SetResult
    from hiptimer.routines.plan import SetKey

__all__ = [
    "BUSY_TIMEOUT_SECONDS",
    "HistoryStore",
    "ImportCount",
    "LadderRow",
    "is_busy",
    "write_problem",
]

BUSY_TIMEOUT_SECONDS = 5.0
"""How long a write waits for another hiptimer process to finish its own."""

_SAME_SECOND_TRIES = 60
"""How many one-second steps a new session's start moves on when sessions of the same routine
already started in that second (another window, a quick restart): the start time and routine
are a session's identity in exports, so they must stay unique."""

_T = TypeVar("_T")
_BUSY = 5
_LOCKED = 6
_READONLY = 8
_IOERR = 10
_FULL = 13
_ROOM_BYTES = 1 << 20
"""Less free space than this where an I/O error happened: the disk is full."""


def write_problem(error: BaseException, folder: Path | None = None) -> str:
    """What stopped a write, in a runner's words: a full disk says so, whatever SQLite said.

    On a disk that fills up, SQLite often reports "disk I/O error" (a short write), and a
    ROLLBACK after it "cannot rollback"; so an I/O error where `folder` has no room left is
    a full disk as well."""
    code = getattr(error, "sqlite_errorcode", 0) & 0xFF
    if code == _FULL or "disk is full" in str(error) or _no_room(error, code, folder):
        return "the disk is full"
    if code == _READONLY or "readonly" in str(error):
        return "the history cannot be written (its folder or file is read-only)"
    if is_busy(error):
        return "another hiptimer is writing to the history"
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error)


def _no_room(error: BaseException, code: int, folder: Path | None) -> bool:
    if isinstance(error, OSError) and error.errno == errno.ENOSPC:
        return True
    if code != _IOERR or folder is None:
        return False
    try:
        return shutil.disk_usage(folder).free < _ROOM_BYTES
    except OSError:
        return False


def is_busy(error: BaseException) -> bool:
    """True for "the database is locked": another process holds the write lock; try later."""
    code = getattr(error, "sqlite_errorcode", 0) & 0xFF
    return code in (_BUSY, _LOCKED) or "database is locked" in str(error)


_NO_SIDE = -1
"""How a two-sided set's side is stored, so the primary key never holds NULL."""

_SESSION_COLUMNS = tuple(field.name for field in fields(SessionRecord))
"""The session table's columns as SessionRecord names them, in its order: the one list."""
_SET_COLUMNS = tuple(field.name for field in fields(StoredSet))
"""The set_result table's columns (but session_id) as StoredSet names them: the one list."""

# Whole statements, never assembled from input: the column names are the constants above, and
# every value goes in through a ? parameter.
_SELECT_SESSION = f"SELECT {', '.join(_SESSION_COLUMNS)} FROM session "  # noqa: S608
_SELECT_SETS = f"SELECT {', '.join(_SET_COLUMNS)} FROM set_result WHERE session_id = ? "  # noqa: S608
_SELECT_ALL_SETS = f"SELECT session_id, {', '.join(_SET_COLUMNS)} FROM set_result"  # noqa: S608
_INSERT_SET = (
    f"INSERT OR REPLACE INTO set_result (session_id, {', '.join(_SET_COLUMNS)}) "  # noqa: S608
    f"VALUES ({', '.join('?' * (len(_SET_COLUMNS) + 1))})"
)
_SELECT_EFFORTS = (
    "SELECT s.id, s.started_at, r.exercise, r.kind, r.side_label, max(r.seconds), "
    "sum(r.reps), max(r.load) "
    "FROM set_result r JOIN session s ON s.id = r.session_id "
    "WHERE NOT r.skipped "
)
# Sessions first, by their start-time index, then their sets by primary key: joining the other
# way round reads all of a long history's sets to keep a few months'.
_SINCE = "AND r.session_id IN (SELECT id FROM session WHERE started_at >= ?) "
_GROUP_EFFORTS = (
    "GROUP BY r.session_id, r.exercise, r.kind, r.side_label "
    "ORDER BY s.started_at, s.id, r.exercise, r.side_label"
)


# What the coach replays, summed in SQLite rather than row by row in Python: per session, exercise
# and side (or circuit round), the sets done and the weakest of them. Only the ladder's exercises
# are read, through the exercise index, so ten years of daily sessions stay fast.
_LADDER_HEAD = (
    "SELECT s.id, s.started_at, s.routine_id, s.effort, s.pain, s.pain_after, r.exercise, "
)
_SELECT_LADDER = (
    _LADDER_HEAD + "r.side_label, r.kind, -1, sum(NOT r.skipped), "
    "min(CASE WHEN r.skipped THEN NULL ELSE coalesce(r.reps, 0) END), "
    "min(CASE WHEN r.skipped THEN NULL ELSE r.seconds END), "
    "max(CASE WHEN r.skipped THEN NULL ELSE r.weight END), max(r.weight_unit), max(r.target) "
    "FROM set_result r JOIN session s ON s.id = r.session_id "
    "WHERE r.exercise IN ({names}) AND r.session_id IN ({sessions}) "
    "GROUP BY r.session_id, r.exercise, r.side_label ORDER BY s.started_at, s.id"
)
_SELECT_ROUNDS = (
    _LADDER_HEAD + "NULL, 'ROUND', r.set_index, sum(NOT r.skipped), NULL, 0, NULL, NULL, NULL "
    "FROM set_result r JOIN session s ON s.id = r.session_id "
    "WHERE r.exercise IN ({names}) AND r.session_id IN ({sessions}) "
    "GROUP BY r.session_id, r.set_index ORDER BY s.started_at, s.id"
)
# These routines' latest sessions, newest first, by the (routine_id, started_at) index.
_LATEST_OF_ROUTINES = (
    "SELECT id FROM session WHERE routine_id IN ({ids}) ORDER BY started_at DESC, id DESC LIMIT ?"
)


@dataclass(frozen=True)
class LadderRow:
    """One session's sets of one exercise on one side (or one circuit round), summed, with the
    session's answers: what the coach replays."""

    session_id: int
    started_at: datetime
    routine_id: str
    effort: int | None
    pain: int | None
    pain_after: int | None
    exercise: str
    side: str | None
    kind: str
    """The `StepKind` value, or "ROUND" for a circuit's round."""
    set_index: int
    """The round, for "ROUND"; -1 otherwise."""
    done: int
    """Sets done (not skipped)."""
    reps: int | None
    """The fewest reps of a set done, or None if none was done."""
    seconds: float | None
    """The shortest set done, in seconds."""
    weight: float | None
    weight_unit: str | None
    target: str | None = None
    """The dose the session ran, as logged ("2:15 hold", "10 reps"); None for a round."""


@dataclass(frozen=True)
class ImportCount:
    """What an import did: sessions it added, and sessions it found already stored."""

    added: int
    already_there: int


_COUNTS = (
    "s.status = 'completed' AND (SELECT sum(NOT r.skipped) >= max(1, sum(r.skipped)) "
    "FROM set_result r WHERE r.session_id = s.id)"
)
"""A session that uses up the day and counts for the week: it reached its end with at least
one set done and no more skipped than done (the summary's "complete" or "some sets skipped").
A quit session, one still open (a killed terminal) or a mostly skipped one does not: the runner
has not had today's session yet, and the coach offers it again."""


class HistoryStore:
    """One open history file. Every write is its own transaction; open it with `HistoryStore.open`."""

    def __init__(
        self, connection: sqlite3.Connection, path: Path, *, read_only: bool = False
    ) -> None:
        self._connection = connection
        self.path = path
        self.read_only = read_only
        """Opened from a home that cannot be written: every read works, every write fails."""
        self.leases = SessionLeases(path)
        self.on_damage: Callable[[str], None] | None = None
        """Told, in a runner's words, when damage found by a read moved the file aside."""
        self.notices: list[str] = []
        """Such notices, kept when nobody listens to `on_damage`."""
        self.generation = 0
        """How many times this store has started on a fresh file (damage, a removed file): a
        live session's log compares it to know its session is no longer in the file."""
        self._file = None if read_only else file_identity(path)

    @classmethod
    def open(cls, path: Path | None = None) -> tuple[HistoryStore, str | None]:
        """Open (or create) the history; the str is a notice for the user if a damaged file was moved."""
        path = path or paths.history_file()
        paths.private_folder(path.parent)
        try:
            connection, notice = _open_checked(path)
        except sqlite3.OperationalError as error:
            # A home that cannot be written still shows its history and exports it.
            if not _cannot_write(error, path):
                raise
            connection = _connect_read_only(path)
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            if version > LATEST_VERSION:
                connection.close()
                raise HistoryTooNew(too_new(version)) from None
            return cls(connection, path, read_only=True), None
        return cls(connection, path), notice

    def close(self) -> None:
        self.leases.release_all()
        self._connection.close()

    def __enter__(self) -> HistoryStore:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # Writing a session as it runs

    def start_session(
        self,
        routine_id: str,
        routine_name: str,
        routine_text: str,
        start_side: int,
        started_at: datetime,
    ) -> int:
        """Record that a session began; returns its id for `record` and `finish`.

        This store owns the session from now on (see `SessionLeases`): another hiptimer never
        offers to resume it while this process lives. Its lease is taken before the row is
        committed, so no other process ever sees the session without its owner.
        """
        with self._write() as cursor:
            for step in range(_SAME_SECOND_TRIES):
                try:
                    cursor.execute(
                        "INSERT INTO session (routine_id, routine_name, routine_text, "
                        "start_side, started_at, status) VALUES (?, ?, ?, ?, ?, ?)",
                        (
                            routine_id,
                            routine_name,
                            routine_text,
                            start_side,
                            to_timestamp(started_at + timedelta(seconds=step)),
                            SessionStatus.IN_PROGRESS.value,
                        ),
                    )
                except sqlite3.IntegrityError:
                    if step == _SAME_SECOND_TRIES - 1:
                        raise
                    continue
                break
            session_id = int(cursor.lastrowid or 0)
            self.leases.take(session_id)
        return session_id

    def record(
        self,
        session_id: int,
        result: SetResult,
        *,
        weight: float | None = None,
        weight_unit: str | None = None,
        wait: float | None = None,
    ) -> None:
        """Commit one set result now. Recording the same set and side again replaces it.

        `wait` is how long to wait for another process's write lock (default: the busy
        timeout); a live session waits only briefly and keeps the set to try again."""
        key = result.key
        row = StoredSet(
            block=key.block,
            exercise_index=key.exercise,
            set_index=key.set,
            side=key.side,
            exercise=result.exercise,
            block_name=result.block_name,
            kind=result.kind.value,
            side_label=result.side,
            target=result.target,
            reps=result.reps,
            seconds=result.seconds,
            started_at=result.started_at,
            ended_at=result.ended_at,
            skipped=result.skipped,
            short=result.short,
            load=result.load,
            weight=weight,
            weight_unit=weight_unit if weight is not None else None,
        )
        with self._write(wait) as cursor:
            _insert_sets(cursor, session_id, [row])

    def set_weight(
        self, session_id: int, key: SetKey, weight: float | None, weight_unit: str
    ) -> bool:
        """Change the weight of one logged set (the summary's per-set edit); False if not logged."""
        with self._write() as cursor:
            cursor.execute(
                "UPDATE set_result SET weight = ?, weight_unit = ? WHERE session_id = ? "
                "AND block = ? AND exercise_index = ? AND set_index = ? AND side = ?",
                (
                    weight,
                    None if weight is None else weight_unit,
                    session_id,
                    key.block,
                    key.exercise,
                    key.set,
                    _side_in(key.side),
                ),
            )
            return cursor.rowcount > 0

    def answer(
        self,
        session_id: int,
        *,
        effort: int | None = None,
        pain: int | None = None,
        pain_after: int | None = None,
    ) -> None:
        """Store the runner's answers about a session; a None leaves that answer as it was."""
        with self._write() as cursor:
            for column, value in (("effort", effort), ("pain", pain), ("pain_after", pain_after)):
                if value is not None:
                    # The column name is one of three literals above, never input.
                    cursor.execute(
                        f"UPDATE session SET {column} = ? WHERE id = ?",  # noqa: S608
                        (value, session_id),
                    )

    def pain_to_follow_up(self) -> SessionRecord | None:
        """The latest finished session with pain above 0 whose next-day question is unasked."""
        row = self._connection.execute(
            _SELECT_SESSION + "WHERE status != ? ORDER BY started_at DESC, id DESC LIMIT 1",
            (SessionStatus.IN_PROGRESS.value,),
        ).fetchone()
        if row is None:
            return None
        record = _session_record(row)
        if record.pain is None or record.pain <= 0 or record.pain_after is not None:
            return None
        return record

    def skip_pain_follow_up(self, session_id: int) -> None:
        """The runner was asked how the pain is now and did not answer: ask no more."""
        self.answer(session_id, pain_after=PAIN_ASKED)

    def add_choice(self, choice: CoachChoice) -> None:
        """Store one of the runner's own decisions about a ladder."""
        with self._write() as cursor:
            _insert_choices(cursor, [choice])

    def choices(self) -> list[CoachChoice]:
        """Every choice the runner made, oldest first."""
        rows = self._connection.execute(
            "SELECT at, ladder, side, choice, rung FROM coach_choice ORDER BY at, ladder, side"
        )
        return [CoachChoice(from_timestamp(row[0]), row[1], row[2], row[3], row[4]) for row in rows]

    def restore_choices(self, choices: Iterable[CoachChoice]) -> int:
        """Add choices from an export, skipping any already stored; returns how many were new."""
        with self._write() as cursor:
            before = cursor.execute("SELECT count(*) FROM coach_choice").fetchone()[0]
            _insert_choices(cursor, choices)
            after = cursor.execute("SELECT count(*) FROM coach_choice").fetchone()[0]
        return int(after - before)

    def ladder_rows(
        self,
        routines: str | Iterable[str],
        exercises: Iterable[str],
        *,
        last: int,
        rounds: bool = False,
    ) -> list[LadderRow]:
        """These exercises' sets in the `last` sessions of these routines (one id or several),
        summed per session and side (or per circuit round), oldest session first, with each
        session's answers."""
        names = sorted(set(exercises))
        ids = [routines] if isinstance(routines, str) else sorted(set(routines))
        if not names or not ids:
            return []
        sessions = _LATEST_OF_ROUTINES.format(ids=", ".join("?" * len(ids)))
        query = (_SELECT_ROUNDS if rounds else _SELECT_LADDER).format(
            names=", ".join("?" * len(names)), sessions=sessions
        )
        moments: dict[str, datetime] = {}
        found = []
        for row in self._connection.execute(query, (*names, *ids, last)):
            moment = moments.get(row[1])
            if moment is None:
                moment = moments[row[1]] = from_timestamp(row[1])
            found.append(LadderRow(row[0], moment, *row[2:]))
        return found

    def undo(self, session_id: int, key: SetKey, *, wait: float | None = None) -> bool:
        """Forget one set result (the engine's "back"); False if it was never recorded."""
        with self._write(wait) as cursor:
            cursor.execute(
                "DELETE FROM set_result WHERE session_id = ? AND block = ? AND exercise_index = ? "
                "AND set_index = ? AND side = ?",
                (session_id, key.block, key.exercise, key.set, _side_in(key.side)),
            )
            return cursor.rowcount > 0

    def finish(
        self,
        session_id: int,
        status: SessionStatus,
        ended_at: datetime,
        active_seconds: float | None = None,
        *,
        wait: float | None = None,
    ) -> None:
        """Close a session as completed or abandoned, with how long it took if that is known;
        this store's lease on it goes."""
        with self._write(wait) as cursor:
            cursor.execute(
                "UPDATE session SET status = ?, ended_at = ?, active_seconds = ? WHERE id = ?",
                (
                    status.value,
                    to_timestamp(ended_at),
                    None if active_seconds is None else max(0.0, active_seconds),
                    session_id,
                ),
            )
        self.leases.release(session_id, ended=True)

    # Who owns a session in progress

    def unfinished(self) -> SessionRecord | None:
        """The latest session in progress that no live hiptimer owns: the one to offer to
        resume. This store takes its lease, so no other window offers it at the same time;
        `release` gives it back if the runner answers "not now"."""
        for record in self._in_progress():
            if not self.leases.take(record.id):
                continue
            # Its owner may have closed it between the query and the lease.
            current = self.session(record.id)
            if current is not None and current.status is SessionStatus.IN_PROGRESS:
                return current
            self.leases.release(record.id)
        return None

    def running_elsewhere(self) -> list[SessionRecord]:
        """Sessions in progress that another live hiptimer owns, newest first."""
        return [record for record in self._in_progress() if self.leases.live_elsewhere(record.id)]

    def release(self, session_id: int) -> None:
        """Stop owning a session that stays in progress (the resume offer's "not now")."""
        self.leases.release(session_id)

    def _in_progress(self) -> list[SessionRecord]:
        rows = self._fetch(
            _SELECT_SESSION + "WHERE status = ? ORDER BY started_at DESC, id DESC",
            (SessionStatus.IN_PROGRESS.value,),
        )
        return [_session_record(row) for row in rows]

    # Reading

    def session(self, session_id: int) -> SessionRecord | None:
        rows = self._fetch(_SELECT_SESSION + "WHERE id = ?", (session_id,))
        return _session_record(rows[0]) if rows else None

    def results(self, session_id: int) -> list[SetResult]:
        """A session's set results in the order they were done."""
        from hiptimer.domain.results import SetResult
        from hiptimer.routines.plan import SetKey, StepKind

        record = self.session(session_id)
        if record is None:
            return []
        return [
            SetResult(
                routine_id=record.routine_id,
                exercise=stored.exercise,
                key=SetKey(stored.block, stored.exercise_index, stored.set_index, stored.side),
                block_name=stored.block_name,
                kind=StepKind(stored.kind),
                side=stored.side_label,
                target=stored.target,
                reps=stored.reps,
                seconds=stored.seconds,
                started_at=stored.started_at,
                ended_at=stored.ended_at,
                skipped=stored.skipped,
                short=stored.short,
                load=stored.load,
            )
            for stored in self._stored_sets(session_id, by_time=True)
        ]

    def last_start_side(self, routine_id: str) -> int | None:
        """The start side of this routine's latest session with a set done, so the next can
        alternate. A session left before any set was done (discarded, or only skipped) did not
        work either side first, so it does not turn the sides round."""
        rows = self._fetch(
            "SELECT start_side FROM session s WHERE routine_id = ? AND EXISTS "
            "(SELECT 1 FROM set_result r WHERE r.session_id = s.id AND NOT r.skipped) "
            "ORDER BY started_at DESC, id DESC LIMIT 1",
            (routine_id,),
        )
        return int(rows[0][0]) if rows else None

    def next_start_side(self, routine_id: str) -> int:
        """0 for a routine never run, else the side that did not go first last time."""
        last = self.last_start_side(routine_id)
        return 0 if last is None else 1 - last

    def sessions(self, limit: int | None = 20) -> list[SessionSummary]:
        """Sessions newest first with their sets counted; `limit=None` for all of them."""
        rows = self._fetch(
            "SELECT s.id, s.routine_id, s.routine_name, s.start_side, s.started_at, s.ended_at, "
            "s.status, s.active_seconds, "
            "(SELECT count(*) FROM set_result r WHERE r.session_id = s.id AND NOT r.skipped), "
            "(SELECT count(*) FROM set_result r WHERE r.session_id = s.id AND r.skipped), "
            "(SELECT count(*) FROM set_result r WHERE r.session_id = s.id AND r.short "
            "AND NOT r.skipped) "
            "FROM session s ORDER BY s.started_at DESC, s.id DESC LIMIT ?",
            (-1 if limit is None else limit,),
        )
        return [
            SessionSummary(
                id=row[0],
                routine_id=row[1],
                routine_name=row[2],
                start_side=row[3],
                started_at=from_timestamp(row[4]),
                ended_at=None if row[5] is None else from_timestamp(row[5]),
                status=SessionStatus(row[6]),
                active_seconds=row[7],
                done=row[8],
                skipped=row[9],
                short=row[10],
            )
            for row in rows
        ]

    def training_starts(self, *, since: datetime | None = None) -> list[datetime]:
        """Start times of the sessions that count as training (`_COUNTS`): calendar, streak, goal.
        `since` keeps those started then or later: the coach's week needs days, not years."""
        # _COUNTS is this module's constant, never input.
        query = f"SELECT started_at FROM session s WHERE started_at >= ? AND {_COUNTS} ORDER BY started_at"  # noqa: S608
        rows = self._fetch(query, ("" if since is None else to_timestamp(since),))
        return [from_timestamp(row[0]) for row in rows]

    def routines_last_done(self) -> list[tuple[datetime, str]]:
        """(start, routine id) of each routine's latest session that counts as training, oldest
        first: all the rotation and the stages ask of `routines_done`, without judging ten years
        of sessions (each read stops at its routine's newest counted one, by its index)."""
        ids = [row[0] for row in self._fetch("SELECT DISTINCT routine_id FROM session")]
        query = (
            f"SELECT started_at FROM session s WHERE routine_id = ? AND {_COUNTS} "  # noqa: S608
            "ORDER BY started_at DESC LIMIT 1"
        )
        found = []
        for routine_id in ids:
            rows = self._fetch(query, (routine_id,))
            if rows:
                found.append((from_timestamp(rows[0][0]), routine_id))
        return sorted(found)

    def routines_done(self) -> list[tuple[datetime, str]]:
        """(start, routine id) of the sessions that count as training, oldest first: the rotation."""
        rows = self._connection.execute(
            f"SELECT started_at, routine_id FROM session s WHERE {_COUNTS} ORDER BY started_at"  # noqa: S608
        )
        return [(from_timestamp(row[0]), row[1]) for row in rows]

    def exercises(self) -> list[str]:
        """Every exercise done at least once (not only skipped), sorted: the ones with a trend."""
        rows = self._fetch("SELECT DISTINCT exercise FROM set_result WHERE NOT skipped ORDER BY 1")
        return [row[0] for row in rows]

    def efforts(
        self, exercise: str | None = None, *, since: datetime | None = None
    ) -> list[SideEffort]:
        """Per session, exercise and side: the best hold or the total reps, oldest first.

        `since` keeps only sessions started then or later: a screen's trend needs months, not
        the ten years a long-time runner has stored.
        """
        query = _SELECT_EFFORTS + _SINCE
        parameters: tuple[str, ...] = ("" if since is None else to_timestamp(since),)
        if exercise is not None:
            query += "AND r.exercise = ? "
            parameters += (exercise,)
        query += _GROUP_EFFORTS
        rows = self._fetch(query, parameters)
        return [
            SideEffort(
                row[0], from_timestamp(row[1]), row[2], row[3], row[4], row[5], row[6], row[7]
            )
            for row in rows
        ]

    # Whole-history transfer

    def archive(self) -> Iterator[SessionArchive]:
        """Every session with its sets, oldest first, sets in routine order: what export writes."""
        sessions = self._fetch(_SELECT_SESSION + "ORDER BY started_at, routine_id")

        def every_set() -> dict[int, list[StoredSet]]:
            # One query for every set rather than one per session: ten years is 3,650 sessions.
            sets: dict[int, list[StoredSet]] = {}
            for row in self._connection.execute(_SELECT_ALL_SETS):
                sets.setdefault(row[0], []).append(_stored_set(row[1:]))
            return sets

        sets = self._read(every_set)
        for row in sessions:
            record = _session_record(row)
            yield SessionArchive(
                record.routine_id,
                record.routine_name,
                record.routine_text,
                record.start_side,
                record.started_at,
                record.ended_at,
                record.status,
                tuple(
                    sorted(
                        sets.get(record.id, ()),
                        key=lambda stored: _routine_order(stored, record.start_side),
                    )
                ),
                record.active_seconds,
                record.effort,
                record.pain,
                record.pain_after,
            )

    def restore(self, archives: Iterable[SessionArchive]) -> ImportCount:
        """Add sessions in one transaction, skipping any already stored; all or nothing."""
        added = already_there = 0
        with self._write() as cursor:
            for archive in archives:
                cursor.execute(
                    "INSERT OR IGNORE INTO session (routine_id, routine_name, routine_text, "
                    "start_side, started_at, ended_at, status, active_seconds, effort, pain, "
                    "pain_after) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        archive.routine_id,
                        archive.routine_name,
                        archive.routine_text,
                        archive.start_side,
                        to_timestamp(archive.started_at),
                        None if archive.ended_at is None else to_timestamp(archive.ended_at),
                        archive.status.value,
                        archive.active_seconds,
                        archive.effort,
                        archive.pain,
                        archive.pain_after,
                    ),
                )
                if cursor.rowcount == 0:
                    already_there += 1
                    continue
                added += 1
                _insert_sets(cursor, int(cursor.lastrowid or 0), archive.sets)
        return ImportCount(added, already_there)

    # Plumbing

    @contextmanager
    def _write(self, wait: float | None = None) -> Iterator[sqlite3.Cursor]:
        """One transaction. Damage it runs into is handled as a read's is (the file moved
        aside, a fresh one used), and the error raised: this write was not made."""
        try:
            with self._transaction(wait) as cursor:
                yield cursor
        except sqlite3.DatabaseError as error:
            reason = damage_in(error)
            if reason is None or self.read_only:
                raise
            self._start_afresh(reason)
            raise

    def still_there(self) -> None:
        """Make sure writes go to the file at `path`. One removed while hiptimer runs takes
        writes without a murmur (SQLite keeps the deleted file open) and loses them at exit:
        then a fresh history is started, as for damage; a file put in its place is used."""
        if self._file is None or file_identity(self.path) == self._file:
            return
        gone = not self.path.exists()
        self.leases.release_all()
        # Closed first: the last connection to a removed file takes its -wal and -shm with it,
        # which must never be replayed into the new file.
        self._connection.close()
        paths.private_folder(self.path.parent)  # the whole folder may have gone
        self._connection, notice = _open_checked(self.path)
        self._file = file_identity(self.path)
        self.generation += 1
        if gone:
            notice = (
                f"Your history file {self.path} was removed while hiptimer was running; "
                "hiptimer started a new, empty history there."
            )
        else:
            notice = notice or (
                f"Your history file {self.path} was replaced while hiptimer was running; "
                "hiptimer now uses the new file."
            )
        self._tell(notice)

    @contextmanager
    def _transaction(self, wait: float | None = None) -> Iterator[sqlite3.Cursor]:
        # IMMEDIATE takes the write lock up front, so a second process waits (busy timeout)
        # instead of failing halfway through when its read lock cannot be upgraded.
        cursor = self._connection.cursor()
        if wait is not None:
            cursor.execute(f"PRAGMA busy_timeout = {max(int(wait * 1000), 0)}")
        try:
            cursor.execute("BEGIN IMMEDIATE")
            try:
                yield cursor
                cursor.execute("COMMIT")
            except BaseException:
                _roll_back(self._connection)
                raise
        finally:
            if wait is not None:
                cursor.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")

    def _fetch(self, sql: str, parameters: tuple[object, ...] = ()) -> list[Any]:
        return self._read(lambda: self._connection.execute(sql, parameters).fetchall())

    def _read(self, query: Callable[[], _T]) -> _T:
        """Run a read; damage it finds is handled as damage found at open: the file is moved
        aside, the runner told, and the read answered from a fresh, empty history."""
        try:
            return query()
        except sqlite3.DatabaseError as error:
            reason = damage_in(error)
            if reason is None or self.read_only:
                raise
        self._start_afresh(reason)
        return query()

    def _start_afresh(self, reason: str) -> None:
        self.leases.release_all()
        aside = move_aside(self.path, self._connection)
        self._connection, _ = _open_checked(self.path)
        self._file = file_identity(self.path)
        self.generation += 1
        self._tell(_moved_notice(reason, aside))

    def _tell(self, notice: str) -> None:
        self.notices.append(notice)
        if self.on_damage is not None:
            self.on_damage(notice)

    def _stored_sets(self, session_id: int, *, by_time: bool) -> list[StoredSet]:
        order = "started_at, " if by_time else ""
        rows = self._fetch(
            _SELECT_SETS + "ORDER BY " + order + "block, exercise_index, set_index, side",
            (session_id,),
        )
        return [_stored_set(row) for row in rows]


def _open_checked(path: Path) -> tuple[sqlite3.Connection, str | None]:
    """Connect, move a damaged file aside for a fresh one, and bring the schema up to date."""
    connection = _connect(path)
    notice = None
    try:
        try:
            check_intact(connection)
        except DamagedHistory as damage:
            aside = move_aside(path, connection)
            notice = _moved_notice(damage.reason, aside)
            connection = _connect(path)
        _prepare(connection, path)
    except BaseException:
        connection.close()
        raise
    return connection, notice


def _moved_notice(reason: str, aside: Path) -> str:
    return (
        f"Your history file was damaged ({reason}); hiptimer moved it to {aside} and started "
        "a new, empty history."
    )


def _connect(path: Path) -> sqlite3.Connection:
    # isolation_level=None: transactions are begun and ended explicitly, in `_write`.
    connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
    connection.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
    # Only the runner may read their history. chmod by name, never open(): see damage.py.
    # SQLite gives the -wal and -shm it creates the main file's mode.
    private(path)
    return connection


def _connect_read_only(path: Path) -> sqlite3.Connection:
    """The history of a home that cannot be written. No -shm can be made beside it, so SQLite
    is told the file cannot change under it (nothing can write there), which reads it as it is."""
    uri = f"{path.absolute().as_uri()}?mode=ro&immutable=1"
    return sqlite3.connect(uri, uri=True, isolation_level=None)


def _cannot_write(error: sqlite3.OperationalError, path: Path) -> bool:
    text = str(error)
    read_only = "readonly" in text or "unable to open" in text
    return read_only and path.exists() and not os.access(path.parent, os.W_OK)


def _prepare(connection: sqlite3.Connection, path: Path) -> None:
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = FULL")  # a logged set survives a power cut too
    connection.execute("PRAGMA foreign_keys = ON")
    migrate(connection)
    for companion in ("-wal", "-shm"):
        private(path.with_name(path.name + companion))  # made by an older hiptimer, maybe


def _roll_back(connection: sqlite3.Connection) -> None:
    """Undo a failed write. SQLite has often rolled back already (a full disk does), and a
    second error from ROLLBACK ("cannot rollback - no transaction is active") must never hide
    the first, which is the one that says what happened."""
    if connection.in_transaction:
        with suppress(sqlite3.Error):
            connection.execute("ROLLBACK")


def _side_in(side: int | None) -> int:
    return _NO_SIDE if side is None else side


def _routine_order(stored: StoredSet, start_side: int) -> tuple[int, int, int, int]:
    side = 0 if stored.side is None else (stored.side - start_side) % 2
    return stored.block, stored.exercise_index, stored.set_index, side


def _insert_sets(cursor: sqlite3.Cursor, session_id: int, sets: Iterable[StoredSet]) -> None:
    cursor.executemany(_INSERT_SET, ((session_id, *_set_row(stored)) for stored in sets))


def _set_row(stored: StoredSet) -> tuple[Any, ...]:
    """A set as the table holds it, column by column in `_SET_COLUMNS`' order."""
    stored_values: dict[str, Any] = {
        **{name: getattr(stored, name) for name in _SET_COLUMNS},
        "side": _side_in(stored.side),
        "started_at": to_timestamp(stored.started_at),
        "ended_at": to_timestamp(stored.ended_at),
        "skipped": int(stored.skipped),
        "short": int(stored.short),
    }
    return tuple(stored_values[name] for name in _SET_COLUMNS)


def _insert_choices(cursor: sqlite3.Cursor, choices: Iterable[CoachChoice]) -> None:
    cursor.executemany(
        "INSERT OR IGNORE INTO coach_choice (at, ladder, side, choice, rung) VALUES (?, ?, ?, ?, ?)",
        (
            (to_timestamp(choice.at), choice.ladder, choice.side, choice.choice, choice.rung)
            for choice in choices
        ),
    )


def _stored_set(row: Iterable[Any]) -> StoredSet:
    """A row of `_SELECT_SETS`, read by column name."""
    column = dict(zip(_SET_COLUMNS, row, strict=True))
    side = column["side"]
    return StoredSet(
        **column
        | {
            "side": None if side == _NO_SIDE else side,
            "started_at": from_timestamp(column["started_at"]),
            "ended_at": from_timestamp(column["ended_at"]),
            "skipped": bool(column["skipped"]),
            "short": bool(column["short"]),
        }
    )


def _session_record(row: Iterable[Any]) -> SessionRecord:
    """A row of `_SELECT_SESSION`, read by column name."""
    column = dict(zip(_SESSION_COLUMNS, row, strict=True))
    ended = column["ended_at"]
    return SessionRecord(
        **column
        | {
            "started_at": from_timestamp(column["started_at"]),
            "ended_at": None if ended is None else from_timestamp(ended),
            "status": SessionStatus(column["status"]),
        }
    )
