"""Form cues beside the timer, with the load and the timed cue that just fired."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from hiptimer.routines import Exercise

__all__ = ["CuePanel"]


class CuePanel(Static):
    """The current exercise's form cues. A routine's `at` cue shows on top while it is fresh."""

    DEFAULT_CSS = """
    CuePanel {
        height: auto;
        padding: 0 1;
        border: round $primary;
        border-title-align: left;
    }
    """

    exercise: reactive[Exercise | None] = reactive(None)
    fired: reactive[str | None] = reactive(None)
    """The `at` cue (or other spoken cue) that just fired, highlighted until the next one."""

    def on_mount(self) -> None:
        self.border_title = "Form"

    def render_cues(self) -> Text:
        text = Text()
        if self.fired:
            text.append(f"▶ {self.fired}\n", style="bold reverse")
        exercise = self.exercise
        if exercise is None:
            return text
        if exercise.load:
            text.append(f"Load: {exercise.load}\n", style="bold")
        for cue in exercise.cues:
            text.append(f"• {cue}\n")
        if not exercise.cues and not exercise.load:
            text.append("No form cues for this exercise.", style="italic")
        text.rstrip()
        return text

    def watch_exercise(self) -> None:
        self.update(self.render_cues())

    def watch_fired(self) -> None:
        self.update(self.render_cues())
