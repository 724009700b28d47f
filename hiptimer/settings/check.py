"""The check of config.toml: a pydantic model of every key, and the lenient read that drops
each bad key to its default. Imported only when there is a config.toml to read or a form to save.
"""

from __future__ import annotations

import difflib
import json
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

from hiptimer.domain.clock import AfterSuspend
from hiptimer.domain.coach.programme import WEEKDAYS, Season
from hiptimer.routines.durations import parse_duration
from hiptimer.settings import Settings, SettingsProblem, toml_value

__all__ = ["SettingsFile", "validate_leniently", "validate_settings"]

Seconds = Annotated[float, BeforeValidator(parse_duration)]
"""A duration written as in a routine: 10, "10s", "1m30s" or "1:30"."""

_DEFAULTS = Settings()


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
"""An example of a good value for each key, quoted in its problem."""


class SettingsFile(BaseModel):
    """config.toml's keys with their bounds (each one's meaning is on `Settings`); what it
    accepts becomes a `Settings`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    sound: bool = _DEFAULTS.sound
    voice: bool = _DEFAULTS.voice
    audio_lead_ms: int = Field(default=_DEFAULTS.audio_lead_ms, ge=0, le=1000)
    get_ready: Seconds = Field(default=_DEFAULTS.get_ready, le=600)
    switch: Seconds = Field(default=_DEFAULTS.switch, le=600)
    rest: Seconds = Field(default=_DEFAULTS.rest, le=3600)
    seconds_per_rep: Seconds = Field(default=_DEFAULTS.seconds_per_rep, gt=0, le=60)
    season: Season = _DEFAULTS.season
    sessions_per_week: int | None = Field(default=_DEFAULTS.sessions_per_week, ge=1, le=14)
    training_days: list[str] = Field(default_factory=list, max_length=7)
    weight_unit: Literal["kg", "lb"] = _DEFAULTS.weight_unit
    theme: str = Field(default=_DEFAULTS.theme, min_length=1, max_length=100)
    keymap: dict[str, Annotated[str, Field(max_length=200)]] = Field(
        default_factory=dict, max_length=200
    )
    after_suspend: AfterSuspend = _DEFAULTS.after_suspend
    keep_awake: bool = _DEFAULTS.keep_awake

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

    def to_settings(self) -> Settings:
        return Settings(**{name: getattr(self, name) for name in type(self).model_fields})


def validate_settings(data: dict[str, Any]) -> Settings:
    """The settings in `data`; ValidationError names each key that is wrong."""
    return SettingsFile.model_validate(data).to_settings()


def validate_leniently(file: str, data: dict[str, Any]) -> tuple[Settings, list[SettingsProblem]]:
    problems: list[SettingsProblem] = []
    if "weekly_goal" in data:  # the old name: a bad value is then reported, and dropped, by the new
        data = {
            ("sessions_per_week" if key == "weekly_goal" else key): v for key, v in data.items()
        }
    # Each pass drops the keys pydantic rejected; every key has a default, so two passes settle it.
    for _attempt in range(3):
        try:
            return validate_settings(data), problems
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
    known = list(SettingsFile.model_fields)
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
    if key not in SettingsFile.model_fields:
        return "none"
    value = getattr(_DEFAULTS, key)
    return toml_value(key, value) if not isinstance(value, dict) else "no overrides"
