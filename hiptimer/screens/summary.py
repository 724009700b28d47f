"""What was done, per exercise and side, with actual hold seconds, and what was skipped or short."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from hiptimer.domain import SessionEngine, SetResult, SetState
from hiptimer.routines import LoadedRoutine, format_clock
from hiptimer.widgets import STATE_MARKS

__all__ = ["SummaryScreen", "result_text"]


def result_text(result: SetResult) -> str:
    """ "15 reps", "2:05 held", "skipped"."""
    if result.skipped:
        return "skipped"
    if result.reps is not None:
        return f"{result.reps} reps"
    return f"{format_clock(result.seconds)} held"


class SummaryScreen(Screen[None]):
    """The end of a session (or what there was of it, after quitting)."""

    BINDINGS = [
        Binding(
            "enter,escape,q",
            "close",
            "Back to routines",
            id="summary.close",
            tooltip="Back to the routine list",
        ),
    ]

    def __init__(self, loaded: LoadedRoutine, engine: SessionEngine) -> None:
        super().__init__()
        self.loaded = loaded
        self.engine = engine

    def compose(self) -> ComposeResult:
        items = self.engine.checklist()
        done = [item for item in items if item.state in (SetState.DONE, SetState.SHORT)]
        skipped = [item for item in items if item.state is SetState.SKIPPED]
        short = [item for item in items if item.state is SetState.SHORT]
        heading = "✔ Session complete" if self.engine.is_done else "‖ Session ended early"
        yield Static(f"[b]{heading}: {self.loaded.routine.name}[/b]", id="summary-title")
        yield Static(
            f"Total time {format_clock(self.engine.session_seconds())} · {len(done)} of {len(items)} sets done"
            f" · {len(short)} short · {len(skipped)} skipped",
            id="summary-totals",
        )
        table: DataTable[str] = DataTable(id="summary-table", cursor_type="row", zebra_stripes=True)
        table.add_columns("", "Exercise", "Set", "Side", "Done", "Target")
        for item in items:
            result = item.result
            table.add_row(
                STATE_MARKS[item.state],
                item.exercise,
                item.progress,
                (item.side or "").upper(),
                result_text(result) if result else "not done",
                result.target if result else "",
            )
        yield table
        yield Footer()

    def action_close(self) -> None:
        self.app.pop_screen()
