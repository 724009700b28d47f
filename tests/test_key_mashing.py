"""Seeded key-mashing over every screen and phase: nothing crashes, and what is logged stays true.

Each scenario starts on one screen or session phase and presses random keys from every key the
app binds (plus typing and arrows), moving the fake clock by random steps between keys, sometimes
right onto a phase's deadline and sometimes far enough through a hold to bring up the "welcome
back" dialog. After every key the engine's invariants are checked; at the end the history file is
compared with what each engine says was done.

`pilot.press` waits for the process to look idle (at least two 20 ms sleeps a key), which makes
2,000 keys a screen take many minutes. `press_now` sends the same key event the way Pilot does,
then waits only until the screen has processed every queued event, which is what matters here.
"""

from __future__ import annotations

import random
import sqlite3
import time
import unicodedata
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import cast

import pytest
from textual import events
from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key
from textual.pilot import Pilot
from textual.widgets import Input

import hiptimer.app
from hiptimer.alerts import CueAlerts
from hiptimer.app import HipTimerApp
from hiptimer.domain import FakeClock, Phase, SessionEngine, SetState
from hiptimer.domain.history import HistoryStore
from hiptimer.routines import parse_routine
from hiptimer.screens import (
    AwayDialog,
    HelpScreen,
    PickerScreen,
    PreviewScreen,
    QuitDialog,
    ResumeDialog,
    SessionScreen,
    SummaryScreen,
)
from hiptimer.service import Session
from hiptimer.settings import Settings
from tests.waiting import caught_up, shown, until

ROUTINE_ID = "mash"
ROUTINE_TOML = """\
name = "Mash test"
get_ready = "3s"

[[exercise]]
name = "Clamshell taps"
reps = 5
sets = "1..2"
rest = "6s"

[[exercise]]
name = "Tempo bridge"
reps = 3
tempo = "1-1"
rest = "4s"

[[exercise]]
name = "Side plank"
hold = "10s"      # a fixed dose: the coach would run a range as its target
sides = "each"
switch = "3s"
rest = "5s"
at = { "0:04" = "Lift the top hip" }

[[exercise]]
name = "Wall sit"
hold = "max"
"""

KEYS = (
    # The session's own keys, weighted by how often a runner reaches for them.
    ["space"] * 6
    + ["enter"] * 6
    + ["p", "n", "right", "b", "left", "plus", "equals_sign", "minus", "a", "c"] * 2
    + ["q", "escape", "question_mark"]
    # The dialogs' answers and the preview's side swap.
    + ["y", "n", "r", "s", "d"]
    # Typing into the picker's filter, moving through its list.
    + ["m", "a", "s", "h", "backspace", "backspace", "up", "down", "home", "end", "x", "1"]
)
"""Every key the screens bind, except ctrl+q and ctrl+c, which leave hiptimer, and tab. `q` on
the picker's routine list is its Quit, so the mash types another letter there: mashing is to
test sessions, not exits."""

APP_FOLDER = Path(hiptimer.app.__file__).parent
FAST_KEYS = 20
"""Keys a scenario in the default run: a few from each start; the coverage test goes further."""
SLOW_KEYS = 2_000
MAX_HOPS = 50
"""Rounds of waiting for a key to settle: far more than the deepest focus chain has parents."""


class MashApp(HipTimerApp):
    """The real app, keeping hold of every engine it runs and its history session id."""

    # Textual reads CSS_PATH beside the module that declares the class; point at the app's own.
    CSS_PATH = [APP_FOLDER / path for path in cast(list[str], HipTimerApp.CSS_PATH)]

    def __init__(self, clock: FakeClock, routine: str | None = None) -> None:
        super().__init__(
            clock=clock,
            wall_clock=clock.wall,
            routine=routine,
            cue_alerts=CueAlerts(Settings(sound=False)),
        )
        self.runs: list[tuple[SessionEngine, int | None]] = []

    def _run(self, session: Session | None, *, instead_of_preview: bool = False) -> None:
        if session is not None:
            self.runs.append((session.engine, session.log.session_id if session.log else None))
        super()._run(session, instead_of_preview=instead_of_preview)


