"""The user's settings in config.toml: validated key by key, read leniently, saved atomically."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from hiptimer.domain.clock import AfterSuspend  # one enum: the engine acts on it
from hiptimer.domain.coach.programme import PLANS, Season
from hiptimer.paths import config_file
from hiptimer.routines.durations import format_duration
from hiptimer.routines.files import FileRefused, load_toml, read_limited, write_atomically
from hiptimer.routines.plan import PlanDefaults
from hiptimer.safe_text import visible

__all__ = [
    "AfterSuspend",
    "Season",
    "Settings",
    "SettingsProblem",
    "load_settings",
    "save_settings",
    "settings_to_toml",
]


_DEFAULTS = PlanDefaults()
_DURATIONS = ("get_ready", "switch", "rest", "seconds_per_rep")
MAX_CONFIG_BYTES = 256 * 1024
"""config.toml is a screenful of keys; a file far larger than that is not one."""


@dataclass(frozen=True)
class Settings:
    """Everything in config.toml. Every key has a default, so an empty file is a valid one.

    `check.SettingsFile` holds each key's bounds; these are the values once checked."""

    sound: bool = True
    voice: bool = False
    """Speak milestones aloud (exercise, "switch to right side", "halfway", "rest")."""
    audio_lead_ms: int = 80
    """Play each cue this early, so a sound's start-up latency does not make it land late."""
    get_ready: float = _DEFAULTS.get_ready
    switch: float = _DEFAULTS.switch
    rest: float = _DEFAULTS.rest
    seconds_per_rep: float = _DEFAULTS.seconds_per_rep
    """Estimate for a rep without a tempo, used for session lengths."""
    season: Season = Season.IN_SEASON
    """Where the runner is in the year; picks the built-in plan `hiptimer today` follows."""
    sessions_per_week: int | None = None
    """The plan's sessions a week, and so the weekly goal and streak; None: the season's own."""
    training_days: list[str] = field(default_factory=list)
    """Days to train on ("mon" … "sun"); empty: any day, with rest days spread between."""
    weight_unit: Literal["kg", "lb"] = "kg"
    """The unit loads are logged in."""
    theme: str = "hiptimer"
    keymap: dict[str, str] = field(default_factory=dict)
    """Binding id → keys, passed to Textual's `set_keymap`: { "session.skip" = "n,right" }."""
    after_suspend: AfterSuspend = AfterSuspend.ASK
    keep_awake: bool = True
    """Stop the machine idling to sleep while a session runs."""

    def __post_init__(self) -> None:
        for name in _DURATIONS:  # seconds as the check gives them, however they were passed
            object.__setattr__(self, name, float(getattr(self, name)))

    @property
    def weekly_goal(self) -> int:
        """Sessions a week by the plan: the goal the history and streak count towards."""
        return self.sessions_per_week or PLANS[self.season].sessions

    def plan_defaults(self) -> PlanDefaults:
        """The values a routine may leave out, as this user set them."""
        return PlanDefaults(
            get_ready=self.get_ready,
            switch=self.switch,
            rest=self.rest,
            seconds_per_rep=self.seconds_per_rep,
        )


@dataclass(frozen=True)
class SettingsProblem:
    """One thing wrong in config.toml, fit to print on one line. hiptimer carries on regardless."""

    file: str
    key: str
    """The key at fault, "keymap.skip" inside a table, or "" for the file as a whole."""
    message: str

    def __str__(self) -> str:
        place = f"`{self.key}` " if self.key else ""
        return f"{self.file}: {place}{self.message}"


