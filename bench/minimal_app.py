"""The reference Textual app for start-up, memory and key latency: a Header, a Digits and a Footer."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Digits, Footer, Header

PAINTED = "minimal reference app"
"""The text the benchmark waits for, as it waits for "pick a routine" in hiptimer."""


class MinimalApp(App[None]):
    """As little as a Textual timer can be: what every Textual app pays before its own code."""

    TITLE = PAINTED
    SUB_TITLE = "0 taps"
    BINDINGS = [("space", "tap", "Tap"), ("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Digits("0")
        yield Footer()

    def action_tap(self) -> None:
        """The key-latency reference: a key that changes one line of text, as a rep tap does."""
        taps = int(self.query_one(Digits).value) + 1
        self.query_one(Digits).update(str(taps))
        self.sub_title = f"{taps} taps"


if __name__ == "__main__":
    MinimalApp().run()
