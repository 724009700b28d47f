"""Drives a session engine with a fake clock, as a runner who does exactly what was planned."""

from __future__ import annotations

import random
import tomllib
from dataclasses import dataclass, field

from hiptimer.domain import (
    CueFired,
    Event,
    FakeClock,
    PhaseStarted,
    SessionEngine,
    SetLogged,
)
from hiptimer.routines import PlanDefaults, Routine
from hiptimer.routines.schema import validate_routine


def routine_from_toml(text: str) -> Routine:
    return validate_routine(tomllib.loads(text))


@dataclass
class Recorder:
    """Every event the engine emitted, with the fake time it arrived at."""

    clock: FakeClock
    events: list[tuple[float, Event]] = field(default_factory=list)

    def __call__(self, event: Event) -> None:
        self.events.append((self.clock.now, event))

    def of(self, kind: type) -> list:  # type: ignore[type-arg]
        return [event for _, event in self.events if isinstance(event, kind)]

    @property
    def cues(self) -> list[CueFired]:
        return self.of(CueFired)

    @property
    def logged(self) -> list[SetLogged]:
        return self.of(SetLogged)

    @property
    def phases(self) -> list[str]:
        return [event.phase.value for event in self.of(PhaseStarted)]


def make_engine(
    routine: Routine,
    *,
    routine_id: str = "test",
    defaults: PlanDefaults | None = None,
    suspend_gap: float | None = None,
    **options: object,
) -> tuple[SessionEngine, FakeClock, Recorder]:
    clock = FakeClock()
    engine = SessionEngine(
        routine,
        routine_id=routine_id,
        defaults=defaults,
        clock=clock,
        wall_clock=clock.wall,
        suspend_gap=suspend_gap,
        **options,  # type: ignore[arg-type]
    )
    recorder = Recorder(clock)
    engine.subscribe(recorder)
    return engine, clock, recorder


def run_as_planned(engine: SessionEngine, clock: FakeClock, *, seed: int | None = None) -> None:
    """Run to DONE doing every set for exactly its planned time, polling at random moments
    when a seed is given (to prove poll timing changes nothing) or exactly at deadlines."""
    rng = random.Random(seed)
    engine.start()
    for _ in range(100_000):
        if engine.is_done:
            return
        view = engine.view()
        assert view.step is not None
        if view.deadline is not None:
            if seed is None:
                clock.now = view.deadline
            else:
                clock.now = min(view.deadline, clock.now + rng.uniform(0.05, 0.9))
                if view.deadline - clock.now < 1e-9:
                    clock.now = view.deadline
            engine.update()
        else:
            clock.advance(view.step.seconds - view.elapsed)
            engine.finish()
    raise AssertionError("the session never reached DONE")
