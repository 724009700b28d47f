"""Which sound each cue plays, where the sound files live, and how early to play them."""

from __future__ import annotations

import atexit
from contextlib import ExitStack
from functools import cache
from importlib.resources import as_file, files
from pathlib import Path
from types import MappingProxyType

from hiptimer.domain.cues import CueKind
from hiptimer.settings import Settings

__all__ = ["SOUND_FOR_CUE", "lead_seconds", "sound_file"]

SOUND_FOR_CUE = MappingProxyType(
    {
        CueKind.COUNTDOWN: "tick",
        CueKind.GO: "go",
        CueKind.HALFWAY: "halfway",
        CueKind.MINIMUM: "halfway",
        CueKind.TEN_SECONDS: "ten_seconds",
        CueKind.DONE: "done",
        CueKind.SWITCH: "switch",
        CueKind.REST: "rest",
        CueKind.REST_OVER: "rest_over",
        CueKind.AT: "cue",
        CueKind.BEAT: "beat",
    }
)
"""The name (without .wav) of the sound in hiptimer/assets/sounds for each kind of cue."""

_extracted = ExitStack()
atexit.register(_extracted.close)


@cache
def sound_file(kind: CueKind) -> Path:
    """A real file path for the cue's sound, fit to hand to a player program."""
    resource = files("hiptimer") / "assets" / "sounds" / f"{SOUND_FOR_CUE[kind]}.wav"
    if isinstance(resource, Path):
        return resource
    # Installed inside a zip: copy the sound out once, and remove the copy when hiptimer exits.
    return _extracted.enter_context(as_file(resource))


def lead_seconds(settings: Settings, *, muted: bool = False) -> float:
    """How many seconds early the engine should hand over a cue, so its sound lands on the mark.

    A player takes tens of milliseconds to start, so a 3-2-1 played on time is heard late. The
    session's cue subscriber asks for each cue this much before its offset. With nothing
    audible (sound and voice off, or --mute) there is no latency to hide, so it is 0.
    """
    audible = not muted and (settings.sound or settings.voice)
    return settings.audio_lead_ms / 1000 if audible else 0.0
