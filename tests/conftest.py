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
