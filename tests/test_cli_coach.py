"""`hiptimer today`, `progress` and `choose` as a runner types them, on a history imported from
a JSON export in the format hiptimer has always written."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import cast

import pytest

from hiptimer.cli import main

NOW = datetime.now(UTC).replace(microsecond=0)


def stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat() + "Z"


def couch_session(days_ago: int, left: float, right: float, level: int = 1) -> dict[str, object]:
    start = NOW - timedelta(days=days_ago)
    sets = [
        {
            "block": 0,
            "exercise_index": 0,
            "set": 0,
            "side": side,
            "exercise": f"Couch stretch, level {level}",
            "block_name": None,
            "kind": "HOLD",
            "side_label": ("left", "right")[side],
            "target": "2:00 hold",
            "reps": None,
            "seconds": seconds,
            "started_at": stamp(start),
            "ended_at": stamp(start),
            "skipped": False,
            "short": False,
            "load": None,
        }
        for side, seconds in enumerate((left, right))
    ]
    return {
        "routine_id": "couch-stretch", "routine_name": "Couch stretch", "start_side": 0,
        "started_at": stamp(start), "ended_at": stamp(start + timedelta(minutes=6)),
        "status": "completed", "active_seconds": 360.0, "routine_text": "", "sets": sets,
    }  # fmt: skip


def write_export(path: Path, *sessions: dict[str, object]) -> Path:
    path.write_text(
        json.dumps({"format": "hiptimer history", "version": 1, "sessions": list(sessions)}),
        encoding="utf-8",
    )
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


LINE_UP = (
    "  Couch stretch, level 1 · 2:00 per side",
    "  Couch stretch, level 1 · 2:15 per side (up from 2:00: you held 2:00 on both sides twice)",
)


def test_today_steps_up_from_an_imported_history_and_a_choice_comes_back_on_import(
    hiptimer_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    exported = write_export(
        tmp_path / "old.json", couch_session(3, 121, 120), couch_session(2, 125, 122)
    )
    assert run(capsys, "import", str(exported))[0] == 0
    code, out, _ = run(capsys, "today", "--routine", "couch-stretch")
    assert code == 0
    assert LINE_UP[1] in out.splitlines()

    code, out, _ = run(capsys, "choose", "Couch stretch", "decline")
    assert (code, out) == (
        0,
        "Recorded: decline on couch-stretch.couch-stretch. `hiptimer today` follows it.\n",
    )
    _, out, _ = run(capsys, "today", "--routine", "couch-stretch")
    assert (
        "  Couch stretch, level 1 · 2:00 per side (kept at 2:00: you declined the step up)" in out
    )

    again = tmp_path / "again.json"
    assert run(capsys, "export", "--format", "json", "-o", str(again))[0] == 0
    assert '"choice": "decline"' in again.read_text(encoding="utf-8")
    fresh = tmp_path / "fresh-home"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HIPTIMER_HOME", str(fresh))
        assert run(capsys, "import", str(again))[0] == 0
        _, out, _ = run(capsys, "today", "--routine", "couch-stretch")
    assert "(kept at 2:00: you declined the step up)" in out


def test_progress_names_the_rung_the_target_and_what_moves_you_up(
    hiptimer_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    exported = write_export(
        tmp_path / "x.json", couch_session(3, 125, 100), couch_session(2, 125, 101)
    )
    run(capsys, "import", str(exported))
    code, out, _ = run(capsys, "progress")
    assert code == 0
    lines = out.splitlines()
    at = lines.index("Couch stretch · rung 1 of 3: Couch stretch, level 1")
    assert lines[at + 1 : at + 7] == [
        "  Next time: right 2:00, left 2:15 (right first)",
        "    right: kept at 2:00: missed it twice in a row at the bottom; the rung below",
        "      may suit you better",
        "    left: up from 2:00: you held 2:00 twice",
        "  To move up: hold 2:00 on both sides twice to go up 0:15",
        "  2 sessions logged, in Couch stretch",
    ]


def side_plank_session(days_ago: int, routine_id: str, seconds: float) -> dict[str, object]:
    session = couch_session(days_ago, seconds, seconds)
    session["routine_id"] = routine_id
    sets = cast(list[dict[str, object]], session["sets"])
    for item in sets:
        item["exercise"], item["target"] = "Side plank", "0:30 hold"
    sets += [{**item, "set": 1} for item in sets]  # the side plank's 2 sets a side
    return session


def test_progress_is_one_block_a_ladder_by_name_across_the_routines_that_run_it(
    hiptimer_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Pain in the in-season session's side plank was not shown under the hip foundation's
    side plank; progress printed ids on one long line and called done exercises not started."""
    from hiptimer.domain.history import HistoryStore

    exported = write_export(
        tmp_path / "x.json",
        couch_session(6, 125, 125),
        side_plank_session(5, "hip-foundation", 40),
        side_plank_session(4, "in-season", 45),
    )
    run(capsys, "import", str(exported))
    store, _ = HistoryStore.open()
    with store:
        in_season = next(s for s in store.sessions() if s.routine_id == "in-season")
        store.answer(in_season.id, pain=7)
    code, out, _ = run(capsys, "progress")
    assert code == 0
    blocks = out.split("\n\n")
    [plank] = [block for block in blocks if block.startswith("Side plank\n")]
    assert "  Held back: pain was 7/10 during the last session (above 5)" in plank
    assert plank.endswith("  2 sessions logged, in Hip foundation, In-season hip session")
    assert all(len(line) <= 80 for line in out.splitlines())
    assert "couch-stretch.couch-stretch" not in out and "hip-foundation.side-plank" not in out
    [waiting] = [block for block in blocks if block.startswith("Not started yet:")]
    assert "Side plank" not in waiting and "  Couch stretch: " not in waiting
    _, today, _ = run(capsys, "today", "--routine", "hip-foundation")
    assert "  Side plank · 2 × 0:30 per side (kept at 0:30: pain was 7/10 during the last" in today


