"""Time the history at scale: ten years of daily sessions, about 150,000 set results.

Run with `uv run python bench/bench_history.py`. It builds the history in a temporary
HIPTIMER_HOME, then times `hiptimer history` (a subprocess, as a runner starts it) against
baselines measured in the same run, the history screen's data query, and both exports.
"""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from hiptimer.domain.history import (
    ExportFormat,
    HistoryStore,
    SessionArchive,
    SessionStatus,
    StoredSet,
    export_history,
    overview,
)

YEARS = 10
RUNS = 7
HISTORY_TARGET = 0.5
COACH_TARGET = 0.5
SCREEN_TARGET = 0.3
TREND_WEEKS = 26
"""How far back the screen's trends and asymmetry look; calendar and streak use everything."""

# (name, kind, sets, one-sided): 42 set results per session.
ROUTINE = [
    ("Couch stretch", "HOLD", 3, True),
    ("Side-lying clamshell", "REPS", 3, True),
    ("Glute bridge", "REPS", 3, False),
    ("Side plank", "MAX HOLD", 3, True),
    ("Single-leg RDL", "REPS", 3, True),
    ("Monster walk", "REPS", 3, False),
    ("Pigeon stretch", "HOLD", 3, True),
    ("Copenhagen plank", "MAX HOLD", 3, True),
]
ROUTINE_TEXT = "".join(
    f'[[exercise]]\nname = "{name}"\nsets = {sets}\nsides = {str(sided).lower()}\n\n'
    for name, _, sets, sided in ROUTINE
)


def session(day: int, start: datetime) -> SessionArchive:
    """One day's session; the right side lags a little, and some sets are skipped or short."""
    sets: list[StoredSet] = []
    moment = start
    for index, (name, kind, count, sided) in enumerate(ROUTINE):
        for set_index in range(count):
            for side in (0, 1) if sided else (None,):
                seconds = 90.0 + day % 60 - (12.0 if side == 1 else 0.0)
                reps = None if kind != "REPS" else 12 + day % 5 - (side or 0)
                skipped = (day + set_index + index) % 97 == 0
                sets.append(
                    StoredSet(
                        0, index, set_index, side, name, None, kind,
                        None if side is None else ("left", "right")[side],
                        "2m" if kind == "HOLD" else "max" if kind == "MAX HOLD" else "12 reps",
                        reps, 0.0 if skipped else seconds, moment,
                        moment + timedelta(seconds=seconds), skipped,
                        kind == "HOLD" and day % 11 == 0, "bodyweight" if kind == "REPS" else None,
                    )
                )  # fmt: skip
                moment += timedelta(seconds=seconds + 30)
    return SessionArchive(
        "hip-strength", "Hip strength", ROUTINE_TEXT, day % 2, start, moment,
        SessionStatus.COMPLETED, tuple(sets),
    )  # fmt: skip


# The same exercises as a routine with ladders, so `hiptimer today` and `progress` replay every
# one of the ten years' sessions: the coach's worst case is a long history on every ladder.
COACHED_ROUTINE = """
name = "Hip strength"
summary = "The history benchmark's routine, with a range on every exercise."
source = "bench/bench_history.py"

[[exercise]]
name = "Couch stretch"
hold = "2m..3m"
sets = 3
sides = "each"
[[exercise]]
name = "Side-lying clamshell"
reps = "10..15"
sets = 3
sides = "each"
[[exercise]]
name = "Glute bridge"
reps = "10..15"
sets = 3
[[exercise]]
name = "Side plank"
hold = "max"
sets = 3
sides = "each"
[[exercise]]
name = "Single-leg RDL"
reps = "8..12"
sets = 3
sides = "each"
[[exercise]]
name = "Monster walk"
reps = "10..15"
sets = 3
[[exercise]]
name = "Pigeon stretch"
hold = "1m..2m"
sets = 3
sides = "each"
[[exercise]]
name = "Copenhagen plank"
hold = "max"
sets = 3
sides = "each"
"""


