"""Export to Strong-style CSV and full JSON, and import either back without duplicates."""

from __future__ import annotations

import csv
import io
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from hiptimer import paths
from hiptimer.domain.history import (
    STRONG_COLUMNS,
    ExportFormat,
    HistoryStore,
    ImportProblem,
    SessionStatus,
    export_history,
    import_file,
)
from hiptimer.domain.history import store as store_module
from hiptimer.domain.results import SetResult
from hiptimer.routines.plan import SetKey, StepKind

START = datetime(2025, 3, 3, 7, 0, tzinfo=UTC)
ROUTINE_TEXT = (
    'name = "Hips"\n\n[[block]]\nname = "Mobility; slow"\n[[block.exercise]]\n'
    'name = "Couch stretch"\nhold = "2m..3m"\nsides = "each"\n\n'
    '[[block]]\n[[block.exercise]]\nname = "Glute bridge"\nreps = 15\nsets = 2\n'
)


def seed(store: HistoryStore) -> None:
    """Two sessions: a finished one starting on the right (closed 42 minutes after it began,
    but worked for 38: it was resumed after a crash), and one still in progress."""
    first = store.start_session("hips", "Hips", ROUTINE_TEXT, 1, START)
    minute = timedelta(minutes=1)
    results = [
        SetResult("hips", "Couch stretch", SetKey(0, 0, 0, 1), "Mobility; slow", StepKind.HOLD,
                  "right", "2m..3m", None, 150.5, START, START + 3 * minute),
        SetResult("hips", "Couch stretch", SetKey(0, 0, 0, 0), "Mobility; slow", StepKind.HOLD,
                  "left", "2m..3m", None, 100.0, START + 3 * minute, START + 5 * minute, short=True),
        SetResult("hips", "Glute bridge", SetKey(1, 0, 0), None, StepKind.REPS, None, "15 reps",
                  15, 40.0, START + 6 * minute, START + 7 * minute, load="heavy; slow"),
        SetResult("hips", "Glute bridge", SetKey(1, 0, 1), None, StepKind.REPS, None, "15 reps",
                  None, 0.0, START + 8 * minute, START + 8 * minute, skipped=True),
    ]  # fmt: skip
    for result in results:
        store.record(first, result)
    store.finish(first, SessionStatus.COMPLETED, START + 42 * minute, 38 * 60.0)
    second = store.start_session("hips", "Hips", ROUTINE_TEXT, 0, START + timedelta(days=2))
    store.record(second, results[1])


@pytest.fixture
def store() -> HistoryStore:
    opened, _ = HistoryStore.open()
    seed(opened)
    return opened


def fresh_store(tmp_path: Path, name: str) -> HistoryStore:
    opened, _ = HistoryStore.open(tmp_path / name)
    return opened


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_csv_has_strongs_columns_and_one_row_per_set_per_side(store: HistoryStore) -> None:
    rows = list(csv.reader(io.StringIO(export_history(store, ExportFormat.CSV))))
    assert rows[0] == list(STRONG_COLUMNS)
    assert rows[0] == [
        "Date",
        "Workout Name",
        "Duration",
        "Exercise Name",
        "Set Order",
        "Weight",
        "Weight Unit",
        "Reps",
        "RPE",
        "Distance",
        "Distance Unit",
        "Seconds",
        "Notes",
        "Workout Notes",
    ]
    table = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    assert len(table) == 5
    right, left, bridge, skipped = table[:4]
    assert (right["Exercise Name"], right["Seconds"], right["Notes"].split("; ")[0]) == (
        "Couch stretch",
        "150.5",
        "right",
    )
    assert (
        left["Seconds"],
        left["Notes"].split("; ")[0],
        "short" in left["Notes"].split("; "),
    ) == ("100", "left", True)
    assert [row["Set Order"] for row in table[:4]] == ["1", "2", "1", "2"]
    assert (bridge["Reps"], bridge["Workout Name"], bridge["Duration"]) == ("15", "Hips", "38m")
    assert "skipped" in skipped["Notes"].split("; ")
    assert right["Date"] == START.astimezone().strftime("%Y-%m-%d %H:%M:%S")
    assert table[4]["Duration"] == ""  # the session still in progress
    store.close()  # fmt: skip


