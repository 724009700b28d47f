"""Asks before one of the runner's own routine files is deleted."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from hiptimer.widgets import KeyFooter

__all__ = ["DeleteDialog"]


class DeleteDialog(ModalScreen[bool]):
    """ "Delete my-warmup? (y/n)". Dismisses with True to delete."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes, delete", id="delete.yes", tooltip="Delete the file"),
        Binding(
            "n,escape,q", "answer(False)", "No, keep it", id="delete.no", tooltip="Keep the file"
        ),
    ]

    def __init__(self, routine_id: str, name: str) -> None:
        super().__init__()
        self.routine_id = routine_id
        self.routine_name = name

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            title = Text.assemble(("Delete ", "bold"), (self.routine_name, "bold"), " (y/n)")
            yield Static(title, classes="dialog-title")
            yield Static(
                Text(
                    f"Your file {self.routine_id}.toml goes. The sessions you did with it stay "
                    "in your history."
                )
            )
        yield KeyFooter()

    def action_answer(self, delete: bool) -> None:
        self.dismiss(delete)
