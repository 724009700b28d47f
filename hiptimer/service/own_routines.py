"""The runner's own routine files, changed from the picker and the preview: opening one by id or
path, editing, writing today's dose, renaming and deleting. Each change is told as a `Notice`."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from functools import cached_property
from typing import TYPE_CHECKING

from hiptimer.paths import user_routines_dir
from hiptimer.routines import LoadedRoutine, RoutineFileError, RoutineLibrary, RoutineNotFound
from hiptimer.service.notices import Notice

if TYPE_CHECKING:
    from hiptimer.routines.dose import Change
    from hiptimer.routines.own_files import RoutineFiles
    from hiptimer.service.session import SessionService

__all__ = ["CANNOT_HAND_OVER", "LibraryShown", "OwnRoutines"]

CANNOT_HAND_OVER = "This terminal cannot hand over to an editor; run `hiptimer edit` instead"
"""Why an edit did not start where the app cannot give the terminal away."""

LibraryShown = Callable[[RoutineLibrary, str | None], None]
"""Shows the routines as they are on disk now, pointing at one (an id) or at none."""


class OwnRoutines:
    """The runner's routines folder, kept in step with the `service`'s library."""

    def __init__(self, service: SessionService) -> None:
        self.service = service
        self.shown: list[LibraryShown] = []
        """Where the library is shown (the picker): each is given it again after a change."""

    @cached_property
    def files(self) -> RoutineFiles:
        """The folder's files, set up when first changed: nothing at start-up needs them."""
        from hiptimer.routines.own_files import RoutineFiles

        return RoutineFiles(user_routines_dir())

    def resolve(self, argument: str) -> LoadedRoutine | None:
        """A routine by id or .toml path; None, and the runner told why, when there is none."""
        try:
            return self.service.library.resolve(argument)
        except (RoutineNotFound, RoutineFileError) as error:
            self.service.notify(Notice(str(error), title="Cannot open routine", severity="error"))
            return None

    def edit(self, argument: str, handed_over: AbstractContextManager[bool]) -> str | None:
        """Edit a routine in the runner's editor, which has the terminal for as long as
        `handed_over` is entered (it gives False where the terminal cannot be handed over).
        Returns the routine (an id or a path) to show again when the edit was saved."""
        from hiptimer.routines.editor import EditEnded, EditorError
        from hiptimer.routines.own import OwnRoutineError

        outcome, problem = None, CANNOT_HAND_OVER
        with handed_over as can:
            # No error may leave the block: the app would stay suspended.
            try:
                outcome = self.files.edit(argument, self.service.library.routines) if can else None
            except (OwnRoutineError, EditorError) as error:
                problem = str(error)
        if outcome is None:
            self.service.notify(Notice(problem, title="Cannot edit", severity="error"))
            return None
        routine_id = outcome.path.stem
        text = "\n".join([outcome.message, *(str(problem) for problem in outcome.problems)])
        gave_up = outcome.ended is EditEnded.GAVE_UP
        library = self._changed(routine_id)
        self.service.notify(
            Notice(text, title="Edit", severity="warning" if gave_up else "information")
        )
        if outcome.ended is not EditEnded.SAVED:
            return None
        return routine_id if routine_id in library.routines else argument

    def write_dose(self, loaded: LoadedRoutine, changes: Change) -> LoadedRoutine | None:
        """Write today's dose into the runner's file (a built-in is copied first); the routine
        as written, or None and the runner told why nothing was."""
        from hiptimer.routines.own import OwnRoutineError

        try:
            written = self.files.write_dose(loaded, changes)
        except (RoutineFileError, OwnRoutineError, OSError) as error:
            self.service.notify(Notice(str(error), title="Not written", severity="error"))
            return None
        self._changed(written.loaded.id)
        self.service.notify(Notice(written.message, title="Today's dose", timeout=5))
        return written.loaded

    def rename(self, routine_id: str, new_id: str) -> None:
        """Give one of the runner's routines a new id; the runner has confirmed."""
        from hiptimer.routines.own import OwnRoutineError

        try:
            path = self.files.rename(routine_id, new_id)
        except OwnRoutineError as error:
            self._refused(str(error), "Cannot rename")
            return
        self._changed(path.stem)
        self.service.notify(Notice(f"Renamed {routine_id} to {path.stem}", timeout=5))

    def delete(self, routine_id: str) -> None:
        """Delete one of the runner's routines; its sessions stay in the history."""
        from hiptimer.routines.own import OwnRoutineError

        try:
            self.files.delete(routine_id)
        except OwnRoutineError as error:
            self._refused(str(error), "Cannot delete")
            return
        self._changed()
        text = f"Deleted {routine_id}; its sessions stay in your history"
        self.service.notify(Notice(text, timeout=5))

    def _refused(self, text: str, title: str) -> None:
        self.service.notify(Notice(text, title=title, severity="error", timeout=5))

    def _changed(self, highlight: str | None = None) -> RoutineLibrary:
        """Read the folder again, for the service (the palette, opening by id) and the picker."""
        library = self.service.library = self.files.library()
        for show in self.shown:
            show(library, highlight)
        return library
