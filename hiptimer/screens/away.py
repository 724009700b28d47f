"""After a suspend: the hold stopped itself; the runner decides what it was."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from hiptimer.routines import format_clock

__all__ = ["AwayDialog"]


class AwayDialog(ModalScreen[str]):
    """Dismisses with "resume", "restart" or "done"."""

    BINDINGS = [
        Binding(
            "r,enter",
            "choose('resume')",
            "Resume",
            id="away.resume",
            tooltip="Carry on from where the hold stopped",
        ),
        Binding(
            "s",
            "choose('restart')",
            "Restart hold",
            id="away.restart",
            tooltip="Start this hold again from the top",
        ),
        Binding(
            "d",
            "choose('done')",
            "Mark done",
            id="away.done",
            tooltip="Count the hold as held in full",
        ),
    ]

    def __init__(self, gap: float) -> None:
        super().__init__()
        self.gap = gap

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("[b]‖ Welcome back[/b]", classes="dialog-title")
            yield Static(
                f"The timer was away for {format_clock(self.gap)} (the laptop probably slept), "
                "so the hold stopped where it was last seen.\n\n"
                "[b]r[/b] resume   [b]s[/b] restart the hold   [b]d[/b] mark it done"
            )
        yield Footer()

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)
