"""The session engine: runs a routine live from an injected clock, phase by phase.

Time always comes from deadlines (`started_at + seconds`), never from counting ticks, so a late
or dropped repaint never makes a hold longer. A timed phase ends at its deadline and the next one
starts at that same instant, which is why an unpaused session takes exactly the planned time.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta

from hiptimer.domain.clock import EPSILON, AfterSuspend
from hiptimer.domain.cues import Cue
from hiptimer.domain.results import SetResult, span_seconds
from hiptimer.domain.schedule import phase_cues
from hiptimer.domain.view import (
    Away,
    ChecklistItem,
    CueFired,
    Event,
    Phase,
    PhaseStarted,
    SessionFinished,
    SessionView,
    SetLogged,
    SetState,
    SetUndone,
)
from hiptimer.routines.durations import CountRange, format_clock
from hiptimer.routines.model import BlockStyle, Routine
from hiptimer.routines.plan import Plan, PlanDefaults, SetKey, Step, StepKind, build_plan

__all__ = ["OVERDUE_SECONDS", "AfterSuspend", "Clock", "SessionEngine", "boottime_clock"]

Clock = Callable[[], float]
Listener = Callable[[Event], None]

SUSPEND_GAP = 5.0
"""Seconds between two polls of a running hold that mean the laptop probably slept."""
OVERDUE_SECONDS = 1.0
"""A cue this late (after a stall) is dropped rather than fired in a burst."""


def boottime_clock() -> Clock | None:
    """A clock that keeps counting through suspend (Linux), to tell sleep from a stall."""
    if hasattr(time, "CLOCK_BOOTTIME"):
        return lambda: time.clock_gettime(time.CLOCK_BOOTTIME)
    return None


def _utc_now() -> datetime:
    return datetime.now(UTC)


class SessionEngine:
    """One live session of a routine. Every control is a method, so tests need no screen."""

    def __init__(
        self,
        routine: Routine,
        *,
        routine_id: str,
        defaults: PlanDefaults | None = None,
        first_side: int = 0,
        clock: Clock = time.monotonic,
        wall_clock: Callable[[], datetime] = _utc_now,
        sleep_clock: Clock | None = None,
        suspend_gap: float | None = SUSPEND_GAP,
        after_suspend: AfterSuspend = AfterSuspend.ASK,
        cue_lead: float = 0.0,
        completed: Iterable[SetResult] = (),
    ) -> None:
        self.routine = routine
        self.routine_id = routine_id
        self.first_side = first_side
        self._defaults = defaults or PlanDefaults()
        self._clock = clock
        self._wall_clock = wall_clock
        self._sleep_clock = sleep_clock
        self._suspend_gap = suspend_gap
        self._after_suspend = after_suspend
        self._cue_lead = cue_lead
        self._results: dict[SetKey, SetResult] = {result.key: result for result in completed}
        self._earlier_seconds = span_seconds(self._results.values())
        self._extra_sets: dict[tuple[int, int], int] = {}
        self._extra_rounds: dict[int, int] = {}
        self._count_extras_from_results()
        self.plan = self._build()
        self._listeners: list[Listener] = []
        self._index = 0
        self._step: Step | None = None
        self._seconds = 0.0
        self._started_at = 0.0
        self._paused_at: float | None = None
        self._away = False
        self._reps = 0
        self._rep_adjust = 0
        self._cues: tuple[Cue, ...] = ()
        self._fired: set[Cue] = set()
        self._last_poll = 0.0
        self._last_sleep = 0.0
        self._started = False
        self.started_wall: datetime | None = None
        """Wall-clock time the session started (UTC)."""
        self.ended_wall: datetime | None = None
        """Wall-clock time the session reached DONE (UTC)."""

    # -- subscribers ---------------------------------------------------------------------------

    def subscribe(self, listener: Listener) -> None:
        """Call `listener` with every event: cues, phase changes, logged and undone sets."""
        self._listeners.append(listener)

    def _emit(self, event: Event) -> None:
        for listener in self._listeners:
            listener(event)

    # -- reading -------------------------------------------------------------------------------

    @property
    def results(self) -> list[SetResult]:
        """Every set result so far, in the order of the plan."""
        return sorted(self._results.values(), key=lambda result: result.key)

    @property
    def is_done(self) -> bool:
        return self._started and self._step is None

    def view_clock(self) -> float:
        """The injected monotonic clock's time, to turn `next_change_at` into a delay."""
        return self._clock()

    @property
    def polled_at(self) -> float:
        """The clock's time at the last `update`: a screen has caught up once this is now."""
        return self._last_poll

    def session_seconds(self) -> float:
        """How long the session has taken on the wall clock, pauses included.

        A resumed session adds its earlier run, from its first set's start to its last set's end,
        but not the time between the crash (or closed terminal) and the resume.
        """
        if self.started_wall is None:
            return self._earlier_seconds
        end = self.ended_wall or self._wall_clock()
        return self._earlier_seconds + (end - self.started_wall).total_seconds()

    @property
    def paused(self) -> bool:
        return self._paused_at is not None

    def view(self) -> SessionView:
        """The session at this moment. Cheap: call it on every repaint."""
        now = self._clock()
        step = self._step
        total = self.plan.total_seconds
        if step is None:
            return SessionView(
                phase=Phase.DONE,
                paused=False,
                away=False,
                step=None,
                work=None,
                remaining=None,
                elapsed=0.0,
                reps=0,
                target_reps=None,
                minimum_reached=False,
                next_up="",
                session_left=0.0,
                session_total=total,
                deadline=None,
            )
        elapsed = self._elapsed(now)
        if step.timed:
            total += self._seconds - step.seconds  # the whole counts the time added with +
        remaining = max(0.0, self._seconds - elapsed) if step.timed else None
        left = max(0.0, self._seconds - elapsed) + self._planned_after(self._index)
        deadline = None
        if step.timed and self._paused_at is None:
            deadline = self._started_at + self._seconds
        return SessionView(
            phase=step.kind,
            paused=self.paused,
            away=self._away,
            step=step,
            work=self._work_for(self._index),
            remaining=remaining,
            elapsed=elapsed,
            reps=self._reps_now(elapsed),
            target_reps=step.target_reps,
            minimum_reached=self._minimum_reached(step, elapsed),
            next_up=self._next_up(),
            session_left=left,
            session_total=total,
            deadline=deadline,
        )

    def next_change_at(self) -> float | None:
        """The next moment something shown or heard changes: a cue, the end of the phase, or
        the next whole second of its clock. None while paused or done, or when nothing is
        timed. A screen repaints then, on the dot, instead of polling fast."""
        step = self._step
        if step is None or self._paused_at is not None:
            return None
        now = self._clock()
        elapsed = now - self._started_at
        moments = [self._started_at + math.floor(elapsed + EPSILON) + 1.0]
        if step.timed:
            remaining = self._seconds - elapsed
            moments.append(now + remaining - (math.ceil(remaining - EPSILON) - 1))
        moments += (
            self._started_at + cue.offset - self._cue_lead
            for cue in self._cues
            if cue not in self._fired
        )
        upcoming = [moment for moment in moments if moment > now]
        return min(upcoming) if upcoming else None

    def checklist(self) -> list[ChecklistItem]:
        """Every planned set per side, with its state."""
        current = self._work_for(self._index) if self._step is not None else None
        items = []
        for step in self.plan.work_steps:
            result = self._results.get(step.key)
            if result is not None:
                state = SetState.SKIPPED if result.skipped else SetState.DONE
                if result.short:
                    state = SetState.SHORT
            elif current is not None and step.key == current.key:
                state = SetState.CURRENT
            else:
                state = SetState.PENDING
            items.append(
                ChecklistItem(
                    step.key, step.exercise.name, step.side_label, step.progress_text, state, result
                )
            )
        return items

    def first_open_set(self) -> Step | None:
        """The first planned set (per side) with no result: where a resumed session starts."""
        return next((step for step in self.plan.work_steps if step.key not in self._results), None)

    @property
    def can_add_set(self) -> bool:
        """True while the current exercise (or circuit) may run one more set (or round)."""
        limit = self._set_limit()
        return limit is not None and limit[0] < limit[1]

    # -- time ----------------------------------------------------------------------------------

    def start(self) -> None:
        """Begin at the first set not yet done (all of them, unless resuming)."""
        now = self._clock()
        self._started = True
        self.started_wall = self._wall_clock()
        self._mark_poll(now)
        first = self._next_index(-1)
        while first < len(self.plan.steps) and not self.plan.steps[first].kind.is_work:
            first = self._next_index(first)
        self._enter(self._lead_in(first) if first < len(self.plan.steps) else first, now)
        self.update()

    def update(self) -> None:
        """Catch up with the clock: fire the cues it crossed and end phases whose deadline passed.

        Call it as often as the screen repaints; how often does not change what happens.
        """
        if not self._started or self._step is None:
            return
        now = self._clock()
        if self._paused_at is None and not self._suspended(now):
            self._run_until(now)
        self._mark_poll(now)

    def _run_until(self, now: float) -> None:
        while self._step is not None:
            self._fire_due(self._step, now)
            if not self._step.timed or now < self._started_at + self._seconds:
                return
            ended = self._started_at + self._seconds
            self._finish_step(ended, completed=True)
            self._enter(self._next_index(self._index), ended)

    def _fire_due(self, step: Step, now: float) -> None:
        phase = step.kind
        for cue in self._cues:
            if cue in self._fired:
                continue
            due = self._started_at + cue.offset - self._cue_lead
            if due > now:
                return
            self._fired.add(cue)
            if now - due <= OVERDUE_SECONDS:
                self._emit(CueFired(cue, phase, due))

    def _suspended(self, now: float) -> bool:
        """Stop the phase a long gap ran through, whichever it is; True when it did.

        A rest, switch or get-ready that slept on would run out and let the gap run on through
        the phases after it, logging holds nobody held; so every phase stops where it was last
        seen, not only holds."""
        if (
            self._suspend_gap is None
            or self._step is None
            or self._after_suspend is AfterSuspend.KEEP
        ):
            return False
        gap = now - self._last_poll
        if self._sleep_clock is not None:
            # Linux's monotonic clock stands still in suspend; boot time does not.
            gap = max(gap, self._sleep_clock() - self._last_sleep)
        if gap <= self._suspend_gap:
            return False
        self._paused_at = max(self._last_poll, self._started_at)
        self._away = self._after_suspend is AfterSuspend.ASK
        self._emit(Away(gap, ask=self._away))
        return True

    def _mark_poll(self, now: float) -> None:
        self._last_poll = now
        if self._sleep_clock is not None:
            self._last_sleep = self._sleep_clock()

    # -- controls ------------------------------------------------------------------------------

    def pause(self) -> None:
        self.update()
        if self._step is not None and self._paused_at is None:
            self._paused_at = self._clock()

    def resume(self) -> None:
        """Carry on exactly where the phase stopped: no time lost or gained."""
        if self._paused_at is None:
            return
        now = self._clock()
        self._started_at += now - self._paused_at
        self._paused_at = None
        self._away = False
        self._mark_poll(now)
        self.update()

    def toggle_pause(self) -> None:
        if self.paused:
            self.resume()
        else:
            self.pause()

    def finish(self) -> None:
        """Done / next: check off a rep set, end a hold, or end a rest or get-ready early.

        If the phase the key was meant for ran out before the key was read, that is what the
        key did: it does not also end the phase that began at that deadline (a switch, say)."""
        if not self._caught_up_with_key():
            return
        now = self._clock()
        self._finish_step(self._paused_at if self._paused_at is not None else now, completed=False)
        self._enter(self._next_index(self._index), now)

    def _caught_up_with_key(self) -> bool:
        """Catch up with the clock before a key that ends a phase; True if that phase is still
        the one running (and there is one)."""
        before = (self._index, self._started_at)
        self.update()
        return self._step is not None and (self._index, self._started_at) == before

    def mark_done(self) -> None:
        """After a suspend: count the current hold (or paced set) as done in full; a rest,
        switch or get-ready just ends."""
        step = self._step
        if step is None:
            return
        now = self._clock()
        if step.kind.is_work:
            held = self._seconds if step.timed else self._elapsed(now)
            reps = None
            if step.kind is StepKind.REPS:
                reps = step.target_reps if step.timed else self._reps
            self._log(step, held, reps=reps, ended=now)
        self._enter(self._next_index(self._index), now)

    def restart_phase(self) -> None:
        """Start the current phase again from its beginning."""
        if self._step is not None:
            self._enter(self._index, self._clock())

    def skip(self) -> None:
        """Skip the current set or side (or, during a rest, the one coming up). It is logged.
        Like `finish`, it never reaches past a phase that ran out before the key was read."""
        if not self._caught_up_with_key():
            return
        now = self._clock()
        target = self._work_index(self._index)
        if target is None:
            self._enter(self._next_index(self._index), now)
            return
        work = self.plan.steps[target]
        elapsed = self._elapsed(now) if target == self._index else 0.0
        self._log(work, elapsed, reps=None, ended=now, skipped=True)
        self._enter(self._next_index(target), now)

    def back(self) -> None:
        """Return to the previous work phase, undoing its result."""
        self.update()
        if not self._started:
            return
        current = self._index if self._step is not None else len(self.plan.steps)
        for index in range(current - 1, -1, -1):
            step = self.plan.steps[index]
            if step.kind.is_work and step.key in self._results:
                del self._results[step.key]
                self._emit(SetUndone(step.key))
                self._enter(self._lead_in(index), self._clock())
                return
        if self._step is not None:
            self._enter(self._lead_in(self._work_index(self._index) or self._index), self._clock())

    def tap(self) -> None:
        """Count one rep of a set the runner paces."""
        if self._step is not None and self._step.kind is StepKind.REPS and not self._step.timed:
            self._reps += 1

    def adjust_reps(self, delta: int) -> None:
        if self._step is None or self._step.kind is not StepKind.REPS:
            return
        if self._step.timed:
            paced = self._reps_now(self._elapsed(self._clock())) - self._rep_adjust
            self._rep_adjust = max(-paced, self._rep_adjust + delta)
        else:
            self._reps = max(0, self._reps + delta)

    def adjust_time(self, delta: float) -> bool:
        """Add or take time: a countdown's length, or a count-up's elapsed time. A ranged hold
        never goes past the top of its range. False when nothing changed."""
        if self._step is None:
            return False
        now = self._clock()
        elapsed = self._elapsed(now)
        if not self._step.timed:
            before = self._started_at
            self._started_at -= max(delta, -elapsed)
            return self._started_at != before
        longest = math.inf
        hold = self._step.exercise.hold
        if self._step.kind is StepKind.HOLD and hold is not None and hold.is_range:
            longest = max(hold.high, self._seconds)  # never cuts what is already planned
        seconds = max(elapsed, min(self._seconds + delta, longest))
        if seconds == self._seconds:
            return False
        self._seconds = seconds
        self._cues = phase_cues(self._step, self._seconds, self._next_work_step())
        self._fired = {
            cue for cue in self._cues if self._started_at + cue.offset - self._cue_lead <= now
        }
        self.update()
        return True

    def add_set(self) -> bool:
        """One more set (straight) or round (circuit), up to the range's top. False at the top."""
        limit = self._set_limit()
        work = self._work_for(self._index)
        if limit is None or limit[0] >= limit[1] or work is None or self._step is None:
            return False
        block = self.routine.blocks[work.key.block]
        if block.style is BlockStyle.CIRCUIT:
            self._extra_rounds[work.key.block] = self._extra_rounds.get(work.key.block, 0) + 1
        else:
            place = (work.key.block, work.key.exercise)
            self._extra_sets[place] = self._extra_sets.get(place, 0) + 1
        kind, key = self._step.kind, self._step.key
        self.plan = self._build()
        for index, step in enumerate(self.plan.steps):
            if step.kind is kind and step.key == key:
                self._index, self._step = index, step
                break
        return True

    # -- internals -----------------------------------------------------------------------------

    def _build(self) -> Plan:
        return build_plan(
            self.routine,
            self._defaults,
            first_side=self.first_side,
            extra_sets=self._extra_sets,
            extra_rounds=self._extra_rounds,
        )

    def _count_extras_from_results(self) -> None:
        """A resumed session keeps the sets or rounds it had added before."""
        for key in self._results:
            block = self.routine.blocks[key.block]
            if block.style is BlockStyle.CIRCUIT:
                extra = key.set + 1 - block.round_count.low
                if extra > self._extra_rounds.get(key.block, 0):
                    self._extra_rounds[key.block] = extra
            else:
                sets = block.exercise[key.exercise].sets or CountRange(1, 1)
                place = (key.block, key.exercise)
                if key.set + 1 - sets.low > self._extra_sets.get(place, 0):
                    self._extra_sets[place] = key.set + 1 - sets.low

    def _set_limit(self) -> tuple[int, int] | None:
        """(planned now, most allowed) for the current exercise's sets or circuit's rounds."""
        work = self._work_for(self._index)
        if work is None or self._step is None:
            return None
        block = self.routine.blocks[work.key.block]
        if block.style is BlockStyle.CIRCUIT:
            rounds = block.round_count
            return rounds.low + self._extra_rounds.get(work.key.block, 0), rounds.high
        sets = block.exercise[work.key.exercise].sets or CountRange(1, 1)
        extra = self._extra_sets.get((work.key.block, work.key.exercise), 0)
        return sets.low + extra, sets.high

    def _enter(self, index: int, at: float) -> None:
        """Start the phase at `index` at monotonic time `at`; past the end, the session is done."""
        self._paused_at = None
        self._away = False
        if index >= len(self.plan.steps):
            self._index, self._step = len(self.plan.steps), None
            self.ended_wall = self._wall_at(at)
            self._emit(SessionFinished())
            return
        step = self.plan.steps[index]
        self._index, self._step = index, step
        self._seconds = step.seconds
        self._started_at = at
        self._reps = 0
        self._rep_adjust = 0
        self._cues = phase_cues(step, step.seconds, self._next_work_step())
        self._fired = set()
        self._emit(PhaseStarted(step.kind, step))

    def _resolved(self, step: Step) -> bool:
        """A phase whose work already has a result is passed over (after a skip, or a resume)."""
        return step.key in self._results

    def _next_index(self, index: int) -> int:
        index += 1
        while index < len(self.plan.steps) and self._resolved(self.plan.steps[index]):
            index += 1
        return index

    def _work_index(self, index: int) -> int | None:
        """The index of the work a phase is or leads to."""
        steps = self.plan.steps
        if index >= len(steps):
            return None
        key = steps[index].key
        for candidate in range(index, len(steps)):
            if steps[candidate].kind.is_work and steps[candidate].key == key:
                return candidate
        return None

    def _work_for(self, index: int) -> Step | None:
        found = self._work_index(index)
        return None if found is None else self.plan.steps[found]

    def _lead_in(self, work_index: int) -> int:
        """Where going back lands: the get-ready or switch before a timed work phase, so the
        runner can get into position; a rep set the runner paces starts at once."""
        work = self.plan.steps[work_index] if work_index < len(self.plan.steps) else None
        paced_by_runner = work is not None and work.kind is StepKind.REPS and not work.timed
        if work_index > 0 and not paced_by_runner:
            before = self.plan.steps[work_index - 1]
            if before.kind in (StepKind.GET_READY, StepKind.SWITCH):
                return work_index - 1
        return work_index

    def _next_work_step(self) -> Step | None:
        """For a lead-in or rest, the work it leads to; for work, the work after it."""
        if self._step is None:
            return None
        if not self._step.kind.is_work:
            return self._work_for(self._index)
        index = self._next_index(self._index)
        return self._work_for(index) if index < len(self.plan.steps) else None

    def _next_up(self) -> str:
        upcoming = self._next_work_step()
        if upcoming is None:
            return "Finish"
        parts = [upcoming.exercise.name]
        if upcoming.side_label:
            parts.append(upcoming.side_label.upper())
        if upcoming.set_count > 1:
            parts.append(upcoming.progress_text)
        text = " · ".join(parts)
        if self._step is not None and self._step.kind.is_work:
            following = self.plan.steps[
                min(self._next_index(self._index), len(self.plan.steps) - 1)
            ]
            if following.kind is StepKind.REST:
                text = f"rest {format_clock(following.seconds)}, then {text}"
        return text

    def _planned_after(self, index: int) -> float:
        return sum(
            step.seconds for step in self.plan.steps[index + 1 :] if not self._resolved(step)
        )

    def _elapsed(self, now: float) -> float:
        moment = self._paused_at if self._paused_at is not None else now
        return max(0.0, moment - self._started_at)

    def _reps_now(self, elapsed: float) -> int:
        step = self._step
        if step is None or step.kind is not StepKind.REPS:
            return 0
        tempo = step.exercise.tempo
        if not step.timed or tempo is None:
            return self._reps
        paced = int((elapsed + EPSILON) // tempo.rep_seconds)
        return max(0, min(paced, step.target_reps or paced) + self._rep_adjust)

    @staticmethod
    def _minimum_reached(step: Step, elapsed: float) -> bool:
        hold = step.exercise.hold
        if step.kind is StepKind.MAX_HOLD:
            return True
        return step.kind is StepKind.HOLD and hold is not None and elapsed + EPSILON >= hold.low

    def _finish_step(self, ended: float, *, completed: bool) -> None:
        """Log the current phase's result if it is work. `completed`: it ran to its deadline."""
        step = self._step
        if step is None or not step.kind.is_work:
            return
        elapsed = max(0.0, ended - self._started_at)
        reps: int | None = None
        if step.kind is StepKind.REPS:
            reps = self._reps_now(elapsed)
            if reps == 0 and not completed:
                reps = (
                    None
                    if step.exercise.reps is None or step.exercise.reps.is_max
                    else step.exercise.reps.low
                )
        seconds = self._seconds if completed else elapsed
        self._log(step, seconds, reps=reps, ended=ended, short=_is_short(step, seconds, reps))

    def _log(
        self,
        step: Step,
        seconds: float,
        *,
        reps: int | None,
        ended: float,
        skipped: bool = False,
        short: bool = False,
    ) -> None:
        wall_end = self._wall_at(ended)
        result = SetResult(
            routine_id=self.routine_id,
            exercise=step.exercise.name,
            key=step.key,
            block_name=step.block.name,
            kind=step.kind,
            side=step.side_label,
            target=step.exercise.set_dose(),
            reps=reps,
            seconds=round(seconds, 3),
            started_at=wall_end - timedelta(seconds=seconds),
            ended_at=wall_end,
            skipped=skipped,
            short=short,
            load=step.exercise.load,
        )
        self._results[step.key] = result
        self._emit(SetLogged(result))

    def _wall_at(self, moment: float) -> datetime:
        return self._wall_clock() - timedelta(seconds=self._clock() - moment)


def _is_short(step: Step, seconds: float, reps: int | None) -> bool:
    """Less than the plan's minimum: a hold under its (lower) time, even one cut with "-",
    or fewer reps than the range's bottom."""
    hold, target = step.exercise.hold, step.exercise.reps
    if step.kind is StepKind.HOLD and hold is not None:
        return seconds + EPSILON < hold.low
    if step.kind is StepKind.REPS and target is not None and not target.is_max:
        return reps is not None and reps < target.low
    return False
