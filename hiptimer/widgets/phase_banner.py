"""The phase banner: what kind of work this is, told by words and symbols, not colour alone."""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

__all__ = ["PHASE_SYMBOLS", "PhaseBanner"]

PHASE_SYMBOLS = {
    "GET READY": "»",
    "REPS": "#",
    "HOLD": "■",
    "MAX HOLD": "▲",
    "SWITCH": "⇄",
    "REST": "~",
    "PAUSED": "‖",
    "DONE": "✔",
}


class PhaseBanner(Static):
    """ "■ HOLD ■" – the banner over the timer. Its CSS class names the phase for styling."""

    DEFAULT_CSS = """
    PhaseBanner {
        width: 1fr;
        height: 3;
        content-align: center middle;
        text-style: bold;
        border: heavy $foreground 40%;
    }
    """

    banner: reactive[str] = reactive("GET READY")
    note: reactive[str] = reactive("")
    """A moment of the phase in words ("halfway", "10 s left", "DOWN 2/2"): on a machine with
    no sound, the only sign of it besides a flash."""

    def watch_banner(self, banner: str) -> None:
        for name in PHASE_SYMBOLS:
            self.set_class(name == banner, f"-{name.lower().replace(' ', '-')}")
        self._show()

    def watch_note(self) -> None:
        self._show()

    def _show(self) -> None:
        symbol = PHASE_SYMBOLS.get(self.banner, "•")
        words = f"{symbol} {self.banner} {symbol}"
        self.update(Content(f"{words} · {self.note}" if self.note else words))
