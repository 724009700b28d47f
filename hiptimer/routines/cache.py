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
import importlib.util
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import MISSING, is_dataclass
from dataclasses import fields as dataclass_fields
from functools import cache
from pathlib import Path
from typing import Any

from hiptimer.paths import data_home
from hiptimer.routines.durations import CountRange, DurationRange
from hiptimer.routines.files import FileRefused, read_limited, write_atomically
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

__all__ = [
    "MAX_CACHE_BYTES",
    "MAX_ENTRIES",
    "RoutineCache",
    "checking_key",
    "code_key",
    "pydantic_versions",
    "routine_cache",
    "text_key",
]

MAX_ENTRIES = 256
"""Routines kept: every built-in and user file, and the coach's rewritten texts of recent days."""
MAX_CACHE_BYTES = 16 * 1024 * 1024
"""The largest cache file read."""
MAX_ENTRY_BYTES = MAX_CACHE_BYTES // MAX_ENTRIES
"""A routine larger than this once encoded (a built-in is 2-8 KB) is checked every run instead:
a full cache of them still reads back whole."""
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
    here = Path(__file__).parent
    sources = [*(here / f"{name}.py" for name in _CHECKING_CODE), here.parent / "safe_text.py"]
    return checking_key(FORMAT, sources)


def checking_key(file_format: int, sources: Iterable[Path]) -> str | None:
    """A hash of this Python, a cache file's format, the `sources` that decide what a check
    answers, and pydantic's version: None where any of them cannot be read."""
    digest = hashlib.sha256(f"format {file_format} python {sys.version}".encode())
    try:
        for source in sources:
            digest.update(source.read_bytes())
        digest.update(pydantic_versions())
    except OSError:
        return None
    return digest.hexdigest()


def pydantic_versions() -> bytes:
    """pydantic's version file, and the size and time of pydantic-core's compiled core: another
    pydantic may check differently. Found without importing either (what the cache saves)."""
    spec = importlib.util.find_spec("pydantic")
    core = importlib.util.find_spec("pydantic_core")
    if spec is None or spec.origin is None or core is None or core.origin is None:
        raise OSError("pydantic is not installed")
    found = [(Path(spec.origin).parent / "version.py").read_bytes()]
    for binary in sorted(Path(core.origin).parent.glob("_pydantic_core.*")):
        if binary.is_file():
            info = binary.stat()
            found.append(f"{binary.name} {info.st_size} {info.st_mtime_ns}".encode())
    return b"\n".join(found)


def text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class RoutineCache:
    """The cache file at `path`, read on first use and written through on each new routine."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._stored: dict[str, Any] | None = None
        self._built: dict[str, Routine] = {}
        self._held = 0
        """Open `batch`es: while any is, new routines are kept in memory and written at its end."""
        self._unwritten = False

    def get(self, text: str) -> Routine | None:
        """The routine this text validated to on an earlier run, or None."""
        key = text_key(text)
        if key in self._built:
            return self._built[key]
        entries = self._entries()
        stored = entries.pop(key, None)
        if stored is None:
            return None
        entries[key] = stored  # the newest now: the oldest unused go first past MAX_ENTRIES
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
        encoded = _encode(routine)
        if len(json.dumps(encoded)) > MAX_ENTRY_BYTES or code_key() is None:
            return
        entries[key] = encoded
        while len(entries) > MAX_ENTRIES:
            self._built.pop(next(iter(entries)), None)
            del entries[next(iter(entries))]
        self._built[key] = routine
        self._unwritten = True
        if not self._held:
            self._write()

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Write the file once for all the routines kept inside (a library's files), not once each."""
        self._held += 1
        try:
            yield
        finally:
            self._held -= 1
            if not self._held and self._unwritten:
                self._write()

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

    def _write(self) -> None:
        self._unwritten = False
        document = {"format": FORMAT, "code": code_key(), "routines": self._entries()}
        # ASCII: a lone surrogate from an imported JSON text is written as \ud800, not refused.
        # A read-only home or a full disk: every file is checked each run, as without a cache.
        with suppress(OSError):
            write_atomically(self.path, json.dumps(document, separators=(",", ":")))


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
        # Fields at their default are left out (a rung's many Nones): the class fills them in.
        kind = type(value)
        fields = {name: getattr(value, name) for name in field_names(value)}
        changed = {
            name: _encode(item)
            for name, item in fields.items()
            if not _is_default(kind, name, item)
        }
        return {"@": kind.__name__} | changed
    return value


def _is_default(kind: type[Any], name: str, value: object) -> bool:
    default = _defaults(kind).get(name, MISSING)
    return type(value) is type(default) and value == default


_DEFAULTS: dict[type[Any], dict[str, Any]] = {}


def _defaults(kind: type[Any]) -> dict[str, Any]:
    """Each field's default, by name; fields without one are absent."""
    if kind not in _DEFAULTS:
        found: dict[str, Any] = {}
        for item in dataclass_fields(kind):
            if item.default is not MISSING:
                found[item.name] = item.default
            elif item.default_factory is not MISSING:
                found[item.name] = item.default_factory()
        _DEFAULTS[kind] = found
    return _DEFAULTS[kind]


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
