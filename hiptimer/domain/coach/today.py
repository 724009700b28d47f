"""Today's session: the routine the plan has due, with each ladder's rung and targets written in.

The routine's text is rewritten with tomlkit, so the session runs (and the history keeps) exactly
the dose the coach gave: the rung's own fields, the target as a fixed dose, a side's own target in
`per_side` and the weaker side `first`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any

import tomlkit

from hiptimer.domain.coach.ladders import Ladder, Measure, shared, show_value
from hiptimer.domain.coach.programme import PLANS, Due, Season, due, next_in_rotation
from hiptimer.domain.coach.progress import all_ladders, standings
from hiptimer.domain.coach.replay import LadderStatus
from hiptimer.domain.history.records import CoachChoice, SessionStatus, SessionSummary
from hiptimer.domain.history.stats import training_starts
from hiptimer.domain.history.store import HistoryStore
from hiptimer.routines.durations import CountRange, DurationRange, parse_duration
from hiptimer.routines.loader import LoadedRoutine, RoutineLibrary
from hiptimer.routines.model import Exercise, Routine, raw_fields

__all__ = [
    "ExerciseLine",
    "Stage",
    "TodaySession",
    "library_ladders",
    "prescribe",
    "stage_chains",
    "today_session",
]


@dataclass(frozen=True)
class ExerciseLine:
    """One exercise of today's session as `hiptimer today` and the picker's card show it."""

    name: str
    dose: str
    reasons: tuple[str, ...]
    """One line when every side has the same reason; else one per side, weaker side first."""
    ladder: str | None = None


@dataclass(frozen=True)
class Stage:
    """Where the runner is on a ladder of whole routines (`next`)."""

    key: str
    chain: tuple[str, ...]
    index: int
    reason: str
    started: bool = False
    """The runner has run a stage of this ladder, or chosen one."""

    @property
    def routine_id(self) -> str:
        return self.chain[self.index]


@dataclass(frozen=True)
class TodaySession:
    routine_id: str
    routine_name: str
    text: str
    """The routine as today runs it: rungs chosen, targets written in."""
    lines: tuple[ExerciseLine, ...]
    due: Due
    plan: str
    stage: Stage | None = None
    unfinished: SessionSummary | None = None
    """Today's latest session with sets done that does not count (quit, still open or mostly
    skipped): the card says what was done, since the day is not used up."""
    unfinished_elsewhere: bool = False
    """That session is still running in another hiptimer: not one to resume or start again."""


def stage_chains(library: RoutineLibrary) -> list[tuple[str, ...]]:
    """Every ladder of whole routines, from its first stage: ("hip-foundation", …)."""
    following = {
        routine_id: loaded.routine.next
        for routine_id, loaded in library.routines.items()
        if loaded.routine.next in library.routines
    }
    chains = []
    for start in sorted(set(following) - set(following.values())):
        chain = [start]
        while chain[-1] in following and following[chain[-1]] not in chain:
            chain.append(following[chain[-1]])
        chains.append(tuple(chain))
    return chains


def library_ladders(
    library: RoutineLibrary, also: tuple[str, Routine] | None = None
) -> dict[str, list[Ladder]]:
    """Every routine's ladders, by routine id, each knowing the other routines that run it (see
    `shared`). `also` is a routine from outside the library (a file given by path), or one to
    read in place of the library's routine of that id."""
    routines = {routine_id: loaded.routine for routine_id, loaded in library.routines.items()}
    if also is not None:
        routines[also[0]] = also[1]
    found: dict[str, list[Ladder]] = {routine_id: [] for routine_id in routines}
    for ladder in shared(all_ladders(sorted(routines.items()))):
        found[ladder.routine_id].append(ladder)
    return found


