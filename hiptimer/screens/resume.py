"""After a crash or a closed terminal: carry on where the session stopped, let it go, or wait."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from hiptimer.service import ResumeChoice, ResumeOffer, Session
from hiptimer.widgets import KeyFooter

__all__ = ["ResumeDialog"]


class ResumeDialog(ModalScreen[Session | None]):
    """Asks the offer's question and acts on the answer: resume (it dismisses with the session
    to run), discard (its sets stay in the history) or later. Escape only puts the question off,
    so a stray key never ends a session."""

    BINDINGS = [
        Binding(
            "r,enter,y",
            "answer('resume')",
            "Resume",
            id="resume.resume",
            tooltip="Carry on at the first set not done",
        ),
        Binding(
            "d,n",
            "answer('discard')",
            "Discard",
            id="resume.discard",
            tooltip="Close that session; its sets stay in your history",
        ),
        Binding(
            "escape",
            "answer('later')",
            "Not now",
            id="resume.later",
            tooltip="Ask again at the next start",
        ),
    ]

    def __init__(self, offer: ResumeOffer) -> None:
        super().__init__()
        self.offer = offer

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("[b]A session was left unfinished[/b]", classes="dialog-title")
            detail = f"\n{self.offer.detail}" if self.offer.detail else ""
            # The offer names the routine and exercise: text from a file, never markup.
            yield Static(
                Content(self.offer.text + detail)
                + Content.from_markup(
                    "\n\n[b]r[/b] resume   [b]d[/b] discard (sets done are kept)"
                    "   [b]esc[/b] not now"
                )
            )
        yield KeyFooter()

    def action_answer(self, choice: str) -> None:
        self.dismiss(self.offer.answer(ResumeChoice(choice)))
