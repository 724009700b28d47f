"""Run every benchmark of issue 7 against the real hiptimer in tmux, and print each figure with its
reference and ratio.

    uv run --group bench python bench/run.py            # print the results
    uv run --group bench python bench/run.py --readme   # and record them in bench/README.md

The history benchmark (bench_history.py) starts first, as a subprocess, and the timing session
runs in a thread on its own tmux server while the others run one by one: about 5 minutes in all.
Each figure's reference is measured in the same run, under the same load.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import accuracy
import idle
import latency
import memory
import startup
from figures import Figure, table
from home import BENCH, make_home
from terminal import Terminal

README = BENCH / "README.md"
START, END = "<!-- bench/run.py results: start -->", "<!-- bench/run.py results: end -->"
STARTUP_RUNS = 15
"""Launches of each app, taking turns. Single launches on this 2-core machine spread by a third
either way (hiptimer 266-429 ms and the minimal app 194-272 ms in one series of 12); with 7 the
median ratio moved by 0.3 between two runs a minute apart, with 15 it holds still enough to read."""


def machine() -> str:
    def output(*command: str) -> str:
        return subprocess.run(command, capture_output=True, text=True, check=True).stdout.strip()

    return (
        f"`nproc` {output('nproc')} · `python3 --version` {output('python3', '--version')} · "
        f"`uname -sr` {output('uname', '-sr')} · {datetime.now(UTC):%Y-%m-%d %H:%M} UTC · "
        f"load average at start {os.getloadavg()[0]:.1f}"
    )


def start_history() -> subprocess.Popen[str]:
    """bench_history.py as its author wrote it, started first: under load it takes minutes."""
    script = BENCH / "bench_history.py"
    return subprocess.Popen([sys.executable, script], stdout=subprocess.PIPE, text=True)


def history(process: subprocess.Popen[str]) -> tuple[Figure, str]:
    """Its `hiptimer history` row becomes a figure; its own table goes into the record whole."""
    output, _ = process.communicate()
    if process.returncode:
        raise RuntimeError(f"bench_history.py failed ({process.returncode}):\n{output}")
    found = re.search(r"\| `hiptimer history` \| ([\d.]+) s \| < ([\d.]+) s \|", output)
    baseline = re.search(r"\| `hiptimer --version`[^|]*\| ([\d.]+) s \|", output)
    if found is None or baseline is None:
        raise RuntimeError(f"bench_history.py printed no `hiptimer history` row:\n{output}")
    seconds, target, version = float(found[1]), float(found[2]), float(baseline[1])
    figure = Figure(
        "History at scale: `hiptimer history` on 10 years (bench_history.py)",
        f"{seconds:.3f} s",
        f"`hiptimer --version` {version:.3f} s",
        f"{seconds / version:.2f}×",
        f"< {target} s",
        seconds < target,
    )
    return figure, output.strip()


def run_all() -> tuple[list[Figure], str]:
    homes = [make_home() for _ in range(5)]
    history_run = start_history()
    try:
        with ThreadPoolExecutor(1) as pool, Terminal() as terminal:
            timing = pool.submit(accuracy.measure, homes[0].name)
            figures = [idle.measure(terminal, homes[1].name)]
            report(figures[-1])
            figures.append(latency.measure(terminal, homes[2].name))
            report(figures[-1])
            figure, launches = startup.measure(terminal, homes[3].name, STARTUP_RUNS)
            report(figure)
            figures += [figure, memory.measure(terminal, homes[4].name, launches)]
            report(figures[-1])
            for figure in timing.result():
                report(figure)
                figures.append(figure)
    finally:
        for home in homes:
            home.cleanup()
    figure, history_output = history(history_run)
    report(figure)
    return [*figures, figure], history_output


def run_startup() -> list[Figure]:
    """Start-up and memory alone (about a minute): the figures a change to the first paint moves.
    Memory's references are the start-up runs' own, so the two always run together."""
    homes = [make_home() for _ in range(2)]
    try:
        with Terminal() as terminal:
            figure, launches = startup.measure(terminal, homes[0].name, STARTUP_RUNS)
            report(figure)
            figures = [figure, memory.measure(terminal, homes[1].name, launches)]
            report(figures[-1])
    finally:
        for home in homes:
            home.cleanup()
    return figures


def report(figure: Figure) -> None:
    verdict = "met" if figure.met else "MISSED"
    print(
        f"{figure.what}: {figure.measured} vs {figure.reference} = {figure.ratio} ({figure.target}, {verdict})",
        flush=True,
    )


def record(figures: list[Figure], history_output: str, about: str, seconds: float) -> str:
    return "\n".join(
        [
            START,
            "## Issue 7 benchmarks: latest run of `bench/run.py`",
            "",
            f"Machine: {about}. The whole run took {seconds / 60:.1f} min.",
            "",
            table(figures),
            "",
            "### bench_history.py, same run",
            "",
            history_output,
            END,
        ]
    )


def write_readme(section: str) -> None:
    """Replace only our marked section, so everything else in the README stays as written."""
    text = README.read_text(encoding="utf-8") if README.exists() else "# Benchmarks\n"
    if START in text and END in text:
        before, rest = text.split(START, 1)
        text = before + section + rest.split(END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    README.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--readme", action="store_true", help="record the results in bench/README.md"
    )
    parser.add_argument(
        "--only",
        choices=["startup"],
        help="run only start-up and memory, print them and record nothing",
    )
    arguments = parser.parse_args()
    about = machine()
    print(f"Machine: {about}", flush=True)
    if arguments.only == "startup":
        print("\n" + table(run_startup()))
        return
    began = time.perf_counter()
    figures, history_output = run_all()
    section = record(figures, history_output, about, time.perf_counter() - began)
    print("\n" + table(figures) + "\n\n" + history_output)
    if arguments.readme:
        write_readme(section)
        print(f"\nRecorded in {README}")


if __name__ == "__main__":
    main()
