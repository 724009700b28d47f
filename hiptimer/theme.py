"""hiptimer's own theme: work, switch and rest read apart at a glance, from two metres."""

from __future__ import annotations

from textual.theme import Theme

__all__ = ["HIPTIMER_THEME"]

# Each phase owns a hue at least 45° from the others: hold green, reps blue, rest violet,
# get ready orchid, switch amber, paused red. A yellow get ready read as a second switch.
HIPTIMER_THEME = Theme(
    name="hiptimer",
    primary="#4EA8DE",
    secondary="#A78BFA",
    accent="#E07BE0",
    warning="#FFB000",
    error="#EF476F",
    success="#3DDC97",
    foreground="#F2F4F8",
    background="#101418",
    surface="#182028",
    panel="#24303C",
    dark=True,
)
