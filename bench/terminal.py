"""A private tmux server the benchmarks drive: start programs in 100×30 panes, type, read the screen.

Commands go through one tmux control-mode client, so reading the screen or sending a key costs a
line on a pipe rather than a new tmux process, and polling the screen every few milliseconds stays
cheap and quick. The server has its own socket, so no one else's tmux sessions are touched.
"""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Callable, Sequence

import psutil

TMUX = "/usr/bin/tmux"
WIDTH, HEIGHT = 100, 30
RUNNER_ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
"""What the measured programs start with: a runner's Python keeps compiled bytecode. This
machine's environment sets PYTHONDONTWRITEBYTECODE, which would make every start compile each
module it imports again, and charge that to whichever app imports more."""
POLL = 0.002
"""Seconds between screen reads while waiting; a read itself takes about a millisecond."""


class Timeout(Exception):
    """The screen never showed what a benchmark waited for."""


class Terminal:
    """One tmux server and one control client on it; use it as a context manager."""

    def __init__(self, name: str = "main") -> None:
        self.socket = f"hiptimer-bench-{os.getpid()}-{name}"
        # The idle session keeps the server up and holds the control client, so the panes
        # being measured keep the exact size they were started with.
        subprocess.run(
            [TMUX, "-L", self.socket, "new-session", "-d", "-s", "idle", "cat"],
            check=True,
            env=RUNNER_ENV,  # the server's environment is every pane's
        )
        self._client = subprocess.Popen(
            [TMUX, "-L", self.socket, "-C", "attach-session", "-t", "idle"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            bufsize=1,
        )
        # A program that dies leaves its last screen up, so a failed wait can show why.
        self.command("set-option", "-g", "remain-on-exit", "on")

    def __enter__(self) -> Terminal:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def command(self, *arguments: str) -> list[str]:
        """Run one tmux command through the control client and return its output lines."""
        assert self._client.stdin is not None and self._client.stdout is not None
        quoted = " ".join("'" + argument.replace("'", "'\\''") + "'" for argument in arguments)
        self._client.stdin.write(quoted + "\n")
        lines: list[str] = []
        inside = False
        for line in self._client.stdout:
            line = line.rstrip("\n")
            if line.startswith("%begin"):
                # The last field is 1 for a command this client sent, 0 for tmux's own.
                inside, lines = line.endswith(" 1"), []
            elif inside and line.startswith(("%end", "%error")):
                if line.startswith("%error"):
                    raise RuntimeError(f"tmux {arguments[0]}: {' '.join(lines)}")
                return lines
            elif inside:
                lines.append(line)
        raise RuntimeError("the tmux control client went away")

    def start(self, name: str, argv: Sequence[str], env: dict[str, str] | None = None) -> int:
        """Start argv (no shell) in a new WIDTH×HEIGHT session; return the program's pid."""
        settings = [f"{key}={value}" for key, value in (env or {}).items()]
        options = [part for setting in settings for part in ("-e", setting)]
        self.command(
            "new-session", "-d", "-s", name, "-x", str(WIDTH), "-y", str(HEIGHT), *options, *argv
        )
        return int(self.command("display-message", "-p", "-t", name, "#{pane_pid}")[0])

    def screen(self, name: str) -> list[str]:
        return self.command("capture-pane", "-p", "-t", name)

    def keys(self, name: str, *keys: str) -> None:
        self.command("send-keys", "-t", name, *keys)

    def wait_for(
        self, name: str, shown: Callable[[list[str]], bool], timeout: float = 30.0
    ) -> tuple[float, list[str]]:
        """Poll the screen until `shown(lines)` holds; return the perf_counter time and the lines."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            lines = self.screen(name)
            if shown(lines):
                return time.perf_counter(), lines
            time.sleep(POLL)
        raise Timeout(
            f"{name}: gave up after {timeout:.0f} s; the screen showed:\n"
            + "\n".join(self.screen(name))
        )

    def wait_for_text(self, name: str, text: str, timeout: float = 30.0) -> float:
        return self.wait_for(name, lambda lines: any(text in line for line in lines), timeout)[0]

    def stop(self, name: str, pid: int) -> None:
        """End the program by its pid, then its session; a program that ignores SIGTERM is killed."""
        try:
            process = psutil.Process(pid)
            process.terminate()
            process.wait(3)
        except psutil.TimeoutExpired:
            process.kill()
        except psutil.NoSuchProcess:
            pass
        subprocess.run(
            [TMUX, "-L", self.socket, "kill-session", "-t", name], capture_output=True, check=False
        )

    def close(self) -> None:
        if self._client.stdin is not None:
            self._client.stdin.close()
        self._client.wait(5)
        subprocess.run([TMUX, "-L", self.socket, "kill-server"], capture_output=True, check=False)