@pytest.fixture(autouse=True)
def mash_routine(hiptimer_home: Path) -> Path:
    folder = hiptimer_home / "routines"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{ROUTINE_ID}.toml"
    path.write_text(ROUTINE_TOML, encoding="utf-8")
    return path


def key_event(key: str) -> events.Key:
    """The Key event `pilot.press(key)` would send (same character lookup)."""
    if len(key) == 1 and not key.isalnum():
        key = _character_to_key(key)
    original = REPLACED_KEYS.get(key, key)
    character: str | None
    try:
        character = unicodedata.lookup(_get_unicode_name_from_key(original))
    except KeyError:
        character = key if len(key) == 1 else None
    return events.Key(key, character)


async def settle(pilot: Pilot[None], what: str) -> None:
    """Wait until every message the app and its screen have been sent is handled.

    The app hands a key to the focused widget, and an unhandled key bubbles back up through
    each parent to the screen's and app's bindings: one queue per hop. A round of waiting ends
    once every queue has reached its marker, but a pump may have taken a later message off an
    empty queue and still be handling it; two quiet rounds in a row mean nothing is in flight.
    A screen pushed on the way is waited for until it is mounted (the session screen refuses
    keys until then), so the next key is chosen for the screen that will receive it.
    """
    app = pilot.app
    quiet = 0
    for _ in range(MAX_HOPS):
        if not app.is_running:
            return
        await pilot._wait_for_screen()
        screen = app.screen
        pumps = (app, *screen.walk_children(with_self=True))
        busy = not screen.is_mounted or any(pump.message_queue_size for pump in pumps)
        quiet = 0 if busy else quiet + 1
        if quiet == 2:
            return
    raise AssertionError(f"{what} was still being handled after {MAX_HOPS} rounds")


async def press_now(pilot: Pilot[None], key: str) -> None:
    """Press `key` and wait until the app, then the screen it lands on, have handled it.

    The key goes straight onto the app's queue. The driver's `send_message` only schedules the
    post, so the waits could queue their markers ahead of the key and return before it was
    read. `pilot.press` would also wait for the process to look idle: two 20 ms sleeps a key
    at least, and up to a second each while another screen is being built.
    """
    app = pilot.app
    event = key_event(key)
    event.set_sender(app)
    app.post_message(event)
    await settle(pilot, repr(key))


def check_engine(engine: SessionEngine) -> None:
    """What a runner reads stays true: no negative time, one current set, each set once."""
    if engine.started_wall is None:
        return  # its screen is not mounted yet
    view = engine.view()
    assert view.elapsed >= 0, view
    assert view.remaining is None or view.remaining >= 0, view
    assert view.session_left >= 0, view
    assert view.reps >= 0, view
    assert (view.phase is Phase.DONE) == engine.is_done, view
    items = engine.checklist()
    current = [item for item in items if item.state is SetState.CURRENT]
    if engine.is_done:
        assert current == []
    else:
        assert view.work is not None and view.step is not None
        assert view.phase is view.step.kind
        assert [item.key for item in current] == [view.work.key], (
            f"the checklist's current set is {current}, the screen says {view.work.key}"
        )
    keys = [result.key for result in engine.results]
    assert len(keys) == len(set(keys)), f"a set was logged twice: {keys}"
    planned = {step.key for step in engine.plan.work_steps}
    assert set(keys) <= planned, f"results for sets that are not planned: {set(keys) - planned}"
    for result in engine.results:
        assert result.seconds >= 0, result
        assert result.ended_at >= result.started_at, result
        assert result.reps is None or result.reps >= 0, result


def stored(home: Path, session_id: int) -> list[tuple[int, int, int, int, float, str, str]]:
    with sqlite3.connect(home / "history.sqlite3") as connection:
        return [
            tuple(row)
            for row in connection.execute(
                "SELECT block, exercise_index, set_index, side, seconds, started_at, ended_at "
                "FROM set_result WHERE session_id = ?",
                (session_id,),
            )
        ]


