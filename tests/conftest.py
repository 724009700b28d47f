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
