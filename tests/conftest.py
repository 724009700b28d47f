"""Shared test setup: no test ever touches the real user data folder."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def hiptimer_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point HIPTIMER_HOME at a fresh folder for every test."""
    home = tmp_path / "hiptimer-home"
    monkeypatch.setenv("HIPTIMER_HOME", str(home))
    return home


@pytest.fixture(autouse=True)
def quick_poll(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests move a fake clock by hand, so the session screen cannot know when the next second
    comes; polling often lets `caught_up` return soon. The real cadence is the benchmark's."""
    from hiptimer.screens.session import SessionScreen

    monkeypatch.setattr(SessionScreen, "POLL_SECONDS", 0.05)


@pytest.fixture(autouse=True)
def no_real_inhibitor(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """No session in a test starts the machine's own systemd-inhibit: where it cannot reach
    D-Bus, its notice would land on a screen at a moment no test chose. The keep-awake tests
    (test_alerts) put their own fake inhibitor on the PATH and keep the real lookup."""
    if request.module.__name__.endswith("test_alerts"):
        return
    from hiptimer.alerts import keep_awake

    monkeypatch.setattr(keep_awake, "find_inhibitor", lambda *_, **__: None)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The long tests (marked slow: the 2,000-key mashing scenarios take a minute each) first.

    xdist's worksteal then shares them out while the short ones fill the gaps, instead of one
    worker finishing the last long scenario alone while the other waits. The order is the same
    in every worker, as xdist requires: a stable sort of the collected order.
    """
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)