def test_json_export_import_export_is_byte_identical(store: HistoryStore, tmp_path: Path) -> None:
    exported = export_history(store, ExportFormat.JSON)
    assert '"routine_text": ' in exported and "Couch stretch" in exported
    other = fresh_store(tmp_path, "other.sqlite3")
    count = import_file(other, write(tmp_path, "history.json", exported))
    assert (count.added, count.already_there) == (2, 0)
    # The session still in progress comes in closed, so it is never offered for resume.
    closed = exported.replace(
        '"ended_at": null, "status": "in_progress"',
        '"ended_at": "2025-03-05T07:00:00Z", "status": "abandoned"',
    )
    assert closed != exported
    assert export_history(other, ExportFormat.JSON) == closed
    assert other.unfinished() is None
    third = fresh_store(tmp_path, "third.sqlite3")
    import_file(third, write(tmp_path, "again.json", closed))
    assert export_history(third, ExportFormat.JSON) == closed
    third.close()
    assert other.results(1) == store.results(1)
    store.close()
    other.close()


def test_importing_the_same_file_twice_adds_nothing(store: HistoryStore, tmp_path: Path) -> None:
    for export_format in ExportFormat:
        path = write(tmp_path, f"history.{export_format}", export_history(store, export_format))
        before = export_history(store, ExportFormat.JSON)
        count = import_file(store, path)
        assert (count.added, count.already_there) == (0, 2)
        assert export_history(store, ExportFormat.JSON) == before
    store.close()


def test_csv_import_brings_back_every_set_and_exports_the_same_csv(
    store: HistoryStore, tmp_path: Path
) -> None:
    exported = export_history(store, ExportFormat.CSV)
    other = fresh_store(tmp_path, "other.sqlite3")
    assert import_file(other, write(tmp_path, "strong.csv", exported)).added == 2
    # The session still in progress comes in closed, ended with its last set.
    closed = exported.replace("Hips,,Couch stretch", "Hips,2m,Couch stretch").replace(
        "status: in_progress; started: 2025-03-05T07:00:00Z",
        "status: abandoned; started: 2025-03-05T07:00:00Z; ended: 2025-03-05T07:01:40Z",
    )
    assert export_history(other, ExportFormat.CSV) == closed
    [finished] = [s for s in other.sessions() if s.status is SessionStatus.COMPLETED]
    assert (finished.done, finished.skipped, finished.short, finished.start_side) == (3, 1, 1, 1)
    assert finished.duration == timedelta(minutes=38)
    bridge = next(r for r in other.results(finished.id) if r.exercise == "Glute bridge")
    assert (bridge.reps, bridge.load, bridge.block_name, bridge.key) == (
        15,
        "heavy; slow",
        None,
        SetKey(1, 0, 0),
    )
    couch = other.results(finished.id)[0]
    assert couch.block_name == "Mobility; slow"
    store.close()
    other.close()  # fmt: skip


def test_an_export_from_before_sessions_kept_their_length_still_imports(
    store: HistoryStore, tmp_path: Path
) -> None:
    exported = export_history(store, ExportFormat.JSON)
    store.close()
    assert exported.count('"active_seconds": 2280.0, ') == 1  # the in-progress one has null
    older = exported.replace('"active_seconds": 2280.0, ', "").replace(
        '"active_seconds": null, ', ""
    )
    other = fresh_store(tmp_path, "other.sqlite3")
    assert import_file(other, write(tmp_path, "older.json", older)).added == 2
    [finished] = [s for s in other.sessions() if s.status is SessionStatus.COMPLETED]
    assert finished.duration == timedelta(minutes=42)  # start to end, as that hiptimer showed
    other.close()


def nothing_written(path: Path) -> bool:
    with sqlite3.connect(path) as check:
        return bool(check.execute("SELECT count(*) FROM session").fetchone()[0] == 0)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "the file is empty"),
        ("hello,world\n1,2\n", "not a hiptimer export: a CSV export starts with the columns Date,"),
        ('{"format": "hiptimer history", "version": 1, "sessions": [{"routine_id": "x"}]}', 'session 1 has no "routine_name"'),
        ("{not json", "not valid JSON (line 1"),
        ('{"sessions": []}', 'not a hiptimer JSON export (it needs "format": "hiptimer history")'),
        ('{"format": "hiptimer history", "version": 1, "sessions": [{"routine_id": "x", "routine_name": "X", "routine_text": "", "start_side": 0, "started_at": "2024-01-01T07:00:00Z", "ended_at": null, "status": "completed", "active_seconds": -5, "sets": []}]}', 'session 1: "active_seconds" should be a number of seconds, not "-5"'),
    ],
)  # fmt: skip
def test_a_bad_import_file_gets_one_clear_line(tmp_path: Path, content: str, message: str) -> None:
    store, _ = HistoryStore.open()
    path = write(tmp_path, "bad.txt", content)
    with pytest.raises(ImportProblem) as problem:
        import_file(store, path)
    text = str(problem.value)
    assert (
        text.startswith(f"{path}: ") and message in text and text.endswith("nothing was imported")
    )
    assert "\n" not in text
    store.close()


