"""Writes hiptimer's cue sounds: short mono WAVs built from sine tones, byte-identical on every run.

Run `uv run python scripts/make_sounds.py` (or pass another folder) and commit the result.
Only the standard library is used, so nothing is downloaded and the sounds are ours to license.
"""

from __future__ import annotations

import math
import struct
import sys
import wave
from dataclasses import dataclass
from pathlib import Path

RATE = 22050
FADE_SECONDS = 0.006
"""Each note ramps in and out this fast, so it starts and ends at zero and does not click."""
PEAK = 0.55
"""Headroom below full scale, so overlapping cues (a tick and a go) do not clip badly."""
DEFAULT_FOLDER = Path(__file__).resolve().parent.parent / "hiptimer" / "assets" / "sounds"


@dataclass(frozen=True)
class Note:
    """One tone (or a silence when `hz` is 0) of a sound."""

    hz: float
    seconds: float
    volume: float = 1.0


SOUNDS: dict[str, tuple[Note, ...]] = {
    # Rising fifth: start working.
    "go": (Note(660, 0.09), Note(0, 0.02), Note(990, 0.16)),
    # Two quick equal notes, like a turn signal: change sides.
    "switch": (Note(784, 0.08), Note(0, 0.05), Note(784, 0.08), Note(0, 0.05), Note(1047, 0.1)),
    # A single soft mid chime: halfway, or the lower bound of a ranged hold reached.
    "halfway": (Note(880, 0.22, 0.8),),
    # A short high blip for 3, 2, 1.
    "tick": (Note(1320, 0.06, 0.7),),
    # Two low blips: ten seconds to go.
    "ten_seconds": (Note(587, 0.07, 0.8), Note(0, 0.05), Note(587, 0.07, 0.8)),
    # Rising triad: the hold or set is done.
    "done": (Note(523, 0.09), Note(659, 0.09), Note(784, 0.09), Note(1047, 0.2)),
    # Falling pair: rest begins.
    "rest": (Note(784, 0.12, 0.8), Note(0, 0.02), Note(523, 0.2, 0.8)),
    # Three quick rising notes, shorter than done: rest is over, back to work.
    "rest_over": (Note(523, 0.08), Note(0, 0.02), Note(784, 0.08), Note(0, 0.02), Note(1047, 0.14)),
    # A very short low tap for tempo beats.
    "beat": (Note(440, 0.04, 0.6),),
    # A gentle two-note chime for a routine's own cue ("Breathe out").
    "cue": (Note(988, 0.1, 0.6), Note(1319, 0.16, 0.6)),
}


def note_samples(note: Note) -> list[int]:
    """16-bit samples of one note: a sine with a little second harmonic, faded at both ends."""
    count = round(note.seconds * RATE)
    fade = max(1, round(FADE_SECONDS * RATE))
    samples: list[int] = []
    for index in range(count):
        if note.hz == 0:
            samples.append(0)
            continue
        phase = 2 * math.pi * note.hz * index / RATE
        value = 0.85 * math.sin(phase) + 0.15 * math.sin(2 * phase)
        envelope = min(1.0, index / fade, (count - 1 - index) / fade)
        samples.append(round(value * envelope * note.volume * PEAK * 32767))
    return samples


def render(notes: tuple[Note, ...]) -> bytes:
    samples = [sample for note in notes for sample in note_samples(note)]
    return struct.pack(f"<{len(samples)}h", *samples)


def write_sound(path: Path, notes: tuple[Note, ...]) -> None:
    # The wave module writes no timestamps, so the same samples give the same bytes.
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(render(notes))


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else DEFAULT_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    for name, notes in SOUNDS.items():
        write_sound(folder / f"{name}.wav", notes)
        print(f"wrote {folder / name}.wav")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
