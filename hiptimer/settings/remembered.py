"""config.toml as checked on an earlier run, kept by the hash of its text: a runner who saved
settings starts without importing pydantic while the file has not changed.

Only a file the check accepted whole is kept, so a file with a problem shows it on every run. The
entry is also keyed by a hash of the code that checks settings (`code_key`), so a hiptimer that
checks differently never reads this one's answer. The file is hiptimer's own, beside the routine
cache; one that does not read back, or whose values are not of their field's kind, is ignored
and written again after the next check.
"""

from __future__ import annotations

import json
import math
from contextlib import suppress
from dataclasses import fields
from enum import Enum
from functools import cache
from pathlib import Path
from typing import Any

from hiptimer.paths import data_home
from hiptimer.routines.cache import checking_key, text_key
from hiptimer.routines.files import FileRefused, read_limited, write_atomically
from hiptimer.settings import Settings

__all__ = ["code_key", "recall", "remember"]

MAX_BYTES = 64 * 1024
"""The largest remembered file read: a config.toml is at most 256 KB, but its keymap is short."""
FORMAT = 1

_HIPTIMER = Path(__file__).resolve().parents[1]
_CHECKING_CODE = (
    "settings/__init__.py",
    "settings/check.py",
    "settings/remembered.py",
    "routines/durations.py",
    "routines/files.py",
    "domain/clock.py",
    "domain/coach/programme.py",
    "safe_text.py",
)
"""The modules whose code decides what a config.toml checks to (files.py: its TOML reading)."""


@cache
def code_key() -> str | None:
    """The key of the code that checks settings; None where it cannot be read, and then nothing
    is remembered."""
    return checking_key(FORMAT, (_HIPTIMER / name for name in _CHECKING_CODE))


def _path() -> Path:
    return data_home() / "cache" / "settings.json"


def recall(text: str) -> Settings | None:
    """The settings this config.toml text checked to, whole, on an earlier run; None if unknown."""
    key = code_key()
    if key is None:
        return None
    try:
        document = json.loads(
            read_limited(_path(), MAX_BYTES), parse_constant=_refuse, parse_float=_finite
        )
        if document["code"] != key or document["text"] != text_key(text):
            return None
        return _decode(document["settings"])
    except (OSError, FileRefused, ValueError, KeyError, TypeError, RecursionError):
        return None


def _refuse(constant: str) -> float:
    raise ValueError(f"{constant} is no setting")


def _finite(text: str) -> float:
    """A number as JSON writes it; `1e999` (infinite) is refused, as NaN is by `_refuse`."""
    number = float(text)
    if not math.isfinite(number):
        raise ValueError(f"{text} is not finite")
    return number


def remember(text: str, settings: Settings) -> None:
    """Keep what the check accepted for this text; a home that cannot be written keeps nothing."""
    key = code_key()
    if key is None:
        return
    values = {item.name: _plain(getattr(settings, item.name)) for item in fields(Settings)}
    document = {"format": FORMAT, "code": key, "text": text_key(text), "settings": values}
    with suppress(OSError):
        write_atomically(_path(), json.dumps(document, ensure_ascii=True))


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, Enum) else value


_DEFAULTS = Settings()


def _decode(values: object) -> Settings:
    """Settings from remembered values, each of its field's kind (TypeError if one is not)."""
    if not isinstance(values, dict) or set(values) != {item.name for item in fields(Settings)}:
        raise TypeError("not the fields of these settings")
    decoded = {name: _of_kind(name, value) for name, value in values.items()}
    return Settings(**decoded)


def _of_kind(name: str, value: Any) -> Any:
    default = getattr(_DEFAULTS, name)
    if isinstance(default, Enum):
        return type(default)(value)  # ValueError for a value the enum lacks
    if default is None:  # sessions_per_week: a count, or None for the season's own
        if value is not None and type(value) is not int:
            raise TypeError(f"{name} is not a count")
        return value
    if type(value) is not type(default):
        raise TypeError(f"{name} is not a {type(default).__name__}")
    items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
    if not all(type(item) is str for item in items):
        raise TypeError(f"{name} holds more than text")
    return value
