"""Every stored snapshot belongs to a test, so a picture left behind by a renamed test fails.

syrupy fails a run that leaves a snapshot unused, but not when pytest-xdist spreads the run over
workers: each worker sees only the tests it ran, and syrupy skips the check there. This test
makes the same check from the files and the test modules, whichever way the suite is run.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

import pytest

SNAPSHOTS = Path(__file__).parent / "__snapshots__"


def parameter_ids(test: Callable[..., object]) -> set[str]:
    """The ids pytest gives a test's parameters, for the ways our snapshot tests name them."""
    ids: set[str] = set()
    for mark in getattr(test, "pytestmark", []):
        if mark.name != "parametrize":
            continue
        names, values = mark.args[0], list(mark.args[1])
        explicit = mark.kwargs.get("ids")
        for index, value in enumerate(values):
            if isinstance(explicit, list | tuple):
                ids.add(str(explicit[index]))
            elif getattr(value, "id", None) is not None:
                ids.add(value.id)
            elif isinstance(names, str) and "," not in names:
                ids.add(str(value.values[0] if hasattr(value, "values") else value))
    return ids


def snapshot_owners() -> list[tuple[str, str, str | None]]:
    """(test module, test name, parameter id or None) for each stored snapshot."""
    owners: list[tuple[str, str, str | None]] = []
    for snapshot in sorted(SNAPSHOTS.glob("*/*.svg")):
        name, _, rest = snapshot.stem.partition("[")
        owners.append((snapshot.parent.name, name, rest.removesuffix("]") or None))
    return owners


def test_there_are_snapshots_to_check() -> None:
    assert len(snapshot_owners()) >= 10


@pytest.mark.parametrize(("module", "name", "parameter"), snapshot_owners())
def test_each_snapshot_has_its_test(module: str, name: str, parameter: str | None) -> None:
    tests = importlib.import_module(f"tests.{module}")
    test = getattr(tests, name, None)
    assert callable(test), f"{module}/{name}: no test of that name in tests/{module}.py"
    if parameter is not None:
        known = parameter_ids(test)
        assert parameter in known, f"{module}/{name}[{parameter}]: the test's ids are {known}"
