"""Reusable widgets of the screens. Each loads on first use (PEP 562), so start-up pays only for
the ones the picker shows."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hiptimer.lazy import lazy_attributes

if TYPE_CHECKING:
    from hiptimer.widgets.big_time import BigTime
    from hiptimer.widgets.cue_panel import CuePanel
    from hiptimer.widgets.history_calendar import HistoryCalendar
    from hiptimer.widgets.key_footer import KeyFooter
    from hiptimer.widgets.list_row import ListRow
    from hiptimer.widgets.one_line import OneLine
    from hiptimer.widgets.paged_options import PagedOptionList, page_options
    from hiptimer.widgets.phase_banner import PHASE_SYMBOLS, PhaseBanner
    from hiptimer.widgets.session_bar import SessionBar
    from hiptimer.widgets.set_checklist import STATE_MARKS, SetChecklist
    from hiptimer.widgets.side_badge import SideBadge
    from hiptimer.widgets.side_trend import SideTrend

_HOMES = {
    "PHASE_SYMBOLS": "phase_banner",
    "STATE_MARKS": "set_checklist",
    "BigTime": "big_time",
    "CuePanel": "cue_panel",
    "HistoryCalendar": "history_calendar",
    "KeyFooter": "key_footer",
    "ListRow": "list_row",
    "OneLine": "one_line",
    "PagedOptionList": "paged_options",
    "PhaseBanner": "phase_banner",
    "SessionBar": "session_bar",
    "SetChecklist": "set_checklist",
    "SideBadge": "side_badge",
    "SideTrend": "side_trend",
    "page_options": "paged_options",
}

__all__ = [
    "PHASE_SYMBOLS",
    "STATE_MARKS",
    "BigTime",
    "CuePanel",
    "HistoryCalendar",
    "KeyFooter",
    "ListRow",
    "OneLine",
    "PagedOptionList",
    "PhaseBanner",
    "SessionBar",
    "SetChecklist",
    "SideBadge",
    "SideTrend",
    "page_options",
]


__getattr__ = lazy_attributes(__name__, _HOMES)
