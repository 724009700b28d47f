"""The big timer stays readable from the mat: as large as fits, centred, and falling back gracefully."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st
from textual.app import App, ComposeResult
from textual.color import Color
from textual.geometry import Size

from hiptimer.widgets.big_time import (
    DIGITS_HEIGHT,
    PLAIN_HEIGHT,
    BigTime,
    changed_region,
    drawn_row,
)

SnapCompare = Callable[..., bool]


class BigTimeApp(App[None]):
    """Nothing but one BigTime filling the screen, so the terminal size is the widget's size."""

    CSS = """
    BigTime.-hold { color: $success; }
    """

    def __init__(self, value: str) -> None:
        super().__init__()
        self._value = value

    def compose(self) -> ComposeResult:
        yield BigTime(self._value)

    @property
    def big_time(self) -> BigTime:
        return self.query_one(BigTime)


def shown(widget: BigTime) -> list[str]:
    """The widget's rows as the terminal would show them."""
    return [widget.render_line(y).text for y in range(widget.size.height)]


def inked(widget: BigTime) -> list[str]:
    """Only the rows that have something drawn on them."""
    return [line for line in shown(widget) if line.strip()]


@pytest.mark.parametrize(
    ("size", "value", "at_least"),
    [
        ((70, 16), "12:05", 7),
        ((70, 16), "7 / 15", 7),
        ((48, 9), "12:05", 5),
        ((48, 9), "7/15", 5),
        ((48, 9), "1:02:03", 5),
    ],
)
async def test_time_is_drawn_tall_in_the_space_a_session_screen_gives_it(
    size: tuple[int, int], value: str, at_least: int
) -> None:
    app = BigTimeApp(value)
    async with app.run_test(size=size):
        widget = app.big_time
        assert widget.glyph_height >= at_least
        assert len(inked(widget)) == widget.glyph_height
        assert all(len(line) <= size[0] for line in shown(widget))
        assert "█" in "".join(shown(widget))


async def test_small_area_falls_back_to_textual_digits() -> None:
    app = BigTimeApp("12:05")
    async with app.run_test(size=(20, 4)):
        assert app.big_time.glyph_height == DIGITS_HEIGHT
        assert inked(app.big_time) == [
            "  ╺┓ ╺━┓   ┏━┓┏━╸   ",
            "   ┃ ┏━┛ : ┃ ┃┗━┓   ",
            "  ╺┻╸┗━╸   ┗━┛╺━┛   ",
        ]


async def test_tiny_area_falls_back_to_plain_text() -> None:
    app = BigTimeApp("12:05")
    async with app.run_test(size=(6, 1)):
        assert app.big_time.glyph_height == PLAIN_HEIGHT
        assert shown(app.big_time) == ["12:05 "]


async def test_glyphs_are_centred_both_ways() -> None:
    app = BigTimeApp("1:23")
    async with app.run_test(size=(60, 15)):
        lines = shown(app.big_time)
        drawn = [y for y, line in enumerate(lines) if line.strip()]
        above, below = drawn[0], len(lines) - 1 - drawn[-1]
        assert abs(above - below) <= 1
        left = min(len(line) - len(line.lstrip()) for line in lines if line.strip())
        right = min(len(line) - len(line.rstrip()) for line in lines if line.strip())
        assert abs(left - right) <= 1


async def test_changing_the_value_redraws_it() -> None:
    app = BigTimeApp("1:23")
    async with app.run_test(size=(70, 16)) as pilot:
        before = shown(app.big_time)
        app.big_time.value = "1:22"
        await pilot.pause()
        assert shown(app.big_time) != before
        assert app.big_time.value == "1:22"


@pytest.mark.parametrize("size", [(48, 9), (70, 16), (40, 5), (120, 35)])
async def test_every_digit_has_its_own_glyph(size: tuple[int, int]) -> None:
    app = BigTimeApp("0")
    async with app.run_test(size=size) as pilot:
        drawings = set()
        for digit in "0123456789":
            app.big_time.value = digit
            await pilot.pause()
            drawings.add(tuple(shown(app.big_time)))
        assert len(drawings) == 10


