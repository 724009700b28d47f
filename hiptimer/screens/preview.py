"""The whole plan before starting, with the estimate, the side that goes first and today's dose."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static

from hiptimer.domain.results import parse_weight
from hiptimer.routines import (
    BlockStyle,
    Exercise,
    LoadedRoutine,
    Origin,
    PlanDefaults,
    RoutineFileError,
    estimate_seconds,
    format_clock,
    format_duration,
)
from hiptimer.routines.dose import DoseField, ExercisePlace, TodaysDose, exercise_places
from hiptimer.screens.hand_over import terminal_handed_over
from hiptimer.widgets import KeyFooter

if TYPE_CHECKING:
    from hiptimer.service import OwnRoutines, SessionService

__all__ = ["PreviewScreen"]

_COLUMNS = (("Exercise", "name"), ("Sets", "sets"), ("Reps / hold", "work"), ("Rest", "rest"))


def _place_key(place: ExercisePlace) -> str:
    return f"exercise:{'' if place.block is None else place.block}:{place.index}"


def _place_of(key: str | None) -> ExercisePlace | None:
    if not key or not key.startswith("exercise:"):
        return None
    _, block, index = key.split(":")
    return ExercisePlace(int(block) if block else None, int(index))


class PreviewScreen(Screen[None]):
    """Enter starts the session; `s` changes which side goes first; `+`/`-` change today's dose
    of the highlighted value, `w` writes it into the runner's file, `e` edits the file."""

    @dataclass
    class Edited(Message):
        """The routine was edited and saved: open its preview again, as it is now."""

        routine_id: str
        """An id, or the path of a file from elsewhere."""

    @dataclass
    class Start(Message):
        """Start a session of this routine (as it runs today), this side first."""

        loaded: LoadedRoutine
        first_side: int
        weight: float | None = None
        """The weight for the exercises that name a load, entered once here."""

    BINDINGS = [
        Binding("enter", "start", "Start", id="preview.start", tooltip="Start the session"),
        Binding(
            "s",
            "swap_side",
            "First side",
            id="preview.side",
            tooltip="Change which side goes first",
        ),
        Binding(
            "plus,equals_sign",
            "change(1)",
            "More",
            id="preview.more",
            tooltip="One more set or rep, or a longer hold or rest, for this session",
        ),
        Binding(
            "minus",
            "change(-1)",
            "Less",
            id="preview.less",
            tooltip="One set or rep fewer, or a shorter hold or rest, for this session",
        ),
        Binding(
            "w",
            "write",
            "Write",
            id="preview.write",
            tooltip="Write today's changes into your own copy of the routine",
        ),
        Binding("e", "edit", "Edit", id="preview.edit", tooltip="Open the routine in your editor"),
        Binding(
            "l",
            "weight",
            "Weight",
            id="preview.weight",
            tooltip="The weight you lift today, logged with each loaded set",
        ),
        Binding("escape,q", "back", "Back", id="preview.back", tooltip="Back to the routine list"),
    ]

    first_side: reactive[int] = reactive(0)

    def __init__(
        self,
        loaded: LoadedRoutine,
        defaults: PlanDefaults,
        first_side: int,
        own: OwnRoutines,
        *,
        source: str = "",
        file: LoadedRoutine | None = None,
    ) -> None:
        """`own` is the runner's routine files, which `w` and `e` change. `source` says where
        the dose shown comes from: the coach's targets or the file. `file` is the routine as its
        file has it, when `loaded` has the coach's targets written in: `w` writes today's
        changes into that, so a copy keeps its rungs and ranges."""
        super().__init__()
        self.own = own
        self.loaded = loaded
        self.source = source
        self.file = file or loaded
        self.defaults = defaults
        self.dose = TodaysDose(loaded.text, file=f"{loaded.id}.toml", rest_default=defaults.rest)
        self.set_reactive(PreviewScreen.first_side, first_side)

    @classmethod
    def of(
        cls, loaded: LoadedRoutine, service: SessionService, *, todays: bool = False
    ) -> PreviewScreen:
        """The preview of `loaded` with the runner's settings and the coach's dose (today's
        session, from the card, has it written in already), the side due first today first."""
        from hiptimer.service.coach import TODAYS_SESSION

        if todays:
            shown, source, file = loaded, TODAYS_SESSION, service.library.routines.get(loaded.id)
        else:  # from the picker, the palette or `hiptimer run`: the dose `today` gives it
            dosed = service.dosed(loaded)
            shown, source, file = dosed.loaded, dosed.source, loaded
        side, defaults, own = (
            service.first_side(loaded.id),
            service.plan_defaults(),
            service.own_routines,
        )
        return cls(shown, defaults, side, own, source=source, file=file)

    @property
    def todays(self) -> LoadedRoutine:
        """The routine as it runs today: the file with the changes made here."""
        if not self.dose.changes:
            return self.loaded
        loaded = self.loaded
        return LoadedRoutine(
            loaded.id,
            self.dose.routine,
            loaded.origin,
            loaded.location,
            self.dose.changed_text,
            loaded.replaces_builtin,
        )

    @property
    def has_sides(self) -> bool:
        return any(exercise.sides for exercise in self.loaded.routine.exercises)

    @property
    def table(self) -> DataTable[Text]:
        return self.query_one("#plan-table", DataTable)

    def compose(self) -> ComposeResult:
        routine = self.loaded.routine
        yield Static(id="preview-title")
        yield Static(Text(self.source), id="dose-source")
        with VerticalScroll(id="plan"):
            if routine.summary:
                yield Static(Text(routine.summary), id="preview-summary")
            yield DataTable[Text](id="plan-table", cursor_type="cell", zebra_stripes=False)
            if routine.source:
                yield Static(Text(f"Source: {routine.source}", style="dim"))
        yield Static(id="dose-line")
        yield Static(id="first-side")
        yield Static(id="weight-line")
        yield Input(placeholder="Weight for the loaded exercises, e.g. 12.5", id="weight")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#weight", Input).display = False
        self.query_one("#dose-source").display = bool(self.source)
        self.query_one("#weight-line").display = False
        for label, key in _COLUMNS:
            self.table.add_column(label, key=key)
        self.table.add_column("Load", key="load")
        self._fill()
        self._show_first_side()
        first = next(iter(exercise_places(self.loaded.routine)), None)
        if first is not None:
            row = self.table.get_row_index(_place_key(first[0]))
            # On the name, so the table starts at its left edge; +/- there change the reps or
            # hold, what changes most (on the dose's own cell, a wide table scrolled the names
            # out of sight).
            self.table.move_cursor(row=row, column=0, scroll=False)
        self.table.focus()

    def _fill(self) -> None:
        """The table and the title for the routine as it runs today."""
        routine = self.dose.routine
        minutes = format_clock(estimate_seconds(routine, self.defaults))
        self.query_one("#preview-title", Static).update(
            Text.assemble((routine.name, "bold"), f" · about {minutes} · Enter to start")
        )
        table = self.table
        cursor = table.cursor_coordinate
        table.clear()
        places = exercise_places(routine)
        last = places[-1][1] if places else None
        seen_blocks: set[int] = set()
        for place, exercise, style in places:
            if style is BlockStyle.CIRCUIT and place.block not in seen_blocks:
                seen_blocks.add(place.block or 0)
                table.add_row(*self._circuit_row(place.block or 0), key=f"block:{place.block}")
            table.add_row(*self._exercise_row(place, exercise, style, last), key=_place_key(place))
        if table.row_count:
            table.cursor_coordinate = cursor
        self._show_dose()

    def _circuit_row(self, number: int) -> tuple[Text, ...]:
        block = self.dose.routine.blocks[number]
        between = (
            block.rest_between if block.rest_between is not None else self.defaults.rest_between
        )
        after = block.rest if block.rest is not None else self.defaults.rest
        return (
            Text(block.name or "Circuit", style="bold"),
            Text(f"{block.round_count} rounds", style="bold"),
            Text("one set of each in turn"),
            Text(f"{format_duration(between)} between, {format_duration(after)} after a round"),
            Text(""),
        )

    def _exercise_row(
        self, place: ExercisePlace, exercise: Exercise, style: BlockStyle, last: Exercise | None
    ) -> tuple[Text, ...]:
        changed = {field for where, field in self.dose.changes if where == place}

        def cell(text: str, *fields: DoseField) -> Text:
            if changed.intersection(fields):
                return Text(f"{text} *", style="bold")
            return Text(text)

        if style is BlockStyle.CIRCUIT:
            sets, rest = "", ""
        else:
            sets = str(exercise.sets or 1)
            rest = format_duration(self.dose.rest_after(place))
            if exercise is last and (exercise.sets is None or exercise.sets.high == 1):
                rest = "—"  # nothing follows the final set
        return (
            Text(exercise.name),
            cell(sets, DoseField.SETS),
            cell(_work(exercise), DoseField.REPS, DoseField.HOLD),
            cell(rest, DoseField.REST),
            Text(exercise.load or ""),
        )

    def _show_dose(self) -> None:
        line = self.query_one("#dose-line", Static)
        if self.dose.changes:
            line.update("* changed for today · w writes them into your own copy")
        else:
            line.update(
                "+ / - change the highlighted reps or hold for today; ← → reach its sets and rest"
            )

    def _cell(self) -> tuple[ExercisePlace, DoseField] | None:
        """The exercise and value under the cursor, if it is one that can change today."""
        table = self.table
        if not table.row_count:
            return None
        row_key, column_key = table.coordinate_to_cell_key(table.cursor_coordinate)
        place = _place_of(row_key.value)
        if place is None:
            return None
        column = column_key.value
        if column == "sets":
            return place, DoseField.SETS
        if column == "rest":
            return place, DoseField.REST
        if column in ("work", "name"):
            has_hold = self.dose.value(place, DoseField.HOLD) is not None
            return place, DoseField.HOLD if has_hold else DoseField.REPS
        return None

    def watch_first_side(self) -> None:
        if self.is_mounted:
            self._show_first_side()

    def _show_first_side(self) -> None:
        label = self.query_one("#first-side", Static)
        if not self.has_sides:
            label.update("Every exercise works both sides at once.")
            return
        label.update(
            Text.assemble(
                "First side: ",
                (f" {self._side_word().upper()} ", "bold reverse"),
                " — press s to change",
            )
        )

    def _side_word(self) -> str:
        sides = next(exercise.sides for exercise in self.loaded.routine.exercises if exercise.sides)
        return sides[self.first_side]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "swap_side":
            return self.has_sides
        if action == "weight":
            return self.has_loads
        if action == "write":
            return bool(self.dose.changes) or None  # shown dimmed until there is a change
        return True

    @on(DataTable.CellHighlighted, "#plan-table")
    def _cursor_moved(self) -> None:
        self.refresh_bindings()

    @on(DataTable.CellSelected, "#plan-table")
    def _enter_on_a_cell(self) -> None:
        self.action_start()

    def action_change(self, direction: int) -> None:
        cell = self._cell()
        if cell is None:
            self.notify("Move to a sets, reps, hold or rest cell to change it", timeout=4)
            return
        refused = self.dose.step(*cell, direction)
        if refused:
            self.notify(refused, severity="warning", timeout=5)
            return
        self._fill()
        self.refresh_bindings()

    def action_write(self) -> None:
        if self.dose.changes and (written := self.own.write_dose(self.file, self.dose.changes)):
            self.dose_written(written)

    def dose_written(self, loaded: LoadedRoutine) -> None:
        """The changes are in the runner's file now: this preview is of that file."""
        self.loaded = self.file = loaded
        self.source = "Dose: your own file's, as just written"
        source = self.query_one("#dose-source", Static)
        source.update(Text(self.source))
        source.display = True
        try:
            self.dose = TodaysDose(
                loaded.text, file=f"{loaded.id}.toml", rest_default=self.defaults.rest
            )
        except RoutineFileError:  # it was checked as it was written; only a race gets here
            return
        self._fill()
        self.refresh_bindings()

    def action_edit(self) -> None:
        loaded = self.loaded
        argument = loaded.location if loaded.origin is Origin.FILE else loaded.id
        if (saved := self.own.edit(argument, terminal_handed_over(self.app))) is not None:
            self.post_message(self.Edited(saved))

    @property
    def has_loads(self) -> bool:
        return any(
            (exercise.load or "").strip().lower() not in ("", "bodyweight")
            for exercise in self.loaded.routine.exercises
        )

    weight: float | None = None

    def action_weight(self) -> None:
        field = self.query_one("#weight", Input)
        field.display = True
        field.focus()

    @on(Input.Submitted, "#weight")
    def weight_entered(self, event: Input.Submitted) -> None:
        event.stop()
        line = self.query_one("#weight-line", Static)
        try:
            weight = parse_weight(event.value)
        except ValueError as error:
            line.update(Text(str(error)))
            line.display = True
            return
        self.weight = weight
        event.input.display = False
        self.table.focus()
        line.update(
            Text(f"Weight today: {weight:g} (logged with each loaded set; l changes it)")
            if weight is not None
            else ""
        )
        line.display = weight is not None

    def action_swap_side(self) -> None:
        self.first_side = 1 - self.first_side

    def action_start(self) -> None:
        self.post_message(self.Start(self.todays, self.first_side, self.weight))

    def action_back(self) -> None:
        self.app.pop_screen()


def _work(exercise: Exercise) -> str:
    """ "6 reps at tempo 2-1-2 per side": a tempo set says how fast before it starts."""
    return exercise.set_dose(with_tempo=True) + exercise.sides_text
