"""What a runner two metres from the laptop reads: the side, the switch, the phase, the tempo."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from hiptimer.domain import FakeClock, Phase, tempo_beat
from hiptimer.routines.model import Tempo
from hiptimer.screens import SessionScreen
from hiptimer.widgets import BigTime, PhaseBanner, SideBadge
from tests.test_session_flow import (
    ROUTINE_ID,
    ROUTINE_TOML,
    _left_hold,
    let_pass,
    make_app,
    open_session,
)

ROTATION_TOML = """\
name = "Rotation test"
get_ready = "3s"

[[exercise]]
name = "Hip circles"
hold = "20s"
sides = ["clockwise", "counter"]
switch = "5s"

[[exercise]]
name = "Côté test"
hold = "20s"
sides = ["gauche", "drøite"]
switch = "5s"
"""


@pytest.fixture(autouse=True)
def flow_routine(hiptimer_home: Path) -> None:
    """The session tests' routine: reps, a tempo set, a hold per side with a switch."""
    folder = hiptimer_home / "routines"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{ROUTINE_ID}.toml").write_text(ROUTINE_TOML, encoding="utf-8")


@pytest.fixture
def rotation_routine(hiptimer_home: Path) -> str:
    (hiptimer_home / "routines" / "rotation-test.toml").write_text(ROTATION_TOML, "utf-8")
    return "rotation-test"


def big_side(screen: SessionScreen) -> BigTime:
    return screen.query_one("#side-big", BigTime)


@pytest.mark.parametrize(("size", "at_least"), [((80, 24), 5), ((200, 60), 13)])
async def test_the_working_side_is_drawn_in_letters_that_grow_with_the_window(
    size: tuple[int, int], at_least: int
) -> None:
    clock = FakeClock()
    async with make_app(clock, ROUTINE_ID).run_test(size=size) as pilot:
        screen = await _left_hold(pilot, clock, held=2)
        side = big_side(screen)
        assert side.display and side.value == "LEFT"
        assert side.glyph_height >= at_least, f"{side.glyph_height} rows at {size}"
        assert screen.query_one("#timer", BigTime).glyph_height >= 5, "the time stays big too"


async def test_the_switch_shows_the_new_side_big_in_a_solid_block() -> None:
    clock = FakeClock()
    async with make_app(clock, ROUTINE_ID).run_test(size=(80, 24)) as pilot:
        screen = await _left_hold(pilot, clock, held=2)
        assert not big_side(screen).has_class("-switch")
        await let_pass(pilot, clock, 18.5)
        assert screen.engine.view().phase is Phase.SWITCH
        side = big_side(screen)
        assert side.value == "RIGHT" and side.has_class("-switch")
        assert side.styles.background.a == 1, "the switch is a solid block of colour"
        await let_pass(pilot, clock, 5)
        assert screen.engine.view().phase is Phase.HOLD
        assert side.value == "RIGHT" and not side.has_class("-switch")


async def test_in_a_rest_the_big_side_steps_aside_and_one_sided_work_shows_none() -> None:
    clock = FakeClock()
    async with make_app(clock, ROUTINE_ID).run_test(size=(100, 30)) as pilot:
        screen = await open_session(pilot)
        assert screen.engine.view().side is None
        assert not big_side(screen).display, "two-sided work has no side to show"
        await pilot.press("n", "n")  # to the rest before the side plank
        await pilot.pause()
        assert screen.engine.view().phase is Phase.REST
        assert not big_side(screen).display, "big, the next set's side would read as now"
        assert str(screen.query_one(SideBadge).content) == "next ◀ LEFT"


async def _first_hold(pilot: Pilot[None], clock: FakeClock) -> SessionScreen:
    screen = await open_session(pilot)
    await pilot.press("enter")  # end the get-ready
    await pilot.pause()
    assert screen.engine.view().phase is Phase.HOLD
    return screen


async def test_a_rotation_label_is_big_and_carries_no_arrow(rotation_routine: str) -> None:
    clock = FakeClock()
    async with make_app(clock, rotation_routine).run_test(size=(120, 35)) as pilot:
        screen = await _first_hold(pilot, clock)
        assert str(screen.query_one(SideBadge).content) == "CLOCKWISE"
        assert big_side(screen).value == "CLOCKWISE"
        assert big_side(screen).glyph_height >= 5


