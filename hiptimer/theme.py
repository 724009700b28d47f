"""hiptimer's own theme: work, switch and rest read apart at a glance, from two metres."""

from __future__ import annotations

from textual.theme import Theme

__all__ = ["HIPTIMER_THEME"]

HIPTIMER_THEME = Theme(
    name="hiptimer",
    primary="#4EA8DE",
    secondary="#7B8CDE",
    accent="#FFD166",
    warning="#FFB000",
    error="#EF476F",
    success="#3DDC97",
    foreground="#F2F4F8",
    background="#101418",
    surface="#182028",
    panel="#24303C",
    dark=True,
)
