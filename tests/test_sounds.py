"""The committed cue sounds: reproducible from the script, one for every cue, short and mono."""

from __future__ import annotations

import subprocess
import sys
import wave
from pathlib import Path

import pytest

from hiptimer.alerts.sounds import SOUND_FOR_CUE, sound_file
from hiptimer.domain.cues import CueKind

ROOT = Path(__file__).resolve().parent.parent
SOUNDS = ROOT / "hiptimer" / "assets" / "sounds"
SCRIPT = ROOT / "scripts" / "make_sounds.py"


def test_script_regenerates_the_committed_sounds_byte_for_byte(tmp_path: Path) -> None:
    subprocess.run([sys.executable, str(SCRIPT), str(tmp_path)], check=True, capture_output=True)
    made = sorted(path.name for path in tmp_path.glob("*.wav"))
    committed = sorted(path.name for path in SOUNDS.glob("*.wav"))
    assert made == committed
    for name in made:
        assert (tmp_path / name).read_bytes() == (SOUNDS / name).read_bytes(), name


@pytest.mark.parametrize("kind", list(CueKind))
def test_every_cue_kind_has_a_sound_file(kind: CueKind) -> None:
    path = sound_file(kind)
    assert path.is_file()
    assert path.parent == SOUNDS


@pytest.mark.parametrize("path", sorted(SOUNDS.glob("*.wav")), ids=lambda path: path.stem)
def test_each_sound_is_short_mono_16_bit_and_starts_and_ends_silent(path: Path) -> None:
    with wave.open(str(path), "rb") as sound:
        assert sound.getnchannels() == 1
        assert sound.getsampwidth() == 2
        assert sound.getframerate() == 22050
        frames = sound.getnframes()
        data = sound.readframes(frames)
    assert 0.03 < frames / 22050 <= 0.5
    # A fade in and out means no click: the first and last samples are (near) zero.
    first = int.from_bytes(data[:2], "little", signed=True)
    last = int.from_bytes(data[-2:], "little", signed=True)
    assert abs(first) < 200
    assert abs(last) < 200


def test_the_sounds_a_runner_must_tell_apart_are_different_files() -> None:
    distinct = {CueKind.GO, CueKind.SWITCH, CueKind.HALFWAY, CueKind.COUNTDOWN, CueKind.DONE}
    distinct |= {CueKind.REST_OVER, CueKind.BEAT}
    contents = {sound_file(kind).read_bytes() for kind in distinct}
    assert len(contents) == len(distinct)
    assert set(SOUND_FOR_CUE) == set(CueKind)
