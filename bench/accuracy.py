"""Timer accuracy and drift: every phase of bench-timing timed from outside, off the status line.

The session is 10 s holds on each side with 3 s switches, and 3 s rests between 24 sets: 10.4
minutes, the length the issue names for drift. It has its own tmux server so it can run in a
thread while the other benchmarks use theirs.
"""

from __future__ import annotations

import statistics
import sys
import time
from dataclasses import dataclass

from figures import Figure, ms
from home import PLANNED, hiptimer, status_line
from terminal import Terminal

TARGET = 0.050
EARLY = 1.3
"""Start polling this long before a phase should end, to catch its last second ("0:01 left") too;
sleeping until then keeps the polling cheap."""
DONE = "Session complete"
SETTLE_READS = 50
"""Reads (about a millisecond each) to wait for a half-drawn status line to be whole."""


@dataclass(frozen=True)
class Phase:
    label: str
    started: float
    last_second: float
    """When "0:01 left" appeared: the phase's deadline is one second later, by the app's clock."""
    ended: float

    @property
    def error(self) -> float:
        return self.ended - self.started - PLANNED[self.label]

    @property
    def change_lag(self) -> float:
        """How long after its own countdown ran out the next phase was painted."""
        return self.ended - (self.last_second + 1.0)


def without_clock(status: str) -> str:
    """The status line less its last field, the clock, which a toast may also overlap."""
    return status.rsplit(" · ", 1)[0]


def watch(terminal: Terminal, home: str) -> list[Phase]:
    """Each phase as the status line showed it, from "HOLD" appearing to the next phase appearing."""
    pid = terminal.start("timing", hiptimer("run", "bench-timing"), {"HIPTIMER_HOME": home})
    seen: list[tuple[str, str, float, float]] = []  # label, status less clock, first seen, 0:01
    try:
        terminal.wait_for_text("timing", "Enter to start", timeout=60)
        terminal.keys("timing", "Enter")
        while True:
            if seen:
                label, current, started, _ = seen[-1]
                time.sleep(max(0.0, started + PLANNED[label] - EARLY - time.perf_counter()))
                last_second, _ = terminal.wait_for(
                    "timing", lambda lines, current=current: last(lines, current)
                )
                seen[-1] = (label, current, started, last_second)
            current = seen[-1][1] if seen else ""
            seen_at, lines = terminal.wait_for(
                "timing", lambda lines, current=current: moved_on(lines, current)
            )
            status = settled(terminal, status_line(lines))
            if status is None:
                break
            seen.append((status.split(" · ")[0], without_clock(status), seen_at, 0.0))
    finally:
        terminal.stop("timing", pid)
    ends = [started for _, _, started, _ in seen[1:]] + [seen_at]
    return [
        Phase(label, started, last_second, end)
        for (label, _, started, last_second), end in zip(seen, ends, strict=True)
    ]


def settled(terminal: Terminal, status: str | None) -> str | None:
    """The status line once its frame is drawn whole. tmux 3.3 has no synchronised output, so a
    read can land while a frame is half written and catch a line half new and half old ("REST ·
    next LEFT · Side plk · set 3/24 · 0:01 left"); taken for a phase, it split one in two. The
    reads that follow show the line whole; the phase still starts at the first read that moved."""
    for _ in range(SETTLE_READS):
        if status is None:
            return None  # the session is over
        again = status_line(terminal.screen("timing"))
        if again is not None and without_clock(again) == without_clock(status):
            return status
        print(f"accuracy: read again a half-drawn status line: {status!r}", file=sys.stderr)
        status = again
    return status


def last(lines: list[str], current: str) -> bool:
    """The phase's final second is showing, or the phase is already over."""
    status = status_line(lines)
    return status is None or without_clock(status) != current or " · 0:01 " in status + " "


def moved_on(lines: list[str], current: str) -> bool:
    status = status_line(lines)
    if status is None:
        return any(DONE in line for line in lines)
    return without_clock(status) != current


def drift_per_minute(phases: list[Phase]) -> float:
    """The trend of each phase's start against its planned start, in seconds per minute."""
    planned, offsets = [], []
    elapsed = 0.0
    for phase in phases:
        planned.append(elapsed)
        offsets.append(phase.started - phases[0].started - elapsed)
        elapsed += PLANNED[phase.label]
    planned.append(elapsed)
    offsets.append(phases[-1].ended - phases[0].started - elapsed)
    return statistics.linear_regression(planned, offsets).slope * 60


def measure(home: str) -> list[Figure]:
    with Terminal("timing") as terminal:
        phases = watch(terminal, home)
    holds = [abs(phase.error) for phase in phases if phase.label == "HOLD"]
    switches = [abs(phase.error) for phase in phases if phase.label == "SWITCH"]
    error = statistics.median(holds + switches)
    relative = statistics.median(
        abs(phase.error) / PLANNED[phase.label] for phase in phases if phase.label != "REST"
    )
    planned = sum(PLANNED[phase.label] for phase in phases)
    outside = phases[-1].ended - phases[0].started
    drift = drift_per_minute(phases) * planned / 60
    lag = statistics.median(phase.change_lag for phase in phases)
    return [
        Figure(
            f"Timer accuracy: {len(holds)} holds of 10 s and {len(switches)} switches of 3 s, median absolute error",
            f"{ms(error)} (holds {ms(statistics.median(holds))}, switches "
            f"{ms(statistics.median(switches))}); each new phase painted {ms(lag)} after the "
            "countdown ran out (median)",
            "planned length from the routine file",
            f"{relative:.2%} of the phase",
            f"≤ {ms(TARGET)}",
            error <= TARGET,
        ),
        Figure(
            f"Drift: {len(phases)} phases back to back, {planned / 60:.1f} min (issue: 10 min)",
            f"{outside:.3f} s outside; trend {ms(drift)} over the session",
            f"{planned:.3f} s planned",
            f"{outside / planned:.4f}×",
            f"no drift accumulating (trend ≤ {ms(TARGET)})",
            abs(drift) <= TARGET,
        ),
    ]
