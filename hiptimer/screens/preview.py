"""The whole plan before starting, with the estimate and the side that goes first."""

from __future__ import annotations

import math
from dataclasses import dataclass

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from hiptimer.routines import (
    BlockStyle,
    LoadedRoutine,
    PlanDefaults,
    estimate_seconds,
    format_clock,
    format_duration,
)

__all__ = ["PreviewScreen", "plan_table"]


def plan_table(loaded: LoadedRoutine, defaults: PlanDefaults) -> Table:
    table = Table(expand=True, show_edge=False, pad_edge=False)
    table.add_column("Exercise", ratio=3, overflow="fold")
    table.add_column("Dose", ratio=3, overflow="fold")
    table.add_column("Rest", ratio=1)
    table.add_column("Load", ratio=1, min_width=10)
    last = loaded.routine.exercises[-1]
    for block in loaded.routine.blocks:
        if block.style is BlockStyle.CIRCUIT:
            between = format_duration(
                block.rest_between if block.rest_between is not None else defaults.rest_between
            )
            table.add_row(
                f"[b]{block.name or 'Circuit'}[/b]",
                f"[b]{block.round_count} rounds[/b], one set of each in turn",
                f"{between} between, {format_duration(block.rest if block.rest is not None else defaults.rest)} after a round",
                "",
            )
        for exercise in block.exercise:
            rest = exercise.rest if exercise.rest is not None else block.rest
            rest_text = (
                ""
                if block.style is BlockStyle.CIRCUIT
                else format_duration(rest if rest is not None else defaults.rest)
            )
            if exercise is last and (exercise.sets is None or exercise.sets.high == 1):
                rest_text = "—"  # nothing follows the final set
            table.add_row(exercise.name, exercise.describe_target(), rest_text, exercise.load or "")
    return table


class PreviewScreen(Screen[None]):
    """Enter starts the session; `s` changes which side goes first."""

    @dataclass
    class Start(Message):
        """Start a session of this routine, this side first."""

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
            "l",
            "weight",
            "Weight",
            id="preview.weight",
            tooltip="The weight you lift today, logged with each loaded set",
        ),
        Binding("escape,q", "back", "Back", id="preview.back", tooltip="Back to the routine list"),
    ]

    first_side: reactive[int] = reactive(0)

    def __init__(self, loaded: LoadedRoutine, defaults: PlanDefaults, first_side: int = 0) -> None:
        super().__init__()
        self.loaded = loaded
        self.defaults = defaults
        self.set_reactive(PreviewScreen.first_side, first_side)

    @property
    def has_sides(self) -> bool:
        return any(exercise.sides for exercise in self.loaded.routine.exercises)

    def compose(self) -> ComposeResult:
        routine = self.loaded.routine
        minutes = format_clock(estimate_seconds(routine, self.defaults))
        yield Static(
            f"[b]{routine.name}[/b] · about {minutes} · Enter to start", id="preview-title"
        )
        with VerticalScroll(id="plan"):
            if routine.summary:
                yield Static(routine.summary, id="preview-summary")
            yield Static(plan_table(self.loaded, self.defaults), id="plan-table")
            if routine.source:
                yield Static(f"[dim]Source: {routine.source}[/dim]")
        yield Static(id="first-side")
        yield Static(id="weight-line")
        yield Input(placeholder="Weight for the loaded exercises, e.g. 12.5", id="weight")
        yield Footer()

    def watch_first_side(self) -> None:
        if self.is_mounted:
            self._show_first_side()

    def _show_first_side(self) -> None:
        label = self.query_one("#first-side", Static)
        if not self.has_sides:
            label.update("Every exercise works both sides at once.")
            return
        label.update(f"First side: [b reverse] {self._side_word().upper()} [/] — press s to change")

    def on_mount(self) -> None:
        self.query_one("#weight", Input).display = False
        self.query_one("#weight-line").display = False
        self._show_first_side()

    def _side_word(self) -> str:
        sides = next(exercise.sides for exercise in self.loaded.routine.exercises if exercise.sides)
        return sides[self.first_side]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "swap_side":
            return self.has_sides
        if action == "weight":
            return self.has_loads
        return True

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
        text = event.value.strip().replace(",", ".")
        try:
            weight = float(text) if text else None
        except ValueError:
            weight = -1.0
        if weight is not None and not (math.isfinite(weight) and 0 <= weight <= 1000):
            line.update(Text(f'"{event.value}" is not a weight; type a number such as 12.5'))
            line.display = True
            return
        self.weight = weight
        event.input.display = False
        self.query_one("#plan").focus()
        line.update(
            Text(f"Weight today: {weight:g} (logged with each loaded set; l changes it)")
            if weight is not None
            else ""
        )
        line.display = weight is not None

    def action_swap_side(self) -> None:
        self.first_side = 1 - self.first_side

    def action_start(self) -> None:
        self.post_message(self.Start(self.loaded, self.first_side, self.weight))

    def action_back(self) -> None:
        self.app.pop_screen()
