"""The hiptimer App: theme, keymap and routing between screens. Nothing else.

Screens other than the picker are reached through `hiptimer.screens`, which loads each on first
use: start-up pays for the picker alone."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING, Any, Unpack

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Input

from hiptimer import screens
from hiptimer.commands import system_commands
from hiptimer.screens.picker import PickerScreen
from hiptimer.service import Notice, RunOptions, Session, SessionService
from hiptimer.signals import exit_cleanly_on_signals, report_crash
from hiptimer.theme import start_with_theme

if TYPE_CHECKING:
    from hiptimer.routines import LoadedRoutine

__all__ = ["HipTimerApp"]


class HipTimerApp(App[None]):
    """The full-screen timer. What happens between the screens is the `service`'s."""

    CSS_PATH = ["assets/styles/hiptimer.tcss"]
    """The picker's, preview's and dialogs' styles; other screens bring theirs, parsed on opening."""
    TITLE = "hiptimer"
    BINDINGS = [
        Binding("question_mark", "help", "Help", id="app.help", tooltip="Keys for every phase"),
        # Every set is committed when done, so Ctrl+C leaves at once; the session is offered back.
        Binding("ctrl+c", "quit", "Quit", id="app.interrupt", show=False, priority=True),
    ]

    def __init__(self, *, routine: str | None = None, **options: Unpack[RunOptions]) -> None:
        """`routine` (an id or a .toml path) opens in its preview; `options` go to the service."""
        super().__init__()
        self.service = SessionService(notify=self._show, later=self.set_timer, **options)
        self.start_routine = routine
        # The first screen, under every other: Textual's default one (see get_default_screen).
        self.picker = PickerScreen(self.service)
        start_with_theme(self, self.service.settings.theme)
        self.set_keymap(self.service.settings.keymap)  # before the picker's footer is composed

    def _show(self, notice: Notice) -> None:
        """A notice as a toast, not read as markup: it may quote a routine's name or a path."""
        title, severity, timeout = notice.title, notice.severity, notice.timeout
        self.notify(notice.text, title=title, severity=severity, timeout=timeout, markup=False)

    def _handle_exception(self, error: Exception) -> None:
        """Textual's hook for an unexpected error; see `report_crash`."""
        super()._handle_exception(error)
        report_crash(self, error)

    def on_mount(self) -> None:
        exit_cleanly_on_signals(self, self.service.save_what_is_kept)
        for problem in self.service.setting_problems:
            self._show(Notice(str(problem), title="Settings", severity="warning"))
        # A theme picked later (palette, settings) is kept; the one set at start-up is no pick.
        self.theme_changed_signal.subscribe(self, lambda new: self.service.remember_theme(new.name))

    def get_default_screen(self) -> PickerScreen:
        """Pushed over Textual's empty default screen, the picker painted 30 ms later: that
        screen's styles and layout came first (bench/README.md)."""
        return self.picker

    def on_ready(self) -> None:
        """The history's work (70 ms) waits for the first frame; headless (`run_test`) it does not."""
        if self.is_headless:
            return self._after_first_frame()
        self.call_after_refresh(self._after_first_frame)

    def _after_first_frame(self) -> None:
        """What needs the history (the resume offer, a preview's side) opens over the picker."""
        if len(self.screen_stack) > 1:
            return  # the runner has already moved on from the picker; the offer waits a launch
        if self.start_routine:
            self.open_preview(self.start_routine)
        if offer := self.service.resume_offer():
            self.push_screen(screens.ResumeDialog(offer), self._run)
        if record := self.service.pain_to_follow_up():
            answer = partial(self.service.answer_follow_up, record.id)
            self.push_screen(screens.PainCheckDialog(record), answer)
        self.picker.show_today()

    def open_preview(self, routine: str | LoadedRoutine) -> None:
        """A routine's preview: by id or path (a bad one is a message), or one loaded (today's)."""
        loaded = self.service.own_routines.resolve(routine) if isinstance(routine, str) else routine
        if loaded is not None:  # one given already loaded is today's session, from the card
            self.push_screen(
                screens.PreviewScreen.of(loaded, self.service, todays=loaded is routine)
            )

    def on_picker_screen_routine_chosen(self, message: PickerScreen.RoutineChosen) -> None:
        self.open_preview(message.routine)

    def on_preview_screen_start(self, message: screens.PreviewScreen.Start) -> None:
        session = self.service.start(message.loaded, message.first_side, weight=message.weight)
        self._run(session, instead_of_preview=True)

    def on_summary_screen_answered(self, message: screens.SummaryScreen.Answered) -> None:
        self.service.answer(message.session_id, effort=message.effort, pain=message.pain)

    def on_summary_screen_weight_changed(
        self, message: screens.SummaryScreen.WeightChanged
    ) -> None:
        self.service.set_weight(message.session_id, message.key, message.weight)

    def _run(self, session: Session | None, *, instead_of_preview: bool = False) -> None:
        if session is not None:
            screen = screens.SessionScreen(session)
            (self.switch_screen if instead_of_preview else self.push_screen)(screen)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Where `?` is typed (the picker's filter) it is no key for help; f1 is (`open_help`).
        return not (action == "help" and isinstance(self.focused, Input))

    def action_open_help(self) -> None:
        if not isinstance(self.screen, screens.HelpScreen):
            self.push_screen(screens.HelpScreen.over(self.screen, self.service.cue_alerts))

    action_help = action_open_help  # `?`, which `check_action` turns off where it is typed

    def action_open_history(self) -> None:
        self.push_screen(screens.HistoryScreen.of(self.service))

    def action_open_settings(self) -> None:
        self.push_screen(
            screens.SettingsScreen(self.service.settings, save=self.service.apply_settings)
        )

    def on_preview_screen_edited(self, message: screens.PreviewScreen.Edited) -> None:
        self.pop_screen()
        self.open_preview(message.routine_id)

    def action_command_palette(self) -> None:
        screens.open_palette(self)  # Textual's, with safe page keys

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield from system_commands(self, self.service.library, self.open_preview)
