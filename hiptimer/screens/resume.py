"""After a crash or a closed terminal: carry on where the session stopped, or let it go."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

__all__ = ["ResumeDialog"]


class ResumeDialog(ModalScreen[bool]):
    """Dismisses with True to resume, False to discard (its sets stay in the history)."""

    BINDINGS = [
        Binding(
            "r,enter,y",
            "answer(True)",
            "Resume",
            id="resume.resume",
            tooltip="Carry on at the first set not done",
        ),
        Binding(
            "d,escape,n",
            "answer(False)",
            "Discard",
            id="resume.discard",
            tooltip="Close that session; its sets stay in your history",
        ),
    ]

    def __init__(self, offer: str) -> None:
        super().__init__()
        self.offer = offer

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("[b]A session was left unfinished[/b]", classes="dialog-title")
            yield Static(f"{self.offer}\n\n[b]r[/b] resume   [b]d[/b] discard (sets done are kept)")
        yield Footer()

    def action_answer(self, resume: bool) -> None:
        self.dismiss(resume)
