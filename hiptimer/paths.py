"""The one place that decides where hiptimer keeps user data: $HIPTIMER_HOME, else platformdirs."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_path

__all__ = ["config_file", "data_home", "history_file", "user_routines_dir"]

HOME_VARIABLE = "HIPTIMER_HOME"


def data_home() -> Path:
    """The folder for all of hiptimer's user data: config, user routines and history."""
    override = os.environ.get(HOME_VARIABLE)
    if override:
        return Path(override).expanduser()
    return user_data_path("hiptimer", appauthor=False)


def user_routines_dir() -> Path:
    return data_home() / "routines"


def history_file() -> Path:
    return data_home() / "history.sqlite3"


def config_file() -> Path:
    return data_home() / "config.toml"
