"""The one alerts seam on the screen side: every cue flashes, sounds (or rings) and may toast."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual.screen import Screen

from hiptimer.alerts import CueAlerts
from hiptimer.domain import Cue, CueKind

__all__ = ["ScreenAlerts"]

FLASH_SECONDS = 0.35
TOASTED = frozenset({CueKind.MINIMUM, CueKind.AT})
"""Cues worth a short toast too (the cue panel may be hidden on a small window). A switch or a
rest shows on the whole screen already."""
QUIET = frozenset({CueKind.BEAT})
"""Cues that come too often to flash the whole screen for."""


class ScreenAlerts:
    """Adds what only the terminal can do (flash, bell, toast) to the sound and speech layer."""

    def __init__(self, cue_alerts: CueAlerts) -> None:
        self.cue_alerts = cue_alerts

    def cues(self, screen: Screen[Any], cues: Sequence[Cue]) -> None:
        """Cues that fired in one poll of the engine: one sound, one sentence, one flash."""
        if not cues:
            return
        outcome = self.cue_alerts.on_cues(cues)
        if outcome.bell:
            screen.app.bell()
        if any(cue.kind not in QUIET for cue in cues):
            # On the timer's area, not the screen: a screen class restyles every widget.
            area = screen.query_one("#main")
            area.add_class("-flash")
            screen.set_timer(FLASH_SECONDS, lambda: area.remove_class("-flash"))
        for cue in cues:
            if cue.kind in TOASTED:
                screen.notify(cue.text, timeout=3, markup=False)  # cue text is the file's

    def hush(self) -> None:
        """Stop a sentence still being spoken: the session ended or was left."""
        self.cue_alerts.hush()

    @property
    def backend_name(self) -> str:
        return self.cue_alerts.backend_name

    @property
    def speech_name(self) -> str:
        return self.cue_alerts.speech_name
