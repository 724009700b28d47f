"""Keeps the history in step with a live session: each set is committed the moment it is logged,
or kept and tried again while the history cannot take it."""

from __future__ import annotations

import sqlite3
import threading
from collections import deque
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from hiptimer.domain.history import HistoryStore, SessionStatus
from hiptimer.domain.history.store import is_busy, write_problem
from hiptimer.domain.journal import (
    FinishSession,
    PendingWrite,
    RecordSet,
    SessionJournal,
    UndoSet,
)
from hiptimer.domain.view import Event, SessionFinished, SetLogged, SetUndone

if TYPE_CHECKING:
    from hiptimer.domain.results import SetResult
    from hiptimer.routines.plan import SetKey

__all__ = ["RETRY_SECONDS", "WAIT_SECONDS", "SessionLog"]

WAIT_SECONDS = 0.05
"""How long a write waits for another process's write lock before the set is kept for later.
Another hiptimer's own write takes a few milliseconds; a big import takes seconds, and the
screen must not freeze for it."""
RETRY_SECONDS = 1.0
"""How often kept writes are tried again."""


class SessionLog:
    """An engine subscriber. A write that fails (a busy or full disk, a locked database) is
    reported, never raised, and kept in order to be tried again: the session carries on, and
    nothing done is dropped while hiptimer runs."""

    def __init__(
        self,
        store: HistoryStore,
        session_id: int,
        *,
        wall_clock: Callable[[], datetime],
        session_seconds: Callable[[], float],
        on_problem: Callable[[str], None],
        retry_later: Callable[[float, Callable[[], None]], object] | None = None,
    ) -> None:
        self.store = store
        self.session_id = session_id
        self._wall_clock = wall_clock
        self._session_seconds = session_seconds
        self._on_problem = on_problem
        self._retry_later = retry_later
        self._pending: deque[PendingWrite] = deque()
        self._lock = threading.Lock()
        """Held while writing: the lifeline's last chance runs in another thread."""
        self._retry_due = False
        self._told: str | None = None
        """The problem the runner was last told about, so a retry does not repeat it."""
        self._session = store.session(session_id)
        """The session as it was started: what a fresh history is given, should this one be
        damaged or removed while the session runs."""
        self._journal = self._journal_for(session_id)
        self._unjournaled = 0
        """How many of the last kept writes are not in the journal yet."""
        self._generation = store.generation
        self._done: dict[SetKey, RecordSet] = {
            result.key: RecordSet(result) for result in store.results(session_id)
        }
        """Every set of the session as it stands (a resumed one's earlier sets too): what a
        fresh history is given."""
        self._finished: FinishSession | None = None
        self._moved = False
        """The session moved to a fresh history and the runner has not been told yet."""
        self.weight: float | None = None
        """The weight entered on the preview, logged with every set of an exercise that names
        a load (not bodyweight); the summary can change it set by set."""
        self.weight_unit = "kg"

    def __call__(self, event: Event) -> None:
        if isinstance(event, SetLogged):
            record = self._done[event.result.key] = RecordSet(
                event.result, *self._weight_for(event.result)
            )
            self._keep(record)
        elif isinstance(event, SetUndone):
            self._done.pop(event.key, None)
            self._keep(UndoSet(event.key))
        elif isinstance(event, SessionFinished):
            self.close(SessionStatus.COMPLETED)

    def _weight_for(self, result: SetResult) -> tuple[float | None, str | None]:
        load = (result.load or "").strip().lower()
        if self.weight is None or not load or load == "bodyweight" or result.skipped:
            return None, None
        return self.weight, self.weight_unit

    def close(self, status: SessionStatus) -> None:
        """Mark the session completed or abandoned (quit on purpose)."""
        self._finished = FinishSession(status, self._wall_clock(), self._session_seconds())
        self._keep(self._finished)

    @property
    def kept_on_disk(self) -> bool:
        """Every write the history has not taken yet is in the journal: should hiptimer quit or
        die now, its next start stores them."""
        same_history = self._generation == self.store.generation
        return self._journal is not None and same_history and not self._unjournaled

    @property
    def unsaved(self) -> set[SetKey]:
        """Sets done whose result is not in the history (yet)."""
        if self._generation != self.store.generation:
            return set(self._done)  # they were in a file that is no longer the history
        keys: set[SetKey] = set()
        for write in list(self._pending):
            if isinstance(write, RecordSet):
                keys.add(write.result.key)
            elif isinstance(write, UndoSet):
                keys.discard(write.key)
        return keys

    @property
    def problem(self) -> str | None:
        """Why writes are waiting, while some are."""
        return self._told if self._pending else None

    def flush(self, wait: float = WAIT_SECONDS) -> bool:
        """Try the kept writes, in order; True when none is left."""
        self._retry_due = False
        with self._lock:
            done = self._apply(self.store, wait)
        if not done:
            self._schedule_retry()
        elif self._moved:
            self._moved, self._told = False, None
            sets = len(self._done)
            so_far = (
                f": its {sets} {'set' if sets == 1 else 'sets'} so far are saved there"
                if sets
                else ""
            )
            self._on_problem(f"This session goes on in the new history{so_far}.")
        elif self._told is not None:
            self._told = None
            self._on_problem("Your history can be written again: every set done is saved.")
        return done

    def last_chance(self, wait: float) -> bool:
        """Write what is kept through a connection of this thread's own: the process is about
        to end while the app's own thread may be stuck. False if it could not all be written."""
        if not self._pending:
            return True
        if not self._lock.acquire(timeout=wait):
            return False
        try:
            with HistoryStore.open(Path(self.store.path))[0] as store:
                return self._apply(store, wait, tell=False)  # nobody left to tell
        except (sqlite3.Error, OSError):
            return False
        finally:
            self._lock.release()

    def _keep(self, write: PendingWrite) -> None:
        self._pending.append(write)
        self._unjournaled += 1
        self.flush()

    def _journal_for(self, session_id: int) -> SessionJournal | None:
        began = self._session
        if began is None:
            return None
        return SessionJournal(Path(self.store.path), session_id, began.started_at)

    def _write_journal(self) -> None:
        """Put the kept writes not in the journal yet on disk: should the process die before
        the history takes them, the next start stores them (`replay_journals`)."""
        if self._journal is None or not self._unjournaled:
            return
        if self._journal.append(list(self._pending)[-self._unjournaled :]):
            self._unjournaled = 0

    def _apply(self, store: HistoryStore, wait: float, *, tell: bool = True) -> bool:
        moved = False
        while self._pending or self._lost_in(store):
            try:
                store.still_there()
                if self._lost_in(store):
                    if moved:  # the fresh file went too: try again later, not in a loop
                        raise sqlite3.OperationalError("the history file keeps changing")
                    moved = True
                    self._move_to_fresh(store, wait, tell=tell)
                    continue
                self._pending[0].apply(store, self.session_id, wait)
            except (sqlite3.Error, OSError) as error:
                if not moved and self._lost_in(store):
                    continue  # the write found damage and the store started afresh
                self._write_journal()
                if tell:
                    self._tell(error)
                return False
            self._pending.popleft()
            self._unjournaled = min(self._unjournaled, len(self._pending))
        if self._journal is not None:
            self._journal.remove()
        return True

    def _lost_in(self, store: HistoryStore) -> bool:
        """True when `store` no longer holds this session: it started on a fresh file since.
        The last chance's own connection is asked whether the session is there."""
        if store is self.store:
            return self._generation != store.generation
        there = store.session(self.session_id)
        began = self._session
        return began is None or there is None or there.started_at != began.started_at

    def _move_to_fresh(self, store: HistoryStore, wait: float, *, tell: bool) -> None:
        """The history this session was in is gone (moved aside, removed): start the session
        again in the fresh one, as it began, and give it every set done so far."""
        began = self._session
        if began is None:
            raise sqlite3.OperationalError("this session was never in the history")
        self.session_id = store.start_session(
            began.routine_id,
            began.routine_name,
            began.routine_text,
            began.start_side,
            began.started_at,
        )
        self._session = store.session(self.session_id)
        # The old journal named a session of the file that is gone; these writes go to the
        # new session, and a journal of theirs is written should they wait.
        if self._journal is not None:
            self._journal.remove()
        self._journal = self._journal_for(self.session_id)
        if store is self.store:
            self._generation = store.generation
        finish = [self._finished] if self._finished is not None else []
        self._pending = deque([*self._done.values(), *finish])
        self._unjournaled = len(self._pending)
        self._moved = tell

    def _tell(self, error: BaseException) -> None:
        problem = write_problem(error, Path(self.store.path).parent)
        if problem == self._told:
            return
        self._told = problem
        kept = "kept and saved as soon as it can be" if is_busy(error) else "kept, and tried again"
        self._on_problem(
            f"Could not save to your history: {problem}. The session goes on; this set is "
            f"{kept}, and sets already saved are safe."
        )

    def _schedule_retry(self) -> None:
        if self._retry_later is None or self._retry_due:
            return
        self._retry_due = True
        self._retry_later(RETRY_SECONDS, self.retry)

    def retry(self) -> None:
        """`flush`, as a timer's callback."""
        self.flush()
