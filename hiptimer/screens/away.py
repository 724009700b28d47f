"""After a suspend: the phase stopped itself; the runner decides what it was."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from hiptimer.routines import format_clock
from hiptimer.widgets import KeyFooter

__all__ = ["AwayDialog"]


class AwayDialog(ModalScreen[str]):
    """Dismisses with "resume", "restart" or "done"."""

    BINDINGS = [
        Binding(
            "r,enter",
            "choose('resume')",
            "Resume",
            id="away.resume",
            tooltip="Carry on from where it stopped",
        ),
        Binding(
            "s",
            "choose('restart')",
            "Restart",
            id="away.restart",
            tooltip="Start this phase again from the top",
        ),
        Binding(
            "d",
            "choose('done')",
            "Mark done",
            id="away.done",
            tooltip="Count a hold or set as done in full; end a rest or switch",
        ),
    ]

    def __init__(self, gap: float, phase: str = "hold") -> None:
        super().__init__()
        self.gap = gap
        self.phase = phase
        """What stopped, as a runner says it: "hold", "rest", "switch", "set"."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("[b]‖ Welcome back[/b]", classes="dialog-title")
            yield Static(
                f"The timer was away for {format_clock(self.gap)} (the laptop probably slept), "
                f"so the {self.phase} stopped where it was last seen.\n\n"
                f"[b]r[/b] resume   [b]s[/b] restart the {self.phase}   [b]d[/b] "
                + ("mark it done" if self.phase in ("hold", "set") else "end it")
            )
        yield KeyFooter()

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)
