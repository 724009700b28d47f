"""Speaks milestone cues through a speech program on PATH; a new sentence cuts off the last."""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass
from functools import cache

from hiptimer.alerts._process import launch

__all__ = [
    "NO_SPEECH",
    "SPEECH_TIMEOUT",
    "Speaker",
    "SpeechCommand",
    "find_speech",
    "speakable",
    "system_speaker",
]

NO_SPEECH = "none"
SPEECH_TIMEOUT = 15.0
"""Seconds a sentence may take before its program is killed; cues are a few words long."""
MAX_CHARACTERS = 200

_CANDIDATES = {"darwin": ("say",)}
_OTHERS = ("espeak-ng", "spd-say", "say")


@dataclass(frozen=True)
class SpeechCommand:
    """A speech program found on PATH and how to ask it to say one sentence."""

    name: str
    program: str

    def argv(self, text: str) -> list[str]:
        if self.name == "spd-say":
            # Without --wait spd-say returns at once, and there would be no process to cut off.
            return [self.program, "--wait", text]
        return [self.program, text]


def find_speech(platform: str = sys.platform, path: str | None = None) -> SpeechCommand | None:
    """The first speech program on PATH (or `path`) for this platform, or None."""
    for name in _CANDIDATES.get(platform, _OTHERS):
        program = shutil.which(name, path=path)
        if program:
            return SpeechCommand(name, program)
    return None


def speakable(text: str) -> str:
    """One line of text, never starting with "-" so a speech program cannot read it as an option."""
    return " ".join(text.split()).lstrip("-").strip()[:MAX_CHARACTERS]


class Speaker:
    """Says one sentence at a time: starting a new one terminates the one still playing."""

    def __init__(self, command: SpeechCommand | None, *, timeout: float = SPEECH_TIMEOUT) -> None:
        self.command = command
        self.timeout = timeout
        self.last_process: subprocess.Popen[bytes] | None = None
        """The sentence started most recently, for tests and diagnostics."""

    @property
    def available(self) -> bool:
        return self.command is not None

    @property
    def backend_name(self) -> str:
        return self.command.name if self.command else NO_SPEECH

    def say(self, text: str) -> bool:
        """Cut off any sentence still playing and start `text`; False if nothing was started."""
        self.hush()
        sentence = speakable(text)
        if self.command is None or not sentence:
            return False
        self.last_process = launch(self.command.argv(sentence), timeout=self.timeout)
        return self.last_process is not None

    def hush(self) -> None:
        """Stop the sentence still playing, if any. The watchdog thread reaps it."""
        process = self.last_process
        if process is not None and process.poll() is None:
            process.terminate()


@cache
def system_speaker() -> Speaker:
    """The speech program for this machine, looked up on PATH once per run."""
    return Speaker(find_speech())