def check_history(home: Path, runs: Iterable[tuple[SessionEngine, int | None]]) -> None:
    """The history holds exactly the sets each engine has, each once, with no negative time."""
    for engine, session_id in runs:
        assert session_id is not None, "the history was off for a mashing run"
        rows = stored(home, session_id)
        keys = [row[:4] for row in rows]
        assert len(keys) == len(set(keys)), f"a set is stored twice: {keys}"
        expected = {
            (r.key.block, r.key.exercise, r.key.set, -1 if r.key.side is None else r.key.side)
            for r in engine.results
        }
        assert set(keys) == expected, f"history {sorted(keys)} != session {sorted(expected)}"
        for row in rows:
            assert row[4] >= 0 and row[6] >= row[5], row


def on_filter(app: HipTimerApp) -> bool:
    """True while the picker's filter has the typing (where `q` is just a letter)."""
    return isinstance(app.focused, Input) and app.focused.id == "filter"


def where(app: HipTimerApp) -> str:
    screen = app.screen
    if isinstance(screen, SessionScreen):
        view = screen.engine.view()
        return f"session {view.phase.name}" + (" paused" if view.paused else "")
    return type(screen).__name__


@pytest.fixture(autouse=True)
def quick_poll(monkeypatch: pytest.MonkeyPatch) -> None:
    """The real once-a-second poll, not the other tests' fast one: `step_clock` updates the
    engine itself, and a screen polling 20 times a second made each awaited key slower."""
    monkeypatch.setattr(SessionScreen, "POLL_SECONDS", 1.0)


async def step_clock(pilot: Pilot[None], clock: FakeClock, rng: random.Random) -> None:
    """Workout time passes between keys: usually a little, sometimes exactly to a deadline
    (a key pressed as the phase turns over), sometimes a gap long enough to mean the laptop
    slept in a hold."""
    roll = rng.random()
    screen = pilot.app.screen
    engine = screen.engine if isinstance(screen, SessionScreen) else None
    deadline = engine.view().deadline if engine is not None else None
    if roll < 0.15 and deadline is not None:
        clock.now = max(clock.now, deadline)
    elif roll < 0.19:
        clock.advance(rng.uniform(6, 15))
    elif roll < 0.7:
        clock.advance(rng.uniform(0, 1.5))
    if engine is not None:
        # The screen's own poll would do this; calling it keeps fake time and polls in step.
        engine.update()


async def mash(
    pilot: Pilot[None], clock: FakeClock, seed: int, count: int, *, stay_in_routine: bool
) -> Counter[str]:
    """Press `count` random keys; returns how many landed on each screen or phase."""
    app = pilot.app
    assert isinstance(app, MashApp)
    rng = random.Random(seed)
    visited: Counter[str] = Counter()
    trail: list[tuple[int, str, str]] = []
    for number in range(count):
        if stay_in_routine and isinstance(app.screen, PickerScreen):
            # Back at the list: the runner picks the test routine again.
            app.open_preview(ROUTINE_ID)
            await settle(pilot, "opening the preview")
        visited[where(app)] += 1
        key = rng.choice(KEYS)
        if key == "q" and isinstance(app.screen, PickerScreen) and not on_filter(app):
            key = "x"  # on the routine list `q` is the picker's Quit: a way out, not a mash
        await press_now(pilot, key)
        trail.append((number, key, where(app) if app.is_running else "closed"))
        assert app.is_running, f"key {number} ({key!r}) closed hiptimer; last keys: {trail[-12:]}"
        await step_clock(pilot, clock, rng)
        for engine, _ in app.runs:
            check_engine(engine)
    # Once the screen's own poll has come round, the status line says what the engine says.
    await caught_up(pilot)
    return visited


