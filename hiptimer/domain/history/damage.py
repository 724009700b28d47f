"""Telling a damaged history file from a healthy one, and moving a damaged one out of the way."""

from __future__ import annotations

import os
import shutil
import sqlite3
from datetime import datetime
from pathlib import Path

__all__ = [
    "DamagedHistory",
    "check_intact",
    "damage_in",
    "file_identity",
    "move_aside",
    "private",
]

_CORRUPT = 11
_NOT_A_DATABASE = 26
_OUR_TABLES = {"session", "set_result"}


class DamagedHistory(Exception):
    """The history file cannot be used as it is; `reason` says why in a runner's words."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def damage_in(error: sqlite3.DatabaseError) -> str | None:
    """Why a failed query means the file is damaged, in a runner's words; None when the error
    is not damage (a lock, a full disk, a read-only file), which must never move it aside."""
    code = getattr(error, "sqlite_errorcode", 0) & 0xFF
    if code == _NOT_A_DATABASE:
        return "it is not an SQLite database"
    if code == _CORRUPT or "malformed" in str(error):
        return f"SQLite says: {error}"
    return None


def file_identity(path: Path) -> tuple[int, int] | None:
    """Which file `path` names now (device and inode); None when there is none."""
    try:
        status = path.stat()
    except OSError:
        return None
    return status.st_dev, status.st_ino


def private(path: Path) -> None:
    """Make a file hiptimer wrote readable by the runner alone (0600), if it exists.

    By name, never by opening it: closing a descriptor of the history drops SQLite's locks."""
    try:
        if path.stat().st_mode & 0o077:
            path.chmod(0o600)
    except OSError:
        pass  # gone, or not ours to change (a read-only home): reading it still works


def check_intact(connection: sqlite3.Connection) -> None:
    """Raise DamagedHistory unless the file is an intact SQLite database hiptimer can use.

    A locked or unreadable file is not damage: those errors pass through untouched, because
    moving a healthy history aside would hide it from the runner.
    """
    try:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        # A full check reads every page, too slow for each start; run it only when the file
        # is shorter than its header says, the mark of a cut-off copy or a disk that filled up.
        if _looks_cut_off(connection):
            problems = [row[0] for row in connection.execute("PRAGMA quick_check")]
            if problems != ["ok"]:
                raise DamagedHistory(f"it was cut off; SQLite's check found: {problems[0]}")
    except sqlite3.DatabaseError as error:
        reason = damage_in(error)
        if reason is None:
            raise
        raise DamagedHistory(reason) from error
    if version == 0 and tables and not tables <= _OUR_TABLES:
        raise DamagedHistory("it is an SQLite database, but not a hiptimer history")


def _looks_cut_off(connection: sqlite3.Connection) -> bool:
    """True when the file holds fewer pages than SQLite counts: a cut-off copy, or pages still
    in the -wal (then the check below just confirms the file is fine).

    Never open() the file here. On POSIX, closing any descriptor of a file drops every lock
    this process holds on it, SQLite's included. A second process would then take itself for
    the last reader, delete the -wal under this connection, and lose every later write."""
    [(_, _, filename)] = connection.execute("PRAGMA database_list").fetchall()[:1]
    pages = connection.execute("PRAGMA page_count").fetchone()[0]
    page_size = connection.execute("PRAGMA page_size").fetchone()[0]
    try:
        size = os.stat(filename).st_size
    except OSError:
        return False
    return bool(size < pages * page_size)


def move_aside(path: Path, connection: sqlite3.Connection) -> Path:
    """Move the file (and its -wal and -shm) to `<name>.damaged-<timestamp>`; closes `connection`.

    Nothing is deleted that was not first copied aside: SQLite removes a -wal when its last
    connection closes, so the companions are copied while the connection still holds them.
    """
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.name}.damaged-{stamp}")
    number = 1
    while aside.exists():
        number += 1
        aside = path.with_name(f"{path.name}.damaged-{stamp}-{number}")
    companions = [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm")]
    for companion in companions:
        if companion.exists():
            # Keeping SQLite's naming lets the moved pair still be opened for recovery.
            copy = aside.with_name(aside.name + companion.name[len(path.name) :])
            shutil.copy2(companion, copy)
            private(copy)
    connection.close()
    path.rename(aside)
    private(aside)
    for companion in companions:
        # A stale log left beside the fresh file could be replayed into it.
        companion.unlink(missing_ok=True)
    return aside
