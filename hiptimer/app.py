"""The hiptimer App: theme, keymap, settings and routing between screens. Nothing else."""

from __future__ import annotations

from textual.app import App

__all__ = ["HipTimerApp"]


class HipTimerApp(App[None]):
    """The full-screen timer."""

    def __init__(self, *, mute: bool = False, routine: str | None = None) -> None:
        super().__init__()
        self.mute = mute
        self.start_routine = routine
