"""A time or rep count drawn in block glyphs as big as the widget's space allows."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region, Size
from textual.reactive import reactive
from textual.renderables.digits import Digits as DigitsRenderable
from textual.strip import Strip
from textual.widget import Widget

__all__ = [
    "DIGITS_HEIGHT",
    "GLYPH_HEIGHTS",
    "PLAIN_HEIGHT",
    "BigTime",
    "changed_region",
    "drawn_row",
]

GLYPH_HEIGHTS = (30, 25, 20, 16, 13, 11, 9, 7, 5, 4)
"""The block-glyph sizes, in rows, largest first; the widget uses the first that fits."""
DIGITS_HEIGHT = 3
"""The height of the fallback drawn with Textual's `Digits` glyphs."""
PLAIN_HEIGHT = 1
"""The height of the last fallback: the value as plain text."""

# Every glyph is laid out on five bands: stroke, upper counter, stroke, lower counter, stroke.
# Each column letter names its width: s = a stroke, c = a counter (the hole in a 0), and l/r = the
# space left and right of a centred stem. In the rows, "#" fills the cell and "o" is a square dot
# centred in its band. Digits are all one width so a running clock does not jiggle.
_GLYPHS: dict[str, tuple[str, tuple[str, ...]]] = {
    "0": ("scs", ("###", "#.#", "#.#", "#.#", "###")),
    "1": ("lsr", ("##.", ".#.", ".#.", ".#.", "###")),
    "2": ("scs", ("###", "..#", "###", "#..", "###")),
    "3": ("scs", ("###", "..#", ".##", "..#", "###")),
    "4": ("scs", ("#.#", "#.#", "###", "..#", "..#")),
    "5": ("scs", ("###", "#..", "###", "..#", "###")),
    "6": ("scs", ("###", "#..", "###", "#.#", "###")),
    "7": ("scs", ("###", "..#", "..#", "..#", "..#")),
    "8": ("scs", ("###", "#.#", "###", "#.#", "###")),
    "9": ("scs", ("###", "#.#", "###", "..#", "###")),
    ":": ("s", (".", "o", ".", "o", ".")),
    ".": ("s", (".", ".", ".", ".", "#")),
    "-": ("sc", ("..", "..", "##", "..", "..")),
    "+": ("lsr", ("...", ".#.", "###", ".#.", "...")),
    " ": ("s", (".", ".", ".", ".", ".")),
}
# Capitals on the same bands, for the working side ("LEFT", "CLOCKWISE") drawn as big as the
# time. M and W need five columns; the rest fit the digits' three.
_LETTERS: dict[str, tuple[str, tuple[str, ...]]] = {
    "A": ("scs", ("###", "#.#", "###", "#.#", "#.#")),
    "B": ("scs", ("##.", "#.#", "##.", "#.#", "##.")),
    "C": ("scs", ("###", "#..", "#..", "#..", "###")),
    "D": ("scs", ("##.", "#.#", "#.#", "#.#", "##.")),
    "E": ("scs", ("###", "#..", "##.", "#..", "###")),
    "F": ("scs", ("###", "#..", "##.", "#..", "#..")),
    "G": ("scs", ("###", "#..", "#.#", "#.#", "###")),
    "H": ("scs", ("#.#", "#.#", "###", "#.#", "#.#")),
    "I": ("lsr", ("###", ".#.", ".#.", ".#.", "###")),
    "J": ("scs", ("..#", "..#", "..#", "#.#", "###")),
    "K": ("scs", ("#.#", "#.#", "##.", "#.#", "#.#")),
    "L": ("scs", ("#..", "#..", "#..", "#..", "###")),
    "M": ("scscs", ("#####", "#.#.#", "#.#.#", "#...#", "#...#")),
    "N": ("scs", ("###", "#.#", "#.#", "#.#", "#.#")),
    "O": ("scs", ("###", "#.#", "#.#", "#.#", "###")),
    "P": ("scs", ("###", "#.#", "###", "#..", "#..")),
    "Q": ("scs", ("###", "#.#", "#.#", "###", "..#")),
    "R": ("scs", ("###", "#.#", "##.", "#.#", "#.#")),
    "S": ("scs", ("###", "#..", "###", "..#", "###")),
    "T": ("lsr", ("###", ".#.", ".#.", ".#.", ".#.")),
    "U": ("scs", ("#.#", "#.#", "#.#", "#.#", "###")),
    "V": ("scs", ("#.#", "#.#", "#.#", "#.#", ".#.")),
    "W": ("scscs", ("#...#", "#...#", "#.#.#", "#.#.#", "#####")),
    "X": ("scs", ("#.#", "#.#", ".#.", "#.#", "#.#")),
    "Y": ("scs", ("#.#", "#.#", "###", ".#.", ".#.")),
    "Z": ("scs", ("###", "..#", ".#.", "#..", "###")),
}
_GLYPHS.update(_LETTERS)
_SLASH = "/"
_DRAWABLE = frozenset(_GLYPHS) | {_SLASH}