def build(home: Path) -> tuple[int, int, float]:
    first = date.today() - timedelta(days=365 * YEARS)
    archives = [
        session(day, datetime.combine(first + timedelta(days=day), datetime.min.time(), UTC))
        for day in range(365 * YEARS)
    ]
    began = time.perf_counter()
    store, _ = HistoryStore.open(home / "history.sqlite3")
    store.restore(archives)
    store.close()
    (home / "routines").mkdir(exist_ok=True)
    (home / "routines" / "hip-strength.toml").write_text(COACHED_ROUTINE, encoding="utf-8")
    return len(archives), sum(len(a.sets) for a in archives), time.perf_counter() - began


def median_seconds(action: Callable[[], object], runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        action()
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def runner_env() -> dict[str, str]:
    """This process's environment (HIPTIMER_HOME included) as a runner's machine has it: this
    one sets PYTHONDONTWRITEBYTECODE, which makes each start compile every module again."""
    return {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def command(*arguments: str) -> Callable[[], object]:
    def run() -> None:
        subprocess.run(
            [sys.executable, *arguments], check=True, stdout=subprocess.DEVNULL, env=runner_env()
        )

    return run


def screen_data() -> None:
    store, _ = HistoryStore.open()
    today = date.today()
    since = datetime.combine(today - timedelta(weeks=TREND_WEEKS), datetime.min.time(), UTC)
    overview(store.training_starts(), store.efforts(since=since), today=today)
    store.close()


def export(export_format: ExportFormat) -> Callable[[], object]:
    def run() -> None:
        store, _ = HistoryStore.open()
        export_history(store, export_format)
        store.close()

    return run


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        os.environ["HIPTIMER_HOME"] = str(home)
        sessions, sets, build_seconds = build(home)
        size = (home / "history.sqlite3").stat().st_size
        print(
            f"Built {sessions:,} sessions, {sets:,} set results ({size / 1e6:.1f} MB) in {build_seconds:.1f} s"
        )
        print(
            f"Machine: {os.cpu_count()} CPUs, Python {platform.python_version()}, {platform.system()}"
        )
        command("-m", "hiptimer", "history")()  # warm the page cache and bytecode once

        empty = median_seconds(command("-c", "pass"))
        package = median_seconds(command("-c", "import hiptimer"))
        version = median_seconds(command("-m", "hiptimer", "--version"))
        history = median_seconds(command("-m", "hiptimer", "history"))
        exercise = median_seconds(
            command("-m", "hiptimer", "history", "--exercise", "couch stretch")
        )
        today = median_seconds(command("-m", "hiptimer", "today", "--routine", "hip-strength"))
        progress = median_seconds(command("-m", "hiptimer", "progress"))
        screen = median_seconds(screen_data)
        csv_export = median_seconds(export(ExportFormat.CSV), 3)
        json_export = median_seconds(export(ExportFormat.JSON), 3)

    rows = [
        ("`python -c pass` (baseline)", empty, ""),
        ('`python -c "import hiptimer"` (baseline)', package, ""),
        ("`hiptimer --version` (baseline: CLI start-up)", version, ""),
        ("`hiptimer history`", history, f"< {HISTORY_TARGET} s"),
        ('`hiptimer history --exercise "couch stretch"`', exercise, ""),
        ("`hiptimer today --routine hip-strength` (6 ladders over ten years)", today, f"< {COACH_TARGET} s"),
        ("`hiptimer progress` (every ladder of every routine)", progress, f"< {COACH_TARGET} s"),
        (f"history screen data: open, all session days, {TREND_WEEKS} weeks of efforts, overview (in process)", screen, f"< {SCREEN_TARGET} s"),
        ("export CSV (in process)", csv_export, ""),
        ("export JSON (in process)", json_export, ""),
    ]  # fmt: skip
    print(f"\nMedian of {RUNS} runs (exports: 3)\n")
    print("| What | Median | Target |")
    print("|---|---:|---|")
    for what, seconds, target in rows:
        print(f"| {what} | {seconds:.3f} s | {target} |")
    print(
        f"\n`hiptimer history` is {history / empty:.1f}× `python -c pass`, "
        f"{history / version:.2f}× `hiptimer --version`, and "
        f"{history - version:.3f} s above CLI start-up."
    )


if __name__ == "__main__":
    main()
