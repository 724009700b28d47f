"""Reusable widgets of the session screen."""

from hiptimer.widgets.big_time import BigTime
from hiptimer.widgets.cue_panel import CuePanel
from hiptimer.widgets.history_calendar import HistoryCalendar
from hiptimer.widgets.one_line import OneLine
from hiptimer.widgets.phase_banner import PHASE_SYMBOLS, PhaseBanner
from hiptimer.widgets.session_bar import SessionBar
from hiptimer.widgets.set_checklist import STATE_MARKS, SetChecklist
from hiptimer.widgets.side_badge import SideBadge
from hiptimer.widgets.side_trend import SideTrend

__all__ = [
    "PHASE_SYMBOLS",
    "STATE_MARKS",
    "BigTime",
    "CuePanel",
    "HistoryCalendar",
    "OneLine",
    "PhaseBanner",
    "SessionBar",
    "SetChecklist",
    "SideBadge",
    "SideTrend",
]
