"""Parsing and formatting of the durations, ranges and counts a routine file is written in."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

__all__ = [
    "MAX",
    "MAX_COUNTS",
    "MAX_SECONDS",
    "CountRange",
    "DurationRange",
    "counted",
    "format_clock",
    "format_duration",
    "parse_count_range",
    "parse_duration",
    "parse_duration_range",
    "shown",
]

MAX = "max"
"""The word a routine uses for "to fatigue": no fixed target, the user says when it is done."""

MAX_SECONDS = 24 * 3600.0
"""The longest duration anywhere in a routine or config, and the longest session: 24 hours."""
MAX_COUNTS = {"reps": 1000, "sets": 100, "rounds": 100}
"""The most reps, sets or rounds one exercise or circuit may ask for."""

# ASCII digits only: str.isdigit and \d also take "²" and "٣", which float() and int() may not.
_UNITS = re.compile(
    r"^(?:(?P<h>\d{1,6})h)?(?:(?P<m>\d{1,7})m)?(?:(?P<s>\d{1,9}(?:\.\d{1,9})?)s)?$", re.ASCII
)
_CLOCK = re.compile(r"^(?:(?P<h>\d{1,6}):)?(?P<m>\d{1,7}):(?P<s>[0-5]\d)$", re.ASCII)
_DIGITS = re.compile(r"^\d+$", re.ASCII)
_LARGE = 10**12
DURATION_EXAMPLE = '"45s", "2m", "2m30s" or "1:30"'


def shown(value: object) -> str:
    """A value as the person typed it: text in double quotes, numbers bare."""
    if isinstance(value, str):
        return f'"{value}"' if len(value) <= 60 else f'"{value[:57]}…"'
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= _LARGE:
        return "a number far too large" if value > 0 else "a number far too small"
    return repr(value)


def parse_duration(value: object) -> float:
    """Seconds in a duration written as 45, "45s", "2m", "2m30s", "1h", "1:30" or "1:00:00".

    At most 24 hours (`MAX_SECONDS`). Raises ValueError with a message a person can act on.
    """
    return _bounded(_seconds(value), value)


def _seconds(value: object) -> float:
    if isinstance(value, bool):
        raise ValueError(f"{shown(value)} is not a duration; write {DURATION_EXAMPLE}")
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            raise ValueError(f"{shown(value)} is not a duration; write {DURATION_EXAMPLE}")
        if value > MAX_SECONDS:
            return math.inf  # float() of a 400-digit int would overflow
        if value < 0:
            raise ValueError(
                f"{value} is negative; a duration is 0 or more, e.g. {DURATION_EXAMPLE}"
            )
        return float(value)
    if not isinstance(value, str):
        raise ValueError(f"{shown(value)} is not a duration; write {DURATION_EXAMPLE}")
    text = value.strip().lower().replace(" ", "")
    if text.startswith("-"):
        raise ValueError(f'"{value}" is negative; a duration is 0 or more, e.g. {DURATION_EXAMPLE}')
    if _DIGITS.match(text):
        return float(text)  # far too many digits read as inf, which `_bounded` refuses
    match = _UNITS.match(text) if text else None
    if match and any(match.groupdict().values()):
        parts = match.groupdict()
    else:
        match = _CLOCK.match(text)
        if not match:
            raise ValueError(f'"{value}" is not a duration; write {DURATION_EXAMPLE}')
        parts = match.groupdict()
    hours, minutes, seconds = (float(parts[key] or 0) for key in ("h", "m", "s"))
    return hours * 3600 + minutes * 60 + seconds


def _bounded(seconds: float, value: object) -> float:
    if seconds > MAX_SECONDS:
        raise ValueError(
            f'{shown(value)} is longer than 24h; hiptimer times at most 24h ("24h" or 86400)'
        )
    return seconds


@dataclass(frozen=True)
class DurationRange:
    """A hold's length: fixed (low == high), a range "2m..3m", or to fatigue (`is_max`)."""

    low: float
    high: float
    is_max: bool = False

    @property
    def is_range(self) -> bool:
        return not self.is_max and self.low < self.high

    def __str__(self) -> str:
        if self.is_max:
            return "max"
        if self.is_range:
            return f"{format_duration(self.low)}..{format_duration(self.high)}"
        return format_duration(self.high)

    @property
    def clock_text(self) -> str:
        """ "2:00–3:00", "0:30" or "max" – as a runner reads a hold."""
        if self.is_max:
            return "max"
        if self.is_range:
            return f"{format_clock(self.low)}–{format_clock(self.high)}"
        return format_clock(self.high)


