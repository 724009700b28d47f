"""The set checklist: every exercise × set × side, checked off as it is done."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from hiptimer.domain import ChecklistItem, SetState

__all__ = ["STATE_MARKS", "SetChecklist"]

STATE_MARKS = {
    SetState.DONE: "✔",
    SetState.SHORT: "◐",
    SetState.SKIPPED: "✘",
    SetState.CURRENT: "▶",
    SetState.PENDING: "○",
}


def describe(item: ChecklistItem) -> str:
    parts = [item.exercise]
    if not item.progress.endswith("/1"):
        parts.append(item.progress)
    if item.side:
        parts.append(item.side.upper())
    state = "" if item.state in (SetState.PENDING, SetState.CURRENT) else f" ({item.state})"
    return f"{STATE_MARKS[item.state]} {' · '.join(parts)}{state}"


class SetChecklist(OptionList):
    """Selecting the current set checks it off (the screen handles `OptionSelected`)."""

    DEFAULT_CSS = """
    SetChecklist {
        height: 1fr;
        border: round $panel;
        border-title-align: left;
    }
    """

    can_focus = False
    """Keys belong to the session; a click on the current set still checks it off."""

    def on_mount(self) -> None:
        self.border_title = "Sets"

    def show(self, items: Sequence[ChecklistItem]) -> None:
        """Replace the rows, keeping the current set in view."""
        done = sum(item.state in (SetState.DONE, SetState.SHORT) for item in items)
        self.border_title = f"Sets {done}/{len(items)}"
        self.clear_options()
        # Content, not str: an Option parses a str as markup, and names come from the file.
        self.add_options(
            Option(Content(describe(item)), id=str(index)) for index, item in enumerate(items)
        )
        current = next((i for i, item in enumerate(items) if item.state is SetState.CURRENT), None)
        if current is not None:
            self.highlighted = current
            self.call_after_refresh(self.scroll_to_highlight)
