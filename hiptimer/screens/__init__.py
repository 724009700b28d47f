"""The screens, one per file. Each loads on first use (PEP 562), so start-up pays only for the
picker."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hiptimer.lazy import lazy_attributes

if TYPE_CHECKING:
    from hiptimer.screens.away import AwayDialog
    from hiptimer.screens.delete_dialog import DeleteDialog
    from hiptimer.screens.help import HelpScreen
    from hiptimer.screens.history import HistoryScreen
    from hiptimer.screens.pain_check import PainCheckDialog
    from hiptimer.screens.palette import CommandPalette, open_palette
    from hiptimer.screens.picker import PickerScreen
    from hiptimer.screens.preview import PreviewScreen
    from hiptimer.screens.quit_dialog import QuitDialog
    from hiptimer.screens.rename_dialog import RenameDialog
    from hiptimer.screens.resume import ResumeDialog
    from hiptimer.screens.session import SessionScreen
    from hiptimer.screens.settings import SettingsScreen
    from hiptimer.screens.summary import SummaryScreen

_HOMES = {
    "AwayDialog": "away",
    "CommandPalette": "palette",
    "DeleteDialog": "delete_dialog",
    "HelpScreen": "help",
    "HistoryScreen": "history",
    "PainCheckDialog": "pain_check",
    "PickerScreen": "picker",
    "PreviewScreen": "preview",
    "QuitDialog": "quit_dialog",
    "RenameDialog": "rename_dialog",
    "ResumeDialog": "resume",
    "SessionScreen": "session",
    "SettingsScreen": "settings",
    "SummaryScreen": "summary",
    "open_palette": "palette",
}

__all__ = [
    "AwayDialog",
    "CommandPalette",
    "DeleteDialog",
    "HelpScreen",
    "HistoryScreen",
    "PainCheckDialog",
    "PickerScreen",
    "PreviewScreen",
    "QuitDialog",
    "RenameDialog",
    "ResumeDialog",
    "SessionScreen",
    "SettingsScreen",
    "SummaryScreen",
    "open_palette",
]


__getattr__ = lazy_attributes(__name__, _HOMES)
