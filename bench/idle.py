"""Idle cost: CPU used by hiptimer over 30 s of a 3-minute hold, against termdown over the same 30 s."""

from __future__ import annotations

import time

import psutil
from figures import Figure
from home import TERMDOWN, hiptimer, status_line
from terminal import Terminal

WINDOW = 30.0
SETTLE = 3.0
"""Seconds to let both programs finish starting before the window opens."""
CORE_LIMIT = 2.0


def cpu_seconds(process: psutil.Process) -> float:
    times = process.cpu_times()
    return times.user + times.system


def measure(terminal: Terminal, home: str) -> Figure:
    ours = terminal.start("idle-hiptimer", hiptimer("run", "bench-hold"), {"HIPTIMER_HOME": home})
    theirs = terminal.start("idle-termdown", [TERMDOWN, "180"])
    try:
        terminal.wait_for_text("idle-hiptimer", "Enter to start", timeout=60)
        terminal.keys("idle-hiptimer", "Enter")
        terminal.wait_for("idle-hiptimer", lambda lines: "HOLD" in (status_line(lines) or ""))
        time.sleep(SETTLE)
        processes = [psutil.Process(ours), psutil.Process(theirs)]
        before = [cpu_seconds(process) for process in processes]
        began = time.perf_counter()
        time.sleep(WINDOW)
        after = [cpu_seconds(process) for process in processes]
        elapsed = time.perf_counter() - began
        still_holding = "HOLD" in (status_line(terminal.screen("idle-hiptimer")) or "")
    finally:
        terminal.stop("idle-hiptimer", ours)
        terminal.stop("idle-termdown", theirs)
    if not still_holding:
        raise RuntimeError("the hold ended inside the measuring window")
    percent = [100 * (end - start) / elapsed for start, end in zip(before, after, strict=True)]
    ratio = percent[0] / percent[1] if percent[1] else float("inf")
    return Figure(
        f"Idle: CPU of one core over {WINDOW:.0f} s of a 3-minute hold",
        f"{percent[0]:.2f} %",
        f"`termdown 180`, same window: {percent[1]:.2f} %",
        f"{ratio:.2f}×",
        f"≤ 1.0× and < {CORE_LIMIT:.0f} % of a core",
        ratio <= 1.0 and percent[0] < CORE_LIMIT,
    )
