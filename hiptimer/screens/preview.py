"""The whole plan before starting, with the estimate and the side that goes first."""

from __future__ import annotations

from dataclasses import dataclass

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, Static

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
                Text(block.name or "Circuit", style="bold"),
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
            table.add_row(
                Text(exercise.name),
                Text(exercise.describe_target()),
                rest_text,
                Text(exercise.load or ""),
            )
    return table


class PreviewScreen(Screen[None]):
    """Enter starts the session; `s` changes which side goes first."""

    @dataclass
    class Start(Message):
        """Start a session of this routine, this side first."""

        loaded: LoadedRoutine
        first_side: int

    BINDINGS = [
        Binding("enter", "start", "Start", id="preview.start", tooltip="Start the session"),
        Binding(
            "s",
            "swap_side",
            "First side",
            id="preview.side",
            tooltip="Change which side goes first",
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
            Content.from_markup(
                "[b]$name[/b] · about $minutes · Enter to start", name=routine.name, minutes=minutes
            ),
            id="preview-title",
        )
        with VerticalScroll(id="plan"):
            if routine.summary:
                yield Static(Content(routine.summary), id="preview-summary")
            yield Static(plan_table(self.loaded, self.defaults), id="plan-table")
            if routine.source:
                yield Static(
                    Content.from_markup("[dim]Source: $source[/dim]", source=routine.source)
                )
        yield Static(id="first-side")
        yield Footer()

    def watch_first_side(self) -> None:
        if self.is_mounted:
            self._show_first_side()

    def _show_first_side(self) -> None:
        label = self.query_one("#first-side", Static)
        if not self.has_sides:
            label.update("Every exercise works both sides at once.")
            return
        label.update(
            Content.from_markup(
                "First side: [b reverse] $side [/] — press s to change",
                side=self._side_word().upper(),
            )
        )

    def on_mount(self) -> None:
        self._show_first_side()

    def _side_word(self) -> str:
        sides = next(exercise.sides for exercise in self.loaded.routine.exercises if exercise.sides)
        return sides[self.first_side]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "swap_side":
            return self.has_sides
        return True

    def action_swap_side(self) -> None:
        self.first_side = 1 - self.first_side

    def action_start(self) -> None:
        self.post_message(self.Start(self.loaded, self.first_side))

    def action_back(self) -> None:
        self.app.pop_screen()
