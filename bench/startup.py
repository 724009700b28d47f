"""Start-up: launch until the first screen is painted, hiptimer's picker against the minimal app."""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass

from figures import Figure
from home import hiptimer, minimal_app, pydantic_app
from minimal_app import PAINTED
from terminal import Terminal

TARGET = 1.3


@dataclass(frozen=True)
class Launch:
    seconds: float
    peak_rss: int
    """Bytes, the process's high-water mark (VmHWM) once painted."""


def peak_rss(pid: int) -> int:
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError(f"no VmHWM for process {pid}")


def launch(terminal: Terminal, argv: list[str], painted: str, env: dict[str, str]) -> Launch:
    began = time.perf_counter()
    pid = terminal.start("startup", argv, env)
    seconds = terminal.wait_for_text("startup", painted, timeout=60) - began
    peak = peak_rss(pid)
    terminal.stop("startup", pid)
    return Launch(seconds, peak)


def median_peak(launches: list[Launch]) -> int:
    return sorted(launch.peak_rss for launch in launches)[len(launches) // 2]


def measure(terminal: Terminal, home: str, runs: int) -> tuple[Figure, dict[str, list[Launch]]]:
    """Take turns in a rotating order, so a burst of load elsewhere hits every app alike; a first
    run of each warms up. The minimal app with pydantic is the second reference: the part of
    the ratio that validating with pydantic before the first paint costs by itself."""
    env = {"HIPTIMER_HOME": home}
    apps = {
        "hiptimer": (hiptimer(), "pick a routine"),
        "minimal": (minimal_app(), PAINTED),
        "pydantic": (pydantic_app(), PAINTED),
    }
    # Bytecode, page cache and hiptimer's routine cache, as a runner's second start; hiptimer's
    # first launch in the fresh home (every routine checked with pydantic) is reported beside.
    first = {name: launch(terminal, argv, painted, env) for name, (argv, painted) in apps.items()}
    launches: dict[str, list[Launch]] = {name: [] for name in apps}
    names = list(apps)
    for run in range(runs):
        for name in names[run % 3 :] + names[: run % 3]:
            launches[name].append(launch(terminal, *apps[name], env))
    ours, minimal, floor = (
        statistics.median(launch.seconds for launch in launches[name])
        for name in ("hiptimer", "minimal", "pydantic")
    )
    figure = Figure(
        f"Startup: launch → picker painted (median of {runs})",
        f"{ours:.2f} s",
        f"minimal Textual app (Header + Digits + Footer) {minimal:.2f} s; "
        f"the same app validating one pydantic model first {floor:.2f} s ({floor / minimal:.2f}×); "
        f"hiptimer's first launch in a fresh home (no routine cache yet) {first['hiptimer'].seconds:.2f} s",
        f"{ours / minimal:.2f}×",
        f"≤ {TARGET}×",
        ours / minimal <= TARGET,
    )
    return figure, launches
