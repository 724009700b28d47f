"""Double progression, replayed from the log: each side's target, the rung, the weight and why.

Nothing is stored but what happened (sets, answers, the runner's choices); every call walks the
ladder's sessions from the first, so a corrected set changes the next target at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from hiptimer.domain.coach.ladders import DEFAULT_LOAD_STEP, Ladder, Measure, RungDose, show_value
from hiptimer.domain.history.records import CoachChoice
from hiptimer.domain.history.store import LadderRow
from hiptimer.routines.durations import parse_duration

__all__ = [
    "EFFORT_GATE",
    "PAIN_GATE",
    "LadderStatus",
    "Observation",
    "SideTarget",
    "follow",
    "observations",
]

PAIN_GATE = 5
"""Pain during a session above this (out of 10) blocks the step up: Silbernagel's model allows up
to 5/10 during exercise."""
EFFORT_GATE = 10
"""Effort (RPE) at this or above blocks the step up: the runner had nothing left."""
_TOLERANCE = {Measure.HOLD: 0.5, Measure.REPS: 0.0, Measure.ROUNDS: 0.0}
"""A hold stopped a fraction early (a key pressed on the beep) still meets its target."""


@dataclass(frozen=True)
class Observation:
    """What one session did on one ladder: per side, the weakest set and how many were done."""

    at: datetime
    rung: int | None
    """The rung it ran, where the sets say (an exercise ladder); None: the rung the coach gave."""
    values: dict[str, tuple[float, int]]
    """Side → (weakest set's hold seconds, reps or rounds; sets done)."""
    weight: float | None
    unit: str | None
    effort: int | None
    pain: int | None
    pain_after: int | None
    ran: dict[str, float] = field(default_factory=dict)
    """Side → the target the session ran, as logged; where the replay starts."""


@dataclass(frozen=True)
class SideTarget:
    """Next time's target on one side ("" for both sides at once), and the one line saying why."""

    side: str
    target: float
    reason: str
    last: float | None
    """What that side did last time, or None."""


@dataclass(frozen=True)
class LadderStatus:
    """Where the runner stands on one ladder, computed from the log."""

    ladder: Ladder
    rung: int
    targets: tuple[SideTarget, ...]
    weight: float | None
    unit: str | None
    gate: str | None
    """Why the step up was held back (pain, effort), or None."""
    sessions: int
    """Sessions of this ladder in the log."""
    topped: bool
    """Every side is at the top of the last rung's range and met it enough sessions running."""

    @property
    def dose(self) -> RungDose:
        return self.ladder.rungs[self.rung]

    @property
    def first_side(self) -> str | None:
        """The weaker side, which goes first: the lower target, then the lower last result."""
        sided = [target for target in self.targets if target.side]
        if len(sided) != 2 or (
            sided[0].target == sided[1].target and sided[0].last == sided[1].last
        ):
            return None
        weaker = min(sided, key=lambda t: (t.target, -1 if t.last is None else t.last))
        return weaker.side

    def to_move_up(self) -> str:
        """What it takes to climb, in a runner's words."""
        dose, ladder = self.dose, self.ladder
        verb = "hold" if dose.measure is Measure.HOLD else "do"
        where = " on both sides" if len(dose.sides) == 2 else ""
        times = _times(ladder.sessions)
        lowest = min(target.target for target in self.targets)
        if lowest < dose.high:
            climb = show_value(dose.measure, dose.step)
            return f"{verb} {show_value(dose.measure, lowest)}{where} {times} to go up {climb}"
        top = show_value(dose.measure, dose.high)
        if self.rung + 1 < len(ladder.rungs):
            return f"{verb} {top}{where} {times} to move on to {ladder.rungs[self.rung + 1].name}"
        if dose.weighted:
            unit = self.unit or "kg"
            weight = ladder.load_step or DEFAULT_LOAD_STEP.get(unit, 2.5)
            return f"{verb} {top}{where} {times} to add {weight:g} {unit}"
        return f"the top of this ladder: keep {top}{where}"


def observations(ladder: Ladder, rows: Iterable[LadderRow]) -> list[Observation]:
    """The ladder's sessions, oldest first, from the store's rows for its exercises."""
    sessions: dict[int, list[LadderRow]] = {}
    names, routines = set(ladder.exercises), set(ladder.counted_routines)
    for row in rows:
        if row.routine_id in routines and row.exercise in names:
            sessions.setdefault(row.session_id, []).append(row)
    found = [_observe(ladder, group) for group in sessions.values()]
    return sorted((item for item in found if item is not None), key=lambda item: item.at)


def _observe(ladder: Ladder, rows: Sequence[LadderRow]) -> Observation | None:
    first = rows[0]
    weights = [row.weight for row in rows if row.weight is not None]
    unit = next((row.weight_unit for row in rows if row.weight is not None), None)
    rung: int | None = None
    ran: dict[str, float] = {}
    if ladder.exercise is None:
        whole = sum(1 for row in rows if row.done >= ladder.per_round)
        values = {"": (float(whole), 1)}
        ran = {"": float(max(row.set_index for row in rows) + 1)}
    else:
        counted: dict[int, int] = {}
        for row in rows:
            index = ladder.rung_of(row.exercise)
            if index is not None:
                counted[index] = counted.get(index, 0) + row.done
        if not counted:
            return None
        rung = max(counted, key=lambda index: counted[index])
        hold = ladder.rungs[rung].measure is Measure.HOLD
        values = {}
        for row in rows:
            if row.done and ladder.rung_of(row.exercise) == rung:
                value = row.seconds if hold else row.reps
                values[row.side or ""] = (float(value or 0), row.done)
                dose = _ran(row.target, hold)
                if dose is not None:
                    ran[row.side or ""] = dose
    if not any(count for _, count in values.values()):
        return None
    return Observation(
        first.started_at,
        rung,
        values,
        max(weights) if weights else None,
        unit,
        first.effort,
        first.pain,
        first.pain_after,
        ran,
    )


def _ran(target: str | None, hold: bool) -> float | None:
    """The single dose a set ran ("2:15 hold" is 135, "10 reps" is 10); None for a range or max."""
    if target is None:
        return None
    text = target.removesuffix(" hold").removesuffix(" reps").strip()
    if not text or "–" in text or ".." in text or "max" in text:
        return None
    try:
        return parse_duration(text) if hold else float(int(text))
    except ValueError:
        return None


@dataclass(slots=True)
class _Side:
    target: float
    meets: int = 0
    misses: int = 0
    last: float | None = None
    reason: str = ""


@dataclass
class _State:
    rung: int
    sides: dict[str, _Side]
    weight: float | None = None
    unit: str | None = None
    gate: str | None = None
    sessions: int = 0
    topped: bool = False
    held_back: _State | None = field(default=None, repr=False)
    """What the last session's step up would have given, had the gate not held it."""
    before_step: _State | None = field(default=None, repr=False)
    """The state before the last step up, for a "decline"."""

    def copy(self) -> _State:
        """A snapshot without the snapshots it holds: a deep copy every session would cost
        seconds over ten years of history."""
        sides = {
            side: _Side(track.target, track.meets, track.misses, track.last, track.reason)
            for side, track in self.sides.items()
        }
        return _State(
            self.rung, sides, self.weight, self.unit, self.gate, self.sessions, self.topped
        )


def follow(
    ladder: Ladder,
    history: Iterable[Observation],
    choices: Iterable[CoachChoice] = (),
    *,
    unit: str = "kg",
) -> LadderStatus:
    """Replay the ladder's sessions and the runner's choices, in time order, to next time."""
    history = list(history)
    state = _start(ladder, 0, unit)
    if history:
        state = _seeded(ladder, history[0], unit)
    events: list[tuple[datetime, int, Observation | CoachChoice]] = [
        (item.at, 0, item) for item in history
    ]
    since = history[0].at if history else None
    keys = set(ladder.choice_keys)
    # A choice from before the oldest session read has already shaped the dose that session ran.
    events += [
        (choice.at, 1, choice)
        for choice in choices
        if choice.ladder in keys and (since is None or choice.at >= since)
    ]
    for _, _, event in sorted(events, key=lambda item: (item[0], item[1])):
        if isinstance(event, Observation):
            state = _session(ladder, state, event)
        else:
            state = _choose(ladder, state, event)
    targets = tuple(
        SideTarget(side, track.target, track.reason, track.last)
        for side, track in state.sides.items()
    )
    return LadderStatus(
        ladder, state.rung, targets, state.weight, state.unit or unit, state.gate,
        state.sessions, state.topped,
    )  # fmt: skip


def _start(ladder: Ladder, rung: int, unit: str, *, at_top: bool = False) -> _State:
    dose = ladder.rungs[rung]
    value = dose.high if at_top else dose.low
    where = f"the bottom of {_range(dose)}" if dose.is_range else "the rung's dose"
    return _State(
        rung,
        {side: _Side(value, reason=f"starting at {show_value(dose.measure, value)}, {where}")
         for side in dose.sides},
        unit=unit,
    )  # fmt: skip


def _seeded(ladder: Ladder, first: Observation, unit: str) -> _State:
    """The state the oldest session read started from: its rung, and on each side the target it
    ran where the log says one; the bottom of the rung where it does not."""
    state = _start(ladder, first.rung or 0, unit)
    dose = ladder.rungs[state.rung]
    for side, track in state.sides.items():
        if side in first.ran:
            track.target = min(max(first.ran[side], dose.low), dose.high)
    return state


def _session(ladder: Ladder, state: _State, seen: Observation) -> _State:
    before = state.copy()
    if seen.rung is not None and seen.rung != state.rung:
        # The runner ran another rung (an older plan, or the file changed): follow the log.
        state = _start(ladder, seen.rung, state.unit or "kg")
        for track in state.sides.values():
            track.reason = f"on {ladder.rungs[seen.rung].name}, the rung you ran last"
    dose = ladder.rungs[state.rung]
    state.sessions = before.sessions + 1
    state.held_back = state.before_step = None
    state.gate = _gate(seen, state.rung)
    if seen.weight is not None:
        state.weight, state.unit = seen.weight, seen.unit or state.unit
    stepped: dict[str, float] = {}
    for side, track in state.sides.items():
        value, done = seen.values.get(side, (None, 0))
        if value is None or done == 0:
            continue  # not done at all this time: nothing to judge
        old = track.target
        track.last = value
        met = done >= dose.sets and value + _TOLERANCE[dose.measure] >= old
        track.meets, track.misses = (track.meets + 1, 0) if met else (0, track.misses + 1)
        if met and track.meets >= ladder.sessions and old < dose.high:
            if state.gate:
                track.reason = f"kept at {_show(dose, old)}: {state.gate}"
                continue
            track.target = min(dose.high, old + dose.step)
            track.meets = 0
            stepped[side] = old
            track.reason = f"up from {_show(dose, old)}: {_did(dose, old, ladder.sessions)}"
        elif met and track.meets >= ladder.sessions:
            track.reason = f"at the top, {_show(dose, old)}"
        elif met and state.gate:
            track.reason = f"kept at {_show(dose, old)}: {state.gate}"
        elif met:
            more = ladder.sessions - track.meets
            track.reason = f"kept at {_show(dose, old)}: met it; {_times(more)} more to step up"
        elif track.misses >= 2 and old > dose.low:
            track.target = max(dose.low, old - dose.step)
            track.misses = 0
            track.reason = (
                f"down from {_show(dose, old)}: missed it twice in a row "
                f"({_show(dose, value)} last time)"
            )
        elif track.misses >= 2:
            track.reason = (
                f"kept at {_show(dose, old)}: missed it twice in a row at the bottom; "
                "the rung below may suit you better"
            )
        elif state.gate:
            track.reason = f"kept at {_show(dose, old)}: {state.gate}"
        else:
            track.reason = f"kept at {_show(dose, old)}: {_show(dose, value)} last time"
    _name_both_sides(ladder, state, stepped)
    if stepped:
        state.before_step = before
    if state.gate and any(
        track.meets >= ladder.sessions and track.target < dose.high
        for track in state.sides.values()
    ):
        state.held_back = _ungated(ladder, before, seen)
    return _climb(ladder, state, before, seen)


def _climb(ladder: Ladder, state: _State, before: _State, seen: Observation) -> _State:
    """Every side at the top, met enough sessions running: the next rung, or more weight."""
    dose = ladder.rungs[state.rung]
    at_top = all(
        track.target >= dose.high and track.meets >= ladder.sessions
        for track in state.sides.values()
    )
    state.topped = at_top and state.rung + 1 >= len(ladder.rungs)
    if not at_top:
        return state
    done = _did(dose, dose.high, ladder.sessions, both=len(state.sides) == 2)
    if state.gate:
        for track in state.sides.values():
            track.reason = f"kept at {_show(dose, dose.high)}: {state.gate}"
        state.held_back = _ungated(ladder, before, seen)
        return state
    if state.rung + 1 < len(ladder.rungs):
        climbed = _start(ladder, state.rung + 1, state.unit or "kg")
        climbed.sessions, climbed.before_step = state.sessions, before
        if climbed.weight is None:
            climbed.weight = state.weight
        for track in climbed.sides.values():
            track.reason = f"new rung: {done} on {dose.name}"
        return climbed
    if dose.weighted and state.weight is not None:
        unit = state.unit or "kg"
        step = ladder.load_step or DEFAULT_LOAD_STEP.get(unit, 2.5)
        heavier = _start(ladder, state.rung, unit)
        heavier.sessions, heavier.before_step = state.sessions, before
        heavier.weight = state.weight + step
        for track in heavier.sides.values():
            track.reason = f"+{step:g} {unit}, reps back to {_show(dose, dose.low)}: {done}"
        return heavier
    for track in state.sides.values():
        track.reason = f"at the top of the ladder: {done}; keep it"
    return state


def _ungated(ladder: Ladder, before: _State, seen: Observation) -> _State:
    """The same session judged with no gate: what "accept" takes."""
    free = Observation(seen.at, seen.rung, seen.values, seen.weight, seen.unit, None, None, None)
    return _session(ladder, before.copy(), free)


def _choose(ladder: Ladder, state: _State, choice: CoachChoice) -> _State:
    unit = state.unit or "kg"
    if choice.choice == "accept" and state.held_back is not None:
        accepted = state.held_back
        for track in accepted.sides.values():
            track.reason = track.reason.replace("up from", "up (your choice) from", 1)
        return accepted
    if choice.choice == "decline" and state.before_step is not None:
        declined = state.before_step.copy()
        dose = ladder.rungs[declined.rung]
        declined.sessions = state.sessions
        for side, track in declined.sides.items():
            if choice.side in ("", side):
                track.meets = 0
                track.reason = f"kept at {_show(dose, track.target)}: you declined the step up"
            else:
                declined.sides[side] = state.sides.get(side, track)
        return declined
    if choice.choice == "back" and state.rung > 0:
        back = _start(ladder, state.rung - 1, unit, at_top=True)
        back.sessions, back.weight = state.sessions, state.weight
        for track in back.sides.values():
            track.reason = "back a rung: your choice"
        return back
    if choice.choice == "jump" and choice.rung is not None:
        rung = min(max(choice.rung, 0), len(ladder.rungs) - 1)
        jumped = _start(ladder, rung, unit)
        jumped.sessions, jumped.weight = state.sessions, state.weight
        for track in jumped.sides.values():
            track.reason = "on this rung: you jumped here"
        return jumped
    return state


def _gate(seen: Observation, rung: int) -> str | None:
    lower = "the rung below may suit you better" if rung > 0 else "ease off until it settles"
    if seen.pain is not None and seen.pain > PAIN_GATE:
        return f"pain was {seen.pain}/10 during the last session (above {PAIN_GATE}); {lower}"
    if seen.pain_after is not None and seen.pain_after > 0:
        return f"pain had not settled by the next day ({seen.pain_after}/10); {lower}"
    if seen.effort is not None and seen.effort >= EFFORT_GATE:
        return f"effort was {seen.effort}/10 last time; step up once it feels easier"
    return None


def _name_both_sides(ladder: Ladder, state: _State, stepped: dict[str, float]) -> None:
    """Two sides that stepped up alike get one reason: "you held 2:00 on both sides twice"."""
    olds = set(stepped.values())
    if len(stepped) == 2 and len(olds) == 1:
        dose = ladder.rungs[state.rung]
        old = olds.pop()
        for side in stepped:
            state.sides[
                side
            ].reason = f"up from {_show(dose, old)}: {_did(dose, old, ladder.sessions, both=True)}"


def _did(dose: RungDose, value: float, sessions: int, *, both: bool = False) -> str:
    verb = "held" if dose.measure is Measure.HOLD else "did"
    where = " on both sides" if both else ""
    return f"you {verb} {_show(dose, value)}{where} {_times(sessions)}"


def _show(dose: RungDose, value: float) -> str:
    return show_value(dose.measure, value)


def _range(dose: RungDose) -> str:
    if dose.measure is Measure.HOLD:
        return f"{_show(dose, dose.low)}–{_show(dose, dose.high)}"
    return f"{dose.low:g}–{_show(dose, dose.high)}"


def _times(count: int) -> str:
    return {1: "once", 2: "twice"}.get(count, f"{count} times")