async def start_in(pilot: Pilot[None], clock: FakeClock, scenario: str) -> None:
    """Bring the app to the screen or phase a scenario mashes from."""
    app = pilot.app
    await pilot.pause()
    if scenario in ("picker", "resume"):
        return
    assert isinstance(app.screen, PreviewScreen)
    if scenario == "preview":
        return
    await pilot.press("enter")
    session = app.screen
    assert isinstance(session, SessionScreen)
    phases = {
        "reps": Phase.REPS,
        "tempo": Phase.REPS,
        "hold": Phase.HOLD,
        "switch": Phase.SWITCH,
        "max-hold": Phase.MAX_HOLD,
        "rest": Phase.REST,
        "get-ready": Phase.GET_READY,
    }
    wanted = phases.get(scenario, Phase.HOLD if scenario == "away" else Phase.REPS)
    # Enter alone walks the plan: reps, rest, get ready, tempo reps, rest, get ready, hold left,
    # switch, hold right, rest, get ready, max hold.
    for _ in range(14):
        view = session.engine.view()
        if view.phase is wanted and (scenario != "tempo" or view.remaining is not None):
            break
        await pilot.press("enter")
    else:
        raise AssertionError(f"could not reach {scenario}: {session.engine.view()}")
    if scenario == "away":
        assert session.engine.view().phase is Phase.HOLD
        clock.advance(30)
        await until(pilot, lambda: shown(app, AwayDialog), "the away dialog")
    elif scenario == "quit":
        await pilot.press("q")
        assert isinstance(app.screen, QuitDialog)
    elif scenario == "help":
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
    elif scenario == "summary":
        await pilot.press("q", "y")
        assert isinstance(app.screen, SummaryScreen)


def unfinished_session(hiptimer_home: Path) -> None:
    """A session left in progress by a crash, one set done, so the next launch offers to resume."""
    routine = parse_routine(ROUTINE_TOML, file="mash.toml")
    clock = FakeClock()
    engine = SessionEngine(routine, routine_id=ROUTINE_ID, clock=clock, wall_clock=clock.wall)
    store, _ = HistoryStore.open()
    with store:
        session_id = store.start_session(ROUTINE_ID, routine.name, ROUTINE_TOML, 0, clock.wall())
        engine.start()
        engine.finish()
        [result] = engine.results
        store.record(session_id, result)


SCENARIOS = [
    "picker",
    "preview",
    "get-ready",
    "reps",
    "tempo",
    "hold",
    "switch",
    "max-hold",
    "rest",
    "quit",
    "away",
    "help",
    "resume",
    "summary",
]


async def run_scenario(scenario: str, count: int, hiptimer_home: Path) -> Counter[str]:
    if scenario == "resume":
        unfinished_session(hiptimer_home)
    clock = FakeClock()
    routine = None if scenario in ("picker", "resume") else ROUTINE_ID
    app = MashApp(clock, routine)
    started = time.perf_counter()
    async with app.run_test(size=(100, 30)) as pilot:
        await start_in(pilot, clock, scenario)
        if scenario == "resume":
            assert isinstance(app.screen, ResumeDialog)
        visited = await mash(
            pilot, clock, SCENARIOS.index(scenario), count, stay_in_routine=scenario != "picker"
        )
        runs = list(app.runs)
    check_history(hiptimer_home, runs)
    print(f"{scenario}: {count} keys in {time.perf_counter() - started:.1f} s; {dict(visited)}")
    return visited


@pytest.mark.parametrize("scenario", SCENARIOS)
async def test_mashing_keys_from_every_screen_breaks_nothing(
    scenario: str, hiptimer_home: Path
) -> None:
    await run_scenario(scenario, FAST_KEYS, hiptimer_home)


async def test_mashing_reaches_every_phase_and_dialog(hiptimer_home: Path) -> None:
    """The mash is worth something only if it goes everywhere: one run of it visits every
    session phase, paused and running, the preview, the dialogs and the summary."""
    visited = await run_scenario("get-ready", 300, hiptimer_home)
    for phase in (phase for phase in Phase if phase is not Phase.DONE):
        assert any(place.startswith(f"session {phase.name}") for place in visited), (
            f"never mashed in {phase.name}: {visited}"
        )
    assert any(place.endswith("paused") for place in visited)
    # The "welcome back" dialog needs a long gap inside a hold: its own scenario starts there.
    for screen in ("PreviewScreen", "QuitDialog", "HelpScreen", "SummaryScreen"):
        assert visited[screen] > 0, f"never mashed on {screen}: {visited}"


@pytest.mark.slow
@pytest.mark.parametrize("scenario", SCENARIOS)
async def test_two_thousand_keys_from_every_screen_break_nothing(
    scenario: str, hiptimer_home: Path
) -> None:
    await run_scenario(scenario, SLOW_KEYS, hiptimer_home)
