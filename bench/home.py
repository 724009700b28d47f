"""A throwaway HIPTIMER_HOME holding the benchmark's routines, and the commands that start the apps."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
PYTHON = str(BENCH.parent / ".venv" / "bin" / "python")
"""The venv's python itself, not `uv run`: uv's own start-up is not what is measured."""
TERMDOWN = str(BENCH.parent / ".venv" / "bin" / "termdown")

ROUTINES = {
    # Idle cost: one long hold the runner just waits through.
    "bench-hold": """
name = "Bench: one 3-minute hold"
get_ready = 0

[[exercise]]
name = "Wall sit"
hold = "3m"
""",
    # Memory: a whole short session, two holds and a rep set finished with Enter.
    "bench-short": """
name = "Bench: a short session"
get_ready = 0

[[exercise]]
name = "Wall sit"
hold = "3s"
sets = 2
rest = 0

[[exercise]]
name = "Bridge"
reps = 3
rest = 0
""",
    # Key latency: more reps than presses, so the set never ends under the benchmark.
    "bench-reps": """
name = "Bench: a long rep set"
get_ready = 0

[[exercise]]
name = "Clamshell"
reps = 99
""",
    # Accuracy and drift: 10 s holds, 3 s switches and 3 s rests back to back, 10.4 minutes.
    "bench-timing": """
name = "Bench: holds back to back"
get_ready = 0

[[exercise]]
name = "Side plank"
hold = "10s"
sides = "each"
switch = "3s"
sets = 24
rest = "3s"
""",
}
PLANNED = {"HOLD": 10.0, "SWITCH": 3.0, "REST": 3.0}
"""Seconds each phase of bench-timing lasts by its file."""

STATUS = re.compile(r"^ ?(?:PAUSED )?(GET READY|REPS|HOLD|MAX HOLD|SWITCH|REST|DONE) · ")
"""The session screen's one-line status: "HOLD · LEFT · Side plank · set 1/6 · 0:09 left"."""


def status_line(lines: list[str]) -> str | None:
    return next((line.strip() for line in lines if STATUS.match(line)), None)


def make_home() -> tempfile.TemporaryDirectory[str]:
    """A fresh HIPTIMER_HOME with every benchmark routine in its routines folder."""
    folder = tempfile.TemporaryDirectory(prefix="hiptimer-bench-")
    routines = Path(folder.name) / "routines"
    routines.mkdir()
    for name, text in ROUTINES.items():
        (routines / f"{name}.toml").write_text(text.lstrip(), encoding="utf-8")
    return folder


def hiptimer(*arguments: str) -> list[str]:
    return [PYTHON, "-m", "hiptimer", "--mute", *arguments]


def minimal_app() -> list[str]:
    return [PYTHON, str(BENCH / "minimal_app.py")]


def pydantic_app() -> list[str]:
    """The minimal app that first imports pydantic and validates one model (pydantic_app.py)."""
    return [PYTHON, str(BENCH / "pydantic_app.py")]