def test_today_is_a_rest_day_once_todays_session_is_done(
    hiptimer_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "import", str(write_export(tmp_path / "t.json", couch_session(0, 120, 120))))
    _, out, _ = run(capsys, "today")
    assert out.startswith("Rest day (done for today). Next session ")


def test_a_quit_session_does_not_use_up_the_day(
    hiptimer_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    quit_early = {**couch_session(0, 120, 120), "status": "abandoned"}
    run(capsys, "import", str(write_export(tmp_path / "t.json", quit_early)))
    _, out, _ = run(capsys, "today")
    assert not out.startswith("Rest day")
    assert "This week: 0 of" in out
    assert (
        "Not counted yet: Couch stretch today, stopped after 2 sets. Start again to count it."
        in out
    )


def test_a_session_left_open_by_a_killed_terminal_is_offered_to_resume(
    hiptimer_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from hiptimer.domain.history import HistoryStore
    from tests.test_coach import _hold

    store, _ = HistoryStore.open()  # an import closes an open session, so write it as the app does
    with store:
        session = store.start_session("couch-stretch", "Couch stretch", "", 0, NOW)
        store.record(session, _hold("Couch stretch, level 1", 0, 120, NOW))
    _, out, _ = run(capsys, "today")
    assert "stopped after 1 set. Resume it or start again." in out


def test_a_session_running_in_another_window_is_not_offered_to_resume_or_restart(
    hiptimer_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from hiptimer.domain.history import HistoryStore
    from tests.test_coach import _hold

    store, _ = HistoryStore.open()  # the other window: it owns its session while it runs
    with store:
        session = store.start_session("couch-stretch", "Couch stretch", "", 0, NOW)
        store.record(session, _hold("Couch stretch, level 1", 0, 120, NOW))
        _, out, _ = run(capsys, "today")
    assert "Running in another hiptimer window: Couch stretch, 1 set done so far." in out
    assert "Resume it" not in out and "Start again" not in out


def test_a_mostly_skipped_session_leaves_today_due_and_says_so(
    hiptimer_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    session = couch_session(0, 120, 120)
    sets = cast(list[dict[str, object]], session["sets"])
    sets[1]["skipped"] = True
    sets.append({**sets[1], "set": 1})
    run(capsys, "import", str(write_export(tmp_path / "t.json", session)))
    _, out, _ = run(capsys, "today")
    assert not out.startswith("Rest day")
    assert "Not counted yet: Couch stretch today, 1 of 3 sets done, most skipped. Start" in out


def test_choosing_an_unknown_ladder_lists_the_known_ones(
    hiptimer_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "choose", "couch", "jump", "2")
    assert code == 1
    assert 'no ladder "couch"' in err and "couch-stretch.couch-stretch" in err


def test_names_from_a_file_print_literally_in_today_and_progress(
    hiptimer_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = hiptimer_home / "routines"
    folder.mkdir(parents=True)
    (folder / "odd.toml").write_text(
        'name = "[bold]Odd[/] \\u001b[2J"\n[[exercise]]\nname = "[red]Clam[/]"\nreps = "8..12"\n',
        encoding="utf-8",
    )
    _, out, _ = run(capsys, "today", "--routine", "odd")
    assert "Today: [bold]Odd[/] ␛[2J" in out
    assert "  [red]Clam[/] · 8 reps (starting at 8 reps, the bottom of 8–12 reps)" in out
    assert "\x1b" not in out
    _, out, _ = run(capsys, "progress")
    assert "\x1b" not in out and "  [bold]Odd[/] ␛[2J: [red]Clam[/]" in out


def test_a_reader_that_stops_early_is_no_crash(hiptimer_home: Path) -> None:
    """`hiptimer today | head -4` wrote a crash log: print met a closed pipe. Here the reading
    end is closed before hiptimer starts."""
    read, write = os.pipe()
    os.close(read)
    try:
        run = subprocess.run(
            [sys.executable, "-m", "hiptimer", "today"],
            stdout=write,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "HIPTIMER_HOME": str(hiptimer_home)},
            timeout=60,
            check=False,
        )
    finally:
        os.close(write)
    assert (run.returncode, run.stderr) == (141, "")
    assert not list(hiptimer_home.glob("crash-*.log"))


def test_list_times_a_ranged_routine_at_todays_target_not_the_top_of_its_range(
    hiptimer_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The list's time was of the file's range at its longest (10 minutes a hold), while a
    session of it runs the coach's 1:00."""
    folder = hiptimer_home / "routines"
    folder.mkdir(parents=True)
    (folder / "wall-sit.toml").write_text(
        'name = "Wall sit"\nget_ready = "0s"\n[[exercise]]\nname = "Wall sit"\nhold = "1m..10m"\n',
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "list")
    assert code == 0
    [row] = [line for line in out.splitlines() if line.strip().startswith("wall-sit")]
    assert row.split()[-4:-2] == ["1", "min"]
    assert out.splitlines()[-1].startswith("Time: as a session runs today")


def test_show_and_list_give_todays_length_as_the_picker_does_and_say_which_is_the_files(
    hiptimer_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`show hip-standing` said "about 29 min (28:45)", the file's ranges at their longest,
    while its preview said "about 21:25", the dose that runs. Both lengths are there now, each
    named."""
    code, out, _ = run(capsys, "show", "hip-standing")
    assert code == 0
    text = " ".join(out.split())
    assert "Today: about 21 min (21:25), at today's targets" in text
    assert "The file's dose below: about 29 min (28:45)" in text
    code, out, _ = run(capsys, "list")
    [row] = [line for line in out.splitlines() if line.strip().startswith("hip-standing")]
    assert "21 min" in row
