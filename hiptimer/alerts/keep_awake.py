"""Keeps the machine from idling to sleep during a session, with systemd-inhibit or caffeinate."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Sequence
from types import TracebackType

__all__ = ["KeepAwake", "find_inhibitor"]

NO_INHIBITOR = "none"
_STOP_TIMEOUT = 5.0
_REASON_BYTES = 300
"""How much of a failed inhibitor's complaint is read."""
_SHOWN_REASON = 24
"""How much of it the notice shows: "Failed to connect to bus" says it all."""
_failed_programs: set[str] = set()
"""Inhibitors that could not hold the machine awake in this run (systemd-inhibit with no
D-Bus): they are not tried again, so the runner is told once, not at every session."""


def find_inhibitor(platform: str = sys.platform, path: str | None = None) -> list[str] | None:
    """The command that holds the machine awake for as long as it runs, or None.

    Neither command can outlive hiptimer: caffeinate watches our pid, and systemd-inhibit holds
    its lock around `cat`, which exits when our end of its stdin closes, even after a crash.
    """
    if platform == "darwin":
        caffeinate = shutil.which("caffeinate", path=path)
        return [caffeinate, "-dims", "-w", str(os.getpid())] if caffeinate else None
    inhibit = shutil.which("systemd-inhibit", path=path)
    cat = shutil.which("cat", path=path)
    if not (inhibit and cat):
        return None
    return [
        inhibit,
        "--what=idle:sleep",
        "--who=hiptimer",
        "--why=A workout is running",
        "--mode=block",
        cat,
    ]


class KeepAwake:
    """Holds an inhibitor process from `start` to `stop`; a no-op where there is none.

    Use it as a context manager around a session, or call `start` and `stop` yourself.
    """

    def __init__(self, command: Sequence[str] | None) -> None:
        self.command = list(command) if command else None
        self.process: subprocess.Popen[bytes] | None = None
        self.watcher: threading.Thread | None = None
        """Waits on the inhibitor, so one that gives up at once is reaped, not left a zombie."""
        self._failure: str | None = None

    @classmethod
    def for_this_machine(cls, enabled: bool = True) -> KeepAwake:
        """From the `keep_awake` setting: the system's inhibitor, or a no-op when disabled or
        when it already failed in this run."""
        command = find_inhibitor() if enabled else None
        if command is not None and os.path.basename(command[0]) in _failed_programs:
            command = None
        return cls(command)

    def take_failure(self) -> str | None:
        """Once, after the inhibitor quit on its own: a sentence saying the screen may sleep."""
        failure, self._failure = self._failure, None
        return failure

    @property
    def backend_name(self) -> str:
        return os.path.basename(self.command[0]) if self.command else NO_INHIBITOR

    @property
    def active(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self) -> bool:
        """Start holding the machine awake; True if an inhibitor is running."""
        if self.command is None or self.active:
            return self.active
        try:
            # An argument list built from shutil.which results and constants; no shell.
            self.process = subprocess.Popen(  # noqa: S603
                self.command,
                stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
        except OSError as error:
            self.process = None
            self._failed(error.strerror or str(error))
            return False
        self.watcher = threading.Thread(target=self._watch, args=(self.process,), daemon=True)
        self.watcher.start()
        return self.active

    def _watch(self, process: subprocess.Popen[bytes]) -> None:
        """Reap the inhibitor when it exits; if it did so while still wanted, say why."""
        reason = process.stderr.read(_REASON_BYTES) if process.stderr else b""
        process.wait()
        if process.stderr:
            process.stderr.close()
        if self.process is process:
            self.process = None
            text = reason.decode("utf-8", "replace").strip().splitlines()
            self._failed(text[0] if text else f"it stopped with code {process.returncode}")

    def _failed(self, reason: str) -> None:
        _failed_programs.add(self.backend_name)
        printable = "".join(character for character in reason if character.isprintable())
        # Short: it shows as a toast over the session, where the digits must stay readable.
        self._failure = (
            f"The screen may sleep: {self.backend_name} failed ({printable[:_SHOWN_REASON]})"
        )

    def stop(self) -> None:
        """Let the machine sleep again. Returns at once; the inhibitor is reaped in the background."""
        process, self.process = self.process, None
        if process is None:
            return
        if process.stdin:
            process.stdin.close()
        process.terminate()
        threading.Thread(target=_reap, args=(process,), daemon=True).start()

    def __enter__(self) -> KeepAwake:
        self.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


def _reap(process: subprocess.Popen[bytes]) -> None:
    try:
        process.wait(_STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
