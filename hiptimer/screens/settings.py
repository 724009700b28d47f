"""The settings screen: every key of config.toml as a form, checked before an atomic save."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import cast

from pydantic import ValidationError
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Select, Static, Switch

from hiptimer.routines import format_duration
from hiptimer.screens.session import SessionScreen
from hiptimer.settings import AfterSuspend, Season, Settings
from hiptimer.settings.check import validate_settings
from hiptimer.widgets import KeyFooter

__all__ = ["SettingsScreen", "keymap_note"]

LABELS = {
    "sound": "Sound",
    "voice": "Spoken cues",
    "audio_lead_ms": "Audio lead (ms)",
    "get_ready": "Get ready",
    "switch": "Switch sides",
    "rest": "Rest",
    "seconds_per_rep": "Seconds per rep",
    "season": "Season",
    "sessions_per_week": "Sessions a week",
    "training_days": "Training days",
    "weight_unit": "Weight unit",
    "theme": "Theme",
    "after_suspend": "After a suspend",
    "keep_awake": "Keep awake",
}
"""What the form calls each key; an error message names the field by this label."""

HINTS = {
    "audio_lead_ms": "a whole number of milliseconds from 0 to 1000",
    "seconds_per_rep": "a number of seconds above 0 and at most 60",
    "sessions_per_week": "a whole number of sessions a week from 1 to 14, or nothing",
    "training_days": "days such as mon, wed, fri, or nothing for any day",
}
"""What a valid value looks like, for the fields whose rules are numeric bounds."""

DEFAULTS_NOTE = (
    "Get ready, switch sides and rest are defaults: a routine that gives its own times keeps them."
)
"""Said under those three rows, because a routine's 0:15 rest runs though Settings says 1:00."""

SWITCHES = ("sound", "voice", "keep_awake")
INPUTS = (
    "audio_lead_ms",
    "get_ready",
    "switch",
    "rest",
    "seconds_per_rep",
    "sessions_per_week",
    "training_days",
)
SELECTS = ("theme", "after_suspend", "season", "weight_unit")

SEASON_CHOICES = (
    ("In season: 15–20 min, 3–5 a week", Season.IN_SEASON.value),
    ("Build-up: stages and circuit", Season.BUILD_UP.value),
    ("Off season: 45–60 min", Season.OFF_SEASON.value),
)
UNIT_CHOICES = (("kg", "kg"), ("lb", "lb"))

SUSPEND_CHOICES = (
    ("Ask me", AfterSuspend.ASK.value),
    ("Keep counting", AfterSuspend.KEEP.value),
    ("Pause", AfterSuspend.PAUSE.value),
)


def keymap_note() -> str:
    """The line that says where keys are changed, listing the session's binding ids."""
    ids = [binding.id for binding in SessionScreen.BINDINGS if isinstance(binding, Binding)]
    return (
        "Keys are changed in config.toml under \\[keymap], e.g. "
        '[b]"session.skip" = "n,right"[/b]. Binding ids: ' + ", ".join(i for i in ids if i)
    )


def _seconds_text(seconds: float) -> str:
    return format_duration(seconds) if float(seconds).is_integer() else f"{seconds:g}"


def problem_text(error: ValidationError) -> tuple[str, str]:
    """The key at fault and a sentence naming its field, what is wrong and what would do."""
    details = error.errors()[0]
    key = str(details["loc"][0]) if details["loc"] else ""
    label = LABELS.get(key, key)
    if details["type"] == "value_error":
        reason = str(details["msg"]).removeprefix("Value error, ")
    else:
        hint = HINTS.get(key, "a valid value")
        reason = f'"{details["input"]}" will not do; enter {hint}'
    return key, f"✘ {label}: {reason}. Nothing was saved."


