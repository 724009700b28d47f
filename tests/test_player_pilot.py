"""A short routine through the real app on a fake clock: what is heard at each cue, and each phase's looks.

Fake `pw-play` and `espeak-ng` scripts on PATH log their arguments, so the test hears exactly what
a runner would, in order, without a sound card.
"""

from __future__ import annotations

import contextlib
import os
import signal
import stat
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot

from hiptimer.alerts import sound_file, system_player, system_speaker
from hiptimer.app import HipTimerApp
from hiptimer.cli import main
from hiptimer.domain import CueFired, CueKind, Event, FakeClock
from hiptimer.screens import PreviewScreen, SessionScreen
from hiptimer.widgets import OneLine
from tests.waiting import caught_up, until

SnapCompare = Callable[..., bool]
SIZE = (100, 30)

PLAYER_ROUTINE = """\
name = "Player test"
get_ready = "3s"

[[exercise]]
name = "Side plank"
hold = "30s"
sides = "each"
switch = "4s"
rest = "5s"

[[exercise]]
name = "Glute bridge"
hold = "10s"
"""

FIRED: list[tuple[float, CueKind]] = [
    (1, CueKind.COUNTDOWN),
    (2, CueKind.COUNTDOWN),
    (3, CueKind.GO),
    (18, CueKind.HALFWAY),
    (23, CueKind.TEN_SECONDS),
    (33, CueKind.DONE),
    (33, CueKind.SWITCH),
    (34, CueKind.COUNTDOWN),
    (35, CueKind.COUNTDOWN),
    (36, CueKind.COUNTDOWN),
    (37, CueKind.GO),
    (52, CueKind.HALFWAY),
    (57, CueKind.TEN_SECONDS),
    (67, CueKind.DONE),
    (67, CueKind.REST),
    (69, CueKind.COUNTDOWN),
    (70, CueKind.COUNTDOWN),
    (71, CueKind.COUNTDOWN),
    (72, CueKind.REST_OVER),
    (73, CueKind.COUNTDOWN),
    (74, CueKind.COUNTDOWN),
    (75, CueKind.GO),
    (85, CueKind.DONE),
]
"""Seconds into the session, and the cue the engine fires then: the routine above, as planned."""

HEARD = [
    (moment, kind)
    for index, (moment, kind) in enumerate(FIRED)
    if index + 1 == len(FIRED) or FIRED[index + 1][0] != moment
]
"""What a runner hears: cues on the same instant play one sound, the last one's (the switch,
not the "done" before it), so two sounds never talk over each other."""

SPOKEN = [
    "Go: Side plank, left side",
    "Halfway",
    "10 seconds",
    "Left side done. Switch to right side",
    "Go: Side plank, right side",
    "Halfway",
    "10 seconds",
    "Right side done. Rest 5 seconds. Next: Glute bridge",
    "Rest over: Glute bridge",
    "Go: Glute bridge",
    "Done",
]
"""Every milestone of the routine, in order; milestones on one instant are one sentence, so the
new phase's words never cut off the old phase's. Nothing else may ever be spoken."""

CUT_OFF = {"Done"}
"""The last sentence: the session ends on that instant and the summary hushes speech, so the
fake program may be stopped before it logs it."""

POLL_STEP = 3.0
"""The largest jump of the fake clock between two repaints: the engine reads a gap above 5 s in
a hold as a laptop that slept."""


# -- fakes on PATH -----------------------------------------------------------------------------


def fake_program(folder: Path, name: str, log: Path, *, hang: bool = False) -> None:
    """A script that appends its pid and arguments to `log` in one write, then exits or hangs."""
    script = folder / name
    ending = "exec /bin/sleep 60\n" if hang else ""
    script.write_text(f'#!/bin/sh\nprintf \'%s %s\\n\' "$$" "$*" >> "{log}"\n{ending}')
    script.chmod(script.stat().st_mode | stat.S_IXUSR)


@pytest.fixture
def fake_bin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty folder that is the whole PATH, with the cached player and speaker forgotten."""
    folder = tmp_path / "bin"
    folder.mkdir()
    monkeypatch.setenv("PATH", str(folder))
    system_player.cache_clear()
    system_speaker.cache_clear()
    yield folder
    system_player.cache_clear()
    system_speaker.cache_clear()


def logged(log: Path) -> list[tuple[int, str]]:
    if not log.exists():
        return []
    lines = log.read_text(encoding="utf-8").splitlines()
    return [(int(pid), text) for pid, _, text in (line.partition(" ") for line in lines)]


async def wait_for_lines(pilot: Pilot[None], log: Path, count: int) -> list[tuple[int, str]]:
    """The log once it holds `count` lines; a player is a separate process and takes a moment."""
    await until(pilot, lambda: len(logged(log)) >= count, f"{count} lines in {log.name}")
    return logged(log)


# -- driving the app ---------------------------------------------------------------------------


@pytest.fixture
def write_routine(hiptimer_home: Path) -> Callable[[str, str], None]:
    def write(routine_id: str, text: str) -> None:
        folder = hiptimer_home / "routines"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{routine_id}.toml").write_text(text, encoding="utf-8")

    return write


def status(screen: SessionScreen) -> str:
    return screen.query_one("#status", OneLine).text


async def repaint(pilot: Pilot[None]) -> None:
    """Wait for the screen's own repaint to poll the engine and show what it says now."""
    await caught_up(pilot)


