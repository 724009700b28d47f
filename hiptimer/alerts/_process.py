"""Starts a helper program without waiting for it, and kills it if it outlives its timeout."""

from __future__ import annotations

import os
import subprocess
import threading
from collections.abc import Mapping, Sequence

__all__ = ["launch"]

# Windows would flash a console window for every PowerShell sound without this flag.
_NO_WINDOW = getattr(subprocess, "CREATE_NO_WINDOW", 0)


def launch(
    argv: Sequence[str], *, timeout: float, env: Mapping[str, str] | None = None
) -> subprocess.Popen[bytes] | None:
    """Start `argv` (never through a shell) and return at once; None if it could not start.

    A watchdog thread reaps the process, and kills it once `timeout` seconds have passed, so a
    hung player can neither stall the caller nor linger as a zombie.
    """
    try:
        # The program was found with shutil.which and every argument is passed as its own
        # list item, so no shell ever parses an exercise name.
        process = subprocess.Popen(  # noqa: S603
            list(argv),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=None if env is None else {**os.environ, **env},
            creationflags=_NO_WINDOW,
        )
    except OSError:
        return None
    threading.Thread(target=_reap, args=(process, timeout), daemon=True).start()
    return process


def _reap(process: subprocess.Popen[bytes], timeout: float) -> None:
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