def current_stage(
    chain: Sequence[str],
    done: Sequence[tuple[datetime, str]],
    choices: Iterable[CoachChoice],
    statuses: Mapping[str, LadderStatus],
    library: RoutineLibrary,
    ladders: Mapping[str, Sequence[Ladder]] | None = None,
) -> Stage:
    """The stage last run, moved on once all its ladders are at the top; choices come first."""
    key = f"stages.{chain[0]}"
    index, reason, last = 0, f"starting at the first stage, {_name(library, chain[0])}", None
    for moment, routine_id in done:
        if routine_id in chain:
            index, last = chain.index(routine_id), moment
            reason = f"the stage you ran last, {_name(library, routine_id)}"
    mine = [
        choice for choice in choices if choice.ladder == key and (last is None or choice.at > last)
    ]
    for choice in mine:
        if choice.choice == "jump" and choice.rung is not None:
            index, reason = min(max(choice.rung, 0), len(chain) - 1), "you jumped to this stage"
        elif choice.choice == "back" and index > 0:
            index, reason = index - 1, "back a stage: your choice"
    if not any(c.choice in ("jump", "back") for c in mine) and index + 1 < len(chain):
        of_stage = (ladders or library_ladders(library))[chain[index]]
        mine_now = [statuses[ladder.key] for ladder in of_stage if ladder.key in statuses]
        declined = any(c.choice == "decline" for c in mine)
        if mine_now and all(status.topped for status in mine_now) and not declined:
            reason = (
                f"moved on from {_name(library, chain[index])}: every exercise there is at the "
                "top of its range"
            )
            index += 1
    return Stage(key, tuple(chain), index, reason, started=last is not None or bool(mine))


def _name(library: RoutineLibrary, routine_id: str) -> str:
    return library.get(routine_id).routine.name


def today_session(
    store: HistoryStore,
    library: RoutineLibrary,
    *,
    season: Season,
    goal: int | None,
    days: Sequence[str],
    unit: str,
    today: date,
    tz: tzinfo | None = None,
    routine_id: str | None = None,
) -> TodaySession:
    """The session the plan has due (or `routine_id`), with targets from the history."""
    plan = PLANS[season]
    goal = goal or plan.sessions
    # The plan's week and yesterday are all `due` reads: nine days cover them in any time zone.
    starts = store.training_starts(since=datetime.combine(today - timedelta(days=9), time(), UTC))
    done = store.routines_last_done()
    when = due(starts, today=today, goal=goal, days=days, tz=tz)
    rotation = [routine for routine in plan.rotation if routine in library.routines]
    chains = stage_chains(library)
    chosen = routine_id or next_in_rotation(
        rotation or sorted(library.routines), _as_chain_starts([r for _, r in done], chains)
    )
    choices = store.choices()
    stage = None
    every = library_ladders(library)
    chain = next((chain for chain in chains if chosen in chain), None)
    if chain is not None and routine_id is None:
        stage_ladders = [ladder for stage_id in chain for ladder in every[stage_id]]
        statuses = {s.ladder.key: s for s in standings(store, stage_ladders, unit=unit)}
        stage = current_stage(chain, done, choices, statuses, library, every)
        chosen = stage.routine_id
    loaded = library.get(chosen)
    statuses_now = standings(store, every[chosen], unit=unit)
    text, lines = prescribe(loaded, statuses_now)
    note = f"{season.words.capitalize()}: {goal} sessions a week, {plan.minutes}; {plan.why}"
    unfinished = _unfinished(store.sessions(limit=10), today, tz)
    elsewhere = (
        unfinished is not None
        and unfinished.status is SessionStatus.IN_PROGRESS
        and store.leases.live_elsewhere(unfinished.id)
    )
    return TodaySession(
        chosen, loaded.routine.name, text, tuple(lines), when, note, stage, unfinished, elsewhere
    )


def _unfinished(
    recent: Sequence[SessionSummary], today: date, tz: tzinfo | None
) -> SessionSummary | None:
    """The newest of today's sessions, if it has sets done but does not count as training."""
    for session in recent:
        if session.started_at.astimezone(tz).date() != today:
            return None
        if training_starts([session]):
            return None  # a later counted session settles the day
        if session.done:
            return session
    return None


def _as_chain_starts(done: list[str], chains: list[tuple[str, ...]]) -> list[str]:
    """A stage done counts, for the rotation, as its ladder's first stage."""
    starts = {stage: chain[0] for chain in chains for stage in chain}
    return [starts.get(routine_id, routine_id) for routine_id in done]


def prescribe(
    loaded: LoadedRoutine, statuses: Iterable[LadderStatus]
) -> tuple[str, list[ExerciseLine]]:
    """The routine's text with each ladder's rung and targets written in, and a line each."""
    routine = loaded.routine
    by_place = {(s.ladder.block, s.ladder.exercise): s for s in statuses}
    document = tomlkit.parse(loaded.text)
    lines: list[ExerciseLine] = []
    for block_index, block in enumerate(routine.blocks):
        circuit = by_place.get((block_index, None))
        if circuit is not None:
            _write_circuit(document, routine, block_index, circuit)
            lines.append(_circuit_line(circuit))
            if block.rung:
                block = block.at_rung(circuit.rung)
        for index, exercise in enumerate(block.exercise):
            status = by_place.get((block_index, index))
            if status is None:
                lines.append(ExerciseLine(exercise.name, exercise.describe_target(), ()))
                continue
            run = _as_run(exercise, status)
            _replace(document, routine, block_index, index, run)
            lines.append(_line(run, status))
    return tomlkit.dumps(document), lines


