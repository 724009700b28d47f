"""The keys, and what each one does in each phase."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from hiptimer.widgets import KeyFooter

if TYPE_CHECKING:
    from hiptimer.alerts import CueAlerts

__all__ = ["AROUND_KEYS", "SESSION_KEYS", "HelpScreen", "key_table"]

Keys = tuple[str, tuple[tuple[str, str], ...]]
"""A section of the help: its title, and each key with what it does."""

SESSION_KEYS: Keys = (
    "Keys during a session",
    (
        ("space", "REPS: count one rep · countdowns: pause / resume"),
        ("enter", "REPS: check the set off · HOLD: end it (short if before its time) · "
                  "MAX HOLD: done · REST / GET READY / SWITCH: skip the wait"),
        ("p", "pause / resume any phase"),
        ("n  →", "skip this set or side (logged as skipped); in a rest, skip the next set"),
        ("b  ←", "back to the previous set, undoing it"),
        ("+  -", "REPS: one rep more / fewer · timers: 10 seconds more / less"),
        ("a", "add a set or round, up to the top of the routine's range"),
        ("c", "show or hide the form cues and the set list"),
        ("q  esc", "quit (asks first; every set done is kept)"),
        ("?", "this help"),
        ("", ""),
        ("Phases", "» GET READY   # REPS   ■ HOLD   ▲ MAX HOLD   ⇄ SWITCH   ~ REST   ‖ PAUSED   "
                   "✔ DONE"),
        ("Sets", "✔ done   ◐ short   ✘ skipped   ▶ current   ○ to do"),
    ),
)  # fmt: skip

AROUND_KEYS: Keys = (
    "Picking a routine",
    (
        ("type", "filter by name, tag, equipment or source (every letter filters)"),
        ("↑  ↓", "move through the list · enter: open its preview · esc: clear the filter"),
        ("f2", "history: calendar, streak, each side's trend"),
        ("f3", "settings: sound, voice, timings, keys, theme"),
        ("f4", "edit the routine in your editor (a built-in: your own copy of it)"),
        ("f6  f8", "rename or delete one of your own routines (asks first)"),
        ("f1", "this help · ctrl+q: quit"),
        ("", ""),
        ("Preview", "enter: start · s: first side · + -: today's sets, reps, hold or rest · "
                    "w: write them into your copy · l: today's weight · e: edit · esc: back"),
        ("Summary", "effort and pain: one key each · l: weight of a set · enter or esc: back"),
        ("Anywhere", "ctrl+p: commands, themes · ctrl+q: quit"),
    ),
)  # fmt: skip


def key_table(keys: Keys) -> Group:
    """A section as a two-column grid: a long line wraps under its own description."""
    title, rows = keys
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True, min_width=8)
    grid.add_column(ratio=1)
    for key, what in rows:
        grid.add_row(key, what)
    return Group(Text(title, style="bold"), Text(""), grid, Text(""))


class HelpScreen(ModalScreen[None]):
    """Every key, per phase, and which sound and speech programs are in use."""

    BINDINGS = [
        Binding(
            "escape,q,question_mark,f1", "close", "Close", id="help.close", tooltip="Close the help"
        )
    ]

    @classmethod
    def over(cls, screen: Screen[Any], alerts: CueAlerts) -> HelpScreen:
        """The help for where the runner is (`screen`), naming the programs `alerts` use."""
        from hiptimer.screens.session import SessionScreen

        in_session = isinstance(screen, SessionScreen)
        return cls(alerts.backend_name, alerts.speech_name, in_session=in_session)

    def __init__(self, sound_backend: str, speech_backend: str, *, in_session: bool = True) -> None:
        super().__init__()
        self.sound_backend = sound_backend
        self.speech_backend = speech_backend
        self.in_session = in_session
        """Opened from a session: its keys come first, else the keys of where the runner is."""

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog wide"):
            sections = (SESSION_KEYS, AROUND_KEYS)
            first, second = sections if self.in_session else sections[::-1]
            yield Static(key_table(first), id="help-first")
            yield Static(key_table(second), id="help-second")
            yield Static(
                f"[b]Sound[/b]   {self.sound_backend}\n[b]Speech[/b]  {self.speech_backend}"
            )
        yield KeyFooter()

    def action_close(self) -> None:
        self.dismiss()
