"""`hiptimer history`, `history --exercise`, `export` and `import` as a runner types them."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from hiptimer import paths
from hiptimer.cli import main
from hiptimer.domain.history import STRONG_COLUMNS, HistoryStore, SessionStatus
from hiptimer.domain.results import SetResult
from hiptimer.routines.plan import SetKey, StepKind

START = datetime(2025, 3, 3, 7, 0, tzinfo=UTC)


def couch(side: int, seconds: float, day: datetime) -> SetResult:
    return SetResult(
        "couch", "Couch stretch", SetKey(0, 0, 0, side), None, StepKind.HOLD,
        ("left", "right")[side], "2m..3m", None, seconds, day, day + timedelta(seconds=seconds),
        short=seconds < 120,
    )  # fmt: skip


def seed() -> None:
    """Three finished sessions with the right side behind, and one abandoned session."""
    store, _ = HistoryStore.open()
    for number in range(3):
        day = START + timedelta(days=2 * number)
        session = store.start_session("couch", "Couch stretch", "", number % 2, day)
        store.record(session, couch(0, 150.0, day))
        store.record(session, couch(1, 100.0, day))
        store.finish(session, SessionStatus.COMPLETED, day + timedelta(minutes=42))
    later = START + timedelta(days=7)
    session = store.start_session("hips", "Hip strength", "", 0, later)
    skipped = SetResult(
        "hips", "Clamshell", SetKey(0, 0, 0, 0), None, StepKind.REPS, "left", "15 reps",
        None, 0.0, later, later, skipped=True,
    )  # fmt: skip
    store.record(session, skipped)
    store.finish(session, SessionStatus.ABANDONED, later + timedelta(minutes=3))
    store.close()


def test_history_lists_recent_sessions_newest_first(capsys: pytest.CaptureFixture[str]) -> None:
    seed()
    assert main(["history"]) == 0
    out = capsys.readouterr().out
    lines = [line for line in out.splitlines() if "Couch stretch" in line or "Hip strength" in line]
    assert len(lines) == 4
    assert "Hip strength" in lines[0] and "abandoned" in lines[0]
    assert all("completed" in line and "42:00" in line for line in lines[1:])
    assert lines[0].split()[-4:] == ["0", "1", "0", "abandoned"]  # done, skipped, short
    assert "Last 4 sessions" in out and "This week:" in out and "streak:" in out


def test_a_session_under_a_minute_says_its_seconds_as_the_summary_does(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The summary said "Total time 0:42"; the history must not say "0m"."""
    store, _ = HistoryStore.open()
    with store:
        session = store.start_session("couch", "Couch stretch", "", 0, START)
        store.finish(session, SessionStatus.ABANDONED, START + timedelta(minutes=5), 42.7)
    assert main(["history"]) == 0
    [line] = [line for line in capsys.readouterr().out.splitlines() if "Couch" in line]
    assert " 0:42 " in f" {line} " and "0m" not in line


def test_history_says_so_when_there_is_nothing_yet(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["history"]) == 0
    assert "No sessions yet" in capsys.readouterr().out


def test_history_of_an_exercise_shows_each_side_and_the_asymmetry(
    capsys: pytest.CaptureFixture[str],
) -> None:
    seed()
    assert main(["history", "--exercise", "couch STRETCH"]) == 0
    out = capsys.readouterr().out
    assert "Couch stretch: longest hold per side, per session" in out
    assert "Left" in out and "Right" in out
    assert out.count("2:30") == 4 and out.count("1:40") == 4  # three sessions and the note
    assert "Right couch stretch: 1:40 vs 2:30 on the left" in out


@pytest.mark.parametrize("name", ["squat", "clamshell"])
def test_an_exercise_never_done_is_one_line_naming_the_ones_there_are(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Clamshell is in the history, but only skipped: it has no trend (and once crashed)."""
    seed()
    assert main(["history", "--exercise", name]) == 1
    err = capsys.readouterr().err
    assert err == f'hiptimer: no "{name}" in your history; exercises you have done: Couch stretch\n'


def second_stretch() -> None:
    store, _ = HistoryStore.open()
    day = START + timedelta(days=9)
    session = store.start_session("knee", "Knee", "", 0, day)
    done = SetResult(
        "knee", "Kneeling hip flexor stretch", SetKey(0, 0, 0, 0), None, StepKind.HOLD, "left",
        "1m", None, 60.0, day, day + timedelta(minutes=1),
    )  # fmt: skip
    store.record(session, done)
    store.finish(session, SessionStatus.COMPLETED, day + timedelta(minutes=2))
    store.close()


def test_a_unique_part_of_an_exercise_name_is_enough(capsys: pytest.CaptureFixture[str]) -> None:
    """`history --exercise knee` found nothing."""
    seed()
    second_stretch()
    assert main(["history", "--exercise", "knee"]) == 0
    assert "Kneeling hip flexor stretch: longest hold per side" in capsys.readouterr().out


def test_a_part_of_several_names_lists_them(capsys: pytest.CaptureFixture[str]) -> None:
    seed()
    second_stretch()
    assert main(["history", "--exercise", "stretch"]) == 1
    assert capsys.readouterr().err == (
        'hiptimer: "stretch" is part of 2 exercises; give more of the name: '
        "Couch stretch; Kneeling hip flexor stretch\n"
    )


@pytest.mark.parametrize("limit", ["-3", "0", "ten"])
def test_a_limit_below_one_or_not_a_number_is_refused(
    limit: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """`history --limit -3` was accepted (and showed nothing, or everything)."""
    seed()
    with pytest.raises(SystemExit) as exit_:
        main(["history", "--limit", limit])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "--limit" in err and ("too few" in err or "not a whole number" in err)


def test_export_csv_goes_to_stdout_in_strongs_columns(capsys: pytest.CaptureFixture[str]) -> None:
    seed()
    assert main(["export", "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == ",".join(STRONG_COLUMNS)
    assert len(lines) == 1 + 3 * 2 + 1


def test_export_to_a_file_then_import_elsewhere_round_trips(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed()
    exported = tmp_path / "history.json"
    assert main(["export", "--format", "json", "-o", str(exported)]) == 0
    assert f"Wrote your history to {exported}" in capsys.readouterr().out
    assert len(json.loads(exported.read_text(encoding="utf-8"))["sessions"]) == 4

    monkeypatch.setenv("HIPTIMER_HOME", str(tmp_path / "new-laptop"))
    assert main(["import", str(exported)]) == 0
    assert capsys.readouterr().out == f"Imported 4 sessions from {exported}\n"
    assert main(["import", str(exported)]) == 0
    assert "Imported 0 sessions" in capsys.readouterr().out
    again = tmp_path / "again.json"
    assert main(["export", "--format", "json", "-o", str(again)]) == 0
    assert again.read_bytes() == exported.read_bytes()


def test_a_bad_import_file_is_one_line_and_exit_code_1(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = tmp_path / "notes.csv"
    bad.write_text("Date,Exercise\n2024-01-01,Squat\n", encoding="utf-8")
    assert main(["import", str(bad)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"hiptimer: {bad}: not a hiptimer export") and err.count("\n") == 1


def test_a_damaged_history_is_reported_and_the_command_still_works(
    capsys: pytest.CaptureFixture[str],
) -> None:
    paths.history_file().parent.mkdir(parents=True)
    paths.history_file().write_bytes(b"\x00garbage" * 100)
    assert main(["history"]) == 0
    captured = capsys.readouterr()
    assert "history file was damaged" in captured.err and ".damaged-" in captured.err
    assert "No sessions yet" in captured.out
