"""Parsing and formatting of the durations, ranges and counts a routine file is written in."""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "MAX",
    "CountRange",
    "DurationRange",
    "format_clock",
    "format_duration",
    "format_length",
    "parse_count_range",
    "parse_duration",
    "parse_duration_range",
    "shown",
]

MAX = "max"
"""The word a routine uses for "to fatigue": no fixed target, the user says when it is done."""

_UNITS = re.compile(r"^(?:(?P<h>\d+)h)?(?:(?P<m>\d+)m)?(?:(?P<s>\d+(?:\.\d+)?)s)?$")
_CLOCK = re.compile(r"^(?:(?P<h>\d+):)?(?P<m>\d+):(?P<s>[0-5]\d)$")
DURATION_EXAMPLE = '"45s", "2m", "2m30s" or "1:30"'


def shown(value: object) -> str:
    """A value as the person typed it: text in double quotes, numbers bare."""
    return f'"{value}"' if isinstance(value, str) else repr(value)


def parse_duration(value: object) -> float:
    """Seconds in a duration written as 45, "45s", "2m", "2m30s", "1h", "1:30" or "1:00:00".

    Raises ValueError with a message a person can act on.
    """
    if isinstance(value, bool):
        raise ValueError(f"{shown(value)} is not a duration; write {DURATION_EXAMPLE}")
    if isinstance(value, int | float):
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
    if text.isdigit():
        return float(text)
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
        if not all(bound.isdigit() for bound in bounds):
            raise ValueError(f'"{value}" is not a range of {what}; write {example}')
        low, high = (int(bound) for bound in bounds)
        if low > high:
            raise ValueError(
                f'"{value}" runs backwards; the smaller bound comes first, e.g. {example}'
            )
    elif isinstance(value, str) and value.strip().isdigit():
        low = high = int(value)
    else:
        hint = (
            f'; write a range with two dots, "{value.replace("-", "..")}"'
            if isinstance(value, str) and "-" in value
            else f"; write {example}"
        )
        raise ValueError(f"{shown(value)} is not a number of {what}{hint}")
    if low < 1:
        raise ValueError(f"{shown(value)} {what} is too few; write at least 1, e.g. {example}")
    return CountRange(low, high)


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


def format_length(seconds: float) -> str:
    """How long a session took, the same in the summary, the history and everywhere else:
    "45s", "3m 32s", "1h 05m". Never "0m" for a short one."""
    total = max(0, round(seconds))
    if total < 60:
        return f"{total}s"
    minutes, secs = divmod(total, 60)
    if minutes < 60:
        return f"{minutes}m {secs:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h {minutes:02d}m"