async def start(pilot: Pilot[None]) -> SessionScreen:
    await pilot.pause()
    assert isinstance(pilot.app.screen, PreviewScreen)
    await pilot.press("enter")
    await repaint(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, SessionScreen)
    return screen


async def move_to(pilot: Pilot[None], clock: FakeClock, start_time: float, offset: float) -> None:
    """Move the fake clock to `offset` seconds into the session, repainting on the way."""
    while clock.now < start_time + offset - 1e-9:
        clock.now = min(start_time + offset, clock.now + POLL_STEP)
        await repaint(pilot)


# -- the player test ---------------------------------------------------------------------------


async def test_each_cue_plays_its_sound_in_order_and_only_milestones_are_spoken(
    fake_bin: Path,
    tmp_path: Path,
    hiptimer_home: Path,
    write_routine: Callable[[str, str], None],
) -> None:
    sounds, speech = tmp_path / "sounds.log", tmp_path / "speech.log"
    fake_program(fake_bin, "pw-play", sounds)
    fake_program(fake_bin, "espeak-ng", speech)
    write_routine("player-test", PLAYER_ROUTINE)
    (hiptimer_home / "config.toml").write_text("voice = true\n", encoding="utf-8")
    clock = FakeClock()
    app = HipTimerApp(clock=clock, wall_clock=clock.wall, routine="player-test")
    async with app.run_test(size=SIZE) as pilot:
        assert (app.service.cue_alerts.backend_name, app.service.cue_alerts.speech_name) == (
            "pw-play",
            "espeak-ng",
        )
        screen = await start(pilot)
        fired: list[CueKind] = []

        def record(event: Event) -> None:
            if isinstance(event, CueFired):
                fired.append(event.cue.kind)

        screen.engine.subscribe(record)
        begun = clock.now
        played: list[tuple[int, str]] = []
        for moment in sorted({moment for moment, _ in HEARD}):
            # A little past the mark, as a repaint would come, and well inside the time a late
            # cue is still worth playing.
            await move_to(pilot, clock, begun, moment + 0.1)
            expected = sum(1 for when, _ in HEARD if when <= moment)
            lines = await wait_for_lines(pilot, sounds, expected)
            played += lines[len(played) :]
        assert fired == [kind for _, kind in FIRED]

    assert [Path(path) for _, path in played] == [sound_file(kind) for _, kind in HEARD]
    assert all(Path(path).is_file() for _, path in played)
    heard_names = [Path(path).stem for _, path in played]
    assert heard_names[:6] == ["tick", "tick", "go", "halfway", "ten_seconds", "switch"]
    said = [text for _, text in logged(speech)]
    assert said == [text for text in SPOKEN if text in said], "spoken out of order"
    assert [text for text in said if text not in CUT_OFF] == [
        text for text in SPOKEN if text not in CUT_OFF
    ]
    assert not {"1", "2", "3"} & set(said), "a countdown tick was spoken"


async def test_a_hanging_player_does_not_delay_the_screen(
    fake_bin: Path, tmp_path: Path, write_routine: Callable[[str, str], None]
) -> None:
    sounds = tmp_path / "sounds.log"
    fake_program(fake_bin, "pw-play", sounds, hang=True)
    write_routine("player-test", PLAYER_ROUTINE)
    clock = FakeClock()
    app = HipTimerApp(clock=clock, wall_clock=clock.wall, routine="player-test")
    try:
        async with app.run_test(size=SIZE) as pilot:
            screen = await start(pilot)
            assert status(screen) == "GET READY · LEFT · Side plank · set 1/1 · 0:03 left"
            clock.advance(1.1)  # crosses the "2" of the countdown
            await repaint(pilot)
            [(pid, path)] = await wait_for_lines(pilot, sounds, 1)
            assert Path(path) == sound_file(CueKind.COUNTDOWN)
            assert app.service.cue_alerts.player.last_process is not None
            assert app.service.cue_alerts.player.last_process.poll() is None, "not hanging"
            clock.advance(1.0)
            await repaint(pilot)
            assert status(screen) == "GET READY · LEFT · Side plank · set 1/1 · 0:01 left"
            clock.advance(1.0)
            await repaint(pilot)
            assert status(screen) == "HOLD · LEFT · Side plank · set 1/1 · 0:30 left"
    finally:
        # The watchdog kills a hung player after a few seconds; do not leave ours behind if the
        # test ends first. Only a pid that is still our fake's sleep is killed.
        for pid, _ in logged(sounds):
            with contextlib.suppress(OSError):
                if b"sleep" in Path(f"/proc/{pid}/cmdline").read_bytes():
                    os.kill(pid, signal.SIGKILL)


