"""Key latency: Space sent through tmux until the status line shows the new rep count."""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable

from figures import Figure, ms
from home import hiptimer, minimal_app, status_line
from terminal import Terminal

PRESSES = 50
TARGET = 0.050


def presses(
    terminal: Terminal, name: str, key: str, shows: Callable[[list[str], int], bool]
) -> list[float]:
    """Seconds from sending the key to seeing count `n`, for n = 1..PRESSES."""
    jitter = random.Random(7)
    seconds = []
    for count in range(1, PRESSES + 1):
        # Irregular gaps, so presses do not lock onto the app's repaint ticks.
        time.sleep(jitter.uniform(0.05, 0.15))
        began = time.perf_counter()
        terminal.keys(name, key)
        seen, _ = terminal.wait_for(name, lambda lines, n=count: shows(lines, n), timeout=10)
        seconds.append(seen - began)
    return seconds


def floor(terminal: Terminal) -> list[float]:
    """The same loop against `cat`: the terminal driver echoes the key, no program draws anything."""
    pid = terminal.start("latency-floor", ["cat"])
    try:
        return presses(terminal, "latency-floor", "x", lambda lines, n: lines[0].count("x") == n)
    finally:
        terminal.stop("latency-floor", pid)


def minimal_taps(terminal: Terminal) -> list[float]:
    """The same loop against the minimal Textual app, whose Space puts the count in its header."""
    pid = terminal.start("latency-minimal", minimal_app())
    try:
        terminal.wait_for_text("latency-minimal", "0 taps", timeout=60)
        return presses(
            terminal, "latency-minimal", "Space", lambda lines, n: f" {n} taps" in lines[0]
        )
    finally:
        terminal.stop("latency-minimal", pid)


def hiptimer_taps(terminal: Terminal, home: str) -> list[float]:
    pid = terminal.start("latency", hiptimer("run", "bench-reps"), {"HIPTIMER_HOME": home})
    try:
        terminal.wait_for_text("latency", "Enter to start", timeout=60)
        terminal.keys("latency", "Enter")
        terminal.wait_for_text("latency", "0/99 reps")
        return presses(
            terminal,
            "latency",
            "Space",
            lambda lines, n: f"{n}/99 reps" in (status_line(lines) or ""),
        )
    finally:
        terminal.stop("latency", pid)


def measure(terminal: Terminal, home: str) -> Figure:
    ours = statistics.median(hiptimer_taps(terminal, home))
    minimal = statistics.median(minimal_taps(terminal))
    tmux = statistics.median(floor(terminal))
    return Figure(
        f"Key latency: Space → status line shows the rep (median of {PRESSES})",
        ms(ours),
        f"minimal Textual app, Space → header count {ms(minimal)}; "
        f"tmux floor (tty echo under `cat`) {ms(tmux)}",
        f"{ours / minimal:.2f}×",
        f"≤ {ms(TARGET)}",
        ours <= TARGET,
    )
