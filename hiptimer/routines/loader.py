"""Finds and reads routine files: the built-ins in the package and the user's own folder."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from hiptimer.routines.cache import routine_cache
from hiptimer.routines.files import FileRefused, load_toml, read_limited
from hiptimer.routines.model import Routine
from hiptimer.routines.plan import session_size_problem
from hiptimer.routines.problems import RoutineFileError
from hiptimer.safe_text import visible

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

__all__ = [
    "MAX_ROUTINE_BYTES",
    "LoadedRoutine",
    "Origin",
    "RoutineLibrary",
    "RoutineNotFound",
    "builtin_dir",
    "load_library",
    "load_routine_file",
    "parse_routine",
]


MAX_ROUTINE_BYTES = 1024 * 1024
"""The largest routine file read; 500 exercises with cues take about 60 KB."""


class Origin(StrEnum):
    BUILTIN = "built-in"
    USER = "user"
    FILE = "file"


@dataclass(frozen=True)
class LoadedRoutine:
    """A valid routine with where it came from and its exact text, kept for history."""

    id: str
    routine: Routine
    origin: Origin
    location: str
    text: str
    replaces_builtin: bool = False


class RoutineNotFound(LookupError):
    """No routine has that id and no file has that path."""


def builtin_dir() -> Path:
    """The built-in routine files. hiptimer is installed as files (Textual reads its stylesheets
    beside the modules too), so this is a plain path: importlib.resources, which would also find
    them inside a zip, cost 4 ms of every start-up before the picker's first paint."""
    return Path(__file__).parent / "builtin"


def parse_routine(text: str, *, file: str, keep: bool = True) -> Routine:
    """Validate a routine's TOML text; `file` names it in every problem.

    Every string in the routine comes back with its control characters made visible. A text
    this hiptimer has validated before comes from the cache, the check's own answer for it;
    `keep=False` (an import's thousands of texts as run) checks a new text without keeping it.
    """
    cache = routine_cache()
    routine = cache.get(text)
    if routine is None:
        routine = _validate(text, visible(file))
        if keep:
            cache.put(text, routine)
    return routine


def _validate(text: str, file: str) -> Routine:
    # The check and what explains its errors load only for a text not seen before.
    from pydantic import ValidationError

    from hiptimer.routines.explain import problems_from_validation
    from hiptimer.routines.lines import decode_error_line
    from hiptimer.routines.schema import validate_routine

    if not text.strip():
        raise RoutineFileError.single(
            file, "the file is empty; a routine needs at least a name and one [[exercise]]"
        )
    try:
        data = load_toml(text)
    except ValueError as error:
        message = visible(str(error))
        raise RoutineFileError.single(file, message, decode_error_line(message)) from None
    try:
        routine = validate_routine(data)
    except ValidationError as error:
        raise RoutineFileError(file, problems_from_validation(file, error, data, text)) from None
    except RecursionError:  # load_toml bounds the nesting; this is the last resort
        raise RoutineFileError.single(file, "nests too deeply to read") from None
    too_big = session_size_problem(routine)
    if too_big is not None:
        raise RoutineFileError.single(file, too_big)
    return routine


def _decode(raw: bytes, file: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise RoutineFileError.single(
            file,
            f"is not UTF-8 text (byte 0x{raw[error.start]:02x} at position {error.start}); "
            "save it as UTF-8",
        ) from None


def load_routine_file(path: Path | Traversable, *, origin: Origin = Origin.FILE) -> LoadedRoutine:
    """Read one routine file. Raises RoutineFileError naming the file for anything wrong with it."""
    name = visible(path.name)
    try:
        # The built-ins are ours; anything else may be a pipe, a device or a huge file.
        raw = read_limited(path, MAX_ROUTINE_BYTES) if isinstance(path, Path) else path.read_bytes()
    except FileNotFoundError:
        raise RoutineFileError.single(name, f"no such file: {visible(str(path))}") from None
    except FileRefused as error:
        raise RoutineFileError.single(name, str(error)) from None
    text = _decode(raw, name)
    routine = parse_routine(text, file=name)
    stem = name.removesuffix(".toml")
    return LoadedRoutine(stem, routine, origin, visible(str(path)), text)


@dataclass
class RoutineLibrary:
    """Every routine hiptimer can run, by id, and the user files that could not be loaded."""

    routines: dict[str, LoadedRoutine] = field(default_factory=dict)
    broken: list[RoutineFileError] = field(default_factory=list)

    def get(self, routine_id: str) -> LoadedRoutine:
        try:
            return self.routines[routine_id]
        except KeyError:
            known = ", ".join(sorted(self.routines)) or "none"
            raise RoutineNotFound(f'no routine "{routine_id}"; known routines: {known}') from None

    def resolve(self, argument: str) -> LoadedRoutine:
        """A routine by id, or by the path of a .toml file."""
        if argument.endswith(".toml") or "/" in argument or "\\" in argument:
            path = Path(argument).expanduser()
            if not path.exists():
                raise RoutineNotFound(f"no such routine file: {argument}")
            return load_routine_file(path)
        return self.get(argument)


def load_library(user_dir: Path | None) -> RoutineLibrary:
    """The built-ins, then the user's routines over them. A broken file never stops the rest."""
    library = RoutineLibrary()
    with routine_cache().batch():
        for path in sorted(builtin_dir().iterdir(), key=lambda item: item.name):
            if path.name.endswith(".toml"):
                _add(library, path, Origin.BUILTIN)
        if user_dir is not None and user_dir.is_dir():
            for path in sorted(user_dir.glob("*.toml")):
                _add(library, path, Origin.USER)
    return library


def _add(library: RoutineLibrary, path: Path | Traversable, origin: Origin) -> None:
    try:
        loaded = load_routine_file(path, origin=origin)
    except RoutineFileError as error:
        library.broken.append(error)
        return
    replaced = library.routines.get(loaded.id)
    if replaced is not None and replaced.origin is Origin.BUILTIN:
        loaded = LoadedRoutine(
            loaded.id, loaded.routine, origin, loaded.location, loaded.text, replaces_builtin=True
        )
    library.routines[loaded.id] = loaded
