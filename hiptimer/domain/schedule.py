"""The cue schedule of one phase: which cues fire, how far into the phase, with what words."""

from __future__ import annotations

import math
from dataclasses import dataclass

from hiptimer.domain.clock import EPSILON
from hiptimer.domain.cues import Cue, CueKind
from hiptimer.routines.durations import format_duration
from hiptimer.routines.model import Tempo
from hiptimer.routines.plan import Step, StepKind

__all__ = ["TempoBeat", "describe_work", "phase_cues", "spoken_seconds", "tempo_beat"]

HALFWAY_FROM = 30.0
"""Holds shorter than this get no halfway cue: it would crowd the 10-seconds cue."""
TEN_SECONDS_FROM = 20.0
COUNTDOWN_PHASES = (StepKind.GET_READY, StepKind.SWITCH, StepKind.REST, StepKind.HOLD)
"""Phases with a 3-2-1 before they end: a hold's end is as worth seeing coming as a rest's."""
_BEAT_NAMES = {2: ("up", "down"), 3: ("up", "hold", "down"), 4: ("up", "hold", "down", "hold")}


@dataclass(frozen=True)
class TempoBeat:
    """Where a paced rep is at one moment: "down, 2 of 2" in rep 3."""

    part: str
    """The part of the rep: "up", "hold" or "down"."""
    beat: int
    """The second of that part now under way, from 1."""
    beats: int
    """How many seconds the part has (rounded up; at least 1)."""
    rep: int
    """The rep under way, from 1."""


def tempo_beat(tempo: Tempo, elapsed: float) -> TempoBeat:
    """The part of the rep and its beat `elapsed` seconds into a paced set, on the same moments
    as the beat cues."""
    names = _BEAT_NAMES.get(len(tempo), ("up",) * len(tempo))
    rep, into = divmod(max(elapsed, 0.0) + EPSILON, tempo.rep_seconds)
    for name, length in zip(names, tempo, strict=True):
        if into < length:
            return TempoBeat(name, int(into) + 1, max(1, math.ceil(length - EPSILON)), int(rep) + 1)
        into -= length
    last = len(tempo) - 1 - [length > 0 for length in reversed(tempo)].index(True)
    beats = max(1, math.ceil(tempo[last] - EPSILON))
    return TempoBeat(names[last], beats, beats, int(rep) + 1)


def spoken_seconds(seconds: float) -> str:
    """ "45 seconds", "2 minutes", "1 minute 30" – how a coach says a duration."""
    whole = round(seconds)
    minutes, secs = divmod(whole, 60)
    if not minutes:
        return f"{secs} seconds"
    word = "minute" if minutes == 1 else "minutes"
    return f"{minutes} {word}" + (f" {secs}" if secs else "")


def describe_work(step: Step) -> str:
    """ "Hip hitch, left side, set 2 of 3" – a work step as it is announced."""
    parts = [step.exercise.name]
    if step.side_label:
        parts.append(f"{step.side_label} side")
    if step.set_count > 1:
        word = "round" if step.is_circuit else "set"
        parts.append(f"{word} {step.key.set + 1} of {step.set_count}")
    return ", ".join(parts)


def phase_cues(step: Step, seconds: float, next_work: Step | None) -> tuple[Cue, ...]:
    """Every cue of a phase lasting `seconds`, in time order. `next_work` is the work it leads to
    (for get-ready, switch and rest) or the work after it (for work phases)."""
    cues: list[Cue] = []
    if step.kind is StepKind.SWITCH:
        cues.append(Cue(CueKind.SWITCH, 0.0, f"Switch to {step.side_label} side"))
    elif step.kind is StepKind.REST:
        upcoming = f". Next: {describe_work(next_work)}" if next_work else ""
        cues.append(Cue(CueKind.REST, 0.0, f"Rest {spoken_seconds(seconds)}{upcoming}"))
    elif step.kind.is_work:
        cues.extend(_work_cues(step, seconds))
    if step.kind in COUNTDOWN_PHASES:
        cues.extend(
            Cue(CueKind.COUNTDOWN, seconds - count, str(count), count=count)
            for count in (3, 2, 1)
            if seconds - count > 0
        )
    if step.kind is StepKind.REST and next_work is not None:
        cues.append(Cue(CueKind.REST_OVER, seconds, f"Rest over: {describe_work(next_work)}"))
    return tuple(sorted(cues, key=lambda cue: cue.offset))


def _work_cues(step: Step, seconds: float) -> list[Cue]:
    cues = [Cue(CueKind.GO, 0.0, f"Go: {describe_work(step)}")]
    exercise = step.exercise
    cues.extend(Cue(CueKind.AT, moment, text) for moment, text in exercise.at_seconds.items())
    if step.kind is StepKind.HOLD:
        hold = exercise.hold
        if seconds >= HALFWAY_FROM:
            cues.append(Cue(CueKind.HALFWAY, seconds / 2, "Halfway"))
        if hold is not None and hold.is_range and hold.low < seconds:
            cues.append(
                Cue(
                    CueKind.MINIMUM,
                    hold.low,
                    f"{format_duration(hold.low)} reached. Stop or keep going",
                )
            )
        if seconds >= TEN_SECONDS_FROM:
            cues.append(Cue(CueKind.TEN_SECONDS, seconds - 10, "10 seconds"))
        cues.append(Cue(CueKind.DONE, seconds, _done_text(step)))
    elif step.kind is StepKind.REPS and exercise.tempo is not None and step.timed:
        cues.extend(_beats(step, seconds))
        cues.append(Cue(CueKind.DONE, seconds, _done_text(step)))
    return cues


def _done_text(step: Step) -> str:
    return f"{step.side_label.capitalize()} side done" if step.side_label else "Done"


def _beats(step: Step, seconds: float) -> list[Cue]:
    tempo = step.exercise.tempo
    if tempo is None:
        return []
    names = _BEAT_NAMES.get(len(tempo), ("up",) * len(tempo))
    beats: list[Cue] = []
    rep_seconds = tempo.rep_seconds
    reps = round(seconds / rep_seconds)
    for rep in range(reps):
        offset = rep * rep_seconds
        for part, length in enumerate(tempo):
            if length > 0:
                text = f"{rep + 1}, {names[part]}" if part == 0 else names[part]
                beats.append(Cue(CueKind.BEAT, offset, text, count=rep + 1))
            offset += length
    return beats
