"""The hiptimer App: theme, keymap and routing between screens. Nothing else."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from functools import cached_property
from typing import TYPE_CHECKING, Any

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Input

from hiptimer.commands import system_commands
from hiptimer.routines import RoutineFileError, RoutineNotFound
from hiptimer.screens.picker import PickerScreen
from hiptimer.service import Notice, Session, SessionService
from hiptimer.signals import exit_cleanly_on_signals, report_crash
from hiptimer.theme import start_with_theme

if TYPE_CHECKING:
    from hiptimer.alerts import CueAlerts
    from hiptimer.routines.own_files import RoutineFiles
    from hiptimer.screens.preview import PreviewScreen
    from hiptimer.screens.summary import SummaryScreen

__all__ = ["HipTimerApp"]


class HipTimerApp(App[None]):
    """The full-screen timer. What happens between the screens is the `service`'s."""

    CSS_PATH = ["assets/styles/hiptimer.tcss"]
    """The picker's and session's styles; the history and settings screens bring their own,
    parsed when first opened rather than at every start."""
    TITLE = "hiptimer"
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
        self.service = SessionService(
            notify=self._show, clock=clock, wall_clock=wall_clock, mute=mute,
            cue_alerts=cue_alerts, later=self.set_timer,
        )  # fmt: skip
        self.start_routine = routine
        start_with_theme(self, self.service.settings.theme)

    def _show(self, notice: Notice) -> None:
        self.notify(
            notice.text,
            title=notice.title,
            severity=notice.severity,
            timeout=notice.timeout,
            markup=False,  # a notice may quote a routine's name or a file's path
        )

    def _handle_exception(self, error: Exception) -> None:
        """Textual's hook for an unexpected error; see `report_crash`."""
        super()._handle_exception(error)
        report_crash(self, error)

    def on_mount(self) -> None:
        exit_cleanly_on_signals(self, self.service.save_what_is_kept)
        self.set_keymap(self.service.settings.keymap)
        for problem in self.service.setting_problems:
            self.notify(
                str(problem), title="Settings", severity="warning", timeout=10, markup=False
            )
        self.push_screen(PickerScreen(self.service.library, self.service.estimate_seconds))

    def on_ready(self) -> None:
        """The picker's first frame is on the screen. It needs no history, so SQLite, the history
        package and the check for an unfinished session waited for it; the preview (it asks the
        history which side starts) and the resume offer open now, on top of the painted picker."""
        if len(self.screen_stack) > 2:
            return  # the runner has already moved on from the picker; the offer waits a launch
        if self.start_routine:
            self.open_preview(self.start_routine)
        if offer := self.service.resume_offer():
            from hiptimer.screens.resume import ResumeDialog

            self.push_screen(ResumeDialog(offer), self._run)
        if record := self.service.pain_to_follow_up():
            from hiptimer.screens.pain_check import PainCheckDialog

            answer = self.service.answer_follow_up
            self.push_screen(PainCheckDialog(record), lambda pain: answer(record.id, pain))
        self.on_picker_screen_today_wanted()

    def watch_theme(self, theme: str) -> None:
        """A theme picked from the palette or the settings is kept for the next run."""
        # Start-up applies the theme before the first screen: that one (maybe a fallback for an
        # unknown name) must not rewrite the user's file.
        if len(self.screen_stack) > 1:
            try:
                self.service.remember_theme(theme)
            except OSError as error:
                self.notify(
                    f"The theme could not be saved: {error}", severity="error", markup=False
                )

    def open_preview(self, argument: str) -> None:
        """Open a routine's preview by id or .toml path; a bad one is a message, not a crash."""
        try:
            loaded = self.service.library.resolve(argument)
        except (RoutineNotFound, RoutineFileError) as error:
            self.notify(
                str(error), title="Cannot open routine", severity="error", timeout=10, markup=False
            )
            return
        from hiptimer.screens.preview import PreviewScreen

        # From the picker, the palette or `hiptimer run`: the coach's dose, as `today` gives it.
        dosed = self.service.dosed(loaded)
        side = self.service.first_side(loaded.id)
        defaults = self.service.plan_defaults()
        self.push_screen(
            PreviewScreen(dosed.loaded, defaults, side, source=dosed.source, file=loaded)
        )

    def on_picker_screen_routine_chosen(self, message: PickerScreen.RoutineChosen) -> None:
        self.open_preview(message.routine_id)

    def on_picker_screen_today_wanted(self, _: object = None) -> None:
        if (today := self.service.today()) is not None:
            from hiptimer.service.coach import brief_lines, card_lines, today_row

            picker = next(s for s in self.screen_stack if isinstance(s, PickerScreen))
            picker.show_today(
                card_lines(today[0]), today[1], today_row(today[0]), brief_lines(today[0])
            )

    def on_picker_screen_today_chosen(self, message: PickerScreen.TodayChosen) -> None:
        from hiptimer.screens.preview import PreviewScreen
        from hiptimer.service.coach import TODAYS_SESSION

        loaded = message.loaded
        side = self.service.first_side(loaded.id)
        file = self.service.library.routines.get(loaded.id)
        defaults = self.service.plan_defaults()
        self.push_screen(PreviewScreen(loaded, defaults, side, source=TODAYS_SESSION, file=file))

    def on_preview_screen_start(self, message: PreviewScreen.Start) -> None:
        session = self.service.start(message.loaded, message.first_side, weight=message.weight)
        self._run(session, instead_of_preview=True)

    def on_summary_screen_answered(self, message: SummaryScreen.Answered) -> None:
        self.service.answer(message.session_id, effort=message.effort, pain=message.pain)

    def on_summary_screen_weight_changed(self, message: SummaryScreen.WeightChanged) -> None:
        self.service.set_weight(message.session_id, message.key, message.weight)

    def _run(self, session: Session | None, *, instead_of_preview: bool = False) -> None:
        from hiptimer.screens.session import SessionScreen

        if session is not None:
            screen = SessionScreen(session)
            (self.switch_screen if instead_of_preview else self.push_screen)(screen)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Where `?` is typed (the picker's filter), it is no key for help: f1 is (`open_help`).
        return not (action == "help" and isinstance(self.focused, Input))

    def action_help(self) -> None:
        self.action_open_help()

    def action_open_help(self) -> None:
        from hiptimer.screens.help import HelpScreen
        from hiptimer.screens.session import SessionScreen

        if not isinstance(self.screen, HelpScreen):
            in_session = isinstance(self.screen, SessionScreen)
            alerts = self.service.cue_alerts
            self.push_screen(
                HelpScreen(alerts.backend_name, alerts.speech_name, in_session=in_session)
            )

    def action_open_history(self) -> None:
        from hiptimer.screens.history import HistoryScreen  # loaded only when asked for

        service = self.service
        today = service.wall_clock().astimezone().date()
        progress = service.progress_lines if service.history is not None else None
        self.push_screen(
            HistoryScreen(
                service.history, service.settings.weekly_goal, today=today, progress=progress
            )
        )

    def action_open_settings(self) -> None:
        from hiptimer.screens.settings import SettingsScreen

        self.push_screen(SettingsScreen(self.service.settings, save=self.service.apply_settings))

    @cached_property
    def routine_files(self) -> RoutineFiles:
        from hiptimer.paths import user_routines_dir
        from hiptimer.routines.own_files import RoutineFiles

        return RoutineFiles(user_routines_dir())

    def _routines_changed(self, highlight: str | None = None) -> None:
        """Read the routines folder again and show it in the picker."""
        library = self.service.library = self.routine_files.library()
        for screen in self.screen_stack:
            if isinstance(screen, PickerScreen):
                screen.show_library(library, highlight)

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
                    outcome = self.routine_files.edit(argument, self.service.library.routines)
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
            self.open_preview(
                routine_id if routine_id in self.service.library.routines else argument
            )

    def on_preview_screen_write_dose(self, message: PreviewScreen.WriteDose) -> None:
        from hiptimer.routines.own import OwnRoutineError
        from hiptimer.screens.preview import PreviewScreen

        try:
            written = self.routine_files.write_dose(message.loaded, message.dose.changes)
        except (RoutineFileError, OwnRoutineError, OSError) as error:
            self.notify(str(error), title="Not written", severity="error", timeout=10, markup=False)
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
            self.notify(str(error), title="Cannot rename", severity="error", markup=False)
            return
        self._routines_changed(path.stem)
        self.notify(f"Renamed {message.routine_id} to {path.stem}", markup=False)

    def on_picker_screen_delete(self, message: PickerScreen.Delete) -> None:
        from hiptimer.routines.own import OwnRoutineError

        try:
            self.routine_files.delete(message.routine_id)
        except OwnRoutineError as error:
            self.notify(str(error), title="Cannot delete", severity="error", markup=False)
            return
        self._routines_changed()
        self.notify(
            f"Deleted {message.routine_id}; its sessions stay in your history", markup=False
        )

    def action_command_palette(self) -> None:
        from hiptimer.screens.palette import CommandPalette  # Textual's, with safe page keys

        if self.use_command_palette and not isinstance(self.screen, CommandPalette):
            self.push_screen(CommandPalette(id="--command-palette"))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield from system_commands(self, self.service.library, self.open_preview)
