"""The quit confirmation: a stray key never ends a session."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from hiptimer.widgets import KeyFooter

__all__ = ["QuitDialog"]


class QuitDialog(ModalScreen[bool]):
    """ "Quit session? (y/n)". Dismisses with True to quit."""

    BINDINGS = [
        Binding(
            "y",
            "answer(True)",
            "Yes, quit",
            id="quit.yes",
            tooltip="End the session; sets done are kept",
        ),
        Binding(
            "n,escape,q",
            "answer(False)",
            "No, carry on",
            id="quit.no",
            tooltip="Back to the session",
        ),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("[b]Quit session? (y/n)[/b]", classes="dialog-title")
            yield Static("Every set done so far is kept in your history.")
        yield KeyFooter()

    def action_answer(self, quit_now: bool) -> None:
        self.dismiss(quit_now)
