"""The one place that decides where hiptimer keeps user data: $HIPTIMER_HOME, else platformdirs."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_path

__all__ = ["config_file", "data_home", "history_file", "private_folder", "user_routines_dir"]

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


def private_folder(folder: Path) -> Path:
    """Make hiptimer's own folder (and any it lies in that hiptimer makes) readable by the
    runner alone, 0700: the history says when and how someone trains. An existing folder that
    is hiptimer's data home is tightened too; one that cannot be changed is left as it is."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        if folder.stat().st_mode & 0o077:
            folder.chmod(0o700)
    except OSError:
        pass
    return folder