def test_a_file_bad_halfway_through_writes_nothing(store: HistoryStore, tmp_path: Path) -> None:
    good = export_history(store, ExportFormat.JSON)
    store.close()
    broken = good.replace('"seconds": 100.0', '"seconds": "a lot"', 1)
    target = fresh_store(tmp_path, "target.sqlite3")
    with pytest.raises(
        ImportProblem,
        match=r'session 1, set 2: "seconds" should be a number of seconds, not "a lot"',
    ):
        import_file(target, write(tmp_path, "broken.json", broken))
    target.close()
    assert nothing_written(tmp_path / "target.sqlite3")  # fmt: skip


def test_a_failure_while_writing_rolls_the_whole_import_back(
    store: HistoryStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, "history.json", export_history(store, ExportFormat.JSON))
    store.close()
    real_insert = store_module._insert_sets
    calls = []

    def insert_then_fail(*arguments: Any) -> None:
        calls.append(arguments)
        if len(calls) == 2:  # the first session is written; the disk fails on the second
            raise sqlite3.OperationalError("disk I/O error")
        real_insert(*arguments)

    monkeypatch.setattr(store_module, "_insert_sets", insert_then_fail)
    target = fresh_store(tmp_path, "target.sqlite3")
    with pytest.raises(sqlite3.OperationalError):
        import_file(target, path)
    target.close()
    assert len(calls) == 2
    assert nothing_written(tmp_path / "target.sqlite3")


def test_a_strong_csv_from_another_app_is_refused_by_name(tmp_path: Path) -> None:
    store, _ = HistoryStore.open()
    header = ",".join(STRONG_COLUMNS)
    row = "2024-01-01 07:00:00,Legs,45m,Squat,1,100,kg,5,,,,0,,"
    with pytest.raises(ImportProblem, match="row 2 is not from a hiptimer export"):
        import_file(store, write(tmp_path, "strong.csv", f"{header}\n{row}\n"))
    store.close()
    assert nothing_written(paths.history_file())