async def test_mute_on_the_command_line_silences_every_cue(
    fake_bin: Path,
    tmp_path: Path,
    hiptimer_home: Path,
    write_routine: Callable[[str, str], None],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sounds, speech = tmp_path / "sounds.log", tmp_path / "speech.log"
    fake_program(fake_bin, "pw-play", sounds)
    fake_program(fake_bin, "espeak-ng", speech)
    write_routine("player-test", PLAYER_ROUTINE)
    (hiptimer_home / "config.toml").write_text("sound = true\nvoice = true\n", encoding="utf-8")
    launched: list[HipTimerApp] = []
    monkeypatch.setattr(HipTimerApp, "run", lambda app: launched.append(app))
    assert main(["--mute", "run", "player-test"]) == 0
    [app] = launched
    clock = FakeClock()
    app.service.clock, app.service.wall_clock = clock, clock.wall
    async with app.run_test(size=SIZE) as pilot:
        screen = await start(pilot)
        fired: list[CueKind] = []
        screen.engine.subscribe(
            lambda event: fired.append(event.cue.kind) if isinstance(event, CueFired) else None
        )
        await move_to(pilot, clock, clock.now, 20.1)
        assert {CueKind.GO, CueKind.HALFWAY} <= set(fired)
        assert app.service.settings.sound and app.service.settings.voice
        assert app.service.cue_alerts.player.last_process is None
        assert app.service.cue_alerts.speaker.last_process is None
    assert not sounds.exists() and not speech.exists()


# -- each phase under the hiptimer theme -------------------------------------------------------

SNAPSHOT_ROUTINE = """\
name = "Snapshot hips"
get_ready = "5s"

[[exercise]]
name = "Side plank"
hold = "30s"
sides = "each"
switch = "10s"
rest = "20s"
cues = ["Elbow under shoulder", "Hips high"]

[[exercise]]
name = "Clamshell"
reps = 12
cues = ["Knees together"]
"""
"""Get ready 0–5 s, hold left 5–35, switch 35–45, hold right 45–75, rest 75–95, then reps."""


def phase_at(offset: float, *keys: str) -> Callable[[Pilot[None]], Awaitable[None]]:
    """A run_before that starts the session and stops `offset` seconds in, then presses `keys`."""

    async def run_before(pilot: Pilot[None]) -> None:
        clock = pilot.app.service.clock  # type: ignore[attr-defined]
        assert isinstance(clock, FakeClock)
        screen = await start(pilot)
        await move_to(pilot, clock, clock.now, offset)
        await pilot.press(*keys)
        await repaint(pilot)
        # The cue flash and toasts last a moment of real time; the picture is of the phase.
        screen.query_one("#main").remove_class("-flash")
        pilot.app.clear_notifications()
        await pilot.pause()

    return run_before


@pytest.mark.parametrize(
    ("offset", "keys", "shows"),
    [
        pytest.param(
            2.5, (), "GET READY · LEFT · Side plank · set 1/1 · 0:03 left", id="get-ready"
        ),
        pytest.param(15.5, (), "HOLD · LEFT · Side plank · set 1/1 · 0:20 left", id="hold"),
        pytest.param(38.5, (), "SWITCH · RIGHT · Side plank · set 1/1 · 0:07 left", id="switch"),
        pytest.param(80.5, (), "REST · Clamshell · set 1/1 · 0:15 left", id="rest"),
        pytest.param(
            96.0, ("space", "space", "space"), "REPS · Clamshell · set 1/1 · 3/12 reps", id="reps"
        ),
        pytest.param(
            15.5, ("p",), "PAUSED HOLD · LEFT · Side plank · set 1/1 · 0:20 left", id="paused"
        ),
    ],
)
def test_snapshot_of_each_phase_under_the_hiptimer_theme(
    snap_compare: SnapCompare,
    write_routine: Callable[[str, str], None],
    offset: float,
    keys: tuple[str, ...],
    shows: str,
) -> None:
    write_routine("snapshot", SNAPSHOT_ROUTINE)
    clock = FakeClock()
    app = HipTimerApp(mute=True, clock=clock, wall_clock=clock.wall, routine="snapshot")
    drive = phase_at(offset, *keys)

    async def run_before(pilot: Pilot[None]) -> None:
        await drive(pilot)
        assert pilot.app.theme == "hiptimer"
        screen = pilot.app.screen
        assert isinstance(screen, SessionScreen)
        assert status(screen) == shows

    assert snap_compare(app, run_before=run_before, terminal_size=SIZE)
