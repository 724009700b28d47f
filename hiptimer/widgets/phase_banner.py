"""The phase banner: what kind of work this is, told by words and symbols, not colour alone."""

from __future__ import annotations

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

    def watch_banner(self, banner: str) -> None:
        symbol = PHASE_SYMBOLS.get(banner, "•")
        self.update(f"{symbol} {banner} {symbol}")
        for name in PHASE_SYMBOLS:
            self.set_class(name == banner, f"-{name.lower().replace(' ', '-')}")