def _one_session(**changes: Any) -> str:
    """A valid one-session JSON export with the first set's fields changed as given."""
    stored = {
        "block": 1, "exercise_index": 0, "set": 0, "side": None, "exercise": "Glute bridge",
        "block_name": None, "kind": "REPS", "side_label": None, "target": "15 reps",
        "reps": 15, "seconds": 40.0, "started_at": "2025-03-03T07:06:00Z",
        "ended_at": "2025-03-03T07:07:00Z", "skipped": False, "short": False, "load": None,
    }  # fmt: skip
    session = {
        "routine_id": "hips", "routine_name": "Hips", "start_side": 0,
        "started_at": "2025-03-03T07:00:00Z", "ended_at": "2025-03-03T07:30:00Z",
        "status": "completed", "active_seconds": 1800.0, "routine_text": ROUTINE_TEXT,
    }  # fmt: skip
    extra = changes.pop("extra_sets", [])
    for name in list(changes):
        if name.startswith("session_"):
            session[name.removeprefix("session_")] = changes.pop(name)
    stored.update(changes)
    import json

    return (
        json.dumps(
            {
                "format": "hiptimer history",
                "version": 1,
                "sessions": [{**session, "sets": [stored, *extra]}],
            }
        )
        .replace('"__inf__"', "Infinity")
        .replace('"__nan__"', "NaN")
    )


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"seconds": "__inf__"}, 'session 1, set 1: "seconds" should be 0 to 86400 seconds, not inf'),
        ({"seconds": "__nan__"}, '"seconds" should be 0 to 86400 seconds, not nan'),
        ({"seconds": -1}, '"seconds" should be 0 to 86400 seconds, not -1'),
        ({"reps": -3}, 'session 1, set 1: "reps" should be 0 to 100000, not -3'),
        ({"started_at": "1970-01-01T00:00:00Z"}, 'set 1: "started_at" is 1970-01-01T00:00:00Z, outside 2000 to tomorrow'),
        ({"session_started_at": "2999-01-01T00:00:00Z"}, 'session 1: "started_at" is 2999-01-01T00:00:00Z'),
        ({"session_ended_at": "2025-03-02T07:00:00Z"}, "session 1 ends before it starts"),
        ({"extra_sets": [{"block": 1, "exercise_index": 0, "set": 0, "side": None, "exercise": "Glute bridge", "block_name": None, "kind": "REPS", "side_label": None, "target": "15 reps", "reps": 15, "seconds": 40.0, "started_at": "2025-03-03T07:08:00Z", "ended_at": "2025-03-03T07:09:00Z", "skipped": False, "short": False, "load": None}]}, "session 1, set 2 repeats set key 1.0.0"),
        ({"block": 7}, "session 1, set 1: its routine has no exercise at key 7.0.0"),
        ({"set": 5}, "session 1, set 1: its routine has no set at key 1.0.5 (at most 2)"),
        ({"side": 1}, 'key 1.0.0.1 does not fit "Glute bridge", which has no sides'),
        ({"session_routine_text": 'name = "x"\n[[exercise]]\nname = "y"\nhold = inf\n'}, "session 1: its routine text is not a routine"),
        ({"session_status": "in_progress", "session_ended_at": None, "block": -1}, "session 1, set 1: its key has a negative number"),
    ],
)  # fmt: skip
def test_an_imported_session_must_be_as_valid_as_a_recorded_one(
    tmp_path: Path, changes: dict[str, Any], message: str
) -> None:
    store, _ = HistoryStore.open()
    assert import_file(store, write(tmp_path, "good.json", _one_session())).added == 1
    target = fresh_store(tmp_path, "target.sqlite3")
    path = write(tmp_path, "bad.json", _one_session(**changes))
    with pytest.raises(ImportProblem) as problem:
        import_file(target, path)
    assert message in str(problem.value) and str(problem.value).endswith("nothing was imported")
    assert "\n" not in str(problem.value)
    target.close()
    store.close()
    assert nothing_written(tmp_path / "target.sqlite3")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{\"a\": [" * 100_000, "nests far too deeply"),
        ("[" * 100_000, "nests far too deeply"),  # was read as a CSV file
        ('[{"format": "hiptimer history"}]', "not a hiptimer JSON export"),
        ('{"format": "hiptimer history", "version": ' + "9" * 5000 + "}", "a number too long"),
        (",".join(STRONG_COLUMNS) + '\n"' + "x" * 200_000 + '"\n', "not a CSV file hiptimer can read"),
    ],
    ids=["deep", "deep-list", "a-list", "long-number", "huge-field"],
)  # fmt: skip
def test_a_hostile_import_file_is_one_line_not_a_traceback(
    tmp_path: Path, content: str, message: str
) -> None:
    store, _ = HistoryStore.open()
    with pytest.raises(ImportProblem, match=message):
        import_file(store, write(tmp_path, "hostile.json", content))
    store.close()


def test_a_csv_row_with_infinite_seconds_is_named_by_its_row(
    store: HistoryStore, tmp_path: Path
) -> None:
    exported = export_history(store, ExportFormat.CSV)
    store.close()
    lines = exported.splitlines()
    cells = next(csv.reader([lines[2]]))
    cells[11] = "inf"
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(cells)
    lines[2] = buffer.getvalue().rstrip("\n")
    target = fresh_store(tmp_path, "target.sqlite3")
    with pytest.raises(
        ImportProblem, match='row 3: "seconds" should be 0 to 86400 seconds, not inf'
    ):
        import_file(target, write(tmp_path, "bad.csv", "\n".join(lines) + "\n"))
    target.close()


def test_an_import_file_that_is_a_pipe_is_refused_at_once(tmp_path: Path) -> None:
    import os

    store, _ = HistoryStore.open()
    os.mkfifo(tmp_path / "pipe.json")
    with pytest.raises(ImportProblem, match="is a named pipe"):
        import_file(store, tmp_path / "pipe.json")
    store.close()
