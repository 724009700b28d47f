"""The hiptimer App: theme, keymap, settings and routing between screens. Nothing else."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from hiptimer.alerting import ScreenAlerts
from hiptimer.alerts import CueAlerts
from hiptimer.commands import RoutineCommands
from hiptimer.domain import AfterSuspend, SessionEngine, boottime_clock
from hiptimer.paths import user_routines_dir
from hiptimer.routines import LoadedRoutine, RoutineFileError, RoutineNotFound, load_library
from hiptimer.screens import HelpScreen, PickerScreen, PreviewScreen, SessionScreen
from hiptimer.settings import load_settings
from hiptimer.theme import HIPTIMER_THEME

__all__ = ["HipTimerApp"]


class HipTimerApp(App[None]):
    """The full-screen timer."""

    CSS_PATH = "assets/styles/hiptimer.tcss"
    TITLE = "hiptimer"
    COMMANDS = App.COMMANDS | {RoutineCommands}
    BINDINGS = [
        Binding("question_mark", "help", "Help", id="app.help", tooltip="Keys for every phase"),
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
        self.alerts = ScreenAlerts(cue_alerts or CueAlerts(self.settings, muted=mute))

    def on_mount(self) -> None:
        self.register_theme(HIPTIMER_THEME)
        self.theme = (
            self.settings.theme if self.settings.theme in self.available_themes else "hiptimer"
        )
        self.set_keymap(self.settings.keymap)
        for problem in self._setting_problems:
            self.notify(str(problem), title="Settings", severity="warning", timeout=10)
        self.push_screen(PickerScreen(self.library))
        if self.start_routine:
            self.open_preview(self.start_routine)

    def open_preview(self, argument: str) -> None:
        """Open a routine's preview by id or .toml path; a bad one is a message, not a crash."""
        try:
            loaded = self.library.resolve(argument)
        except (RoutineNotFound, RoutineFileError) as error:
            self.notify(str(error), title="Cannot open routine", severity="error", timeout=10)
            return
        self.push_screen(PreviewScreen(loaded, self.settings.plan_defaults()))

    def start_session(self, loaded: LoadedRoutine, first_side: int) -> None:
        engine = SessionEngine(
            loaded.routine,
            routine_id=loaded.id,
            defaults=self.settings.plan_defaults(),
            first_side=first_side,
            clock=self.clock,
            wall_clock=self.wall_clock,
            sleep_clock=boottime_clock() if self.clock is time.monotonic else None,
            after_suspend=AfterSuspend(self.settings.after_suspend.value),
            cue_lead=self.alerts.cue_alerts.lead_seconds,
        )
        self.switch_screen(SessionScreen(loaded, engine, self.alerts))

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.alerts.backend_name, self.alerts.speech_name))

    def action_open_history(self) -> None:
        from hiptimer.screens.history import HistoryScreen  # loaded only when asked for

        self.push_screen(HistoryScreen())

    def action_open_settings(self) -> None:
        from hiptimer.screens.settings import SettingsScreen

        self.push_screen(SettingsScreen(self.settings))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("app: help", "Keys for every phase", self.action_help)
        yield SystemCommand("history: show sessions", "Calendar, streak and per-side trends", self.action_open_history)
        yield SystemCommand("settings: edit", "Sound, voice, timings, theme and keys", self.action_open_settings)
