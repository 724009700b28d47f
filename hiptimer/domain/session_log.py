"""Keeps the history in step with a live session: each set is committed the moment it is logged."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import datetime

from hiptimer.domain.history import HistoryStore, SessionStatus
from hiptimer.domain.view import Event, SessionFinished, SetLogged, SetUndone

__all__ = ["SessionLog"]


class SessionLog:
    """An engine subscriber. A failed write (a full disk, say) is reported, never raised: the
    session carries on, and the sets already committed stay committed."""

    def __init__(
        self,
        store: HistoryStore,
        session_id: int,
        *,
        wall_clock: Callable[[], datetime],
        session_seconds: Callable[[], float],
        on_problem: Callable[[str], None],
    ) -> None:
        self.store = store
        self.session_id = session_id
        self._wall_clock = wall_clock
        self._session_seconds = session_seconds
        self._on_problem = on_problem

    def __call__(self, event: Event) -> None:
        if isinstance(event, SetLogged):
            self._safely(lambda: self.store.record(self.session_id, event.result))
        elif isinstance(event, SetUndone):
            self._safely(lambda: self.store.undo(self.session_id, event.key))
        elif isinstance(event, SessionFinished):
            self.close(SessionStatus.COMPLETED)

    def close(self, status: SessionStatus) -> None:
        """Mark the session completed or abandoned (quit on purpose)."""
        self._safely(
            lambda: self.store.finish(
                self.session_id, status, self._wall_clock(), self._session_seconds()
            )
        )

    def _safely(self, write: Callable[[], object]) -> None:
        try:
            write()
        except (sqlite3.Error, OSError) as error:
            self._on_problem(
                f"Could not save to your history ({error}). The session goes on; "
                "sets already saved are safe."
            )
