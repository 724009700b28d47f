"""What was done, per exercise and side, with actual hold seconds, and what was skipped or short."""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len, set_cell_size
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.events import Key, Resize
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static

from hiptimer.domain import SessionEngine, SetResult, SetState
from hiptimer.domain.history import length_text
from hiptimer.domain.results import parse_weight
from hiptimer.domain.session_log import RETRY_SECONDS, SessionLog
from hiptimer.routines import LoadedRoutine, SetKey, format_clock
from hiptimer.screens.pain_check import score_of_key
from hiptimer.widgets import STATE_MARKS, KeyFooter

__all__ = ["SummaryScreen", "result_text", "summary_heading"]

_COLUMNS = ("", "Exercise", "Set", "Side", "Done", "Target")
_EXERCISE = 1
_CELL_PADDING = 1
"""DataTable's padding on each side of a cell."""
_SCROLLBAR = 2
"""The table's vertical scrollbar, when a long session needs it."""
_SHORTEST_NAME = 12


def summary_heading(done: int, skipped: int, *, reached_end: bool, short: int = 0) -> str:
    """What the session was, in a word: complete only when it reached the end with every set
    done to its target; not "complete" when most sets were skipped or cut short (`done`
    counts the short ones too)."""
    if not reached_end:
        return "‖ Session ended early"
    if skipped > done:
        return "✘ Session over, most sets skipped"
    if 2 * short > done:
        return "◐ Session done, most sets short of their target"
    if skipped:
        return "✔ Session done, some sets skipped"
    if short:
        return "✔ Session done, some sets short"
    return "✔ Session complete"


_QUESTIONS = {
    "effort": "How hard was it? Effort 1–9, + for 10",
    "pain": "Any pain during it? 0 (none) to 9, + for 10",
}

SPARE_ENTER_SECONDS = 1.0
"""An Enter this soon after the summary opens is the one that ended the last set, pressed twice
or held: it neither skips a question nor leaves the screen."""


def result_text(result: SetResult) -> str:
    """ "15 reps", "2:05 held", "skipped"."""
    if result.skipped:
        return "skipped"
    if result.reps is not None:
        return f"{result.reps} reps"
    return f"{format_clock(result.seconds)} held"