async def test_a_one_and_a_seven_look_different() -> None:
    app = BigTimeApp("1:11")
    async with app.run_test(size=(48, 9)) as pilot:
        ones = shown(app.big_time)
        app.big_time.value = "1:17"
        await pilot.pause()
        sevens = shown(app.big_time)
        assert ones != sevens
        # Everything left of the last digit stays put, so only the changed digit moves.
        shared = len(ones[0]) // 2
        assert [line[:shared] for line in ones] == [line[:shared] for line in sevens]


async def test_resizing_picks_a_new_size_and_keeps_the_value() -> None:
    app = BigTimeApp("12:05")
    async with app.run_test(size=(70, 16)) as pilot:
        large = app.big_time.glyph_height
        await pilot.resize_terminal(48, 9)
        await pilot.pause()
        assert app.big_time.glyph_height < large
        await pilot.resize_terminal(20, 4)
        await pilot.pause()
        assert app.big_time.glyph_height == DIGITS_HEIGHT
        assert app.big_time.value == "12:05"
        await pilot.resize_terminal(120, 35)
        await pilot.pause()
        assert app.big_time.glyph_height > large


async def test_colour_comes_from_css_classes() -> None:
    app = BigTimeApp("1:23")
    async with app.run_test(size=(48, 9)) as pilot:
        app.big_time.add_class("-hold")
        await pilot.pause()
        success = Color.parse(app.current_theme.success or "").rich_color
        colours = {segment.style.color for segment in app.big_time.render_line(4) if segment.style}
        assert colours == {success}


def test_snapshot_in_the_space_an_80x24_session_gives(snap_compare: SnapCompare) -> None:
    assert snap_compare(BigTimeApp("1:23"), terminal_size=(48, 9))


async def test_widest_keeps_the_size_steady_as_the_clock_counts_down() -> None:
    app = BigTimeApp("10:00")
    async with app.run_test(size=(70, 16)) as pilot:
        app.big_time.widest = "00:00"
        await pilot.pause()
        at_ten_minutes = app.big_time.glyph_height
        app.big_time.value = "9:59"
        await pilot.pause()
        assert app.big_time.glyph_height == at_ten_minutes
        app.big_time.widest = ""
        await pilot.pause()
        assert app.big_time.glyph_height > at_ten_minutes


async def test_rep_count_slash_stays_centred_in_the_digits_fallback() -> None:
    app = BigTimeApp("7/15")
    async with app.run_test(size=(16, 3)):
        assert app.big_time.glyph_height == DIGITS_HEIGHT
        middle = shown(app.big_time)[1]
        assert "╱" in middle


# -- repainting only what changed ---------------------------------------------------------------

CLOCKS = st.builds(lambda m, s: f"{m}:{s:02d}", st.integers(0, 99), st.integers(0, 59))
COUNTS = st.builds(lambda done, of: f"{done} / {of}", st.integers(0, 99), st.integers(1, 99))
SHOWN = CLOCKS | COUNTS | st.integers(0, 999).map(str)


def drawn(text: str, widest: str, size: Size) -> list[str]:
    rows = (drawn_row(text, widest, size, y) for y in range(size.height))
    return [row[: size.width].ljust(size.width) for row in rows]


@given(
    old=SHOWN,
    new=SHOWN,
    widest=st.sampled_from(["", "00:00"]),
    size=st.builds(Size, st.integers(1, 250), st.integers(1, 80)),
)
def test_a_new_value_repaints_every_cell_it_changes(
    old: str, new: str, widest: str, size: Size
) -> None:
    """A cell left out of the repaint would keep showing the old digit."""
    region = changed_region(old, new, widest, size)
    if region is None:
        return  # the whole timer is repainted
    before, after = drawn(old, widest, size), drawn(new, widest, size)
    for y, (old_row, new_row) in enumerate(zip(before, after, strict=True)):
        for x, (was, now) in enumerate(zip(old_row, new_row, strict=True)):
            assert was == now or region.contains(x, y), f"({x}, {y}) changed outside {region}"


def test_a_countdown_tick_repaints_only_its_last_digit() -> None:
    size = Size(70, 16)
    region = changed_region("2:59", "2:58", "00:00", size)
    assert region is not None
    inked_columns = [
        x for x in range(size.width) if any(row[x] != " " for row in drawn("2:58", "00:00", size))
    ]
    first, last = inked_columns[0], inked_columns[-1]
    assert (first + last) / 2 < region.x and region.right <= last + 1, "not the last digit"
    assert region.width < (last - first) / 3
