"""At the next launch after a session with pain: how does it feel now? Asked once, one key."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from hiptimer.widgets import KeyFooter

if TYPE_CHECKING:
    from hiptimer.domain.history import SessionRecord

__all__ = ["PainCheckDialog", "score_of_key"]


def score_of_key(key: str, *, low: int) -> int | None:
    """One key for a 0-10 (or 1-10) answer: a digit, or "+" for 10 on either scale (and 0 as 10
    where 0 is not on the scale, as on a phone's keypad)."""
    if key.isdigit() and len(key) == 1:
        value = int(key)
        if value == 0 and low == 1:
            return 10
        return value if value >= low else None
    if key in ("plus", "+"):
        return 10
    return None


class PainCheckDialog(ModalScreen[int | None]):
    """Dismisses with the pain now (0-10), or None when the runner lets it go: it is not asked
    again, and no answer means no gate."""

    BINDINGS = [
        Binding("escape", "skip", "Skip", id="pain.skip", tooltip="Not now; it is not asked again"),
    ]

    def __init__(self, record: SessionRecord) -> None:
        super().__init__()
        self.record = record

    def compose(self) -> ComposeResult:
        when = self.record.started_at.astimezone().strftime("%A")
        with Vertical(classes="dialog"):
            yield Static("[b]How does it feel now?[/b]", classes="dialog-title")
            yield Static(
                Text.assemble(
                    f"You had pain {self.record.pain}/10 during {self.record.routine_name} on ",
                    f"{when}. Pain now, 0 (none) to 9, + for 10.\n\n",
                    "Not settled by now holds the next step up, as the pain-monitoring model "
                    "in running rehab says. Escape skips.",
                )
            )
        yield KeyFooter()

    def on_key(self, event: events.Key) -> None:
        value = score_of_key(event.character or event.key, low=0)
        if value is not None:
            event.stop()
            self.dismiss(value)

    def action_skip(self) -> None:
        self.dismiss(None)