class SummaryScreen(Screen[None]):
    """The end of a session (or what there was of it, after quitting). Two optional one-key
    questions, effort and pain, feed the coach's gate; Enter skips one, Escape leaves."""

    @dataclass
    class Answered(Message):
        """The runner answered how hard it was or how much it hurt (None: not that one)."""

        session_id: int
        effort: int | None = None
        pain: int | None = None

    @dataclass
    class WeightChanged(Message):
        """The runner changed the weight of one set that names a load."""

        session_id: int
        key: SetKey
        weight: float | None

    BINDINGS = [
        Binding(
            "l",
            "weight",
            "Weight",
            id="summary.weight",
            tooltip="Change the weight of the highlighted set",
        ),
        Binding(
            "enter,escape,q",
            "close",
            "Back to routines",
            id="summary.close",
            tooltip="Back to the routine list",
        ),
    ]

    def __init__(
        self, loaded: LoadedRoutine, engine: SessionEngine, *, log: SessionLog | None = None
    ) -> None:
        super().__init__()
        self.loaded = loaded
        self.engine = engine
        self.session_log = log
        """What the history holds of this session; None when history is off for this run."""
        self._rows: list[tuple[str, ...]] = []
        self._name_width: int | None = None
        self._asking: list[str] = ["effort", "pain"] if log is not None else []
        self._answers: dict[str, int] = {}

    def compose(self) -> ComposeResult:
        items = self.engine.checklist()
        done = [item for item in items if item.state in (SetState.DONE, SetState.SHORT)]
        skipped = [item for item in items if item.state is SetState.SKIPPED]
        short = [item for item in items if item.state is SetState.SHORT]
        heading = summary_heading(
            len(done), len(skipped), reached_end=self.engine.is_done, short=len(short)
        )
        yield Static(
            Content.assemble((f"{heading}: {self.loaded.routine.name}", "bold")),
            id="summary-title",
        )
        yield Static(
            f"Total time {length_text(self.engine.session_seconds())} · {len(done)} of {len(items)} sets done"
            f" · {len(short)} short · {len(skipped)} skipped",
            id="summary-totals",
        )
        yield Static(id="summary-unsaved")
        yield Static(id="summary-questions")
        self._rows = [
            (
                # The session is over: its first open set is not "current", only not done.
                STATE_MARKS[SetState.PENDING if item.state is SetState.CURRENT else item.state],
                item.exercise,
                item.progress,
                (item.side or "").upper(),
                result_text(item.result) if item.result else "not done",
                item.result.target if item.result else "",
            )
            for item in items
        ]
        self._results = [item.result for item in items]
        yield DataTable(id="summary-table", cursor_type="row", zebra_stripes=True)
        yield Input(placeholder="Weight of this set, e.g. 12.5 (empty: none)", id="set-weight")
        yield KeyFooter()

    def on_mount(self) -> None:
        self._opened_at = self.engine.view_clock()
        self.query_one("#set-weight").display = False
        self._ask()
        self._show_unsaved()
        if self.session_log is not None and self.session_log.unsaved:
            self.set_interval(RETRY_SECONDS, self._show_unsaved)

    def _show_unsaved(self) -> None:
        """The totals count only what the history holds: a set kept to be saved is named, and
        the line goes once it is saved."""
        line = self.query_one("#summary-unsaved", Static)
        if self.session_log is None:
            line.update("History is off for this run: none of these sets was saved.")
            line.add_class("-warning")
            return
        unsaved = self.session_log.unsaved
        items = self.engine.checklist()
        done = [
            item
            for item in items
            if item.state in (SetState.DONE, SetState.SHORT)
            and (item.result is None or item.result.key not in unsaved)
        ]
        totals = self.query_one("#summary-totals", Static)
        short = sum(item.state is SetState.SHORT for item in items)
        skipped = sum(item.state is SetState.SKIPPED for item in items)
        # With sets waiting for the history, the count is of the stored ones, and says so.
        counted_as = "saved" if unsaved else "done"
        totals.update(
            f"Total time {length_text(self.engine.session_seconds())} · {len(done)} of "
            f"{len(items)} sets {counted_as} · {short} short · {skipped} skipped"
        )
        line.display = bool(unsaved)
        line.set_class(bool(unsaved), "-warning")
        if unsaved:
            count = len(unsaved)
            sets = "1 set is" if count == 1 else f"{count} sets are"
            them = "it" if count == 1 else "them"
            if self.session_log.kept_on_disk:
                kept = "it is" if count == 1 else "they are"
                after = f"{kept} kept on disk, and if you quit, the next start stores {them}."
            else:
                after = f"quitting now would lose {them}."
            line.update(
                f"{sets} NOT saved yet ({self.session_log.problem or 'the history is busy'}). "
                f"hiptimer keeps trying while it is open; {after}"
            )

    def _ask(self) -> None:
        line = self.query_one("#summary-questions", Static)
        given = [
            f"effort {self._answers['effort']}/10" if "effort" in self._answers else "",
            f"pain {self._answers['pain']}/10" if "pain" in self._answers else "",
        ]
        done = " · ".join(part for part in given if part)
        if not self._asking:
            line.update(f"✔ Kept: {done}; the coach uses it next time." if done else "")
            line.display = bool(done)
            return
        question = _QUESTIONS[self._asking[0]]
        line.update(f"{done + ' · ' if done else ''}{question} · Enter skips")

    def _loaded_result(self) -> SetResult | None:
        row = self.query_one(DataTable).cursor_row
        result = self._results[row] if 0 <= row < len(self._results) else None
        load = (result.load or "").strip().lower() if result else ""
        return result if result and not result.skipped and load not in ("", "bodyweight") else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "weight":
            return self.session_log is not None and any(
                (r.load or "").strip().lower() not in ("", "bodyweight")
                for r in self._results
                if r is not None
            )
        return True

    def action_weight(self) -> None:
        if self._loaded_result() is None:
            self.notify("This set names no load; pick a loaded set first.", timeout=4)
            return
        field = self.query_one("#set-weight", Input)
        field.display = True
        field.focus()

    @on(Input.Submitted, "#set-weight")
    def weight_entered(self, event: Input.Submitted) -> None:
        event.stop()
        result, log = self._loaded_result(), self.session_log
        try:
            weight = parse_weight(event.value)
        except ValueError as error:
            self.notify(str(error), timeout=5, markup=False)  # what was typed, shown as typed
            return
        event.input.display = False
        self.query_one(DataTable).focus()
        if result is not None and log is not None:
            self.post_message(self.WeightChanged(log.session_id, result.key, weight))
            shown = "no weight" if weight is None else f"{weight:g} {log.weight_unit}"
            self.notify(
                f"{result.exercise}, {result.side or 'both sides'}: {shown}",
                timeout=4,
                markup=False,  # the exercise and side are the routine file's text
            )

    def on_key(self, event: Key) -> None:
        if self.focused is self.query_one("#set-weight"):
            return
        if event.key == "enter" and self._spare_enter():
            event.stop()
            event.prevent_default()
            return
        if not self._asking:
            return
        asking = self._asking[0]
        key = event.character or event.key
        if event.key == "enter":
            event.stop()
            self._asking.pop(0)
            self._ask()
            return
        value = score_of_key(key, low=1 if asking == "effort" else 0)
        if value is None or self.session_log is None:
            return
        event.stop()
        self._answers[asking] = value
        self._asking.pop(0)
        self.post_message(self.Answered(self.session_log.session_id, **{asking: value}))
        self._ask()

    def _spare_enter(self) -> bool:
        return self.engine.view_clock() - self._opened_at < SPARE_ENTER_SECONDS

    def on_resize(self, event: Resize) -> None:
        self._fill(event.size.width)

    def _fill(self, width: int) -> None:
        """The table at this width: a long exercise name gives way, so the result and the
        target always show without scrolling sideways."""
        room = (
            width
            - _SCROLLBAR
            - sum(
                max(map(cell_len, column)) + 2 * _CELL_PADDING
                for index, column in enumerate(zip(_COLUMNS, *self._rows, strict=False))
                if index != _EXERCISE
            )
        )
        longest = max((cell_len(row[_EXERCISE]) for row in self._rows), default=0)
        name_width = max(min(longest, room - 2 * _CELL_PADDING), _SHORTEST_NAME)
        if name_width == self._name_width:
            return
        self._name_width = name_width
        table: DataTable[Text] = self.query_one(DataTable)
        cursor = table.cursor_row
        table.clear(columns=True)
        table.add_columns(*_COLUMNS)
        for row in self._rows:
            name = row[_EXERCISE]
            if cell_len(name) > name_width:
                name = set_cell_size(name, name_width - 1) + "…"
            # A str cell is parsed as markup; the name, side and target come from the file.
            table.add_row(*(Text(cell) for cell in (*row[:_EXERCISE], name, *row[_EXERCISE + 1 :])))
        table.move_cursor(row=cursor)

    def action_close(self) -> None:
        self.app.pop_screen()