async def test_a_label_without_glyphs_still_shows_literally_in_a_block(
    rotation_routine: str,
) -> None:
    clock = FakeClock()
    async with make_app(clock, rotation_routine).run_test(size=(100, 30)) as pilot:
        screen = await _first_hold(pilot, clock)
        await pilot.press("n", "n")  # skip both sides of the circles
        await pilot.press("enter")  # end the next get-ready
        await pilot.pause()
        side = big_side(screen)
        assert side.value == "GAUCHE"
        assert side.glyph_height >= 5
        await pilot.press("n")  # on to the other side's switch
        await pilot.pause()
        assert side.value == "DRØITE", "a letter without a glyph is shown, not dropped"
        assert side.lines == ("DRØITE",)
        assert side.has_class("-plain") and side.styles.background.a > 0


def banner_look(screen: SessionScreen) -> tuple[str, str]:
    """The banner's border and lettering: what tells two phases apart without colour."""
    banner = screen.query_one("#banner", PhaseBanner)
    return banner.styles.border_top[0], str(banner.styles.text_style)


async def test_rest_and_paused_differ_by_border_and_lettering_not_only_colour() -> None:
    clock = FakeClock()
    async with make_app(clock, ROUTINE_ID).run_test(size=(100, 30)) as pilot:
        screen = await open_session(pilot)
        await pilot.press("n")  # skip the rep set: a rest
        await pilot.pause()
        assert screen.engine.view().phase is Phase.REST
        rest = banner_look(screen)
        await pilot.press("p")
        await pilot.pause()
        assert screen.engine.view().paused
        paused = banner_look(screen)
        assert rest[0] != paused[0], f"both borders are {rest[0]}"
        assert rest[1] != paused[1], f"both letterings are {rest[1]}"


HALFWAY_TOML = """\
name = "Long hold"
get_ready = "3s"

[[exercise]]
name = "Wall sit"
hold = "40s"
"""


async def test_halfway_and_ten_seconds_left_show_as_words(hiptimer_home: Path) -> None:
    (hiptimer_home / "routines" / "long-hold.toml").write_text(HALFWAY_TOML, "utf-8")
    clock = FakeClock()
    async with make_app(clock, "long-hold").run_test(size=(100, 30)) as pilot:
        screen = await _first_hold(pilot, clock)
        banner = screen.query_one("#banner", PhaseBanner)
        await let_pass(pilot, clock, 19)
        assert str(banner.content) == "■ HOLD ■"
        await let_pass(pilot, clock, 2)
        assert str(banner.content) == "■ HOLD ■ · halfway"
        await let_pass(pilot, clock, 10)
        assert str(banner.content) == "■ HOLD ■ · 10 s left"


async def test_a_paced_set_shows_the_part_of_the_rep_and_its_beat() -> None:
    clock = FakeClock()
    async with make_app(clock, ROUTINE_ID).run_test(size=(100, 30)) as pilot:
        screen = await open_session(pilot)
        await pilot.press("n", "enter", "enter")  # skip the taps, end the rest and get-ready
        await pilot.pause()
        view = screen.engine.view()
        assert view.phase is Phase.REPS and view.remaining is not None, "the 1-1-1 tempo set"
        banner = screen.query_one("#banner", PhaseBanner)
        seen = [str(banner.content)]
        for _ in range(4):
            await let_pass(pilot, clock, 1)
            seen.append(str(banner.content))
        assert seen == [
            "# REPS # · UP 1/1",
            "# REPS # · HOLD 1/1",
            "# REPS # · DOWN 1/1",
            "# REPS # · UP 1/1",
            "# REPS # · HOLD 1/1",
        ]


def test_the_tempo_beat_counts_each_part_in_whole_seconds() -> None:
    tempo = Tempo.parse("2-1-2")
    beats = [tempo_beat(tempo, second + 0.5) for second in range(6)]
    assert [(b.part, b.beat, b.beats, b.rep) for b in beats] == [
        ("up", 1, 2, 1),
        ("up", 2, 2, 1),
        ("hold", 1, 1, 1),
        ("down", 1, 2, 1),
        ("down", 2, 2, 1),
        ("up", 1, 2, 2),
    ]
