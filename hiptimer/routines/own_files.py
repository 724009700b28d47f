"""What the app's picker and preview do to routine files: edit, write today's dose, rename,
delete. Each returns the library as it is afterwards, so the screens show what is on disk."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from hiptimer.routines.dose import Change, write_dose
from hiptimer.routines.editor import EditOutcome, ask_in_terminal, edit_routine
from hiptimer.routines.loader import LoadedRoutine, Origin, RoutineLibrary, load_library
from hiptimer.routines.own import (
    copy_header,
    copy_id,
    create_routine,
    delete_routine,
    free_id,
    rename_routine,
)
from hiptimer.routines.problems import RoutineProblem

__all__ = ["DoseWritten", "RoutineFiles"]


@dataclass(frozen=True)
class DoseWritten:
    """Today's dose written: into which routine, and whether a built-in was copied for it."""

    loaded: LoadedRoutine
    copied_from: str | None = None

    @property
    def message(self) -> str:
        if self.copied_from:
            return (
                f"Written into your copy {self.loaded.id} "
                f"(the built-in {self.copied_from} stays as it was)"
            )
        return f"Written into {self.loaded.location}"


class RoutineFiles:
    """The runner's routines folder and the library read from it."""

    def __init__(
        self,
        folder: Path,
        *,
        today: Callable[[], date] = date.today,
        again: Callable[[Sequence[RoutineProblem]], bool] = ask_in_terminal,
    ) -> None:
        self.folder = folder
        self.today = today
        self.again = again

    def library(self) -> RoutineLibrary:
        return load_library(self.folder)

    def edit(self, argument: str, routines: dict[str, LoadedRoutine]) -> EditOutcome:
        """Runs the editor in the foreground: the app must have stepped aside (App.suspend)."""
        return edit_routine(argument, self.folder, routines, today=self.today(), again=self.again)

    def write_dose(self, loaded: LoadedRoutine, changes: Change) -> DoseWritten:
        """Write the changes into the runner's own file; a built-in (or a file from elsewhere
        that is not theirs to change, such as a history entry) is copied into the folder first.
        Raises RoutineFileError, writing nothing, if the file has changed so that they no longer
        fit."""
        copied_from = None
        theirs = loaded.origin in (Origin.USER, Origin.FILE) and Path(loaded.location).is_file()
        if theirs:
            path = Path(loaded.location)
        else:
            existing = self.folder / f"{copy_id(loaded.id)}.toml"
            if existing.is_file() and existing.read_text(encoding="utf-8").endswith(loaded.text):
                path = existing
            else:
                new_id = free_id(self.folder, copy_id(loaded.id))
                text = copy_header(loaded, self.today()) + loaded.text
                path = create_routine(self.folder, new_id, text)
            copied_from = loaded.id
        routine = write_dose(path, changes)
        text = path.read_text(encoding="utf-8")
        origin = Origin.FILE if loaded.origin is Origin.FILE else Origin.USER
        return DoseWritten(LoadedRoutine(path.stem, routine, origin, str(path), text), copied_from)

    def rename(self, routine_id: str, new_id: str) -> Path:
        return rename_routine(self.folder, routine_id, new_id)

    def delete(self, routine_id: str) -> Path:
        return delete_routine(self.folder, routine_id)