@dataclass(frozen=True)
class _Metrics:
    """How big each part of a glyph is at one size; heights in half rows, widths in columns."""

    bands: tuple[int, int, int, int, int]
    stroke: int
    counter: int
    gap: int

    @classmethod
    def for_rows(cls, rows: int) -> _Metrics:
        # A half row is about as tall as a column is wide, so one stroke value serves both ways.
        pixels = rows * 2
        stroke = max(2, round(pixels / 6))
        upper = (pixels - 3 * stroke) // 2
        lower = pixels - 3 * stroke - upper
        counter = max(2, round(pixels * 0.67) - 2 * stroke)
        return cls((stroke, upper, stroke, lower, stroke), stroke, counter, (stroke + 1) // 2)

    def column(self, letter: str) -> int:
        left = (self.stroke + self.counter) // 2
        widths = {"s": self.stroke, "c": self.counter, "l": left}
        return widths.get(letter, self.stroke + self.counter - left)

    def width(self, character: str) -> int:
        if character == _SLASH:
            return self.stroke + self.counter
        return sum(self.column(letter) for letter in _GLYPHS[character][0])


_Bitmap = list[list[bool]]


def _draw_glyph(character: str, metrics: _Metrics) -> _Bitmap:
    """Draw one character as rows of pixels, each a column wide and half a row tall."""
    height = sum(metrics.bands)
    width = metrics.width(character)
    pixels = [[False] * width for _ in range(height)]
    if character == _SLASH:
        for y in range(height):
            start = round((height - 1 - y) * (width - metrics.stroke) / (height - 1))
            pixels[y][start : start + metrics.stroke] = [True] * metrics.stroke
        return pixels
    letters, rows = _GLYPHS[character]
    top = 0
    for band, row in zip(metrics.bands, rows, strict=True):
        left = 0
        for letter, cell in zip(letters, row, strict=True):
            cell_width = metrics.column(letter)
            filled = range(top, top + band)
            if cell == "o":
                dot = min(band, metrics.stroke)
                filled = range(top + (band - dot) // 2, top + (band - dot) // 2 + dot)
            if cell != ".":
                for y in filled:
                    pixels[y][left : left + cell_width] = [True] * cell_width
            left += cell_width
        top += band
    return pixels


def _to_half_blocks(pixels: _Bitmap) -> tuple[str, ...]:
    """Pack each pair of pixel rows into one row of full and half blocks."""
    blocks = {(True, True): "█", (True, False): "▀", (False, True): "▄", (False, False): " "}
    return tuple(
        "".join(blocks[pair] for pair in zip(upper, lower, strict=True))
        for upper, lower in zip(pixels[::2], pixels[1::2], strict=True)
    )


def _block_width(text: str, rows: int) -> int:
    metrics = _Metrics.for_rows(rows)
    return sum(metrics.width(character) for character in text) + metrics.gap * (len(text) - 1)


@lru_cache(maxsize=256)
def _block_lines(text: str, rows: int) -> tuple[str, ...]:
    """Render the text in block glyphs `rows` tall; cached because a clock repeats itself."""
    metrics = _Metrics.for_rows(rows)
    canvas: _Bitmap = [[] for _ in range(rows * 2)]
    for index, character in enumerate(text):
        glyph = _draw_glyph(character, metrics)
        for canvas_row, glyph_row in zip(canvas, glyph, strict=True):
            canvas_row.extend([False] * (metrics.gap if index else 0) + glyph_row)
    return _to_half_blocks(canvas)


_DIGITS_SLASH = ("  ╱", " ╱ ", "╱  ")
"""Textual's `Digits` puts an unknown character on its bottom row; a rep count wants it centred."""


@lru_cache(maxsize=32)
def _digits_glyph(character: str) -> tuple[str, ...]:
    if character == _SLASH:
        return _DIGITS_SLASH
    # Textual's bold table has the heavier strokes, which read better from across a room.
    segments = DigitsRenderable(character).render(Style(bold=True))
    lines = "".join(seg.text for seg in segments if isinstance(seg, Segment)).splitlines()
    return tuple(line.ljust(DigitsRenderable.get_width(character)) for line in lines)


@lru_cache(maxsize=64)
def _digits_lines(text: str) -> tuple[str, ...]:
    glyphs = [_digits_glyph(character) for character in text]
    return tuple("".join(row) for row in zip(*glyphs, strict=True))


@lru_cache(maxsize=256)
def _fitting_height(text: str, size: Size) -> int:
    """The tallest rendering of `text` that fits in `size`, or 0 if not even plain text fits."""
    if text and set(text) <= _DRAWABLE:
        for rows in GLYPH_HEIGHTS:
            if rows <= size.height and _block_width(text, rows) <= size.width:
                return rows
        digits = not set(text) & set(_LETTERS)  # Textual's `Digits` draws few letters
        if digits and size.height >= DIGITS_HEIGHT and len(_digits_lines(text)[0]) <= size.width:
            return DIGITS_HEIGHT
    return PLAIN_HEIGHT if size.height >= PLAIN_HEIGHT else 0


def _lines_at(text: str, height: int) -> tuple[str, ...]:
    if height == 0:
        return ()
    if height == PLAIN_HEIGHT:
        return (text,)
    if height == DIGITS_HEIGHT:
        return _digits_lines(text)
    return _block_lines(text, height)


def _height_for(text: str, widest: str, size: Size) -> int:
    height = _fitting_height(text, size)
    return min(height, _fitting_height(widest, size)) if widest else height


def drawn_row(text: str, widest: str, size: Size, y: int) -> str:
    """Row `y` of `text` drawn centred in `size`, without the padding on its right."""
    lines = _lines_at(text, _height_for(text, widest, size))
    row = y - (size.height - len(lines)) // 2
    line = lines[row] if 0 <= row < len(lines) else ""
    indent = max(0, (size.width - len(line)) // 2)
    return " " * indent + line


def changed_region(old: str, new: str, widest: str, size: Size) -> Region | None:
    """The cells that differ between `old` and `new` drawn in `size`; None when it is simpler
    to repaint them all (the glyphs changed size, or the text its width)."""
    height = _height_for(new, widest, size)
    if _height_for(old, widest, size) != height:
        return None
    before, after = _lines_at(old, height), _lines_at(new, height)
    if not after or len(before[0]) != len(after[0]):
        return None
    changed = [
        column
        for old_row, new_row in zip(before, after, strict=True)
        for column, (was, now) in enumerate(zip(old_row, new_row, strict=True))
        if was != now
    ]
    if not changed:
        return None
    top = (size.height - len(after)) // 2
    left = max(0, (size.width - len(after[0])) // 2) + min(changed)
    return Region(left, top, max(changed) - min(changed) + 1, len(after))


class BigTime(Widget):
    """A short run of digits, capitals and symbols ("1:23", "7 / 15", "LEFT") drawn as large
    as fits.

    It picks the tallest block-glyph size whose width and height fit its content region, and falls
    back to Textual's three-row `Digits` glyphs and then to plain text as the space shrinks. The
    glyphs are centred both ways and take their colour from the `color` style.
    """

    DEFAULT_CSS = """
    BigTime {
        width: 1fr;
        height: 1fr;
        color: $foreground;
    }
    """

    value: reactive[str] = reactive("", repaint=False)
    """The text to show; only digits, capitals A–Z, spaces and `: / . - +` get big glyphs (any
    other character drops the whole value to plain text). A change repaints
    only the cells it alters (`watch_value`)."""
    widest: reactive[str] = reactive("")
    """The widest text this timer will show, such as "00:00". The size is chosen so that it fits
    too, which keeps the glyphs from growing when "10:00" becomes "9:59". Empty: fit the value."""

    def __init__(
        self,
        value: str = "",
        *,
        widest: str = "",
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.set_reactive(BigTime.value, value)
        self.set_reactive(BigTime.widest, widest)

    @property
    def glyph_height(self) -> int:
        """How many rows the value is drawn in now: a block size, 3 for `Digits`, 1 for plain."""
        return self._height_within(self.size)

    @property
    def lines(self) -> tuple[str, ...]:
        """The value as drawn at the current size, before centring."""
        return _lines_at(self.value, self.glyph_height)

    def _height_within(self, size: Size) -> int:
        return _height_for(self.value, self.widest, size)

    def watch_value(self, old: str, new: str) -> None:
        self._mark_plain()
        # A countdown mostly changes its last digit: repainting that glyph's cells, not the
        # whole timer, is most of what keeps an idle hold cheap.
        region = changed_region(old, new, self.widest, self.size)
        self.refresh(*([region] if region else []))

    def on_resize(self) -> None:
        self._mark_plain()

    def _mark_plain(self) -> None:
        """`-plain` while the value is drawn as plain text (too long, or a letter without a
        glyph), so a style can make up for the small letters, e.g. with a solid block."""
        self.set_class(self.glyph_height == PLAIN_HEIGHT, "-plain")

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return self._height_within(Size(width, container.height))

    def render_line(self, y: int) -> Strip:
        style = self.visual_style.rich_style
        width = self.size.width
        row = drawn_row(self.value, self.widest, self.size, y)
        if self.glyph_height == PLAIN_HEIGHT:  # any text: measure it
            return Strip([Segment(row, style)]).adjust_cell_length(width, style)
        # Glyph rows are one cell per character: pad by length, without measuring each cell.
        return Strip([Segment(row[:width].ljust(width), style)], width)
