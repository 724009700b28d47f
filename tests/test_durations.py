"""Durations, ranges and counts as a routine file writes them."""

from __future__ import annotations

import pytest

from hiptimer.routines import CountRange, DurationRange, format_duration, schema
from hiptimer.routines.durations import (
    parse_count_range,
    parse_duration,
    parse_duration_range,
)


@pytest.mark.parametrize(
    ("written", "seconds"),
    [
        ("45s", 45),
        ("2m", 120),
        ("2m30s", 150),
        ("1:30", 90),
        ("1:00:00", 3600),
        ("1h", 3600),
        (" 2m 30s ", 150),
        ("90", 90),
        (90, 90),
        (0, 0),
        ("0s", 0),
        (2.5, 2.5),
    ],
)
def test_a_duration_is_read_as_seconds(written: object, seconds: float) -> None:
    assert parse_duration(written) == seconds


@pytest.mark.parametrize("written", ["2 minutes", "1:75", "", "m", True, [30]])
def test_a_bad_duration_says_how_to_write_one(written: object) -> None:
    with pytest.raises(ValueError, match=r'write "45s", "2m", "2m30s" or "1:30"'):
        parse_duration(written)


@pytest.mark.parametrize("written", ["-5s", -5])
def test_a_negative_duration_is_called_negative(written: object) -> None:
    with pytest.raises(ValueError, match=r'is negative; a duration is 0 or more, e.g. "45s"'):
        parse_duration(written)


@pytest.mark.parametrize("field", ["rest", "switch"])
def test_zero_is_allowed_for_rest_and_switch(field: str) -> None:
    exercise = schema.Exercise.model_validate({"name": "Clam", "reps": 10, field: 0})
    assert getattr(exercise, field) == 0


def test_zero_is_allowed_for_get_ready() -> None:
    routine = schema.validate_routine(
        {"name": "R", "get_ready": "0s", "exercise": [{"name": "Clam", "reps": 10}]}
    )
    assert routine.get_ready == 0


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("2m..3m", DurationRange(120, 180)),
        ("30s", DurationRange(30, 30)),
        (45, DurationRange(45, 45)),
        ("1:30..2:00", DurationRange(90, 120)),
        ("max", DurationRange(0, 0, is_max=True)),
    ],
)
def test_a_hold_is_a_duration_a_range_or_max(written: object, expected: DurationRange) -> None:
    assert parse_duration_range(written) == expected


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("3m..2m", r'"3m..2m" runs backwards; the smaller bound comes first, e.g. "2m..3m"'),
        (0, r"a hold lasts more than 0s"),
        ("0s..0s", r"a hold lasts more than 0s"),
        ("2m..soon", r'"soon" is not a duration'),
    ],
)
def test_a_bad_hold_is_explained(written: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_duration_range(written)


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        (15, CountRange(15, 15)),
        ("15", CountRange(15, 15)),
        ("3..6", CountRange(3, 6)),
        ("8 .. 12", CountRange(8, 12)),
    ],
)
def test_reps_are_a_count_or_a_range(written: object, expected: CountRange) -> None:
    assert parse_count_range(written) == expected


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("6..3", r'"6..3" runs backwards'),
        (0, r"reps is too few; write at least 1"),
        ("0..3", r"reps is too few; write at least 1"),
        (2.5, r"not a whole number of reps"),
        ("max", r'"max" is not allowed for reps'),
        ("3-6", r"not a number of reps"),
    ],
)
def test_a_bad_count_is_explained(written: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_count_range(written)


def test_max_reps_are_allowed_where_the_format_allows_them() -> None:
    assert parse_count_range("max", allow_max=True).is_max


def test_ranges_read_back_as_a_runner_writes_them() -> None:
    assert str(DurationRange(120, 180)) == "2m..3m"
    assert str(CountRange(3, 6)) == "3–6"
    assert str(CountRange(12, 12)) == "12"


@pytest.mark.parametrize(("seconds", "written"), [(0, "0s"), (45, "45s"), (150, "2m30s")])
def test_durations_print_as_a_file_writes_them(seconds: float, written: str) -> None:
    assert format_duration(seconds) == written
    assert parse_duration(written) == seconds
