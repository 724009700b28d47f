"""The weight a runner types on the preview or the summary: a number in bounds, or a sentence."""

from __future__ import annotations

import pytest

from hiptimer.domain.results import parse_weight


@pytest.mark.parametrize(("typed", "weight"), [("12.5", 12.5), (" 12,5 ", 12.5), ("0", 0.0)])
def test_a_typed_weight_is_read_with_a_point_or_a_comma(typed: str, weight: float) -> None:
    assert parse_weight(typed) == weight


def test_nothing_typed_is_no_weight() -> None:
    assert parse_weight("  ") is None


@pytest.mark.parametrize("typed", ["nan", "inf", "-1", "1e9", "1001", "twelve", "[/]"])
def test_anything_else_is_refused_with_the_bounds_and_what_was_typed(typed: str) -> None:
    with pytest.raises(ValueError, match="is not a weight") as refused:
        parse_weight(typed)
    assert f'"{typed}"' in str(refused.value) and "from 0 to 1000" in str(refused.value)
