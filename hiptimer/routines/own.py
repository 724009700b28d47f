"""The runner's own routine files: free ids, copies of built-ins, new, rename and delete.

Every write replaces a file atomically, so a crash or a full disk leaves the old one whole.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from hiptimer.paths import private_folder
from hiptimer.routines.loader import LoadedRoutine, Origin

__all__ = [
    "DRAFT_SUFFIX",
    "OwnRoutineError",
    "Target",
    "copy_header",
    "copy_id",
    "create_routine",
    "delete_routine",
    "draft_path",
    "free_id",
    "is_simple_id",
    "own_target",
    "rename_routine",
]

DRAFT_SUFFIX = ".draft"
"""A draft is `my-warmup.toml.draft`: beside its routine, and never loaded as one."""

_SIMPLE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")


class OwnRoutineError(Exception):
    """A routine file that cannot be made, found, renamed or deleted; the message says why."""


def is_simple_id(routine_id: str) -> bool:
    return bool(_SIMPLE_ID.match(routine_id))


def check_id(routine_id: str) -> str:
    routine_id = routine_id.removesuffix(".toml")
    if not is_simple_id(routine_id):
        raise OwnRoutineError(
            f'"{routine_id}" is not a simple routine id; use letters, digits, - and _ '
            "(up to 64), e.g. my-warmup"
        )
    return routine_id


def free_id(folder: Path, base: str = "my-routine", taken: frozenset[str] = frozenset()) -> str:
    """`base` if no file or routine has it, else `base-2`, `base-3`…"""
    candidate, number = base, 1
    while candidate in taken or (folder / f"{candidate}.toml").exists():
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def copy_id(builtin_id: str) -> str:
    """The id a built-in's copy gets: `couch-stretch` → `my-couch-stretch`."""
    return builtin_id if builtin_id.startswith("my-") else f"my-{builtin_id}"


def copy_header(loaded: LoadedRoutine, today: date) -> str:
    """The line at the top of a copy that says where it came from."""
    what = "the built-in routine" if loaded.origin is Origin.BUILTIN else "the routine"
    return (
        f'# Copied from {what} "{loaded.id}" on {today.isoformat()}; '
        "this copy is yours to change.\n"
    )


def draft_path(path: Path) -> Path:
    return path.with_name(path.name + DRAFT_SUFFIX)


def create_routine(folder: Path, routine_id: str, text: str) -> Path:
    """A new file in the runner's folder; never replaces one that is already there."""
    path = folder / f"{check_id(routine_id)}.toml"
    try:
        private_folder(folder)
        # O_EXCL refuses to replace a file someone has already written there; 0600, as every
        # file hiptimer writes: the runner shares a routine by choice, not by default.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as file:
            file.write(text)
    except FileExistsError:
        raise OwnRoutineError(f"{path} already exists; pick another id or edit that file") from None
    except OSError as error:
        raise OwnRoutineError(f"cannot write {path}: {error.strerror or error}") from None
    return path


@dataclass(frozen=True)
class Target:
    """The file an edit of a routine opens, and what had to happen first."""

    path: Path
    copied_from: str | None = None
    """The built-in's id when the file is a copy made just now."""
    existing_copy: bool = False
    """The built-in already had a copy of the default id: that copy is edited."""


def own_target(
    argument: str,
    folder: Path,
    routines: dict[str, LoadedRoutine],
    *,
    copy_as: str | None = None,
    today: date,
) -> Target:
    """The file to edit for an id or a path. A built-in is never edited: the runner's copy is,
    made first if need be under `copy_as` or `my-ID`."""
    if argument.endswith(".toml") or "/" in argument or os.sep in argument:
        path = Path(argument).expanduser()
        if not path.is_file():
            raise OwnRoutineError(f"no such routine file: {argument}")
        return Target(path)
    own = folder / f"{argument}.toml"
    if own.is_file() and copy_as is None:
        return Target(own)  # the runner's file, valid or not: editing is how it gets fixed
    loaded = routines.get(argument)
    if loaded is None:
        known = ", ".join(sorted(routines)) or "none"
        raise OwnRoutineError(f'no routine "{argument}"; known routines: {known}')
    new_id = check_id(copy_as) if copy_as else copy_id(argument)
    path = folder / f"{new_id}.toml"
    if path.is_file():
        if copy_as:
            raise OwnRoutineError(f"{path} already exists; pick another name for the copy")
        return Target(path, existing_copy=True)
    create_routine(folder, new_id, copy_header(loaded, today) + loaded.text)
    return Target(path, copied_from=argument)


def rename_routine(folder: Path, old_id: str, new_id: str) -> Path:
    """Give one of the runner's routines a new id; its draft, if any, moves with it."""
    old = folder / f"{old_id}.toml"
    new = folder / f"{check_id(new_id)}.toml"
    if not old.is_file():
        raise OwnRoutineError(f"{old_id} is not one of your routines")
    if new.exists():
        raise OwnRoutineError(f"{new.name} already exists; pick another id")
    # link then unlink: unlike rename, it never replaces a file that appeared meanwhile
    try:
        os.link(old, new)
    except FileExistsError:
        raise OwnRoutineError(f"{new.name} already exists; pick another id") from None
    except OSError:
        os.replace(old, new)  # a filesystem without hard links
    else:
        old.unlink()
    if draft_path(old).exists():
        os.replace(draft_path(old), draft_path(new))
    return new


def delete_routine(folder: Path, routine_id: str) -> Path:
    """Remove one of the runner's routine files. Its sessions stay in the history, which keeps
    each session's routine text."""
    path = folder / f"{routine_id}.toml"
    if not path.is_file():
        raise OwnRoutineError(f"{routine_id} is not one of your routines")
    path.unlink()
    draft_path(path).unlink(missing_ok=True)
    return path
