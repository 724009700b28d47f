"""The user's settings in config.toml: validated key by key, read leniently, saved atomically."""

from __future__ import annotations

import difflib
import json
import os
import stat
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import ErrorDetails

from hiptimer.domain.clock import AfterSuspend  # one enum: the engine acts on it
from hiptimer.domain.coach.programme import PLANS, WEEKDAYS, Season
from hiptimer.paths import config_file, private_folder
from hiptimer.routines.durations import format_duration, parse_duration
from hiptimer.routines.files import FileRefused, load_toml, read_limited
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


Seconds = Annotated[float, BeforeValidator(parse_duration)]
"""A duration written as in a routine: 10, "10s", "1m30s" or "1:30"."""

_DEFAULTS = PlanDefaults()
MAX_CONFIG_BYTES = 256 * 1024
"""config.toml is a screenful of keys; a file far larger than that is not one."""


class Settings(BaseModel):
    """Everything in config.toml. Every key has a default, so an empty file is a valid one."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    sound: bool = True
    voice: bool = False
    """Speak milestones aloud (exercise, "switch to right side", "halfway", "rest")."""
    audio_lead_ms: int = Field(default=80, ge=0, le=1000)
    """Play each cue this early, so a sound's start-up latency does not make it land late."""
    get_ready: Seconds = Field(default=_DEFAULTS.get_ready, le=600)
    switch: Seconds = Field(default=_DEFAULTS.switch, le=600)
    rest: Seconds = Field(default=_DEFAULTS.rest, le=3600)
    seconds_per_rep: Seconds = Field(default=_DEFAULTS.seconds_per_rep, gt=0, le=60)
    """Estimate for a rep without a tempo, used for session lengths."""
    season: Season = Season.IN_SEASON
    """Where the runner is in the year; picks the built-in plan `hiptimer today` follows."""
    sessions_per_week: int | None = Field(default=None, ge=1, le=14)
    """The plan's sessions a week, and so the weekly goal and streak; None: the season's own."""
    training_days: list[str] = Field(default_factory=list, max_length=7)
    """Days to train on ("mon" … "sun"); empty: any day, with rest days spread between."""
    weight_unit: Literal["kg", "lb"] = "kg"
    """The unit loads are logged in."""
    theme: str = Field(default="hiptimer", min_length=1, max_length=100)
    keymap: dict[str, Annotated[str, Field(max_length=200)]] = Field(
        default_factory=dict, max_length=200
    )
    """Binding id → keys, passed to Textual's `set_keymap`: { "session.skip" = "n,right" }."""
    after_suspend: AfterSuspend = AfterSuspend.ASK
    keep_awake: bool = True
    """Stop the machine idling to sleep while a session runs."""

    @model_validator(mode="before")
    @classmethod
    def _weekly_goal_is_the_plans(cls, data: Any) -> Any:
        """`weekly_goal`, the old name, is read as the plan's sessions a week."""
        if isinstance(data, dict) and "weekly_goal" in data:
            data = dict(data)
            goal = data.pop("weekly_goal")
            data.setdefault("sessions_per_week", goal)
        return data

    @field_validator("training_days", mode="before")
    @classmethod
    def _days(cls, value: object) -> object:
        if isinstance(value, str):
            value = [part for part in value.replace(",", " ").split() if part]
        if isinstance(value, list):
            days = [str(day).strip().lower()[:3] for day in value]
            wrong = [
                str(day) for day, short in zip(value, days, strict=True) if short not in WEEKDAYS
            ]
            if wrong:
                raise ValueError(f'"{wrong[0]}" is not a day; write days as ["mon", "wed", "fri"]')
            return sorted(set(days), key=WEEKDAYS.index)
        return value

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


