"""A live session's writes that the history could not take yet, kept in a file until it can:
a kill, a crash or a power cut then loses none of the sets the runner saw checked off.

The file is read back at the next start. It is untrusted input like any file: each line is
checked (numbers finite and bounded, strings short, the session and the set one of ours) and
a line that fails is refused with a sentence, never a traceback.
"""

from __future__ import annotations

import json
import math
import os
import sqlite3
from collections.abc import Iterable
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hiptimer.domain.history import SessionStatus
from hiptimer.domain.history.records import from_timestamp, to_timestamp
from hiptimer.domain.results import MOST_WEIGHT, SetResult
from hiptimer.routines.plan import MAX_SESSION_SETS, SetKey, StepKind

if TYPE_CHECKING:
    from hiptimer.domain.history import HistoryStore
    from hiptimer.routines.model import Block

__all__ = [
    "FinishSession",
    "PendingWrite",
    "RecordSet",
    "SessionJournal",
    "UndoSet",
    "replay_journals",
]

MAX_JOURNAL_BYTES = 4 * 1024 * 1024
"""A journal holds at most one session's writes: MAX_SESSION_SETS sets, each well under 800
bytes, fit with room to spare. A larger file is not ours and is not read."""
MAX_LINE = 4096
MAX_TEXT = 500
"""The longest string a journal line may carry (names and targets are far shorter)."""
MOST_SECONDS = 7 * 24 * 3600.0
MOST_REPS = 100_000
REPLAY_WAIT = 1.0
"""How long the replay waits for another process's write lock before it leaves the journal
for the next start."""


class JournalLineError(ValueError):
    """One journal line that cannot be used, said in a sentence."""


@dataclass(frozen=True)
class RecordSet:
    """Store one set (recording the same set again replaces it)."""

    result: SetResult
    weight: float | None = None
    weight_unit: str | None = None

    def apply(self, store: HistoryStore, session_id: int, wait: float | None) -> None:
        store.record(
            session_id, self.result, weight=self.weight, weight_unit=self.weight_unit, wait=wait
        )


@dataclass(frozen=True)
class UndoSet:
    """Forget one set (the engine's "back")."""

    key: SetKey

    def apply(self, store: HistoryStore, session_id: int, wait: float | None) -> None:
        store.undo(session_id, self.key, wait=wait)


@dataclass(frozen=True)
class FinishSession:
    """Close the session."""

    status: SessionStatus
    ended_at: datetime
    seconds: float

    def apply(self, store: HistoryStore, session_id: int, wait: float | None) -> None:
        store.finish(session_id, self.status, self.ended_at, self.seconds, wait=wait)


PendingWrite = RecordSet | UndoSet | FinishSession


def journal_path(history: Path, session_id: int) -> Path:
    """Beside the session's lease: `history.sqlite3.live/7.journal`."""
    return history.with_name(f"{history.name}.live") / f"{session_id}.journal"


class SessionJournal:
    """The journal of one session: lines appended and fsync'd, the file removed once every
    write in it is stored."""

    def __init__(self, history: Path, session_id: int, started_at: datetime) -> None:
        self.path = journal_path(history, session_id)
        self._session_id = session_id
        self._started = to_timestamp(started_at)
        self._exists = self.path.exists()

    def append(self, writes: Iterable[PendingWrite]) -> bool:
        """Add `writes`, on disk before this returns; False if the file cannot be written (a
        full disk or a read-only home: the writes are then kept in memory only)."""
        lines = "".join(
            json.dumps(_encoded(write) | {"session": self._session_id, "started": self._started})
            + "\n"
            for write in writes
        )
        if not lines:
            return True
        try:
            self.path.parent.mkdir(mode=0o700, exist_ok=True)
            descriptor = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                os.write(descriptor, lines.encode())
                os.fsync(descriptor)
            finally:
                os.close(descriptor)
        except OSError:
            return False
        self._exists = True
        return True

    def remove(self) -> None:
        if self._exists:
            with suppress(OSError):
                self.path.unlink()
            self._exists = False