@dataclass(frozen=True)
class CountRange:
    """A number of reps, sets or rounds: fixed (low == high), a range "3..6", or to fatigue."""

    low: int
    high: int
    is_max: bool = False

    @property
    def is_range(self) -> bool:
        return not self.is_max and self.low < self.high

    def __str__(self) -> str:
        if self.is_max:
            return "max"
        return f"{self.low}–{self.high}" if self.is_range else str(self.high)


def _split_range(value: str) -> tuple[str, str] | None:
    if ".." not in value:
        return None
    low, _, high = value.partition("..")
    return low.strip(), high.strip()


def parse_duration_range(value: object, *, allow_max: bool = True) -> DurationRange:
    """A duration, a range "A..B" with A ≤ B, or "max"."""
    if isinstance(value, str) and value.strip().lower() == MAX:
        if not allow_max:
            raise ValueError('"max" is not allowed here; write a duration such as "45s"')
        return DurationRange(0.0, 0.0, is_max=True)
    if isinstance(value, str) and (bounds := _split_range(value)):
        low, high = (parse_duration(bound) for bound in bounds)
        if low > high:
            raise ValueError(
                f'"{value}" runs backwards; the smaller bound comes first, e.g. "2m..3m"'
            )
        if high <= 0:
            raise ValueError(f'"{value}" is empty; a hold lasts more than 0s, e.g. "2m..3m"')
        return DurationRange(low, high)
    seconds = parse_duration(value)
    if seconds <= 0:
        raise ValueError(
            f'{shown(value)} is no time; a hold lasts more than 0s, e.g. "30s" or "2m..3m"'
        )
    return DurationRange(seconds, seconds)


def parse_count_range(value: object, *, allow_max: bool = False, what: str = "reps") -> CountRange:
    """A whole number ≥ 1, a range "A..B" with 1 ≤ A ≤ B, or (where allowed) "max"."""
    example = '12 or "8..12"' if what == "reps" else '3 or "3..4"'
    if isinstance(value, str) and value.strip().lower() == MAX:
        if not allow_max:
            raise ValueError(f'"max" is not allowed for {what}; write {example}')
        return CountRange(0, 0, is_max=True)
    if isinstance(value, bool | float):
        raise ValueError(f"{shown(value)} is not a whole number of {what}; write {example}")
    if isinstance(value, int):
        low = high = value
    elif isinstance(value, str) and (bounds := _split_range(value)):
        if not all(_DIGITS.match(bound) for bound in bounds):
            raise ValueError(f'"{value}" is not a range of {what}; write {example}')
        low, high = (_whole(bound) for bound in bounds)
        if low > high:
            raise ValueError(
                f'"{value}" runs backwards; the smaller bound comes first, e.g. {example}'
            )
    elif isinstance(value, str) and _DIGITS.match(value.strip()):
        low = high = _whole(value.strip())
    else:
        hint = (
            f'; write a range with two dots, "{value.replace("-", "..")}"'
            if isinstance(value, str) and "-" in value
            else f"; write {example}"
        )
        raise ValueError(f"{shown(value)} is not a number of {what}{hint}")
    if low < 1:
        raise ValueError(f"{shown(value)} {what} is too few; write at least 1, e.g. {example}")
    most = MAX_COUNTS.get(what, MAX_COUNTS["reps"])
    if high > most:
        raise ValueError(f"{shown(value)} {what} is too many; write at most {most}, e.g. {example}")
    return CountRange(low, high)


def _whole(digits: str) -> int:
    # int() refuses more than 4300 digits; any count past the bounds reads the same
    return int(digits) if len(digits) <= 12 else _LARGE


def format_duration(seconds: float) -> str:
    """Seconds as a routine file would write them: "45s", "2m", "2m30s", "1h5m"."""
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [
        f"{hours}h" if hours else "",
        f"{minutes}m" if minutes else "",
        f"{secs}s" if secs else "",
    ]
    return "".join(parts) or "0s"


def format_clock(seconds: float) -> str:
    """Whole seconds as a timer shows them: M:SS, or H:MM:SS from an hour up (truncates)."""
    total = max(0, int(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def counted(count: int, word: str) -> str:
    """ "1 exercise", "3 exercises": a count with its word, singular for one."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"
