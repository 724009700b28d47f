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
    'name = "Hips"\n\n[[exercise]]\nname = "Couch stretch"\nhold = "2m..3m"\nsides = true\n'
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
    assert export_history(other, ExportFormat.JSON) == exported
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
    assert export_history(other, ExportFormat.CSV) == exported
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
