"""After a crash or a closed terminal: carry on where the session stopped, let it go, or wait."""

from __future__ import annotations

from datetime import datetime

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

__all__ = ["ResumeDialog", "stopped_when"]


class ResumeDialog(ModalScreen[bool | None]):
    """Dismisses with True to resume, False to discard (its sets stay in the history), and None
    to decide later: Escape only puts the question off, so a stray key never ends a session."""

    BINDINGS = [
        Binding(
            "r,enter,y",
            "answer(True)",
            "Resume",
            id="resume.resume",
            tooltip="Carry on at the first set not done",
        ),
        Binding(
            "d,n",
            "answer(False)",
            "Discard",
            id="resume.discard",
            tooltip="Close that session; its sets stay in your history",
        ),
        Binding(
            "escape",
            "answer(None)",
            "Not now",
            id="resume.later",
            tooltip="Ask again at the next start",
        ),
    ]

    def __init__(self, offer: str, detail: str = "") -> None:
        super().__init__()
        self.offer = offer
        self.detail = detail

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("[b]A session was left unfinished[/b]", classes="dialog-title")
            detail = f"\n{self.detail}" if self.detail else ""
            yield Static(
                f"{self.offer}{detail}\n\n[b]r[/b] resume   [b]d[/b] discard (sets done are kept)"
                "   [b]esc[/b] not now"
            )
        yield Footer()

    def action_answer(self, resume: bool | None) -> None:
        self.dismiss(resume)


def stopped_when(moment: datetime, now: datetime) -> str:
    """When a session stopped, as the runner would say it: "today at 07:12", "yesterday at
    18:40", "on Wed 18 Nov at 07:05". Both in local time."""
    local, today = moment.astimezone(), now.astimezone().date()
    clock = local.strftime("%H:%M")
    days = (today - local.date()).days
    if days == 0:
        return f"today at {clock}"
    if days == 1:
        return f"yesterday at {clock}"
    return f"on {local:%a} {local.day} {local:%b} at {clock}"
