"""The hiptimer App: theme, keymap, settings and routing between screens. Nothing else."""

from __future__ import annotations

import asyncio
import signal
import time
from collections.abc import Callable, Iterable
from contextlib import suppress
from datetime import UTC, datetime
from functools import cached_property
from typing import TYPE_CHECKING, Any

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from hiptimer.commands import RoutineCommands
from hiptimer.paths import user_routines_dir
from hiptimer.routines import (
    LoadedRoutine,
    Origin,
    RoutineFileError,
    RoutineNotFound,
    load_library,
    parse_routine,
)
from hiptimer.screens.picker import PickerScreen
from hiptimer.settings import Settings, load_settings, save_settings
from hiptimer.theme import HIPTIMER_THEME

if TYPE_CHECKING:
    from hiptimer.alerting import ScreenAlerts
    from hiptimer.alerts import CueAlerts
    from hiptimer.domain import SessionEngine, SetResult
    from hiptimer.domain.history import HistoryStore
    from hiptimer.routines.files import RoutineFiles
    from hiptimer.screens.preview import PreviewScreen

__all__ = ["HipTimerApp"]


class HipTimerApp(App[None]):
    """The full-screen timer."""

    CSS_PATH = ["assets/styles/hiptimer.tcss"]
    """The picker's and session's styles; the history and settings screens bring their own,
    parsed when first opened rather than at every start."""
    TITLE = "hiptimer"
    COMMANDS = App.COMMANDS | {RoutineCommands}
    BINDINGS = [
        Binding("question_mark", "help", "Help", id="app.help", tooltip="Keys for every phase"),
        # Every set is committed as it is done, so Ctrl+C can leave at once; an unfinished
        # session is offered back at the next launch.
        Binding("ctrl+c", "quit", "Quit", id="app.interrupt", show=False, priority=True),
    ]

    def __init__(
        self,
        *,
        mute: bool = False,
        routine: str | None = None,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        cue_alerts: CueAlerts | None = None,
    ) -> None:
        super().__init__()
        self.settings, self._setting_problems = load_settings()
        self.library = load_library(user_routines_dir())
        self.start_routine = routine
        self.clock = clock
        self.wall_clock = wall_clock
        self._mute = mute
        self._cue_alerts = cue_alerts
        self.register_theme(HIPTIMER_THEME)
        self._start_with_theme(
            self.settings.theme if self.settings.theme in self.available_themes else "hiptimer"
        )

    def _start_with_theme(self, name: str) -> None:
        """Apply the saved theme before the stylesheet is first read.

        Setting `theme` in `on_mount`, as usual, runs its watcher, which has Textual parse every
        style rule a second time for the new colours: 15 ms before the first paint. Nothing has been
        parsed yet, so a theme as dark (or light) as the one `App.__init__` set up is set directly:
        the stylesheet gets its colours and the app the class the watcher would add.
        """
        theme = self.get_theme(name)
        if theme is not None and theme.dark == self.current_theme.dark:
            self.set_reactive(App.theme, name)
            self.stylesheet.set_variables(self.get_css_variables())
            self.set_class(True, f"-theme-{name}", update=False)
        else:
            self.theme = name  # the watcher also remaps the ANSI colours for the other mode

    @cached_property
    def alerts(self) -> ScreenAlerts:
        """Sound, speech and flashes, set up when first needed: finding a player program on the
        PATH is not worth delaying the picker for."""
        from hiptimer.alerting import ScreenAlerts
        from hiptimer.alerts import CueAlerts

        return ScreenAlerts(self._cue_alerts or CueAlerts(self.settings, muted=self._mute))

    def on_mount(self) -> None:
        self._exit_cleanly_on_signals()
        self.set_keymap(self.settings.keymap)
        for problem in self._setting_problems:
            self.notify(str(problem), title="Settings", severity="warning", timeout=10)
        self.push_screen(PickerScreen(self.library))

    def on_ready(self) -> None:
        """The picker's first frame is on the screen. It needs no history, so SQLite, the history
        package and the check for an unfinished session waited for it; the preview (it asks the
        history which side starts) and the resume offer open now, on top of the painted picker."""
        if len(self.screen_stack) > 2:
            return  # the runner has already moved on from the picker; the offer waits a launch
        if self.start_routine:
            self.open_preview(self.start_routine)
        self._offer_resume()

    def _exit_cleanly_on_signals(self) -> None:
        """SIGTERM, SIGHUP (a closed terminal) and SIGINT end the app cleanly. Every set done is already
        committed, and the session stays open to be resumed at the next launch."""
        if self.is_headless:
            return  # tests drive the app headless; their runner owns the signals
        loop = asyncio.get_running_loop()
        for name in ("SIGTERM", "SIGHUP", "SIGINT"):
            if hasattr(signal, name):
                with suppress(NotImplementedError, RuntimeError):
                    loop.add_signal_handler(getattr(signal, name), self.exit)

    @cached_property
    def history(self) -> HistoryStore | None:
        """The history store, opened on first use: normally by the resume check just after the
        first paint. None for this run if it cannot be opened."""
        import sqlite3

        from hiptimer.domain.history import HistoryStore

        try:
            store, notice = HistoryStore.open()
        except (sqlite3.Error, OSError) as error:
            self.notify(f"History is off for this run: {error}", severity="error", timeout=15)
            return None
        if notice:
            self.notify(notice, title="History", severity="warning", timeout=20)
        return store

    def _offer_resume(self) -> None:
        from hiptimer.domain.history import SessionStatus
        from hiptimer.domain.results import span_seconds
        from hiptimer.screens.resume import ResumeDialog, stopped_when

        record = self.history.unfinished() if self.history else None
        if record is None or self.history is None:
            return
        history = self.history
        done = history.results(record.id)

        def close(status: SessionStatus) -> None:
            # It is closed now, but it took only as long as its sets: not the time since the crash.
            history.finish(record.id, status, self.wall_clock(), span_seconds(done))

        try:
            routine = parse_routine(record.routine_text, file=f"{record.routine_id}.toml (as run)")
        except RoutineFileError:
            close(SessionStatus.ABANDONED)
            return
        loaded = LoadedRoutine(
            record.routine_id, routine, Origin.USER, "history", record.routine_text
        )
        engine = self._engine(loaded, record.start_side, completed=done)
        step = engine.first_open_set()
        if step is None:
            close(SessionStatus.COMPLETED)
            return
        where = ", ".join(
            part
            for part in (step.exercise.name, step.progress_text, (step.side_label or "").upper())
            if part
        )

        stopped = max((result.ended_at for result in done), default=record.started_at)
        sets_done = sum(not result.skipped for result in done)
        detail = (
            f"Stopped {stopped_when(stopped, self.wall_clock())}, "
            f"{sets_done} of {len(engine.plan.work_steps)} sets done"
        )

        def answered(resume: bool | None) -> None:
            if resume:
                self._run(loaded, engine, record.id)
            elif resume is False:
                close(SessionStatus.ABANDONED)
            # None: asked to decide later; the session stays unfinished for the next start.

        self.push_screen(ResumeDialog(f"Resume {routine.name}: {where}", detail), answered)

    def watch_theme(self, theme: str) -> None:
        """A theme picked from the palette or the settings is kept for the next run."""
        # Start-up applies the theme before the first screen: that one (maybe a fallback for an
        # unknown name) must not rewrite the user's file.
        if len(self.screen_stack) <= 1 or theme == self.settings.theme:
            return
        self.settings = Settings.model_validate({**self.settings.model_dump(), "theme": theme})
        try:
            save_settings(self.settings)
        except OSError as error:
            self.notify(f"The theme could not be saved: {error}", severity="error")

    def open_preview(self, argument: str) -> None:
        """Open a routine's preview by id or .toml path; a bad one is a message, not a crash."""
        try:
            loaded = self.library.resolve(argument)
        except (RoutineNotFound, RoutineFileError) as error:
            self.notify(str(error), title="Cannot open routine", severity="error", timeout=10)
            return
        from hiptimer.screens.preview import PreviewScreen

        first_side = self.history.next_start_side(loaded.id) if self.history else 0
        self.push_screen(PreviewScreen(loaded, self.settings.plan_defaults(), first_side))

    def _engine(
        self, loaded: LoadedRoutine, first_side: int, completed: Iterable[SetResult] = ()
    ) -> SessionEngine:
        from hiptimer.domain import SessionEngine, boottime_clock

        return SessionEngine(
            loaded.routine,
            routine_id=loaded.id,
            defaults=self.settings.plan_defaults(),
            first_side=first_side,
            clock=self.clock,
            wall_clock=self.wall_clock,
            sleep_clock=boottime_clock() if self.clock is time.monotonic else None,
            after_suspend=self.settings.after_suspend,
            cue_lead=self.alerts.cue_alerts.lead_seconds,
            completed=completed,
        )

    def start_session(self, loaded: LoadedRoutine, first_side: int) -> None:
        session_id = None
        if self.history is not None:
            session_id = self.history.start_session(
                loaded.id, loaded.routine.name, loaded.text, first_side, self.wall_clock()
            )
        self._run(loaded, self._engine(loaded, first_side), session_id)

    def _run(self, loaded: LoadedRoutine, engine: SessionEngine, session_id: int | None) -> None:
        from hiptimer.alerts import KeepAwake
        from hiptimer.domain.session_log import SessionLog
        from hiptimer.screens.preview import PreviewScreen
        from hiptimer.screens.session import SessionScreen

        log = None
        if self.history is not None and session_id is not None:
            log = SessionLog(
                self.history,
                session_id,
                wall_clock=self.wall_clock,
                session_seconds=engine.session_seconds,
                on_problem=lambda message: self.notify(message, severity="error", timeout=10),
            )
            engine.subscribe(log)
        keep_awake = KeepAwake.for_this_machine(self.settings.keep_awake)
        screen = SessionScreen(loaded, engine, self.alerts, log=log, keep_awake=keep_awake)
        if isinstance(self.screen, PreviewScreen):
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def action_help(self) -> None:
        from hiptimer.screens.help import HelpScreen
        from hiptimer.screens.session import SessionScreen

        if not isinstance(self.screen, HelpScreen):
            in_session = isinstance(self.screen, SessionScreen)
            self.push_screen(
                HelpScreen(self.alerts.backend_name, self.alerts.speech_name, in_session=in_session)
            )

    def action_open_history(self) -> None:
        from hiptimer.screens.history import HistoryScreen  # loaded only when asked for

        self.push_screen(HistoryScreen(today=self.wall_clock().astimezone().date()))

    def action_open_settings(self) -> None:
        from hiptimer.screens.settings import SettingsScreen

        self.push_screen(SettingsScreen(self.settings))

    @cached_property
    def routine_files(self) -> RoutineFiles:
        from hiptimer.routines.files import RoutineFiles

        return RoutineFiles(user_routines_dir())

    def _routines_changed(self, highlight: str | None = None) -> None:
        """Read the routines folder again and show it in the picker."""
        self.library = self.routine_files.library()
        for screen in self.screen_stack:
            if isinstance(screen, PickerScreen):
                screen.show_library(self.library, highlight)

    def on_picker_screen_edit(self, message: PickerScreen.Edit) -> None:
        self._edit(message.routine_id)

    def on_preview_screen_edit(self, message: PreviewScreen.Edit) -> None:
        self._edit(message.routine_id)

    def _edit(self, argument: str) -> None:
        """The editor has the terminal while the app is suspended; then the screen that asked
        shows the checked routine, or why it was not saved."""
        from textual.app import SuspendNotSupported

        from hiptimer.routines.editor import EditEnded, EditorError
        from hiptimer.routines.own import OwnRoutineError
        from hiptimer.screens.preview import PreviewScreen

        problem = outcome = None
        try:
            with self.suspend():
                try:  # an error must not leave the suspend block: the app would stay suspended
                    outcome = self.routine_files.edit(argument, self.library.routines)
                except (OwnRoutineError, EditorError) as error:
                    problem = str(error)
        except SuspendNotSupported:
            problem = "This terminal cannot hand over to an editor; run `hiptimer edit` instead"
        if outcome is None:
            self.notify(problem or "", title="Cannot edit", severity="error", timeout=10)
            return
        routine_id = outcome.path.stem
        self._routines_changed(routine_id)
        lines = [outcome.message, *(str(problem) for problem in outcome.problems)]
        gave_up = outcome.ended is EditEnded.GAVE_UP
        self.notify(
            "\n".join(lines),
            title="Edit",
            severity="warning" if gave_up else "information",
            timeout=10,
        )
        if outcome.ended is EditEnded.SAVED and isinstance(self.screen, PreviewScreen):
            self.pop_screen()
            self.open_preview(routine_id if routine_id in self.library.routines else argument)

    def on_preview_screen_write_dose(self, message: PreviewScreen.WriteDose) -> None:
        from hiptimer.routines.own import OwnRoutineError
        from hiptimer.screens.preview import PreviewScreen

        try:
            written = self.routine_files.write_dose(message.loaded, message.dose.changes)
        except (RoutineFileError, OwnRoutineError, OSError) as error:
            self.notify(str(error), title="Not written", severity="error", timeout=10)
            return
        self._routines_changed(written.loaded.id)
        if isinstance(self.screen, PreviewScreen):
            self.screen.dose_written(written.loaded)
        self.notify(written.message, title="Today's dose")

    def on_picker_screen_rename(self, message: PickerScreen.Rename) -> None:
        from hiptimer.routines.own import OwnRoutineError

        try:
            path = self.routine_files.rename(message.routine_id, message.new_id)
        except OwnRoutineError as error:
            self.notify(str(error), title="Cannot rename", severity="error")
            return
        self._routines_changed(path.stem)
        self.notify(f"Renamed {message.routine_id} to {path.stem}")

    def on_picker_screen_delete(self, message: PickerScreen.Delete) -> None:
        from hiptimer.routines.own import OwnRoutineError

        try:
            self.routine_files.delete(message.routine_id)
        except OwnRoutineError as error:
            self.notify(str(error), title="Cannot delete", severity="error")
            return
        self._routines_changed()
        self.notify(f"Deleted {message.routine_id}; its sessions stay in your history")

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("app: help", "Keys for every phase", self.action_help)
        yield SystemCommand(
            "history: show sessions",
            "Calendar, streak and per-side trends",
            self.action_open_history,
        )
        yield SystemCommand(
            "settings: edit", "Sound, voice, timings, theme and keys", self.action_open_settings
        )