def _as_run(exercise: Exercise, status: LadderStatus) -> Exercise:
    """The exercise as today runs it: its rung, the target fixed, a side's own target apart.

    The text this is written into is validated again when the session is built from it."""
    run = exercise.at_rung(status.rung) if exercise.is_ladder else exercise
    targets = {target.side: target.target for target in status.targets}
    common = min(targets.values())
    if status.dose.measure is Measure.HOLD:
        # A cue after the hold ends cannot fire: keep the ones within the shorter side's hold.
        at = {moment: cue for moment, cue in run.at.items() if parse_duration(moment) <= common}
        run = replace(run, hold=DurationRange(float(common), float(common)), at=at)
    else:
        count = _fixed_count(common)
        run = replace(run, reps=CountRange(count, count))
    per_side = {side: value for side, value in targets.items() if side and value != common}
    if per_side:
        written = {side: float(_written(status, value)) for side, value in per_side.items()}
        run = replace(run, per_side=written)
    if status.first_side:
        run = replace(run, first=status.first_side)
    return run


def _fixed_hold(seconds: float) -> Any:
    return int(seconds) if float(seconds).is_integer() else seconds


def _fixed_count(count: float) -> int:
    return round(count)


def _written(status: LadderStatus, value: float) -> Any:
    return _fixed_hold(value) if status.dose.measure is Measure.HOLD else round(value)


def _table(document: Any, routine: Routine, block: int, exercise: int | None) -> Any:
    if routine.block is None:
        return document["exercise"][exercise] if exercise is not None else document
    node = document["block"][block]
    return node if exercise is None else node["exercise"][exercise]


def _replace(document: Any, routine: Routine, block: int, index: int, run: Exercise) -> None:
    table = tomlkit.table()
    for key, value in raw_fields(run).items():
        if key == "rung" or value in ([], {}):
            continue
        table[key] = _inline(value)
    holder = document["exercise"] if routine.block is None else document["block"][block]["exercise"]
    holder[index] = table


def _inline(value: Any) -> Any:
    if isinstance(value, dict):
        inline = tomlkit.inline_table()
        inline.update({key: _inline(item) for key, item in value.items()})
        return inline
    return value


def _write_circuit(document: Any, routine: Routine, block: int, status: LadderStatus) -> None:
    table = _table(document, routine, block, None)
    source = routine.blocks[block]
    if "rung" in table:
        rung = source.rung[status.rung]
        del table["rung"]
        if rung.load is not None:
            for index, exercise in enumerate(source.exercise):
                if exercise.load is not None:
                    table["exercise"][index]["load"] = rung.load
    # Today's target, with the range's top still there for `a` (one more round) to reach.
    target, top = round(status.targets[0].target), round(status.dose.high)
    table["rounds"] = target if target >= top else f"{target}..{top}"


def _circuit_line(status: LadderStatus) -> ExerciseLine:
    rounds = show_value(Measure.ROUNDS, status.targets[0].target)
    name = status.ladder.name
    if len(status.ladder.rungs) > 1:
        name = f"{name}, {status.dose.name.lower()}"
    return ExerciseLine(name, rounds, (status.targets[0].reason,), status.ladder.key)


def _line(run: Exercise, status: LadderStatus) -> ExerciseLine:
    dose, measure = status.dose, status.dose.measure
    targets = sorted(status.targets, key=lambda t: t.side != (status.first_side or ""))
    values = {target.side: target.target for target in targets}
    weight = f" at {status.weight:g} {status.unit}" if dose.weighted and status.weight else ""
    if len(set(values.values())) == 1:
        value = show_value(measure, targets[0].target)
        each = " per side" if targets[0].side else ""
        sets = f"{dose.sets} × " if dose.sets > 1 else ""
        text = f"{sets}{value}{each}{weight}"
    else:
        text = ", ".join(f"{t.side} {show_value(measure, t.target)}" for t in targets) + weight
        if status.first_side:
            text += f" ({status.first_side} first)"
    reasons = {target.reason for target in targets}
    if len(reasons) == 1:
        why: tuple[str, ...] = (targets[0].reason,)
    else:
        why = tuple(f"{target.side}: {target.reason}" for target in targets)
    return ExerciseLine(run.name, text, why, status.ladder.key)
