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
    from hiptimer.domain.session_log import SessionLog

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
        self.session_logs: list[SessionLog] = []
        """The live session's log: what it still has to save when the app must end."""
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
        """SIGTERM, SIGHUP and a closed terminal end the app cleanly (`hiptimer.lifeline`), and
        SIGINT too. Every set done is committed, and the session stays open to be resumed."""
        if self.is_headless:
            return  # tests drive the app headless; their runner owns the signals
        from hiptimer.lifeline import lifeline

        loop = asyncio.get_running_loop()
        lifeline.end_with(lambda: loop.call_soon_threadsafe(self._end_now))
        with suppress(NotImplementedError, RuntimeError, AttributeError):
            loop.add_signal_handler(signal.SIGINT, self._end_now)

    def _end_now(self) -> None:
        for log in self.session_logs:
            log.flush(wait=0.5)
        self.exit()

    def _handle_exception(self, error: Exception) -> None:
        """An unexpected error ends the app with a non-zero code, as Textual does, but its
        traceback goes to a log file; the terminal gets one line that names it."""
        from rich.text import Text

        from hiptimer.crash import CRASH_EXIT_CODE, crash_line, write_crash_log

        log = write_crash_log(error, where=type(self.screen).__name__)
        super()._handle_exception(error)
        self._return_code = CRASH_EXIT_CODE
        # One line, never wrapped: the log's path must stay whole to be copied.
        self._exit_renderables[:] = [Text(crash_line(log), no_wrap=True, overflow="ignore")]

    @cached_property
    def history(self) -> HistoryStore | None:
        """The history store, opened on first use: normally by the resume check just after the
        first paint. None for this run if it cannot be opened."""
        import sqlite3

        from hiptimer.domain.history import HistoryStore, HistoryTooNew

        try:
            store, notice = HistoryStore.open()
        except HistoryTooNew as error:
            self.notify(f"History is off for this run: {error}.", severity="error", timeout=30)
            return None
        except (sqlite3.Error, OSError) as error:
            self.notify(f"History is off for this run: {error}", severity="error", timeout=15)
            return None
        if notice:
            self.notify(notice, title="History", severity="warning", timeout=20)
        store.on_damage = lambda text: self.notify(
            text, title="History", severity="warning", timeout=20
        )
        return store

    def _offer_resume(self) -> None:
        from hiptimer.domain.history import SessionStatus
        from hiptimer.domain.results import span_seconds
        from hiptimer.screens.resume import ResumeDialog, stopped_when

        if self.history is None:
            return
        history = self.history
        for elsewhere in history.running_elsewhere():
            self.notify(
                f"{elsewhere.routine_name} is running in another hiptimer window; it is "
                "saved there, and this one leaves it alone.",
                title="Session running elsewhere",
                timeout=10,
            )
        record = history.unfinished()
        if record is None:
            return
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
            else:  # asked to decide later: the session stays unfinished for the next start
                history.release(record.id)

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
                retry_later=self.set_timer,
            )
            engine.subscribe(log)
            self._keep_log(log)
        keep_awake = KeepAwake.for_this_machine(self.settings.keep_awake)
        screen = SessionScreen(loaded, engine, self.alerts, log=log, keep_awake=keep_awake)
        if isinstance(self.screen, PreviewScreen):
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def _keep_log(self, log: SessionLog) -> None:
        from hiptimer.lifeline import lifeline

        for earlier in self.session_logs:
            lifeline.drop(earlier.last_chance)
        self.session_logs[:] = [log]
        lifeline.keep(log.last_chance)

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
