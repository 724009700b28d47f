"""The screens, one per file."""

from hiptimer.screens.away import AwayDialog
from hiptimer.screens.help import HelpScreen
from hiptimer.screens.picker import PickerScreen
from hiptimer.screens.preview import PreviewScreen
from hiptimer.screens.quit_dialog import QuitDialog
from hiptimer.screens.resume import ResumeDialog
from hiptimer.screens.session import SessionScreen
from hiptimer.screens.summary import SummaryScreen

__all__ = [
    "AwayDialog",
    "HelpScreen",
    "PickerScreen",
    "PreviewScreen",
    "QuitDialog",
    "ResumeDialog",
    "SessionScreen",
    "SummaryScreen",
]
