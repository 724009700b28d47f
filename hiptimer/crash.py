"""An unexpected error is a failure: its traceback goes to a log file, the runner gets one line."""

from __future__ import annotations

import os
import platform
import sys
import tempfile
import traceback
from datetime import datetime
from pathlib import Path

__all__ = ["CRASH_EXIT_CODE", "crash_line", "write_crash_log"]

CRASH_EXIT_CODE = 70
"""EX_SOFTWARE from sysexits.h: an internal error, never a problem the runner can fix (1, 2)."""


def write_crash_log(error: BaseException, *, where: str = "") -> Path | None:
    """Write `error`'s traceback to `crash-<time>.log` in the data folder (or, if that cannot
    be written, the temporary folder), private to the runner; None if neither can be."""
    from hiptimer import paths

    text = _report(error, where)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    for folder in (paths.data_home(), Path(tempfile.gettempdir())):
        try:
            if folder == paths.data_home():
                paths.private_folder(folder)
            return _write_new(folder, f"crash-{stamp}", text)
        except OSError:
            continue
    return None


def crash_line(log: Path | None) -> str:
    """The one line printed for a crash."""
    if log is None:
        return "hiptimer stopped on an unexpected error, and could not write its log file."
    return f"hiptimer stopped on an unexpected error; the details are in {log}"


def _write_new(folder: Path, name: str, text: str) -> Path:
    number = 1
    while True:
        path = folder / (f"{name}.log" if number == 1 else f"{name}-{number}.log")
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            number += 1
            continue
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            file.write(text)
        return path


def _report(error: BaseException, where: str) -> str:
    from hiptimer import __version__

    try:
        version = __version__
    except Exception:  # the version is looked up from the package's metadata
        version = "unknown"
    lines = [
        f"hiptimer {version} on Python {platform.python_version()} ({sys.platform})",
        f"at {datetime.now().astimezone().isoformat(timespec='seconds')}",
        f"command: {' '.join(sys.argv[1:]) or '(the picker)'}",
    ]
    if where:
        lines.append(f"in: {where}")
    lines.append("")
    lines.extend(traceback.format_exception(error))
    return "\n".join(line.rstrip("\n") for line in lines) + "\n"
