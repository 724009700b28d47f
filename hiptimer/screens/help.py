"""The keys, and what each one does in each phase."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

__all__ = ["AROUND_TEXT", "HELP_TEXT", "HelpScreen"]

HELP_TEXT = """\
[b]Keys during a session[/b]

[b]space[/b]      REPS: count one rep · countdowns: pause / resume
[b]enter[/b]      REPS: check the set off · HOLD: end it (short if before its time)
           MAX HOLD: done · REST / GET READY / SWITCH: skip the wait
[b]p[/b]          pause / resume any phase
[b]n  →[/b]       skip this set or side (logged as skipped); in a rest, skip the next set
[b]b  ←[/b]       back to the previous set, undoing it
[b]+  -[/b]       REPS: one rep more / fewer · timers: 10 seconds more / less
[b]a[/b]          add a set or round, up to the top of the routine's range
[b]c[/b]          show or hide the form cues and the set list
[b]q  esc[/b]     quit (asks first; every set done is kept)
[b]?[/b]          this help

[b]Phases[/b]  » GET READY   # REPS   ■ HOLD   ▲ MAX HOLD
        ⇄ SWITCH   ~ REST   ‖ PAUSED   ✔ DONE
[b]Sets[/b]    ✔ done   ◐ short   ✘ skipped   ▶ current   ○ to do
"""

AROUND_TEXT = """\
[b]Picking a routine[/b]

[b]type[/b]       filter by name, tag, equipment or source (every letter filters)
[b]↑  ↓[/b]       move through the list · [b]enter[/b] open its preview · [b]esc[/b] clear
[b]f2[/b]         history: calendar, streak, each side's trend
[b]f3[/b]         settings: sound, voice, timings, keys, theme
[b]f1[/b]         this help · [b]ctrl+q[/b] quit

[b]Preview[/b]    [b]enter[/b] start · [b]s[/b] first side · [b]esc[/b] back
[b]Summary[/b]    [b]enter[/b] or [b]esc[/b] back to the routines
[b]Anywhere[/b]   [b]ctrl+p[/b] commands, themes · [b]ctrl+q[/b] quit
"""


class HelpScreen(ModalScreen[None]):
    """Every key, per phase, and which sound and speech programs are in use."""

    BINDINGS = [
        Binding(
            "escape,q,question_mark,f1", "close", "Close", id="help.close", tooltip="Close the help"
        )
    ]

    def __init__(self, sound_backend: str, speech_backend: str, *, in_session: bool = True) -> None:
        super().__init__()
        self.sound_backend = sound_backend
        self.speech_backend = speech_backend
        self.in_session = in_session
        """Opened from a session: its keys come first, else the keys of where the runner is."""

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog wide"):
            texts = (HELP_TEXT, AROUND_TEXT) if self.in_session else (AROUND_TEXT, HELP_TEXT)
            yield Static(texts[0], id="help-first")
            yield Static(texts[1], id="help-second")
            yield Static(
                f"[b]Sound[/b]   {self.sound_backend}\n[b]Speech[/b]  {self.speech_backend}"
            )
        yield Footer()

    def action_close(self) -> None:
        self.dismiss()
