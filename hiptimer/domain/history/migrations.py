"""The history schema, one step per version, applied forward in code and counted by user_version."""

from __future__ import annotations

import sqlite3
from contextlib import suppress

__all__ = ["LATEST_VERSION", "MIGRATIONS", "HistoryTooNew", "migrate", "too_new"]

_VERSION_1 = """
CREATE TABLE session (
    id INTEGER PRIMARY KEY,
    routine_id TEXT NOT NULL,
    routine_name TEXT NOT NULL,
    routine_text TEXT NOT NULL,
    start_side INTEGER NOT NULL CHECK (start_side IN (0, 1)),
    started_at TEXT NOT NULL,
    ended_at TEXT,
    status TEXT NOT NULL CHECK (status IN ('in_progress', 'completed', 'abandoned')),
    UNIQUE (started_at, routine_id)
);
CREATE TABLE set_result (
    session_id INTEGER NOT NULL REFERENCES session (id) ON DELETE CASCADE,
    block INTEGER NOT NULL,
    exercise_index INTEGER NOT NULL,
    set_index INTEGER NOT NULL,
    side INTEGER NOT NULL,  -- the SetKey's side index, -1 for two-sided work
    exercise TEXT NOT NULL,
    block_name TEXT,
    kind TEXT NOT NULL,
    side_label TEXT,
    target TEXT NOT NULL,
    reps INTEGER,
    seconds REAL NOT NULL,
    started_at TEXT NOT NULL,
    ended_at TEXT NOT NULL,
    skipped INTEGER NOT NULL DEFAULT 0,
    short INTEGER NOT NULL DEFAULT 0,
    load TEXT,
    PRIMARY KEY (session_id, block, exercise_index, set_index, side)
) WITHOUT ROWID;
"""

# Version 2: the resume offer, start-side lookup and per-exercise trends each read one slice of
# years of history; without these they scan every session or every set.
_VERSION_2 = """
CREATE INDEX session_by_status ON session (status, started_at);
CREATE INDEX session_by_routine ON session (routine_id, started_at);
CREATE INDEX set_result_by_exercise ON set_result (exercise, session_id);
"""

# Version 3: how long a session took, not counting the time between a crash (or a closed
# terminal) and its resume; ended_at - started_at spans that gap. NULL for sessions from before.
_VERSION_3 = """
ALTER TABLE session ADD COLUMN active_seconds REAL CHECK (active_seconds >= 0);
"""

# Version 4: what the coach reads besides the sets. A session's effort (RPE 1-10), pain during
# it and pain the next day (0-10; -1 asked and not answered), each NULL until answered; the weight lifted per set; and the
# runner's own choices about a ladder, which take precedence over what the coach computes.
_VERSION_4 = """
ALTER TABLE session ADD COLUMN effort INTEGER CHECK (effort BETWEEN 1 AND 10);
ALTER TABLE session ADD COLUMN pain INTEGER CHECK (pain BETWEEN 0 AND 10);
ALTER TABLE session ADD COLUMN pain_after INTEGER CHECK (pain_after BETWEEN -1 AND 10);
ALTER TABLE set_result ADD COLUMN weight REAL CHECK (weight >= 0);
ALTER TABLE set_result ADD COLUMN weight_unit TEXT CHECK (weight_unit IN ('kg', 'lb'));
CREATE TABLE coach_choice (
    at TEXT NOT NULL,
    ladder TEXT NOT NULL,
    side TEXT NOT NULL DEFAULT '',
    choice TEXT NOT NULL CHECK (choice IN ('accept', 'decline', 'back', 'jump')),
    rung INTEGER CHECK (rung >= 0),
    PRIMARY KEY (at, ladder, side, choice)
) WITHOUT ROWID;
"""

MIGRATIONS: tuple[str, ...] = (_VERSION_1, _VERSION_2, _VERSION_3, _VERSION_4)
"""MIGRATIONS[n] takes a database from user_version n to n + 1."""

LATEST_VERSION = len(MIGRATIONS)


class HistoryTooNew(Exception):
    """The file was written by a newer hiptimer; it is left untouched."""


def too_new(version: int) -> str:
    return (
        f"it was written by a newer hiptimer (schema version {version}; this one knows up to "
        f"{LATEST_VERSION}), and is left untouched; update hiptimer to read it"
    )


def migrate(connection: sqlite3.Connection) -> None:
    """Bring the schema up to date in one write transaction, safe when two processes race."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        if version > LATEST_VERSION:
            raise HistoryTooNew(too_new(version))
        for step in MIGRATIONS[version:]:
            for statement in _statements(step):
                connection.execute(statement)
        connection.execute(f"PRAGMA user_version = {LATEST_VERSION}")
        connection.execute("COMMIT")
    except BaseException:
        if connection.in_transaction:  # a full disk has rolled back already; keep its error
            with suppress(sqlite3.Error):
                connection.execute("ROLLBACK")
        raise


def _statements(script: str) -> list[str]:
    # executescript() would commit our transaction first, so run each statement by hand.
    return [part.strip() for part in script.split(";") if part.strip()]
