"""Routines checked on an earlier run, kept by the hash of their text: the picker paints, and a
session runs, without importing pydantic when no routine file has changed.

An entry is what `schema.validate_routine` gave for exactly that text, under exactly this
hiptimer's checking code (`code_key`: a hash of its source), so a hit is the check's own answer.
A changed file has a new hash and is checked again; a broken one is never kept, so it shows its
problem every time. The file is hiptimer's own, in its private data folder, written whole and
renamed into place; one that does not read back (damaged, from another version, not JSON) is
simply rebuilt, and one that cannot be written leaves every routine still checked each run.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import is_dataclass
from functools import cache
from pathlib import Path
from typing import Any

from hiptimer.paths import data_home, private_folder
from hiptimer.routines.durations import CountRange, DurationRange
from hiptimer.routines.files import FileRefused, read_limited
from hiptimer.routines.model import (
    Block,
    BlockRung,
    BlockStyle,
    Exercise,
    Progression,
    Routine,
    Rung,
    Sides,
    Tempo,
    field_names,
)

__all__ = ["MAX_CACHE_BYTES", "MAX_ENTRIES", "RoutineCache", "code_key", "routine_cache"]

MAX_ENTRIES = 256
"""Routines kept: every built-in and user file, and the coach's rewritten texts of recent days."""
MAX_CACHE_BYTES = 16 * 1024 * 1024
"""The largest cache file read; 256 routines of the largest kind take about 4 MB."""
FORMAT = 1

_CHECKING_CODE = ("cache", "durations", "files", "loader", "model", "plan", "rules", "schema")
"""The modules whose code decides what a routine file validates to."""
_CLASSES: dict[str, Callable[..., Any]] = {
    kind.__name__: kind
    for kind in (Routine, Block, Exercise, Rung, BlockRung, Progression, CountRange, DurationRange)
}


@cache
def code_key() -> str | None:
    """A hash of the source that checks routines (and of the text-cleaning it relies on): a
    hiptimer that checks differently, a new version or a local edit, never reads this one's.
    None where the source cannot be read: then nothing is cached."""
    digest = hashlib.sha256(f"format {FORMAT}".encode())
    here = Path(__file__).parent
    try:
        for source in [
            *(here / f"{name}.py" for name in _CHECKING_CODE),
            here.parent / "safe_text.py",
        ]:
            digest.update(source.read_bytes())
    except OSError:
        return None
    return digest.hexdigest()


def text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class RoutineCache:
    """The cache file at `path`, read on first use and written through on each new routine."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._stored: dict[str, Any] | None = None
        self._built: dict[str, Routine] = {}

    def get(self, text: str) -> Routine | None:
        """The routine this text validated to on an earlier run, or None."""
        key = text_key(text)
        if key in self._built:
            return self._built[key]
        stored = self._entries().get(key)
        if stored is None:
            return None
        try:
            routine = _decode(stored)
        except (KeyError, TypeError, ValueError, AttributeError, RecursionError):
            routine = None
        if not isinstance(routine, Routine):
            return None  # damaged: checked again, and the check's answer replaces it
        self._built[key] = routine
        return routine

    def put(self, text: str, routine: Routine) -> None:
        """Keep a routine the check has just accepted; the oldest entries go past MAX_ENTRIES."""
        key = text_key(text)
        entries = self._entries()
        entries.pop(key, None)
        entries[key] = _encode(routine)
        while len(entries) > MAX_ENTRIES:
            del entries[next(iter(entries))]
        self._built[key] = routine
        if code_key() is not None:
            self._write({"format": FORMAT, "code": code_key(), "routines": entries})

    def _entries(self) -> dict[str, Any]:
        if self._stored is None:
            self._stored = self._read()
        return self._stored

    def _read(self) -> dict[str, Any]:
        if code_key() is None:
            return {}
        try:
            document = json.loads(read_limited(self.path, MAX_CACHE_BYTES))
        except (OSError, FileRefused, ValueError, RecursionError):
            return {}
        if not isinstance(document, dict) or document.get("code") != code_key():
            return {}
        routines = document.get("routines")
        return dict(routines) if isinstance(routines, dict) else {}

    def _write(self, document: dict[str, Any]) -> None:
        try:
            private_folder(self.path.parent)
            handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".routines.")
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(document, out, separators=(",", ":"), ensure_ascii=False)
            os.replace(temporary, self.path)
        except OSError:
            pass  # a read-only home: every file is checked each run, as without a cache


_caches: dict[Path, RoutineCache] = {}


def routine_cache() -> RoutineCache:
    """The cache in the data home in use now ($HIPTIMER_HOME may change between tests)."""
    path = data_home() / "cache" / "routines.json"
    if path not in _caches:
        _caches[path] = RoutineCache(path)
    return _caches[path]


def _encode(value: Any) -> Any:
    if isinstance(value, BlockStyle):
        return {"@": "BlockStyle", "v": value.value}
    if isinstance(value, Sides | Tempo):
        return {"@": type(value).__name__, "v": list(value)}
    if isinstance(value, dict):
        return {"@": "dict", "v": {key: _encode(item) for key, item in value.items()}}
    if isinstance(value, list):
        return [_encode(item) for item in value]
    if is_dataclass(value):
        names = field_names(value)
        return {"@": type(value).__name__} | {name: _encode(getattr(value, name)) for name in names}
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, list):
        return [_decode(item) for item in value]
    if not isinstance(value, dict):
        return value
    tag = value["@"]
    if tag == "dict":
        return {key: _decode(item) for key, item in value["v"].items()}
    if tag == "BlockStyle":
        return BlockStyle(value["v"])
    if tag == "Sides":
        return Sides(value["v"])
    if tag == "Tempo":
        return Tempo(value["v"])
    fields = {name: _decode(item) for name, item in value.items() if name != "@"}
    return _CLASSES[tag](**fields)
