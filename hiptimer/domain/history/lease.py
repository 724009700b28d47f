"""Who owns a live session: a lock on a per-session file that dies with the process holding it.

`flock` rather than `fcntl` record locks: a record lock is dropped when the process closes *any*
descriptor of the file, and it never conflicts within one process. A flock belongs to the one
open file description made here, so nothing else this process opens can drop it, two stores in
one process (as tests run them) see each other's leases, and the kernel releases it however the
process ends: SIGKILL, a crash or a power cut leave no lease behind. Python opens descriptors
non-inheritable, so a sound player started mid-session never carries the lease past us.
"""

from __future__ import annotations

import os
from contextlib import suppress
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no leases, as before they existed
    fcntl = None  # type: ignore[assignment]

__all__ = ["SessionLeases"]


class SessionLeases:
    """The leases one history store holds, on lock files kept beside the history file."""

    def __init__(self, history: Path) -> None:
        self._history = history
        self._held: dict[int, int] = {}
        """Session id -> the descriptor whose flock is the lease."""

    def path(self, session_id: int) -> Path:
        """`history.sqlite3.live/7.lock`: one folder beside the history, so a crashed session's
        file waiting for the resume offer does not clutter the data folder."""
        return self._history.with_name(f"{self._history.name}.live") / f"{session_id}.lock"

    def holds(self, session_id: int) -> bool:
        return session_id in self._held

    def take(self, session_id: int) -> bool:
        """Own the session from now until `release` or the end of the process.

        False when another process (or another store) owns it: it is live elsewhere. True also
        when the lock file cannot be made (a read-only home): nothing can be written there
        anyway, and no lease is then a better guess than a session offered to nobody.
        """
        if session_id in self._held or fcntl is None:
            return True
        try:
            self.path(session_id).parent.mkdir(mode=0o700, exist_ok=True)
            descriptor = os.open(self.path(session_id), os.O_RDWR | os.O_CREAT, 0o600)
        except OSError:
            try:
                descriptor = os.open(self.path(session_id), os.O_RDONLY)
            except OSError:
                return True
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(descriptor)
            return False
        self._held[session_id] = descriptor
        return True

    def live_elsewhere(self, session_id: int) -> bool:
        """True when another owner holds the session's lease right now."""
        if session_id in self._held:
            return False
        if not self.take(session_id):
            return True
        self.release(session_id)
        return False

    def release(self, session_id: int, *, ended: bool = False) -> None:
        """Let the session go; `ended` also removes its lock file (the session is closed, so
        nobody will ask for its lease again, and a stale file would only pile up)."""
        descriptor = self._held.pop(session_id, None)
        if ended:
            with suppress(OSError):
                self.path(session_id).unlink()
        if descriptor is not None:
            os.close(descriptor)

    def release_all(self) -> None:
        for session_id in list(self._held):
            self.release(session_id)
