"""Memory: hiptimer's peak RSS over a whole short session, against the minimal app's peak."""

from __future__ import annotations

from figures import Figure
from home import hiptimer, status_line
from startup import Launch, median_peak, peak_rss
from terminal import Terminal

TARGET = 1.5
MB = 1024 * 1024


def session_peak(terminal: Terminal, home: str) -> int:
    """Run bench-short from preview to summary: two 3 s holds, then 3 reps and Enter."""
    pid = terminal.start("memory", hiptimer("run", "bench-short"), {"HIPTIMER_HOME": home})
    try:
        terminal.wait_for_text("memory", "Enter to start", timeout=60)
        terminal.keys("memory", "Enter")
        terminal.wait_for_text("memory", "0/3 reps", timeout=30)
        for count in range(1, 4):
            terminal.keys("memory", "Space")
            terminal.wait_for(
                "memory", lambda lines, n=count: f"{n}/3 reps" in (status_line(lines) or "")
            )
        terminal.keys("memory", "Enter")
        terminal.wait_for_text("memory", "Session complete", timeout=30)
        # The kernel's high-water mark covers the whole life of the process, so one read will do.
        return peak_rss(pid)
    finally:
        terminal.stop("memory", pid)


def measure(terminal: Terminal, home: str, launches: dict[str, list[Launch]]) -> Figure:
    """Against the start-up runs' references, once painted: the minimal app, and the same app
    with pydantic (see pydantic_app.py). The session is run twice in the same home and the
    second counts, as a runner's second session: the first checks every routine file with
    pydantic (a fresh home has no routine cache), and its peak is reported beside."""
    first = session_peak(terminal, home)
    ours = session_peak(terminal, home)
    minimal, floor = median_peak(launches["minimal"]), median_peak(launches["pydantic"])
    return Figure(
        "Memory: peak RSS over a whole short session (the second in its home)",
        f"{ours / MB:.1f} MB",
        f"minimal Textual app, painted {minimal / MB:.1f} MB; with pydantic "
        f"{floor / MB:.1f} MB ({floor / minimal:.2f}×); the first session in a fresh home "
        f"(no routine cache yet) {first / MB:.1f} MB",
        f"{ours / minimal:.2f}×",
        f"≤ {TARGET}×",
        ours / minimal <= TARGET,
    )