def replay_journals(store: HistoryStore) -> list[str]:
    """Store what journals left by ended processes hold, before the resume offer is made;
    what the runner should be told. A session another live process owns is left to it."""
    folder = journal_path(Path(store.path), 0).parent
    try:
        paths = sorted(folder.glob("*.journal"))
    except OSError:
        return []
    told: list[str] = []
    for path in paths:
        stem = path.name.removesuffix(".journal")
        if not stem.isdigit() or len(stem) > 12:
            told.append(_refused(path, "its name is not a session's"))
            continue
        session_id = int(stem)
        if store.leases.holds(session_id) or not store.leases.take(session_id):
            continue  # a live session: its owner writes it
        try:
            told.extend(_replay(store, path, session_id))
        finally:
            store.leases.release(session_id)
    return told


def _replay(store: HistoryStore, path: Path, session_id: int) -> list[str]:
    try:
        with path.open("rb") as file:
            data = file.read(MAX_JOURNAL_BYTES + 1)
    except OSError as error:
        return [f"Unsaved sets in {path} could not be read: {error.strerror or error}."]
    if len(data) > MAX_JOURNAL_BYTES:
        return [_refused(path, f"it is larger than {MAX_JOURNAL_BYTES // 1024 // 1024} MB")]
    record = store.session(session_id)
    if record is None:
        return [_refused(path, f"the history has no session {session_id}")]
    blocks = _routine_blocks(record.routine_text)
    writes: list[PendingWrite] = []
    problems: list[str] = []
    for number, line in enumerate(data.split(b"\n"), start=1):
        if not line.strip():
            continue
        try:
            writes.append(_decoded(line, record.id, to_timestamp(record.started_at), blocks))
        except JournalLineError as error:
            problems.append(f"line {number}: {error}")
    try:
        for write in writes:
            write.apply(store, session_id, REPLAY_WAIT)
    except sqlite3.Error:
        return [
            f"Unsaved sets of {record.routine_name} could not be stored yet; tried again at "
            "the next start."
        ]
    told = []
    kept: set[SetKey] = set()  # the sets the journal leaves stored, each counted once
    for write in writes:
        if isinstance(write, RecordSet):
            kept.add(write.result.key)
        elif isinstance(write, UndoSet):
            kept.discard(write.key)
    sets = len(kept)
    if sets:
        which = "1 set" if sets == 1 else f"{sets} sets"
        verb = ("was", "is") if sets == 1 else ("were", "are")
        told.append(
            f"{which} of {record.routine_name} that {verb[0]} not saved when hiptimer ended "
            f"{verb[1]} now in your history."
        )
    if problems:
        shown = "; ".join(problems[:3]) + ("; …" if len(problems) > 3 else "")
        told.append(_refused(path, f"{len(problems)} of its lines could not be used ({shown})"))
    else:
        with suppress(OSError):
            path.unlink()
    return told


def _refused(path: Path, why: str) -> str:
    """Keep a refused journal aside (it may still be worth a look), never replay it again."""
    aside = path.with_name(path.name + ".refused")
    with suppress(OSError):
        path.replace(aside)
    return f"A file of unsaved sets was not used: {why}. It is kept as {aside}."


def _encoded(write: PendingWrite) -> dict[str, Any]:
    if isinstance(write, UndoSet):
        return {"write": "undo", "key": _key_list(write.key)}
    if isinstance(write, FinishSession):
        return {
            "write": "finish",
            "status": write.status.value,
            "ended_at": to_timestamp(write.ended_at),
            "seconds": write.seconds,
        }
    result = write.result
    return {
        "write": "set",
        "routine_id": result.routine_id,
        "exercise": result.exercise,
        "key": _key_list(result.key),
        "block_name": result.block_name,
        "kind": result.kind.value,
        "side": result.side,
        "target": result.target,
        "reps": result.reps,
        "seconds": result.seconds,
        "started_at": to_timestamp(result.started_at),
        "ended_at": to_timestamp(result.ended_at),
        "skipped": result.skipped,
        "short": result.short,
        "load": result.load,
        "weight": write.weight,
        "weight_unit": write.weight_unit,
    }


def _key_list(key: SetKey) -> list[int | None]:
    return [key.block, key.exercise, key.set, key.side]


def _no_constant(name: str) -> None:
    raise JournalLineError(f"{name} is not a number a journal may hold")


