"""Asks for a new id for one of the runner's own routines."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from hiptimer.widgets import KeyFooter

__all__ = ["RenameDialog"]


class RenameDialog(ModalScreen[str | None]):
    """Type the new id and Enter; Escape keeps the old one. Dismisses with the new id or None."""

    BINDINGS = [
        Binding("escape", "cancel", "Keep the name", id="rename.cancel", tooltip="Do not rename"),
    ]

    def __init__(self, routine_id: str) -> None:
        super().__init__()
        self.routine_id = routine_id

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(f"Rename {self.routine_id}", style="bold"), classes="dialog-title")
            yield Static("The new id, the word you type to run it (letters, digits, - and _):")
            yield Input(value=self.routine_id, id="new-id", restrict=r"[A-Za-z0-9_-]*")
            yield Static(id="rename-problem")
        yield KeyFooter()

    @on(Input.Submitted, "#new-id")
    def submit(self, event: Input.Submitted) -> None:
        new_id = event.value.strip()
        if not new_id or new_id == self.routine_id:
            self.dismiss(None)
        else:
            self.dismiss(new_id)

    def action_cancel(self) -> None:
        self.dismiss(None)
