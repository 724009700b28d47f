"""Plays a sound file through the system's own player, found once on PATH, without waiting."""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from hiptimer.alerts._process import launch

__all__ = [
    "NO_PLAYER",
    "PLAYER_TIMEOUT",
    "PlayerCommand",
    "SoundPlayer",
    "find_player",
    "system_player",
]

NO_PLAYER = "none (bell and flash only)"
PLAYER_TIMEOUT = 5.0
"""Seconds a player may run before it is killed; every sound is well under one second."""

_POWERSHELL_SCRIPT = "(New-Object Media.SoundPlayer $env:HIPTIMER_SOUND).PlaySync()"
"""The path travels in an environment variable, so it is never spliced into PowerShell code."""

_CANDIDATES = {
    "darwin": ("afplay",),
    "win32": ("powershell", "pwsh"),
}
_LINUX = ("pw-play", "paplay", "aplay")


@dataclass(frozen=True)
class PlayerCommand:
    """A player program found on PATH and how to ask it to play one file."""

    name: str
    program: str
    """The full path shutil.which found."""

    def argv(self, sound: Path) -> list[str]:
        if self.name in ("powershell", "pwsh"):
            return [self.program, "-NoProfile", "-NonInteractive", "-Command", _POWERSHELL_SCRIPT]
        if self.name == "aplay":
            return [self.program, "--quiet", str(sound)]
        return [self.program, str(sound)]

    def env(self, sound: Path) -> dict[str, str] | None:
        return {"HIPTIMER_SOUND": str(sound)} if self.name in ("powershell", "pwsh") else None


def find_player(platform: str = sys.platform, path: str | None = None) -> PlayerCommand | None:
    """The first player on PATH (or `path`) for this platform, or None."""
    for name in _CANDIDATES.get(platform, _LINUX):
        program = shutil.which(name, path=path)
        if program:
            return PlayerCommand(name, program)
    return None


class SoundPlayer:
    """Starts a player for each sound and returns at once; a hung player is killed later."""

    def __init__(self, command: PlayerCommand | None, *, timeout: float = PLAYER_TIMEOUT) -> None:
        self.command = command
        self.timeout = timeout
        self.last_process: subprocess.Popen[bytes] | None = None
        """The player started most recently, for tests and diagnostics."""

    @property
    def available(self) -> bool:
        return self.command is not None

    @property
    def backend_name(self) -> str:
        """What the help screen shows: "paplay", or "none (bell and flash only)"."""
        return self.command.name if self.command else NO_PLAYER

    def play(self, sound: Path) -> bool:
        """Start playing `sound`; False when there is no player or it would not start."""
        if self.command is None:
            return False
        process = launch(
            self.command.argv(sound), timeout=self.timeout, env=self.command.env(sound)
        )
        self.last_process = process
        return process is not None


@cache
def system_player() -> SoundPlayer:
    """The player for this machine, looked up on PATH once per run."""
    return SoundPlayer(find_player())