EXAMPLES: dict[str, str] = {
    "sound": "sound = true",
    "voice": "voice = false",
    "audio_lead_ms": "audio_lead_ms = 80 (milliseconds, 0 to 1000)",
    "get_ready": 'get_ready = "5s" (at most 10m)',
    "switch": 'switch = "10s" (at most 10m)',
    "rest": 'rest = "1m" (at most 1h)',
    "seconds_per_rep": "seconds_per_rep = 3",
    "season": 'season = "in-season" (or "off-season" or "build-up")',
    "sessions_per_week": "sessions_per_week = 4 (1 to 14; leave it out for the season's own)",
    "training_days": 'training_days = ["mon", "wed", "fri"]',
    "weight_unit": 'weight_unit = "kg" (or "lb")',
    "theme": 'theme = "hiptimer"',
    "keymap": '[keymap] with lines such as "session.skip" = "n"',
    "after_suspend": 'after_suspend = "ask" (or "keep" or "pause")',
    "keep_awake": "keep_awake = true",
}


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
    while the good keys still apply. The file is never written here.
    """
    path = path or config_file()
    file = visible(str(path))
    try:
        data = _read(path)
    except FileNotFoundError:
        return Settings(), []
    except ValueError as error:
        return Settings(), [SettingsProblem(file, "", f"{error}; using all defaults")]
    return _validate_leniently(file, data)


def _read(path: Path) -> dict[str, Any]:
    """The parsed config; ValueError says in one line why it cannot be read."""
    try:
        text = read_limited(path, MAX_CONFIG_BYTES).decode("utf-8")
    except UnicodeDecodeError:
        raise ValueError("cannot be read (it is not UTF-8 text)") from None
    except FileRefused as error:
        raise ValueError(str(error)) from None
    return load_toml(text)


def _validate_leniently(file: str, data: dict[str, Any]) -> tuple[Settings, list[SettingsProblem]]:
    problems: list[SettingsProblem] = []
    if "weekly_goal" in data:  # the old name: a bad value is then reported, and dropped, by the new
        data = {
            ("sessions_per_week" if key == "weekly_goal" else key): v for key, v in data.items()
        }
    # Each pass drops the keys pydantic rejected; every key has a default, so two passes settle it.
    for _attempt in range(3):
        try:
            return Settings.model_validate(data), problems
        except ValidationError as error:
            for details in error.errors():
                problems.append(_problem(file, details))
                data = _without(data, details["loc"])
    return Settings(), problems


def _without(data: dict[str, Any], loc: tuple[int | str, ...]) -> dict[str, Any]:
    """The data without the value at fault: one entry of [keymap], else the whole top-level key."""
    key = str(loc[0]) if loc else ""
    trimmed = {name: value for name, value in data.items() if name != key}
    table = data.get(key)
    if key == "keymap" and len(loc) > 1 and isinstance(table, dict):
        trimmed[key] = {name: value for name, value in table.items() if name != loc[1]}
    return trimmed


def _problem(file: str, details: ErrorDetails) -> SettingsProblem:
    loc = details["loc"]
    key = ".".join(str(part) for part in loc)
    top = str(loc[0]) if loc else ""
    if details["type"] == "extra_forbidden":
        return SettingsProblem(file, key, f"is not a setting, so it is ignored{_suggestion(top)}")
    wrong = _what_is_wrong(details)
    if details["type"] != "value_error":
        # A duration's own message already carries an example.
        wrong += f"; write {EXAMPLES.get(top, '')}"
    if top == "keymap" and len(loc) > 1:
        return SettingsProblem(file, key, f"{wrong}. That binding keeps its usual keys")
    return SettingsProblem(file, key, f"{wrong}. Using the default ({_default_text(top)})")


def _suggestion(key: str) -> str:
    known = list(Settings.model_fields)
    nearest = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    if nearest:
        return f"; did you mean `{nearest[0]}`?"
    return "; the known keys are " + ", ".join(known)


_TYPE_WORDS = {
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "finite_number": "a finite number",
    "string_type": "text in quotes",
    "dict_type": "a table",
    "enum": 'one of "ask", "keep" or "pause"',
    "literal_error": '"kg" or "lb"',
    "list_type": 'a list such as ["mon", "wed"]',
}


def _what_is_wrong(details: ErrorDetails) -> str:
    kind = details["type"]
    shown = _show(details["input"])
    context = details.get("ctx") or {}
    if kind == "value_error":
        return str(details["msg"]).removeprefix("Value error, ")
    if kind == "enum" and "expected" in context:
        return f"{shown} is not one of {str(context['expected']).replace(chr(39), chr(34))}"
    if kind in _TYPE_WORDS:
        return f"{shown} is not {_TYPE_WORDS[kind]}"
    if kind == "greater_than_equal":
        return f"{shown} is less than {_show(context.get('ge'))}"
    if kind == "greater_than":
        return f"{shown} is too small; it must be more than {_show(context.get('gt'))}"
    if kind == "less_than_equal":
        return f"{shown} is more than {_show(context.get('le'))}"
    if kind in ("string_too_long", "too_long"):
        return f"is too long (at most {context.get('max_length')})"
    if kind == "string_too_short":
        return "is empty"
    return f"{shown}: {details['msg']}"


def _show(value: Any) -> str:
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return repr(value)


def _default_text(key: str) -> str:
    field = Settings.model_fields.get(key)
    if field is None:
        return "none"
    value = field.get_default(call_default_factory=True)
    return _toml_value(key, value) if not isinstance(value, dict) else "no overrides"


def settings_to_toml(settings: Settings) -> str:
    """The settings as config.toml text, every key written out, read back by `load_settings`."""
    lines = ["# hiptimer settings. Edit by hand or from the settings screen (both are fine)."]
    for key in Settings.model_fields:
        value = getattr(settings, key)
        if key == "sessions_per_week" and value is None:
            lines.append("# sessions_per_week = 4   # unset: the season's own")
        elif key != "keymap":
            lines.append(f"{key} = {_toml_value(key, value)}")
    lines += ["", '# Binding id = keys, e.g. "session.skip" = "n,right"', "[keymap]"]
    for binding, keys in sorted(settings.keymap.items()):
        lines.append(f"{_toml_string(binding)} = {_toml_string(keys)}")
    return "\n".join(lines) + "\n"


_DURATION_KEYS = frozenset({"get_ready", "switch", "rest"})


def _toml_value(key: str, value: object) -> str:
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
    """Write the settings atomically: a temporary file in the same folder, fsync, then rename.

    A crash or a full disk leaves the old config.toml whole. A config.toml that cannot be
    parsed is first moved aside to config.toml.broken-<time>, so a hand edit is never lost.
    Returns the path written.
    """
    path = path or config_file()
    private_folder(path.parent)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        if path.exists():
            # mkstemp makes the file private; keep whatever mode the user gave the old one.
            os.chmod(temporary, stat.S_IMODE(path.stat().st_mode))
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(settings_to_toml(settings))
            out.flush()
            os.fsync(out.fileno())
        _keep_if_broken(path)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def _keep_if_broken(path: Path) -> Path | None:
    """Move a config.toml that does not parse to config.toml.broken-<UTC time>; None if fine.

    Only a regular file is moved: a folder in its place makes the save fail, as it should.
    """
    if not path.is_file():
        return None
    try:
        _read(path)
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