def load_settings(path: Path | None = None) -> tuple[Settings, list[SettingsProblem]]:
    """The settings in `path` (default: config.toml), and a problem for each key that was ignored.

    Never raises for a bad file: a missing file gives the defaults silently, an unreadable or
    broken one gives all defaults and one problem, and a bad key falls back to its own default
    while the good keys still apply. The file is never written here; a text checked whole is
    remembered in the data folder (`settings.remembered`), so it is not checked again unchanged.
    """
    path = path or config_file()
    file = visible(str(path))
    try:
        text = _read(path)
    except FileNotFoundError:
        return Settings(), []
    except ValueError as error:
        return _all_defaults(file, error)
    from hiptimer.settings.remembered import recall, remember  # only for a file

    if (remembered := recall(text)) is not None:
        return remembered, []  # this very text, checked whole on an earlier run
    try:
        data = load_toml(text)
    except ValueError as error:
        return _all_defaults(file, error)
    from hiptimer.settings.check import validate_leniently  # pydantic: only for a new text

    settings, problems = validate_leniently(file, data)
    if not problems:  # a file with a problem is checked, and shows it, every time
        remember(text, settings)
    return settings, problems


def _all_defaults(file: str, error: ValueError) -> tuple[Settings, list[SettingsProblem]]:
    """A file that cannot be read at all: every default, and one problem saying why."""
    return Settings(), [SettingsProblem(file, "", f"{error}; using all defaults")]


def _read(path: Path) -> str:
    """The config's text; ValueError says in one line why it cannot be read."""
    try:
        return read_limited(path, MAX_CONFIG_BYTES).decode("utf-8")
    except UnicodeDecodeError:
        raise ValueError("cannot be read (it is not UTF-8 text)") from None
    except FileRefused as error:
        raise ValueError(str(error)) from None


def settings_to_toml(settings: Settings) -> str:
    """The settings as config.toml text, every key written out, read back by `load_settings`."""
    lines = ["# hiptimer settings. Edit by hand or from the settings screen (both are fine)."]
    for key in (item.name for item in fields(Settings)):
        value = getattr(settings, key)
        if key == "sessions_per_week" and value is None:
            lines.append("# sessions_per_week = 4   # unset: the season's own")
        elif key != "keymap":
            lines.append(f"{key} = {toml_value(key, value)}")
    lines += ["", '# Binding id = keys, e.g. "session.skip" = "n,right"', "[keymap]"]
    for binding, keys in sorted(settings.keymap.items()):
        lines.append(f"{_toml_string(binding)} = {_toml_string(keys)}")
    return "\n".join(lines) + "\n"


_DURATION_KEYS = frozenset({"get_ready", "switch", "rest"})


def toml_value(key: str, value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        # Whole seconds read best as "1m30s"; a fraction stays a number so it survives the trip.
        return _toml_string(format_duration(value)) if key in _DURATION_KEYS else str(int(value))
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_string(str(item)) for item in value) + "]"
    return repr(value) if isinstance(value, float) else str(value)


def _toml_string(text: str) -> str:
    # A JSON string is a TOML basic string, except that TOML also wants DEL escaped.
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def save_settings(settings: Settings, path: Path | None = None) -> Path:
    """Write the settings atomically (`write_atomically`: a temporary file, fsync, rename).

    A crash or a full disk leaves the old config.toml whole. A config.toml that cannot be
    parsed is first moved aside to config.toml.broken-<time>, so a hand edit is never lost.
    Returns the path written.
    """
    path = path or config_file()
    _keep_if_broken(path)
    write_atomically(path, settings_to_toml(settings))
    return path


def _keep_if_broken(path: Path) -> Path | None:
    """Move a config.toml that does not parse to config.toml.broken-<UTC time>; None if fine.

    Only a regular file is moved: a folder in its place makes the save fail, as it should.
    """
    if not path.is_file():
        return None
    try:
        load_toml(_read(path))
    except FileNotFoundError:
        return None
    except ValueError:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        kept = path.with_name(f"{path.name}.broken-{stamp}")
        number = 1
        while kept.exists():
            number += 1
            kept = path.with_name(f"{path.name}.broken-{stamp}-{number}")
        os.rename(path, kept)
        return kept
    return None