class SettingsScreen(Screen[None]):
    """Edit config.toml from a form. Ctrl+S checks and saves; Escape leaves it as it was."""

    CSS_PATH = "../assets/styles/settings.tcss"

    BINDINGS = [
        Binding(
            "ctrl+s",
            "save",
            "Save",
            id="settings.save",
            tooltip="Check the values and save them to config.toml",
        ),
        Binding("escape", "leave", "Back", id="settings.back", tooltip="Leave without saving"),
    ]

    problem: reactive[str] = reactive("")
    """Why the last save was refused, shown above the buttons; empty when all is well."""

    def __init__(self, settings: Settings, *, save: Callable[[Settings], Path]) -> None:
        """`save` writes and applies settings, returns the file written, raises OSError."""
        super().__init__()
        self.settings = settings
        self.save = save

    def compose(self) -> ComposeResult:
        current = self.settings
        yield Static("[b]Settings[/b] · Ctrl+S saves, Escape leaves unchanged", id="settings-title")
        with VerticalScroll(id="settings-form"):
            yield self._row("sound", Switch(current.sound, id="sound"))
            yield self._row("voice", Switch(current.voice, id="voice"))
            yield self._row(
                "audio_lead_ms",
                Input(str(current.audio_lead_ms), id="audio_lead_ms", type="integer"),
            )
            for key in ("get_ready", "switch", "rest"):
                seconds = cast(float, getattr(current, key))
                yield self._row(key, Input(_seconds_text(seconds), id=key))
            yield Static(DEFAULTS_NOTE, id="defaults-note", classes="setting-note")
            yield self._row(
                "seconds_per_rep",
                Input(f"{current.seconds_per_rep:g}", id="seconds_per_rep", type="number"),
            )
            yield self._row(
                "season",
                Select(SEASON_CHOICES, value=current.season.value, allow_blank=False, id="season"),
            )
            per_week = current.sessions_per_week
            yield self._row(
                "sessions_per_week",
                Input(
                    "" if per_week is None else str(per_week),
                    placeholder=f"{current.weekly_goal} (the season's)",
                    id="sessions_per_week",
                    type="integer",
                ),
            )
            yield self._row(
                "training_days",
                Input(", ".join(current.training_days), placeholder="any day", id="training_days"),
            )
            yield self._row(
                "weight_unit",
                Select(
                    UNIT_CHOICES, value=current.weight_unit, allow_blank=False, id="weight_unit"
                ),
            )
            yield self._row("theme", self._theme_select())
            yield self._row(
                "after_suspend",
                Select(
                    SUSPEND_CHOICES,
                    value=current.after_suspend.value,
                    allow_blank=False,
                    id="after_suspend",
                ),
            )
            yield self._row("keep_awake", Switch(current.keep_awake, id="keep_awake"))
            yield Static(keymap_note(), id="keymap-note")
        yield Static(id="settings-problem")
        with Horizontal(id="settings-buttons"):
            yield Button("Save", id="save", variant="primary")
            yield Button("Back", id="back")
        yield KeyFooter()

    def _row(self, key: str, control: Widget) -> Horizontal:
        return Horizontal(Label(LABELS[key], classes="setting-label"), control, classes="setting")

    def _theme_select(self) -> Select[str]:
        themes = sorted(self.app.available_themes)
        chosen = self.settings.theme if self.settings.theme in themes else self.app.theme
        return Select(
            ((name, name) for name in themes), value=chosen, allow_blank=False, id="theme"
        )

    def watch_problem(self, problem: str) -> None:
        # It quotes what was typed or read from config.toml: text, never markup.
        self.query_one("#settings-problem", Static).update(Content(problem))
        self.set_class(bool(problem), "-problem")

    def _form_values(self) -> dict[str, object]:
        values: dict[str, object] = {
            key: self.query_one(f"#{key}", Switch).value for key in SWITCHES
        }
        values |= {key: self.query_one(f"#{key}", Input).value.strip() for key in INPUTS}
        if not values["sessions_per_week"]:
            values["sessions_per_week"] = None  # blank: the season's own number
        values |= {key: self.query_one(f"#{key}", Select).value for key in SELECTS}
        return values

    @on(Button.Pressed, "#save")
    def save_pressed(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        for field in self.query(".setting > *"):
            field.remove_class("-invalid")
        try:
            settings = validate_settings({**asdict(self.settings), **self._form_values()})
        except ValidationError as error:
            key, self.problem = problem_text(error)
            if key in LABELS:
                field = self.query_one(f"#{key}")
                field.add_class("-invalid")
                field.focus()
            return
        try:
            path = self.save(settings)
        except OSError as error:
            self.problem = f"✘ config.toml could not be written ({error}). Nothing was saved."
            return
        self.app.theme = settings.theme  # the app's watcher finds it saved already
        self.notify(f"Settings saved to {path}", title="Settings", markup=False)
        self.dismiss()

    @on(Button.Pressed, "#back")
    def back_pressed(self) -> None:
        self.action_leave()

    def action_leave(self) -> None:
        self.dismiss()