def _decoded(
    line: bytes, session_id: int, started: str, blocks: tuple[Block, ...] | None
) -> PendingWrite:
    if len(line) > MAX_LINE:
        raise JournalLineError(f"it is longer than {MAX_LINE} bytes")
    try:
        data = json.loads(line, parse_constant=_no_constant)
    except (ValueError, RecursionError) as error:
        if isinstance(error, JournalLineError):
            raise
        raise JournalLineError("it is not a JSON object") from None
    if not isinstance(data, dict):
        raise JournalLineError("it is not a JSON object")
    if data.get("session") != session_id or data.get("started") != started:
        raise JournalLineError("it belongs to another session")
    kind = data.get("write")
    if kind == "undo":
        return UndoSet(_key(data, blocks))
    if kind == "finish":
        try:
            status = SessionStatus(_text(data, "status"))
        except ValueError:
            raise JournalLineError("status is not completed or abandoned") from None
        return FinishSession(
            status, _moment(data, "ended_at"), _number(data, "seconds", MOST_SECONDS)
        )
    if kind != "set":
        raise JournalLineError('"write" is not set, undo or finish')
    try:
        step_kind = StepKind(_text(data, "kind"))
    except ValueError:
        raise JournalLineError("kind is not a kind of set") from None
    reps = data.get("reps")
    if reps is not None and (type(reps) is not int or not 0 <= reps <= MOST_REPS):
        raise JournalLineError(f"reps is not a whole number from 0 to {MOST_REPS}")
    weight = None if data.get("weight") is None else _number(data, "weight", MOST_WEIGHT)
    result = SetResult(
        routine_id=_text(data, "routine_id"),
        exercise=_text(data, "exercise"),
        key=_key(data, blocks),
        block_name=_text(data, "block_name", optional=True),
        kind=step_kind,
        side=_text(data, "side", optional=True),
        target=_text(data, "target"),
        reps=reps,
        seconds=_number(data, "seconds", MOST_SECONDS),
        started_at=_moment(data, "started_at"),
        ended_at=_moment(data, "ended_at"),
        skipped=_flag(data, "skipped"),
        short=_flag(data, "short"),
        load=_text(data, "load", optional=True),
    )
    unit = _text(data, "weight_unit", optional=True) if weight is not None else None
    return RecordSet(result, weight, unit)


def _text(data: dict[str, Any], name: str, *, optional: bool = False) -> Any:
    value = data.get(name)
    if value is None and optional:
        return None
    if not isinstance(value, str) or len(value) > MAX_TEXT:
        raise JournalLineError(f"{name} is not a text of at most {MAX_TEXT} characters")
    return value


def _number(data: dict[str, Any], name: str, most: float) -> float:
    value = data.get(name)
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or not 0 <= value <= most
    ):
        raise JournalLineError(f"{name} is not a number from 0 to {most:g}")
    return float(value)


def _flag(data: dict[str, Any], name: str) -> bool:
    value = data.get(name)
    if not isinstance(value, bool):
        raise JournalLineError(f"{name} is not true or false")
    return value


def _moment(data: dict[str, Any], name: str) -> datetime:
    text = _text(data, name)
    try:
        return from_timestamp(text)
    except ValueError:
        raise JournalLineError(f"{name} is not a time") from None


def _key(data: dict[str, Any], blocks: tuple[Block, ...] | None) -> SetKey:
    """The set's place, which must be one the routine as run has."""
    value = data.get("key")
    if (
        not isinstance(value, list)
        or len(value) != 4
        or any(type(part) is not int for part in value[:3])
        or (value[3] is not None and type(value[3]) is not int)
    ):
        raise JournalLineError("key is not a set's place [block, exercise, set, side]")
    block, exercise, set_index, side = value
    if blocks is None:
        raise JournalLineError("the routine as run cannot be read")
    if not 0 <= block < len(blocks) or not 0 <= exercise < len(blocks[block].exercise):
        raise JournalLineError("key names an exercise the routine does not have")
    # A side only where the exercise has two (a rung may work both at once: no side).
    has_sides = blocks[block].exercise[exercise].sides is not None
    if not 0 <= set_index < MAX_SESSION_SETS or (
        side is not None and not (has_sides and 0 <= side <= 1)
    ):
        raise JournalLineError("key names a set the routine does not have")
    return SetKey(block, exercise, set_index, side)


def _routine_blocks(text: str) -> tuple[Block, ...] | None:
    from hiptimer.routines import RoutineFileError, parse_routine

    try:
        return parse_routine(text, file="the routine as run").blocks
    except RoutineFileError:
        return None
